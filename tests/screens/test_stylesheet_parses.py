"""Start parses and restyles no more than it must. The dashboard's CSS is read with the app's
(VpApp.CSS_PATH): read when the screen first shows, Textual parsed every stylesheet of the
app again and restyled the whole app, on top of the parse it does anyway when the first mode
starts. A screen skips Textual's restyle at its first resume, and the demo's class is set
before anything is mounted."""

from __future__ import annotations

from tests.apps import demo_app
from vp_tui.widgets.record_table import RecordTable


async def test_start_parses_the_stylesheets_once_more_not_twice() -> None:
    app = demo_app()
    parses = []
    reparse = app.stylesheet.reparse

    def counted() -> None:
        parses.append(1)
        reparse()

    app.stylesheet.reparse = counted  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert len(parses) == 1
        table = app.screen.query_one("#my-cases", RecordTable)
        assert table.styles.max_height is not None  # dashboard.tcss applies
        assert table.styles.max_height.value == 8


async def test_a_screen_is_restyled_on_resume_but_not_when_first_shown() -> None:
    """Textual restyles a screen and all its widgets at every resume; the first resume comes
    right after the screen was mounted with the final CSS, so it is skipped then only
    (VpScreen.on_screen_resume)."""
    app = demo_app()
    restyled: list[str] = []
    update_styles = app.update_styles

    def counted(node, animate: bool = True) -> None:  # noqa: ANN001 - App.update_styles
        if node.__class__.__name__ in ("DashboardScreen", "CasesScreen"):
            restyled.append(node.__class__.__name__)
        update_styles(node, animate=animate)

    app.update_styles = counted  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert restyled == []
        await pilot.press("m")  # a mode's first switch resumes its screen twice: one restyle
        await pilot.pause()
        assert restyled == ["CasesScreen"]
        for key in "dm":
            await pilot.press(key)
            await pilot.pause()
        assert restyled == ["CasesScreen", "DashboardScreen", "CasesScreen"]
