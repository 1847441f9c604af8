"""Status changes (intake -> begeleiding -> nazorg -> afgesloten, reopening) and the
whistleblower act's dates on integrity reports."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import TODAY, ctx_for
from tests.services.casework import new_case
from vp_tui.errors import AccessDenied, ConflictError, ValidationError
from vp_tui.models import Handover
from vp_tui.services.cases.queries import get_case
from vp_tui.services.cases.rules import allowed_statuses, feedback_due, receipt_due
from vp_tui.services.cases.status import change_status, confirm_receipt, record_feedback
from vp_tui.services.validation import add_months

OPENED = TODAY - dt.timedelta(days=40)


@pytest.fixture
def case_id(ctx) -> int:
    return new_case(ctx, opened_on=OPENED)


def status_entries(ctx, case_id) -> list[tuple[str, str]]:
    return [(i.status, i.outcome) for i in get_case(ctx, case_id).timeline
            if i.kind == "status"]


def test_full_path_with_outcome_leaves_a_status_entry_per_change(ctx, case_id) -> None:
    v = change_status(ctx, case_id, 1, "begeleiding", on=TODAY - dt.timedelta(days=5))
    v = change_status(ctx, case_id, v, "nazorg", on=TODAY - dt.timedelta(days=3))
    v = change_status(ctx, case_id, v, "afgesloten", outcome="opgelost")
    detail = get_case(ctx, case_id)
    assert (detail.status, detail.outcome, detail.closed_on, detail.version) == (
        "afgesloten", "opgelost", TODAY, v)
    assert status_entries(ctx, case_id) == [
        ("begeleiding", ""), ("nazorg", ""), ("afgesloten", "opgelost")]


def test_forward_moves_may_skip_stages(ctx, case_id) -> None:
    assert allowed_statuses("intake") == ["begeleiding", "nazorg", "afgesloten"]
    change_status(ctx, case_id, 1, "afgesloten", outcome="verwezen")
    assert get_case(ctx, case_id).status == "afgesloten"


@pytest.mark.parametrize(("path", "target"), [
    ([], "intake"),  # same status
    (["begeleiding"], "intake"),
    (["nazorg"], "intake"),
    (["afgesloten"], "nazorg"),
    (["afgesloten"], "intake"),
])
def test_forbidden_moves(ctx, case_id, path, target) -> None:
    version = 1
    for status in path:
        version = change_status(ctx, case_id, version, status,
                                outcome="opgelost" if status == "afgesloten" else "")
    with pytest.raises(ValidationError) as err:
        change_status(ctx, case_id, version, target)
    assert err.value.field == "status"


def test_nazorg_may_go_back_to_begeleiding(ctx, case_id) -> None:
    v = change_status(ctx, case_id, 1, "nazorg")
    change_status(ctx, case_id, v, "begeleiding")
    assert get_case(ctx, case_id).status == "begeleiding"


@pytest.mark.parametrize("outcome", ["", "geweldig"])
def test_closing_needs_a_known_outcome(ctx, case_id, outcome) -> None:
    with pytest.raises(ValidationError) as err:
        change_status(ctx, case_id, 1, "afgesloten", outcome=outcome)
    assert err.value.field == "outcome"
    assert get_case(ctx, case_id).status == "intake"


def test_outcome_belongs_to_closing_only(ctx, case_id) -> None:
    with pytest.raises(ValidationError) as err:
        change_status(ctx, case_id, 1, "begeleiding", outcome="opgelost")
    assert err.value.field == "outcome"


def test_reopen_clears_closing_but_history_keeps_the_outcome(ctx, case_id) -> None:
    v = change_status(ctx, case_id, 1, "afgesloten", outcome="zelf_verder")
    assert allowed_statuses("afgesloten") == ["begeleiding"]
    change_status(ctx, case_id, v, "begeleiding")
    detail = get_case(ctx, case_id)
    assert (detail.status, detail.closed_on, detail.outcome) == ("begeleiding", None, "")
    assert status_entries(ctx, case_id) == [("afgesloten", "zelf_verder"), ("begeleiding", "")]


def test_stale_status_change_is_a_conflict(ctx, case_id) -> None:
    change_status(ctx, case_id, 1, "begeleiding")
    with pytest.raises(ConflictError):
        change_status(ctx, case_id, 1, "nazorg")
    assert get_case(ctx, case_id).status == "begeleiding"
    assert len(status_entries(ctx, case_id)) == 1


@pytest.mark.parametrize("day", [TODAY + dt.timedelta(days=1), OPENED - dt.timedelta(days=1)])
def test_status_date_neither_future_nor_before_report(ctx, case_id, day) -> None:
    with pytest.raises(ValidationError) as err:
        change_status(ctx, case_id, 1, "begeleiding", on=day)
    assert err.value.field == "on"


def test_status_date_not_before_previous_change(ctx, case_id) -> None:
    v = change_status(ctx, case_id, 1, "begeleiding", on=TODAY - dt.timedelta(days=2))
    with pytest.raises(ValidationError) as err:
        change_status(ctx, case_id, v, "nazorg", on=TODAY - dt.timedelta(days=3))
    assert err.value.field == "on"
    change_status(ctx, case_id, v, "nazorg", on=TODAY - dt.timedelta(days=2))


def test_only_the_owner_closes(ctx, case_id) -> None:
    """A colleague who received the case (handover with consent) may work on it, not close."""
    bj = ctx_for("BJ")
    Handover.create(case=case_id, from_adviser=ctx.actor.id, to_adviser=bj.actor.id,
                    start=OPENED, consent=True)
    v = change_status(bj, case_id, 1, "begeleiding")
    with pytest.raises(AccessDenied):
        change_status(bj, case_id, v, "afgesloten", outcome="opgelost")
    change_status(ctx, case_id, v, "afgesloten", outcome="opgelost")


# --- whistleblower act ----------------------------------------------------------------------

def test_statutory_deadlines() -> None:
    assert receipt_due(dt.date(2026, 1, 28)) == dt.date(2026, 2, 4)
    assert feedback_due(dt.date(2026, 1, 1), dt.date(2026, 1, 5)) == dt.date(2026, 4, 5)
    assert feedback_due(dt.date(2026, 1, 1), None) == dt.date(2026, 4, 8)
    assert feedback_due(dt.date(2025, 11, 20), dt.date(2025, 11, 30)) == dt.date(2026, 2, 28)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2026, 10, 15), 3, dt.date(2027, 1, 15)),
    (dt.date(2026, 12, 31), 12, dt.date(2027, 12, 31)),
])
def test_add_months(day, months, expected) -> None:
    assert add_months(day, months) == expected


def test_receipt_and_feedback_are_recorded_on_integrity_cases(ctx) -> None:
    case_id = new_case(ctx, opened_on=OPENED, case_type="integriteit", categories=["fraude"])
    detail = get_case(ctx, case_id)
    assert detail.receipt_due_on == OPENED + dt.timedelta(days=7)
    with pytest.raises(ValidationError):
        record_feedback(ctx, case_id, 1, TODAY)  # no confirmation yet
    with pytest.raises(ValidationError) as err:
        confirm_receipt(ctx, case_id, 1, OPENED - dt.timedelta(days=1))
    assert err.value.field == "on"
    v = confirm_receipt(ctx, case_id, 1, OPENED + dt.timedelta(days=2))
    assert get_case(ctx, case_id).feedback_due_on == add_months(OPENED + dt.timedelta(days=2), 3)
    with pytest.raises(ValidationError):
        record_feedback(ctx, case_id, v, OPENED + dt.timedelta(days=1))  # before confirmation
    with pytest.raises(ValidationError):
        record_feedback(ctx, case_id, v, TODAY + dt.timedelta(days=1))
    record_feedback(ctx, case_id, v, TODAY)
    assert get_case(ctx, case_id).feedback_given_on == TODAY


def test_receipt_only_for_integrity_cases(ctx, case_id) -> None:
    assert get_case(ctx, case_id).receipt_due_on is None
    with pytest.raises(ValidationError):
        confirm_receipt(ctx, case_id, 1, TODAY)
