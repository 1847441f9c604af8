"""The adviser's daily work through the TUI: keyboard only, on the demo data.

Each test drives the real screens with Pilot and checks the result through the services, so a
screen that only looked right but saved nothing would fail.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Select

from tests.apps import TODAY, demo_app
from tests.screens.tui import (
    current_form,
    edit_new_note,
    fill,
    form_on_my_case,
    open_case,
    save,
    screen_text,
    settle,
)
from vp_tui.models.enums import CASE_TYPES
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.form_screen import FormScreen
from vp_tui.screens.history import HistoryScreen
from vp_tui.screens.organisation_detail import OrganisationDetailScreen
from vp_tui.services import organisations, timeline
from vp_tui.services.cases import queries, rules
from vp_tui.services.cases.queries import CaseFilter, list_cases
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.timeline import TimelineView

SIZE = (100, 32)


def typed(text: str) -> list[str]:
    """Key names that type `text`."""
    return ["space" if ch == " " else ch for ch in text]


def org_named(app, name: str) -> int:
    return next(o.id for o in organisations.list_organisations(app.session.ctx, name)
                if o.name == name)


async def test_create_organisation_with_message_beside_the_field() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = current_form(app)
        await save(pilot)  # no name yet: refused beside the name field
        assert isinstance(app.screen, FormScreen)
        assert form.message_for("name")
        assert form.message_for("sector") == ""
        form.focus_field("name")
        await pilot.press(*typed("Stichting Het Anker"))
        fill(form, sector="welzijn", staff_size="120", contract_hours="24,5",
             contract_start="1-1-2026", vp_types="oo")
        await save(pilot)
        assert isinstance(app.screen, OrganisationDetailScreen)
        assert "Stichting Het Anker" in screen_text(app)
        detail = organisations.get_organisation(app.session.ctx,
                                                org_named(app, "Stichting Het Anker"))
        assert (detail.sector, detail.staff_size, detail.contract_hours) == ("welzijn", 120,
                                                                              24.5)
        assert detail.contract_start == dt.date(2026, 1, 1)


async def test_intake_shows_errors_and_warnings_beside_fields_then_opens_the_case() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = current_form(app)
        await save(pilot)
        for field in ("organisation_id", "categories", "melder_code"):
            assert form.message_for(field).startswith("✗"), field
        fill(form, channel=None, case_type=None)  # proposed (cases.intake.new_intake); required
        await save(pilot)
        for field in ("channel", "case_type"):
            assert form.message_for(field).startswith("✗"), field
        zuidvliet = org_named(app, "Gemeente Zuidvliet")
        fill(form, organisation_id=zuidvliet, channel="telefoon", case_type="oo",
             categories=["pesten", "intimidatie"], melder_code="Zonnebloem",
             melder_role="oud_medewerker", left_employment_on="1-3-2025",
             consent_recorded=True, conversation_minutes="50",
             conversation_notes="Eerste gesprek over het teamoverleg.")
        await settle(pilot)
        await save(pilot)  # only a warning: shown, not saved yet
        assert isinstance(app.screen, FormScreen)
        assert form.message_for("left_employment_on").startswith("⚠")
        assert form.message_for("organisation_id") == ""
        await save(pilot)  # seen: the second ctrl+s saves
        assert isinstance(app.screen, CaseDetailScreen)
        case = queries.get_case(app.session.ctx, app.screen.case_id)
        assert case.code.startswith(f"{TODAY.year}-")
        assert case.categories == ["pesten", "intimidatie"]
        assert (case.melder_code, case.consent_recorded) == ("Zonnebloem", True)
        assert [(e.kind, e.minutes) for e in case.timeline] == [("gesprek", 50)]
        assert case.code in screen_text(app)


async def test_categories_offered_follow_the_case_type() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # from the dashboard
        await settle(pilot)
        form = current_form(app)
        fill(form, case_type="integriteit")
        await settle(pilot)
        offered = form.control("categories")
        keys = {offered.get_option_at_index(i).value for i in range(offered.option_count)}
        assert keys == set(rules.categories_for("integriteit"))


async def test_add_conversation_by_keyboard() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        case_id, form = await form_on_my_case(pilot, "g")
        before = len(queries.get_case(app.session.ctx, case_id).timeline)
        assert app.focused is form.control("occurred_on")  # today, already filled in
        await pilot.press("tab", *typed("45"), "tab")
        assert app.focused is form.control("mode")
        await pilot.press("enter", "down", "down", "enter")  # the second mode: telefonisch
        await pilot.press("tab", *typed("Gesprek over de voortgang."))
        await save(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        entries = queries.get_case(app.session.ctx, case_id).timeline
        assert len(entries) == before + 1
        added = max(entries, key=lambda e: e.id)
        assert (added.kind, added.minutes, added.mode, added.occurred_on) == (
            "gesprek", 45, "telefoon", TODAY)
        assert added.text == "Gesprek over de voortgang."
        assert app.screen.query_one(TimelineView).table.row_count == before + 1


async def test_referral_refused_without_consent_and_accepted_with_it() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        case_id, form = await form_on_my_case(pilot, "r")
        fill(form, destination="bedrijfsarts", note="Afspraak via P&O.")
        await save(pilot)
        assert isinstance(app.screen, FormScreen)  # refused: the form stays open
        assert "toestemming" in form.message_for("consent")
        assert not [e for e in queries.get_case(app.session.ctx, case_id).timeline
                    if e.kind == "verwijzing" and e.occurred_on == TODAY]
        form.focus_field("consent")
        await pilot.press("space")  # tick the consent box
        await save(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        referrals = [e for e in queries.get_case(app.session.ctx, case_id).timeline
                     if e.kind == "verwijzing" and e.occurred_on == TODAY]
        assert [(r.destination, r.consent, r.text) for r in referrals] == [
            ("bedrijfsarts", True, "Afspraak via P&O.")]


async def test_closing_needs_an_outcome() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        case_id, form = await form_on_my_case(pilot, "x")
        fill(form, status="afgesloten")
        await save(pilot)
        assert isinstance(app.screen, FormScreen)
        assert form.message_for("outcome")
        assert queries.get_case(app.session.ctx, case_id).status != "afgesloten"
        fill(form, outcome="opgelost")
        await save(pilot)  # the case has a follow-up open: a warning first
        assert isinstance(app.screen, FormScreen)
        assert form.message_for("status").startswith("⚠")
        await save(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        case = queries.get_case(app.session.ctx, case_id)
        assert (case.status, case.outcome, case.closed_on) == ("afgesloten", "opgelost", TODAY)
        assert "afgesloten (opgelost of verbeterd)" in screen_text(app)


async def test_editing_an_entry_keeps_its_history() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        ctx = app.session.ctx
        note, _view = await edit_new_note(pilot, "Eerste versie van de notitie.")
        form = current_form(app)
        fill(form, text="Gecorrigeerde notitie.")
        await save(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert [r.text for r in timeline.entry_history(ctx, note)] == [
            "Eerste versie van de notitie.", "Gecorrigeerde notitie."]
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one(RecordTable).row_count == 2
        shown = screen_text(app)
        assert "Eerste versie van de notitie." in shown  # the earlier text, on request
        assert "(huidig)" in shown


async def test_a_stale_edit_is_refused_with_a_message_not_a_traceback() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        ctx = app.session.ctx
        note, _view = await edit_new_note(pilot, "Origineel.")
        timeline.edit_entry(ctx, note, 1, "Intussen door een ander gewijzigd.")
        form = current_form(app)
        fill(form, text="Mijn wijziging.")
        await save(pilot)
        assert isinstance(app.screen, FormScreen)  # what was typed is still there
        assert "Intussen gewijzigd" in form.message_for("")
        assert form.read_field("text") == "Mijn wijziging."
        assert app.return_code is None  # still running


async def test_a_locked_database_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that waited out the busy timeout (here 50 ms instead of 10 s, on every
    connection of the session: the UI's and its database threads') is refused in the form."""
    from vp_tui.store import database

    monkeypatch.setattr(database, "PRAGMAS", tuple(
        (name, 50 if name == "busy_timeout" else value) for name, value in database.PRAGMAS))
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        _case_id, form = await form_on_my_case(pilot, "n")
        fill(form, text="Een notitie terwijl een ander schrijft.")
        other = database.connect(store.path, store.key)
        other.execute_sql("BEGIN IMMEDIATE")
        try:
            await save(pilot)
        finally:
            other.execute_sql("ROLLBACK")
            other.close()
        assert isinstance(app.screen, FormScreen)
        assert "bezet" in current_form(app).message_for("")
        await save(pilot)  # the lock is gone: saving now works
        assert isinstance(app.screen, CaseDetailScreen)


async def test_case_list_filters_sort_and_search() -> None:
    app = demo_app("BJ")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(RecordTable)
        ctx = app.session.ctx
        assert table.row_count == min(100, queries.count_cases(ctx))
        screen.query_one("#f-type", Select).value = "integriteit"
        await settle(pilot)
        expected = list_cases(ctx, CaseFilter(case_type="integriteit"))
        assert table.row_count == len(expected) > 0
        shown_types = {table.get_row_at(i)[3].plain for i in range(table.row_count)}
        assert shown_types == {CASE_TYPES.label("integriteit")}
        await pilot.press("s")  # sort on the next column after the date: type, then …
        await settle(pilot)
        assert screen.filter.sort != "opened_on"
        await pilot.press("c")  # clear filters
        await settle(pilot)
        await pilot.press("slash", *typed(expected[0].code))
        await settle(pilot)
        assert table.row_count == 1
        assert table.get_row_at(0)[0].plain == expected[0].code


async def test_case_list_pages_with_the_count_shown() -> None:
    from tests.services.casework import new_case
    from vp_tui.screens.cases import PAGE

    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        ctx = app.session.ctx
        for n in range(PAGE):
            new_case(ctx, opened_on=TODAY - dt.timedelta(days=n % 300))
        total = queries.count_cases(ctx)
        assert total > PAGE
        await pilot.press("m")
        await settle(pilot)
        table = app.screen.query_one(RecordTable)
        assert table.row_count == PAGE
        assert f"1–{PAGE} van {total}" in screen_text(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert table.row_count == total - PAGE
        assert f"{PAGE + 1}–{total} van {total}" in screen_text(app)
        await pilot.press("right_square_bracket")  # no further page: nothing happens
        await settle(pilot)
        assert f"{PAGE + 1}–{total} van {total}" in screen_text(app)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert table.row_count == PAGE


async def test_dashboard_rows_open_their_case() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        followups = app.screen.query_one("#followups", RecordTable)
        assert followups.row_count > 0
        followups.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        due = [f for f in queries.get_case(app.session.ctx, app.screen.case_id).followups
               if f.done_on is None]
        assert due  # the case the follow-up belongs to


async def test_checklist_item_recorded_from_the_organisation_file() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        org_id = org_named(app, "Gemeente Zuidvliet")
        await app.push_screen(OrganisationDetailScreen(org_id))
        await settle(pilot)
        await pilot.press("2", "enter")  # the checklist tab, the first arrangement
        await settle(pilot)
        form = current_form(app)
        fill(form, status="niet_geregeld", note="Navragen bij de bestuurssecretaris.")
        await save(pilot)
        assert isinstance(app.screen, OrganisationDetailScreen)
        first = organisations.get_organisation(app.session.ctx, org_id).checklist[0]
        assert (first.status, first.note) == ("niet_geregeld",
                                              "Navragen bij de bestuurssecretaris.")
        assert "Navragen bij de bestuurssecretaris." in screen_text(app)


async def test_refusals_of_access_are_messages() -> None:
    from vp_tui.services.advisers import resolve_actor
    from vp_tui.services.context import Context

    app = demo_app("BJ")  # an adviser, not a coordinator
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        bj = app.session.ctx
        adv = Context(resolve_actor("ADV", None), today=bj.today)
        visible = {c.id for c in list_cases(bj)}
        hidden = next(c.id for c in list_cases(adv) if c.id not in visible)
        await pilot.press("m")
        await settle(pilot)
        await open_case(pilot, hidden)
        await settle(pilot)
        assert not isinstance(app.screen, CaseDetailScreen)  # back where it was opened from
        assert "geen toegang" in screen_text(app)  # a notification, not a traceback
        assert app.return_code is None
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = current_form(app)
        fill(form, name="Stichting Zonder Rechten")
        await save(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "coördinator" in form.message_for("")


async def test_an_outward_step_needs_consent_an_inward_one_does_not() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        case_id, form = await form_on_my_case(pilot, "s")
        fill(form, step="mediation")
        await save(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "toestemming" in form.message_for("consent")
        fill(form, step="zelf_aanspreken")  # the melder acts alone: no consent needed
        await save(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        steps = [e.step for e in queries.get_case(app.session.ctx, case_id).timeline
                 if e.kind == "stap" and e.occurred_on == TODAY]
        assert steps == ["zelf_aanspreken"]
