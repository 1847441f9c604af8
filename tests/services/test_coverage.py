"""Coverage rules: working days, gaps per day part, the man-and-woman rule, covers, suggestions."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import planning_world
from tests.planning_world import World
from vp_tui.errors import AccessDenied, ValidationError
from vp_tui.models import Cover
from vp_tui.services.absences import AbsenceForm, record_absence
from vp_tui.services.coverage import (
    absence_warnings,
    add_cover,
    assign_cover,
    coverage,
    describe_assignment,
    describe_cover,
    public_holidays,
    suggest_replacements,
    working_days,
)
from vp_tui.services.dashboard import absent_today

MON = dt.date(2026, 12, 14)  # a plain week: 14-18 December 2026
TUE, WED, THU, FRI = (MON + dt.timedelta(days=n) for n in range(1, 5))


@pytest.fixture
def world(store) -> World:
    return planning_world.build()


def absent(world: World, who: str, start: dt.date, end: dt.date | None = None,
           part: str = "dag") -> int:
    return record_absence(world.ctx("KO"), AbsenceForm(world.advisers[who], "vakantie", start,
                                                       end or start, part))


def gaps(world: World, start: dt.date = MON, weeks: int = 1) -> dict:
    result = coverage(world.ctx("KO"), start, weeks)
    return {(g.organisation, g.day): (g.kind, g.day_part, g.missing) for g in result.gaps}


# --- working days ------------------------------------------------------------------------------

def test_working_days_skip_weekends_christmas_and_kings_day() -> None:
    christmas_week = working_days(dt.date(2026, 12, 21), dt.date(2026, 12, 27))
    assert christmas_week == [dt.date(2026, 12, d) for d in (21, 22, 23, 24)]
    assert dt.date(2027, 4, 27) not in working_days(dt.date(2027, 4, 26), dt.date(2027, 4, 28))
    assert dt.date(2027, 4, 28) in working_days(dt.date(2027, 4, 26), dt.date(2027, 4, 28))
    assert public_holidays(dt.date(2027, 4, 27), dt.date(2027, 4, 27)) == {
        dt.date(2027, 4, 27): "Koningsdag"}


def test_no_gap_on_a_public_holiday(world: World) -> None:
    absent(world, "MO", dt.date(2026, 12, 24), dt.date(2026, 12, 28))
    found = gaps(world, dt.date(2026, 12, 21))
    assert ("Beta", dt.date(2026, 12, 24)) in found
    assert ("Beta", dt.date(2026, 12, 25)) not in found  # Eerste kerstdag
    assert coverage(world.ctx("KO"), dt.date(2026, 12, 21), 1).holidays == {
        dt.date(2026, 12, 25): "Eerste kerstdag", dt.date(2026, 12, 26): "Tweede kerstdag"}


# --- gaps ---------------------------------------------------------------------------------------

def test_fully_staffed_week_has_no_gaps(world: World) -> None:
    assert gaps(world) == {}


def test_only_vp_absent_is_onbezet(world: World) -> None:
    absent(world, "MO", TUE)
    assert gaps(world) == {("Beta", TUE): ("onbezet", "dag", ())}


def test_missing_man_is_onvolledig_both_missing_is_onbezet(world: World) -> None:
    absent(world, "MA", TUE, WED)
    absent(world, "VE", WED)
    assert gaps(world) == {("Alfa", TUE): ("onvolledig", "dag", ("m",)),
                           ("Alfa", WED): ("onbezet", "dag", ("m", "v"))}


def test_half_day_absence_makes_a_half_day_gap(world: World) -> None:
    absent(world, "MO", TUE, part="ochtend")
    absent(world, "MO", TUE, part="middag")  # the other half of the same day is no overlap
    absent(world, "MO", THU, part="middag")
    assert gaps(world) == {("Beta", TUE): ("onbezet", "dag", ()),
                           ("Beta", THU): ("onbezet", "middag", ())}


def test_half_days_of_both_vps_never_empty_the_organisation(world: World) -> None:
    absent(world, "MA", TUE, part="ochtend")
    absent(world, "VE", TUE, part="middag")
    # Morning: only VE (woman); afternoon: only MA (man). Never unstaffed, never mixed.
    assert gaps(world) == {("Alfa", TUE): ("onvolledig", "dag", ("m", "v"))}


def test_onbezet_in_one_part_outweighs_onvolledig_in_the_other(world: World) -> None:
    absent(world, "MA", TUE)
    absent(world, "VE", TUE, part="ochtend")
    assert gaps(world)[("Alfa", TUE)] == ("onbezet", "ochtend", ("m", "v"))


def test_cover_fills_the_gap_but_an_absent_replacement_does_not(world: World) -> None:
    absence = absent(world, "MA", MON, FRI)
    add_cover(world.ctx("KO"), absence, world.alfa, world.advisers["NN"], MON, WED)
    assert set(gaps(world)) == {("Alfa", THU), ("Alfa", FRI)}
    absent(world, "NN", TUE)  # falls ill after agreeing to cover
    assert set(gaps(world)) == {("Alfa", TUE), ("Alfa", THU), ("Alfa", FRI)}


def test_no_gaps_outside_the_contract(world: World) -> None:
    from vp_tui.models import Organisation

    Organisation.update(contract_end=TUE).where(Organisation.id == world.beta).execute()
    absent(world, "MO", MON, FRI)
    assert set(gaps(world)) == {("Beta", MON), ("Beta", TUE)}


def test_adviser_sees_only_their_organisations(world: World) -> None:
    absent(world, "MA", TUE)
    absent(world, "MO", TUE)
    seen = coverage(world.ctx("MO"), MON, 1)
    assert [o.name for o in seen.organisations] == ["Beta"]
    assert {g.organisation for g in seen.gaps} == {"Beta"}


def test_weeks_out_of_range_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        coverage(world.ctx("KO"), MON, 0)


# --- covers: bad input ---------------------------------------------------------------------

@pytest.fixture
def ma_away(world: World) -> int:
    return absent(world, "MA", TUE, THU)


@pytest.mark.parametrize(
    ("who", "start", "end", "org", "message"),
    [
        ("NN", WED, TUE, "alfa", "vóór de begindatum"),
        ("NN", MON, WED, "alfa", "binnen de afwezigheid"),
        ("NN", TUE, FRI, "alfa", "binnen de afwezigheid"),
        ("VI", TUE, WED, "alfa", "belangenconflict"),
        ("MA", TUE, WED, "alfa", "zichzelf"),
        ("KO", TUE, WED, "alfa", "niet als vervanger"),
        ("NN", TUE, WED, "beta", "geen VP van Beta"),
    ],
)
def test_cover_refused(world: World, ma_away: int, who: str, start: dt.date, end: dt.date,
                       org: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        add_cover(world.ctx("KO"), ma_away, getattr(world, org), world.advisers[who], start, end)
    assert Cover.select().count() == 0


def test_cover_by_absent_adviser_refused(world: World, ma_away: int) -> None:
    absent(world, "NN", THU)
    with pytest.raises(ValidationError, match="zelf afwezig"):
        add_cover(world.ctx("KO"), ma_away, world.alfa, world.advisers["NN"], TUE, THU)
    assert add_cover(world.ctx("KO"), ma_away, world.alfa, world.advisers["NN"], TUE, WED)


def test_same_replacement_twice_refused_a_second_replacement_allowed(
        world: World, ma_away: int) -> None:
    ko = world.ctx("KO")
    add_cover(ko, ma_away, world.alfa, world.advisers["NN"], TUE, WED)
    with pytest.raises(ValidationError, match="NN vervangt in die periode al bij Alfa"):
        add_cover(ko, ma_away, world.alfa, world.advisers["NN"], WED, THU)
    assert add_cover(ko, ma_away, world.alfa, world.advisers["NN"], THU, THU)
    assert add_cover(ko, ma_away, world.alfa, world.advisers["MO"], TUE, THU)


def test_only_absent_adviser_or_coordinator_arranges_cover(world: World, ma_away: int) -> None:
    with pytest.raises(AccessDenied):
        add_cover(world.ctx("VE"), ma_away, world.alfa, world.advisers["NN"], TUE, WED)
    assert add_cover(world.ctx("MA"), ma_away, world.alfa, world.advisers["NN"], TUE, WED)


# --- suggestions ------------------------------------------------------------------------------

def test_suggestions_ranked_known_first_then_caseload(world: World, ma_away: int) -> None:
    ranked = suggest_replacements(world.ctx("KO"), world.alfa, WED)
    # Missing a man: NN knows Alfa (tweede VP in 2025) despite 2 open cases; then MO (0 cases)
    # before PK (1 case). VI (woman, conflict of interest) and KO (no adviser) never appear.
    assert [(s.initials, s.known, s.open_cases) for s in ranked] == [
        ("NN", True, 2), ("MO", False, 0), ("PK", False, 1)]


def test_suggestions_only_available_advisers(world: World, ma_away: int) -> None:
    absent(world, "NN", WED, part="middag")
    assert [s.initials for s in suggest_replacements(world.ctx("KO"), world.alfa, WED)] == [
        "MO", "PK"]


def test_onbezet_without_gender_rule_suggests_women_too(world: World) -> None:
    absent(world, "MO", WED)
    ranked = suggest_replacements(world.ctx("KO"), world.beta, WED)
    assert {s.initials for s in ranked} == {"MA", "VE", "VI", "WS", "NN", "PK"}
    assert suggest_replacements(world.ctx("KO"), world.beta, TUE) == []  # no gap that day


def test_assign_covers_longest_free_stretch(world: World) -> None:
    absence = absent(world, "MA", MON, FRI)
    absent(world, "PK", THU)
    cover_id = assign_cover(world.ctx("KO"), world.alfa, TUE, world.advisers["PK"])
    cover = Cover.get_by_id(cover_id)
    assert (cover.absence_id, cover.start, cover.end) == (absence, MON, WED)
    assert set(gaps(world)) == {("Alfa", THU), ("Alfa", FRI)}


def test_assign_adds_the_missing_gender_beside_an_existing_cover(world: World) -> None:
    absence = absent(world, "MA", MON, FRI)
    add_cover(world.ctx("KO"), absence, world.alfa, world.advisers["WS"], MON, FRI)
    assert gaps(world)[("Alfa", TUE)] == ("onvolledig", "dag", ("m",))  # VE and WS: women
    cover_id = assign_cover(world.ctx("KO"), world.alfa, TUE, world.advisers["NN"])
    assert Cover.get_by_id(cover_id).absence_id == absence
    assert gaps(world) == {}


def test_assign_picks_the_absence_of_the_missing_gender(world: World) -> None:
    ma_away = absent(world, "MA", MON, FRI)
    ve_away = absent(world, "VE", MON, FRI)
    first = assign_cover(world.ctx("KO"), world.alfa, TUE, world.advisers["NN"])
    assert Cover.get_by_id(first).absence_id == ma_away
    assert gaps(world)[("Alfa", TUE)] == ("onvolledig", "dag", ("v",))
    second = assign_cover(world.ctx("KO"), world.alfa, TUE, world.advisers["WS"])
    assert Cover.get_by_id(second).absence_id == ve_away
    assert gaps(world) == {}


def test_assign_never_reaches_into_the_past(world: World) -> None:
    absent(world, "MA", MON, FRI)
    cover_id = assign_cover(world.ctx("KO", today=WED), world.alfa, THU, world.advisers["MO"])
    assert (Cover.get_by_id(cover_id).start, Cover.get_by_id(cover_id).end) == (WED, FRI)


def test_assign_without_an_absence_behind_the_gap_refused(world: World) -> None:
    from vp_tui.models import Engagement

    Engagement.delete().where(Engagement.role == "tweede_vp").execute()  # Alfa: MA only
    with pytest.raises(ValidationError, match="geen VP van Alfa afwezig"):
        assign_cover(world.ctx("KO"), world.alfa, TUE, world.advisers["VE"])


def test_describe_assignment_says_what_assign_records(world: World) -> None:
    absent(world, "MA", MON, FRI)
    absent(world, "PK", THU)
    plan = describe_assignment(world.ctx("KO"), world.alfa, TUE, world.advisers["PK"])
    assert plan == ("Alfa", "PK Piet Kwak", "MA Mark Aal", MON, WED, "dag", ("m",), ())
    cover_id = assign_cover(world.ctx("KO"), world.alfa, TUE, world.advisers["PK"])
    assert describe_cover(world.ctx("KO"), cover_id) == plan._replace(missing=(),
                                                                      still_missing=())


def test_describe_assignment_names_the_gender_still_missing(world: World) -> None:
    absent(world, "MA", MON, FRI)
    absent(world, "VE", WED)
    plan = describe_assignment(world.ctx("KO"), world.alfa, WED, world.advisers["WS"])
    assert (plan.replacement, plan.absent, plan.missing, plan.still_missing) == (
        "WS Wil Ster", "MA Mark Aal", ("m", "v"), ("m",))
    with pytest.raises(ValidationError, match="geen tekort"):
        describe_assignment(world.ctx("KO"), world.beta, TUE, world.advisers["PK"])


# --- dashboard warning ----------------------------------------------------------------------

def test_warning_for_planned_absence_leaving_an_organisation_uncovered(world: World) -> None:
    absence = absent(world, "MO", MON, FRI)
    absent(world, "MA", WED)
    [warning] = absence_warnings(world.ctx("MO"))
    assert (warning.absence_id, warning.organisation, warning.kind, warning.first_day,
            warning.days) == (absence, "Beta", "onbezet", MON, 5)
    add_cover(world.ctx("MO"), absence, world.beta, world.advisers["PK"], MON, FRI)
    assert absence_warnings(world.ctx("MO")) == []
    [alfa] = absence_warnings(world.ctx("MA"))
    assert (alfa.organisation, alfa.kind, alfa.days) == ("Alfa", "onvolledig", 1)


# --- the dashboard's "away today" ---------------------------------------------------------------

def test_the_dashboard_lists_who_is_away_today_with_todays_covers(world: World) -> None:
    ko = world.ctx("KO")
    away = absent(world, "MA", MON, FRI)
    absent(world, "MO", MON)  # back today
    vera = absent(world, "VE", TUE)
    add_cover(ko, away, world.alfa, world.advisers["NN"], MON, WED)
    add_cover(ko, away, world.alfa, world.advisers["PK"], THU, FRI)  # not yet
    add_cover(ko, vera, world.alfa, world.advisers["WS"], TUE, TUE)
    rows = absent_today(world.ctx("KO", today=TUE))
    assert [(r.adviser, r.kind, r.start, r.end, r.covers) for r in rows] == [
        ("Mark Aal", "vakantie", MON, FRI, ("Alfa: NN",)),
        ("Vera Eik", "vakantie", TUE, TUE, ("Alfa: WS",)),
    ]
    assert absent_today(world.ctx("KO", today=dt.date(2026, 12, 19))) == []
