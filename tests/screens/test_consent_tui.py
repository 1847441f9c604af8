"""The melder's consent on the case screen: `c` (or the palette) records or withdraws it, and
the header shows the consent as it stands, with its date."""

from __future__ import annotations

from tests.apps import TODAY, demo_app
from tests.screens.tui import (
    current_form,
    fill,
    form_on_my_case,
    my_open_case,
    open_case,
    save,
    screen_text,
    settle,
)
from vp_tui.i18n import fmt_date
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.form_screen import FormScreen
from vp_tui.services.cases import queries

SIZE = (100, 32)


def header(app) -> str:
    return str(app.screen.query_one("#case-summary").render())


async def test_withdraw_then_record_consent_again_with_the_header_following() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        case_id, form = await form_on_my_case(pilot, "c")
        ctx = app.session.ctx
        given_on = queries.get_case(ctx, case_id).consent_on
        assert "Toestemming melder intrekken" in screen_text(app)
        await save(pilot)  # the day is today unless changed
        assert isinstance(app.screen, CaseDetailScreen)
        assert f"Toestemming melder: ingetrokken op {fmt_date(TODAY)}" in header(app)
        assert "Toestemming ingetrokken" in screen_text(app)  # the timeline's entry
        detail = queries.get_case(ctx, case_id)
        assert (detail.consent_recorded, detail.consent_on) == (False, TODAY)
        assert given_on != TODAY


        await pilot.press("c")
        await settle(pilot)
        form = current_form(app)
        assert "Toestemming melder vastleggen" in screen_text(app)
        fill(form, on=fmt_date(TODAY.replace(year=TODAY.year + 1), "short"))
        await save(pilot)
        assert "toekomst" in form.message_for("on")
        fill(form, on=fmt_date(TODAY, "short"), note="opnieuw akkoord")
        await save(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert f"Toestemming melder: gegeven op {fmt_date(TODAY)}" in header(app)
        assert [(e.consent, e.text) for e in queries.get_case(ctx, case_id).timeline
                if e.kind == "toestemming"] == [(False, ""), (True, "opnieuw akkoord")]


async def test_the_palette_offers_consent_on_the_case_screen() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, my_open_case(app))
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Toestemming")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "Toestemming melder intrekken" in screen_text(app)
