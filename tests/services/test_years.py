"""The years the product offers: the report season and the case list's filter."""

from __future__ import annotations

import datetime as dt

import pytest

from vp_tui.services.years import FILTER_YEARS, default_report_year, filter_years


@pytest.mark.parametrize(("today", "year"), [
    (dt.date(2026, 1, 1), 2025),
    (dt.date(2026, 3, 31), 2025),
    (dt.date(2026, 4, 1), 2026),
    (dt.date(2026, 12, 31), 2026),
])
def test_the_report_season_ends_with_march(today: dt.date, year: int) -> None:
    assert default_report_year(today) == year


def test_the_filter_offers_this_year_and_the_ones_before_newest_first() -> None:
    years = filter_years(dt.date(2026, 12, 6))
    assert years[0] == 2026
    assert years == sorted(years, reverse=True)
    assert len(years) == FILTER_YEARS == len(set(years))
