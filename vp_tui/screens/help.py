"""The help screen (F1, ?): the keys of the screen it was opened from, also those the key bar
had no room for. At 80x24 the list of a case is longer than the dialog: a line under it says
so while rows are out of view below (a scrollbar alone is colour only)."""

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
            yield Static(literal(_("↓ meer: pijltjes of PgDn")), id="help-more",
                         classes="dialog-hint")
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
        # Scrolling, the rows' first layout, and a resize of the terminal change what is below.
        for attribute in ("scroll_y", "virtual_size"):
            self.watch(table, attribute, self._check_more)

    def on_resize(self) -> None:
        self._check_more()

    def _check_more(self) -> None:
        self.call_after_refresh(self._show_more)

    def _show_more(self) -> None:
        """The marker while rows are out of view below."""
        table = self.query_one(DataTable)
        self.query_one("#help-more").display = table.scroll_y < table.max_scroll_y
