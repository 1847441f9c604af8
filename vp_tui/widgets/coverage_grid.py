"""The coverage grid: organisations down, working days across, each gap marked by a character.

Marks are characters first and colour second, so the grid reads the same with NO_COLOR:
`X` onbezet, `!` onvolledig (a man or a woman missing), `·` covered; a second character `o` or
`m` says that only the morning or the afternoon has the gap. A day the client itself is
closed (its own days off, services.calendars) stays empty: there is nothing to cover.

A day takes three columns, so four weeks fit beside the names in 80 columns; the names get
what is left (between NAME_MIN and NAME_MAX), cut with an ellipsis.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from vp_tui.i18n import _, language
from vp_tui.services.coverage import Coverage, Gap
from vp_tui.widgets.safe import literal

MARKS = {"onbezet": "X", "onvolledig": "!"}
PART_MARKS = {"dag": " ", "ochtend": "o", "middag": "m"}
STYLES = {"onbezet": "bold reverse red", "onvolledig": "bold yellow"}
NAME_MIN, NAME_MAX = 12, 40
DAY_WIDTH = 3
#: Room kept beside the columns for a vertical scrollbar.
SCROLLBAR = 2


def legend() -> str:
    return _("X onbezet   ! onvolledig (man en vrouw)   · bezet   "
             "o/m alleen ochtend/middag")


def mark(gap: Gap | None) -> Text:
    if gap is None:
        return Text("· ", style="dim")
    return Text(MARKS[gap.kind] + PART_MARKS[gap.day_part], style=STYLES[gap.kind])


def _name(name: str, width: int) -> Text:
    """The organisation's name on one line, cut with an ellipsis, a space before the days."""
    text = literal(name)
    text.truncate(width - 1, overflow="ellipsis")
    return text


class CoverageGrid(DataTable):
    """A cell per organisation per working day; moving the cursor posts the cell it is on,
    Enter the cell it is on."""

    class CellChosen(Message):
        def __init__(self, organisation_id: int, day: dt.date) -> None:
            super().__init__()
            self.organisation_id = organisation_id
            self.day = day

    class CellOpened(CellChosen):
        """Enter on a day of an organisation."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", header_height=2, fixed_columns=1, cell_padding=0,
                         **kwargs)
        self._days: list[dt.date] = []
        self._coverage: Coverage | None = None
        self._name_width = NAME_MAX

    def name_width(self) -> int:
        """What the days leave of the widget's width (the widest before it is laid out)."""
        if not self.size.width:
            return NAME_MAX
        left = self.size.width - SCROLLBAR - DAY_WIDTH * len(self._days)
        return max(NAME_MIN, min(NAME_MAX, left))

    def show(self, coverage: Coverage) -> None:
        keep = self.cursor_coordinate
        self.clear(columns=True)
        self._coverage = coverage
        self._days = coverage.days
        self._name_width = width = self.name_width()
        locale = "en_GB" if language() == "en" else "nl_NL"
        self.add_column(_("Organisatie"), key="org", width=width)
        for day in coverage.days:
            label = f"{format_date(day, 'EEEEEE', locale=locale)}\n{day.day:>2}"
            self.add_column(label, key=day.isoformat(), width=DAY_WIDTH)
        gaps = {(g.organisation_id, g.day): g for g in coverage.gaps}
        for org in coverage.organisations:
            closed = coverage.closed.get(org.id, {})
            cells = [_name(org.name, width)]
            cells += [Text("  ") if day in closed else mark(gaps.get((org.id, day)))
                      for day in coverage.days]
            self.add_row(*cells, key=str(org.id))
        if self.row_count:
            self.move_cursor(row=min(keep.row, self.row_count - 1),
                             column=max(1, min(keep.column, len(self._days))))

    def select(self, organisation_id: int, day: dt.date) -> None:
        """Put the cursor on one organisation and day (when they are in the grid)."""
        if day in self._days:
            row = self.get_row_index(str(organisation_id))
            self.move_cursor(row=row, column=self._days.index(day) + 1)

    def on_resize(self) -> None:
        if self._coverage is not None and self.name_width() != self._name_width:
            self.show(self._coverage)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._post(self.CellChosen, event)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self._post(self.CellOpened, event)

    def _post(self, message: type[CellChosen],
              event: DataTable.CellHighlighted | DataTable.CellSelected) -> None:
        column = event.coordinate.column
        if column == 0 or not self._days or event.cell_key.row_key.value is None:
            return
        self.post_message(message(int(event.cell_key.row_key.value), self._days[column - 1]))
