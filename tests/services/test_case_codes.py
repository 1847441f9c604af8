"""Case codes past 9999 in a year (an agency of 60 advisers opens about 12,000 a year)."""

from __future__ import annotations

import datetime as dt

from playhouse.shortcuts import model_to_dict

from vp_tui.models import Case
from vp_tui.services.cases.codes import next_code


def _case_with_code(code: str) -> None:
    row = model_to_dict(Case.select().first(), recurse=False)
    row.pop("id")
    row.update(code=code, import_key=None, opened_on=dt.date(2025, 6, 1))
    Case.insert(row).execute()


def test_the_number_after_9999_is_10000_and_then_10001(demo_store):
    _case_with_code("2025-9999")
    assert next_code(2025) == "2025-10000"
    _case_with_code("2025-10000")
    assert next_code(2025) == "2025-10001"


def test_numbers_are_counted_per_year(demo_store):
    _case_with_code("2031-0041")
    assert next_code(2031) == "2031-0042"
    assert next_code(2032) == "2032-0001"
