"""Follow-ups: the due date a form proposes, and the warning before closing a case while one is
still open."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import TODAY
from tests.services.casework import new_case
from vp_tui.services.cases.queries import get_case
from vp_tui.services.cases.status import change_status, status_issues
from vp_tui.services.followups import add_followup, complete_followup, default_due


@pytest.mark.parametrize(("today", "due"), [
    (dt.date(2026, 11, 27), dt.date(2026, 12, 11)),  # a Friday: two weeks later
    (dt.date(2026, 11, 28), dt.date(2026, 12, 14)),  # a Saturday: the Monday after
    (dt.date(2026, 12, 11), dt.date(2026, 12, 28)),  # Christmas, then a weekend
    (dt.date(2026, 3, 23), dt.date(2026, 4, 7)),  # Easter Monday 6 April 2026
])
def test_a_follow_up_is_proposed_two_weeks_ahead_on_a_working_day(today, due) -> None:
    assert default_due(today) == due


def test_closing_with_an_open_follow_up_is_warned_about_not_refused(ctx) -> None:
    case_id = new_case(ctx, opened_on=TODAY - dt.timedelta(days=20))
    assert status_issues(ctx, case_id, "afgesloten", "opgelost") == []
    first = add_followup(ctx, case_id, default_due(TODAY), "terugbellen")
    add_followup(ctx, case_id, TODAY + dt.timedelta(days=30), "evaluatie")

    [warning] = status_issues(ctx, case_id, "afgesloten", "opgelost")
    assert (warning.field, warning.warning) == ("status", True)
    assert "2 vervolgactie(s)" in warning.message and "11 december 2026" in warning.message
    assert status_issues(ctx, case_id, "begeleiding", "") == []
    assert status_issues(ctx, case_id, "", "") == []  # change_status refuses it
    [error, warning] = status_issues(ctx, case_id, "afgesloten", "")
    assert (error.field, error.warning, warning.warning) == ("outcome", False, True)

    followups = get_case(ctx, case_id).followups
    for item in followups:
        complete_followup(ctx, item.id, item.version)
    assert first in {f.id for f in followups}
    assert status_issues(ctx, case_id, "afgesloten", "opgelost") == []


def test_the_warning_does_not_stop_the_close(ctx) -> None:
    case_id = new_case(ctx, opened_on=TODAY - dt.timedelta(days=20))
    add_followup(ctx, case_id, default_due(TODAY), "terugbellen")
    assert status_issues(ctx, case_id, "afgesloten", "opgelost")
    change_status(ctx, case_id, 1, "afgesloten", outcome="gestopt")
    assert get_case(ctx, case_id).status == "afgesloten"
