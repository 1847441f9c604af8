"""The melder's consent on an existing case: recorded later than the intake, or withdrawn;
dated, traced in the timeline, audited; a withdrawal ends handovers and stops outward steps."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import TODAY, ctx_for
from tests.services.casework import new_case
from vp_tui.errors import AccessDenied, ConflictError, ValidationError
from vp_tui.models import AuditEvent, Handover
from vp_tui.services.access import require_case
from vp_tui.services.cases.queries import consent_state, get_case
from vp_tui.services.cases.status import change_consent, change_status
from vp_tui.services.context import Context
from vp_tui.services.handovers import hand_over
from vp_tui.services.timeline import add_referral, add_step

OPENED = TODAY - dt.timedelta(days=30)


@pytest.fixture
def case_id(ctx) -> int:
    """A case taken in without consent."""
    return new_case(ctx, opened_on=OPENED)


def consent_entries(ctx, case_id) -> list[tuple[dt.date, bool, str]]:
    return [(i.occurred_on, i.consent, i.text) for i in get_case(ctx, case_id).timeline
            if i.kind == "toestemming"]


def actions(case_id: int) -> list[str]:
    return [e.action for e in AuditEvent.select().where(AuditEvent.object_type == "case",
                                                        AuditEvent.object_id == str(case_id))]


def test_consent_recorded_later_then_withdrawn_each_dated_in_the_timeline(ctx, case_id) -> None:
    given_on = TODAY - dt.timedelta(days=10)
    v = change_consent(ctx, case_id, 1, True, on=given_on, note="akkoord per telefoon")
    detail = get_case(ctx, case_id)
    assert (detail.consent_recorded, detail.consent_on, detail.version) == (True, given_on, v)
    assert consent_state(detail) == "gegeven op 17 november 2026"

    v = change_consent(ctx, case_id, v, False)  # the day defaults to today
    detail = get_case(ctx, case_id)
    assert (detail.consent_recorded, detail.consent_on) == (False, TODAY)
    assert consent_state(detail) == "ingetrokken op 27 november 2026"
    assert consent_entries(ctx, case_id) == [(given_on, True, "akkoord per telefoon"),
                                             (TODAY, False, "")]
    assert {"case.consent", "case.consent-withdrawn"} <= set(actions(case_id))


def test_a_case_without_consent_says_so(ctx, case_id) -> None:
    assert consent_state(get_case(ctx, case_id)) == "niet vastgelegd"


@pytest.mark.parametrize(("day", "why"), [
    (TODAY + dt.timedelta(days=1), "toekomst"),
    (OPENED - dt.timedelta(days=1), "melding"),
])
def test_the_day_is_not_in_the_future_nor_before_the_report(ctx, case_id, day, why) -> None:
    with pytest.raises(ValidationError) as err:
        change_consent(ctx, case_id, 1, True, on=day)
    assert err.value.field == "on"
    assert why in str(err.value)
    assert get_case(ctx, case_id).consent_recorded is False


def test_a_withdrawal_is_not_dated_before_the_consent(ctx, case_id) -> None:
    v = change_consent(ctx, case_id, 1, True, on=TODAY - dt.timedelta(days=5))
    with pytest.raises(ValidationError) as err:
        change_consent(ctx, case_id, v, False, on=TODAY - dt.timedelta(days=6))
    assert "vorige wijziging" in str(err.value)


def test_no_change_twice_in_the_same_direction(ctx, case_id) -> None:
    with pytest.raises(ValidationError):
        change_consent(ctx, case_id, 1, False)
    v = change_consent(ctx, case_id, 1, True)
    with pytest.raises(ValidationError):
        change_consent(ctx, case_id, v, True)
    assert len(consent_entries(ctx, case_id)) == 1


def test_a_stale_version_is_refused(ctx, case_id) -> None:
    change_consent(ctx, case_id, 1, True)
    with pytest.raises(ConflictError):
        change_consent(ctx, case_id, 1, False)
    assert get_case(ctx, case_id).consent_recorded is True
    assert len(consent_entries(ctx, case_id)) == 1


def test_only_who_may_work_on_the_case(ctx, case_id) -> None:
    with pytest.raises(AccessDenied):
        change_consent(ctx_for("CS"), case_id, 1, True)
    assert "case.denied" in actions(case_id)
    assert get_case(ctx, case_id).consent_recorded is False


def test_consent_can_be_withdrawn_on_a_closed_case(ctx) -> None:
    case_id = new_case(ctx, opened_on=OPENED, consent_recorded=True)
    v = change_status(ctx, case_id, 1, "afgesloten", outcome="opgelost")
    change_consent(ctx, case_id, v, False)
    assert get_case(ctx, case_id).consent_recorded is False


def test_withdrawal_ends_running_and_planned_handovers(ctx) -> None:
    case_id = new_case(ctx, opened_on=OPENED, consent_recorded=True)
    bj, cs = ctx_for("BJ"), ctx_for("CS")
    hand_over(ctx, case_id, bj.actor.id, consent=True, start=OPENED)
    Handover.create(case=case_id, from_adviser=ctx.actor.id, to_adviser=cs.actor.id,
                    start=TODAY + dt.timedelta(days=3), consent=True)
    past = Handover.create(case=case_id, from_adviser=ctx.actor.id, to_adviser=cs.actor.id,
                           start=OPENED, end=OPENED + dt.timedelta(days=2), consent=True)
    assert require_case(bj, case_id).id == case_id

    change_consent(ctx, case_id, get_case(ctx, case_id).version, False)
    with pytest.raises(AccessDenied):
        require_case(bj, case_id)
    with pytest.raises(AccessDenied):  # the planned one never starts
        require_case(Context(cs.actor, today=TODAY + dt.timedelta(days=4)), case_id)
    assert Handover.get_by_id(past.id).consent is True  # over before the withdrawal
    assert "case.handover-ended" in actions(case_id)


def test_after_a_withdrawal_nothing_goes_outward_until_consent_is_given_again(ctx) -> None:
    case_id = new_case(ctx, opened_on=OPENED, consent_recorded=True)
    v = change_consent(ctx, case_id, 1, False, on=TODAY - dt.timedelta(days=1))
    for outward in (
        lambda: add_step(ctx, case_id, "mediation", TODAY, consent=True),
        lambda: add_referral(ctx, case_id, "bedrijfsarts", TODAY, "", consent=True),
        lambda: hand_over(ctx, case_id, ctx_for("BJ").actor.id, consent=True),
    ):
        with pytest.raises(ValidationError) as err:
            outward()
        assert err.value.field == "consent"
        assert "ingetrokken" in str(err.value)
    add_step(ctx, case_id, "zelf_aanspreken", TODAY, consent=False)  # not outward: allowed

    change_consent(ctx, case_id, v, True)
    add_step(ctx, case_id, "mediation", TODAY, consent=True)
    add_referral(ctx, case_id, "bedrijfsarts", TODAY, "", consent=True)
    hand_over(ctx, case_id, ctx_for("BJ").actor.id, consent=True)
