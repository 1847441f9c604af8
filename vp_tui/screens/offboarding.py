"""Vertrek van een adviseur: what the adviser holds, a successor per organisation, and
ctrl+s to run the leaving procedure (or resume one that was cut off) after a confirmation
(vp_tui.services.offboarding). For coordinators and admins; opened with `u` on the coverage
screen or from the palette there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Label, Static

from vp_tui.i18n import _
from vp_tui.screens.base import VpScreen
from vp_tui.screens.confirm import ConfirmScreen
from vp_tui.services import offboarding
from vp_tui.services.advisers import AdviserRow
from vp_tui.widgets.choice import JumpSelect
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.safe import literal

#: Closed cases listed on the screen (an adviser may hold thousands; `admin offboard` lists
#: them all).
CLOSED_SHOWN = 10


class OffboardingScreen(VpScreen):
    LABEL = _("Vertrek adviseur")
    AUTO_FOCUS = "#leaver"
    CSS_PATH = "offboarding.tcss"
    BINDINGS = [
        Binding("ctrl+s", "proceed", _("Vertrek uitvoeren"), id="offboarding-run"),
        Binding("escape", "dismiss", _("Terug"), id="offboarding-back"),
    ]
    KEY_ORDER = ("proceed", "dismiss")

    def __init__(self) -> None:
        super().__init__()
        self.held: offboarding.Inventory | None = None
        self.done = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="choose"):
            yield Label(_("Adviseur"))
            yield JumpSelect([], prompt=_("Kies wie vertrekt"), id="leaver", compact=True)
        yield Label(_("Opvolgers (per organisatie)"), id="successors-label",
                    classes="section")
        yield Vertical(id="successors")
        with VerticalScroll(id="body"):
            yield Static(id="outcome")
            yield Static(id="holdings")
        yield Footer()

    def on_mount(self) -> None:
        self.call_service(offboarding.leavers, self.ctx, then=self._show_leavers)

    def _show_leavers(self, rows: list[AdviserRow]) -> None:
        self.query_one("#leaver", JumpSelect).set_options(
            (literal(f"{r.name} ({r.initials})"), r.id) for r in rows)

    def on_select_changed(self, event: JumpSelect.Changed) -> None:
        if event.select.id == "leaver" and isinstance(event.value, int):
            self.query_one("#outcome", Static).display = False
            self.reload()

    def leaver_id(self) -> int | None:
        value = self.query_one("#leaver", JumpSelect).value
        return value if isinstance(value, int) else None

    def reload(self) -> None:
        leaver = self.leaver_id()
        if leaver is not None:
            self.call_service(offboarding.choices, self.ctx, leaver, then=self._show,
                              group="holdings")

    def _show(self, found: tuple[offboarding.Inventory, dict[int, list[AdviserRow]]]) -> None:
        held, choices = found
        self.held = held
        procedure = held.procedure
        self.done = procedure is not None and procedure.finished and not held.adviser.active
        resuming = procedure is not None and not procedure.finished
        self.query_one("#holdings", Static).update(
            literal("\n".join(offboarding.describe_holdings(held, limit=CLOSED_SHOWN))))
        box = self.query_one("#successors", Vertical)
        box.remove_children()
        asked = not (self.done or resuming)
        self.query_one("#successors-label").display = asked and bool(choices)
        if asked:
            box.mount_all(
                Horizontal(Label(literal(held.organisations[org_id])),
                           JumpSelect([(literal(f"{a.name} ({a.initials})"), a.id)
                                       for a in advisers],
                                      prompt=_("Kies een opvolger"), compact=True,
                                      id=f"successor-{org_id}"),
                           classes="successor")
                for org_id, advisers in choices.items())
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "proceed":
            return self.held is not None and not self.done
        return True

    def successors(self) -> dict[int, int]:
        chosen = {}
        for select in self.query(".successor JumpSelect").results(JumpSelect):
            if isinstance(select.value, int):
                chosen[int(str(select.id).removeprefix("successor-"))] = select.value
        return chosen

    def action_proceed(self) -> None:
        if self.held is None or self.done:
            return
        who = self.held.adviser
        question = _("{name} ({initials}) vertrekt: account uitzetten, open meldingen "
                     "overdragen, vaste en tweede VP-rollen overdragen, afwezigheden en "
                     "vervangingen beëindigen. Doorgaan?").format(name=who.name,
                                                                 initials=who.initials)
        successors = self.successors()
        self.app.push_screen(ConfirmScreen(question), lambda yes: self.call_service(
            offboarding.proceed, self.ctx, who.id, successors, then=self._proceeded,
            group="proceed") if yes else None)

    def _proceeded(self, outcome: tuple[str, offboarding.Result]) -> None:
        _state, result = outcome
        shown = self.query_one("#outcome", Static)
        shown.update(literal("\n".join(offboarding.describe_result(result))))
        shown.display = True
        self.notify(_("Vertrekprocedure afgerond."))
        self.reload()
