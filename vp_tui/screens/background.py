"""Service calls off the UI thread: the screen never waits on the database.

A save waits for the write lock while another session writes (up to the busy timeout, 10 s,
vp_tui.store.database), and opening a case writes its audit event; a search over a large
agency reads thousands of encrypted pages. Run on the UI thread, each of these froze the
screen, the keyboard included. `ServiceCalls.call_service` runs the call on one of the app's
database threads and hands its result to a callback on the UI thread.

- Each thread has its own connection: peewee keeps one per thread, opened on first use with
  the same raw key and pragmas as the first (vp_tui.store.database.connect), busy timeout
  included; the thread keeps it, and its page cache, for the next call.
- A call belongs to a group of its screen ("load", "save", …); a newer call of the same group
  supersedes the older one, whose result is then dropped, as is the result of a call whose
  screen has gone (Textual cancels a screen's workers when it is removed). A call already
  running in a thread finishes there, unseen.
- A refusal (vp_tui.screens.errors.user_error) goes to `error`, by default one line on
  screen; any other exception is a bug and ends the app with its traceback, as on the UI
  thread.
- The UI thread keeps its own connection for one thing: DataWatch's PRAGMA data_version, which
  in WAL mode never waits for the write lock. That number is per connection, so the session's
  own writes on its database threads count as changes too: the screen shown refreshes once
  at the next poll (a read; the case screen first compares its stamp, so its audited read
  does not repeat).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from textual.timer import Timer
from textual.worker import Worker

from vp_tui.screens.errors import notify_refused, user_error

T = TypeVar("T")

#: After this long without a result, a caller that asked to be told shows that it waits.
WAIT_NOTICE_SECONDS = 0.3
#: Database threads of a session: a save waiting for the write lock, a case being opened
#: (its audit event waits for the lock too) and the reads of whatever screen is shown. Few,
#: because each thread keeps its own connection and page cache.
THREADS = 2


class ServiceThreads:
    """The session's database threads (an attribute of the app: `service_threads`)."""

    def __init__(self, threads: int = THREADS) -> None:
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="vp-db")
        self.stopped = False

    def submit(self, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """`fn(*args)` on a thread, in a copy of the caller's context (as asyncio.to_thread
        does): Textual finds the active app through a context variable."""
        context = contextvars.copy_context()
        return asyncio.get_running_loop().run_in_executor(
            self._pool, functools.partial(context.run, fn, *args))

    def stop(self) -> None:
        """No new calls; a call still running (a save waiting for the lock) ends on its own,
        before the process does. When a thread ends, its connection is closed with it."""
        self.stopped = True
        self._pool.shutdown(wait=False, cancel_futures=True)


class ServiceCalls:
    """For screens (a mixin, before Screen): `call_service`. The app must have
    `service_threads` (vp_tui.app.VpApp)."""

    def call_service(
        self,
        fn: Callable[..., T],
        *args: Any,
        then: Callable[[T], object],
        error: Callable[[Exception], None] | None = None,
        group: str = "load",
        waiting: Callable[[], None] | None = None,
    ) -> Worker[None]:
        """`fn(*args)` on a database thread, then `then(result)` (awaited when it is a
        coroutine) on the UI thread unless a
        newer call of `group` on this screen came first or the screen is gone. A refusal goes
        to `error` (default: a notification). `waiting` is called on the UI thread when no
        result came within WAIT_NOTICE_SECONDS."""
        node: Any = self  # a Screen
        threads: ServiceThreads = node.app.service_threads

        async def run() -> None:
            if threads.stopped:  # the app is closing: nothing will be shown any more
                return
            timer: Timer | None = None
            if waiting is not None:
                timer = node.set_timer(WAIT_NOTICE_SECONDS, waiting, name="service-wait")
            try:
                try:
                    result = await threads.submit(fn, *args)
                finally:
                    if timer is not None:
                        timer.stop()
                shown = then(result)
                if inspect.isawaitable(shown):
                    await shown
            except Exception as exc:
                shown = user_error(exc)
                if shown is None:
                    raise
                (error or self._refused)(shown)

        return node.run_worker(run, name=getattr(fn, "__name__", "service"),
                               group=group, exclusive=True)

    def _refused(self, error: Exception) -> None:
        notify_refused(self, error)
