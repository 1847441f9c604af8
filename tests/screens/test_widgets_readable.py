"""What a user reads without colour: check boxes and multiple choices, full field values."""

from __future__ import annotations

import re

import pytest

from tests.apps import demo_app
from tests.screens.tui import current_form, fill, screen_text, settle
from vp_tui.models import Organisation
from vp_tui.screens.form_screen import FormScreen
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.form import FieldSpec


def shows(app, pattern: str) -> bool:
    """Whether a line on the terminal matches (the screenshot may leave out spaces between
    widgets, hence the \\s* in the patterns)."""
    return any(re.search(pattern, line) for line in screen_text(app).splitlines())


async def test_checks_and_choices_read_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = demo_app()
    fields = [FieldSpec("agreed", "Akkoord", "check", value=True),
              FieldSpec("urgent", "Spoed", "check"),
              FieldSpec("topics", "Onderwerpen", "multi", [("Pesten", "p"), ("Fraude", "f")],
                        ["f"])]
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await app.push_screen(FormScreen("Proef", fields, lambda values: None))
        await settle(pilot)
        assert shows(app, r"Akkoord\s*\[x\] ja")
        assert shows(app, r"Spoed\s*\[ \] nee")
        assert shows(app, r"Onderwerpen\s*\[ \]\s*Pesten")
        assert shows(app, r"\[x\]\s*Fraude")

        form = app.screen.form
        form.focus_field("urgent")
        await pilot.press("space")
        form.focus_field("topics")
        await pilot.press("space")  # the highlighted option, the first
        await settle(pilot)
        assert shows(app, r"Spoed\s*\[x\] ja")
        assert shows(app, r"Onderwerpen\s*\[x\]\s*Pesten")
        assert (form.read_field("urgent"), form.read_field("topics")) == (True, ["f", "p"])


async def test_the_report_shows_its_year_and_section_titles_whole() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        await settle(pilot)
        assert shows(app, r"Aandachtspunten en advies\s*▎")
        assert shows(app, r"Afspraken die nog open staan\s*▎")
        app.screen.query_one("#year").focus()
        await pilot.press("end")
        await settle(pilot)
        assert shows(app, r"Jaar\s*▊\s*2026\s*▎")



LONG_NAME = ("Stichting Samenwerkende Christelijke Scholen voor Primair en Voortgezet Onderwijs "
             "in de Regio Rivierenland en Omstreken")


async def test_a_long_name_is_one_option_in_a_choice_list() -> None:
    """Cut with an ellipsis on its line, not wrapped into lines that read as more options."""
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        Organisation.update(name=LONG_NAME).where(
            Organisation.name == "Scholengroep Het Baken").execute()
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#f-organisation").focus()
        await pilot.press("enter")
        await settle(pilot)
        lines = [line for line in screen_text(app).splitlines() if line.strip()]
        [at] = [n for n, line in enumerate(lines) if "Stichting Samenwerk" in line
                and "…" in line and not line.startswith(" 20")]
        assert lines[at + 1].startswith("Transportbedrijf Noordkade")
        assert not any("Christelijke" in line or "Omstreken" in line for line in lines)

        await pilot.press("escape", "d", "n")  # the intake form, that long name chosen
        await settle(pilot)
        form = current_form(app)
        fill(form, organisation_id=Organisation.get(Organisation.name == LONG_NAME).id)
        await settle(pilot)
        assert shows(app, r"Organisatie\s*Stichting Samenwerkende.*…")
        assert not shows(app, "Omstreken")


async def test_a_notification_in_a_form_leaves_its_fields_and_keys_free() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("n")  # the organisation form: more fields than fit in 24 lines
        await settle(pilot)
        form = current_form(app)
        app.screen.notify("Deze naam is al in gebruik.", title="Niet gelukt", severity="error")
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()
        [toast] = app.screen.query("Toast")
        assert toast.region
        covered = [name for name in form.fields
                   if toast.region.overlaps(form.control(name).region)]
        assert covered == []
        assert not toast.region.overlaps(app.screen.query_one(Footer).region)
        assert shows(app, "Deze naam is al in gebruik.")
