"""The Textual application: modes for the main screens, global keys, the DEMO marker, and the
session's timers (idle end, refresh after changes elsewhere: vp_tui.screens.session_timers)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from vp_tui.i18n import _
from vp_tui.screens.actions import ScreenActionsProvider, screen_actions
from vp_tui.screens.background import ServiceThreads
from vp_tui.screens.base import VpScreen
from vp_tui.screens.errors import user_error
from vp_tui.screens.session_timers import (
    POLL_SECONDS,
    DataWatch,
    EndedScreen,
    IdleCollector,
    IdleEnd,
)
from vp_tui.services.session import Session

if TYPE_CHECKING:
    from vp_tui.services.drafts import FormRef


#: How long a draft's case may take to be read before its form opens: 20 ms steps, 10 s.
REOPEN_WAIT_STEPS = 500


def on_first_use(module: str, name: str) -> Callable[[], Screen]:
    """A mode's screen factory that imports `vp_tui.screens.<module>` on its first call: the
    screens a session never opens cost nothing at start (BENCHMARKS.md, start)."""

    def make() -> Screen:
        return getattr(import_module(f"vp_tui.screens.{module}"), name)()

    return make


class VpApp(App):
    #: The first screen's CSS too: read with the app's, it is parsed once. Read when the
    #: screen first shows, Textual parses every stylesheet of the app again and restyles it.
    CSS_PATH = ["app.tcss", "screens/dashboard.tcss"]
    TITLE = "vp-tui"
    #: A mode's screen module is imported when the mode is first opened, not at start.
    MODES = {
        "dashboard": on_first_use("dashboard", "DashboardScreen"),
        "organisations": on_first_use("organisations", "OrganisationsScreen"),
        "cases": on_first_use("cases", "CasesScreen"),
        "coverage": on_first_use("coverage", "CoverageScreen"),
        "retention": on_first_use("retention", "RetentionScreen"),
        "report": on_first_use("report", "ReportScreen"),
    }
    DEFAULT_MODE = "dashboard"
    #: Every binding of the current screen and the app, nothing to register per screen.
    COMMANDS = {ScreenActionsProvider}
    BINDINGS = [
        Binding("d", "switch_mode('dashboard')", _("Overzicht"), id="dashboard"),
        Binding("o", "switch_mode('organisations')", _("Organisaties"), id="organisations"),
        Binding("m", "switch_mode('cases')", _("Meldingen"), id="cases"),
        Binding("v", "switch_mode('coverage')", _("Vervanging"), id="coverage"),
        Binding("t", "switch_mode('retention')", _("Te vernietigen"), id="retention"),
        Binding("j", "switch_mode('report')", _("Jaarverslag"), id="report"),
        Binding("q", "quit", _("Stoppen"), id="quit"),
        Binding("f1", "help", _("Help"), key_display="F1", id="help"),
        Binding("question_mark", "help", _("Help"), show=False, id="help-alt"),
        # Textual's own ctrl+q and ctrl+p, with Dutch descriptions for footer, help and palette.
        Binding("ctrl+q", "quit", _("Stoppen"), show=False, priority=True),
        Binding("ctrl+p", "command_palette", _("Opdrachten"), show=False, priority=True),
    ]

    #: What counts as the adviser being there: keys, clicks and scrolling (not mere movement).
    INPUT_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)

    def __init__(self, session: Session, *, idle_seconds: float | None = None,
                 poll_seconds: float = POLL_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`idle_seconds` defaults to the agency's idle time (read once, at session start);
        `clock` measures it."""
        super().__init__()
        self.session = session
        seconds = session.idle_minutes * 60 if idle_seconds is None else idle_seconds
        self.idle = IdleEnd(self, seconds, self.end_idle_session, clock)
        self.data_watch = DataWatch(self, self.show_changes, poll_seconds)
        self.collector = IdleCollector(self, self.idle)
        #: Where the screens' service calls run (vp_tui.screens.background).
        self.service_threads = ServiceThreads()
        if session.demo:
            self.add_class("demo")  # before anything is mounted: later it restyles every widget

    def on_mount(self) -> None:
        actor = self.session.ctx.actor
        self.sub_title = f"{actor.name} ({actor.initials})"
        if self.session.demo:
            self.title = "vp-tui — DEMO"
        self.idle.start()
        self.data_watch.start()
        self.collector.start()
        self.call_after_refresh(self.collector.settle)
        self.call_after_refresh(self.offer_drafts)

    def on_unmount(self) -> None:
        self.collector.stop()
        self.service_threads.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, self.INPUT_EVENTS):
            self.idle.touch()
        await super().on_event(event)

    def show_changes(self) -> bool:
        """Another session committed: the main screen shows the current data. Not under a form
        or dialog, whose save must not meet data it did not show; the change is shown once it
        is closed."""
        screen = self.screen
        if not isinstance(screen, VpScreen):
            return False
        screen.changed_elsewhere()
        return True

    def offer_drafts(self) -> None:
        """Text typed in a form that a previous session did not save or discard (a dropped
        connection, a killed process): offered to open again (vp_tui.screens.drafts)."""
        from vp_tui.services.drafts import mine

        found = mine(self.session.ctx)
        if found:
            from vp_tui.screens.drafts import offer_drafts

            offer_drafts(self, found, self.reopen_form)

    async def reopen_form(self, ref: FormRef) -> None:
        """Build a draft's form again: a form on a case (the case screen's action of that
        name), the intake, or the annual report of an organisation and year."""
        if ref.kind == "case":
            from vp_tui.screens.case_detail import open_case

            open_case(self, ref.id)
            screen = self.screen
            # The case is read on a database thread; forms such as the status form are built
            # from it. A refused case leaves the screen (and says why).
            for _wait in range(REOPEN_WAIT_STEPS):
                if getattr(screen, "case", None) is not None or not screen.is_current:
                    break
                await asyncio.sleep(0.02)
            if screen.is_current:
                await screen.run_action(ref.form)
        elif ref.kind == "intake":
            from vp_tui.screens.intake import open_intake

            open_intake(self.screen)
        else:
            await self.switch_mode("report")
            self.screen.restore(ref.id, ref.year)  # type: ignore[attr-defined]

    def end_idle_session(self) -> None:
        """Clear the screen, then exit with one line (exit code 0: nothing went wrong)."""
        minutes = self.session.idle_minutes
        self.push_screen(EndedScreen(
            _("Sessie beëindigd na {n} minuten zonder invoer; start vp-tui opnieuw om verder "
              "te werken.").format(n=minutes)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A navigation key is offered wherever it leads elsewhere: not on the main screen it
        opens."""
        if action == "switch_mode":
            return not (parameters[0] == self.current_mode and len(self.screen_stack) == 1)
        return True

    async def action_switch_mode(self, mode: str) -> None:
        """A navigation key opens its main screen, also from a case or a file opened on top
        of a main screen: the screens over the mode's main screen are closed. (The case screen
        each mode keeps installed for the next case stays, open_case; only its place on the
        stack goes.)"""
        await self.switch_mode(mode)
        while len(self.screen_stack) > 1:
            await self.pop_screen()

    def action_help_quit(self) -> None:
        """ctrl+c copies in a text field and never quits: Textual's hint, in our words."""
        self.notify(_("Stoppen doet u met ctrl+q (of q buiten een tekstveld)."),
                    title=_("Wilt u stoppen?"))

    def action_command_palette(self) -> None:
        """Textual's palette with our texts (vp_tui.screens.command_palette)."""
        from vp_tui.screens.command_palette import VpCommandPalette

        if self.use_command_palette and not VpCommandPalette.is_open(self):
            self.push_screen(VpCommandPalette())

    def action_help(self) -> None:
        from vp_tui.screens.help import HelpScreen  # on first use, as the modes' screens

        screen = self.screen
        title = getattr(screen, "LABEL", "") or type(screen).__name__
        self.push_screen(HelpScreen(title, screen_actions(screen)))

    def _handle_exception(self, error: Exception) -> None:
        """Last line of defence: a refusal no screen caught ends the app with one line, not a
        traceback. Screens catch these themselves; this only keeps a missed one readable."""
        shown = user_error(error)
        if shown is None:
            super()._handle_exception(error)
            return
        self._return_code = shown.exit_code
        self.exit(return_code=shown.exit_code, message=_("fout: {message}").format(message=shown))
