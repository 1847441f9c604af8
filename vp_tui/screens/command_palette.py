"""Textual's command palette with its texts in the interface's language: Textual writes its
placeholder, its 'no matches' line and its key descriptions in English."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from vp_tui.i18n import _


class VpCommandPalette(CommandPalette):
    BINDINGS = [
        Binding("escape", "escape", _("Sluiten")),
        Binding("down", "cursor_down", _("Volgende opdracht"), show=False),
        Binding("up", "command_list('cursor_up')", _("Vorige opdracht"), show=False),
        Binding("pagedown", "command_list('page_down')", _("Volgende pagina"), show=False),
        Binding("pageup", "command_list('page_up')", _("Vorige pagina"), show=False),
        Binding("ctrl+end, shift+end", "command_list('last')", _("Naar het eind"), show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", _("Naar het begin"),
                show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder=_("Zoek een opdracht…"))

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's own countdown, with our line: it has no hook for the text alone."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(_("Geen opdracht gevonden"), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
