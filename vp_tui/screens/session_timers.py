"""The two app-wide timers of a session: the idle end and the refresh after changes elsewhere.

Idle end: after the agency's idle time without a key press (or mouse click), the screen is
cleared and the session ends with one line on the terminal. A lock screen would protect nothing:
over SSH the identity is fixed by the key, so there is no password that only the adviser knows,
and whoever sits at the terminal could unlock it. Ending is the lock; logging in again is cheap.

Refresh: every POLL_SECONDS, PRAGMA data_version (one number, no table read) tells whether
another session committed something; the active main screen then shows the current data. Not
under an open form or dialog (its save must not meet data it did not show): the refresh waits
until the form is closed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from vp_tui.screens.base import VpScreen
from vp_tui.services.session import data_version
from vp_tui.widgets.safe import literal

if TYPE_CHECKING:
    from textual.app import App

POLL_SECONDS = 2.0


class IdleEnd:
    """Calls `expire` once `seconds` have passed since the last `touch`."""

    def __init__(self, app: App, seconds: float, expire: Callable[[], None]) -> None:
        self._app = app
        self._seconds = seconds
        self._expire = expire
        self._last = time.monotonic()

    def start(self) -> None:
        self._arm(self._seconds)

    def touch(self) -> None:
        self._last = time.monotonic()

    def _arm(self, delay: float) -> None:
        self._app.set_timer(delay, self._check, name="idle-end")

    def _check(self) -> None:
        """One timer at a time, set to the moment the idle time would be over; input since
        only moves that moment (no timer per key press)."""
        left = self._seconds - (time.monotonic() - self._last)
        if left > 0:
            self._arm(left)
        else:
            self._expire()


class DataWatch:
    """Polls data_version; on a change the active main screen refreshes (`changed_elsewhere`)."""

    def __init__(self, app: App, seconds: float = POLL_SECONDS) -> None:
        self._app = app
        self._seconds = seconds
        #: The data_version the screens last caught up with.
        self.seen = -1

    def start(self) -> None:
        self.seen = data_version()
        self._app.set_interval(self._seconds, self.poll, name="data-watch")

    def poll(self) -> None:
        version = data_version()
        if version == self.seen:
            return
        screen = self._app.screen
        if not isinstance(screen, VpScreen):
            return  # a form or dialog is open: the change is seen once it is closed
        self.seen = version
        screen.changed_elsewhere()


class EndedScreen(Screen):
    """Nothing but the reason the session ended; the app exits once this has been drawn, so
    no case data is left on the terminal even for a moment after the timeout."""

    DEFAULT_CSS = "EndedScreen { align: center middle; }"

    def __init__(self, message: str) -> None:
        super().__init__()
        self._message = message

    def compose(self) -> ComposeResult:
        yield Static(literal(self._message))

    def on_mount(self) -> None:
        self.call_after_refresh(self.app.exit, None, 0, self._message)
