"""Organisations: who may create and change them, the form's rules, the file (engagements,
checklist, activities) and hours used this year against the contract."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import TODAY, ctx_for
from tests.services.casework import coordinator_only, new_case, org_id
from vp_tui.errors import AccessDenied, ConflictError, ValidationError
from vp_tui.models import Adviser, AuditEvent, Case, ChecklistItem, ConflictOfInterest
from vp_tui.models.enums import CHECKLIST
from vp_tui.services.organisations import (
    OrganisationForm,
    add_activity,
    assign_adviser,
    create_organisation,
    end_engagement,
    get_organisation,
    set_checklist,
    update_organisation,
    validate_organisation,
)
from vp_tui.services.timeline import add_conversation

DAY = dt.timedelta(days=1)


def form(**changes) -> OrganisationForm:
    base = OrganisationForm(name="Stichting Duinrand", sector="welzijn", staff_size=90,
                            contract_start=dt.date(2026, 1, 1),
                            contract_end=dt.date(2027, 12, 31), contract_hours=20)
    return dataclasses.replace(base, **changes)


def adviser_id(initials: str) -> int:
    return Adviser.get(Adviser.initials == initials).id


# --- create and update ----------------------------------------------------------------------

def test_coordinator_creates_an_organisation(ctx) -> None:
    oid = create_organisation(ctx, form(contract_hours="12,5", vp_types="Integriteit"))
    detail = get_organisation(ctx, oid)
    assert (detail.name, detail.contract_hours, detail.vp_types, detail.anonymity_k,
            detail.version) == ("Stichting Duinrand", 12.5, "integriteit", 5, 1)
    assert AuditEvent.select().where(AuditEvent.action == "organisation.create",
                                     AuditEvent.object_id == str(oid)).count() == 1


def test_coordinator_who_is_not_adviser_creates_too(demo_store) -> None:
    assert create_organisation(coordinator_only(), form()) > 0


def test_adviser_may_not_create_or_update(ctx) -> None:
    bj = ctx_for("BJ")
    with pytest.raises(AccessDenied):
        create_organisation(bj, form())
    with pytest.raises(AccessDenied):
        update_organisation(bj, org_id(), 1, form())


@pytest.mark.parametrize("name", ["gemeente zuidvliet", "GEMEENTE ZUIDVLIET ",
                                  "Gemeente Zuidvliet"])
def test_name_is_unique_regardless_of_case(ctx, name) -> None:
    with pytest.raises(ValidationError) as err:
        create_organisation(ctx, form(name=name))
    assert err.value.field == "name"


def test_unicode_case_folding_counts_as_same_name(ctx) -> None:
    create_organisation(ctx, form(name="École Ëlst"))
    issues = validate_organisation(ctx, form(name="école ëlst"))
    assert [i.field for i in issues] == ["name"]


@pytest.mark.parametrize(("change", "field"), [
    ({"name": "  "}, "name"),
    ({"name": "n" * 201}, "name"),
    ({"contract_end": dt.date(2025, 12, 31)}, "contract_end"),
    ({"contract_end": dt.date(2026, 1, 1)}, "contract_end"),  # ends on the day it starts
    ({"anonymity_k": 2}, "anonymity_k"),
    ({"anonymity_k": "vijf"}, "anonymity_k"),
    ({"contract_hours": -1}, "contract_hours"),
    ({"contract_hours": "veel"}, "contract_hours"),
    ({"contract_hours": "NaN"}, "contract_hours"),
    ({"staff_size": -3}, "staff_size"),
    ({"retention_years": 31}, "retention_years"),
    ({"vp_types": "alles"}, "vp_types"),
])
def test_form_rules(ctx, change, field) -> None:
    assert [i.field for i in validate_organisation(ctx, form(**change))] == [field]
    with pytest.raises(ValidationError) as err:
        create_organisation(ctx, form(**change))
    assert err.value.field == field


def test_boundaries_that_are_allowed(ctx) -> None:
    assert validate_organisation(ctx, form(anonymity_k=3, contract_hours=0, staff_size=0,
                                           retention_years=0, contract_start=None,
                                           contract_end=None)) == []


def test_update_keeps_own_name_and_refuses_stale_version(ctx) -> None:
    oid = create_organisation(ctx, form())
    v2 = update_organisation(ctx, oid, 1, form(contract_hours=Decimal("30.25")))
    assert v2 == 2 and get_organisation(ctx, oid).contract_hours == 30.25
    with pytest.raises(ConflictError):
        update_organisation(ctx, oid, 1, form(contract_hours=40))
    with pytest.raises(ValidationError):
        update_organisation(ctx, oid, v2, form(name="Gemeente Zuidvliet"))


# --- the file -------------------------------------------------------------------------------

def test_adviser_sees_the_files_they_serve_only(demo_store) -> None:
    db = ctx_for("DB")
    woning = org_id("Woningcorporatie Thuis aan de Maas")
    assert get_organisation(db, woning).name == "Woningcorporatie Thuis aan de Maas"
    with pytest.raises(AccessDenied):
        get_organisation(db, org_id())


def test_file_lists_engagements(ctx) -> None:
    detail = get_organisation(ctx, org_id())
    assert {(e.initials, e.role, e.current) for e in detail.engagements} == {
        ("ADV", "vaste_vp", True), ("BJ", "tweede_vp", True)}


def test_checklist_lists_every_item_and_unknown_ones_as_onbekend(ctx) -> None:
    oid = org_id()
    ChecklistItem.delete().where(ChecklistItem.organisation == oid,
                                 ChecklistItem.item == "vervanging").execute()
    rows = get_organisation(ctx, oid).checklist
    assert [r.item for r in rows] == CHECKLIST.keys()
    missing = next(r for r in rows if r.item == "vervanging")
    assert (missing.status, missing.note, missing.version) == ("onbekend", "", 0)
    assert set_checklist(ctx, oid, "vervanging", "geregeld", "Afspraak met BJ.", 0) == 1
    with pytest.raises(ConflictError):
        set_checklist(ctx, oid, "vervanging", "nvt", "", 0)  # someone recorded it meanwhile
    assert set_checklist(ctx, oid, "vervanging", "n.v.t.", "", 1) == 2
    row = next(r for r in get_organisation(ctx, oid).checklist if r.item == "vervanging")
    assert (row.status, row.version) == ("nvt", 2)


def test_checklist_values_are_validated(ctx) -> None:
    with pytest.raises(ValidationError) as err:
        set_checklist(ctx, org_id(), "koffie", "geregeld", "", 1)
    assert err.value.field == "item"
    with pytest.raises(ValidationError) as err:
        set_checklist(ctx, org_id(), "vervanging", "misschien", "", 1)
    assert err.value.field == "status"


def test_fresh_organisation_checklist_is_all_onbekend(ctx) -> None:
    oid = create_organisation(ctx, form())
    rows = get_organisation(ctx, oid).checklist
    assert len(rows) == len(CHECKLIST.keys())
    assert {(r.status, r.version) for r in rows} == {("onbekend", 0)}


def test_activities_with_validation(ctx) -> None:
    oid = org_id()
    aid = add_activity(ctx, oid, "voorlichting", TODAY, 120, "Teamoverleg [bold]x[/]")
    first = get_organisation(ctx, oid).activities[0]
    assert (first.id, first.kind, first.minutes, first.description, first.adviser) == (
        aid, "voorlichting", 120, "Teamoverleg [bold]x[/]", "ADV")
    for args, field in [(("taart", TODAY, 60, ""), "kind"),
                        (("advies", TODAY + DAY, 60, ""), "date"),
                        (("advies", TODAY, 0, ""), "minutes"),
                        (("advies", TODAY, 24 * 60 + 1, ""), "minutes")]:
        with pytest.raises(ValidationError) as err:
            add_activity(ctx, oid, *args)
        assert err.value.field == field


def test_hours_used_this_year_against_contract(ctx) -> None:
    oid = create_organisation(ctx, form(contract_hours=10))
    assign_adviser(ctx, oid, ctx.actor.id, "vaste_vp", dt.date(2025, 1, 1))
    this_year = new_case(ctx, opened_on=dt.date(2026, 3, 2), organisation_id=oid,
                         conversation_minutes=60)
    add_conversation(ctx, this_year, dt.date(2026, 3, 9), 30, "telefoon")
    last_year = new_case(ctx, opened_on=dt.date(2025, 12, 20), organisation_id=oid,
                         conversation_minutes=90)
    add_conversation(ctx, last_year, dt.date(2026, 1, 5), 45, "telefoon")  # counts to 2025
    add_activity(ctx, oid, "jaargesprek", dt.date(2026, 2, 1), 90, "")
    add_activity(ctx, oid, "voorlichting", dt.date(2025, 11, 1), 600, "")
    hours = get_organisation(ctx, oid).hours_used
    assert (hours.year, hours.contract_hours, hours.case_hours, hours.activity_hours,
            hours.total, hours.remaining) == (2026, 10.0, 1.5, 1.5, 3.0, 7.0)
    assert Case.get_by_id(last_year).minutes_spent == 135


# --- engagements ----------------------------------------------------------------------------

def test_one_adviser_per_role_at_a_time(ctx) -> None:
    oid = org_id()
    with pytest.raises(ValidationError) as err:
        assign_adviser(ctx, oid, adviser_id("CS"), "vaste_vp", TODAY)
    assert err.value.field == "role"
    current = next(e for e in get_organisation(ctx, oid).engagements if e.role == "vaste_vp")
    end_engagement(ctx, current.id, current.version, TODAY + 30 * DAY)
    eid = assign_adviser(ctx, oid, adviser_id("CS"), "vaste VP", TODAY + 31 * DAY)
    assert any(e.id == eid and not e.current for e in get_organisation(ctx, oid).engagements)


def test_engagement_rules(ctx) -> None:
    oid = org_id("Woningcorporatie Thuis aan de Maas")
    with pytest.raises(ValidationError) as err:
        assign_adviser(ctx, oid, adviser_id("DB"), "tweede_vp", TODAY)
    assert err.value.field == "adviser_id"  # already engaged there
    ConflictOfInterest.create(adviser=adviser_id("CS"), organisation=oid)
    with pytest.raises(ValidationError) as err:
        assign_adviser(ctx, oid, adviser_id("CS"), "tweede_vp", TODAY)
    assert err.value.field == "adviser_id"
    with pytest.raises(ValidationError) as err:
        assign_adviser(ctx, oid, adviser_id("BJ"), "tweede_vp", TODAY, TODAY - DAY)
    assert err.value.field == "end"
    with pytest.raises(AccessDenied):
        assign_adviser(ctx_for("BJ"), oid, adviser_id("BJ"), "tweede_vp", TODAY)
    assign_adviser(ctx, oid, adviser_id("BJ"), "tweede_vp", TODAY)
