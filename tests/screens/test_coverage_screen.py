"""The coverage screen: grid, gaps, suggestions, one key to assign, the absence form."""

from __future__ import annotations

import datetime as dt

from tests.apps import TODAY, demo_app
from vp_tui.models import Absence, Cover, Organisation
from vp_tui.screens.coverage import CoverageScreen
from vp_tui.widgets.coverage_grid import CoverageGrid
from vp_tui.widgets.record_table import RecordTable


def cell(table: RecordTable, row: int, column: int) -> str:
    return str(table.get_cell_at((row, column)))


async def test_assign_the_suggested_replacement() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CoverageScreen)
        gaps = screen.query_one("#gaps", RecordTable)
        gaps.focus()
        await pilot.press("down")  # the second gap: Het Baken on 27 November, no man
        await pilot.pause()
        assert [cell(gaps, 1, c) for c in range(3)] == [
            "27-11-2026", "Scholengroep Het Baken", "onvolledig: geen man"]
        suggestions = screen.query_one("#suggestions", RecordTable)
        assert cell(suggestions, 0, 0) == "DB Daan Bakker"
        before = len(screen.data.gaps)

        await pilot.press("a")
        await pilot.pause()

        baken = Organisation.get(Organisation.name == "Scholengroep Het Baken")
        cover = Cover.select().where(Cover.organisation == baken).order_by(
            Cover.id.desc()).get()
        assert (cover.replacement.initials, cover.start, cover.end) == (
            "DB", TODAY, dt.date(2026, 12, 5))
        assert screen.data.gap_at(baken.id, TODAY) is None
        assert len(screen.data.gaps) < before
        grid = screen.query_one(CoverageGrid)
        row = grid.get_row_index(str(baken.id))
        assert str(grid.get_cell_at((row, 1))).strip() == "·"


async def test_record_an_absence_through_the_form() -> None:
    app = demo_app("BJ")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-start").value = "14-12-2026"
        form.query_one("#field-end").value = "11-12-2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.form.message_for("end") == "✗ De einddatum ligt vóór de begindatum."
        form.query_one("#field-end").value = "15-12-2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CoverageScreen)
        absence = Absence.select().order_by(Absence.id.desc()).get()
        assert (absence.adviser.initials, absence.start, absence.end, absence.kind) == (
            "BJ", dt.date(2026, 12, 14), dt.date(2026, 12, 15), "vakantie")


def test_coverage_grid_snapshot(snap_compare) -> None:
    assert snap_compare(demo_app(), press=["v"], terminal_size=(120, 40))


async def test_dashboard_warns_about_my_uncovered_absence() -> None:
    app = demo_app("BJ")  # away 24 November - 5 December; covers by CS end on 30 November
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#absence-warnings", RecordTable)
        rows = {cell(table, r, 0): (cell(table, r, 1), cell(table, r, 2), cell(table, r, 3))
                for r in range(table.row_count)}
        assert rows == {
            "Gemeente Zuidvliet": ("onbezet", "27-11-2026", "6"),
            "Scholengroep Het Baken": ("onbezet", "27-11-2026", "6"),
            "Transportbedrijf Noordkade": ("onbezet", "01-12-2026", "4"),
            "Zorggroep De Linde": ("onvolledig", "27-11-2026", "6"),
        }
    app = demo_app("DB")  # away 8-19 December, fully covered by ADV
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#absence-warnings", RecordTable).row_count == 0
