"""RecordTable updates its scrollbars only when its size or its rows change (not at every
layout of the screen): they must still follow every change of the rows and of the size."""

from __future__ import annotations

from textual.app import App, ComposeResult

from vp_tui.widgets.record_table import RecordTable


class TableApp(App):
    CSS = "RecordTable { height: 10; }"

    def compose(self) -> ComposeResult:
        yield RecordTable([("Code", "code"), ("Naam", "name")], fit="name")


def rows(n: int) -> list[tuple[int, list[str]]]:
    return [(i, [f"2026-{i:04d}", f"Organisatie {i}"]) for i in range(1, n + 1)]


async def test_scrollbars_follow_the_rows_and_the_size() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 50)) as pilot:
        table = app.query_one(RecordTable)
        table.load(rows(3))
        await pilot.pause()
        assert not table.show_vertical_scrollbar
        table.load(rows(50))
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_virtual_size == 51  # rows and the header
        assert table.vertical_scrollbar.window_size == 10
        table.load(rows(30))
        await pilot.pause()
        assert table.vertical_scrollbar.window_virtual_size == 31
        table.styles.height = 40
        await pilot.pause()
        assert not table.show_vertical_scrollbar  # 31 lines fit in 40
        table.styles.height = 10
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_size == 10
        table.load(rows(3))
        await pilot.pause()
        assert not table.show_vertical_scrollbar


async def test_a_refill_of_a_table_of_set_height_lays_out_nothing() -> None:
    """Its rows change its virtual size, which asks Textual for a layout of the whole screen;
    a table of a set height (the lists' 1fr) keeps its place, so none is made, and the
    scrollbar and the scroll position still follow the rows."""
    app = TableApp()
    async with app.run_test(size=(60, 50)) as pilot:
        table = app.query_one(RecordTable)
        table.load(rows(50))
        await pilot.pause()
        table.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        layouts = []
        screen_layout = app.screen._refresh_layout
        app.screen._refresh_layout = lambda *a, **k: (layouts.append(a), screen_layout(*a, **k))
        table.load(rows(30))
        await pilot.pause()
        assert layouts == []
        assert table.vertical_scrollbar.window_virtual_size == 31
        assert table.scroll_y == table.max_scroll_y == 31 - 10
