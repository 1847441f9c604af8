"""The Dutch holidays computed in services.dutch_holidays are the `holidays` package's, date
and name, in both languages, for every year the package knows the rules of that we may meet:
the package's Dutch calendar is the agency's with Goede Vrijdag."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from vp_tui.services.dutch_holidays import (
    CLOSING_WEEK,
    GOOD_FRIDAY,
    LIBERATION_YEARLY,
    easter_sunday,
    holidays_of_year,
)

GOOD_FRIDAY_NAMES = {"nl": "Goede vrijdag", "en": "Good Friday"}


@pytest.mark.parametrize("year", range(1980, 2101))
def test_same_as_the_holidays_package(year: int) -> None:
    for ours, theirs in (("nl", "nl"), ("en", "en_US")):
        expected = dict(holidays.country_holidays("NL", years=year, language=theirs))
        with_good_friday = holidays_of_year(year, ours, frozenset({GOOD_FRIDAY}))
        assert with_good_friday == expected
        assert list(with_good_friday) == sorted(expected)
        agency = {d: n for d, n in expected.items() if n != GOOD_FRIDAY_NAMES[ours]}
        assert holidays_of_year(year, ours) == agency


def test_known_days() -> None:
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    assert easter_sunday(2019) == dt.date(2019, 4, 21)
    # 27 April 2025 was a Sunday: King's Day on the Saturday before.
    assert holidays_of_year(2025)[dt.date(2025, 4, 26)] == "Koningsdag"
    # Liberation Day and Ascension Day fell together in 2005.
    assert holidays_of_year(2005)[dt.date(2005, 5, 5)] == "Bevrijdingsdag; Hemelvaartsdag"
    assert dt.date(2026, 5, 5) not in holidays_of_year(2026)


def test_goede_vrijdag_is_no_agency_holiday() -> None:
    """Not a feestdag in the Algemene termijnenwet: only a client that closes has it off."""
    assert dt.date(2026, 4, 3) not in holidays_of_year(2026)
    assert holidays_of_year(2026, "nl", frozenset({GOOD_FRIDAY}))[dt.date(2026, 4, 3)] == (
        "Goede vrijdag")


def test_a_clients_extra_days_off() -> None:
    yearly = holidays_of_year(2026, "nl", frozenset({LIBERATION_YEARLY}))
    assert yearly[dt.date(2026, 5, 5)] == "Bevrijdingsdag"
    closing = holidays_of_year(2026, "en", frozenset({CLOSING_WEEK}))
    assert [d.day for d in closing if d.month == 12] == [25, 26, 27, 28, 29, 30, 31]
    assert closing[dt.date(2026, 12, 28)] == "Closed between Christmas and New Year"
    assert dt.date(2027, 1, 1) not in closing
