"""The UI thread does no database work: while another session holds the write lock, keys
still echo at once, and a save waits on a database thread, saying so in its form, and is
stored once the lock is released (vp_tui.screens.background)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.apps import demo_app
from tests.screens.tui import current_form, fill, my_open_case, settle
from vp_tui.screens.case_detail import CaseDetailScreen, open_case
from vp_tui.screens.form_screen import FormScreen
from vp_tui.services.cases import queries
from vp_tui.store.database import connect
from vp_tui.widgets.search import SearchField

SIZE = (100, 32)
NOTE = "Genoteerd terwijl een ander schrijft."


@contextmanager
def write_lock_held(app) -> Iterator[Callable[[], None]]:  # noqa: ANN001
    """Another connection takes the write lock (BEGIN IMMEDIATE) and keeps it until the
    returned `release` is called (or the block ends)."""
    store = app.session.store
    other = connect(store.path, store.key)
    other.execute_sql("BEGIN IMMEDIATE")
    held = [True]

    def release() -> None:
        if held.pop():
            other.execute_sql("ROLLBACK")
            other.close()

    try:
        yield release
    finally:
        if held:
            release()


async def until(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Let the app run until `condition` holds."""
    while not condition():
        await pilot.pause(0.02)


async def test_keys_echo_and_a_save_waits_while_another_session_writes() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        case_id = my_open_case(app)
        with write_lock_held(app) as release:
            # Typing in the case list: each key is in the field as soon as it is handled.
            await pilot.press("slash")
            field = app.screen.query_one(SearchField)
            for n, key in enumerate("2026", start=1):
                await pilot.press(key)
                assert field.value == "2026"[:n]
            await pilot.press("escape")
            # Opening a case writes its audit event: the screen shows, the case follows.
            open_case(app, case_id)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CaseDetailScreen)
            assert screen.case is None
            await pilot.press("n")
            form = current_form(app)
            fill(form, text=NOTE)
            await pilot.press("ctrl+s")
            waiting = app.screen.query_one("#form-waiting")
            await until(pilot, lambda: waiting.has_class("-shown"))
            # The form stays open and editable, and a second ctrl+s saves nothing twice.
            assert isinstance(app.screen, FormScreen)
            area = form.control("text")
            assert isinstance(area, TextArea)
            area.focus()
            await pilot.press("end", "!")
            assert area.text == NOTE + "!"
            await pilot.press("ctrl+s")
            release()
            await settle(pilot)
        assert app.screen is screen and screen.case is not None
        notes = [e.text for e in queries.get_case(app.session.ctx, case_id).timeline
                 if e.kind == "notitie" and e.text.startswith(NOTE)]
        assert notes == [NOTE]  # what was in the form when ctrl+s was pressed, once
        assert not waiting.has_class("-shown")


async def test_a_search_typed_fast_shows_the_last_term_only() -> None:
    """Each keystroke starts a read; a newer one supersedes it, and the list ends up with the
    page of what is in the field."""
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        await pilot.press("slash", *"2025")
        await settle(pilot)
        assert screen.query_one(Input).value == "2025"
        assert screen.shown.search == "2025"
        assert screen.total == queries.count_cases(app.session.ctx, screen.shown)
