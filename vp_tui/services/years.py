"""Which years the product accepts and offers: the report years and the case list's year filter.

A rule of the domain, not of a screen: early in the year an adviser writes the report about the
year before, and nothing is registered before FIRST_YEAR.
"""

from __future__ import annotations

import datetime as dt

from vp_tui.errors import ValidationError
from vp_tui.i18n import _
from vp_tui.services.context import Context

#: The earliest year a report or a case can be about.
FIRST_YEAR = 2000
#: The last month in which the report about the year before is the one to write.
REPORT_SEASON_ENDS = 3
#: How many years, this one included, the case list's year filter offers.
FILTER_YEARS = 5


def check_year(ctx: Context, year: int) -> None:
    if not FIRST_YEAR <= year <= ctx.today.year:
        raise ValidationError(
            _("Jaar {year} kan niet: kies een jaar van {first} tot en met {last}.").format(
                year=year, first=FIRST_YEAR, last=ctx.today.year),
            "year",
        )


def default_report_year(today: dt.date) -> int:
    """January to March: the report about the year before, which is being written then."""
    return today.year - 1 if today.month <= REPORT_SEASON_ENDS else today.year


def filter_years(today: dt.date) -> list[int]:
    """The years the case list can be filtered on, newest first."""
    return list(range(today.year, today.year - FILTER_YEARS, -1))
