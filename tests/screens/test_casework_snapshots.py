"""SVG snapshots of the adviser's main screens at a small laptop terminal and a larger one.

The demo data is generated for a fixed date and seed, and no clock is shown, so the pictures
only change when the screens do. Regenerate with `pytest --snapshot-update` and look at them.
"""

from __future__ import annotations

import pytest

from tests.apps import demo_app
from tests.screens.tui import pressed

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
def test_dashboard(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(), run_before=pressed(), terminal_size=size)


@SIZES
def test_case_list(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(), run_before=pressed("m"), terminal_size=size)


@SIZES
def test_case_detail(snap_compare, size: tuple[int, int]) -> None:
    """The newest case of the list: summary, timeline and the highlighted entry in full."""
    assert snap_compare(demo_app(), run_before=pressed("m", "enter"), terminal_size=size)
