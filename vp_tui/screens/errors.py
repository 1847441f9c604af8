"""Turning a refused service call into one line on screen, never a traceback.

Errors a person can act on are VpError. A write that waited out the busy timeout surfaces from
the driver as an OperationalError ('database is locked'); it is shown as a StoreError too.
Anything else is a bug and is left to crash loudly (and be fixed).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import peewee

from vp_tui.errors import StoreError, VpError
from vp_tui.i18n import _

F = TypeVar("F", bound=Callable[..., Any])


def user_error(error: BaseException) -> VpError | None:
    """The error as something to show the user, or None when it is a bug."""
    if isinstance(error, VpError):
        return error
    if isinstance(error, peewee.OperationalError) and (
        "locked" in str(error) or "busy" in str(error)
    ):
        return StoreError(_("De database is bezet door een ander; probeer het zo opnieuw."))
    return None


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
            self.notify(str(shown), title=_("Niet gelukt"), severity="error", timeout=8,
                        markup=False)
            return None

    return wrapper  # type: ignore[return-value]
