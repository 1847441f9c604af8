"""Checks shared by every form: dates, enumerations, numbers and text lengths.

Each check returns a `FieldIssue` (or None) instead of raising, so a form can show every
problem next to its field at once; `raise_first` turns the first error into a ValidationError
for callers (CLI, services) that stop at the first problem. Warnings never block a save.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from vp_tui.errors import ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.models.enums import Enumeration

#: Upper bound for a single conversation or timeline entry, in minutes (ten hours).
MAX_MINUTES = 600
#: Long free text (notes, conversation reports).
TEXT_MAX = 20_000
#: Short free text (descriptions, contact details).
SHORT_TEXT_MAX = 500


class FieldIssue(NamedTuple):
    field: str
    message: str
    warning: bool = False


def errors(issues: Iterable[FieldIssue]) -> list[FieldIssue]:
    return [i for i in issues if not i.warning]


def raise_first(issues: Iterable[FieldIssue]) -> None:
    """Raise the first error as a ValidationError naming its field; warnings pass."""
    for issue in issues:
        if not issue.warning:
            raise ValidationError(issue.message, issue.field)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_date(
    field: str,
    value: dt.date | None,
    today: dt.date | None,
    *,
    required: bool = True,
    not_before: dt.date | None = None,
    not_before_what: str = "",
) -> FieldIssue | None:
    """Required, not after `today` (None: future dates allowed), not before `not_before`."""
    if value is None:
        return FieldIssue(field, _("Vul een datum in.")) if required else None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return FieldIssue(field, _("Geen geldige datum."))
    if today is not None and value > today:
        return FieldIssue(field, _("Deze datum ligt in de toekomst."))
    if not_before is not None and value < not_before:
        return FieldIssue(
            field,
            _("Deze datum ligt vóór {what} ({day}).").format(
                what=not_before_what, day=fmt_date(not_before)
            ),
        )
    return None


def parse_choice(
    field: str, value: str | None, enum: Enumeration, *, required: bool = True
) -> tuple[str, FieldIssue | None]:
    """The stable key for a key or label, or an issue. Empty is fine when not required."""
    text = (value or "").strip()
    if not text:
        if required:
            return "", FieldIssue(field, _("Kies een {what}.").format(what=enum.name))
        return "", None
    key = enum.parse(text)
    if key is None:
        return "", FieldIssue(
            field, _("Onbekende {what}: {value}.").format(what=enum.name, value=text)
        )
    return key, None


def check_text(
    field: str, value: str, *, required: bool = False, limit: int = TEXT_MAX
) -> FieldIssue | None:
    """Required means not blank; the text itself is stored exactly as typed."""
    if not isinstance(value, str):
        return FieldIssue(field, _("Geen geldige tekst."))
    if required and not value.strip():
        return FieldIssue(field, _("Dit veld is verplicht."))
    if len(value) > limit:
        return FieldIssue(field, _("Maximaal {n} tekens.").format(n=limit))
    return None


def check_minutes(field: str, value: int | None, *, required: bool = True,
                  maximum: int = MAX_MINUTES) -> FieldIssue | None:
    if value is None:
        return FieldIssue(field, _("Vul de duur in minuten in.")) if required else None
    if isinstance(value, bool) or not isinstance(value, int):
        return FieldIssue(field, _("Vul een heel aantal minuten in."))
    if not 1 <= value <= maximum:
        return FieldIssue(field, _("De duur ligt tussen 1 en {n} minuten.").format(n=maximum))
    return None


def present(*issues: FieldIssue | None) -> list[FieldIssue]:
    return [i for i in issues if i is not None]
