"""Start probe: run an app headless exactly as its command would, and print the moment (on the
system-wide monotonic clock) at which its first screen is ready.

`python -m vp_tui.bench.startup vp ARGS…` runs `vp-tui ARGS…` (the real entry point: CLI,
keyring, session, dashboard); `python -m vp_tui.bench.startup minimal` runs a bare Textual app
with a Header, a DataTable of 100 rows and a Footer. Both go through the same patched App.run,
so the comparison is fair: the app runs headless at 120x40 and, once Textual reports it ready
and the pending messages (mount, screen resume, the dashboard's queries) are handled, the time
is printed and the app exits.

Only the standard library is imported before the app's own imports start, and each app
imports Textual where it would: the minimal app first thing, vp-tui when its command starts
the TUI (vp_tui.cli.base.run_tui), after its own start-up (which runs without the garbage
collector, vp_tui.cli.main).
"""

from __future__ import annotations

import json
import sys
import time


async def settled(pilot) -> None:  # noqa: ANN001
    """Until the screens' service calls (vp_tui.screens.background) have come back and what
    they brought is shown: the dashboard is ready when its data is."""
    from contextlib import suppress

    from textual.worker import WorkerCancelled, WorkerState

    await pilot.pause()
    while busy := [w for w in pilot.app.workers
                   if not w.is_finished and w.state != WorkerState.PENDING]:
        for worker in busy:
            with suppress(WorkerCancelled):  # superseded by a newer call: dropped
                await worker.wait()
        await pilot.pause()


def _patch_run() -> None:
    from textual.app import App

    original = App.run

    def run(self, **kwargs):  # noqa: ANN001, ANN202 - App.run's own signature
        async def ready(pilot) -> None:  # noqa: ANN001
            await settled(pilot)
            print(json.dumps({"ready": time.monotonic(),
                              "screen": type(pilot.app.screen).__name__}), flush=True)
            pilot.app.exit()

        kwargs.update(headless=True, size=(120, 40), auto_pilot=ready)
        return original(self, **kwargs)

    App.run = run  # type: ignore[method-assign]


def _minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Minimal(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Code", "Organisatie", "Datum", "Status")
            for n in range(100):
                table.add_row(f"2026-{n:04d}", f"Organisatie {n}", "27-11-2026", "open")

    Minimal().run()


def main(argv: list[str]) -> None:
    if argv[0] == "minimal":
        _patch_run()
        _minimal()
    else:
        from vp_tui.cli import base
        from vp_tui.cli import main as vp_main

        run_tui = base.run_tui

        def patched_run_tui(session) -> None:  # noqa: ANN001
            _patch_run()
            run_tui(session)

        base.run_tui = patched_run_tui
        # The probe runs headless, with no terminal; the terminal check itself is two isatty
        # calls.
        base.require_terminal = lambda: None
        sys.argv = ["vp-tui", *argv[1:]]
        try:
            vp_main()
        except SystemExit as exc:
            if exc.code:
                raise


if __name__ == "__main__":
    main(sys.argv[1:])
