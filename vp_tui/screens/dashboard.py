"""The dashboard: my open cases, follow-ups due, open cases without contact for four weeks,
the whistleblower act's dates for integrity reports, who is away today, and the organisations
the actor's own planned absence leaves with a gap (services.coverage.absence_warnings).

What counts as overdue, due soon or silent is decided by services.dashboard; the screen
only marks those rows (bold or reverse: readable with NO_COLOR too).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Label

from vp_tui.i18n import _, fmt_date
from vp_tui.models.enums import ABSENCE_KINDS, CASE_TYPES, STATUSES
from vp_tui.screens.base import VpScreen
from vp_tui.services.dashboard import Dashboard, dashboard
from vp_tui.widgets.footer import NAVIGATION, Footer
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.safe import literal

#: Style of a row that needs attention now; reverse video survives NO_COLOR.
URGENT = "bold reverse"
SOON = "bold"


class DashboardScreen(VpScreen):
    CSS_PATH = "dashboard.tcss"
    LABEL = _("Overzicht")
    #: Focus on this from the first frame (Screen.AUTO_FOCUS). Focusing it in on_mount came
    #: after Textual had focused the first focusable widget, and each focus change restyles
    #: the widget and all it holds: the scroll container and every table, twice, at start.
    AUTO_FOCUS = "#my-cases"
    #: Refreshing by hand is rarely needed: the dashboard reads its data at each showing and
    #: after changes in other sessions.
    KEY_ORDER = ("new_case", NAVIGATION, "reload")
    BINDINGS = [
        Binding("n", "new_case", _("Nieuwe melding")),
        Binding("r", "reload", _("Vernieuwen")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Label(_("Mijn open meldingen"), classes="section")
            yield RecordTable(
                [(_("Code"), "code"), (_("Organisatie"), "org"), (_("Datum"), "date"),
                 (_("Soort"), "type"), (_("Status"), "status")],
                id="my-cases", fit=("org", "type"),
            )
            yield Label(_("Vervolgacties (te laat en binnenkort)"), classes="section")
            yield RecordTable(
                [(_("Vóór"), "due"), (_("Melding"), "case"), (_("Actie"), "what")],
                id="followups", fit="what",
            )
            yield Label(_("Klokkenluiderswet: termijnen"), classes="section")
            yield RecordTable(
                [(_("Vóór"), "due"), (_("Melding"), "case"), (_("Wat"), "what"),
                 (_("Dagen"), "left")],
                id="whistleblower",
            )
            yield Label(_("Open meldingen zonder contact (4 weken)"), classes="section")
            yield RecordTable(
                [(_("Melding"), "case"), (_("Organisatie"), "org"), (_("Laatste gesprek"), "last"),
                 (_("Dagen"), "days")],
                id="stale", fit="org",
            )
            yield Label(_("Afwezig vandaag"), classes="section")
            yield RecordTable(
                [(_("Adviseur"), "who"), (_("Reden"), "kind"), (_("Tot en met"), "end"),
                 (_("Vervanging"), "covers")],
                id="absent", fit="covers", openable=False,
            )
            yield Label(_("Mijn afwezigheid laat organisaties zonder vervanging"),
                        classes="section")
            yield RecordTable(
                [(_("Organisatie"), "org"), (_("Tekort"), "kind"), (_("Vanaf"), "from"),
                 (_("Werkdagen"), "days")],
                id="absence-warnings", fit="org", openable=False,
            )
        yield Footer()

    def on_screen_resume(self) -> None:
        self.reload()

    def action_new_case(self) -> None:
        # Imported on use, as the case screen below: neither is needed to show the dashboard,
        # and the start of every session waits for what this module imports.
        from vp_tui.screens.intake import open_intake

        open_intake(self)

    def action_reload(self) -> None:
        self.reload()

    def on_record_table_opened(self, event: RecordTable.Opened) -> None:
        """Enter on any row that belongs to a case opens that case."""
        case_id = self._case_of.get((event.table.id or "", event.record_id))
        if case_id is not None:
            from vp_tui.screens.case_detail import open_case

            open_case(self.app, case_id)

    def reload(self) -> None:
        self.call_service(dashboard, self.ctx, then=self._show)

    def _show(self, data: Dashboard) -> None:
        self._case_of: dict[tuple[str, int], int] = {}
        self._load("my-cases", (
            (c.id, c.id, [c.code, c.organisation, fmt_date(c.opened_on, "short"),
                          CASE_TYPES.label(c.case_type), STATUSES.label(c.status)])
            for c in data.open_cases))
        self._load("followups", (
            (f.id, f.case_id, [literal(fmt_date(f.due_on, "short"), URGENT if f.overdue else ""),
                               f.case_code, f.description])
            for f in data.followups))
        self._load("whistleblower", (
            (n, w.case_id, [
                literal(fmt_date(w.due_on, "short"),
                        URGENT if w.overdue else SOON if w.due_soon else ""),
                w.code,
                _("ontvangst bevestigen") if w.kind == "ontvangstbevestiging"
                else _("terugkoppeling geven"),
                literal(_("{n} te laat").format(n=-w.days_left) if w.overdue
                        else str(w.days_left), URGENT if w.overdue else ""),
            ])
            for n, w in enumerate(data.whistleblower)))
        self._load("stale", (
            (s.case_id, s.case_id, [s.code, s.organisation,
                                    fmt_date(s.last_contact, "short") or _("geen"), str(s.days)])
            for s in data.stale_cases))
        self._load("absent", (
            (n, None, [a.adviser, ABSENCE_KINDS.label(a.kind), fmt_date(a.end, "short"),
                       "; ".join(a.covers) or _("geen")])
            for n, a in enumerate(data.absent_today)))
        self._load("absence-warnings", (
            (n, None, [w.organisation, literal(w.kind, URGENT if w.kind == "onbezet" else SOON),
                       fmt_date(w.first_day, "short"), str(w.days)])
            for n, w in enumerate(data.absence_warnings)))

    def _load(self, table_id: str, rows) -> None:
        """Rows are (row id, case id or None, cells); remembers which case a row opens."""
        cells = []
        for row_id, case_id, values in rows:
            if case_id is not None:
                self._case_of[(table_id, row_id)] = case_id
            cells.append((row_id, values))
        self.query_one(f"#{table_id}", RecordTable).load(cells)
