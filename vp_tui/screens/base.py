"""What every main screen shares: access to the session's context, a name for the help screen,
and one way to show a refused service call."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.screen import Screen

from vp_tui.errors import VpError

if TYPE_CHECKING:
    from vp_tui.app import VpApp
    from vp_tui.services.context import Context


class VpScreen(Screen):
    #: The screen's name in the help screen ("Meldingen", "Melding 2026-0012", …).
    LABEL: ClassVar[str] = ""

    @property
    def vp(self) -> VpApp:
        return self.app  # type: ignore[return-value]

    @property
    def ctx(self) -> Context:
        return self.vp.session.ctx

    def report(self, error: VpError) -> None:
        """A service refused: one line, in the user's language, never a traceback."""
        self.notify(str(error), severity="error", timeout=8)
