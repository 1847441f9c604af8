"""A keyboard-first table of records whose row keys are database ids.

Cells are built with `literal`, so user text can never become markup. Columns named in `fit`
have their cells shortened (with an ellipsis) so that the table never needs a sideways
scroll at the current width. Only the rows in view are drawn, and RecordTable draws them
itself (BENCHMARKS.md): DataTable's drawing was most of a keystroke in the case list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import zip_longest

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual._types import SegmentLines
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import DuplicateKey, Row, RowKey

from vp_tui.i18n import _
from vp_tui.widgets.safe import literal


class RecordTable(DataTable):
    """Columns are (label, key); `load` replaces the rows and keeps the cursor on the same
    record when it is still there (else on the same row number)."""

    BINDINGS = [Binding("enter", "select_cursor", _("Openen"), show=False)]

    class Opened(Message):
        """Enter on a row: the screen decides what opening a record means."""

        def __init__(self, table: RecordTable, record_id: int) -> None:
            super().__init__()
            self.table = table
            self.record_id = record_id

    def __init__(self, columns: Sequence[tuple[str, str]], fit: str | Sequence[str] = (),
                 openable: bool = True, **kwargs) -> None:
        #: The widget's style and its rows' styles, looked up once per frame: resolving
        #: them through the CSS for each of a frame's lines was a fifth of drawing it (set
        #: first: DataTable's constructor clears the caches).
        self._frame_styles: dict[object, Style] = {}
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns = columns
        #: False for tables whose rows open nothing: Enter is then not offered at all.
        self.openable = openable
        self._fit = (fit,) if isinstance(fit, str) else tuple(fit)
        self._rows: list[tuple[int, list[Text]]] = []
        #: Per column, the widest label or cell of the rows loaded: measured once per load,
        #: since measuring text in cells is the costly part of a fill.
        self._naturals: list[int] = []
        self._shown_rows: tuple = ()
        #: Column index -> width of the columns the last fill cut; None before any fill.
        self._filled_cuts: dict[int, int] | None = None
        #: One literal Text per distinct cell string (see _text).
        self._texts: dict[str, Text] = {}
        #: (id of a cell's Text, width, padding) -> (that Text, its layout); see _cell_segments.
        self._segments: dict[tuple[int, int, int], tuple[object, list[Segment] | None]] = {}
        #: (size, container size, virtual size) the scrollbars were last updated for.
        self._sized: tuple[Size, Size, Size] | None = None
        #: The mouse metadata of each cell position drawn (the same Style each frame).
        self._metas: dict[tuple[int, int], Style] = {}
        #: The width of the last Resize: rows drawn since are still right at that width.
        self._resized_width = 0

    def on_mount(self) -> None:
        for label, key in self._columns:
            self.add_column(label, key=key)

    def load(self, rows: Iterable[tuple[int, Sequence[object]]]) -> None:
        loaded = [(record_id, [self._text(c) for c in cells]) for record_id, cells in rows]
        shown = self._shown(loaded)
        if shown == self._shown_rows and self._cuts() == self._filled_cuts:
            # Nothing on screen would change (a search keystroke that matches the same
            # records): a refill would only redraw every visible cell.
            return
        self._rows, self._shown_rows = loaded, shown
        self._naturals = [
            max([cell_len(str(label))] + [cells[index].cell_len for _id, cells in self._rows])
            for index, (label, _key) in enumerate(self._columns)
        ]
        # Filled now also when not laid out yet (no width: nothing cut), so that the first
        # layout has every row: the first resize fills again only when the width cuts a
        # column. Filled at the first resize instead, the dashboard's tables were placed one
        # line high, and the screen was laid out and drawn again when their rows came.
        self._fill()

    def reset(self) -> None:
        """Empty, with the cursor and the view back at the top: for other records, where
        load would keep the cursor on the same row number."""
        self.clear()
        self._rows, self._shown_rows, self._filled_cuts = [], (), None
        self.scroll_home(animate=False, immediate=True)

    def _text(self, cell: object) -> Text:
        """The cell as literal Text, one Text per distinct string: a list's names, labels and
        dates repeat from row to row and from one keystroke's results to the next. Shared
        safely: Texts are never changed in place. Cut with an ellipsis when drawn in a
        narrower column (only `fit` columns are ever narrower than their cells)."""
        if isinstance(cell, Text):
            return cell
        if type(cell) is not str:
            return literal(cell)
        text = self._texts.get(cell)
        if text is None:
            if len(self._texts) >= 20_000:
                self._texts.clear()
            text = self._texts[cell] = literal(cell)
            text.overflow = "ellipsis"
        return text

    def _fill(self) -> None:
        row, record, scrolled = self.cursor_row, self.current_id, self.scroll_y
        self.clear()
        limits = self._cuts()
        rows = []
        for record_id, cells in self._rows:
            if limits:
                cells = list(cells)
                for index, width in limits.items():
                    cell = cells[index]
                    if cell.overflow != "ellipsis" and cell.cell_len > width:
                        cells[index] = cell.copy()
                        cells[index].overflow = "ellipsis"
            rows.append((record_id, cells))
        # Column widths set before any render: clear() keeps the widest width ever seen, and
        # DataTable would measure new rows only when idle (RecordTable not at all).
        for index, column in enumerate(self.columns.values()):
            column.content_width = max(column.label.cell_len,
                                       limits.get(index, self._natural(index)))
        self._add_rows(rows)
        self._filled_cuts = limits
        if not self.row_count:
            return
        if record is not None and str(record) in self.rows:
            # The same record, seen from the same place: a refresh must not move the view.
            self.move_cursor(row=self.get_row_index(str(record)), scroll=False)
            self.scroll_y = scrolled
        else:
            self.move_cursor(row=min(row, self.row_count - 1))

    def _add_rows(self, rows: list[tuple[int, list[Text]]]) -> None:
        """DataTable.add_row for many one-line rows at once, into a cleared table: add_row's
        bookkeeping per row (the cursor set again, an idle check, the columns sorted) was a
        third of a fill, and a fill is part of every search keystroke and of the start.
        tests/screens/test_record_table_fill.py holds the table to what add_row makes."""
        keys = [column.key for column in self.ordered_columns]
        for record_id, cells in rows:
            row_key = RowKey(str(record_id))
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if len(cells) > len(keys):
                raise ValueError("More values provided than there are columns.")
            self._row_locations[row_key] = len(self.rows)
            self._data[row_key] = dict(zip_longest(keys, cells))
            self.rows[row_key] = Row(row_key, 1)
            self._new_rows.add(row_key)
        if not rows:
            return
        self._update_count += len(rows)  # before sizing: row offsets are cached per count
        # The table's size now, not when the app is next idle (DataTable's way): the refresh
        # timer could draw a frame in between, and the new size then drew the table again.
        self._require_update_dimensions = False
        self._update_dimensions(self._new_rows)
        self._new_rows.clear()
        # Whether the rows need a scrollbar, decided now: Textual would find out in the
        # next layout and then need another layout and frame to place it.
        self._refresh_scrollbars()
        self.cursor_coordinate = self.cursor_coordinate
        if len(rows) == self.row_count and self.columns and self.show_cursor \
                and self.cursor_type != "none":
            self._highlight_cursor()  # a cell for the cursor again, as add_row would say
        self.check_idle()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_styles.clear()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if self.fixed_rows:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.header_height if self.show_header else 0):
            y += scroll_y
        style = self._frame_styles.get("widget")
        if style is None:
            style = self._frame_styles["widget"] = self.rich_style
        return self._render_line(y, scroll_x, scroll_x + self.size.width, style)

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        key = (row_index == -1, row_index % 2, row_index < self.fixed_rows, base_style)
        style = self._frame_styles.get(key)
        if style is None:
            style = self._frame_styles[key] = super()._get_row_style(row_index, base_style)
        return style

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._frame_styles.clear()

    def _render_line_in_row(self, row_key: RowKey, line_no: int, base_style: Style,
                            cursor_location: Coordinate, hover_location: Coordinate,
                            ) -> tuple[SegmentLines, SegmentLines]:
        """DataTable's row renderer for the shape of table this is (one-line rows, a row
        cursor, no fixed or labelled rows and columns): each cell's text is laid out once
        per fill and width, and a row is drawn by styling those segments, where DataTable
        passes every cell through Rich's console again after each refill and each cursor
        move. That was most of a keystroke's cost in the case list. Any other shape goes to
        DataTable. tests/screens/test_record_table_render.py holds the two to the same output."""
        if (self.cursor_type != "row" or self.fixed_rows or self.fixed_columns
                or self._should_render_row_labels or self.header_height != 1):
            return super()._render_line_in_row(row_key, line_no, base_style,
                                               cursor_location, hover_location)
        cache_key = (row_key, line_no, base_style, cursor_location, hover_location,
                     self.cursor_type, self.show_cursor, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        header = row_key is self._header_row_key
        row_index = -1 if header else self._row_locations.get(row_key)
        cursor = row_index == cursor_location.row
        hover = row_index == hover_location.row
        row_style = self._get_row_style(row_index, base_style)
        component_style, post_style = self._get_styles_to_render_cell(
            header, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre_style = row_style + component_style
        line: list[list[Segment]] = []
        table_width = 0
        # Only one-line rows are laid out here (the header, and every row _add_rows adds).
        cells = self._get_row_renderables(row_index).cells if (
            header or self.rows[row_key].height == 1) else ()
        pad = self.cell_padding
        for column_index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            table_width += width
            cell = cells[column_index] if column_index < len(cells) else None
            segments = self._cell_segments(cell, width, pad) if cell is not None else None
            if segments is None:
                line.append(super()._render_cell(row_index, column_index, row_style, width,
                                                 cursor, hover)[line_no])
                continue
            meta = self._metas.get((row_index, column_index))
            if meta is None:
                meta = self._metas[row_index, column_index] = Style.from_meta(
                    {"row": row_index, "column": column_index})
            line.append(list(Segment.apply_style(segments, pre_style + meta, post_style)))
        extend_style, _post = self._get_styles_to_render_cell(
            header, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            False, False)
        extend_style = row_style + extend_style + Style.from_meta(
            {"row": row_index, "column": 0, "out_of_bounds": True})
        line.append([Segment(" " * max(0, self.size.width - table_width), extend_style)])
        rendered: tuple[SegmentLines, SegmentLines] = ([], line)
        self._row_render_cache[cache_key] = rendered
        return rendered

    def _cell_segments(self, cell: object, width: int, pad: int) -> list[Segment] | None:
        """A cell's text laid out at a column width, padding included, before the row's
        styles; None for a cell only DataTable can lay out (wrapped, aligned, not Text).

        Kept per Text object and width, not per row: cells share one Text per distinct
        string (see _text), so a list's dates, statuses and names are laid out once, also
        across refills, so a refill does not lay out every cell in view again."""
        key = (id(cell), width, pad)
        cached = self._segments.get(key)
        if cached is not None and cached[0] is cell:
            return cached[1]
        inner = width - 2 * pad
        segments: list[Segment] | None = None
        if not (isinstance(cell, Text) and inner > 0
                and cell.justify in (None, "default", "left")
                and "\n" not in cell.plain and "\t" not in cell.plain):
            pass
        elif not cell.spans and cell.justify != "left" and cell.cell_len <= inner:
            # Most cells: one run of text in one style that fits (Rich draws it the same).
            style = self.app.console.get_style(cell.style) if cell.style else None
            segments = [Segment(" " * pad), Segment(cell.plain, style),
                        Segment(" " * (inner - cell.cell_len + pad))]
        else:
            text = cell.copy()
            text.truncate(inner, overflow=cell.overflow or "fold", pad=cell.justify == "left")
            # Joined as Rich joins wrapped lines, so the text's own style becomes a span.
            segments = [Segment(" " * pad), *Text("\n").join([text]).render(self.app.console),
                        Segment(" " * (inner - text.cell_len + pad))]
        if len(self._segments) >= 20_000:
            self._segments.clear()
        self._segments[key] = (cell, segments)
        return segments

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """DataTable measures each cell of the new rows through Rich (with a look-up of the
        terminal's size per cell): a tenth of a keystroke in the case list. _fill has set
        every column's width from the same cells already, so for one-line rows without
        labels only the scrollable size is left to set."""
        rows = [self.rows[key] for key in new_rows if key in self.rows]
        if any(row.height != 1 or row.label is not None for row in rows):
            super()._update_dimensions(new_rows)
            return
        header = self.header_height if self.show_header else 0
        width = sum(column.get_render_width(self) for column in self.columns.values())
        size = Size(width + self._row_label_column_width, self._total_row_height + header)
        height = self.styles.height
        if height is None or height.is_auto or size == self.virtual_size:
            self.virtual_size = size  # the table's own height follows its rows: a layout
            return
        # A table of a set height (the lists' 1fr) keeps its place whatever its rows, so a
        # layout of the whole screen, which the virtual size asks for, would change nothing:
        # the scrollbars are updated here instead (showing or hiding one still lays out).
        self.set_reactive(DataTable.virtual_size, size)
        self._scroll_update(size)
        self.refresh()

    def _shown(self, rows: list[tuple[int, list[Text]]]) -> tuple:
        """What a fill of these rows would draw: the column labels, each row's id and its
        cells' text and styles (Text's own equality ignores the style)."""
        return (tuple(str(column.label) for column in self.columns.values()),
                tuple((record_id, tuple((c.plain, str(c.style), tuple(c.spans)) for c in cells))
                      for record_id, cells in rows))

    def _width(self) -> int:
        """The width the columns are fitted to: inside border and padding, with or without a
        scrollbar (room for one is always kept). A table's size shrinks when its scrollbar
        appears, which came after the first fill and made every table fill again."""
        return max(0, self.outer_size.width - self.styles.gutter.width)

    def _natural(self, index: int) -> int:
        return self._naturals[index] if index < len(self._naturals) else 0

    def _cuts(self) -> dict[int, int]:
        """The `fit` columns the width cuts, with their widths: only they need a look at
        their cells, each cell wider than the column being cut with an ellipsis when drawn."""
        return {i: w for i, w in self._fit_widths().items() if self._natural(i) > w}

    def _fit_widths(self) -> dict[int, int]:
        """Column index -> width for the `fit` columns: what is left once every other column
        has its natural width (widest label or cell), the cell padding and a vertical
        scrollbar are counted, shared so that narrow columns keep their natural width."""
        if not self._fit or not self._width():
            return {}
        keys = [key for _label, key in self._columns]
        fitted = [keys.index(k) for k in self._fit if k in keys]
        others = sum(self._natural(i) for i in range(len(keys)) if i not in fitted)
        padding = 2 * self.cell_padding * len(keys)
        left = self._width() - others - padding - self.styles.scrollbar_size_vertical
        widths: dict[int, int] = {}
        by_need = sorted(fitted, key=self._natural)
        for n, index in enumerate(by_need):
            share = max(6, left // (len(by_need) - n))
            widths[index] = min(self._natural(index), share)
            left -= widths[index]
        return widths

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        """Textual's ScrollView compares the virtual size the compositor passes (for a
        ScrollView, its region) with its own (rows by columns): never equal, so every layout
        of the screen redrew and rechecked the scrollbars, and a screen is laid out at each
        keystroke in a search field (the field's width changes). Skipped when the size, the
        container and the rows are what the scrollbars were last updated for."""
        sized = (size, container_size, self.virtual_size)
        if sized == self._sized:
            return False
        self._sized = sized
        return super()._size_updated(size, virtual_size, container_size, layout)

    def on_resize(self, event: events.Resize) -> None:
        """DataTable drops every row it has drawn at each resize. A row's drawing depends on
        the width only, and a table that grows or shrinks in height (each dashboard table
        when its rows arrive) had every row in view drawn twice at start. So DataTable's
        handler runs only when the width changed."""
        if event.size.width == self._resized_width:
            event.prevent_default()
        self._resized_width = event.size.width
        if self._fit and self._filled_cuts is not None and self._cuts() != self._filled_cuts:
            self._fill()

    @property
    def current_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is offered (help, palette) only where it opens a row."""
        if action == "select_cursor" and not (self.openable and self.row_count):
            return False
        return super().check_action(action, parameters)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Opened(self, int(event.row_key.value)))
