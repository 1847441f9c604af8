"""The single-table rule, checked against brute force: for every table the rule shows, every
"< k" cell must still take each value 1..k-1 and every hidden cell at least two values,
given the table's total and the signs of the other hidden cells."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vp_tui.services.anonymity import EXACT, SECONDARY, SMALL, effective_k, protect


def _possible_values(marks: dict[int, str], k: int, total: int) -> dict[int, set[int]]:
    """Brute force: the values each hidden cell takes over all assignments that respect the
    marks and add up to the hidden total (sumsets, no closed form)."""
    bounds = {i: range(1, k) if mark == SMALL else range(k, total + 1)
              for i, mark in marks.items()}
    possible = {}
    for i in bounds:
        others = {0}
        for j in bounds:
            if j != i:
                others = {s + v for s in others for v in bounds[j] if s + v <= total}
        possible[i] = {v for v in bounds[i] if total - v in others}
    return possible


def _safe(marks: dict[int, str], k: int, total: int) -> bool:
    possible = _possible_values(marks, k, total)
    return all(
        len(seen) >= 2 and (marks[i] != SMALL or seen == set(range(1, k)))
        for i, seen in possible.items()
    )


def _check(values: list[int], k: int) -> None:
    shown = protect(values, k)
    present = [i for i, v in enumerate(values) if v]
    if shown is None:
        # Withheld only when no safe choice of hidden cells hides at most half of the cases.
        small = [i for i in present if values[i] < k]
        spare = [i for i in present if values[i] >= k]
        for extra in range(len(spare) + 1):
            for chosen in itertools.combinations(spare, extra):
                hidden = {i: SMALL for i in small} | {i: SECONDARY for i in chosen}
                if 2 * sum(values[i] for i in hidden) <= sum(values):
                    assert not _safe(hidden, k, sum(values[i] for i in hidden)), (
                        values, k, hidden)
        return
    assert [p.index for p in shown] == present  # zero cells left out, order kept
    for p in shown:
        v = values[p.index]
        if p.mark == EXACT:
            assert p.count == v and p.shown == str(v) and v >= k
        elif p.mark == SMALL:
            assert p.count is None and p.shown == f"< {k}" and 1 <= v < k
        else:
            assert p.count is None and p.shown == f"≥ {k}" and v >= k
    hidden = {p.index: p.mark for p in shown if p.mark != EXACT}
    assert 2 * sum(values[i] for i in hidden) <= sum(values)
    for i in present:  # every small cell is hidden
        if values[i] < k:
            assert hidden[i] == SMALL
    hidden_total = sum(values[i] for i in hidden)
    assert _safe(hidden, k, hidden_total), (values, k, hidden)


@settings(max_examples=400, deadline=None)
@given(st.integers(3, 8).flatmap(
    lambda k: st.tuples(st.just(k), st.lists(st.integers(0, 14), min_size=1, max_size=7))))
def test_no_hidden_cell_can_be_narrowed(case) -> None:
    k, values = case
    _check(values, k)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([7, 9, 3, 2], ["7", "9", "< 5", "< 5"]),   # two small cells, sum 5: each 1..4
        ([9, 8, 6, 3], ["9", "8", "≥ 5", "< 5"]),   # one small cell: the smallest hides too
        ([10, 8, 1, 1], ["10", "≥ 5", "< 5", "< 5"]),  # sum 2 would mean both are 1
        ([0, 6, 0, 5], ["6", "5"]),                 # nothing small: exact, zeros left out
        ([7, 3, 2], ["7", "< 5", "< 5"]),           # 5 of 12 cases hidden
        ([5, 3, 3], None),                          # 6 of 11 cases would be hidden
        ([3, 2], None),
    ],
)
def test_known_tables(values: list[int], expected: list[str] | None) -> None:
    shown = protect(values, 5)
    assert (None if shown is None else [p.shown for p in shown]) == expected


def test_sum_not_known_needs_no_secondary_cell() -> None:
    # Referrals: one case may count in several cells and no total is published, so the rule
    # for "most of the table" counts cells.
    assert [p.shown for p in protect([9, 3], 5, known_sum=False)] == ["9", "< 5"]
    assert protect([9, 3, 2], 5, known_sum=False) is None


def test_a_linked_table_can_ask_for_more() -> None:
    shown = protect([9, 8, 6, 6], 5, hide=[1])
    # The forced cell alone would be pinned by the total: the smallest other cell joins it.
    assert [p.shown for p in shown] == ["9", "≥ 5", "≥ 5", "6"]


def test_withheld_when_nothing_safe_remains() -> None:
    # 1 and 5: hiding both leaves S = 6, and a "< 5" cell beside a ">= 5" cell must be 1.
    assert protect([1, 5], 5) is None
    assert protect([0, 0], 5) == []


def test_threshold_floor() -> None:
    assert effective_k(None) == 5
    assert effective_k(0) == 5
    assert effective_k(1) == 3
    assert effective_k(2) == 3
    assert effective_k(8) == 8


def test_bad_input() -> None:
    with pytest.raises(ValueError):
        protect([1, -1], 5)
