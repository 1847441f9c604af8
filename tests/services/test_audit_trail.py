"""The audit trail: append-only by trigger, hash-chained, and every hand edit is found."""

from __future__ import annotations

import datetime as dt

import peewee as pw
import pytest

from tests.conftest import ctx_for
from vp_tui.errors import AccessDenied
from vp_tui.models import Adviser, AuditEvent, database
from vp_tui.services import audit, audit_log
from vp_tui.services.access import require_case
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context
from vp_tui.services.writes import transaction

FIELDS = ("at", "actor", "action", "object_type", "object_id", "prev_hash", "hash")


@pytest.fixture
def chain(demo_store) -> list[int]:
    """The demo plus a dozen events of several kinds; returns all event ids."""
    ctx = ctx_for("BJ")
    with transaction():
        for n in range(6):
            audit.record(ctx, "case.edit", "case", n + 1)
    for case_id in (1, 2, 3):
        try:
            require_case(ctx, case_id)
        except AccessDenied:
            pass
    ids = [e.id for e in AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id)]
    assert len(ids) >= 9
    return ids


def drop_triggers() -> None:
    for op in ("update", "delete"):
        database.execute_sql(f"DROP TRIGGER audit_event_no_{op}")


@pytest.mark.parametrize("sql", ["UPDATE audit_event SET actor = 'XX' WHERE id = 1",
                                 "UPDATE audit_event SET hash = hash",
                                 "DELETE FROM audit_event WHERE id = 1",
                                 "DELETE FROM audit_event"])
def test_triggers_refuse_update_and_delete(chain: list[int], sql: str) -> None:
    before = AuditEvent.select().count()
    with pytest.raises(pw.IntegrityError, match="append-only"):
        database.execute_sql(sql)
    assert AuditEvent.select().count() == before
    assert audit.verify().ok


def test_intact_chain_verifies_with_its_head(chain: list[int]) -> None:
    report = audit.verify()
    assert report.ok and report.events == len(chain)
    assert report.head == AuditEvent.get_by_id(chain[-1]).hash


def _tampered(value: object, field: str) -> object:
    if field == "at":
        return value + dt.timedelta(seconds=1)
    return str(value)[:-1] + ("0" if str(value)[-1:] != "0" else "1")


def test_altering_any_field_of_any_row_is_found_at_that_row(chain: list[int]) -> None:
    drop_triggers()
    for row_id in chain:
        for field in FIELDS:
            with database.atomic() as txn:
                row = AuditEvent.get_by_id(row_id)
                new = _tampered(getattr(row, field), field)
                AuditEvent.update({field: new}).where(AuditEvent.id == row_id).execute()
                report = audit.verify()
                txn.rollback()
            assert not report.ok, (row_id, field)
            assert report.broken_at == row_id, (row_id, field, report)
    # Every change was rolled back; the dropped triggers are reported.
    assert audit.verify().reason.startswith("beveiliging")


def test_deleting_any_row_is_found(chain: list[int]) -> None:
    drop_triggers()
    for row_id in chain:
        with database.atomic() as txn:
            AuditEvent.delete().where(AuditEvent.id == row_id).execute()
            report = audit.verify()
            txn.rollback()
        assert report.broken_at == row_id, (row_id, report)


@pytest.mark.parametrize("keep", [0, 3])
def test_deleting_the_newest_rows_or_all_is_found(chain: list[int], keep: int) -> None:
    drop_triggers()
    AuditEvent.delete().where(AuditEvent.id > keep).execute()
    report = audit.verify()
    assert not report.ok and report.broken_at == keep + 1
    assert "laatste" in report.reason


def test_a_rolled_back_change_leaves_no_gap(chain: list[int]) -> None:
    ctx = ctx_for("BJ")
    with pytest.raises(RuntimeError), transaction():
        audit.record(ctx, "case.edit", "case", 1)
        raise RuntimeError("the change failed")
    with transaction():
        audit.record(ctx, "case.edit", "case", 2)
    assert audit.verify().ok


@pytest.fixture
def admin(chain: list[int]) -> Context:
    Adviser.create(name="Beheer", initials="ADM", gender="x", role="admin", is_adviser=False)
    return Context(resolve_actor("ADM", None))


def test_admin_lists_and_filters_newest_first(admin: Context, chain: list[int]) -> None:
    rows = audit_log.list_events(admin, limit=3)
    assert [r.id for r in rows] == sorted(chain[-3:], reverse=True)
    edits = audit_log.list_events(admin, actor="bj", action="case.edit", limit=100)
    assert len(edits) == 6 and {r.actor for r in edits} == {"BJ"}
    reads = audit_log.list_events(admin, action="case.*", limit=100)
    assert {r.action for r in reads} >= {"case.edit", "case.read"}
    assert audit_log.list_events(admin, since=dt.date.today() + dt.timedelta(days=1)) == []
    last = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert (last.actor, last.action) == ("ADM", "audit.list")
    assert audit.verify().ok


@pytest.mark.parametrize("who", ["ADV", "BJ"])  # coordinator-and-adviser, adviser
def test_only_admins_list_events(chain: list[int], who: str) -> None:
    with pytest.raises(AccessDenied):
        audit_log.list_events(ctx_for(who))



@pytest.mark.parametrize("trigger", ["audit_event_no_delete", "audit_event_no_update",
                                     "timeline_entry_text_purged_insert"])
def test_a_missing_trigger_is_reported(chain: list[int], trigger: str) -> None:
    database.execute_sql(f"DROP TRIGGER {trigger}")
    report = audit.verify()
    assert not report.ok and trigger in report.reason


def _wipe(keep: int) -> None:
    """What someone holding the key can do: triggers off, newest rows and their sequence
    number gone, triggers back. The table alone then looks like a complete trail."""
    drop_triggers()
    AuditEvent.delete().where(AuditEvent.id > keep).execute()
    database.execute_sql("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_event'",
                         (keep,))
    for op in ("UPDATE", "DELETE"):
        database.execute_sql(
            f"CREATE TRIGGER audit_event_no_{op.lower()} BEFORE {op} ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END")


@pytest.mark.parametrize("keep", [0, 3])
def test_a_wiped_or_cut_trail_does_not_reach_its_anchor(chain: list[int], keep: int) -> None:
    audit.write_anchor()  # as every session end does
    path = audit.anchor_path()
    assert path is not None and oct(path.stat().st_mode & 0o777) == oct(0o600)
    _wipe(keep)
    report = audit.verify()
    assert not report.ok and "anker" in report.reason, report
    audit.write_anchor()  # a later session end does not move the anchor back
    assert not audit.verify().ok


def test_the_anchor_follows_the_trail(chain: list[int]) -> None:
    audit.write_anchor()
    with transaction():
        audit.record(ctx_for("BJ"), "case.edit", "case", 1)
    assert audit.verify().ok  # the trail may grow past its anchor
    audit.write_anchor()
    events, head = audit.read_anchor()
    assert (events, head) == (audit.verify().events, audit.verify().head)
