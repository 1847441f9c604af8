"""Hours shown side by side add up: 'Uren 2026: 5,3 van 24 (meldingen 2,8, activiteiten 2,5);
18,7 over' never reads 5,2 next to parts that make 5,3."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from vp_tui.i18n import fmt_number
from vp_tui.services.organisations import HoursUsed


def shown(value: Decimal) -> Decimal:
    """The figure as a reader of the Dutch screen takes it: '1.234,5' is 1234.5."""
    return Decimal(fmt_number(value).replace(".", "").replace(",", "."))


def test_the_parts_and_the_total_read_the_same_sum() -> None:
    hours = HoursUsed.of(2026, 24, case_minutes=165, activity_minutes=150)  # 2.75 and 2.5
    assert [fmt_number(v) for v in (hours.total, hours.case_hours, hours.activity_hours,
                                    hours.remaining)] == ["5,3", "2,8", "2,5", "18,7"]


@given(year=st.integers(2000, 2100),
       contract=st.decimals(0, 99_999, places=2),
       case_minutes=st.integers(0, 10_000_000), activity_minutes=st.integers(0, 10_000_000))
def test_hours_shown_add_up(year: int, contract: Decimal, case_minutes: int,
                            activity_minutes: int) -> None:
    hours = HoursUsed.of(year, contract, case_minutes, activity_minutes)
    assert shown(hours.total) == shown(hours.case_hours) + shown(hours.activity_hours)
    assert shown(hours.contract_hours) == shown(hours.total) + shown(hours.remaining)
    # Each part is its own minutes, rounded once to the tenth shown.
    assert abs(shown(hours.case_hours) - Decimal(case_minutes) / 60) <= Decimal("0.05")
    assert abs(shown(hours.activity_hours) - Decimal(activity_minutes) / 60) <= Decimal("0.05")
