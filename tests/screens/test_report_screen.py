"""The report screen (key j): figures, editing a section, saving, conflicts, writing Word."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import OptionList, Select, Static, TextArea

from tests.apps import TODAY, demo_app
from tests.screens.tui import current_form, fill, notices, press, save, settle
from vp_tui.app import VpApp
from vp_tui.models import Adviser
from vp_tui.screens.report import ReportScreen
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.agency import get_profile, list_contacts
from vp_tui.services.context import Context
from vp_tui.services.report_drafts import get_draft, save_draft
from vp_tui.services.reporting import find_organisation
from vp_tui.services.session import open_demo

YEAR = 2026


def _text(widget: Static) -> str:
    """What the widget shows, as plain text."""
    console = Console(width=120, record=True, file=io.StringIO())
    content = widget.content
    console.print(content if not isinstance(content, str) else Text(content))
    return console.export_text()


@pytest.fixture
def report_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VP_TUI_REPORT_DIR", str(tmp_path / "verslagen"))
    return tmp_path / "verslagen"


async def _open(pilot, app, org_name: str) -> ReportScreen:
    await press(pilot, "j")
    screen = app.screen
    assert isinstance(screen, ReportScreen)
    screen.query_one("#org", Select).value = find_organisation(app.session.ctx, org_name)
    await settle(pilot)
    return screen


async def test_edit_save_and_generate(report_dir: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, app, "Zorggroep De Linde")
        org_id, ctx = screen.org_id, app.session.ctx
        figures = _text(screen.query_one("#figures-view", Static))
        assert "Kerncijfers" in figures and "Soort melding" in figures and "< 5" in figures
        assert "nog niet opgeslagen" in _text(screen.query_one("#state", Static))

        screen.query_one("#sections", OptionList).highlighted = 1  # Inleiding
        await settle(pilot)
        area = screen.query_one("#text-inleiding", TextArea)
        assert area.display and "sociale veiligheid" in area.text
        area.focus()
        area.load_text("")
        await pilot.press(*"Ons eigen woord.")
        await press(pilot, "ctrl+s")
        draft = get_draft(ctx, org_id, YEAR)
        assert draft.version == 1 and draft.sections["inleiding"] == "Ons eigen woord."
        assert "versie 1" in _text(screen.query_one("#state", Static))

        await press(pilot, "ctrl+g")  # written on a database thread
        written = list(report_dir.iterdir())
        assert [p.name for p in written] == [
            f"jaarverslag-{YEAR}-zorggroep-de-linde-concept.docx"]
        assert str(written[0]) in _text(screen.query_one("#written", Static))
        paragraphs = [p.text for p in docx.Document(str(written[0])).paragraphs]
        assert "Ons eigen woord." in paragraphs
        await press(pilot, "ctrl+g")  # a second file, never over the first
        assert len(list(report_dir.iterdir())) == 2


async def test_stale_save_is_refused_and_text_kept(report_dir: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, app, "Zorggroep De Linde")
        ctx = app.session.ctx
        save_draft(ctx, screen.org_id, YEAR, {"route": "Van een collega."}, 0)  # meanwhile
        area = screen.query_one("#text-route", TextArea)
        area.load_text("Mijn versie.")
        await press(pilot, "ctrl+s")
        assert get_draft(ctx, screen.org_id, YEAR).sections["route"] == "Van een collega."
        assert area.text == "Mijn versie."  # nothing typed is lost
        assert any("Intussen gewijzigd" in n.message for n in notices(app))
        await pilot.press("ctrl+r")  # unsaved text: asks first
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert area.text == "Mijn versie."
        area.focus()
        await pilot.press("f7", "ctrl+c")  # keep it on the clipboard, as the question says
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert area.text == "Van een collega."
        assert app.clipboard == "Mijn versie."  # still there to paste


async def test_unsaved_text_asks_before_switching(report_dir: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, app, "Zorggroep De Linde")
        first = screen.org_id
        screen.query_one("#text-route", TextArea).load_text("Nog niet bewaard.")
        screen.query_one("#org", Select).value = find_organisation(
            app.session.ctx, "Gemeente Zuidvliet")
        await settle(pilot)
        await pilot.press("n")  # keep the text
        await settle(pilot)
        assert screen.org_id == first
        assert screen.query_one("#org", Select).value == first
        assert screen.query_one("#text-route", TextArea).text == "Nog niet bewaard."


async def test_small_organisation_shows_no_breakdown(report_dir: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, app, "Gemeente Zuidvliet")
        figures = _text(screen.query_one("#figures-view", Static))
        assert "geen nadere toelichting" in figures
        assert "Soort melding" not in figures


async def test_mark_final_names_the_open_prompts_then_drops_concept(report_dir: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, app, "Zorggroep De Linde")
        await press(pilot, "ctrl+f")
        refusal = [n.message for n in notices(app) if "standaardvragen" in n.message]
        assert refusal and "'Route', 'Toegankelijkheid', 'Aandachtspunten en advies'" in \
            refusal[0]
        for key in ("route", "toegankelijkheid", "aandachtspunten"):
            screen.query_one(f"#text-{key}", TextArea).load_text(f"Eigen tekst bij {key}.")
        await press(pilot, "ctrl+f")  # saves the texts, then marks them final
        draft = get_draft(app.session.ctx, screen.org_id, YEAR)
        assert draft.final and draft.final_by == "ADV"
        assert "Definitief, gemarkeerd door ADV" in _text(screen.query_one("#state", Static))
        await press(pilot, "ctrl+g")
        written = list(report_dir.iterdir())
        assert [p.name for p in written] == [f"jaarverslag-{YEAR}-zorggroep-de-linde.docx"]
        title = docx.Document(str(written[0])).paragraphs[0].text
        assert title == f"Jaarverslag vertrouwenspersoon {YEAR}"


async def test_agency_details_are_for_admins_only(report_dir: Path) -> None:
    app = demo_app()  # a coordinator
    async with app.run_test(size=(100, 32)) as pilot:
        await _open(pilot, app, "Zorggroep De Linde")
        await press(pilot, "f9")
        assert isinstance(app.screen, ReportScreen)
        assert any("Alleen een beheerder" in n.message for n in notices(app))


async def test_admin_sets_the_agency_details(report_dir: Path) -> None:
    session = open_demo(TODAY, as_initials="ADV")
    Adviser.create(name="Ada Beheer", initials="AB", gender="v", role="admin",
                   is_adviser=False)
    session.ctx = Context(resolve_actor("AB", None), today=TODAY)
    app = VpApp(session)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "j")
        await press(pilot, "f9")
        fill(current_form(app), name="Bureau Veilig Werk", email="info@veiligwerk.nl")
        await save(pilot)
        assert isinstance(app.screen, ReportScreen)
        profile = get_profile()
        assert (profile.name, profile.email) == ("Bureau Veilig Werk", "info@veiligwerk.nl")
        await press(pilot, "f10")
        fill(current_form(app), adviser=Adviser.get(Adviser.initials == "ADV").id,
             phone="06 12345678")
        await save(pilot)
        assert [r.phone for r in list_contacts(session.ctx) if r.initials == "ADV"] == [
            "06 12345678"]
