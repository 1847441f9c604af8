"""Intake of a new case: required fields, dates, enumerations, categories per type, the
ex-employee warning, the first conversation, owner and code, access."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY, ctx_for
from tests.services.casework import coordinator_only, intake, new_case, org_id
from vp_tui.errors import AccessDenied, ValidationError
from vp_tui.models import (
    AuditEvent,
    Case,
    CaseCategory,
    ConflictOfInterest,
    Engagement,
    TimelineEntry,
)
from vp_tui.models.enums import CATEGORIES
from vp_tui.services.cases.codes import next_code
from vp_tui.services.cases.intake import create_case, validate_intake
from vp_tui.services.cases.queries import get_case
from vp_tui.services.cases.rules import CATEGORIES_BY_TYPE, categories_for
from vp_tui.services.validation import add_months


def fields(issues, warning: bool = False) -> list[str]:
    return [i.field for i in issues if i.warning == warning]


def test_valid_minimal_intake_creates_case_owned_by_actor(ctx) -> None:
    expected_code = next_code(TODAY.year)
    case_id = new_case(ctx)
    case = Case.get_by_id(case_id)
    assert case.code == expected_code
    assert case.owner_id == ctx.actor.id
    assert case.status == "intake"
    assert case.melder_code == "Zonnebloem"
    assert case.melder_contact == ""  # a real name or contact is never required
    assert [c.category for c in CaseCategory.select().where(CaseCategory.case == case_id)] == [
        "pesten"]
    assert TimelineEntry.select().where(TimelineEntry.case == case_id).count() == 0
    assert AuditEvent.select().where(AuditEvent.action == "case.create",
                                     AuditEvent.object_id == str(case_id)).count() == 1


def test_codes_follow_each_other_within_the_report_year(ctx) -> None:
    first = Case.get_by_id(new_case(ctx)).code
    second = Case.get_by_id(new_case(ctx)).code
    year, number = first.split("-")
    assert second == f"{year}-{int(number) + 1:04d}"
    last_year = Case.get_by_id(new_case(ctx, opened_on=dt.date(2025, 12, 30))).code
    assert last_year.startswith("2025-")


def test_first_conversation_is_recorded_with_counters(ctx) -> None:
    case_id = new_case(ctx, conversation_minutes=45, conversation_notes="Eerste gesprek.")
    entry = TimelineEntry.get(TimelineEntry.case == case_id)
    assert (entry.kind, entry.minutes, entry.occurred_on, entry.text) == (
        "gesprek", 45, TODAY, "Eerste gesprek.")
    assert entry.mode == "telefoon"  # derived from the channel when not given
    case = Case.get_by_id(case_id)
    assert (case.conversation_count, case.minutes_spent) == (1, 45)


def test_labels_are_accepted_and_keys_stored(ctx) -> None:
    case_id = new_case(ctx, channel="E-mail", case_type="Integriteit",
                       categories=["Fraude", "fraude", "overig"], melder_role="oud-medewerker",
                       left_employment_on=TODAY - dt.timedelta(days=30),
                       relation="Klant of derde", conversation_minutes=30,
                       conversation_mode="telefonisch")
    detail = get_case(ctx, case_id)
    assert (detail.channel, detail.case_type, detail.melder_role, detail.relation) == (
        "email", "integriteit", "oud_medewerker", "klant_derde")
    assert detail.categories == ["fraude", "overig"]  # duplicates collapse
    assert detail.timeline[0].mode == "telefoon"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organisation_id": None}, "organisation_id"),
        ({"opened_on": None}, "opened_on"),
        ({"channel": ""}, "channel"),
        ({"case_type": ""}, "case_type"),
        ({"categories": []}, "categories"),
        ({"melder_code": "   "}, "melder_code"),
    ],
)
def test_required_fields(ctx, change, field) -> None:
    form = intake(**change)
    assert field in fields(validate_intake(ctx, form))
    before = Case.select().count()
    with pytest.raises(ValidationError) as err:
        create_case(ctx, form)
    assert err.value.field == field
    assert Case.select().count() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"opened_on": TODAY + dt.timedelta(days=1)}, "opened_on"),
        ({"channel": "postduif"}, "channel"),
        ({"case_type": "klacht"}, "case_type"),
        ({"categories": ["pesten", "onzin"]}, "categories"),
        ({"categories": ["fraude"]}, "categories"),  # an integrity category on an oo report
        ({"melder_role": "directeur"}, "melder_role"),
        ({"relation": "buurman"}, "relation"),
        ({"melder_code": "x" * 65}, "melder_code"),
        ({"department": "d" * 121}, "department"),
        ({"organisation_id": 999_999}, "organisation_id"),
        ({"conversation_minutes": 0}, "conversation_minutes"),
        ({"conversation_minutes": 601}, "conversation_minutes"),
        ({"conversation_notes": "zonder duur"}, "conversation_minutes"),
        ({"conversation_minutes": 30, "conversation_mode": "brief"}, "conversation_mode"),
        ({"conversation_minutes": 30, "channel": "overig"}, "conversation_mode"),
    ],
)
def test_invalid_values_are_errors_on_their_field(ctx, change, field) -> None:
    issues = validate_intake(ctx, intake(**change))
    assert fields(issues) == [field]


def test_categories_must_fit_the_type() -> None:
    assert categories_for("integriteit") == ["fraude", "corruptie", "misbruik", "overig"]
    for allowed in CATEGORIES_BY_TYPE.values():
        assert "overig" in allowed
    every = {c for allowed in CATEGORIES_BY_TYPE.values() for c in allowed}
    assert every == set(CATEGORIES.keys())  # every category belongs to some type


def test_ex_employee_more_than_a_year_after_leaving_is_a_warning_not_an_error(ctx) -> None:
    left = TODAY.replace(year=TODAY.year - 1) - dt.timedelta(days=1)
    form = intake(melder_role="oud_medewerker", left_employment_on=left)
    issues = validate_intake(ctx, form)
    assert fields(issues) == []
    assert fields(issues, warning=True) == ["left_employment_on"]
    case_id = create_case(ctx, form)  # a warning does not block
    assert Case.get_by_id(case_id).left_employment_on == left


def test_ex_employee_within_a_year_has_no_warning(ctx) -> None:
    exactly_a_year = TODAY.replace(year=TODAY.year - 1)
    issues = validate_intake(ctx, intake(melder_role="oud_medewerker",
                                         left_employment_on=exactly_a_year))
    assert issues == []


def test_ex_employee_dates(ctx) -> None:
    unknown = validate_intake(ctx, intake(melder_role="oud_medewerker"))
    assert fields(unknown, warning=True) == ["left_employment_on"]
    after_report = validate_intake(ctx, intake(
        opened_on=TODAY - dt.timedelta(days=10), melder_role="oud_medewerker",
        left_employment_on=TODAY - dt.timedelta(days=5)))
    assert fields(after_report) == ["left_employment_on"]
    future = validate_intake(ctx, intake(melder_role="oud_medewerker",
                                         left_employment_on=TODAY + dt.timedelta(days=1)))
    assert fields(future) == ["left_employment_on"]
    not_ex = validate_intake(ctx, intake(melder_role="medewerker",
                                         left_employment_on=TODAY - dt.timedelta(days=5)))
    assert fields(not_ex) == ["left_employment_on"]


def test_all_errors_are_reported_at_once(ctx) -> None:
    issues = validate_intake(ctx, intake(opened_on=TODAY + dt.timedelta(days=2), channel="",
                                         categories=[], melder_code=""))
    assert set(fields(issues)) == {"opened_on", "channel", "categories", "melder_code"}
    assert all(i.message and "\n" not in i.message for i in issues)


def test_integrity_report_at_organisation_without_integrity_vp_warns(ctx) -> None:
    Engagement.create(adviser=ctx.actor.id, organisation=org_id("Zorggroep De Linde"),
                      role="tweede_vp", start=TODAY)
    issues = validate_intake(ctx, intake(organisation_id=org_id("Zorggroep De Linde"),
                                         case_type="integriteit", categories=["fraude"]))
    assert fields(issues) == []
    assert fields(issues, warning=True) == ["case_type"]


def test_adviser_must_serve_the_organisation(demo_store) -> None:
    bj = ctx_for("BJ")  # tweede VP at Zuidvliet, nothing at the Woningcorporatie
    assert validate_intake(bj, intake()) == []
    issues = validate_intake(bj, intake(
        organisation_id=org_id("Woningcorporatie Thuis aan de Maas")))
    assert fields(issues) == ["organisation_id"]


def test_a_coordinator_who_advises_must_serve_the_organisation_too(ctx) -> None:
    # ADV coordinates the agency and sees every file, but a case is owned by a VP of its
    # organisation: the intake asks the same of her as of any adviser.
    issues = validate_intake(ctx, intake(organisation_id=org_id("Zorggroep De Linde")))
    assert fields(issues) == ["organisation_id"]
    assert "geen VP van Zorggroep De Linde" in issues[0].message


def test_conflict_of_interest_refuses_intake(demo_store) -> None:
    bj = ctx_for("BJ")
    ConflictOfInterest.create(adviser=bj.actor.id, organisation=org_id())
    with pytest.raises(ValidationError) as err:
        create_case(bj, intake())
    assert err.value.field == "organisation_id"


def test_coordinator_who_is_not_adviser_cannot_take_a_case(demo_store) -> None:
    with pytest.raises(AccessDenied):
        create_case(coordinator_only(), intake())


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(opened=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)),
       left_before=st.integers(min_value=0, max_value=800))
def test_intake_dates_property(ctx, opened, left_before) -> None:
    """A report date is an error exactly when it lies after today; the ex-employee warning
    appears exactly when the report comes more than twelve months after leaving."""
    left = opened - dt.timedelta(days=left_before)
    issues = validate_intake(ctx, intake(opened_on=opened, melder_role="oud_medewerker",
                                         left_employment_on=left))
    assert ("opened_on" in fields(issues)) is (opened > TODAY)
    if left > TODAY:
        assert "left_employment_on" in fields(issues)
    else:
        late = opened > add_months(left, 12)
        assert ("left_employment_on" in fields(issues, warning=True)) is late
