"""Hours shown side by side add up, in the organisation's file and in the report: a total
never reads 5,2 next to parts that make 5,3."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from vp_tui.i18n import fmt_number
from vp_tui.services.organisations import HoursUsed


def shown(value: Decimal) -> Decimal:
    """The figure as a reader of the Dutch screen takes it: '1.234,5' is 1234.5."""
    return Decimal(fmt_number(value, 2).replace(".", "").replace(",", "."))


def test_the_parts_and_the_total_read_the_same_sum() -> None:
    hours = HoursUsed.of(2026, 24, case_minutes=170, activity_minutes=170)  # 2.83 each
    assert [fmt_number(v, 2) for v in (hours.total, hours.case_hours, hours.activity_hours,
                                       hours.remaining)] == ["5,6", "2,8", "2,8", "18,4"]
    quarters = HoursUsed.of(2026, 24, case_minutes=165, activity_minutes=150)
    assert [fmt_number(v, 2) for v in (quarters.total, quarters.case_hours,
                                       quarters.activity_hours)] == ["5,25", "2,75", "2,5"]


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


def _read(shown: str) -> Decimal:
    return Decimal(shown.replace(".", "").replace(",", "."))


@given(case_minutes=st.integers(0, 200_000),
       kinds=st.dictionaries(st.sampled_from(["voorlichting", "advies", "jaargesprek", "overig"]),
                             st.lists(st.integers(1, 600), min_size=1, max_size=4)))
def test_the_report_shows_hours_that_add_up(case_minutes: int, kinds: dict) -> None:
    """Uren meldingen + Uren voorlichting en advies = Uren totaal, and the activities' hours
    are their kinds' hours together, as the report screen, Word and stats show them."""
    from vp_tui.services.publication import (
        UREN_ACTIVITEITEN,
        UREN_MELDINGEN,
        UREN_TOTAAL,
        ClientYear,
        Suppression,
        build,
    )

    truth = ClientYear(org_id=1, organisation="Proef", year=2026, k=5, cases=8, tables={},
                       conversations=8, case_minutes=case_minutes,
                       activities={k: (len(m), sum(m)) for k, m in kinds.items()},
                       contract_hours=80.0)
    publication = build(truth, Suppression())
    cell = publication.key.cell
    assert _read(cell(UREN_TOTAAL).shown) == \
        _read(cell(UREN_MELDINGEN).shown) + _read(cell(UREN_ACTIVITEITEN).shown)
    if publication.activities:
        assert _read(cell(UREN_ACTIVITEITEN).shown) == sum(
            _read(line.hours.shown) for line in publication.activities)
    # The total stays within the parts' rounding of the true hours.
    exact = Decimal(case_minutes + truth.activity_minutes) / 60
    assert abs(_read(cell(UREN_TOTAAL).shown) - exact) <= \
        Decimal("0.05") * (1 + len(publication.activities))
