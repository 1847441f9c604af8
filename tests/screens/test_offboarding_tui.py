"""The leaving screen: reached with `u` from the coverage screen (coordinators only), it shows
what the adviser holds, asks a successor per organisation, and runs the procedure after a
confirmation, showing what it did and the gaps it leaves."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.apps import TODAY, demo_app
from tests.screens.tui import press, pressed, screen_text, settle
from vp_tui.models import Adviser, Case, Engagement, Organisation
from vp_tui.screens.coverage import ConfirmScreen, CoverageScreen
from vp_tui.screens.offboarding import OffboardingScreen
from vp_tui.screens.transfers import TransfersScreen
from vp_tui.services import offboarding
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context


async def test_a_coordinator_lets_an_adviser_leave_with_a_successor() -> None:
    app = demo_app("ADV")
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "v", "u")
        screen = app.screen
        assert isinstance(screen, OffboardingScreen)
        assert not screen.check_action("proceed", ())  # nobody chosen yet: no ctrl+s

        await press(pilot, "d")  # type-to-jump: Daan Bakker
        text = screen_text(app)
        assert "Daan Bakker (DB)" in text and "Open meldingen: 3" in text
        assert "Woningcorporatie Thuis aan de Maas" in text
        await press(pilot, "tab", "c")  # his one organisation: Carla Smit succeeds him

        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen is screen and Adviser.get(Adviser.initials == "DB").active

        await press(pilot, "ctrl+s", "j")
        assert app.screen is screen
        db = Adviser.get(Adviser.initials == "DB")
        cs = Adviser.get(Adviser.initials == "CS")
        assert not db.active
        assert not Case.select().where(Case.owner == db.id, Case.status != "afgesloten").exists()
        new = Engagement.get(Engagement.adviser == cs.id, Engagement.organisation.in_(
            Organisation.select(Organisation.id).where(
                Organisation.name == "Woningcorporatie Thuis aan de Maas")))
        assert (new.role, new.start) == ("vaste_vp", TODAY + dt.timedelta(days=1))
        text = screen_text(app)
        assert "2026-0013 (Woningcorporatie Thuis aan de Maas) is nu van CS" in text
        assert "Tekort 1 december 2026: Woningcorporatie Thuis aan de Maas onbezet" in text
        assert "Vertrekprocedure van 27 november 2026: afgerond" in text
        assert not screen.check_action("proceed", ())  # done: nothing left to run

        await press(pilot, "escape")
        assert isinstance(app.screen, CoverageScreen)


class Crash(Exception):
    pass


def crash_after(stop: str):
    def after(step: str) -> None:
        if step == stop:
            raise Crash(step)
    return after


async def test_a_procedure_cut_off_is_resumed_from_the_screen() -> None:
    app = demo_app("ADV")
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "v")
        ctx = app.session.ctx
        db = Adviser.get(Adviser.initials == "DB")
        held = offboarding.inventory(ctx, "DB")
        organisation, codes = next(iter(held.organisations)), [c.code for c in held.open_cases]
        cs = Adviser.get(Adviser.initials == "CS").id
        procedure = offboarding.start(ctx, "DB", {organisation: cs})
        with pytest.raises(Crash):
            offboarding.run(ctx, procedure, after_step=crash_after("keys"))
        assert not Adviser.get_by_id(db.id).active  # the first step had run

        await press(pilot, "u", "d")  # an inactive adviser with a procedure under way
        text = screen_text(app)
        assert "Daan Bakker (DB) — niet actief" in text
        assert "onderbroken; nog te doen: cases, engagements, planning" in text
        assert not app.screen.query(".successor")  # the recorded plan counts
        await press(pilot, "ctrl+s", "j")
        assert offboarding.latest_procedure(db.id).finished
        assert len(codes) == 3
        assert Case.select().where(Case.owner == cs, Case.code.in_(codes)).count() == 3


async def test_the_palette_of_the_coverage_screen_opens_it() -> None:
    app = demo_app("ADV")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "v", "ctrl+p", *"Vertrek", "enter")
        assert isinstance(app.screen, OffboardingScreen)


async def test_an_adviser_has_no_leaving_key() -> None:
    app = demo_app("BJ")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "v", "u")
        assert isinstance(app.screen, CoverageScreen)


def test_leaving_screen_snapshot(snap_compare) -> None:
    assert snap_compare(demo_app("ADV"), terminal_size=(80, 24),
                        run_before=pressed("v", "u", "d"))


async def test_the_successor_asks_and_records_the_answer() -> None:
    app = demo_app("CS")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        coordinator = Context(resolve_actor("ADV", None), today=TODAY)
        held = offboarding.inventory(coordinator, "DB")
        first, second = held.open_cases[0].code, held.open_cases[1].code
        Case.update(consent_recorded=False, consent_on=None,
                    melder_contact="bel 06-12345678").where(
            Case.code.in_([first, second])).execute()
        cs = Adviser.get(Adviser.initials == "CS").id
        offboarding.run(coordinator, offboarding.start(
            coordinator, "DB", dict.fromkeys(held.organisations, cs)))

        await press(pilot, "m", "u")
        assert isinstance(app.screen, TransfersScreen)
        text = screen_text(app)
        assert first in text and second in text and "bel 06-12345678" in text
        await press(pilot, "a", "j")  # the first: the melder agrees
        case = Case.get(Case.code == first)
        assert (case.owner_id, case.consent_recorded) == (cs, True)
        await press(pilot, "g", "n")  # asked whether to close the second: not yet
        assert Case.get(Case.code == second).status != "afgesloten"
        await press(pilot, "g", "j")
        case = Case.get(Case.code == second)
        assert (case.status, case.owner.initials) == ("afgesloten", "DB")
        assert "Geen meldingen die op toestemming wachten." in screen_text(app)
