"""A keyboard-first table of records whose row keys are database ids.

DataTable renders only the visible rows; cells are built with `literal`, so user text can
never become markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from vp_tui.i18n import _
from vp_tui.widgets.safe import literal


class RecordTable(DataTable):
    """Columns are (label, key); `load` replaces the rows and keeps the cursor where it can."""

    BINDINGS = [Binding("enter", "select_cursor", _("Openen"), show=False)]

    class Opened(Message):
        """Enter on a row: the screen decides what opening a record means."""

        def __init__(self, table: RecordTable, record_id: int) -> None:
            super().__init__()
            self.table = table
            self.record_id = record_id

    def __init__(self, columns: Sequence[tuple[str, str]], **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns = columns

    def on_mount(self) -> None:
        for label, key in self._columns:
            self.add_column(label, key=key)

    def load(self, rows: Iterable[tuple[int, Sequence[object]]]) -> None:
        row = self.cursor_row
        self.clear()
        for record_id, cells in rows:
            self.add_row(*(c if hasattr(c, "spans") else literal(c) for c in cells),
                         key=str(record_id))
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    @property
    def current_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Opened(self, int(event.row_key.value)))
