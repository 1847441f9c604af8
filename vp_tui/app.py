"""The Textual application: modes for the main screens, global keys, the DEMO marker."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from vp_tui.i18n import _
from vp_tui.screens.cases import CasesScreen
from vp_tui.screens.dashboard import DashboardScreen
from vp_tui.screens.organisations import OrganisationsScreen
from vp_tui.services.session import Session


class VpApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "vp-tui"
    MODES = {
        "dashboard": DashboardScreen,
        "organisations": OrganisationsScreen,
        "cases": CasesScreen,
    }
    DEFAULT_MODE = "dashboard"
    BINDINGS = [
        Binding("d", "switch_mode('dashboard')", _("Overzicht"), id="dashboard"),
        Binding("o", "switch_mode('organisations')", _("Organisaties"), id="organisations"),
        Binding("m", "switch_mode('cases')", _("Meldingen"), id="cases"),
        Binding("q", "quit", _("Stoppen"), id="quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        actor = self.session.ctx.actor
        self.sub_title = f"{actor.name} ({actor.initials})"
        if self.session.demo:
            self.title = "vp-tui — DEMO"
            self.add_class("demo")
