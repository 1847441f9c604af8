"""A RecordTable keeps the rows it has drawn when only its height changes (each dashboard
table grows when its rows arrive), and draws them again at a new width."""

from __future__ import annotations

from textual.app import App, ComposeResult

from vp_tui.widgets.record_table import RecordTable


class TableApp(App):
    CSS = "RecordTable { height: 5; width: 26; }"

    def compose(self) -> ComposeResult:
        yield RecordTable([("Code", "code"), ("Naam", "name")], fit="name")


def drawn(table: RecordTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_rows_are_drawn_again_only_for_a_new_width() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 30)) as pilot:
        table = app.query_one(RecordTable)
        table.load([(i, [f"2026-{i:04d}", f"Organisatie {i}"]) for i in range(1, 21)])
        await pilot.pause()
        kept = table._update_count
        table.styles.height = 12
        await pilot.pause()
        assert table.size.height == 12
        assert table._update_count == kept  # the rows drawn at this width still hold
        assert drawn(table)[11].startswith(" 2026-0011  Organisati… ")
        table.styles.width = 50
        await pilot.pause()
        assert table._update_count > kept
        assert drawn(table)[11].startswith(" 2026-0011  Organisatie 11 ")


class CountingTable(RecordTable):
    """Remembers the height of each Resize and counts fills."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.heights: list[int] = []
        self.fills = 0

    def on_resize(self, event) -> None:  # noqa: ANN001 - Textual's event
        self.heights.append(event.size.height)
        super().on_resize(event)

    def _fill(self) -> None:
        self.fills += 1
        super()._fill()


class LoadedAtMount(App):
    """A table of auto height loaded before the first layout, as the dashboard is."""

    CSS = "CountingTable { height: auto; max-height: 8; }"

    def __init__(self, name_width: int) -> None:
        super().__init__()
        self.name_width = name_width

    def compose(self) -> ComposeResult:
        yield CountingTable([("Code", "code"), ("Naam", "name")], fit="name")

    def on_mount(self) -> None:
        self.query_one(CountingTable).load(
            [(i, [f"2026-{i:04d}", f"Organisatie {i}".ljust(self.name_width, "x")])
             for i in range(1, 21)])


async def test_rows_loaded_before_the_first_layout_get_their_height_at_once() -> None:
    """Filled only at the first resize (once the width was known), the table was laid out
    one line high first, and the screen laid out and drawn again once its rows came."""
    app = LoadedAtMount(name_width=20)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(CountingTable)
        assert table.heights[0] == 8
        assert table.fills == 1  # nothing cut at 60 columns: no second fill
        assert drawn(table)[1].startswith(" 2026-0001  Organisatie 1xxxxxxx ")
        app.screen.styles.width = 50  # narrower, still nothing to cut
        await pilot.pause()
        assert table.fills == 1


async def test_a_width_that_cuts_a_column_fills_again() -> None:
    app = LoadedAtMount(name_width=70)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(CountingTable)
        assert table.fills == 2  # loaded uncut, then cut at the first resize
        line = drawn(table)[1]
        assert line.startswith(" 2026-0001  Organisatie 1xxx")
        assert line.rstrip().endswith("…")
        assert table.virtual_size.width <= table.scrollable_content_region.width
