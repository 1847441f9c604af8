"""The message catalogue: `--lang en` switches the main navigation, Textual's own texts (the
command palette, a Select's open list) and numbers to English; in Dutch none of Textual's
English shows; the compiled catalogues match their sources."""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from textual.widgets import Select

from tests.apps import demo_app
from tests.screens.tui import notices, screen_text, settle
from vp_tui.i18n import DOMAIN, LOCALE_DIR, fmt_number, set_language

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
from tests.screens.tui import notices, screen_text, settle
from tests.screens.test_language import palette_text

async def main():
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        print(screen_text(app))
        print("=====")
        await pilot.press("m")
        await settle(pilot)
        print(screen_text(app))
        print("=====")
        print(await palette_text(app, pilot))
    app.session.close()

asyncio.run(main())
"""


async def palette_text(app, pilot) -> str:
    """The command palette as shown: empty, then after a search that finds nothing."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await settle(pilot)
    empty = screen_text(app)
    await pilot.press(*"qqqq")
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    results = palette.query_one(CommandList)
    while not any(option.id == "--no-matches" for option in results.options):
        await pilot.pause(0.05)  # the palette says so only after its countdown
    await settle(pilot)
    return empty + "\n" + screen_text(app)


async def test_textual_speaks_dutch() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")  # Textual's hint that ctrl+c does not quit
        await settle(pilot)
        hint = [(n.title, n.message) for n in notices(app)][-1]
        assert hint[0] == "Wilt u stoppen?" and "ctrl+q" in hint[1] and "quit" not in hint[1]
        app.clear_notifications()
        shown = await palette_text(app, pilot)
        assert "Zoek een opdracht…" in shown and "Geen opdracht gevonden" in shown
        assert "Search for" not in shown and "No matches" not in shown
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")  # the cases screen: its filters are Selects
        await settle(pilot)
        select = app.screen.query_one("#f-organisation", Select)
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert select.expanded
        bindings = [b.binding.description for b in app.screen.active_bindings.values()
                    if b.binding.key == "escape"]
        assert "Lijst sluiten" in bindings and "Dismiss menu" not in bindings
    app.session.close()


def test_numbers_follow_the_language() -> None:
    assert fmt_number(1234.5) == "1.234,5" and fmt_number(1234567, 0) == "1.234.567"
    set_language("en")
    try:
        assert fmt_number(1234.5) == "1,234.5"
    finally:
        set_language("nl")


def test_english_navigation(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", ENGLISH_APP, str(tmp_path / "keyring.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dashboard, cases, palette = result.stdout.split("=====")
    assert "My open cases" in dashboard and "Follow-ups (overdue and upcoming)" in dashboard
    assert "Organisations" in dashboard and "Cases" in dashboard and "Dashboard" in cases
    assert "Mijn open meldingen" not in dashboard
    assert "Search by code or organisation" in cases and "New case" in cases
    assert "Search for a command…" in palette and "No command found" in palette


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


async def test_screens_group_large_numbers_the_dutch_way() -> None:
    from vp_tui.models import Organisation

    app = demo_app()
    Organisation.update(staff_size=12345).where(
        Organisation.name == "Zorggroep De Linde").execute()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        shown = screen_text(app)
        assert "12.345" in shown and "12345" not in shown
    app.session.close()


def test_the_cli_in_english_and_dutch_with_large_numbers(demo_store, file_keyring) -> None:
    """`stats` as a user runs it: the labels, dates and numbers follow --lang, also for a
    figure of four digits (1.234,5 in Dutch, 1,234.5 in English)."""
    import os

    from vp_tui.models import Organisation

    Organisation.update(contract_hours=1234.5).where(
        Organisation.name == "Zorggroep De Linde").execute()
    demo_store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSH_")}
    env.update(PYTHONPATH=str(ROOT), VP_TUI_BENCH_KEYRING=str(file_keyring.path),
               PYTHON_KEYRING_BACKEND="tests.keyring_backend.JsonFileKeyring")
    shown = {}
    for lang in ("nl", "en"):
        done = subprocess.run(
            [sys.executable, "-m", "vp_tui", "stats", "Zorggroep De Linde", "--year", "2026",
             "--db", str(demo_store.path), "--as", "BJ", "--lang", lang],
            capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        shown[lang] = done.stdout
    assert "kerncijfers 2026" in shown["nl"] and "Contracturen" in shown["nl"]
    assert "1.234,5" in shown["nl"] and "1,234.5" not in shown["nl"]
    assert "key figures 2026" in shown["en"] and "Contract hours" in shown["en"]
    assert "1,234.5" in shown["en"] and "1.234,5" not in shown["en"]
    assert "kerncijfers" not in shown["en"] and "voorlichting" not in shown["en"]
    # Each section once, its lines together.
    assert shown["nl"].count("activiteiten (aantal)") == 1
    assert shown["nl"].count("activiteiten (uren)") == 1
