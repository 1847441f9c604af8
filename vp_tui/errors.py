"""Errors a person can act on. Each carries a one-line message for the screen or terminal.

Anything that is not a VpError is a bug; the CLI and the TUI turn it into one line too and
write the traceback to the log file only.
"""

from __future__ import annotations


class VpError(Exception):
    """Base class: `str(error)` is the one-line message shown to the user."""

    exit_code = 2


class StoreError(VpError):
    """The database cannot be opened or used as asked."""


class KeyError_(VpError):
    """Key custody: keyring, recovery file, rotation."""


class KeyringUnusable(KeyError_):
    """No secure keyring backend on this machine."""


class ValidationError(VpError):
    """Bad input. `field` names the form field the message belongs next to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AccessDenied(VpError):
    """The acting adviser may not see or change this."""

    exit_code = 3


class DisclosureRefused(VpError):
    """The publication gate found a figure that the published ones would give away; nothing
    was written."""

    exit_code = 6


class NotFound(VpError):
    exit_code = 4


class ConflictError(VpError):
    """A stale save: someone else changed the row since it was read."""

    exit_code = 5

    def __init__(self, message: str, changed_by: str = "", changed_at: object = None) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at
