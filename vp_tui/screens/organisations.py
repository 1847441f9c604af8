"""Client organisations: incremental search over the list, a new organisation, opening a file."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input

from vp_tui.i18n import _, fmt_number
from vp_tui.screens.base import VpScreen
from vp_tui.screens.form_screen import FormScreen
from vp_tui.screens.organisation_detail import OrganisationDetailScreen, organisation_fields
from vp_tui.services import organisations
from vp_tui.widgets.footer import NAVIGATION, Footer
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.search import SearchRow

#: The list is short (an agency's clients); the limit only guards against surprises.
LIMIT = 500


class OrganisationsScreen(VpScreen):
    CSS_PATH = "lists.tcss"
    LABEL = _("Organisaties")
    AUTO_FOCUS = "RecordTable"  # the list, not the search field (see DashboardScreen)
    KEY_ORDER = ("focus_search", "new", NAVIGATION)
    BINDINGS = [
        Binding("slash", "focus_search", _("Zoeken")),
        Binding("n", "new", _("Nieuwe organisatie")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchRow(_("Zoek op naam…"))
        yield RecordTable(
            [(_("Naam"), "name"), (_("Sector"), "sector"), (_("Medewerkers"), "staff"),
             (_("Vaste VP"), "vp"), (_("Open"), "open")],
            id="organisations", fit=("name", "sector"),
        )
        yield Footer()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def action_focus_search(self) -> None:
        self.query_one(SearchRow).field.focus()

    def on_record_table_opened(self, event: RecordTable.Opened) -> None:
        self.app.push_screen(OrganisationDetailScreen(event.record_id))

    def action_new(self) -> None:
        ctx = self.ctx

        def created(org_id: int | None) -> None:
            if org_id is not None:
                self.notify(_("Organisatie aangemaakt."))
                self.app.push_screen(OrganisationDetailScreen(org_id))

        self.app.push_screen(
            FormScreen(
                _("Nieuwe organisatie"),
                organisation_fields(None),
                submit=lambda v: organisations.create_organisation(
                    ctx, organisations.OrganisationForm(**v)),
                check=lambda v: organisations.validate_organisation(
                    ctx, organisations.OrganisationForm(**v)),
            ),
            created,
        )

    def reload(self) -> None:
        search = self.query_one(SearchRow).field.value
        self.call_service(lambda: organisations.list_organisations(self.ctx, search,
                                                                   limit=LIMIT),
                          then=self._show)

    def _show(self, rows: list[organisations.OrganisationRow]) -> None:
        self.query_one(RecordTable).load(
            (o.id, [o.name, o.sector,
                    "" if o.staff_size is None else fmt_number(o.staff_size, 0),
                    o.vaste_vp, fmt_number(o.open_cases, 0)])
            for o in rows
        )
        self.query_one(SearchRow).show_count(
            _("{n} organisaties").format(n=fmt_number(len(rows), 0)))
