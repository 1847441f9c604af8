"""Esc on a changed form asks: Opslaan, Weggooien or Verder bewerken (the default, also Esc);
an unchanged form closes at once. Keys only."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from tests.apps import demo_app
from tests.screens.tui import fill, form_on_my_case, pressed, settle
from vp_tui.models import TimelineEntry
from vp_tui.screens.drafts import LeaveQuestion
from vp_tui.screens.form_screen import FormScreen

TYPED = "De melder belde over het rooster"


def _notes(case_id: int) -> int:
    return TimelineEntry.select().where(TimelineEntry.case == case_id,
                                        TimelineEntry.text == TYPED).count()


@pytest.mark.parametrize("key", ["g", "n", "s", "r", "f", "x"])
async def test_an_unchanged_form_closes_at_once(key: str) -> None:
    """Whatever a form fills in by itself (today's date, a proposed follow-up, choices that
    follow the type) counts as how it opened."""
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await form_on_my_case(pilot, key)
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, LeaveQuestion))


async def test_an_unchanged_intake_closes_at_once() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, LeaveQuestion))


async def test_keep_editing_is_the_default_and_esc_means_it_too() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        case_id, form = await form_on_my_case(pilot, "n")
        fill(form, text=TYPED)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveQuestion)
        assert app.screen.focused is not None and app.screen.focused.id == "edit"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form.read_field("text") == TYPED
        await pilot.press("escape", "v")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape", "enter")  # Enter on the focused default button
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form.read_field("text") == TYPED
        assert _notes(case_id) == 0


async def test_discard_closes_without_saving() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        case_id, form = await form_on_my_case(pilot, "n")
        fill(form, text=TYPED)
        await pilot.press("escape", "w")
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, LeaveQuestion))
        assert _notes(case_id) == 0


async def test_save_takes_the_path_of_ctrl_s() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        case_id, form = await form_on_my_case(pilot, "n")
        fill(form, text=TYPED)
        await pilot.press("escape", "o")
        for _ in range(50):  # the save runs on a database thread
            await pilot.pause(0.05)
            if not isinstance(app.screen, FormScreen):
                break
        assert not isinstance(app.screen, (FormScreen, LeaveQuestion))
        assert _notes(case_id) == 1


async def test_save_refused_keeps_the_form_with_its_message() -> None:
    """The service's refusal lands beside the field, as after ctrl+s: an empty date."""
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        case_id, form = await form_on_my_case(pilot, "n")
        fill(form, text=TYPED, occurred_on="31-02-2026")
        await pilot.press("escape", "o")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "datum" in app.screen.form.message_for("occurred_on")
        assert _notes(case_id) == 0


async def test_arrows_and_enter_choose_a_button() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        case_id, form = await form_on_my_case(pilot, "n")
        fill(form, text=TYPED)
        await pilot.press("escape", "left")
        await pilot.pause()
        focused = app.screen.focused
        assert isinstance(focused, Button) and focused.id == "discard"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, LeaveQuestion))
        assert _notes(case_id) == 0


def test_the_question_snapshot(snap_compare) -> None:
    """A note begun on the newest case, then Esc: the question over the form, at 80x24."""
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=pressed(
        "m", "enter", "n", "tab", "D", "e", "escape"))
