"""The message catalogue: `--lang en` switches the main navigation to English; the compiled
catalogues match their sources."""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from vp_tui.i18n import DOMAIN, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter: the language is chosen before any screen module is imported,
# exactly as the CLI does (set_language in the group callback, the app imported afterwards).
ENGLISH_APP = """
import asyncio, sys
from vp_tui.i18n import set_language
set_language("en")
import keyring
from tests.keyring_backend import JsonFileKeyring
keyring.set_keyring(JsonFileKeyring(sys.argv[1]))
from tests.apps import demo_app
from tests.screens.tui import screen_text

async def main():
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(screen_text(app))
        print("=====")
        await pilot.press("m")
        await pilot.pause()
        print(screen_text(app))
    app.session.close()

asyncio.run(main())
"""


def test_english_navigation(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", ENGLISH_APP, str(tmp_path / "keyring.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dashboard, cases = result.stdout.split("=====")
    assert "My open cases" in dashboard and "Follow-ups (overdue and upcoming)" in dashboard
    assert "Organisations" in dashboard and "Cases" in dashboard and "Dashboard" in cases
    assert "Mijn open meldingen" not in dashboard
    assert "Search by code or organisation" in cases and "New case" in cases


def test_compiled_catalogues_match_their_sources() -> None:
    for lang in ("nl", "en"):
        folder = LOCALE_DIR / lang / "LC_MESSAGES"
        with open(folder / f"{DOMAIN}.po", "rb") as source:
            catalogue = read_po(source, locale=lang)
        with open(folder / f"{DOMAIN}.mo", "rb") as compiled:
            translation = gettext.GNUTranslations(compiled)
        translated = {m.id: m.string for m in catalogue if m.id and m.string}
        for msgid, text in translated.items():
            assert translation.gettext(msgid) == text, (lang, msgid)
    english = gettext.translation(DOMAIN, LOCALE_DIR, languages=["en"])
    assert english.gettext("Meldingen") == "Cases"
