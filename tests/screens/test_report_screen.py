"""The report screen (key j): figures, editing a section, saving, conflicts, writing Word."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import OptionList, Select, Static, TextArea

from tests.apps import demo_app
from vp_tui.screens.report import ReportScreen
from vp_tui.services.report_drafts import get_draft, save_draft
from vp_tui.services.reporting import find_organisation

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
    await pilot.press("j")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReportScreen)
    screen.query_one("#org", Select).value = find_organisation(app.session.ctx, org_name)
    await pilot.pause()
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
        await pilot.pause()
        area = screen.query_one("#text-inleiding", TextArea)
        assert area.display and "sociale veiligheid" in area.text
        area.focus()
        area.load_text("")
        await pilot.press(*"Ons eigen woord.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        draft = get_draft(ctx, org_id, YEAR)
        assert draft.version == 1 and draft.sections["inleiding"] == "Ons eigen woord."
        assert "versie 1" in _text(screen.query_one("#state", Static))

        await pilot.press("ctrl+g")
        await pilot.pause()
        written = list(report_dir.iterdir())
        assert [p.name for p in written] == [
            f"jaarverslag-{YEAR}-zorggroep-de-linde-concept.docx"]
        assert str(written[0]) in _text(screen.query_one("#written", Static))
        paragraphs = [p.text for p in docx.Document(str(written[0])).paragraphs]
        assert "Ons eigen woord." in paragraphs
        await pilot.press("ctrl+g")  # a second file, never over the first
        await pilot.pause()
        assert len(list(report_dir.iterdir())) == 2


async def test_stale_save_is_refused_and_text_kept(report_dir: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open(pilot, app, "Zorggroep De Linde")
        ctx = app.session.ctx
        save_draft(ctx, screen.org_id, YEAR, {"route": "Van een collega."}, 0)  # meanwhile
        area = screen.query_one("#text-route", TextArea)
        area.load_text("Mijn versie.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert get_draft(ctx, screen.org_id, YEAR).sections["route"] == "Van een collega."
        assert area.text == "Mijn versie."  # nothing typed is lost
        assert any("Intussen gewijzigd" in n.message for n in app._notifications)
        await pilot.press("ctrl+r")  # unsaved text: asks first
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert area.text == "Mijn versie."
        area.focus()
        await pilot.press("f7", "ctrl+c")  # keep it on the clipboard, as the question says
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
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
        await pilot.pause()
        await pilot.press("n")  # keep the text
        await pilot.pause()
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
