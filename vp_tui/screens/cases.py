"""The case list: search on code and organisation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Input

from vp_tui.i18n import _, fmt_date
from vp_tui.models.enums import CASE_TYPES, STATUSES
from vp_tui.screens.base import VpScreen
from vp_tui.services.cases import CaseFilter, list_cases
from vp_tui.widgets.record_table import RecordTable

PAGE = 500


class CasesScreen(VpScreen):
    CSS_PATH = "lists.tcss"
    BINDINGS = [("slash", "focus_search", _("Zoeken"))]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=_("Zoek op code of organisatie…"), id="search")
        yield RecordTable(
            [(_("Code"), "code"), (_("Organisatie"), "org"), (_("Datum"), "date"),
             (_("Soort"), "type"), (_("Status"), "status"), (_("VP"), "owner")],
            id="cases",
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
        rows = list_cases(self.ctx, CaseFilter(search=search, limit=PAGE))
        self.query_one(RecordTable).load(
            (c.id, [c.code, c.organisation, fmt_date(c.opened_on, "short"),
                    CASE_TYPES.label(c.case_type), STATUSES.label(c.status), c.owner])
            for c in rows
        )
