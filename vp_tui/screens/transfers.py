"""Overgedragen meldingen: the cases an adviser who left passed to the actor without the
melder's consent. It shows only what asking needs (code, organisation, date, the melder's
contact details; reading them is audited); `a` records the melder's consent, and the case
becomes the actor's; `g` records that the melder wants no successor, and the case is closed
unseen (vp_tui.services.offboarding). Opened with `u` on the case list, or its palette."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from vp_tui.i18n import _, fmt_date
from vp_tui.screens.base import VpScreen
from vp_tui.screens.confirm import ConfirmScreen
from vp_tui.services import offboarding
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.record_table import RecordTable


class TransfersScreen(VpScreen):
    LABEL = _("Overgedragen meldingen")
    AUTO_FOCUS = "RecordTable"
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("a", "answer(True)", _("Toestemming"), id="transfers-accept"),
        Binding("g", "answer(False)", _("Geen opvolger"), id="transfers-decline"),
        Binding("escape", "dismiss", _("Terug"), id="transfers-back"),
    ]
    KEY_ORDER = ("answer", "dismiss")

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, offboarding.WaitingTransfer] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="transfers-intro")
        yield RecordTable(
            [(_("Code"), "code"), (_("Organisatie"), "organisation"), (_("Gemeld"), "opened"),
             (_("Van"), "from"), (_("Contact"), "contact")],
            id="transfers", fit=("organisation", "contact"))
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.call_service(offboarding.waiting_transfers, self.ctx, then=self._show)

    def _show(self, rows: list[offboarding.WaitingTransfer]) -> None:
        self.rows = {r.id: r for r in rows}
        self.query_one("#transfers-intro", Static).update(
            _("Vraag de melder of u de melding mag overnemen. Tot die toestemming is "
              "vastgelegd ziet u alleen wat u nodig hebt om het te vragen.") if rows else
            _("Geen meldingen die op toestemming wachten."))
        self.query_one(RecordTable).load(
            (r.id, [r.code, r.organisation, fmt_date(r.opened_on, "short"), r.from_adviser,
                    " / ".join(r.contact.splitlines()) or "–"])
            for r in rows)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return bool(self.rows)
        return True

    def action_answer(self, consent: bool) -> None:
        transfer_id = self.query_one(RecordTable).current_id
        row = self.rows.get(transfer_id) if transfer_id is not None else None
        if row is None:
            return
        if consent:
            question = _("De melder van {code} geeft toestemming: vastleggen, en de melding "
                         "is van u?").format(code=row.code)
            service = offboarding.accept_transfer
        else:
            question = _("De melder van {code} wil geen andere vertrouwenspersoon: de "
                         "melding afsluiten zonder haar in te zien?").format(code=row.code)
            service = offboarding.decline_transfer
        self.app.push_screen(ConfirmScreen(question), lambda yes: self.call_service(
            service, self.ctx, row.id, then=lambda _none: self._answered(row, consent),
            group="answer") if yes else None)

    def _answered(self, row: offboarding.WaitingTransfer, consent: bool) -> None:
        said = _("Melding {code} is nu van u.") if consent else _("Melding {code} afgesloten.")
        self.notify(said.format(code=row.code))
        self.reload()
