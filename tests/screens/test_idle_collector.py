"""Full garbage collections wait for a pause in input (vp_tui.screens.session_timers)."""

from __future__ import annotations

import gc

from tests.apps import demo_app
from vp_tui.screens.session_timers import IdleCollector


def make_due() -> None:
    """Generation 1 collections until a full one is due (as allocation would)."""
    while gc.get_count()[2] < IdleCollector.DUE:
        gc.collect(1)


async def test_a_due_full_collection_waits_for_a_pause_and_runs_in_it() -> None:
    before = gc.get_threshold()
    app = demo_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] == IdleCollector.NEVER
        make_due()
        app.idle.touch()  # typing
        app.collector.check()
        assert gc.get_count()[2] >= IdleCollector.DUE  # postponed
        app.idle._last -= 5  # five seconds without input
        app.collector.check()
        assert gc.get_count()[2] == 0  # collected
    assert gc.get_threshold() == before  # handed back when the app ends


async def test_a_long_stretch_of_typing_does_not_postpone_it_without_end() -> None:
    app = demo_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        make_due()
        while gc.get_count()[2] < IdleCollector.DUE + IdleCollector.MAX_POSTPONED:
            app.idle.touch()
            app.collector.check()
            assert gc.get_count()[2] > 0
            gc.collect(1)
        app.idle.touch()
        app.collector.check()
        assert gc.get_count()[2] == 0
