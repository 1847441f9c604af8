"""RecordTable fills many rows at once (`_add_rows`) instead of calling DataTable.add_row per
row; the table it leaves must be the table add_row leaves: rows, their order and cells, the
cursor, and the same RowHighlighted messages."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import DuplicateKey

from vp_tui.widgets.record_table import RecordTable

COLUMNS = [("Code", "code"), ("Naam", "name"), ("Status", "status")]


class TwoTables(App):
    def __init__(self) -> None:
        super().__init__()
        self.highlighted: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield RecordTable(COLUMNS, id="bulk")
        yield RecordTable(COLUMNS, id="one-by-one")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.highlighted.append((event.data_table.id or "", event.cursor_row))


def state(table: RecordTable) -> tuple:
    return (
        [(key, table._row_locations.get(key)) for key in table._row_locations],
        {table._row_locations.get_key(n) for n in range(len(table.rows))},
        table._data,
        table.rows,
        table._new_rows,
        table.cursor_coordinate,
        table.row_count,
    )


ROWS = st.lists(
    st.tuples(st.integers(1, 10_000),
              st.lists(st.text(max_size=6).map(Text), min_size=0, max_size=3)),
    max_size=12, unique_by=lambda row: row[0],
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=ROWS, rows=ROWS, cursor=st.integers(0, 14))
async def test_a_bulk_fill_leaves_the_table_add_row_leaves(before, rows, cursor: int) -> None:
    app = TwoTables()
    async with app.run_test() as pilot:
        bulk = app.query_one("#bulk", RecordTable)
        single = app.query_one("#one-by-one", RecordTable)
        for table in (bulk, single):  # a table that held other rows, cursor somewhere
            for record_id, cells in before:
                DataTable.add_row(table, *cells, key=str(record_id))
            table.move_cursor(row=cursor)
        await pilot.pause()
        app.highlighted.clear()
        counts = bulk._update_count, single._update_count
        bulk.clear()
        bulk._add_rows(rows)
        single.clear()
        for record_id, cells in rows:
            DataTable.add_row(single, *cells, key=str(record_id))
        await pilot.pause()
        assert state(bulk) == state(single)
        assert bulk._update_count - counts[0] == single._update_count - counts[1]
        assert sorted(row for table, row in app.highlighted if table == "bulk") == sorted(
            row for table, row in app.highlighted if table == "one-by-one")
        assert bulk.cursor_coordinate == Coordinate(0, 0)


async def test_a_bulk_fill_refuses_what_add_row_refuses() -> None:
    app = TwoTables()
    async with app.run_test():
        table = app.query_one("#bulk", RecordTable)
        with pytest.raises(DuplicateKey):
            table._add_rows([(1, [Text("a")]), (1, [Text("b")])])
        table.clear()
        with pytest.raises(ValueError, match="More values"):
            table._add_rows([(2, [Text("a"), Text("b"), Text("c"), Text("d")])])
