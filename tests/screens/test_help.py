"""The help screen (F1) lists the keys of the current screen with what they do there and
then, scrolls visibly when longer than the dialog, and works inside a form."""

from __future__ import annotations

from textual.widgets import DataTable

from tests.apps import demo_app
from tests.screens.tui import open_case, press, screen_text, settle
from vp_tui.screens.form_screen import FormScreen
from vp_tui.screens.help import HelpScreen
from vp_tui.services.cases import queries
from vp_tui.services.cases.queries import CaseFilter, list_cases


def help_rows(app) -> dict[str, str]:
    assert isinstance(app.screen, HelpScreen), app.screen
    table = app.screen.query_one(DataTable)
    return {table.get_row_at(i)[0].plain: table.get_row_at(i)[1].plain
            for i in range(table.row_count)}



async def test_enter_on_the_retention_list_is_described_as_what_it_does() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "t", "f1")
        rows = help_rows(app)
        assert rows["⏎"] == "Vernietigen" and rows["x"] == "Vernietigen"
        assert "Openen" not in rows.values()


async def test_enter_on_an_arrangement_is_described_as_recording_it() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "o", "enter", "2", "f1")  # a file's arrangements
        rows = help_rows(app)
        assert rows["⏎"] == rows["r"] == "Regeling"


async def test_f1_in_a_form_lists_the_forms_keys() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")  # a new case: the intake form
        form = app.screen
        assert isinstance(form, FormScreen)
        await press(pilot, "f1")
        rows = help_rows(app)
        assert rows["^s"] == "Opslaan" and rows["esc"] == "Annuleren"
        assert rows["tab"] == "Volgend veld" and rows["shift+tab"] == "Vorig veld"
        assert "^r" not in rows  # only after a save was refused as stale
        assert "Overzicht" not in rows.values()  # the app's keys do not reach a form
        assert f"Toetsen: {form.LABEL}" in screen_text(app)
        await press(pilot, "escape")
        assert app.screen is form


async def test_a_case_screens_help_follows_its_tab_and_its_case() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        ctx = app.session.ctx
        rows = list_cases(ctx, CaseFilter(owner_id=ctx.actor.id))
        details = [queries.get_case(ctx, r.id) for r in rows]
        plain = next(c for c in details if c.receipt_due_on is None
                     and any(f.done_on is None for f in c.followups))
        await open_case(pilot, plain.id)
        await press(pilot, "f1")
        on_timeline = help_rows(app)
        assert on_timeline["e"] == "Bewerken" and on_timeline["h"] == "Geschiedenis"
        assert not {"a", "b", "k"} & on_timeline.keys()  # not this tab, not an integrity case
        await press(pilot, "escape", "2", "f1")
        on_followups = help_rows(app)
        assert on_followups["a"] == "Afgerond" and not {"e", "h"} & on_followups.keys()
        await press(pilot, "escape", "escape")

        integrity = next(c for c in details if c.receipt_due_on is not None)
        await open_case(pilot, integrity.id)
        await press(pilot, "f1")
        keys = help_rows(app)
        assert keys["b"] == "Ontvangst bevestigd" and keys["k"] == "Terugkoppeling gegeven"

async def test_a_long_list_says_there_is_more_until_its_end_is_shown() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "f1")  # a case: more keys than 80x24 shows
        more = app.screen.query_one("#help-more")
        await _until(pilot, lambda: more.display)
        assert more.display and "↓ meer" in screen_text(app)
        await press(pilot, "pagedown")
        await _until(pilot, lambda: not more.display)
        assert not more.display and "↓ meer" not in screen_text(app)


async def _until(pilot, condition, frames: int = 20) -> None:
    """Let the app run until `condition` holds (the marker follows the table's layout, which
    a loaded machine may take a few frames for), or `frames` frames have passed."""
    for _frame in range(frames):
        if condition():
            return
        await settle(pilot)
