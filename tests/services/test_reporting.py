"""The annual report's figures on a fully known dataset (tests/report_world.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import report_world
from tests.report_world import YEAR, add_case, add_org
from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.models import AuditEvent, ChecklistItem, Engagement
from vp_tui.models.enums import CHECKLIST
from vp_tui.services import reporting
from vp_tui.services.publication import GEEN, VOLLEDIG, WEINIG


@pytest.fixture
def world(store) -> report_world.World:
    return report_world.build()


def _cells(figures, key: str) -> dict[str, str]:
    breakdown = next(b for b in figures.breakdowns if b.key == key)
    return {cell.label: cell.shown for cell in breakdown.cells}


def _value(year, key: str):
    return year.cell(key).value


def test_known_dataset(world) -> None:
    f = reporting.compute_figures(world.ctx("BJ"), world.proef, YEAR)
    assert f.level == VOLLEDIG and f.k == 5
    assert [(c.key, c.value) for c in f.current.figures] == [
        ("meldingen", 12), ("gesprekken", 24), ("uren_meldingen", 12.0),
        ("uren_activiteiten", 2.0), ("uren_totaal", 14.0), ("contracturen", 40.0)]
    # 2024: three cases, below k: the number and everything it would follow from is hidden;
    # without activities the total hours would be the case hours, so they go too.
    assert f.previous.cases_shown == "< 5"
    assert [c.key for c in f.previous.figures if c.value is None] == [
        "meldingen", "gesprekken", "uren_meldingen", "uren_activiteiten", "uren_totaal"]
    # Role and outcome would hide most of their cases (11 + 1, 10 + 2: the small cell alone
    # would follow from the total), categories most of their cells: not given.
    withheld = {b.key for b in f.breakdowns if b.withheld}
    assert withheld == {"rol_melder", "uitkomst", "categorie"}
    assert _cells(f, "soort") == {"ongewenste omgangsvormen": "7", "integriteit": "< 5",
                                  "buiten taakgebied": "< 5"}
    assert _cells(f, "relatie") == {"collega": "6", "leidinggevende": "6"}
    # Cases, not referrals: the case referred twice to the company doctor counts once. The
    # referrals have no published total, so the 5 needs no secondary suppression.
    assert _cells(f, "doorverwijzing") == {"bedrijfsarts": "5", "mediator": "< 5"}
    assert [a.label for a in f.activities] == ["voorlichting", "advies"]
    assert [a.hours.value for a in f.activities] == [1.5, 0.5]
    # Only the item recorded as not arranged, as advice; the 11 items nobody filled in are
    # one sentence (the vervangingsregeling and the annual report are the agency's own, an
    # external VP is engaged).
    assert [(a.item, a.advice) for a in f.open_arrangements] == [
        ("positie_bestuur", "Positioneer de vertrouwenspersoon direct onder het bestuur, "
                            "zodat signalen het bestuur zonder omweg bereiken.")]
    assert f.checklist_note.startswith("Van 11 afspraken uit de checklist is nog niet "
                                       "vastgelegd")
    assert f.advisers == ("Bram Jansen (vaste VP)",)


def test_hidden_counts_never_leave_the_service(world) -> None:
    f = reporting.compute_figures(world.ctx("BJ"), world.proef, YEAR)
    for breakdown in f.breakdowns:
        for cell in breakdown.cells:
            assert (cell.value is None) == (not cell.shown.isdigit())
    as_dict = f.as_dict()
    referred = next(b for b in as_dict["breakdowns"] if b["key"] == "doorverwijzing")
    assert [c["value"] for c in referred["cells"]] == [5, None]


@pytest.mark.parametrize(("k", "n", "level"), [
    (5, 4, WEINIG), (5, 5, VOLLEDIG), (5, 6, VOLLEDIG),
    (3, 2, WEINIG), (3, 3, VOLLEDIG), (3, 4, VOLLEDIG),
    (8, 7, WEINIG), (8, 8, VOLLEDIG), (8, 9, VOLLEDIG),
    (1, 2, WEINIG), (1, 3, VOLLEDIG),  # configured below the floor: 3 applies
])
def test_thresholds(world, k: int, n: int, level: str) -> None:
    org = add_org(f"Drempel {k}-{n}", k=k)
    Engagement.create(adviser=world.advisers["BJ"], organisation=org, role="vaste_vp",
                      start=dt.date(2024, 1, 1))
    for i in range(n):
        add_case(org.id, world.advisers["BJ"], dt.date(YEAR, 2, 1 + i))
    f = reporting.compute_figures(world.ctx("BJ"), org.id, YEAR)
    assert f.level == level
    threshold = max(k, 3)
    if level == WEINIG:
        assert f.breakdowns == ()
        assert _value(f.current, "meldingen") is None
        assert f.current.cases_shown == f"< {threshold}"
        assert "geen nadere toelichting" in f.summary
        assert _value(f.current, "gesprekken") is None
        assert _value(f.current, "uren_meldingen") is None
        assert all(a.hours.value is None for a in f.activities)
    else:
        assert _value(f.current, "meldingen") == n
        assert _cells(f, "soort") == {"ongewenste omgangsvormen": str(n)}


def test_breakdown_withheld_when_no_safe_suppression(world) -> None:
    org = add_org("Scheef", k=5)
    Engagement.create(adviser=world.advisers["BJ"], organisation=org, role="vaste_vp",
                      start=dt.date(2024, 1, 1))
    for i in range(6):  # 5 + 1: the single small cell would follow from any ">= 5"
        add_case(org.id, world.advisers["BJ"], dt.date(YEAR, 2, 1 + i),
                 case_type="oo" if i < 5 else "integriteit")
    f = reporting.compute_figures(world.ctx("BJ"), org.id, YEAR)
    soort = next(b for b in f.breakdowns if b.key == "soort")
    assert soort.withheld and soort.cells == ()
    assert not next(b for b in f.breakdowns if b.key == "relatie").withheld


def test_no_cases_at_all(world) -> None:
    f = reporting.compute_figures(world.ctx("BJ"), world.leeg, YEAR)
    assert f.level == GEEN and _value(f.current, "meldingen") == 0
    assert f.current.cases_shown == "0"
    assert f.breakdowns == () and f.activities == ()
    assert "geen meldingen" in f.summary


def test_access(world) -> None:
    reporting.compute_figures(world.ctx("KO"), world.proef, YEAR)  # coordinator
    with pytest.raises(AccessDenied):
        reporting.compute_figures(world.ctx("CS"), world.proef, YEAR)
    with pytest.raises(NotFound):
        reporting.compute_figures(world.ctx("KO"), 999, YEAR)
    with pytest.raises(ValidationError):
        reporting.compute_figures(world.ctx("BJ"), world.proef, 2027)


def test_every_use_is_audited_without_content(world) -> None:
    before = AuditEvent.select().count()
    reporting.compute_figures(world.ctx("BJ"), world.proef, YEAR, purpose="report.stats")
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert AuditEvent.select().count() == before + 1
    assert (event.actor, event.action, event.object_type, event.object_id) == (
        "BJ", "report.stats", "organisation", f"{world.proef}/{YEAR}")


def test_find_organisation(world) -> None:
    ctx = world.ctx("KO")
    assert reporting.find_organisation(ctx, str(world.proef)) == world.proef
    assert reporting.find_organisation(ctx, "stichting proef") == world.proef
    assert reporting.find_organisation(ctx, "proef") == world.proef
    with pytest.raises(NotFound):
        reporting.find_organisation(ctx, "bestaat niet")
    add_org("Stichting Andere")
    with pytest.raises(ValidationError, match="meerdere"):
        reporting.find_organisation(ctx, "stichting")
    with pytest.raises(NotFound):  # CS serves neither
        reporting.find_organisation(world.ctx("CS"), "proef")


def test_agency_overview(world) -> None:
    with pytest.raises(AccessDenied):
        reporting.agency_overview(world.ctx("BJ"), YEAR)
    overview = reporting.agency_overview(world.ctx("KO"), YEAR)
    assert _value(overview.current, "meldingen") == 12
    rows = {r.organisation: r.cases.shown for r in overview.organisations}
    assert rows == {"Leeg B.V.": "0", "Stichting Proef": "12"}


def test_overview_never_tells_more_than_the_reports(world) -> None:
    small = add_org("Klein", k=5)
    for i in range(2):
        add_case(small.id, world.advisers["BJ"], dt.date(YEAR, 7, 1 + i))
    overview = reporting.agency_overview(world.ctx("KO"), YEAR)
    rows = {r.organisation: r.cases.shown for r in overview.organisations}
    # Each row is what the organisation's own report shows; the total adds them up as a
    # range, so subtracting the exact 12 leaves Klein's "< 5" as 1..4.
    assert rows == {"Klein": "< 5", "Leeg B.V.": "0", "Stichting Proef": "12"}
    total = overview.current.cell("meldingen")
    assert (total.value, total.shown) == (None, "13–16")


def test_export_rows(world) -> None:
    rows = reporting.export_rows(world.ctx("BJ"), YEAR, world.proef)
    assert ("Stichting Proef", YEAR, "Doorverwezen naar (aantal meldingen)", "mediator", None,
            "< 5") in rows
    assert ("Stichting Proef", YEAR, f"kerncijfers {YEAR}", "Meldingen", 12, "12") in rows
    with pytest.raises(AccessDenied):
        reporting.export_rows(world.ctx("BJ"), YEAR)  # every organisation: coordinators
    every = reporting.export_rows(world.ctx("KO"), YEAR)
    assert {r[0] for r in every} == {"Stichting Proef", "Leeg B.V."}


def test_open_arrangements(world) -> None:
    """Never filled in: one sentence. Recorded open: advice, except what the agency
    provides (vervanging) or the file shows as met (a man and a woman assigned)."""
    f = reporting.compute_figures(world.ctx("BJ"), world.leeg, YEAR)
    assert f.open_arrangements == ()
    assert f.checklist_note == ("De checklist met afspraken over de vertrouwenspersoon is nog "
                                "niet ingevuld; wij vragen u die samen met de "
                                "vertrouwenspersoon in te vullen.")
    for item in ("vervanging", "man_vrouw", "bekendheid", "intern_extern"):
        ChecklistItem.create(organisation=world.leeg, item=item, status="niet_geregeld")
    f = reporting.compute_figures(world.ctx("BJ"), world.leeg, YEAR)
    # Bram (a man) alone: a woman is missing; an external VP is engaged.
    assert [a.item for a in f.open_arrangements] == ["bekendheid", "man_vrouw"]
    Engagement.create(adviser=world.advisers["CS"], organisation=world.leeg,
                      role="tweede_vp", start=dt.date(YEAR, 3, 1))
    f = reporting.compute_figures(world.ctx("BJ"), world.leeg, YEAR)
    assert [a.item for a in f.open_arrangements] == ["bekendheid"]
    assert "Van 10 afspraken" in f.checklist_note  # 15 less 2 provided, 2 met, 1 open
    for item in CHECKLIST:
        ChecklistItem.insert(organisation=world.leeg, item=item.key, status="geregeld"
                             ).on_conflict_ignore().execute()
    f = reporting.compute_figures(world.ctx("BJ"), world.leeg, YEAR)
    assert f.checklist_note == ""
