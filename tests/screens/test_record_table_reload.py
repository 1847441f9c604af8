"""RecordTable.load skips the refill when nothing drawn would change; anything that would
(a cell's text, its style, a column label, the order) is drawn."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tests.screens.tui import screen_text
from vp_tui.widgets.record_table import RecordTable


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield RecordTable([("Naam", "name"), ("Stand", "state")], id="t")


def drawn(table: RecordTable) -> list[tuple[str, str]]:
    return [(str(table.get_cell_at((r, 0))), repr(table.get_cell_at((r, 1))))
            for r in range(table.row_count)]


async def test_reload_draws_changes_and_skips_only_identical_rows() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(RecordTable)
        table.load([(1, ["Anna", "open"]), (2, ["Bert", "dicht"])])
        await pilot.pause()
        table.move_cursor(row=1)
        table.load([(1, ["Anna", "open"]), (2, ["Bert", "dicht"])])
        await pilot.pause()
        assert table.current_id == 2 and table.row_count == 2

        table.load([(1, ["Anna", "open"]), (2, ["Bert", Text("dicht", style="bold")])])
        await pilot.pause()
        assert "bold" in drawn(table)[1][1]  # same text, another style: drawn

        table.load([(2, ["Bert", Text("dicht", style="bold")]), (1, ["Anna", "open"])])
        await pilot.pause()
        assert [str(table.get_cell_at((r, 0))) for r in range(2)] == ["Bert", "Anna"]

        table.columns[table.ordered_columns[0].key].label = Text("Naam ▲")
        table.load([(2, ["Bert", Text("dicht", style="bold")]), (1, ["Anna", "open"])])
        await pilot.pause()
        assert "Naam ▲" in screen_text(app)
