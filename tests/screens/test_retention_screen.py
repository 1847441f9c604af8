"""The 'Te vernietigen' screen: the actor's due cases, destroyed only after a confirmation."""

from __future__ import annotations

from tests.apps import demo_app
from tests.screens.tui import pressed
from vp_tui.models import Case, TimelineEntry
from vp_tui.screens.coverage import ConfirmScreen
from vp_tui.screens.retention import RetentionScreen
from vp_tui.widgets.record_table import RecordTable


def codes(table: RecordTable) -> list[str]:
    return [str(table.get_cell_at((row, 0))) for row in range(table.row_count)]


async def test_purge_after_confirmation_and_not_without() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RetentionScreen)
        table = screen.query_one(RecordTable)
        assert codes(table) == ["2025-0006", "2025-0009"]  # ADV's, Zuidvliet keeps one year

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        first = Case.get(Case.code == "2025-0006")
        assert first.purged_at is None and first.melder_code
        assert codes(table) == ["2025-0006", "2025-0009"]

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert app.screen is screen
        first = Case.get(Case.code == "2025-0006")
        assert first.purged_at is not None and first.melder_code == ""
        assert not TimelineEntry.select().where(TimelineEntry.case == first.id,
                                                TimelineEntry.text != "").exists()
        assert codes(table) == ["2025-0009"]
        assert Case.get(Case.code == "2025-0009").melder_code  # the other one untouched


async def test_an_adviser_without_due_cases_sees_an_empty_list() -> None:
    app = demo_app("DB")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.query_one(RecordTable).row_count == 0
        await pilot.press("x")  # nothing to destroy: no dialog
        await pilot.pause()
        assert isinstance(app.screen, RetentionScreen)


def test_retention_snapshot_on_a_small_terminal(snap_compare) -> None:
    assert snap_compare(demo_app(), run_before=pressed("t"), terminal_size=(80, 24))
