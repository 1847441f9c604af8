"""The case import stages checked rows and writes them together: the result must be the same
as writing them one by one (codes, categories, referrals, one chained audit event each)."""

from __future__ import annotations

from pathlib import Path

from tests.services.importfiles import write_csv
from vp_tui.models import AuditEvent, Case, CaseCategory, Referral
from vp_tui.services import audit
from vp_tui.services.cases.codes import highest_number
from vp_tui.services.context import Context
from vp_tui.services.importing import import_file

HEADER = ["organisatie", "vp", "datum_melding", "datum_afgesloten", "soort", "categorieen",
          "uitkomst", "gesprekken", "uren", "doorverwijzingen", "code"]
ROWS = [
    ["Gemeente Zuidvliet", "ADV", "2026-03-02", "2026-05-01", "oo", "pesten, discriminatie",
     "opgelost", "2", "1,5", "bedrijfsarts", "X1"],
    ["Gemeente Zuidvliet", "ADV", "2026-03-09", "", "integriteit", "fraude", "", "1", "1",
     "", "X2"],
    ["Zorggroep De Linde", "BJ", "2025-11-03", "2026-01-10", "oo", "intimidatie", "verwezen",
     "3", "2,25", "mediator, juridisch advies", "X3"],
]


def test_imported_cases_continue_the_numbering_with_their_details(ctx: Context,
                                                                  tmp_path: Path) -> None:
    before = {2025: highest_number(2025), 2026: highest_number(2026)}
    report = import_file(ctx, "cases", write_csv(tmp_path / "m.csv", [HEADER, *ROWS]))
    assert (report.created, report.problems) == (3, [])
    made = {c.import_key: c for c in Case.select().where(Case.import_key.in_(["X1", "X2", "X3"]))}
    assert made["X1"].code == f"2026-{before[2026] + 1:04d}"
    assert made["X2"].code == f"2026-{before[2026] + 2:04d}"
    assert made["X3"].code == f"2025-{before[2025] + 1:04d}"
    assert (made["X2"].status, made["X2"].closed_on, made["X3"].minutes_spent) == (
        "begeleiding", None, 135)
    assert sorted(c.category for c in CaseCategory.select().where(
        CaseCategory.case == made["X1"].id)) == ["discriminatie", "pesten"]
    assert sorted(r.destination for r in Referral.select().where(
        Referral.case == made["X3"].id)) == ["juridisch", "mediator"]
    events = AuditEvent.select().where(AuditEvent.action == "case.import")
    assert sorted(int(e.object_id) for e in events) == sorted(c.id for c in made.values())
    assert audit.verify().ok


def test_a_bad_row_stages_nothing_and_nothing_is_written(ctx: Context, tmp_path: Path) -> None:
    before = Case.select().count()
    bad = list(ROWS[1])
    bad[HEADER.index("categorieen")] = "pesten"  # does not fit an integrity report
    report = import_file(ctx, "cases", write_csv(tmp_path / "m.csv", [HEADER, ROWS[0], bad]))
    assert [(p.row, p.column) for p in report.problems] == [(3, "categorieen")]
    assert Case.select().count() == before
