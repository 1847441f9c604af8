"""The first TUI: opens on the dashboard, lists organisations and cases, q quits."""

from __future__ import annotations

from tests.apps import demo_app
from tests.screens.tui import settle
from vp_tui.screens.cases import CasesScreen
from vp_tui.screens.dashboard import DashboardScreen
from vp_tui.screens.organisations import OrganisationsScreen
from vp_tui.widgets.record_table import RecordTable


async def test_opens_on_dashboard_and_navigates() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "DEMO" in app.title
        assert app.screen.query_one("#my-cases", RecordTable).row_count > 0
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OrganisationsScreen)
        assert app.screen.query_one(RecordTable).row_count == 7  # ADV is coordinator
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, CasesScreen)
        assert app.screen.query_one(RecordTable).row_count > 0
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0
