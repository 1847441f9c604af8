"""Cover and access: a replacement sees new cases of a covered organisation in the cover window,
and an existing case only after the owner hands it over with the melder's consent."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import planning_world
from tests.planning_world import World, open_case
from vp_tui.errors import AccessDenied, ValidationError
from vp_tui.models import Adviser, Handover
from vp_tui.services.absences import AbsenceForm, record_absence
from vp_tui.services.access import require_case
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.coverage import add_cover
from vp_tui.services.handovers import hand_over, may_hand_over, recipients

START, END = dt.date(2026, 12, 14), dt.date(2026, 12, 18)


@pytest.fixture
def covered(store) -> World:
    """MO (Beta's only VP) away 14-18 December, PK covering Beta."""
    world = planning_world.build()
    ko = world.ctx("KO")
    absence = record_absence(ko, AbsenceForm(world.advisers["MO"], "vakantie", START, END))
    add_cover(ko, absence, world.beta, world.advisers["PK"], START, END)
    return world


def test_replacement_sees_new_case_in_window_not_existing_one(covered: World) -> None:
    mo = covered.advisers["MO"]
    existing = open_case(covered.beta, mo, dt.date(2026, 12, 1), "2026-0501")
    new = open_case(covered.beta, mo, dt.date(2026, 12, 15), "2026-0502")
    after = open_case(covered.beta, mo, dt.date(2026, 12, 21), "2026-0503")
    replacement = covered.ctx("PK", today=dt.date(2026, 12, 16))
    assert require_case(replacement, new).id == new
    for case in (existing, after):
        with pytest.raises(AccessDenied):
            require_case(replacement, case)


def test_handover_with_consent_opens_existing_case(covered: World) -> None:
    existing = open_case(covered.beta, covered.advisers["MO"], dt.date(2026, 12, 1), "2026-0501")
    owner = covered.ctx("MO", today=START)
    replacement = covered.ctx("PK", today=START)
    with pytest.raises(ValidationError) as refused:
        hand_over(owner, existing, covered.advisers["PK"], consent=False, end=END)
    assert refused.value.field == "consent"
    with pytest.raises(AccessDenied):
        require_case(replacement, existing)

    hand_over(owner, existing, covered.advisers["PK"], consent=True, end=END)
    assert require_case(replacement, existing).id == existing
    with pytest.raises(AccessDenied):  # the handover ends with the cover
        require_case(covered.ctx("PK", today=END + dt.timedelta(days=1)), existing)


def test_only_the_owner_hands_over(covered: World) -> None:
    existing = open_case(covered.beta, covered.advisers["MO"], dt.date(2026, 12, 1), "2026-0501")
    with pytest.raises(AccessDenied):
        hand_over(covered.ctx("PK"), existing, covered.advisers["PK"], consent=True)
    assert Handover.select().count() == 0


@pytest.mark.parametrize(("to", "message"), [("MO", "al de eigenaar"),
                                             ("KO", "geen meldingen"),
                                             ("VI", "belangenconflict")])
def test_handover_to_unsuitable_adviser_refused(covered: World, to: str, message: str) -> None:
    alfa_case = open_case(covered.alfa, covered.advisers["MO"], dt.date(2026, 12, 1), "2026-0601")
    with pytest.raises(ValidationError, match=message):
        hand_over(covered.ctx("MO"), alfa_case, covered.advisers[to], consent=True)
    assert Handover.select().count() == 0


def test_recipients_are_who_hand_over_would_accept(covered: World) -> None:
    """The form's list: active advisers who handle cases, not the owner, no conflict of
    interest with the case's organisation; each one is accepted by hand_over."""
    ids = covered.advisers
    Adviser.update(active=False).where(Adviser.id == ids["WS"]).execute()
    owner = covered.ctx("MO")
    names = [r.initials for r in recipients(owner, covered.alfa)]
    assert names == sorted(names, key=lambda i: resolve_actor(i, None).name)
    assert set(names) == {"MA", "VE", "NN", "PK"}  # not MO (owner), KO, VI (conflict), WS
    assert "VI" in {r.initials for r in recipients(owner, covered.beta)}
    for n, who in enumerate(names):
        case = open_case(covered.alfa, ids["MO"], dt.date(2026, 11, 2), f"2026-07{n:02d}")
        hand_over(owner, case, ids[who], consent=True)


def test_a_handover_names_the_adviser_beside_the_field(covered: World) -> None:
    case = open_case(covered.beta, covered.advisers["MO"], dt.date(2026, 12, 1), "2026-0501")
    with pytest.raises(ValidationError) as refused:
        hand_over(covered.ctx("MO"), case, None, consent=True)
    assert refused.value.field == "to_adviser"
    assert Handover.select().count() == 0


def test_only_the_owner_is_offered_the_handover(covered: World) -> None:
    mo = covered.advisers["MO"]
    assert may_hand_over(covered.ctx("MO"), mo)
    assert not may_hand_over(covered.ctx("PK"), mo)
    assert not may_hand_over(covered.ctx("PK"), None)
