"""Full garbage collections wait for a pause in input (vp_tui.screens.session_timers)."""

from __future__ import annotations

import gc
import weakref

from tests.apps import demo_app
from tests.screens.tui import settle
from vp_tui.screens.session_timers import IdleCollector


def make_due() -> None:
    """Generation 1 collections until a full one is due (as allocation would)."""
    while gc.get_count()[2] < IdleCollector.DUE:
        gc.collect(1)


async def test_a_due_full_collection_waits_for_a_pause_and_runs_in_it() -> None:
    before = gc.get_threshold()
    app = demo_app()
    async with app.run_test() as pilot:
        await settle(pilot)
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
        await settle(pilot)
        make_due()
        while gc.get_count()[2] < IdleCollector.DUE + IdleCollector.MAX_POSTPONED:
            app.idle.touch()
            app.collector.check()
            assert gc.get_count()[2] > 0
            gc.collect(1)
        app.idle.touch()
        app.collector.check()
        assert gc.get_count()[2] == 0


class Cycle:
    """Garbage only the cycle collector can reclaim."""

    def __init__(self) -> None:
        self.me = self


async def test_start_up_runs_without_the_collector_until_the_first_frame() -> None:
    gc.disable()  # as vp_tui.cli.main starts
    try:
        app = demo_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # start-up's objects out of the way
        assert gc.get_freeze_count() == 0  # handed back when the app ends
    finally:
        gc.enable()


async def test_start_up_garbage_is_reclaimed_in_the_first_pause() -> None:
    gc.disable()
    try:
        garbage = Cycle()
        gone = weakref.ref(garbage)
        del garbage
        app = demo_app()
        async with app.run_test() as pilot:
            await settle(pilot)
            gc.collect()
            assert gone() is not None  # frozen with the start-up
            app.idle.touch()
            app.collector.check()
            assert gone() is not None  # not while typing
            app.idle._last -= 5
            app.collector.check()
            assert gone() is None
            assert gc.get_freeze_count() > 0  # the survivors frozen again
    finally:
        gc.enable()
