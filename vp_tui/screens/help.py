"""The help screen (F1, ?): the keys of the screen it was opened from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from vp_tui.i18n import _
from vp_tui.screens.actions import ScreenAction
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.safe import literal


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", _("Sluiten")),
        Binding("f1", "dismiss", _("Sluiten"), show=False),
        Binding("question_mark", "dismiss", _("Sluiten"), show=False),
    ]

    def __init__(self, title: str, actions: list[ScreenAction]) -> None:
        super().__init__()
        self._title = title
        self._actions = actions

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(_("Toetsen: {screen}").format(screen=self._title)),
                         classes="dialog-title")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="help-keys")
            yield Static(
                literal(_("ctrl+p opent het opdrachtenpalet met dezelfde acties; "
                          "Esc sluit dit venster.")),
                classes="dialog-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Toets"), key="key")
        table.add_column(_("Actie"), key="action")
        table.add_column(_("Waar"), key="where")
        for action in self._actions:
            table.add_row(literal(action.key), literal(action.description),
                          literal(_("overal") if action.global_ else _("dit scherm")))
        table.focus()
