"""Dashboard additions: open cases without contact for four weeks, and the whistleblower act's
dates (receipt confirmation within 7 days, feedback within 3 months) for integrity reports."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from tests.conftest import TODAY, ctx_for
from tests.services.casework import new_case
from vp_tui.models import Case
from vp_tui.services.cases.queries import CaseFilter, list_cases
from vp_tui.services.cases.status import change_status, confirm_receipt, record_feedback
from vp_tui.services.dashboard import (
    STALE_DAYS,
    dashboard,
    followups_due,
    stale_cases,
    whistleblower_dates,
)
from vp_tui.services.timeline import add_conversation, add_note
from vp_tui.services.validation import add_months

DAY = dt.timedelta(days=1)


def stale_ids(ctx) -> set[int]:
    return {r.case_id for r in stale_cases(ctx)}


@pytest.mark.parametrize(("ago", "stale"), [(STALE_DAYS, True), (STALE_DAYS - 1, False),
                                             (90, True)])
def test_case_is_stale_after_four_weeks_without_conversation(ctx, ago, stale) -> None:
    case_id = new_case(ctx, opened_on=TODAY - 100 * DAY, conversation_minutes=30)
    add_conversation(ctx, case_id, TODAY - ago * DAY, 30, "telefoon")
    add_note(ctx, case_id, TODAY, "A note is not contact with the melder.")
    assert (case_id in stale_ids(ctx)) is stale
    if stale:
        row = next(r for r in stale_cases(ctx) if r.case_id == case_id)
        assert (row.last_contact, row.days) == (TODAY - ago * DAY, ago)


def test_case_without_any_conversation_counts_from_its_opening(ctx) -> None:
    old = new_case(ctx, opened_on=TODAY - 30 * DAY)
    young = new_case(ctx, opened_on=TODAY - 3 * DAY)
    rows = {r.case_id: r for r in stale_cases(ctx)}
    assert old in rows and young not in rows
    assert (rows[old].last_contact, rows[old].days) == (None, 30)


def test_closed_and_other_advisers_cases_are_not_listed(ctx) -> None:
    closed = new_case(ctx, opened_on=TODAY - 60 * DAY)
    change_status(ctx, closed, 1, "afgesloten", outcome="opgelost")
    assert closed not in stale_ids(ctx)
    mine = new_case(ctx, opened_on=TODAY - 60 * DAY)
    assert mine in stale_ids(ctx)
    assert mine not in stale_ids(ctx_for("DB"))


def test_stale_list_is_longest_silence_first(ctx) -> None:
    rows = stale_cases(ctx)
    assert rows, "the demo data has stale cases"
    assert [r.days for r in rows] == sorted((r.days for r in rows), reverse=True)


def integrity_case(ctx, ago: int) -> int:
    return new_case(ctx, opened_on=TODAY - ago * DAY, case_type="integriteit",
                    categories=["fraude"])


def wbk(ctx, case_id):
    return [r for r in whistleblower_dates(ctx) if r.case_id == case_id]


@pytest.mark.parametrize(("ago", "days_left", "overdue", "soon"), [
    (0, 7, False, False), (4, 3, False, True), (7, 0, False, True), (8, -1, True, False),
])
def test_receipt_confirmation_due_within_seven_days(ctx, ago, days_left, overdue,
                                                    soon) -> None:
    case_id = integrity_case(ctx, ago)
    [row] = wbk(ctx, case_id)
    assert (row.kind, row.due_on, row.days_left, row.overdue, row.due_soon) == (
        "ontvangstbevestiging", TODAY - ago * DAY + 7 * DAY, days_left, overdue, soon)


def test_after_confirmation_feedback_is_due_three_months_later(ctx) -> None:
    case_id = integrity_case(ctx, 100)
    confirmed = TODAY - 95 * DAY
    v = confirm_receipt(ctx, case_id, 1, confirmed)
    [row] = wbk(ctx, case_id)
    due = add_months(confirmed, 3)
    assert (row.kind, row.due_on, row.days_left, row.overdue) == (
        "terugkoppeling", due, (due - TODAY).days, due < TODAY)
    record_feedback(ctx, case_id, v, TODAY)
    assert wbk(ctx, case_id) == []


def test_feedback_due_soon_within_two_weeks(ctx) -> None:
    case_id = integrity_case(ctx, 90)
    confirm_receipt(ctx, case_id, 1, dt.date(2026, 9, 7))
    [row] = wbk(ctx, case_id)
    assert (row.due_on, row.days_left, row.due_soon, row.overdue) == (
        dt.date(2026, 12, 7), 10, True, False)


def test_only_open_integrity_cases_the_actor_may_see(ctx) -> None:
    oo = new_case(ctx, opened_on=TODAY - 3 * DAY)
    closed = integrity_case(ctx, 3)
    change_status(ctx, closed, 1, "afgesloten", outcome="formeel")
    mine = integrity_case(ctx, 3)
    ids = {r.case_id for r in whistleblower_dates(ctx)}
    assert mine in ids and oo not in ids and closed not in ids
    assert mine not in {r.case_id for r in whistleblower_dates(ctx_for("DB"))}


def test_dashboard_carries_the_new_lists(ctx) -> None:
    case_id = integrity_case(ctx, 40)
    board = dashboard(ctx)
    assert case_id in {r.case_id for r in board.stale_cases}
    assert case_id in {r.case_id for r in board.whistleblower}
    assert case_id in {r.id for r in board.open_cases}


class _Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.msg)


def _statements(run) -> list[tuple[str, list]]:
    """Every statement `run` executes, with its params (peewee logs each)."""
    handler, logger = _Statements(), logging.getLogger("peewee")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        run()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return handler.seen


def _plans(run) -> list[str]:
    """The query plan of every statement `run` executes."""
    db = Case._meta.database
    return [" / ".join(row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
            for sql, params in _statements(run)]


def test_followups_due_are_matched_to_visible_cases_in_the_index(ctx) -> None:
    """The follow-ups due in the whole agency are thousands; their case rows are read only for
    the matches (the (done_on, due_on, case) index and the visible cases as a list)."""
    [plan] = _plans(lambda: followups_due(ctx))
    assert "USING INDEX follow_up_done_on_due_on_case_id" in plan
    assert "LIST SUBQUERY" in plan


def test_the_open_cases_read_no_timeline_entries(ctx) -> None:
    """The last conversation is the case's own column: a subquery per open case was an index
    seek each (164 pages at the busiest adviser's start)."""
    [statement] = _statements(lambda: stale_cases(ctx))
    assert "timeline_entry" not in statement[0]


def test_the_dashboard_applies_the_access_filter_twice(ctx) -> None:
    """Once for the open cases its three case sections show, once for the follow-ups due:
    building and running it for each section was a tenth of the start."""
    filtered = [sql for sql, _params in _statements(lambda: dashboard(ctx))
                if '"handover"' in sql]
    assert len(filtered) == 2


def test_my_open_cases_are_the_case_lists_open_cases_of_mine(ctx) -> None:
    """The dashboard's section and the case list (open only, mine) show the same cases in
    the same order: newest first."""
    new_case(ctx, opened_on=TODAY - 2 * DAY)
    new_case(ctx, opened_on=TODAY - 2 * DAY)
    listed = list_cases(ctx, CaseFilter(open_only=True, owner_id=ctx.actor.id))
    assert len(listed) > 2
    assert dashboard(ctx).open_cases == listed
