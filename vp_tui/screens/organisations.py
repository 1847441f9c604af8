"""Client organisations: incremental search over the list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Input

from vp_tui.i18n import _
from vp_tui.screens.base import VpScreen
from vp_tui.services.organisations import list_organisations
from vp_tui.widgets.record_table import RecordTable


class OrganisationsScreen(VpScreen):
    CSS_PATH = "lists.tcss"
    BINDINGS = [("slash", "focus_search", _("Zoeken"))]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=_("Zoek op naam…"), id="search")
        yield RecordTable(
            [(_("Naam"), "name"), (_("Sector"), "sector"), (_("Medewerkers"), "staff"),
             (_("Vaste VP"), "vp"), (_("Open"), "open")],
            id="organisations",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(RecordTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_data()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def refresh_data(self) -> None:
        search = self.query_one("#search", Input).value
        self.query_one(RecordTable).load(
            (o.id, [o.name, o.sector, "" if o.staff_size is None else str(o.staff_size),
                    o.vaste_vp, str(o.open_cases)])
            for o in list_organisations(self.ctx, search)
        )
