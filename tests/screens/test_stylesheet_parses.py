"""The dashboard's CSS is read with the app's (VpApp.CSS_PATH): read when the screen first
shows, Textual parsed every stylesheet of the app again and restyled the whole app, on top
of the parse it does anyway when the first mode starts."""

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
