"""A purged case keeps no personal text, whoever writes and whenever: the database refuses
text on a purged case inside the writing transaction, so a save racing a purge cannot land
after it."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import peewee as pw
import pytest

from tests.conftest import TODAY
from tests.services import purge_race_worker
from vp_tui.errors import ValidationError
from vp_tui.models import (
    Adviser,
    Case,
    Engagement,
    FollowUp,
    Organisation,
    TimelineEntry,
    TimelineRevision,
    database,
)
from vp_tui.services.writes import transaction
from vp_tui.store import keys, vault

CASES = 30
WRITERS = 2


def _closed_case(org, owner, n: int) -> tuple[int, int]:
    case = Case.create(code=f"2026-{n + 1:04d}", organisation=org, owner=owner,
                       opened_on=TODAY - dt.timedelta(days=60), channel="telefoon",
                       case_type="oo", melder_code=f"Melder-{n}", department="Afdeling X",
                       status="afgesloten", outcome="opgelost", closed_on=TODAY)
    entry = TimelineEntry.create(case=case, kind="notitie", occurred_on=TODAY,
                                 text="Persoonlijke aantekening", author=owner)
    FollowUp.create(case=case, due_on=TODAY, description="Persoonlijke afspraak")
    return case.id, entry.id


def _leftovers(case_id: int) -> list[str]:
    """Every piece of personal text still stored for a purged case."""
    case = Case.get_by_id(case_id)
    found = [f"case.{name}" for name in ("melder_code", "melder_contact", "department")
             if getattr(case, name)]
    if case.left_employment_on is not None:
        found.append("case.left_employment_on")
    entries = TimelineEntry.select().where(TimelineEntry.case == case_id)
    found += [f"entry {e.id}" for e in entries if e.text]
    found += [f"revision {r.id}" for r in
              TimelineRevision.select().join(TimelineEntry).where(TimelineEntry.case == case_id)]
    found += [f"follow-up {f.id}" for f in
              FollowUp.select().where(FollowUp.case == case_id) if f.description]
    return found


@pytest.fixture
def racing(tmp_path: Path):
    key = keys.new_key()
    path = tmp_path / "race.db"
    store = vault.create(path, use_keyring=False, key=key)
    owner = Adviser.create(name="Adviseur A", initials="AA", gender="v")
    org = Organisation.create(name="Race B.V.")
    Engagement.create(adviser=owner, organisation=org, role="vaste_vp", start=TODAY)
    cases = [_closed_case(org, owner, n) for n in range(CASES)]
    store.close()
    return path, key, cases


def test_saves_racing_purges_in_real_processes_leave_no_text(racing) -> None:
    path, key, cases = racing
    mp = multiprocessing.get_context("spawn")
    queue, barrier, purged_all = mp.Queue(), mp.Barrier(1 + WRITERS), mp.Event()
    roles = ["purge"] + [f"write-{n}" for n in range(WRITERS)]
    procs = [mp.Process(target=purge_race_worker.main,
                        args=(queue, role, str(path), key, "AA", cases, TODAY, barrier,
                              purged_all))
             for role in roles]
    for p in procs:
        p.start()
    outcomes = {o.role: o for o in (queue.get(timeout=240) for _ in procs)}
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    for outcome in outcomes.values():
        assert outcome.errors == [], outcome.errors[0]
    writers = [o for role, o in outcomes.items() if role != "purge"]
    # The race really ran: writes landed before purges and were refused after them.
    assert sum(o.written for o in writers) > 0 and sum(o.refused for o in writers) > 0
    store = vault.open_with_key(path, key)
    try:
        assert all(Case.get_by_id(case_id).purged_at for case_id, _e in cases)
        leftovers = {case_id: _leftovers(case_id) for case_id, _e in cases}
        assert {c: found for c, found in leftovers.items() if found} == {}
    finally:
        store.close()


def _purged_case(owner) -> tuple[int, int]:
    org = Organisation.create(name="Vernietigd B.V.")
    case_id, entry_id = _closed_case(org, owner, 99)
    with transaction():
        TimelineEntry.update(text="").where(TimelineEntry.case == case_id).execute()
        FollowUp.update(description="").where(FollowUp.case == case_id).execute()
        Case.update(melder_code="", department="", purged_at=dt.datetime(2026, 11, 1)).where(
            Case.id == case_id).execute()
    return case_id, entry_id


@pytest.mark.parametrize("write", [
    lambda c, e, a: TimelineEntry.create(case=c, kind="notitie", occurred_on=TODAY, text="x",
                                         author=a),
    lambda c, e, a: TimelineEntry.update(text="x").where(TimelineEntry.id == e).execute(),
    lambda c, e, a: TimelineRevision.create(entry=e, version=1, text="", changed_by="AA"),
    lambda c, e, a: FollowUp.create(case=c, due_on=TODAY, description="x"),
    lambda c, e, a: FollowUp.update(description="x").where(FollowUp.case == c).execute(),
    lambda c, e, a: Case.update(melder_code="x").where(Case.id == c).execute(),
    lambda c, e, a: Case.update(melder_contact="x").where(Case.id == c).execute(),
    lambda c, e, a: Case.update(department="x").where(Case.id == c).execute(),
    lambda c, e, a: Case.update(left_employment_on=TODAY).where(Case.id == c).execute(),
], ids=["entry-insert", "entry-update", "revision", "follow-up-insert", "follow-up-update",
        "melder-code", "melder-contact", "department", "left-employment"])
def test_the_database_refuses_every_personal_write_on_a_purged_case(store, write) -> None:
    owner = Adviser.create(name="Adviseur A", initials="AA", gender="v")
    case_id, entry_id = _purged_case(owner)
    with pytest.raises(pw.IntegrityError, match="vernietigd"):
        with database.atomic():
            write(case_id, entry_id, owner.id)
    assert _leftovers(case_id) == []


def test_a_refused_write_is_one_clear_line_and_skeleton_writes_go_on(store) -> None:
    owner = Adviser.create(name="Adviseur A", initials="AA", gender="v")
    case_id, entry_id = _purged_case(owner)
    with pytest.raises(ValidationError, match="vernietigd"):
        with transaction():
            TimelineEntry.update(text="x").where(TimelineEntry.id == entry_id).execute()
    # The anonymous skeleton is not personal text: it may still change (counts, status).
    with transaction():
        Case.update(conversation_count=3).where(Case.id == case_id).execute()
        TimelineEntry.create(case=case_id, kind="gesprek", occurred_on=TODAY, minutes=30,
                             author=owner)
    assert Case.get_by_id(case_id).conversation_count == 3

