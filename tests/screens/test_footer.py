"""The key bar (vp_tui.widgets.footer): the screen's keys on one line, redrawn only when they
change, a disabled key dimmed, a click pressing the key, the help and palette keys at the right."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from vp_tui.widgets.footer import Footer


class Keys(App):
    BINDINGS = [Binding("f1", "help", "Help"), Binding("f2", "next", "Volgende"),
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
        await pilot.pause()
        footer = app.query_one(Footer)
        shown = footer._shown
        assert " f2 Volgende " in drawn(footer) and "Verborgen" not in drawn(footer)
        for target in ("#b", "#a", "#b"):
            app.query_one(target, Input).focus()
            await pilot.pause()
        assert footer._shown is shown  # the same keys: nothing was drawn again
        app.allowed = None  # shown, but disabled
        app.refresh_bindings()
        await pilot.pause()
        line = footer.render()
        at = line.plain.index("Volgende")
        assert footer._shown is not shown and line.get_style_at_offset(app.console, at).dim


async def test_a_click_presses_the_key_unless_it_is_disabled() -> None:
    app = Keys()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        x = drawn(footer).index("Volgende")
        await pilot.click(Footer, offset=(x, 0))
        assert app.pressed == 1
        app.allowed = None
        app.refresh_bindings()
        await pilot.pause()
        await pilot.click(Footer, offset=(x, 0))
        assert app.pressed == 1


async def test_the_help_and_palette_keys_stay_at_the_right_edge_when_the_keys_do_not_fit() -> None:
    app = Keys()
    async with app.run_test(size=(36, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        line = drawn(footer)
        # Bound first, the help key is still drawn at the right edge, after the cut keys.
        assert line.rstrip().endswith("▕ f1 Help  ^p palette") and len(line) == 36, line
        assert line.startswith(" f2 Volg"), line
        await pilot.click(Footer, offset=(line.index("Help"), 0))
        assert app.helped == 1 and app.pressed == 0
