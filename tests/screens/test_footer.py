"""The key bar redraws only when the keys it shows change (vp_tui.widgets.footer)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from vp_tui.widgets.footer import Footer


class Keys(App):
    BINDINGS = [Binding("f2", "next", "Volgende")]
    allowed: bool | None = True

    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.allowed if action == "next" else True


async def test_focus_changes_keep_the_keys_and_a_changed_key_is_redrawn() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        first = list(footer.query(FooterKey))
        assert "Volgende" in [k.description for k in first]
        for target in ("#b", "#a", "#b"):
            app.query_one(target, Input).focus()
            await pilot.pause()
        assert list(footer.query(FooterKey)) == first  # the same widgets: nothing rebuilt
        app.allowed = None  # shown, but disabled
        app.refresh_bindings()
        await pilot.pause()
        keys = list(footer.query(FooterKey))
        assert keys != first and next(k for k in keys if k.description == "Volgende").has_class(
            "-disabled")
