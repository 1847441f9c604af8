"""The app-wide timers of a session: the idle end, the refresh after changes elsewhere, and
full garbage collections in pauses of input.

Idle end: after the agency's idle time without a key press (or mouse click), the screen is
cleared and the session ends with one line on the terminal. A lock screen would protect nothing:
over SSH the identity is fixed by the key, so there is no password that only the adviser knows,
and whoever sits at the terminal could unlock it. Ending is the lock; logging in again is cheap.

Refresh: every POLL_SECONDS, PRAGMA data_version (one number, no table read) tells whether
another session committed something; the active main screen then shows the current data. Not
under an open form or dialog (its save must not meet data it did not show): the refresh waits
until the form is closed.

Garbage collection: Python's full collection runs whenever enough objects have survived the
younger ones. In a session that has opened every screen it takes long enough to be felt when it
lands on a keystroke of a search in the case list (BENCHMARKS.md, filter). The automatic full
collection is switched off for the session and done instead once there was no input for a
second; after MAX_POSTPONED postponed ones (minutes of typing without a pause of a second)
it runs anyway, so that garbage cannot grow without end.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from vp_tui.services.session import data_version
from vp_tui.widgets.safe import literal

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

POLL_SECONDS = 2.0


class IdleEnd:
    """Calls `expire` once `seconds` have passed since the last `touch`, by `clock` (the
    monotonic clock; a test gives one it moves itself)."""

    def __init__(self, app: App, seconds: float, expire: Callable[[], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._app = app
        self._seconds = seconds
        self._expire = expire
        self._clock = clock
        self._last = clock()
        self._timer: Timer | None = None

    def start(self) -> None:
        self._arm(self._seconds)

    def touch(self) -> None:
        self._last = self._clock()

    def idle_for(self) -> float:
        """Seconds since the last input."""
        return self._clock() - self._last

    def _arm(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._app.set_timer(delay, self.check, name="idle-end")

    def check(self) -> None:
        """One timer at a time, set to the moment the idle time would be over; input since
        only moves that moment (no timer per key press)."""
        left = self._seconds - self.idle_for()
        if left > 0:
            self._arm(left)
        else:
            self._expire()


class DataWatch:
    """Polls data_version; on a change, `show` brings the app's screen up to date and says
    whether it could (not under an open form: see the module's docstring)."""

    def __init__(self, app: App, show: Callable[[], bool], seconds: float = POLL_SECONDS) -> None:
        self._app = app
        self._show = show
        self._seconds = seconds
        #: The data_version the screens last caught up with.
        self.seen = -1

    def start(self) -> None:
        self.seen = data_version()
        self._app.set_interval(self._seconds, self.poll, name="data-watch")

    def poll(self) -> None:
        version = data_version()
        if version != self.seen and self._show():
            self.seen = version


class IdleCollector:
    """Garbage collection in pauses of input; see the module's docstring.

    Start-up (vp_tui.cli.main) runs without the collector: it makes almost only objects that
    live as long as the session (modules, classes, styles, the first screen), and collecting
    them cost a tenth of the start. Once the first frame is drawn, `settle` moves everything
    made so far out of the collector's way (gc.freeze: full collections then stall nothing
    for what start-up built) and switches the collector on. The start-up's own garbage is
    reclaimed once, in the first pause of input."""

    #: Python's own threshold: a full collection is due after this many of generation 1.
    DUE = 10
    #: Due collections postponed while input continues, before one runs regardless.
    MAX_POSTPONED = 200
    #: Generation 2's automatic threshold while the session runs: never reached.
    NEVER = 1 << 30

    def __init__(self, app: App, idle: IdleEnd, pause: float = 1.0) -> None:
        self._app = app
        self._idle = idle
        self._pause = pause
        self._saved: tuple[int, ...] | None = None
        #: Start-up's objects are frozen and their garbage not yet reclaimed.
        self._frozen = False

    def start(self) -> None:
        self._saved = gc.get_threshold()
        gc.set_threshold(self._saved[0], self._saved[1], self.NEVER)
        self._app.set_interval(self._pause, self.check, name="idle-collect")

    def settle(self) -> None:
        """After the first frame: what start-up built is frozen, and the collector is on."""
        gc.freeze()
        self._frozen = True
        gc.enable()

    def stop(self) -> None:
        """Hands Python's own settings back, for processes that run many apps (tests)."""
        gc.unfreeze()
        self._frozen = False
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def check(self) -> None:
        due = gc.get_count()[2]
        paused = self._idle.idle_for() >= self._pause
        if self._frozen and paused:
            # Once: start-up's garbage, then the survivors frozen again.
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._frozen = False
        elif due >= self.DUE and (paused or due >= self.DUE + self.MAX_POSTPONED):
            gc.collect()


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
