"""User text is shown literally in every widget that shows it: Rich markup stays characters,
terminal escape sequences are removed, nothing becomes a link or a colour.

The text is stored through the services exactly as typed; each screen is then read back from
the rendered terminal (an SVG screenshot), not from what the widget was given.
"""

from __future__ import annotations

import datetime as dt

from tests.apps import TODAY, demo_app
from tests.screens.tui import NASTY, NASTY_SHOWN, current_form, open_case, screen_text, settle
from vp_tui.models.enums import CHECKLIST
from vp_tui.screens.organisation_detail import OrganisationDetailScreen
from vp_tui.services import followups, organisations, timeline
from vp_tui.services.cases.intake import IntakeForm, create_case
from vp_tui.widgets.timeline import TimelineView

WIDE = (200, 50)  # wide enough that no column has to be shortened
ORG = "Org " + NASTY
ORG_SHOWN = "Org " + NASTY_SHOWN


def assert_literal(app, where: str) -> str:
    shown = screen_text(app)
    assert NASTY_SHOWN in shown, f"{where}: user text not shown literally"
    assert "\x1b" not in app.export_screenshot(), f"{where}: escape reached the terminal"
    assert "x y z" not in shown, f"{where}: markup was applied"
    return shown


def seed(app) -> tuple[int, int, int]:
    """An organisation, a case, a note (edited once) and a follow-up, all full of markup."""
    ctx = app.session.ctx
    org_id = organisations.create_organisation(ctx, organisations.OrganisationForm(
        name=ORG, sector=NASTY, board_contact=NASTY, contract_hours=10))
    organisations.set_checklist(ctx, org_id, CHECKLIST.keys()[0], "geregeld", NASTY, 0)
    organisations.add_activity(ctx, org_id, "voorlichting", TODAY, 60, NASTY)
    organisations.assign_adviser(ctx, org_id, ctx.actor.id, "vaste_vp", TODAY)
    case_id = create_case(ctx, IntakeForm(
        organisation_id=org_id, opened_on=TODAY, channel="telefoon", case_type="oo",
        categories=["pesten"], melder_code=NASTY[:40], melder_contact=NASTY,
        department=NASTY[:100], conversation_minutes=30, conversation_notes=NASTY))
    note = timeline.add_note(ctx, case_id, TODAY, "voor " + NASTY)
    timeline.edit_entry(ctx, note, 1, NASTY)
    followups.add_followup(ctx, case_id, TODAY + dt.timedelta(days=2), NASTY)
    return org_id, case_id, note


async def test_user_text_is_literal_everywhere() -> None:
    app = demo_app()
    async with app.run_test(size=WIDE) as pilot:
        org_id, case_id, note = seed(app)
        app.screen.reload()
        await settle(pilot)
        shown = assert_literal(app, "dashboard follow-ups")
        assert ORG_SHOWN in shown  # my open cases: organisation column

        await pilot.press("m")
        await settle(pilot)
        assert ORG_SHOWN in screen_text(app), "case list"

        await pilot.press("o")
        await settle(pilot)
        assert ORG_SHOWN in screen_text(app), "organisation list"

        await app.push_screen(OrganisationDetailScreen(org_id))
        await settle(pilot)
        shown = assert_literal(app, "organisation summary")
        assert f"bestuur: {NASTY_SHOWN}" in shown
        await pilot.press("2")
        await settle(pilot)
        assert_literal(app, "checklist note")
        await pilot.press("3")
        await settle(pilot)
        assert_literal(app, "activities")
        await pilot.press("e")
        await settle(pilot)
        assert ORG_SHOWN in screen_text(app), "organisation form (name prefilled)"
        await pilot.press("escape", "escape")

        screen = await open_case(pilot, case_id)
        shown = assert_literal(app, "case timeline")
        assert ORG_SHOWN in shown  # summary line
        table = screen.query_one(TimelineView).table
        table.move_cursor(row=table.get_row_index(str(note)))
        await settle(pilot)
        assert_literal(app, "entry panel")
        await pilot.press("h")
        await settle(pilot)
        shown = assert_literal(app, "history")
        assert f"voor {NASTY_SHOWN}" in shown
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert current_form(app).read_field("text") == NASTY_SHOWN  # escape not in the editor
        assert_literal(app, "edit form")
        await pilot.press("escape")
        await pilot.press("2")
        await settle(pilot)
        assert_literal(app, "case follow-ups")
        await pilot.press("3")
        await settle(pilot)
        shown = assert_literal(app, "case facts")
        assert shown.count(NASTY_SHOWN) >= 1 and NASTY_SHOWN[:40] in shown
