"""The navigation keys open the main screen their name says, from anywhere: also from a case
or an organisation's file opened on top of a main screen. A key is not offered on the main
screen it opens."""

from __future__ import annotations

import pytest

from tests.apps import demo_app
from tests.screens.tui import settle
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.cases import CasesScreen
from vp_tui.screens.coverage import CoverageScreen
from vp_tui.screens.dashboard import DashboardScreen
from vp_tui.screens.organisation_detail import OrganisationDetailScreen
from vp_tui.screens.organisations import OrganisationsScreen
from vp_tui.screens.report import ReportScreen
from vp_tui.screens.retention import RetentionScreen

SIZE = (100, 32)
MAIN = {"d": DashboardScreen, "o": OrganisationsScreen, "m": CasesScreen,
        "v": CoverageScreen, "t": RetentionScreen, "j": ReportScreen}


async def _press(pilot, *keys: str) -> None:
    await settle(pilot)  # the screen shown has its data
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


@pytest.mark.parametrize("key", list(MAIN))
async def test_each_key_opens_its_main_screen_from_a_case_on_the_dashboard(key: str) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "enter")  # the first of my open cases, on the dashboard's mode
        assert isinstance(app.screen, CaseDetailScreen)
        await _press(pilot, key)
        assert type(app.screen) is MAIN[key] and len(app.screen_stack) == 1


async def test_o_opens_the_list_not_the_last_file_and_d_leaves_a_case() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "o", "enter")
        assert isinstance(app.screen, OrganisationDetailScreen)
        await _press(pilot, "m", "enter")
        assert isinstance(app.screen, CaseDetailScreen)
        await _press(pilot, "o")
        assert isinstance(app.screen, OrganisationsScreen)
        await _press(pilot, "m")
        assert isinstance(app.screen, CasesScreen)
        await _press(pilot, "d", "enter")
        assert isinstance(app.screen, CaseDetailScreen)
        await _press(pilot, "d")
        assert isinstance(app.screen, DashboardScreen)


async def test_a_case_opened_again_on_a_mode_uses_its_kept_screen() -> None:
    """The case screen a mode keeps for the next case survives leaving it by a key."""
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, "m", "enter")
        kept = app.screen
        await _press(pilot, "d", "m", "down", "enter")
        assert app.screen is kept and isinstance(kept, CaseDetailScreen)


async def test_the_key_of_the_shown_main_screen_is_not_offered() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = app.screen.active_bindings
        assert "d" not in keys and "o" in keys
        await _press(pilot, "enter")
        assert "d" in app.screen.active_bindings
