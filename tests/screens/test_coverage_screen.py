"""The coverage screen: grid, gaps, suggestions, one key to assign, the absence form."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.apps import TODAY, demo_app
from tests.screens.tui import notices, pressed, screen_text, settle
from vp_tui.models import Absence, Cover, Organisation
from vp_tui.screens.coverage import AssignScreen, CoverageScreen
from vp_tui.widgets.coverage_grid import CoverageGrid
from vp_tui.widgets.record_table import RecordTable


def cell(table: RecordTable, row: int, column: int) -> str:
    return str(table.get_cell_at((row, column)))


def shown(app) -> str:
    """The text inside the dialog's border as one line of words (what is beside the dialog
    and its line breaks dropped)."""
    inside = [line[line.index("│") + 1:line.rindex("│")] for line in
              screen_text(app).splitlines() if line.count("│") >= 2]
    return " ".join(" ".join(inside).split())


async def open_het_baken_gap(pilot, size: tuple[int, int]) -> CoverageScreen:
    """The coverage screen with the second gap highlighted: Het Baken on 27 November, no
    man (BJ is away; DB is the one man free)."""
    app = pilot.app
    await pilot.press("v")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, CoverageScreen)
    gaps = screen.query_one("#gaps", RecordTable)
    gaps.focus()
    await pilot.press("down")
    await settle(pilot)
    assert [cell(gaps, 1, c) for c in range(3)] == [
        "27-11-2026", "Scholengroep Het Baken", "onvolledig: geen man beschikbaar"]
    return screen


PLAN = ("DB Daan Bakker vervangt BJ Bram Jansen bij Scholengroep Het Baken van 27-11-2026 "
        "tot en met 05-12-2026.")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_assigning_asks_first_and_names_who_covers_whom(size) -> None:
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_het_baken_gap(pilot, size)
        baken = Organisation.get(Organisation.name == "Scholengroep Het Baken")
        covers = Cover.select().count()

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AssignScreen)
        assert cell(app.screen.query_one("#suggestions", RecordTable), 0, 0) == "DB Daan Bakker"
        text = shown(app)
        assert PLAN in text
        assert "Op 27-11-2026 heeft Scholengroep Het Baken dan een man en een vrouw." in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and Cover.select().count() == covers

        await pilot.press("enter")  # Enter on the gap opens the same choice
        await settle(pilot)
        assert isinstance(app.screen, AssignScreen)
        before = len(screen.data.gaps)
        await pilot.press("j")
        await settle(pilot)

        assert app.screen is screen
        cover = Cover.select().where(Cover.organisation == baken).order_by(
            Cover.id.desc()).get()
        assert (cover.replacement.initials, cover.start, cover.end) == (
            "DB", TODAY, dt.date(2026, 12, 5))
        assert [n.message for n in notices(app)][-1] == PLAN
        assert screen.data.gap_at(baken.id, TODAY) is None
        assert len(screen.data.gaps) < before
        grid = screen.query_one(CoverageGrid)
        row = grid.get_row_index(str(baken.id))
        assert str(grid.get_cell_at((row, 1))).strip() == "·"


async def test_enter_on_a_grid_cell_opens_its_gap() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        grid = screen.query_one(CoverageGrid)
        baken = Organisation.get(Organisation.name == "Scholengroep Het Baken")
        grid.select(baken.id, TODAY)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AssignScreen)
        assert PLAN in shown(app)


async def test_the_screen_reads_at_80_by_24() -> None:
    """Four weeks of days beside the names, every organisation on one line (long names cut
    with an ellipsis), and the gaps and absences stacked under the grid."""
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if line.lstrip().startswith("Organisatie"))
        assert header.split()[1:] == ["vr"] + ["ma", "di", "wo", "do", "vr"] * 3 + [
            "ma", "di", "wo", "do"]
        assert any(line.lstrip().startswith("Woningcorporat…") for line in lines)
        assert any("Tekorten" in line for line in lines)
        assert any("Afwezig in deze periode" in line for line in lines)


async def test_record_an_absence_through_the_form() -> None:
    app = demo_app("BJ")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#field-start").value = "14-12-2026"
        form.query_one("#field-end").value = "11-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.form.message_for("end") == "✗ De einddatum ligt vóór de begindatum."
        form.query_one("#field-end").value = "15-12-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CoverageScreen)
        absence = Absence.select().order_by(Absence.id.desc()).get()
        assert (absence.adviser.initials, absence.start, absence.end, absence.kind) == (
            "BJ", dt.date(2026, 12, 14), dt.date(2026, 12, 15), "vakantie")


def test_coverage_grid_snapshot(snap_compare) -> None:
    assert snap_compare(demo_app(), run_before=pressed("v"), terminal_size=(120, 40))


def test_coverage_snapshot_at_80_by_24(snap_compare) -> None:
    assert snap_compare(demo_app(), run_before=pressed("v"), terminal_size=(80, 24))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_assign_dialog_snapshot(snap_compare, size) -> None:
    async def open_dialog(pilot) -> None:
        await open_het_baken_gap(pilot, size)
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(demo_app(), run_before=open_dialog, terminal_size=size)


async def test_dashboard_warns_about_my_uncovered_absence() -> None:
    app = demo_app("BJ")  # away 24 November - 5 December; covers by CS end on 30 November
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
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
        await settle(pilot)
        assert app.screen.query_one("#absence-warnings", RecordTable).row_count == 0
