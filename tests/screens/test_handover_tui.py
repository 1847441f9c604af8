"""Handing a case over from the case screen (w): only the owner is offered it, the form
refuses without the melder's consent beside its box, and after saving the other adviser
sees the case."""

from __future__ import annotations

from tests.apps import TODAY, demo_app
from tests.screens.tui import fill, form_on_my_case, my_open_case, open_case, save, settle
from vp_tui.models import Case, Handover
from vp_tui.screens.actions import screen_actions
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.form_screen import FormScreen
from vp_tui.services import handovers
from vp_tui.services.access import require_case
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context

SIZE = (120, 36)


async def test_the_owner_hands_a_case_over_with_consent() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        case_id, form = await form_on_my_case(pilot, "w")
        ctx = app.session.ctx
        organisation = Case.get_by_id(case_id).organisation_id
        target = handovers.recipients(ctx, organisation)[0]
        theirs = Context(resolve_actor(target.initials, None), today=TODAY)
        fill(form, to_adviser=target.id)
        await save(pilot)
        assert isinstance(app.screen, FormScreen)  # refused: the form stays open
        assert "toestemming" in form.message_for("consent")
        assert not Handover.select().where(Handover.case == case_id).exists()
        form.focus_field("consent")
        await pilot.press("space")
        await save(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        handover = Handover.get(Handover.case == case_id)
        assert (handover.to_adviser_id, handover.consent, handover.start, handover.end) == (
            target.id, True, TODAY, None)
        assert require_case(theirs, case_id).id == case_id


async def test_the_handover_is_offered_on_own_cases_only() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        ctx = app.session.ctx
        other = Case.select().where(Case.owner != ctx.actor.id).first()
        owner = Context(resolve_actor(other.owner.initials, None), today=TODAY)
        handovers.hand_over(owner, other.id, ctx.actor.id, consent=True)
        screen = await open_case(pilot, other.id)
        assert screen.case.id == other.id
        assert "handover" not in {a.action for a in screen_actions(screen)}  # help, palette
        await pilot.press("w")
        await settle(pilot)
        assert app.screen is screen  # no form
        await pilot.press("escape")
        await settle(pilot)
        mine = await open_case(pilot, my_open_case(app))
        assert "handover" in {a.action for a in screen_actions(mine)}
