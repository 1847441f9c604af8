"""Follow-ups on the case screen: the form proposes a due date, and closing a case while one is
open warns first; a second ctrl+s closes it anyway."""

from __future__ import annotations

from tests.apps import TODAY, demo_app
from tests.screens.tui import current_form, fill, form_on_my_case, save, settle
from vp_tui.i18n import fmt_date
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.form_screen import FormScreen
from vp_tui.services import followups
from vp_tui.services.cases import queries

SIZE = (100, 32)


async def test_plan_a_follow_up_then_close_after_the_warning() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        case_id, form = await form_on_my_case(pilot, "f")
        assert form.read_field("due_on") == fmt_date(followups.default_due(TODAY), "short")
        fill(form, description="terugbellen")
        await save(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        ctx = app.session.ctx
        assert any(f.due_on == followups.default_due(TODAY) and f.done_on is None
                   for f in queries.get_case(ctx, case_id).followups)

        await pilot.press("x")
        await settle(pilot)
        form = current_form(app)
        fill(form, status="afgesloten", outcome="opgelost")
        await save(pilot)
        assert isinstance(app.screen, FormScreen)  # warned, not saved
        assert "vervolgactie(s) open" in form.message_for("status")
        assert queries.get_case(ctx, case_id).status != "afgesloten"
        await save(pilot)  # the second ctrl+s saves anyway
        assert isinstance(app.screen, CaseDetailScreen)
        assert queries.get_case(ctx, case_id).status == "afgesloten"
