"""A check box and a multiple choice whose state reads as characters, not only as colour.

Textual draws both as a block with an `X` in it whether ticked or not, and tells the two apart by
the colour of that `X`: with NO_COLOR, on a monochrome terminal or for someone who does not see
the colour, every box looks ticked. Here a ticked box is `[x]` and an empty one `[ ]`, the check
box's text says `ja` or `nee`, and colour only repeats what the characters say.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from vp_tui.i18n import _

TICKED, EMPTY = "[x]", "[ ]"


def mark(ticked: bool) -> str:
    return TICKED if ticked else EMPTY


class ReadableCheckbox(Checkbox):
    """`[x] ja` or `[ ] nee`."""

    DEFAULT_CSS = """
    ReadableCheckbox > .toggle--button {
        color: $foreground;
        background: transparent;
    }
    ReadableCheckbox.-on > .toggle--button {
        color: $text-success;
        text-style: bold;
    }
    """

    def __init__(self, value: bool = False, *, yes: str | None = None, no: str | None = None,
                 **kwargs) -> None:
        self._yes = _("ja") if yes is None else yes
        self._no = _("nee") if no is None else no
        super().__init__(self._yes if value else self._no, value, **kwargs)

    @property
    def _button(self) -> Content:
        return Content.styled(mark(self.value), self.get_visual_style("toggle--button"))

    def watch_value(self) -> None:
        super().watch_value()
        self.label = self._yes if self.value else self._no


class ReadableSelectionList(SelectionList):
    """Each option with `[x]` or `[ ]` before it."""

    def _get_left_gutter_width(self) -> int:
        return len(TICKED) + 1

    def render_line(self, y: int) -> Strip:
        # SelectionList draws its coloured block over OptionList's line; the same, with a mark.
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        ticked = selection.value in self.selected
        base = next(iter(line)).style or self.rich_style
        style = base + Style(meta={"option": index})
        if ticked:
            colour = self.get_component_rich_style("selection-list--button-selected").color
            style += Style(color=colour, bold=True)
        return Strip([Segment(mark(ticked), style), Segment(" ", base), *line])
