"""The TUI's start imports the screens it shows and nothing else: every other screen, the
help and the forms are imported when first opened (each module costs start-up time)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import asyncio, sys
from tests.apps import demo_app

async def main():
    async with demo_app().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(type(pilot.app.screen).__name__)

asyncio.run(main())
print(sorted(m for m in sys.modules if m.startswith("vp_tui.screens.")))
"""


def test_start_imports_only_the_dashboard_screen() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == "DashboardScreen"
    assert out[1] == str(sorted(f"vp_tui.screens.{m}" for m in (
        "actions", "background", "base", "dashboard", "errors", "session_timers")))
