"""Case codes: 'YYYY-NNNN', numbered per year of the report."""

from __future__ import annotations

from vp_tui.models import database
from vp_tui.models.cases import CODE_NUMBER, CODE_YEAR


def highest_number(year: int) -> int:
    """The highest case number of a year (0 when none): one seek on the index
    case_code_year_number, numerically, so 10000 follows 9999."""
    row = database.execute_sql(
        f'SELECT max({CODE_NUMBER}) FROM "case" WHERE {CODE_YEAR} = ?', (f"{year:04d}",)
    ).fetchone()
    return row[0] or 0


def case_code(year: int, number: int) -> str:
    """'YYYY-NNNN' (more digits after 9999)."""
    return f"{year}-{number:04d}"


def next_code(year: int) -> str:
    """The next free case code of a year. Call inside the write transaction."""
    return case_code(year, highest_number(year) + 1)
