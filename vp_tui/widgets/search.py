"""The search line of a list screen.

The list is filtered while typing, so there is nothing to submit: Enter, Esc and the down
arrow go to the list below, where the cursor is, so the next key can open a row.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

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
