"""Every action has a key, a line in the help screen (F1, ?) and a command palette entry."""

from __future__ import annotations

from textual.actions import parse as parse_action
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable

from tests.apps import demo_app
from tests.screens.tui import open_case, screen_text, settle
from vp_tui.app import VpApp
from vp_tui.screens.actions import ScreenActionsProvider, screen_actions
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.form_screen import FormScreen
from vp_tui.screens.help import HelpScreen
from vp_tui.services.cases.queries import CaseFilter, list_cases

SIZE = (100, 32)


def help_rows(app) -> list[tuple[str, str]]:
    table = app.screen.query_one(DataTable)
    return [(table.get_row_at(i)[0].plain, table.get_row_at(i)[1].plain)
            for i in range(table.row_count)]


async def test_help_lists_the_keys_of_the_current_screen() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = dict(help_rows(app))
        assert rows["n"] == "Nieuwe melding" and rows["s"] == "Sorteren"
        assert rows["⏎"] == "Openen"  # the table's own key, in Dutch
        assert "Overzicht" in rows.values() and "Stoppen" in rows.values()
        assert not any(d in ("Cursor up", "Focus Next", "Quit") for d in rows.values())
        await pilot.press("escape")
        ctx = app.session.ctx
        await open_case(pilot, list_cases(ctx, CaseFilter(owner_id=ctx.actor.id))[0].id)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        descriptions = {d for _k, d in help_rows(app)}
        assert {"Gesprek", "Notitie", "Stap", "Verwijzing", "Vervolgactie", "Status",
                "Bewerken", "Geschiedenis"} <= descriptions
        assert "Melding 20" in screen_text(app)  # the case code names the screen


async def test_every_binding_of_every_screen_is_listed() -> None:
    """Screens and modes added later need no registration: every key they declare (and that
    is enabled where they are) is in the list the help screen and the palette show."""
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        for mode in VpApp.MODES:
            await app.switch_mode(mode)
            await settle(pilot)
            screen = app.screen
            listed = {(a.action, a.description) for a in screen_actions(screen)}
            for node in (screen, app):
                for item in type(node).BINDINGS:
                    binding = item if isinstance(item, Binding) else Binding(*item)
                    name, params = parse_action(binding.action)[1:]
                    if not binding.description or node.check_action(name, params) is not True:
                        continue
                    assert (binding.action, binding.description) in listed, (mode, binding.key)


async def test_command_palette_runs_a_screen_action() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        ctx = app.session.ctx
        await open_case(pilot, list_cases(ctx, CaseFilter(owner_id=ctx.actor.id))[0].id)
        assert isinstance(app.screen, CaseDetailScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"gesprek")
        hits = app.screen.query_one(CommandList)
        for _ in range(200):  # the palette searches in a worker of its own
            if hits.option_count:
                break
            await pilot.pause(0.05)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "Gesprek toevoegen" in screen_text(app)


async def test_palette_provider_offers_each_action_once() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        provider = ScreenActionsProvider(app.screen)
        hits = [hit.text async for hit in provider.discover()]
        assert "Nieuwe organisatie" in hits and "Zoeken" in hits and "Meldingen" in hits
        assert "Organisaties" not in hits  # the screen shown: the key would do nothing
        assert hits.count("Help") == 1
        assert len(hits) == len(set(hits))
