"""RecordTable draws its rows without passing each cell through Rich's console; every character
and its style must be what DataTable's own renderer draws, for any text, style, width, cursor
and hover."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from vp_tui.widgets.record_table import RecordTable

STYLES = ["", "bold", "bold reverse", "red on blue", "italic underline"]
#: Wide (CJK, emoji), narrow, markup-like and space characters: truncation counts cells.
CHARS = st.sampled_from(list("aZ é漢字👍[]/ ·…") + ["[bold]"])


@st.composite
def cells(draw) -> Text:  # noqa: ANN001
    text = Text("".join(draw(st.lists(CHARS, max_size=14))), style=draw(st.sampled_from(STYLES)),
                justify=draw(st.sampled_from([None, "left", "right"])),
                overflow=draw(st.sampled_from([None, "fold", "crop", "ellipsis"])))
    if len(text) > 2 and draw(st.booleans()):
        start = draw(st.integers(0, len(text) - 1))
        text.stylize(draw(st.sampled_from(STYLES[1:])), start, draw(st.integers(start, len(text))))
    return text


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield RecordTable([("Naam", "a"), ("Soort 漢", "b"), ("", "c")], id="t", fit="a")


def chars(line: list[list[Segment]]) -> list[tuple[str, Style | None]]:
    """Each drawn character with its style: what the terminal shows, however segmented."""
    return [(ch, segment.style) for cell in line for segment in cell for ch in segment.text]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(cells(), cells(), cells()), min_size=1, max_size=4),
       width=st.integers(12, 70))
async def test_rows_draw_as_datatable_draws_them(rows: list[tuple[Text, Text, Text]],
                                                 width: int) -> None:
    app = TableApp()
    async with app.run_test(size=(width, 10)):
        table = app.query_one(RecordTable)
        table.load([(n, list(cells)) for n, cells in enumerate(rows)])
        base = Style(color="white", bgcolor="black")
        for row_key in [table._header_row_key, *table.rows]:
            for cursor in (Coordinate(0, 0), Coordinate(1, 0)):
                for hover in (Coordinate(-1, 0), Coordinate(0, 2), Coordinate(9, 0)):
                    for show_hover in (False, True):
                        table._show_hover_cursor = show_hover
                        args = (row_key, 0, base, cursor, hover)
                        table._clear_caches()
                        fixed, ours = table._render_line_in_row(*args)
                        table._clear_caches()
                        _fixed, theirs = DataTable._render_line_in_row(table, *args)
                        assert fixed == [] and chars(ours) == chars(theirs), (
                            row_key, cursor, hover, show_hover)


async def test_a_cell_text_is_laid_out_once_for_all_rows_and_refills() -> None:
    """Rows share one Text per distinct string (RecordTable._text); its layout at a width is
    kept per Text, so 30 rows of two distinct strings and a refill with the same strings lay
    out only those strings, where every cell in view was laid out again after each refill."""
    app = TableApp()
    async with app.run_test(size=(60, 40)) as pilot:
        table = app.query_one(RecordTable)
        for refill in range(2):
            table.load([(n + refill, [f"zaak {n % 2}", "open", ""]) for n in range(30)])
            await pilot.pause()
        laid_out = [cell.plain for cell, _segments in table._segments.values()]
        assert [laid_out.count(text) for text in ("zaak 0", "zaak 1", "open")] == [1, 1, 1]
