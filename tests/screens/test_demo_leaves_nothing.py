"""The demo leaves nothing behind: the Word file it writes goes into its temporary folder, which
is removed when the session ends; nothing lands in the working folder or in ~/jaarverslagen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Select

from tests.apps import demo_app
from tests.screens.tui import settle
from vp_tui.screens.report import ReportScreen
from vp_tui.services.reporting import find_organisation


async def test_a_report_written_in_the_demo_goes_with_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work, home = tmp_path / "werkmap", tmp_path / "thuis"
    work.mkdir()
    home.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("VP_TUI_REPORT_DIR", raising=False)
    app = demo_app()
    folder = Path(app.session.tmpdir.name)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        screen.query_one("#org", Select).value = find_organisation(
            app.session.ctx, "Zorggroep De Linde")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await settle(pilot)
        written = list(folder.rglob("*.docx"))
        assert len(written) == 1, list(folder.rglob("*"))
    app.session.close()
    assert not folder.exists()
    assert list(work.iterdir()) == []
    assert not (home / "jaarverslagen").exists() and not list(home.rglob("*.docx"))
    assert os.getcwd() == str(work)
