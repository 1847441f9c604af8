"""The search line of the list screens: typing filters at once; Enter, Esc or the down arrow go
to the list, so that the next keys move in it and open a row, instead of typing on."""

from __future__ import annotations

import pytest

from tests.apps import demo_app
from tests.screens.tui import settle
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.organisation_detail import OrganisationDetailScreen
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.search import SearchField


@pytest.mark.parametrize("leave", ["enter", "escape", "down"])
@pytest.mark.parametrize(("mode", "typed", "opens"), [
    ("m", "Baken", CaseDetailScreen),
    ("o", "Baken", OrganisationDetailScreen),
])
async def test_a_key_leaves_the_search_for_the_list(mode, typed, opens, leave) -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(mode, "slash", *typed)
        await settle(pilot)
        field = app.screen.query_one(SearchField)
        assert app.focused is field and field.value == typed
        await pilot.press(leave)
        await settle(pilot)
        table = app.screen.query_one(RecordTable)
        assert app.focused is table and field.value == typed  # the filter stays
        assert table.row_count > 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, opens)


async def test_a_long_search_scrolls_within_the_field() -> None:
    """The field's virtual size changes without laying out the screen (SearchField): a text
    wider than the field must still scroll so that the cursor stays in view."""
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m", "slash", *("x" * 100))
        await settle(pilot)
        field = app.screen.query_one(SearchField)
        assert field.value == "x" * 100
        assert field.virtual_size.width > field.size.width
        assert field.scroll_offset.x > 0
        assert field.scroll_offset.x + field.size.width >= 100  # the cursor's cell in view
