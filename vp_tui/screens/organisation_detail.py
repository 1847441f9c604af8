"""An organisation's file: contract, advisers, the employer's arrangements (checklist),
activities, and the hours used this year against the contract.

Who may change what (coordinators edit the file and assign advisers; anyone who may see the
file keeps the checklist and activities) is decided by services.organisations; a refusal is
shown as a message.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static, TabbedContent, TabPane

from vp_tui.errors import NotFound
from vp_tui.i18n import _, fmt_date, fmt_number
from vp_tui.models.enums import (
    ACTIVITY_KINDS,
    CHECKLIST,
    CHECKLIST_STATUSES,
    DAYS_OFF,
    ENGAGEMENT_ROLES,
    VP_TYPES,
)
from vp_tui.screens.base import VpScreen
from vp_tui.screens.form_screen import FormSpec, Values
from vp_tui.services import organisations
from vp_tui.services.advisers import AdviserRow, list_advisers
from vp_tui.services.calendars import days_off_label
from vp_tui.services.hours import minutes_as_hours
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.form import FieldSpec
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.safe import literal


def organisation_fields(org: organisations.OrganisationDetail | None) -> list[FieldSpec]:
    """The organisation form, filled from an OrganisationDetail when editing."""

    def value(name: str, default: object = None) -> object:
        return getattr(org, name) if org is not None else default

    hours = value("contract_hours")
    return [
        FieldSpec("name", _("Naam"), value=value("name", "")),
        FieldSpec("sector", _("Sector"), value=value("sector", "")),
        FieldSpec("staff_size", _("Medewerkers"), "int", value=value("staff_size")),
        FieldSpec("contract_start", _("Contract vanaf"), "date", value=value("contract_start")),
        FieldSpec("contract_end", _("Contract tot"), "date", value=value("contract_end")),
        FieldSpec("contract_hours", _("Uren per jaar"),
                  value=fmt_number(hours, 2) if hours is not None else "",
                  placeholder="0"),
        FieldSpec("vp_types", _("Soort VP"), "choice", VP_TYPES.as_options(),
                  value=value("vp_types", "beide")),
        FieldSpec("requires_mixed_gender", _("Man en vrouw als VP"), "check",
                  value=value("requires_mixed_gender", False)),
        FieldSpec("days_off", _("Ook vrij op"), "multi", DAYS_OFF.as_options(),
                  value=list(value("days_off", ()))),
        FieldSpec("retention_years", _("Bewaartermijn (jaar)"), "int",
                  value=value("retention_years"), placeholder=_("standaard van het bureau")),
        FieldSpec("anonymity_k", _("Anonimiteitsdrempel"), "int", value=value("anonymity_k", 5)),
        FieldSpec("board_contact", _("Contact bestuur"), value=value("board_contact", "")),
        FieldSpec("active", _("Actief"), "check", value=value("active", True)),
    ]


def _org_form(values: Values) -> organisations.OrganisationForm:
    return organisations.OrganisationForm(**values)


class Checklist(RecordTable):
    """The employer's arrangements: Enter on one records it, as `r` does, and says so in help
    and palette."""

    BINDINGS = [Binding("enter", "select_cursor", _("Regeling"), show=False)]


class OrganisationDetailScreen(VpScreen):
    CSS_PATH = "organisation_detail.tcss"
    BINDINGS = [
        Binding("escape", "back", _("Terug")),
        Binding("e", "edit", _("Bewerken")),
        Binding("k", "assign", _("Adviseur koppelen")),
        Binding("x", "end_engagement", _("Koppeling beëindigen")),
        Binding("r", "checklist", _("Regeling")),
        Binding("a", "activity", _("Activiteit")),
        Binding("n", "new_case", _("Nieuwe melding")),
        Binding("1", "tab('adviseurs')", _("Adviseurs"), show=False),
        Binding("2", "tab('regelingen')", _("Regelingen"), show=False),
        Binding("3", "tab('activiteiten')", _("Activiteiten"), show=False),
    ]

    def __init__(self, org_id: int) -> None:
        super().__init__()
        self.org_id = org_id
        self.org: organisations.OrganisationDetail | None = None
        self.LABEL = _("Organisatie")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="org-summary")
        with TabbedContent(id="org-tabs"):
            with TabPane(_("Adviseurs"), id="adviseurs"):
                yield RecordTable([(_("Adviseur"), "who"), (_("Functie"), "role"),
                                   (_("Vanaf"), "start"), (_("Tot"), "end")], id="engagements",
                                  openable=False)
            with TabPane(_("Regelingen"), id="regelingen"):
                yield Checklist([(_("Regeling"), "item"), (_("Status"), "status"),
                                 (_("Notitie"), "note")], id="checklist",
                                  fit=("item", "note"))
            with TabPane(_("Activiteiten"), id="activiteiten"):
                yield RecordTable([(_("Datum"), "date"), (_("Soort"), "kind"),
                                   (_("Uren"), "hours"), (_("Door"), "who"),
                                   (_("Omschrijving"), "what")], id="activities",
                                  fit="what", openable=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#engagements", RecordTable).focus()
        self.query_one("#org-summary", Static).update(_("Laden…"))
        self.load_record()

    def reload(self) -> None:
        self.load_record()

    def read_record(self) -> organisations.OrganisationDetail:
        return organisations.get_organisation(self.ctx, self.org_id)

    def show_record(self, org: organisations.OrganisationDetail) -> None:
        self.org = org
        self.LABEL = org.name
        self.query_one("#org-summary", Static).update(self._summary(org))
        self.query_one("#engagements", RecordTable).load(
            (e.id, [f"{e.adviser} ({e.initials})", ENGAGEMENT_ROLES.label(e.role),
                    fmt_date(e.start, "short"), fmt_date(e.end, "short")])
            for e in org.engagements
        )
        self.query_one("#checklist", RecordTable).load(
            (n, [CHECKLIST.label(c.item), CHECKLIST_STATUSES.label(c.status), c.note])
            for n, c in enumerate(org.checklist)
        )
        self.query_one("#activities", RecordTable).load(
            (a.id, [fmt_date(a.date, "short"), ACTIVITY_KINDS.label(a.kind),
                    fmt_number(minutes_as_hours(a.minutes), 2), a.adviser,
                    a.description])
            for a in org.activities
        )

    def _summary(self, org: organisations.OrganisationDetail) -> Text:
        staff = (_("{n} medewerkers").format(n=fmt_number(org.staff_size, 0))
                 if org.staff_size else "")
        period = " – ".join(p for p in (fmt_date(org.contract_start), fmt_date(org.contract_end))
                            if p)
        hours = org.hours_used
        lines = [
            " · ".join(p for p in (org.name, org.sector, staff,
                                   "" if org.active else _("niet actief")) if p),
            " · ".join(p for p in (
                _("contract {period}").format(period=period) if period else _("geen contract"),
                _("{h} uur per jaar").format(h=fmt_number(org.contract_hours, 2)),
                VP_TYPES.label(org.vp_types),
                _("man en vrouw als VP") if org.requires_mixed_gender else "",
                _("ook vrij: {days}").format(days=days_off_label(org.days_off))
                if org.days_off else "",
            ) if p),
            _("Uren {year}: {total} van {contract} (meldingen {cases}, activiteiten {acts}); "
              "{left}").format(
                year=hours.year, total=fmt_number(hours.total, 2),
                contract=fmt_number(hours.contract_hours, 2),
                cases=fmt_number(hours.case_hours, 2), acts=fmt_number(hours.activity_hours, 2),
                left=_("{n} over").format(n=fmt_number(hours.remaining, 2))
                if hours.remaining >= 0
                else _("{n} boven het contract").format(n=fmt_number(-hours.remaining, 2))),
            " · ".join(p for p in (
                _("bestuur: {who}").format(who=org.board_contact) if org.board_contact else "",
                _("bewaren: {n} jaar").format(n=org.retention_years)
                if org.retention_years is not None else _("bewaren: standaard"),
                _("anonimiteitsdrempel {k}").format(k=org.anonymity_k),
            ) if p),
        ]
        text = Text()
        for n, line in enumerate(lines):
            text.append_text(literal(line, "bold" if n == 0 else ""))
            if n < len(lines) - 1:
                text.append("\n")
        return text

    # --- navigation ----------------------------------------------------------------------

    def action_new_case(self) -> None:
        """An intake for this organisation (imported on use, as the dashboard does)."""
        from vp_tui.screens.intake import open_intake

        open_intake(self, self.org_id)

    def action_back(self) -> None:
        self.dismiss()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab} RecordTable", RecordTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Row actions are offered (key bar, help, palette) only on the tab they act on."""
        tab = {"end_engagement": "adviseurs", "checklist": "regelingen"}.get(action)
        if tab is None or not self.is_mounted:
            return True
        return self.query_one(TabbedContent).active == tab

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    def on_record_table_opened(self, event: RecordTable.Opened) -> None:
        if event.table.id == "checklist":
            self.action_checklist()

    # --- changes -------------------------------------------------------------------------

    def form_intro(self) -> str:
        return self.org.name if self.org is not None else ""

    def action_edit(self) -> None:
        if self.org is None:
            return

        def build() -> FormSpec:
            version = self.org.version
            return FormSpec(
                organisation_fields(self.org),
                lambda v: organisations.update_organisation(self.ctx, self.org_id, version,
                                                            _org_form(v)),
            )

        self.open_edit(
            _("Organisatie bewerken"), build, _("Organisatie opgeslagen."),
            check=lambda v: organisations.validate_organisation(self.ctx, _org_form(v),
                                                                self.org_id),
        )

    def action_assign(self) -> None:
        self.call_service(list_advisers, then=self._assign_form, group="assign")

    def _assign_form(self, found: list[AdviserRow]) -> None:
        advisers = [(f"{a.name} ({a.initials})", a.id) for a in found]
        self.open_form(
            _("Adviseur koppelen"),
            [FieldSpec("adviser_id", _("Adviseur"), "choice", advisers, none_if_blank=True),
             FieldSpec("role", _("Functie"), "choice", ENGAGEMENT_ROLES.as_options()),
             FieldSpec("start", _("Vanaf"), "date", value=self.ctx.today),
             FieldSpec("end", _("Tot (optioneel)"), "date")],
            lambda v: organisations.assign_adviser(self.ctx, self.org_id, v["adviser_id"],
                                                   v["role"], v["start"], v["end"]),
            _("Adviseur gekoppeld."),
        )

    def action_end_engagement(self) -> None:
        if self.org is None:
            return
        engagement_id = self.query_one("#engagements", RecordTable).current_id
        engagement = self._engagement(engagement_id)
        if engagement is None:
            return

        def build() -> FormSpec:
            current = self._engagement(engagement_id)
            if current is None:
                raise NotFound(_("Deze koppeling bestaat niet (meer)."))
            return FormSpec(
                [FieldSpec("end", _("Laatste dag"), "date", value=self.ctx.today)],
                lambda v: organisations.end_engagement(self.ctx, current.id, current.version,
                                                       v["end"]),
            )

        self.open_edit(_("Koppeling beëindigen: {who}").format(who=engagement.adviser), build,
                       _("Koppeling beëindigd."))

    def _engagement(self, engagement_id: int | None) -> organisations.EngagementRow | None:
        if self.org is None:
            return None
        return next((e for e in self.org.engagements if e.id == engagement_id), None)

    def action_checklist(self) -> None:
        index = self.query_one("#checklist", RecordTable).current_id
        if self.org is None or index is None:
            return
        item = self.org.checklist[index].item

        def build() -> FormSpec:
            row = next(c for c in self.org.checklist if c.item == item)
            return FormSpec(
                [FieldSpec("status", _("Status"), "choice", CHECKLIST_STATUSES.as_options(),
                           value=row.status),
                 FieldSpec("note", _("Notitie"), value=row.note)],
                lambda v: organisations.set_checklist(self.ctx, self.org_id, item, v["status"],
                                                      v["note"], row.version),
            )

        self.open_edit(CHECKLIST.label(item), build, _("Regeling vastgelegd."))

    def action_activity(self) -> None:
        self.open_form(
            _("Activiteit vastleggen"),
            [FieldSpec("kind", _("Soort"), "choice", ACTIVITY_KINDS.as_options()),
             FieldSpec("date", _("Datum"), "date", value=self.ctx.today),
             FieldSpec("minutes", _("Duur (minuten)"), "int"),
             FieldSpec("description", _("Omschrijving"))],
            lambda v: organisations.add_activity(self.ctx, self.org_id, v["kind"], v["date"],
                                                 v["minutes"], v["description"]),
            _("Activiteit vastgelegd."),
        )
