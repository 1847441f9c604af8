"""User text shown literally: never parsed as Rich markup, never passed as terminal control."""

from __future__ import annotations

from rich.text import Text

from vp_tui.text import one_line, strip_controls


def literal(value: object, style: str = "") -> Text:
    """A Text that shows exactly what the user typed ('[bold]' stays '[bold]')."""
    return Text(strip_controls("" if value is None else str(value)), style=style)


def literal_line(value: str, width: int = 60, style: str = "") -> Text:
    return Text(one_line(value or "", width), style=style)
