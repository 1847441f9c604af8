"""The small-cell rule, checked against brute force: for every table the rule shows, every
hidden cell must have at least two values consistent with what a reader sees."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vp_tui.services.anonymity import EXACT, SECONDARY, SMALL, effective_k, protect


def _reader_bounds(shown, ks, total: int) -> dict[int, range]:
    """What a reader knows of each hidden cell, from its mark alone."""
    return {
        p.index: range(1, ks[p.index]) if p.mark == SMALL else range(ks[p.index], total + 1)
        for p in shown if p.mark != EXACT
    }


def _possible_values(bounds: dict[int, range], total: int) -> dict[int, set[int]]:
    """Brute force: the values each hidden cell takes over all assignments that respect the
    marks and add up to the hidden total (sumsets, no closed form)."""
    keys = list(bounds)
    possible = {}
    for i in keys:
        others = {0}
        for j in keys:
            if j != i:
                others = {s + v for s in others for v in bounds[j] if s + v <= total}
        possible[i] = {v for v in bounds[i] if total - v in others}
    return possible


def _check(values: list[int], ks: list[int]) -> None:
    shown = protect(values, ks)
    present = [i for i, v in enumerate(values) if v]
    if shown is None:
        # Withheld only when hiding every cell still gives one away.
        everything = [type("P", (), {"index": i, "mark": SMALL if values[i] < ks[i]
                                     else SECONDARY})() for i in present]
        total = sum(values[i] for i in present)
        possible = _possible_values(_reader_bounds(everything, ks, total), total)
        assert any(len(v) < 2 for v in possible.values())
        return
    assert [p.index for p in shown] == present  # zero cells left out, order kept
    for p in shown:
        v, k = values[p.index], ks[p.index]
        if p.mark == EXACT:
            assert p.count == v and p.shown == str(v) and v >= k
        elif p.mark == SMALL:
            assert p.count is None and p.shown == f"< {k}" and 1 <= v < k
        else:
            assert p.count is None and p.shown == f"≥ {k}" and v >= k
    for i in present:  # every small cell is hidden
        if values[i] < ks[i]:
            assert next(p for p in shown if p.index == i).mark == SMALL
    hidden_total = sum(values[p.index] for p in shown if p.mark != EXACT)
    possible = _possible_values(_reader_bounds(shown, ks, hidden_total), hidden_total)
    for index, values_seen in possible.items():
        assert values[index] in values_seen
        assert len(values_seen) >= 2, (values, ks, index, values_seen)


@settings(max_examples=400, deadline=None)
@given(st.integers(3, 8).flatmap(
    lambda k: st.tuples(st.just(k), st.lists(st.integers(0, 14), min_size=1, max_size=7))))
def test_no_hidden_cell_can_be_recomputed(case) -> None:
    k, values = case
    _check(values, [k] * len(values))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(3, 7)), min_size=1, max_size=6))
def test_per_cell_thresholds(pairs) -> None:
    _check([v for v, _ in pairs], [k for _, k in pairs])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([7, 3, 2], ["7", "< 5", "< 5"]),          # two small cells, sum 5: each 1..4
        ([9, 3], ["≥ 5", "< 5"]),                   # one small cell: the other hides too
        ([10, 1, 1], ["≥ 5", "< 5", "< 5"]),        # sum 2 would mean both are 1
        ([10, 4, 4], ["≥ 5", "< 5", "< 5"]),        # sum 8 would mean both are 4
        ([6, 9, 2], ["≥ 5", "9", "< 5"]),           # the smallest exact cell hides first
        ([0, 6, 0, 5], ["6", "5"]),                 # nothing small: exact, zeros left out
        ([3, 2], ["< 5", "< 5"]),
    ],
)
def test_known_tables(values: list[int], expected: list[str]) -> None:
    assert [p.shown for p in protect(values, 5)] == expected


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
    with pytest.raises(ValueError):
        protect([1, 2], [5])
