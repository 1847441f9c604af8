"""What falls due (`vp-tui due`): the dashboard's dates, retention and waiting transfers, per
adviser, codes and dates only."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import planning_world
from tests.planning_world import TODAY, World, open_case
from tests.services.test_offboarding import leaver_world
from vp_tui.errors import AccessDenied
from vp_tui.models import Case, FollowUp
from vp_tui.services import offboarding
from vp_tui.services.due import due

SECRET = "GEHEIME-OMSCHRIJVING"


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def world(store) -> World:
    world = planning_world.build()
    ve = world.advisers["VE"]
    # Integrity report 9 days ago: its receipt confirmation was due 2 days ago.
    late = open_case(world.alfa, ve, days(-9), "2026-0701")
    Case.update(case_type="integriteit", last_conversation_on=days(-1)).where(
        Case.id == late).execute()
    # Confirmed 80 days ago: the feedback is due 3 months after, in about ten days.
    fed = open_case(world.alfa, ve, days(-85), "2026-0702")
    Case.update(case_type="integriteit", receipt_confirmed_on=days(-80),
                last_conversation_on=days(-30)).where(Case.id == fed).execute()
    FollowUp.create(case=fed, due_on=days(3), description=SECRET)
    # A case closed three years ago: past the two-year term.
    Case.create(code="2023-0703", organisation=world.alfa, owner=ve, opened_on=days(-1100),
                closed_on=days(-1095), channel="telefoon", case_type="oo",
                status="afgesloten", outcome="opgelost")
    return world


def test_the_actors_due_items_with_their_dates(world: World) -> None:
    items = due(world.ctx("VE"), days=14)
    got = {(i.code, i.kind, i.due_on, i.overdue) for i in items}
    assert got == {
        ("2026-0701", "ontvangstbevestiging", days(-2), True),
        ("2026-0702", "terugkoppeling", dt.date(2026, 12, 8), False),  # 8 Sep + 3 months
        ("2026-0702", "opvolging", days(3), False),
        ("2026-0702", "geen_contact", days(-2), True),
        ("2023-0703", "bewaartermijn", dt.date(2025, 11, 28), True),  # closed 28 Nov 2023
    }
    assert SECRET not in repr(items) and "Alfa" not in repr(items)


def test_the_horizon_leaves_out_what_falls_due_later(world: World) -> None:
    soon = {(i.code, i.kind) for i in due(world.ctx("VE"), days=3)}
    assert ("2026-0702", "opvolging") in soon and ("2026-0702", "terugkoppeling") not in soon
    assert all(i.overdue for i in due(world.ctx("VE"), days=0) if i.due_on != TODAY)


def test_nothing_due_is_an_empty_list(world: World) -> None:
    assert due(world.ctx("MO"), days=30) == []


def test_a_coordinator_sees_every_adviser_codes_only(world: World) -> None:
    every = due(world.ctx("KO"), days=14, everyone=True)
    assert {i.adviser for i in every} == {"VE", "NN", "PK"}
    assert [i for i in every if i.adviser == "VE"] == due(world.ctx("VE"), days=14)
    assert due(world.ctx("KO"), days=14, adviser="ve") == due(world.ctx("VE"), days=14)
    with pytest.raises(AccessDenied):
        due(world.ctx("VE"), everyone=True)


def test_a_waiting_transfer_is_due_for_its_successor(store) -> None:
    world = leaver_world()
    ko = world.ctx("KO")
    offboarding.run(ko, offboarding.start(ko, "MA", {world.alfa: world.advisers["WS"]}))
    asks = [i for i in due(world.ctx("WS"), days=14) if i.kind == "toestemming_vragen"]
    assert [(i.code, i.due_on, i.overdue) for i in asks] == [
        ("2026-0502", days(offboarding.ASK_DAYS), False)]
    assert [i.code for i in due(ko, days=0) if i.kind == "bewaartermijn"] == ["2023-0503"]
