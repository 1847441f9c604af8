"""Working days: the agency's calendar, and each client organisation's own.

The agency's calendar (services.dutch_holidays) is the Algemene termijnenwet's days with
Bevrijdingsdag every five years. A client may close on more days (DAYS_OFF, kept in the
organisation's `days_off`), never on fewer, so every client's working day is one of the
agency's. Coverage, its suggestions, the dashboard's warnings and the schedule all ask the
client's calendar whether a day counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from vp_tui.i18n import _, language
from vp_tui.models.enums import DAYS_OFF
from vp_tui.services.dutch_holidays import holidays_of_year
from vp_tui.services.validation import FieldIssue


def parse_days_off(stored: str | None) -> frozenset[str]:
    """The keys an organisation's `days_off` column holds (unknown keys are ignored)."""
    return frozenset(k for k in (stored or "").split(",") if k in DAYS_OFF)


def days_off_keys(stored: str | None) -> tuple[str, ...]:
    """The stored keys in the enumeration's order, for a form."""
    keys = parse_days_off(stored)
    return tuple(k for k in DAYS_OFF.keys() if k in keys)


def store_days_off(keys: object) -> str:
    """The column value for a set of DAYS_OFF keys, in the enumeration's order."""
    chosen = set(keys or ())  # type: ignore[call-overload]
    return ",".join(k for k in DAYS_OFF.keys() if k in chosen)


def check_days_off(field: str, keys: object) -> FieldIssue | None:
    """A form's or a file's days off must all be known choices."""
    try:
        unknown = [k for k in keys or () if k not in DAYS_OFF]  # type: ignore[union-attr]
    except TypeError:
        unknown = [str(keys)]
    if unknown:
        return FieldIssue(field, _("Onbekende vrije dag '{day}'; kies uit: {choices}").format(
            day=unknown[0], choices="; ".join(c.label for c in DAYS_OFF)))
    return None


class Calendar(NamedTuple):
    """The days off of the agency (no `days_off`) or of one client."""

    days_off: frozenset[str] = frozenset()

    def holidays(self, start: dt.date, end: dt.date) -> dict[dt.date, str]:
        """Days off from start to end (inclusive), with their names in the interface's
        language."""
        lang = "en" if language() == "en" else "nl"
        found: dict[dt.date, str] = {}
        for year in range(start.year, end.year + 1):
            found.update({d: n for d, n in holidays_of_year(year, lang, self.days_off).items()
                          if start <= d <= end})
        return found

    def working_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Weekdays from start to end (inclusive) that are no day off."""
        closed = self.holidays(start, end)
        days = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
        return [d for d in days if d.weekday() < 5 and d not in closed]

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in holidays_of_year(day.year, "nl", self.days_off)


#: The agency's own calendar.
AGENCY = Calendar()


def calendar_of(days_off: str | None) -> Calendar:
    """The calendar of an organisation with this stored `days_off`."""
    keys = parse_days_off(days_off)
    return Calendar(keys) if keys else AGENCY


def days_off_label(keys: Iterable[str]) -> str:
    """A client's extra days off in words, for its file."""
    chosen = set(keys)
    return ", ".join(DAYS_OFF.label(k) for k in DAYS_OFF.keys() if k in chosen)
