"""Each case carries the date of its last conversation (`Case.last_conversation_on`), kept by
triggers on the timeline (models/cases.py): whoever adds, changes or removes a conversation
(a service, an import, SQL by hand), the case's date is the latest 'gesprek' entry's."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY
from tests.services.casework import new_case
from vp_tui.models import Case, Meta, TimelineEntry, database
from vp_tui.services.timeline import add_conversation, add_note
from vp_tui.store import migrations, vault

DAY = dt.timedelta(days=1)


def last_on(case_id: int) -> dt.date | None:
    return Case.get_by_id(case_id).last_conversation_on


def from_timeline(case_id: int) -> dt.date | None:
    return (TimelineEntry.select(TimelineEntry.occurred_on)
            .where(TimelineEntry.case == case_id, TimelineEntry.kind == "gesprek")
            .order_by(TimelineEntry.occurred_on.desc()).scalar())


def test_the_services_conversations_set_it_and_notes_do_not(ctx) -> None:
    case_id = new_case(ctx, opened_on=TODAY - 40 * DAY)
    assert last_on(case_id) is None
    add_conversation(ctx, case_id, TODAY - 10 * DAY, 30, "telefoon")
    add_conversation(ctx, case_id, TODAY - 20 * DAY, 30, "telefoon")  # an earlier one
    add_note(ctx, case_id, TODAY, "Geen contact met de melder.")
    assert last_on(case_id) == TODAY - 10 * DAY


# Operations on one case's timeline, straight in SQL as any writer could.
OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("add"), st.sampled_from(["gesprek", "notitie", "stap"]),
              st.integers(0, 30)),
    st.tuples(st.just("delete"), st.integers(0, 20)),
    st.tuples(st.just("kind"), st.integers(0, 20), st.sampled_from(["gesprek", "notitie"])),
    st.tuples(st.just("date"), st.integers(0, 20), st.integers(0, 30)),
    st.tuples(st.just("move"), st.integers(0, 20)),
), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_change_to_the_timeline_keeps_it(ctx, operations) -> None:
    first, second = new_case(ctx, opened_on=TODAY - 40 * DAY), new_case(ctx)
    author = ctx.actor.id
    with database.atomic() as transaction:
        for operation in operations:
            ids = [e.id for e in TimelineEntry.select(TimelineEntry.id)
                   .where(TimelineEntry.case == first).order_by(TimelineEntry.id)]
            if operation[0] == "add":
                _op, kind, ago = operation
                TimelineEntry.insert(case=first, kind=kind, occurred_on=TODAY - ago * DAY,
                                     author=author).execute()
            elif not ids:
                continue
            elif operation[0] == "delete":
                database.execute_sql("DELETE FROM timeline_entry WHERE id = ?",
                                     (ids[operation[1] % len(ids)],))
            elif operation[0] == "kind":
                database.execute_sql("UPDATE timeline_entry SET kind = ? WHERE id = ?",
                                     (operation[2], ids[operation[1] % len(ids)]))
            elif operation[0] == "date":
                database.execute_sql(
                    "UPDATE timeline_entry SET occurred_on = ? WHERE id = ?",
                    ((TODAY - operation[2] * DAY).isoformat(), ids[operation[1] % len(ids)]))
            else:  # an entry moved to another case
                database.execute_sql("UPDATE timeline_entry SET case_id = ? WHERE id = ?",
                                     (second, ids[operation[1] % len(ids)]))
            assert last_on(first) == from_timeline(first)
            assert last_on(second) == from_timeline(second)
        transaction.rollback()


def test_version_4_fills_it_for_existing_cases(ctx, store) -> None:
    """A version-3 database had no such column: version 4 adds it, fills it from the
    timeline and installs the triggers."""
    cases = {c.id: from_timeline(c.id) for c in Case.select(Case.id)}
    assert any(cases.values())  # the demo data has conversations
    db = store.db
    for name in ("added", "changed", "removed"):
        db.execute_sql(f"DROP TRIGGER timeline_entry_conversation_{name}")
    db.execute_sql('ALTER TABLE "case" DROP COLUMN "last_conversation_on"')
    Meta.replace(key="schema_version", value="3").execute()
    store.close()
    again = vault.open_store(store.path)
    try:
        assert {c.id: c.last_conversation_on for c in Case.select()} == cases
        assert Meta.get(Meta.key == "schema_version").value == str(migrations.SCHEMA_VERSION)
        case_id = next(iter(cases))
        TimelineEntry.insert(case=case_id, kind="gesprek", occurred_on=TODAY + DAY,
                             author=ctx.actor.id).execute()
        assert last_on(case_id) == TODAY + DAY  # the triggers are there
    finally:
        again.close()


def test_saving_a_case_read_before_a_conversation_keeps_the_conversation(ctx) -> None:
    case_id = new_case(ctx, opened_on=TODAY - 40 * DAY)
    read_before = Case.get_by_id(case_id)
    add_conversation(ctx, case_id, TODAY - 3 * DAY, 30, "telefoon")
    read_before.department = "Elders"
    read_before.save()
    assert last_on(case_id) == TODAY - 3 * DAY
    assert Case.get_by_id(case_id).department == "Elders"
