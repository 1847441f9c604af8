"""Crash drafts in the TUI: kept while a form with long text is open, gone when it is saved or
discarded, offered at the next start; the report editor keeps its texts too, and Esc leaves a
text there."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
from textual.widgets import DataTable, OptionList, TextArea

from tests.apps import demo_app
from tests.screens.test_report_screen import _open
from tests.screens.tui import fill, form_on_my_case, my_open_case, notices, screen_text, settle
from vp_tui.models import Adviser, Case, Draft, TimelineEntry
from vp_tui.screens import drafts as draft_screens
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.drafts import DraftsOffer, DraftText
from vp_tui.screens.form_screen import FormScreen
from vp_tui.screens.help import HelpScreen
from vp_tui.screens.report import ReportScreen
from vp_tui.services import drafts
from vp_tui.services.context import Context
from vp_tui.services.report_drafts import get_draft, save_draft
from vp_tui.services.reporting import find_organisation

TYPED = "De melder vertelde over het rooster en de teamleider"


@pytest.fixture(autouse=True)
def quick_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_screens, "DRAFT_SECONDS", 0.1)


async def until(pilot, condition: Callable[[], object]) -> None:
    """Wait for `condition` (a draft written on its own thread, a screen shown)."""
    for _ in range(200):
        if condition():
            await pilot.pause()  # and drawn
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met")


def kept(app) -> None:
    """What the draft timer does every few seconds, done now, and written."""
    app.screen._keeper.keep()
    draft_screens.drain()


def stored(ctx: Context) -> dict[str, dict[str, str]]:
    return {r.form_key: json.loads(r.texts)
            for r in Draft.select().where(Draft.adviser == ctx.actor.id)}


async def test_a_conversation_is_kept_while_typed_and_gone_once_saved() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        ctx = app.session.ctx
        case_id, form = await form_on_my_case(pilot, "g")
        key = drafts.case_key(case_id, "conversation")
        kept(app)
        assert stored(ctx) == {}  # nothing typed, nothing kept
        fill(form, minutes=30, mode="persoonlijk", text=TYPED)
        await until(pilot, lambda: stored(ctx).get(key) == {"text": TYPED})
        fill(form, text=TYPED + " (vervolg)")
        await until(pilot, lambda: stored(ctx).get(key) == {"text": TYPED + " (vervolg)"})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormScreen))
        await until(pilot, lambda: stored(ctx) == {})
        assert TimelineEntry.select().where(TimelineEntry.case == case_id,
                                            TimelineEntry.text.startswith(TYPED)).exists()


async def test_a_discarded_form_leaves_no_draft() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        ctx = app.session.ctx
        _case_id, form = await form_on_my_case(pilot, "n")
        fill(form, text=TYPED)
        await until(pilot, lambda: stored(ctx) != {})
        await pilot.press("escape", "w")
        await until(pilot, lambda: stored(ctx) == {})


async def test_the_offer_reopens_a_conversation_with_its_text() -> None:
    app = demo_app()
    ctx = app.session.ctx
    case_id = my_open_case(app)
    key = drafts.case_key(case_id, "conversation")
    drafts.keep(ctx, key, "Gesprek toevoegen · X", {"text": TYPED}, case_id=case_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftsOffer))
        assert "Gesprek toevoegen · X" in screen_text(app)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, FormScreen))
        form = app.screen.form
        assert form.read_field("text") == TYPED
        assert isinstance(app.screen_stack[-2], CaseDetailScreen)
        assert app.screen_stack[-2].case_id == case_id
        kept(app)
        assert stored(ctx) == {key: {"text": TYPED}}  # still there until saved or discarded
        await pilot.press("escape", "w")
        await until(pilot, lambda: stored(ctx) == {})


async def test_a_draft_of_a_case_out_of_sight_is_shown_to_copy_then_discarded() -> None:
    app = demo_app()
    ctx = app.session.ctx
    case_id = my_open_case(app)
    key = drafts.case_key(case_id, "note")
    drafts.keep(ctx, key, "Notitie toevoegen", {"text": TYPED}, case_id=case_id)
    other = Adviser.get(Adviser.initials == "BJ")
    Case.update(owner=other.id).where(Case.id == case_id).execute()  # no longer hers
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftsOffer))
        assert "alleen tekst" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DraftText))
        area = app.screen.query_one(TextArea)
        assert area.read_only and area.text == TYPED
        await pilot.press("w")
        await until(pilot, lambda: not isinstance(app.screen, (DraftText, DraftsOffer)))
        assert stored(ctx) == {}


async def test_no_offer_for_another_advisers_draft() -> None:
    app = demo_app()
    case_id = my_open_case(app)
    bram = Context(app.session.ctx.actor._replace(
        id=Adviser.get(Adviser.initials == "BJ").id, initials="BJ"), app.session.ctx.today)
    Draft.create(adviser=bram.actor.id, form_key=drafts.INTAKE_KEY, texts='{"x": "y"}')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)  # the start, where the offer is made or not
        assert not isinstance(app.screen, DraftsOffer)
    assert case_id


async def test_the_offer_discards_and_later_keeps() -> None:
    app = demo_app()
    ctx = app.session.ctx
    drafts.keep(ctx, drafts.INTAKE_KEY, "Nieuwe melding", {"conversation_notes": TYPED})
    drafts.keep(ctx, "case:999999:note", "Notitie toevoegen", {"text": "weg"})
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftsOffer))
        assert app.screen.query_one(OptionList).option_count == 2
        await pilot.press("escape")  # later: both stay
        await until(pilot, lambda: not isinstance(app.screen, DraftsOffer))
        assert len(stored(ctx)) == 2
        app.offer_drafts()
        await until(pilot, lambda: isinstance(app.screen, DraftsOffer))
        await pilot.press("w", "w")
        await until(pilot, lambda: not isinstance(app.screen, DraftsOffer))
        assert stored(ctx) == {}


async def test_the_offer_reopens_the_intake_and_says_what_waits() -> None:
    app = demo_app()
    ctx = app.session.ctx
    drafts.keep(ctx, drafts.INTAKE_KEY, "Nieuwe melding", {"conversation_notes": TYPED})
    drafts.keep(ctx, "case:999999:note", "Notitie", {"text": "van een verdwenen melding"})
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftsOffer))
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index(drafts.INTAKE_KEY)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, FormScreen))
        assert app.screen.form.read_field("conversation_notes") == TYPED
        assert any("Nog 1 niet-opgeslagen" in str(n.message) for n in notices(app))


async def test_the_report_keeps_its_texts_and_reopens_them() -> None:
    app = demo_app()
    ctx = app.session.ctx
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, app, "Zorggroep De Linde")
        key = drafts.report_key(screen.org_id, screen.year)
        area = screen.query_one("#text-inleiding", TextArea)
        area.load_text(TYPED)
        await until(pilot, lambda: stored(ctx).get(key, {}).get("inleiding") == TYPED)
        assert stored(ctx)[key]["_versie"] == "0"  # typed over: nothing saved yet
        await pilot.press("ctrl+s")
        await until(pilot, lambda: stored(ctx) == {})
        area.load_text(TYPED + " (niet opgeslagen)")
        await until(pilot, lambda: key in stored(ctx))
    again = demo_app()
    # The same demo data is generated again: the organisation has the same id.
    org_id = find_organisation(again.session.ctx, "Zorggroep De Linde")
    drafts.keep(again.session.ctx, drafts.report_key(org_id, 2025), "Jaarverslag 2025",
                {"inleiding": TYPED})
    async with again.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: isinstance(again.screen, DraftsOffer))
        await pilot.press("o")
        await until(pilot, lambda: isinstance(again.screen, ReportScreen)
                    and again.screen.year == 2025)
        screen = again.screen
        assert (screen.org_id, screen.dirty) == (org_id, True)
        assert screen.query_one("#text-inleiding", TextArea).text == TYPED


async def test_esc_leaves_a_report_text_and_f1_works_inside_it() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, app, "Zorggroep De Linde")
        screen.query_one("#sections", OptionList).highlighted = 1  # Inleiding
        await pilot.pause()
        area = screen.query_one("#text-inleiding", TextArea)
        area.focus()
        area.load_text("")
        await pilot.pause()
        assert "Esc Tekst verlaten" in screen_text(app)
        await pilot.press("j", "q", "o")  # app keys are letters in a text
        assert area.text == "jqo" and app.screen is screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one(DataTable)
        rows = [[str(c) for c in keys.get_row_at(i)] for i in range(keys.row_count)]
        assert ["Esc", "Tekst verlaten", "dit scherm"] in rows
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.focused is area
        await pilot.press("escape")
        await pilot.pause()
        assert screen.focused is screen.query_one("#sections", OptionList)
        assert "Tekst verlaten" not in screen_text(app)


async def test_the_offer_reopens_the_status_form_once_its_case_is_read() -> None:
    """The status form is built from the case as read (its version, the statuses it may go
    to): it opens once the case screen has read it."""
    app = demo_app()
    ctx = app.session.ctx
    case_id = my_open_case(app)
    key = drafts.case_key(case_id, "status")
    drafts.keep(ctx, key, "Status wijzigen", {"note": TYPED}, case_id=case_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftsOffer))
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, FormScreen))
        assert app.screen.form.read_field("note") == TYPED


def _until_stored(ctx: Context, condition: Callable[[dict[str, dict[str, str]]], bool]) -> None:
    """After the app has ended: its last write runs on the drafts' own thread."""
    for _ in range(200):
        if condition(stored(ctx)):
            return
        time.sleep(0.05)
    raise AssertionError(stored(ctx))


async def test_the_last_text_is_kept_when_the_session_ends_under_a_form(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_screens, "DRAFT_SECONDS", 3600)  # no keep on the timer
    app = demo_app()
    ctx = app.session.ctx
    async with app.run_test(size=(100, 30)) as pilot:
        case_id, form = await form_on_my_case(pilot, "n")
        fill(form, text=TYPED)
        await pilot.pause()
        app.exit()
    _until_stored(ctx, lambda kept: kept == {drafts.case_key(case_id, "note"): {"text": TYPED}})


async def test_the_last_report_text_is_kept_when_the_session_ends(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_screens, "DRAFT_SECONDS", 3600)
    app = demo_app()
    ctx = app.session.ctx
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, app, "Zorggroep De Linde")
        key = drafts.report_key(screen.org_id, screen.year)
        screen.query_one("#text-inleiding", TextArea).load_text(TYPED)
        await pilot.pause()
        app.exit()
    _until_stored(ctx, lambda kept: kept.get(key, {}).get("inleiding") == TYPED)


async def test_a_report_draft_over_a_version_saved_since_is_refused_as_stale() -> None:
    """As in the session that typed it: someone saved in between, so saving is refused with
    who and when, and the text stays."""
    app = demo_app()
    ctx = app.session.ctx
    org_id = find_organisation(ctx, "Zorggroep De Linde")
    drafts.keep(ctx, drafts.report_key(org_id, 2025), "Jaarverslag 2025",
                {"inleiding": TYPED, "_versie": "0"})
    save_draft(ctx, org_id, 2025, {"route": "Van een ander."}, 0)
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DraftsOffer))
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, ReportScreen)
                    and app.screen.query_one("#text-inleiding", TextArea).text == TYPED)
        screen = app.screen
        assert any("intussen door een ander" in str(n.message) for n in notices(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert get_draft(ctx, org_id, 2025).sections["inleiding"] != TYPED
        assert any("Intussen gewijzigd" in str(n.message) for n in notices(app))
        assert screen.query_one("#text-inleiding", TextArea).text == TYPED
        assert stored(ctx)[drafts.report_key(org_id, 2025)]["inleiding"] == TYPED
