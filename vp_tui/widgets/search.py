"""The search line of a list screen, with the count of what the list shows beside it.

The list is filtered while typing, so there is nothing to submit: Enter, Esc and the down
arrow go to the list below, where the cursor is, so the next key can open a row.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input, Static

from vp_tui.i18n import _
from vp_tui.widgets.record_table import RecordTable


class SearchField(Input):
    BINDINGS = [
        Binding("enter", "to_list", _("Naar de lijst"), show=False),
        Binding("escape", "to_list", _("Naar de lijst"), show=False),
        Binding("down", "to_list", _("Naar de lijst"), show=False),
    ]

    #: Input sets its virtual size (the text's width) at each keystroke, and Widget's reactive
    #: then lays out the whole screen. The field's own size never depends on its text (its
    #: width comes from the screen's CSS), so its text scrolls without a layout.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def action_to_list(self) -> None:
        self.screen.query_one(RecordTable).focus()


class SearchRow(Horizontal):
    """The search field and the count (ids #search and #count, styled in lists.tcss)."""

    def __init__(self, placeholder: str) -> None:
        super().__init__(id="search-row")
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield SearchField(placeholder=self._placeholder, id="search", compact=True)
        yield Static("", id="count")

    @property
    def field(self) -> SearchField:
        return self.query_one(SearchField)

    def show_count(self, text: str) -> None:
        # No layout: #count has a fixed width (lists.tcss), so a new count is one line drawn.
        self.query_one("#count", Static).update(text, layout=False)
