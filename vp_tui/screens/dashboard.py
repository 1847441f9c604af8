"""The dashboard: my open cases, follow-ups due, who is away today."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Label

from vp_tui.i18n import _, fmt_date
from vp_tui.models.enums import ABSENCE_KINDS, CASE_TYPES, STATUSES
from vp_tui.screens.base import VpScreen
from vp_tui.services.dashboard import dashboard
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.safe import literal


class DashboardScreen(VpScreen):
    CSS_PATH = "dashboard.tcss"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Label(_("Mijn open meldingen"), classes="section")
            yield RecordTable(
                [(_("Code"), "code"), (_("Organisatie"), "org"), (_("Datum"), "date"),
                 (_("Soort"), "type"), (_("Status"), "status")],
                id="my-cases",
            )
            yield Label(_("Vervolgacties (te laat en binnenkort)"), classes="section")
            yield RecordTable(
                [(_("Vóór"), "due"), (_("Melding"), "case"), (_("Actie"), "what")],
                id="followups",
            )
            yield Label(_("Afwezig vandaag"), classes="section")
            yield RecordTable(
                [(_("Adviseur"), "who"), (_("Reden"), "kind"), (_("Tot en met"), "end"),
                 (_("Vervanging"), "covers")],
                id="absent",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        data = dashboard(self.ctx)
        self.query_one("#my-cases", RecordTable).load(
            (c.id, [c.code, c.organisation, fmt_date(c.opened_on, "short"),
                    CASE_TYPES.label(c.case_type), STATUSES.label(c.status)])
            for c in data.open_cases
        )
        self.query_one("#followups", RecordTable).load(
            (f.id, [literal(fmt_date(f.due_on, "short"), "bold red" if f.overdue else ""),
                         f.case_code, f.description])
            for f in data.followups
        )
        self.query_one("#absent", RecordTable).load(
            (n, [a.adviser, ABSENCE_KINDS.label(a.kind), fmt_date(a.end, "short"),
                 "; ".join(a.covers) or _("geen")])
            for n, a in enumerate(data.absent_today)
        )
