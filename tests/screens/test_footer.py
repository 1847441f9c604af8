"""The key bar (vp_tui.widgets.footer): the screen's keys on one line in their order of
importance, whole keys only, "meer: F1" at the right edge when keys were left out; redrawn
only when the keys change, a disabled key dimmed, a click pressing the key."""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.actions import parse as parse_action
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Input

from tests.apps import demo_app
from tests.screens.tui import notices, screen_text, settle
from vp_tui.screens.help import HelpScreen
from vp_tui.widgets.footer import NAVIGATION, Footer, Shown


class Keys(App):
    BINDINGS = [Binding("f1", "help", "Help", key_display="F1"),
                Binding("f2", "next", "Volgende"),
                Binding("f3", "hidden", "Verborgen", show=False)]
    allowed: bool | None = True
    pressed = 0
    helped = 0

    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.allowed if action == "next" else True

    def action_next(self) -> None:
        self.pressed += 1

    def action_help(self) -> None:
        self.helped += 1


def drawn(footer: Footer) -> str:
    return footer.render().plain


async def test_focus_changes_keep_the_keys_and_a_changed_key_is_redrawn() -> None:
    app = Keys()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        footer = app.query_one(Footer)
        shown = footer._shown
        assert " f2 Volgende " in drawn(footer) and "Verborgen" not in drawn(footer)
        for target in ("#b", "#a", "#b"):
            app.query_one(target, Input).focus()
            await settle(pilot)
        assert footer._shown is shown  # the same keys: nothing was drawn again
        app.allowed = None  # shown, but disabled
        app.refresh_bindings()
        await settle(pilot)
        line = footer.render()
        at = line.plain.index("Volgende")
        assert footer._shown is not shown and line.get_style_at_offset(app.console, at).dim


async def test_a_click_presses_the_key_unless_it_is_disabled() -> None:
    app = Keys()
    async with app.run_test(size=(80, 10)) as pilot:
        await settle(pilot)
        footer = app.query_one(Footer)
        x = drawn(footer).index("Volgende")
        await pilot.click(Footer, offset=(x, 0))
        assert app.pressed == 1
        app.allowed = None
        app.refresh_bindings()
        await settle(pilot)
        await pilot.click(Footer, offset=(x, 0))
        assert app.pressed == 1


class Many(Screen):
    """Keys bound least important first; KEY_ORDER turns that round."""

    KEY_ORDER = ("third", NAVIGATION, "second")
    BINDINGS = [Binding("x", "first", "Eerste"), Binding("y", "second", "Tweede"),
                Binding("z", "third", "Derde")]

    def compose(self) -> ComposeResult:
        yield Footer()


class ManyKeys(Keys):
    BINDINGS = [*Keys.BINDINGS, Binding("g", "switch_mode('x')", "Ga")]

    def compose(self) -> ComposeResult:
        yield Footer()

    def on_mount(self) -> None:
        self.push_screen(Many())


async def test_keys_go_in_the_screens_order_of_importance() -> None:
    app = ManyKeys()
    async with app.run_test(size=(100, 10)) as pilot:
        await settle(pilot)
        line = drawn(app.screen.query_one(Footer))
        # KEY_ORDER first (the app's navigation where named), then the screen's other keys,
        # then the app's; the help key at the right edge.
        assert line.split() == ["z", "Derde", "g", "Ga", "y", "Tweede", "x", "Eerste",
                                "f2", "Volgende", "F1", "Help"], line
        assert "meer" not in line and len(line) == 100


async def test_only_whole_keys_and_meer_f1_when_keys_are_left_out() -> None:
    app = ManyKeys()
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        line = drawn(footer)
        assert line == " z Derde  g Ga  y Tweede       meer: F1 ", repr(line)
        await pilot.click(Footer, offset=(line.index("meer"), 0))
        assert app.helped == 1 and app.pressed == 0
        await pilot.resize_terminal(62, 10)
        await settle(pilot)
        line = drawn(footer)
        assert line.startswith(" z Derde  g Ga  y Tweede  x Eerste  f2 Volgende ")
        assert line.endswith(" F1 Help ") and "meer" not in line, repr(line)


# --- the main screens of vp-tui -------------------------------------------------------------

#: Keys from the start (the dashboard) to each main screen, the case and the file.
SCREENS = {"dashboard": [], "organisations": ["o"], "file": ["o", "enter"], "cases": ["m"],
           "case": ["m", "enter"], "coverage": ["v"], "retention": ["t"], "report": ["j"]}


async def _open(pilot, keys: list[str]) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def drawn_keys(footer: Footer) -> tuple[list[Shown], bool]:
    """The keys drawn whole from the left, and whether the line ends in "meer: F1" (checked:
    nothing else is on the line, no key is cut)."""
    keys, _help = footer._shown
    line = drawn(footer)
    assert len(line) == footer.size.width, line
    at, drawn_whole = 0, []
    for shown in keys:
        part = Footer._part(shown, Style(), Style()).plain
        if not line.startswith(part, at):
            break
        at += len(part)
        drawn_whole.append(shown)
    right = line[at:].strip()
    left_out = len(drawn_whole) < len(keys)
    assert right == ("meer: F1" if left_out else "F1 Help"), line
    return drawn_whole, left_out


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("keys", SCREENS.values(), ids=SCREENS)
async def test_each_screen_draws_whole_keys_that_work_and_says_where_the_rest_is(
        keys: list[str], width: int) -> None:
    app = demo_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await _open(pilot, keys)
        footer = app.screen.query_one(Footer)
        shown, _left_out = drawn_keys(footer)
        assert shown
        active = app.screen.active_bindings
        for key, _display, _description, _enabled in shown:
            binding = active[key]
            name = parse_action(binding.binding.action)[1]
            assert binding.enabled and callable(getattr(binding.node, f"action_{name}", None))
        # What the terminal shows is the line drawn.
        assert screen_text(app).splitlines()[-1].split() == drawn(footer).split()


async def test_at_80_columns_the_keys_left_out_are_named_in_help() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, SCREENS["case"])
        footer = app.screen.query_one(Footer)
        shown, left_out = drawn_keys(footer)
        assert left_out
        hidden = {s[2] for s in footer._shown[0]} - {s[2] for s in shown}
        await pilot.click(Footer, offset=(drawn(footer).index("meer"), 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        listed = {a.description for a in app.screen._actions}
        assert hidden and hidden <= listed


#: How to come back to each screen from anywhere (the report's keys write files: left out).
ROUTES = {**SCREENS, "dashboard": ["d"]}
del ROUTES["report"]


@pytest.mark.parametrize("name", ROUTES)
async def test_every_key_drawn_at_80_columns_does_something(name: str) -> None:
    """Each key drawn opens a screen or a form, moves the focus, or says something."""
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, ROUTES[name])
        screen = type(app.screen)
        shown, _left_out = drawn_keys(app.screen.query_one(Footer))
        for key, _display, description, _enabled in shown:
            before = (app.screen, _focus(app), len(notices(app)))
            await pilot.press(key)
            await settle(pilot)
            assert (app.screen, _focus(app), len(notices(app))) != before, description
            if isinstance(app.screen, ModalScreen):
                await _open(pilot, ["escape"])
            if type(app.screen) is not screen:
                await _open(pilot, ROUTES[name])
            elif _focus(app) != before[1]:
                await _open(pilot, ["escape"])  # from the search field back to the list
            assert type(app.screen) is screen and _focus(app) == before[1]


def _focus(app) -> tuple[type, str | None]:
    """The focused widget, by kind and id: the same on a screen opened again."""
    return type(app.focused), getattr(app.focused, "id", None)


async def test_keys_that_would_do_nothing_are_not_offered() -> None:
    """Clearing filters only with a filter set; withdrawing an absence only with one shown."""
    app = demo_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await _open(pilot, ["m"])
        assert "c" not in app.screen.active_bindings
        await _open(pilot, ["slash", "2", "0", "2", "6", "enter"])  # a search, back to the list
        assert "c" in app.screen.active_bindings
        await _open(pilot, ["v"])
        coverage = app.screen
        assert "x" in coverage.active_bindings
        for _week in range(30):
            if "x" not in coverage.active_bindings:
                break
            await _open(pilot, ["right_square_bracket"])
        assert "x" not in coverage.active_bindings
        assert "Intrekken" not in drawn(coverage.query_one(Footer))
