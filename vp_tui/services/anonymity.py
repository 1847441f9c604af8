"""Small-cell protection for the annual report's breakdowns: the one place it is decided.

The rule (pure arithmetic, no database):

1. A cell with n = 0 is left out of the table ("onderdelen zonder meldingen zijn weggelaten").
2. A cell with n >= k is shown exactly.
3. A cell with 1 <= n < k is shown as "< k" (primary suppression).
4. A reader who knows the total and every exact cell can compute S, the sum of the hidden
   cells. Knowing also that each "< k" cell lies in [1, k-1], S can pin a cell down: one
   hidden cell (its value is S), or all hidden cells equal to 1, or all equal to k-1. So the
   hidden set must leave every hidden cell at least two possible values. While it does not,
   the smallest exact cell is hidden too (secondary suppression) and shown as ">= k", which is
   true and tells the reader only that it lies in [k, S].
5. If even hiding every cell leaves one determined (e.g. cells 1 and k: S = k+1, the small cell
   can only be 1), the breakdown is withheld as a whole.

With integer intervals [lo_j, hi_j] for the hidden cells and their sum S known, the values a
cell can take are exactly [max(lo_i, S - sum hi_others), min(hi_i, S - sum lo_others)]; the
check below uses that closed form. tests/services/test_anonymity.py verifies it against brute
force enumeration of every table consistent with what is shown.

The check assumes the reader knows S even where the table has no total row (categories and
referrals, where one case can count in several cells): that is stricter than needed, never
weaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: The default threshold and the floor no organisation may go below.
DEFAULT_K = 5
MIN_K = 3

EXACT, SMALL, SECONDARY = "exact", "klein", "aanvullend"


def effective_k(configured: int | None) -> int:
    """The threshold actually applied: the configured one, never below MIN_K."""
    return max(MIN_K, configured if configured else DEFAULT_K)


@dataclass(frozen=True)
class Protected:
    """One shown cell: `count` is None whenever the exact value is hidden."""

    index: int
    count: int | None
    shown: str
    mark: str  # EXACT, SMALL or SECONDARY


def _determined(values: Sequence[int], ks: Sequence[int], hidden: set[int],
                small: set[int]) -> bool:
    """True when some hidden cell has only one value consistent with what is shown."""
    total = sum(values[i] for i in hidden)
    bounds = {i: (1, ks[i] - 1) if i in small else (ks[i], total) for i in hidden}
    lo_sum = sum(lo for lo, _ in bounds.values())
    hi_sum = sum(hi for _, hi in bounds.values())
    for lo, hi in bounds.values():
        low = max(lo, total - (hi_sum - hi))
        high = min(hi, total - (lo_sum - lo))
        if high <= low:
            return True
    return False


def protect(values: Sequence[int], k: int | Sequence[int]) -> list[Protected] | None:
    """The shown form of each non-zero cell, in input order; None when the whole breakdown
    must be withheld. `k` is one threshold, or one per cell (the agency overview, where each
    cell is an organisation with its own threshold)."""
    ks = [k] * len(values) if isinstance(k, int) else list(k)
    if len(ks) != len(values):
        raise ValueError("one threshold per cell")
    if any(v < 0 for v in values):
        raise ValueError("counts are never negative")
    present = [i for i, v in enumerate(values) if v > 0]
    small = {i for i in present if values[i] < ks[i]}
    hidden = set(small)
    spare = sorted((i for i in present if i not in small), key=lambda i: (values[i], i))
    while hidden and _determined(values, ks, hidden, small):
        if not spare:
            return None
        hidden.add(spare.pop(0))
    cells = []
    for i in present:
        if i not in hidden:
            cells.append(Protected(i, values[i], str(values[i]), EXACT))
        elif i in small:
            cells.append(Protected(i, None, f"< {ks[i]}", SMALL))
        else:
            cells.append(Protected(i, None, f"≥ {ks[i]}", SECONDARY))
    return cells
