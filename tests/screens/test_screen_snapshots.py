"""SVG snapshots at 80x24 of the main screens the other snapshot tests leave out: the
organisations, an organisation's file, the annual report, and the help screen of a case
(longer than the dialog: it says there is more). With test_casework_snapshots (dashboard,
case list, case), test_coverage_screen and test_retention_screen every main screen has one.
Regenerate with `pytest --snapshot-update` and look at them."""

from __future__ import annotations

import pytest

from tests.apps import demo_app
from tests.screens.tui import pressed

SCREENS = {
    "organisations": ("o",),
    "organisation_file": ("o", "enter"),
    "report": ("j",),
    "case_help": ("m", "enter", "f1"),
    "form_help": ("n", "f1"),
}


@pytest.mark.parametrize("keys", SCREENS.values(), ids=SCREENS)
def test_screen_at_80_by_24(snap_compare, keys: tuple[str, ...]) -> None:
    assert snap_compare(demo_app(), run_before=pressed(*keys), terminal_size=(80, 24))
