"""open_case keeps one case screen per mode and loads the next case into it: the next case must
show from its first tab and first entry, with nothing of the case before; a refused case is
not shown and says why."""

from __future__ import annotations

from textual.widgets import Static

from tests.apps import demo_app
from tests.screens.tui import notices, screen_text, settle
from vp_tui.i18n import fmt_date
from vp_tui.screens.case_detail import CaseDetailScreen, open_case
from vp_tui.services.cases import queries
from vp_tui.services.cases.queries import CaseFilter, list_cases
from vp_tui.widgets.timeline import TimelineView

SIZE = (100, 32)


async def test_the_next_case_shows_alone_from_its_first_tab_and_entry() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        ctx = app.session.ctx
        rows = list_cases(ctx, CaseFilter(owner_id=ctx.actor.id))
        first, second = (queries.get_case(ctx, r.id) for r in rows[:2])
        assert len(first.timeline) > 1
        open_case(app, first.id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseDetailScreen) and screen.case.id == first.id
        table = screen.query_one(TimelineView).table
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("3")  # the Gegevens tab
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)

        open_case(app, second.id)
        await settle(pilot)
        assert app.screen is screen  # the same screen, loaded again
        shown = screen_text(app)
        assert second.code in shown and first.code not in shown
        assert screen._active_tab() == "tijdlijn" and table.cursor_row == 0
        assert [key.value for key in table.rows] == [str(item.id) for item in second.timeline]


async def test_a_refused_case_is_not_shown_and_says_why() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        ctx = app.session.ctx
        mine = list_cases(ctx, CaseFilter(owner_id=ctx.actor.id))[0]
        open_case(app, mine.id)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        before = app.screen
        open_case(app, 987654)  # no such case
        await settle(pilot)
        assert app.screen is before
        assert any(n.title == "Niet gelukt" for n in notices(app))


async def test_the_next_case_is_laid_out_once_and_shows_its_first_entry() -> None:
    """Loading a case shows its first entry in full, and the table then highlights that row:
    showing the same entry again laid out the screen a second time for every case opened."""
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        ctx = app.session.ctx
        rows = list_cases(ctx, CaseFilter(owner_id=ctx.actor.id))
        first, second = (queries.get_case(ctx, r.id) for r in rows[:2])
        open_case(app, first.id)
        await settle(pilot)
        screen = app.screen
        await pilot.press("escape")
        await settle(pilot)
        layouts = []
        screen_layout = screen._refresh_layout
        screen._refresh_layout = lambda *a, **k: (layouts.append(a), screen_layout(*a, **k))
        open_case(app, second.id)
        await settle(pilot)
        assert len(layouts) == 1
        entry = second.timeline[0]
        head = str(screen.query_one("#entry-head", Static).render())
        assert head.startswith(fmt_date(entry.occurred_on)) and entry.author in head
