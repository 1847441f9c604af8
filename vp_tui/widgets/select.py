"""Textual's Select with the key description of its open list in the interface's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Select as TextualSelect
from textual.widgets._select import SelectCurrent, SelectOverlay

from vp_tui.i18n import _


class ChoiceOverlay(SelectOverlay):
    BINDINGS = [Binding("escape", "dismiss", _("Lijst sluiten"))]


class Select(TextualSelect):
    """Use instead of textual.widgets.Select: its open list says 'esc Lijst sluiten'."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield ChoiceOverlay(type_to_search=self._type_to_search).data_bind(
            compact=TextualSelect.compact)
