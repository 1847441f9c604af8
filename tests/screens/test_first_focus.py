"""Each main screen gives the focus to its list from the first frame, and to nothing before
it: a focus that moves restyles the widget and everything inside it (at start, the
dashboard's scroll container and all six tables, twice)."""

from __future__ import annotations

import pytest
from textual import events

from tests.apps import demo_app
from tests.screens.tui import settle


@pytest.mark.parametrize(("key", "expected"), [
    (None, "my-cases"),
    ("o", "RecordTable"),
    ("m", "RecordTable"),
    ("t", "DueCases"),  # the retention screen's RecordTable
    ("v", "CoverageGrid"),
])
async def test_the_list_is_the_first_and_only_focus(key: str | None, expected: str) -> None:
    focused = []

    def hook(message) -> None:  # noqa: ANN001 - Textual's message hook
        if isinstance(message, events.DescendantFocus):
            focused.append(message.widget)

    app = demo_app()
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await settle(pilot)
        if key is not None:
            focused.clear()
            await pilot.press(key)
            await settle(pilot)
        names = {w.id if expected == "my-cases" else type(w).__name__ for w in focused}
        assert names == {expected}
        assert app.focused is focused[-1]
