"""Several sessions on one database, seen from the TUI: refresh when another session
changed the data, a stale save with who/when and a reload that keeps the typed text, and the
idle end of a session.

"Another session" is a second real SQLCipher connection to the same file (as another process
would have), changing rows with plain SQL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable

from textual.widgets import TextArea

from tests.apps import TODAY, demo_app
from tests.screens.tui import (
    current_form,
    edit_new_note,
    fill,
    my_open_case,
    open_case,
    save,
    screen_text,
    settle,
)
from vp_tui.i18n import fmt_date
from vp_tui.models import AuditEvent
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.form_screen import FormScreen
from vp_tui.services import timeline
from vp_tui.services.session import data_version
from vp_tui.store.database import connect
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.timeline import TimelineView

SIZE = (100, 32)
#: Upper bound for waiting on a timer; the tests never assert how long anything took.
PATIENCE = 30.0


async def until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.05)


def other_session(app, sql: str, *params: object) -> None:
    """One committed statement from a second connection to the same database file."""
    store = app.session.store
    other = connect(store.path, store.key)
    try:
        other.execute_sql(sql, params)
    finally:
        other.close()


# --- refresh after changes elsewhere ---------------------------------------------------------


async def test_a_list_shows_another_sessions_change_and_keeps_the_cursor_on_its_record() -> None:
    app = demo_app(poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.query_one(RecordTable)
        table.move_cursor(row=3)
        await settle(pilot)
        chosen, below = table.current_id, int(table.coordinate_to_cell_key((5, 0)).row_key.value)
        # The row below the cursor is renamed to sort first: every row above it moves down.
        other_session(app, "UPDATE organisation SET name = ?, version = version + 1 "
                           "WHERE id = ?", "Aaa Hernoemd Elders", below)
        await until(lambda: table.row_count and table.get_row_at(0)[0].plain
                    == "Aaa Hernoemd Elders")
        assert table.current_id == chosen
        assert table.cursor_row == 4


async def test_a_refresh_keeps_a_scrolled_list_where_it_was() -> None:
    app = demo_app("BJ", poll_seconds=0.05)
    async with app.run_test(size=(100, 14)) as pilot:  # low: the list scrolls
        await pilot.press("m")
        await settle(pilot)
        table = app.screen.query_one(RecordTable)
        table.move_cursor(row=table.row_count - 1)  # scrolled to the end …
        await settle(pilot)
        table.move_cursor(row=int(table.scroll_y))  # … the cursor on the top row in view
        await settle(pilot)
        chosen, scrolled = table.current_id, table.scroll_y
        assert scrolled > 0
        other_session(app, "UPDATE \"case\" SET department = 'Elders' WHERE id = ?", chosen)
        await until(lambda: app.data_watch.seen == data_version())
        await settle(pilot)
        assert (table.current_id, table.scroll_y) == (chosen, scrolled)


async def test_a_case_shows_another_sessions_change_without_rereading_for_unrelated_ones(
) -> None:
    app = demo_app(poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        case_id = my_open_case(app)
        note = timeline.add_note(app.session.ctx, case_id, TODAY, "Origineel.")
        screen = await open_case(pilot, case_id)
        view = screen.query_one(TimelineView)
        other_session(app, "UPDATE timeline_entry SET text = ?, version = version + 1 "
                           "WHERE id = ?", "Door een collega aangevuld.", note)
        await until(lambda: view.entry(note).text == "Door een collega aangevuld.")
        assert "Door een collega aangevuld." in screen_text(app)

        # An unrelated change (here a setting; in practice another session's audit rows)
        # must not re-read the case: that read is audited and would wake the other sessions.
        def reads() -> int:
            return AuditEvent.select().where(AuditEvent.action == "case.read",
                                             AuditEvent.object_id == str(case_id)).count()

        before = reads()
        other_session(app, "INSERT INTO meta (key, value) VALUES ('elders', '1')")
        await until(lambda: app.data_watch.seen == data_version())
        assert reads() == before


async def test_no_refresh_under_an_open_form_until_it_is_closed() -> None:
    app = demo_app(poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        note, view = await edit_new_note(pilot, "Origineel.")
        seen = app.data_watch.seen
        other_session(app, "UPDATE timeline_entry SET text = 'Elders.', version = version + 1 "
                           "WHERE id = ?", note)
        for _poll in range(10):
            app.data_watch.poll()
        assert app.data_watch.seen == seen  # the change waits …
        assert view.entry(note).text == "Origineel."
        assert current_form(app).read_field("text") == "Origineel."
        await pilot.press("escape")
        await until(lambda: view.entry(note).text == "Elders.")  # … until the form is closed


async def test_the_report_shows_a_draft_saved_elsewhere_unless_text_is_unsaved_here(
    tmp_path, monkeypatch
) -> None:
    import json

    from tests.screens.test_report_screen import YEAR, _open
    from vp_tui.services.report_drafts import save_draft
    from vp_tui.services.reporting import find_organisation

    monkeypatch.setenv("VP_TUI_REPORT_DIR", str(tmp_path))
    app = demo_app(poll_seconds=0.05)
    org_id = find_organisation(app.session.ctx, "Zorggroep De Linde")
    save_draft(app.session.ctx, org_id, YEAR, {"route": "Eerste."}, 0)

    def saved_elsewhere(text: str) -> None:
        other_session(app, "UPDATE report_draft SET sections = ?, version = version + 1 "
                           "WHERE organisation_id = ? AND year = ?",
                      json.dumps({"route": text}), org_id, YEAR)

    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, app, "Zorggroep De Linde")
        area = screen.query_one("#text-route", TextArea)
        assert area.text == "Eerste."
        saved_elsewhere("Van elders.")
        await until(lambda: area.text == "Van elders.")
        area.load_text("Nog niet bewaard.")
        saved_elsewhere("Weer van elders.")
        await until(lambda: app.data_watch.seen == data_version())
        assert area.text == "Nog niet bewaard."  # typing is never replaced


# --- a stale save ----------------------------------------------------------------------------


async def test_a_stale_save_names_who_and_when_and_reload_keeps_the_typed_text() -> None:
    app = demo_app(poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        ctx = app.session.ctx
        note, _view = await edit_new_note(pilot, "Origineel.")
        other_session(app, "UPDATE timeline_entry SET text = 'Versie van BJ.', "
                           "version = version + 1, updated_by = 'BJ', "
                           "updated_at = '2026-11-27 09:30:00' WHERE id = ?", note)
        form = current_form(app)
        fill(form, text="Mijn wijziging.")
        await save(pilot)

        assert isinstance(app.screen, FormScreen)  # refused, nothing overwritten
        assert timeline.entry_history(ctx, note)[-1].text == "Versie van BJ."
        at = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC).astimezone()
        message = form.message_for("")
        assert "door BJ op " + fmt_date(at.date()) + at.strftime(" %H:%M") in message
        assert "ctrl+r" in message
        assert form.read_field("text") == "Mijn wijziging."  # still in the form

        await pilot.press("ctrl+r")
        await settle(pilot)
        form = current_form(app)  # the stored version in the form …
        assert form.read_field("text") == "Versie van BJ."
        kept = app.screen.query_one("#unsaved-text", TextArea)
        assert kept.read_only and "Mijn wijziging." in kept.text  # … the typed text beside it
        assert "Mijn wijziging." in screen_text(app)

        fill(form, text="Versie van BJ. Mijn wijziging.")
        await save(pilot)  # against the version now shown: accepted
        assert isinstance(app.screen, CaseDetailScreen)
        assert timeline.entry_history(ctx, note)[-1].text == "Versie van BJ. Mijn wijziging."


# --- the idle end ----------------------------------------------------------------------------


def record_exit(app) -> list[tuple[str, tuple, dict]]:
    """What the terminal showed at the moment the app was told to exit, and how."""
    calls: list[tuple[str, tuple, dict]] = []
    real_exit = app.exit

    def exit_(*args, **kwargs):
        calls.append((screen_text(app), args, kwargs))
        real_exit(*args, **kwargs)

    app.exit = exit_
    return calls


async def test_idle_time_clears_the_screen_and_ends_the_session() -> None:
    app = demo_app(idle_seconds=3)
    exits = record_exit(app)
    async with app.run_test(size=SIZE) as pilot:
        case_id = my_open_case(app)
        screen = await open_case(pilot, case_id)
        code = screen.case.code
        assert code in screen_text(app)
        await until(lambda: bool(exits))
    shown, args, _kwargs = exits[0]
    assert code not in shown and "Origineel" not in shown
    assert "Sessie beëindigd na 15 minuten zonder invoer" in shown
    assert app.return_code == 0
    assert "Sessie beëindigd" in str(args[2])  # the one line left on the terminal


class Clock:
    """A monotonic clock the test moves: idle time passes without waiting for it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_key_presses_postpone_the_idle_end() -> None:
    clock = Clock()
    app = demo_app(idle_seconds=2, clock=clock)
    exits = record_exit(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _press in range(10):  # ten times the idle time, never idle for long
            clock.now += 1.5
            await pilot.press("down")
            clock.now += 0.5
            app.idle.check()
        await settle(pilot)
        assert not exits and app.return_code is None
        assert "Mijn open meldingen" in screen_text(app)
        clock.now += 2  # left alone, it ends
        app.idle.check()
        await until(lambda: bool(exits))
    assert app.return_code == 0
