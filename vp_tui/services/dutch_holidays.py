"""Dutch public holidays, computed here rather than with the `holidays` package: importing even
`holidays.countries.netherlands` alone loads every country the package knows (0.3 s with
`python -X importtime`), which the dashboard would pay at every start (BENCHMARKS.md).

The agency's calendar is the Algemene termijnenwet's days with Bevrijdingsdag every five years
(most collective agreements give it off only then), plus Easter and Whit Sunday. Goede Vrijdag
is no feestdag there, and most employers work that day. A client may close on more days
(DAYS_OFF: Goede Vrijdag, Bevrijdingsdag every year, the week between Christmas and New Year);
services.calendars keeps those per organisation. tests/services/test_dutch_holidays.py checks
the days against the package year by year (its Dutch calendar is ours with Goede Vrijdag),
with the names in both languages.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

#: Names per language, keyed by the holiday's stable key.
NAMES = {
    "nl": {
        "new_year": "Nieuwjaarsdag", "good_friday": "Goede vrijdag",
        "easter": "Eerste paasdag", "easter_monday": "Tweede paasdag",
        "kings_day": "Koningsdag", "queens_day": "Koninginnedag",
        "liberation": "Bevrijdingsdag", "ascension": "Hemelvaartsdag",
        "whitsun": "Eerste pinksterdag", "whit_monday": "Tweede pinksterdag",
        "christmas": "Eerste kerstdag", "boxing_day": "Tweede kerstdag",
        "closing_week": "Sluiting tussen Kerst en Nieuwjaar",
    },
    "en": {
        "new_year": "New Year's Day", "good_friday": "Good Friday",
        "easter": "Easter Sunday", "easter_monday": "Easter Monday",
        "kings_day": "King's Day", "queens_day": "Queen's Day",
        "liberation": "Liberation Day", "ascension": "Ascension Day",
        "whitsun": "Pentecost", "whit_monday": "Pentecost Monday",
        "christmas": "Christmas Day", "boxing_day": "Second Day of Christmas",
        "closing_week": "Closed between Christmas and New Year",
    },
}


def easter_sunday(year: int) -> dt.date:
    """Western Easter (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def _royal_day(year: int) -> tuple[dt.date, str]:
    """King's Day (27 April since 2014, Queen's Day 30 April before); on a Sunday the day
    before (since 1980; earlier the Monday after)."""
    day, key = (dt.date(year, 4, 27), "kings_day") if year >= 2014 else \
        (dt.date(year, 4, 30), "queens_day")
    if day.weekday() == 6:
        day += dt.timedelta(days=-1 if year >= 1980 else 1)
    return day, key


#: A client's optional days off beyond the agency's calendar (the keys of models.enums.DAYS_OFF).
GOOD_FRIDAY, LIBERATION_YEARLY, CLOSING_WEEK = "goede_vrijdag", "bevrijdingsdag", "kerstsluiting"


@lru_cache(maxsize=64)
def holidays_of_year(year: int, lang: str = "nl",
                     days_off: frozenset[str] = frozenset()) -> dict[dt.date, str]:
    """The year's days off with their names in `lang` ('nl' or 'en'), in date order: the
    agency's calendar, and the extra `days_off` a client has (keys above)."""
    easter = easter_sunday(year)
    days = [
        (dt.date(year, 1, 1), "new_year"),
        (easter, "easter"),
        (easter + dt.timedelta(days=1), "easter_monday"),
        _royal_day(year),
        (easter + dt.timedelta(days=39), "ascension"),
        (easter + dt.timedelta(days=49), "whitsun"),
        (easter + dt.timedelta(days=50), "whit_monday"),
        (dt.date(year, 12, 25), "christmas"),
        (dt.date(year, 12, 26), "boxing_day"),
    ]
    if year % 5 == 0 or LIBERATION_YEARLY in days_off:
        days.append((dt.date(year, 5, 5), "liberation"))
    if GOOD_FRIDAY in days_off:
        days.append((easter - dt.timedelta(days=2), "good_friday"))
    if CLOSING_WEEK in days_off:
        days += [(dt.date(year, 12, day), "closing_week") for day in range(27, 32)]
    names: dict[dt.date, list[str]] = {}
    for day, key in days:
        names.setdefault(day, []).append(NAMES[lang][key])
    # Two holidays on one day (Liberation and Ascension Day in 2005): both names, as the
    # package gives them.
    return {day: "; ".join(sorted(names[day])) for day in sorted(names)}
