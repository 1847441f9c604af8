"""Holidays per client: the agency's calendar (no Goede Vrijdag) and a client's own days off, in
coverage, suggestions, the dashboard's warnings, the schedule and the organisation's file."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests import planning_world
from tests.planning_world import START, World
from vp_tui.errors import ValidationError
from vp_tui.models import Engagement, Meta, Organisation
from vp_tui.services.absences import AbsenceForm, record_absence
from vp_tui.services.coverage import (
    absence_warnings,
    add_cover,
    coverage,
    suggest_replacements,
)
from vp_tui.services.organisations import (
    OrganisationForm,
    get_organisation,
    update_organisation,
)
from vp_tui.store import migrations, vault

GOOD_FRIDAY = dt.date(2027, 3, 26)  # Easter 2027: 28 March


@pytest.fixture
def world(store) -> tuple[World, int]:
    """Beta (MO) closes on Goede Vrijdag; Gamma (MO too) works that day."""
    world = planning_world.build()
    Organisation.update(days_off="goede_vrijdag").where(
        Organisation.id == world.beta).execute()
    gamma = Organisation.create(name="Gamma", contract_start=START)
    Engagement.create(adviser=world.advisers["MO"], organisation=gamma, role="vaste_vp",
                      start=START)
    return world, gamma.id


def away(world: World, who: str, start: dt.date, end: dt.date | None = None) -> int:
    return record_absence(world.ctx("KO"), AbsenceForm(world.advisers[who], "vakantie", start,
                                                       end or start))


def test_goede_vrijdag_is_a_gap_only_for_the_client_that_works(world) -> None:
    world, gamma = world
    away(world, "MO", GOOD_FRIDAY)
    result = coverage(world.ctx("KO"), GOOD_FRIDAY - dt.timedelta(days=4), 1)
    assert GOOD_FRIDAY in result.days
    assert [(g.organisation, g.day, g.kind) for g in result.gaps] == [
        ("Gamma", GOOD_FRIDAY, "onbezet")]
    assert result.closed == {world.beta: {GOOD_FRIDAY: "Goede vrijdag"}}
    assert GOOD_FRIDAY not in result.holidays  # the agency works


def test_suggestions_follow_the_clients_calendar(world) -> None:
    world, gamma = world
    away(world, "MO", GOOD_FRIDAY)
    ko = world.ctx("KO")
    assert suggest_replacements(ko, world.beta, GOOD_FRIDAY) == []
    assert suggest_replacements(ko, gamma, GOOD_FRIDAY)


def test_dashboard_warnings_follow_the_clients_calendar(world) -> None:
    world, gamma = world
    away(world, "MO", GOOD_FRIDAY)
    warnings = absence_warnings(world.ctx("MO"))
    assert [(w.organisation, w.first_day, w.days) for w in warnings] == [
        ("Gamma", GOOD_FRIDAY, 1)]


def test_a_closing_week_between_christmas_and_new_year(world) -> None:
    world, gamma = world
    Organisation.update(days_off="kerstsluiting").where(Organisation.id == gamma).execute()
    away(world, "MO", dt.date(2026, 12, 28), dt.date(2026, 12, 31))
    result = coverage(world.ctx("KO"), dt.date(2026, 12, 28), 1)
    assert {(g.organisation, g.day.day) for g in result.gaps} == {
        ("Beta", d) for d in (28, 29, 30, 31)}
    assert sorted(result.closed[gamma]) == [dt.date(2026, 12, d) for d in (28, 29, 30, 31)]


def test_bevrijdingsdag_yearly_for_one_client(world) -> None:
    world, gamma = world
    Organisation.update(days_off="bevrijdingsdag").where(Organisation.id == gamma).execute()
    liberation = dt.date(2027, 5, 5)  # a Wednesday, no lustrum: the agency works
    away(world, "MO", liberation)
    result = coverage(world.ctx("KO"), liberation, 1)
    assert [(g.organisation, g.day) for g in result.gaps] == [("Beta", liberation)]


def test_the_organisations_file_keeps_its_days_off(world) -> None:
    world, gamma = world
    ko = world.ctx("KO")
    detail = get_organisation(ko, gamma)
    assert detail.days_off == ()
    form = OrganisationForm(name="Gamma", contract_start=START,
                            days_off=("kerstsluiting", "goede_vrijdag"))
    update_organisation(ko, gamma, detail.version, form)
    again = get_organisation(ko, gamma)
    assert again.days_off == ("goede_vrijdag", "kerstsluiting")
    assert Organisation.get_by_id(gamma).days_off == "goede_vrijdag,kerstsluiting"
    with pytest.raises(ValidationError, match="Onbekende vrije dag 'pasen'"):
        update_organisation(ko, gamma, again.version,
                            dataclasses.replace(form, days_off=("pasen",)))


def test_the_schedule_names_the_days_a_covered_client_is_closed(world) -> None:
    from icalendar import Calendar

    from vp_tui.services.schedule import schedule_ics

    world, gamma = world
    ko = world.ctx("KO")
    absence = away(world, "MO", GOOD_FRIDAY - dt.timedelta(days=1), GOOD_FRIDAY)
    for org in (world.beta, gamma):
        add_cover(ko, absence, org, world.advisers["PK"], GOOD_FRIDAY - dt.timedelta(days=1),
                  GOOD_FRIDAY)
    events = {str(e["summary"]): e for e in Calendar.from_ical(
        schedule_ics(ko, "PK")).walk("VEVENT")}
    assert str(events["Vervanging Beta: PK voor MO"]["description"]) == (
        "Beta is gesloten op: 26 maart 2027 (Goede vrijdag)")
    assert "description" not in events["Vervanging Gamma: PK voor MO"]


def test_version_9_adds_the_days_off_to_an_older_database(store) -> None:
    Organisation.create(name="Oud")
    store.db.execute_sql('ALTER TABLE "organisation" DROP COLUMN "days_off"')
    Meta.replace(key="schema_version", value="8").execute()
    store.close()
    again = vault.open_store(store.path)
    assert Organisation.get(Organisation.name == "Oud").days_off == ""
    assert Meta.get(Meta.key == "schema_version").value == str(migrations.SCHEMA_VERSION)
    again.close()
