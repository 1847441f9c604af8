"""A client's own days off are set in the organisation's form and shown in its file."""

from __future__ import annotations

from tests.apps import demo_app
from tests.screens.tui import current_form, fill, press, save, screen_text, settle
from vp_tui.models import Organisation
from vp_tui.screens.organisation_detail import OrganisationDetailScreen
from vp_tui.services import organisations

SIZE = (100, 32)


async def test_days_off_ticked_in_the_form_are_kept_and_shown() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        org_id = next(o.id for o in organisations.list_organisations(
            app.session.ctx, "Gemeente Zuidvliet") if o.name == "Gemeente Zuidvliet")
        await app.push_screen(OrganisationDetailScreen(org_id))
        await settle(pilot)
        await press(pilot, "e")
        form = current_form(app)
        assert form.control("days_off").selected == []
        fill(form, days_off=["kerstsluiting", "goede_vrijdag"])
        await save(pilot)
        assert isinstance(app.screen, OrganisationDetailScreen)
        assert Organisation.get_by_id(org_id).days_off == "goede_vrijdag,kerstsluiting"
        assert ("ook vrij: Goede Vrijdag, dicht tussen Kerst en Nieuwjaar"
                in screen_text(app))
        await press(pilot, "e")
        assert current_form(app).control("days_off").selected == [
            "goede_vrijdag", "kerstsluiting"]


async def test_the_coverage_grid_leaves_a_clients_own_day_off_empty() -> None:
    import datetime as dt

    from textual.app import App, ComposeResult

    from vp_tui.services.coverage import Coverage, OrganisationRef
    from vp_tui.widgets.coverage_grid import CoverageGrid

    class GridApp(App):
        def compose(self) -> ComposeResult:
            yield CoverageGrid()

    good_friday, thursday = dt.date(2027, 3, 26), dt.date(2027, 3, 25)
    data = Coverage(thursday, good_friday, [thursday, good_friday], {},
                    [OrganisationRef(1, "Beta", False), OrganisationRef(2, "Gamma", False)],
                    [], {1: {good_friday: "Goede vrijdag"}})
    app = GridApp()
    async with app.run_test(size=(60, 10)) as pilot:
        grid = app.query_one(CoverageGrid)
        grid.show(data)
        await pilot.pause()
        cells = {org: [str(grid.get_cell(org, day.isoformat()))
                       for day in (thursday, good_friday)] for org in ("1", "2")}
        assert cells == {"1": ["· ", "  "], "2": ["· ", "· "]}
