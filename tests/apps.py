"""The app factory shared by Pilot and snapshot tests: the demo data on a fixed date."""

from __future__ import annotations

import datetime as dt

from vp_tui.app import VpApp
from vp_tui.services.session import open_demo

TODAY = dt.date(2026, 11, 27)


def demo_app(as_initials: str = "ADV", **options) -> VpApp:
    """A VpApp on a fresh demo database; deterministic for snapshots (fixed date and seed).
    `options` go to VpApp (idle_seconds, poll_seconds)."""
    return VpApp(open_demo(TODAY, as_initials=as_initials), **options)
