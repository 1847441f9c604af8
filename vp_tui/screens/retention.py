"""Te vernietigen: the actor's closed cases past their retention term; `x` destroys the
personal content of the selected one after a confirmation (vp_tui.services.retention.purge)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from vp_tui.i18n import _, fmt_date, fmt_number
from vp_tui.screens.base import VpScreen
from vp_tui.screens.coverage import ConfirmScreen
from vp_tui.services import retention
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.record_table import RecordTable


class DueCases(RecordTable):
    """The due cases: Enter on one asks to destroy it, as `x` does, and says so in help and
    palette."""

    BINDINGS = [Binding("enter", "select_cursor", _("Vernietigen"), show=False)]


class RetentionScreen(VpScreen):
    LABEL = _("Te vernietigen")
    AUTO_FOCUS = "RecordTable"  # see DashboardScreen
    CSS_PATH = "retention.tcss"
    BINDINGS = [Binding("x", "purge", _("Vernietigen"), id="retention-purge")]

    def __init__(self) -> None:
        super().__init__()
        self.due: dict[int, retention.DueCase] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="retention-intro")
        yield DueCases(
            [(_("Code"), "code"), (_("Organisatie"), "organisation"),
             (_("Afgesloten"), "closed"), (_("Termijn"), "years"),
             (_("Te vernietigen sinds"), "due")],
            id="retention-cases", fit=("organisation",),
        )
        yield Footer()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.call_service(retention.due_cases, self.ctx, then=self._show)

    def _show(self, cases: list[retention.DueCase]) -> None:
        self.due = {c.id: c for c in cases}
        if cases:
            intro = _("{n} afgesloten melding(en) voorbij de bewaartermijn. Vernietigen wist de "
                      "persoonlijke inhoud (melder, afdeling, alle tekst); de anonieme gegevens "
                      "blijven meetellen in de jaarcijfers.").format(n=fmt_number(len(cases), 0))
        else:
            intro = _("Geen meldingen voorbij de bewaartermijn.")
        self.query_one("#retention-intro", Static).update(intro)
        self.query_one(RecordTable).load(
            (c.id, [c.code, c.organisation, fmt_date(c.closed_on, "short"),
                    _("{n} jaar").format(n=c.years), fmt_date(c.due_on, "short")])
            for c in cases
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "purge":
            return bool(self.due)
        return True

    def action_purge(self) -> None:
        case_id = self.query_one(RecordTable).current_id
        case = self.due.get(case_id) if case_id is not None else None
        if case is None:
            return
        question = _("De persoonlijke inhoud van melding {code} ({org}) definitief "
                     "vernietigen? Dit kan niet ongedaan worden gemaakt.").format(
                         code=case.code, org=case.organisation)
        self.app.push_screen(ConfirmScreen(question),
                             lambda yes: self.call_service(retention.purge, self.ctx, case.id,
                                                           then=self._purged, group="purge")
                             if yes else None)

    def on_record_table_opened(self, event: RecordTable.Opened) -> None:
        self.action_purge()

    def _purged(self, result: retention.PurgeResult) -> None:
        self.notify(_("Persoonlijke inhoud van melding {code} vernietigd.").format(
            code=result.code))
        if not result.checkpointed:
            self.notify(_("Een andere sessie hield het logbestand bezet; het wordt bij de "
                          "volgende controle opgeschoond."), severity="warning")
        self.reload()
