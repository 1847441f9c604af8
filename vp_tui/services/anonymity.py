"""Small-cell protection within one table: the rule every breakdown starts from.

The rule (pure arithmetic, no database):

1. A cell with n = 0 is left out of the table ("onderdelen zonder meldingen zijn weggelaten");
   the reader knows it is 0.
2. A cell with n >= k is shown exactly.
3. A cell with 1 <= n < k is shown as "< k" (primary suppression).
4. Where the reader knows the table's total (a table in which each case counts once), the sum
   S of the hidden cells follows from the total and the exact cells. Every "< k" cell must then
   still take each value 1..k-1, and every hidden cell at least two values, given S and the
   other hidden cells' signs. While that fails, exact cells are hidden too and shown
   as "≥ k" (secondary suppression), which is true and says only that it lies in [k, S].
   Of the safe choices the one with the fewest extra cells is taken, and of those the one
   with the smallest sum.
5. The table is withheld as a whole (a sentence instead) when no choice of hidden cells meets
   4 while leaving most of the table shown: most of its cases where the total is published,
   else most of its cells.

With integer intervals [lo_j, hi_j] for the hidden cells and their sum S, the values a cell can
take are exactly [max(lo_i, S - sum hi_others), min(hi_i, S - sum lo_others)]; the check below
uses that closed form, and tests/services/test_anonymity.py verifies it by brute force.

Links between tables (types and their categories, the agency overview, the previous year) are
not this module's: services/publication.py adds the secondary suppressions they need, and
services/disclosure.py proves the result with a linear programme over the whole publication.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from typing import NamedTuple

#: The default threshold and the floor no organisation may go below.
DEFAULT_K = 5
MIN_K = 3

EXACT, SMALL, SECONDARY = "exact", "klein", "aanvullend"


def effective_k(configured: int | None) -> int:
    """The threshold actually applied: the configured one, never below MIN_K."""
    return max(MIN_K, configured if configured else DEFAULT_K)


class Protected(NamedTuple):
    """One shown cell: `count` is None whenever the exact value is hidden."""

    index: int
    count: int | None
    shown: str
    mark: str  # EXACT, SMALL or SECONDARY


def _exposed(values: Sequence[int], k: int, hidden: set[int], small: set[int]) -> bool:
    """True when the hidden sum narrows a "< k" cell below 1..k-1 or pins any hidden cell."""
    total = sum(values[i] for i in hidden)
    bounds = {i: (1, k - 1) if i in small else (k, total) for i in hidden}
    lo_sum = sum(lo for lo, _ in bounds.values())
    hi_sum = sum(hi for _, hi in bounds.values())
    for i, (lo, hi) in bounds.items():
        low = max(lo, total - (hi_sum - hi))
        high = min(hi, total - (lo_sum - lo))
        if high <= low or (i in small and (low > 1 or high < k - 1)):
            return True
    return False


def _mostly_hidden(values: Sequence[int], present: list[int], hidden: set[int],
                   known_sum: bool) -> bool:
    """More than half of the table hidden: of its cases where the total is published (the
    hidden sum is public there anyway), else of its cells (their sum is not published, so
    deciding by it would tell something)."""
    if known_sum:
        return 2 * sum(values[i] for i in hidden) > sum(values[i] for i in present)
    return 2 * len(hidden) > len(present)


def _fewest_hidden(values: Sequence[int], k: int, present: list[int], small: set[int],
                   forced: set[int]) -> set[int] | None:
    """The safe hidden set with the fewest extra cells, of those the smallest in sum (the
    least information lost); None when none leaves most of the table shown."""
    spare = [i for i in present if i not in forced]
    for extra in range(0, len(spare) + 1):
        choices = sorted(itertools.combinations(spare, extra),
                         key=lambda c: (sum(values[i] for i in c), c))
        for chosen in choices:
            hidden = forced | set(chosen)
            if _mostly_hidden(values, present, hidden, True):
                break  # the rest of this size hides more still
            if not hidden or not _exposed(values, k, hidden, small):
                return hidden
    return None


def protect(values: Sequence[int], k: int, *, known_sum: bool = True,
            hide: Collection[int] = ()) -> list[Protected] | None:
    """The shown form of each non-zero cell, in input order; None when the table must be
    withheld. `known_sum` says whether the reader knows the table's total (each case in one
    cell); `hide` names cells that a link to another table requires hidden as well."""
    if any(v < 0 for v in values):
        raise ValueError("counts are never negative")
    present = [i for i, v in enumerate(values) if v > 0]
    small = {i for i in present if values[i] < k}
    forced = small | {i for i in hide if values[i] > 0}
    hidden = _fewest_hidden(values, k, present, small, forced) if known_sum else forced
    if hidden is None or _mostly_hidden(values, present, hidden, known_sum):
        return None
    cells = []
    for i in present:
        if i not in hidden:
            cells.append(Protected(i, values[i], str(values[i]), EXACT))
        elif i in small:
            cells.append(Protected(i, None, f"< {k}", SMALL))
        else:
            cells.append(Protected(i, None, f"≥ {k}", SECONDARY))
    return cells
