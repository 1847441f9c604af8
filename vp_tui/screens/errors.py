"""Turning a refused service call into one line on screen, never a traceback.

Errors a person can act on are VpError (a write that waited out the busy timeout too: the store
turns 'database is locked' into a StoreError). Anything else is a bug and is left to crash
loudly (and be fixed).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from vp_tui.errors import VpError
from vp_tui.i18n import _

F = TypeVar("F", bound=Callable[..., Any])


def user_error(error: BaseException) -> VpError | None:
    """The error as something to show the user, or None when it is a bug."""
    return error if isinstance(error, VpError) else None


def notify_refused(node: Any, error: Exception) -> None:
    """One line on `node`'s screen (a widget or screen) for a refused call."""
    node.notify(str(error), title=_("Niet gelukt"), severity="error", timeout=8, markup=False)


def reports_errors(method: F) -> F:
    """For actions of a screen or widget: a refused call becomes a notification."""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            shown = user_error(error)
            if shown is None:
                raise
            notify_refused(self, shown)
            return None

    return wrapper  # type: ignore[return-value]
