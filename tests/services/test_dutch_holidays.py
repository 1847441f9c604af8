"""The Dutch holidays computed in services.dutch_holidays are the `holidays` package's, date
and name, in both languages, for every year the package knows the rules of that we may meet."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from vp_tui.services.dutch_holidays import easter_sunday, holidays_of_year


@pytest.mark.parametrize("year", range(1980, 2101))
def test_same_as_the_holidays_package(year: int) -> None:
    for ours, theirs in (("nl", "nl"), ("en", "en_US")):
        expected = dict(holidays.country_holidays("NL", years=year, language=theirs))
        assert holidays_of_year(year, ours) == expected
        assert list(holidays_of_year(year, ours)) == sorted(expected)


def test_known_days() -> None:
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    assert easter_sunday(2019) == dt.date(2019, 4, 21)
    # 27 April 2025 was a Sunday: King's Day on the Saturday before.
    assert holidays_of_year(2025)[dt.date(2025, 4, 26)] == "Koningsdag"
    # Liberation Day and Ascension Day fell together in 2005.
    assert holidays_of_year(2005)[dt.date(2005, 5, 5)] == "Bevrijdingsdag; Hemelvaartsdag"
    assert dt.date(2026, 5, 5) not in holidays_of_year(2026)
