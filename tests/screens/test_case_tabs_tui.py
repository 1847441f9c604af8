"""The case screen's tab keys (1, 2, 3) show the tab and keep it shown: focus left in the
timeline once fell back into it and showed the timeline again."""

from __future__ import annotations

import datetime as dt

from tests.apps import TODAY, demo_app
from tests.screens.tui import open_case, screen_text, settle
from vp_tui.services import followups
from vp_tui.services.cases import queries
from vp_tui.services.cases.queries import CaseFilter, list_cases
from vp_tui.widgets.record_table import RecordTable

SIZE = (100, 32)


async def test_followup_planned_before_its_tab_is_shown_then_completed_there() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        ctx = app.session.ctx
        case_id = list_cases(ctx, CaseFilter(open_only=True, owner_id=ctx.actor.id))[0].id
        screen = await open_case(pilot, case_id)
        fid = followups.add_followup(ctx, case_id, TODAY + dt.timedelta(days=3),
                                     "Terugbellen over de uitkomst")
        screen.reload()
        await settle(pilot)
        planned = [f for f in queries.get_case(ctx, case_id).followups if f.id == fid]

        await pilot.press("2")
        await settle(pilot)
        table = screen.query_one("#followups", RecordTable)
        assert str(planned[0].id) in table.rows
        assert "Terugbellen over de uitkomst" in screen_text(app)
        table.move_cursor(row=table.get_row_index(str(planned[0].id)))
        await pilot.press("a")
        await settle(pilot)
        done = next(f for f in queries.get_case(ctx, case_id).followups if f.id == planned[0].id)
        assert done.done_on == TODAY
        assert TODAY.strftime("%d-%m-%Y") in screen_text(app)  # the Gedaan column, redrawn

        await pilot.press("3")
        await settle(pilot)
        code = queries.get_case(ctx, case_id).code
        assert "Code:" in screen_text(app) and code in screen_text(app)
