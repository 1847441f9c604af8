"""Making user text safe to show or store elsewhere. Pure functions, no UI imports."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (which include the 8-bit CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Full ANSI/VT escape sequences first, so their parameters do not remain as visible garbage.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates
# and U+FFFE/U+FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_controls(text: str) -> str:
    """Text without terminal control: escape sequences removed, other controls dropped."""
    return _CONTROL.sub("", _ANSI.sub("", text))


def first_control(text: str) -> int:
    """Where the first character is that `strip_controls` would drop (tab and newline are
    text), or -1: for refusing such text where it comes in, rather than storing it."""
    found = _CONTROL.search(text)
    return found.start() if found else -1


def xml_safe(text: str) -> str:
    """Text that an XML document (a .docx part) can hold, without terminal controls either
    (DEL and the 8-bit controls are valid XML, but no export carries a control character)."""
    return _XML_INVALID.sub("", strip_controls(text))


def one_line(text: str, width: int = 80) -> str:
    """The first line of a text, shortened with an ellipsis, for list cells."""
    first = strip_controls(text).strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= width else first[: width - 1] + "…"
