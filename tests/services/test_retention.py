"""Retention: due cases, the purge (nothing left in a decrypted copy, its free pages or the
WAL; the yearly figures unchanged), the agency default, and the melder's rights."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import peewee as pw
import pytest

from tests.conftest import TODAY, ctx_for
from tests.services.casework import intake, org_id
from tests.services.sqlcipher_pages import database_plaintext, wal_plaintext
from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.models import (
    AuditEvent,
    Case,
    CaseCategory,
    FollowUp,
    Handover,
    Organisation,
    Referral,
    TimelineEntry,
    TimelineRevision,
    database,
)
from vp_tui.services import retention
from vp_tui.services.cases.intake import create_case
from vp_tui.services.cases.status import change_status
from vp_tui.services.context import Context
from vp_tui.services.followups import add_followup
from vp_tui.services.melder import erase_melder, export_melder, find_case, melder_document
from vp_tui.services.reporting import compute_figures
from vp_tui.services.timeline import add_note, add_referral, edit_entry

THEN = dt.date(2024, 3, 4)
CLOSED = dt.date(2024, 5, 1)

NEEDLES = {
    "melder_code": "Kwikstaart-7Q",
    "melder_contact": "kwik7q@voorbeeld.nl, 06-31415926",
    "department": "Afdeling Zeilmakerij",
    "conversation": "Gesprek over de zeppelin in de kantine",
    "note_v1": "Aantekening eerste versie walrus",
    "note_v2": "Aantekening gecorrigeerd narwal",
    "referral": "Verwijsnotitie pelikaan bedrijfsarts",
    "followup": "Afspraak flamingo bellen",
}


def rich_case(ctx: Context) -> int:
    """A case opened in 2024 with personal text in every place a purge must reach."""
    then = dataclasses.replace(ctx, today=THEN + dt.timedelta(days=5))
    case_id = create_case(then, intake(
        opened_on=THEN, melder_code=NEEDLES["melder_code"],
        melder_contact=NEEDLES["melder_contact"], department=NEEDLES["department"],
        categories=["pesten", "intimidatie"], relation="leidinggevende", consent_recorded=True,
        conversation_minutes=60, conversation_mode="persoonlijk",
        conversation_notes=NEEDLES["conversation"]))
    note = add_note(then, case_id, THEN + dt.timedelta(days=1), NEEDLES["note_v1"])
    edit_entry(then, note, 1, NEEDLES["note_v2"])
    add_referral(then, case_id, "bedrijfsarts", THEN + dt.timedelta(days=2),
                 NEEDLES["referral"], consent=True)
    add_followup(then, case_id, THEN + dt.timedelta(days=20), NEEDLES["followup"])
    version = Case.get_by_id(case_id).version
    change_status(dataclasses.replace(ctx, today=CLOSED), case_id, version, "afgesloten",
                  "opgelost", on=CLOSED)
    return case_id


def yearly_counts() -> Counter:
    rows = (Case.select(Case.opened_on, Case.case_type, CaseCategory.category, Case.relation,
                        Case.outcome, Case.conversation_count, Case.minutes_spent)
            .join(CaseCategory).tuples())
    return Counter((o.year, *rest) for o, *rest in rows)


def found_in(blob: bytes) -> list[str]:
    return [name for name, text in NEEDLES.items()
            if text.encode("utf-8") in blob or text.encode("utf-16-le") in blob]


def plain_export(target: Path) -> bytes:
    """A decrypted copy of the live database, as the issue asks: sqlcipher_export to a plain
    file attached with an empty key."""
    database.execute_sql("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
    try:
        database.execute_sql("SELECT sqlcipher_export('plain')")
    finally:
        database.execute_sql("DETACH DATABASE plain")
    assert target.read_bytes().startswith(b"SQLite format 3\x00")
    return target.read_bytes()


def test_purge_leaves_no_personal_text_anywhere_and_keeps_the_figures(
        ctx: Context, demo_store, tmp_path: Path) -> None:
    case_id = rich_case(ctx)
    zuidvliet = org_id()
    figures_before = compute_figures(ctx, zuidvliet, 2024)
    counts_before = yearly_counts()
    key = demo_store.key
    wal = Path(str(demo_store.path) + "-wal")
    # The probes can see the text before the purge (in the database pages or the WAL).
    everything = database_plaintext(demo_store.path, key) + wal_plaintext(wal, key)
    assert set(found_in(everything)) == set(NEEDLES)
    assert set(found_in(plain_export(tmp_path / "before.db"))) == set(NEEDLES)

    result = retention.purge(ctx, case_id)

    assert result.checkpointed
    assert not wal.exists() or wal.stat().st_size == 0
    after = plain_export(tmp_path / "after.db")
    assert b"Gemeente Zuidvliet" in after  # the copy does hold the data that stays
    assert found_in(after) == []
    assert found_in(database_plaintext(demo_store.path, key)) == []
    assert found_in(wal_plaintext(wal, key)) == []
    assert yearly_counts() == counts_before
    assert compute_figures(ctx, zuidvliet, 2024) == figures_before
    case = Case.get_by_id(case_id)
    assert case.purged_at is not None and case.melder_code == "" and case.department == ""
    assert (case.case_type, case.relation, case.outcome, case.conversation_count,
            case.minutes_spent) == ("oo", "leidinggevende", "opgelost", 1, 60)
    assert Referral.get(Referral.case == case_id).destination == "bedrijfsarts"
    assert not TimelineRevision.select().join(TimelineEntry).where(
        TimelineEntry.case == case_id).exists()
    purges = AuditEvent.select().where(AuditEvent.action == "case.purge")
    assert [(e.object_type, e.object_id) for e in purges] == [("case", str(case_id))]


def test_every_text_column_of_a_case_is_purged_or_declared_skeleton() -> None:
    """A new text column in the case models must be placed: personal (purged) or skeleton."""
    skeleton = {
        Case: {"code", "channel", "case_type", "melder_role", "relation", "status", "outcome",
               "import_key", "updated_by"},
        TimelineEntry: {"kind", "mode", "step", "status", "outcome", "updated_by"},
        FollowUp: {"updated_by"},
        Referral: {"destination", "updated_by"},
        TimelineRevision: {"changed_by", "text"},  # rows deleted by the purge
        Handover: set(),
    }
    for model, kept in skeleton.items():
        text = {f.name for f in model._meta.sorted_fields
                if isinstance(f, pw.CharField | pw.TextField)}
        purged = set(retention.PURGED_FIELDS.get(model, {}))
        assert text - purged - kept == set(), model.__name__


def test_due_cases_follow_the_organisation_term_or_the_agency_default(ctx: Context) -> None:
    # Demo: Gemeente Zuidvliet keeps cases one year; ADV's cases there closed in 2025.
    due = retention.due_cases(ctx)
    assert [(d.code, d.years, d.due_on) for d in due] == [
        ("2025-0006", 1, dt.date(2026, 4, 29)), ("2025-0009", 1, dt.date(2026, 6, 19))]
    assert all(d.owner == "ADV" for d in due)
    soon = retention.due_cases(ctx, within_days=200)
    assert "2026-0003" in [d.code for d in soon]  # closed 10 May 2026, due 10 May 2027
    assert retention.due_cases(ctx_for("BJ")) == []  # default two years: nothing yet
    Organisation.update(retention_years=None).where(Organisation.id == org_id()).execute()
    assert retention.due_cases(ctx) == []


def test_the_agency_default_is_an_admin_setting(ctx: Context) -> None:
    assert retention.default_years() == retention.DEFAULT_YEARS == 2
    with pytest.raises(AccessDenied):
        retention.set_default_years(ctx, 1)  # ADV is coordinator, not admin
    from vp_tui.services.advisers import add_adviser, resolve_actor

    add_adviser(None, "Beheer", "ADM", "x", role="admin", is_adviser=False)
    admin = Context(resolve_actor("ADM", None), today=TODAY)
    with pytest.raises(ValidationError):
        retention.set_default_years(admin, 31)
    retention.set_default_years(admin, 1)
    assert retention.default_years() == 1
    # Closed on or before 27 November 2025: due today at the latest.
    assert [d.code for d in retention.due_cases(ctx_for("BJ"))] == [
        "2025-0003", "2025-0011", "2025-0010", "2025-0014"]
    with pytest.raises(AccessDenied):
        retention.due_cases(ctx_for("BJ"), everyone=True)
    assert {d.owner for d in retention.due_cases(ctx, everyone=True)} >= {"ADV", "BJ", "CS"}


def test_29_february_plus_a_year_is_28_february() -> None:
    assert retention.add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert retention.add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


def test_only_the_owner_purges_and_only_a_closed_case_once(ctx: Context) -> None:
    due = retention.due_cases(ctx)[0]
    with pytest.raises(AccessDenied):
        retention.purge(ctx_for("BJ"), due.id)
    open_case = Case.get((Case.owner == ctx.actor.id) & (Case.status != "afgesloten"))
    with pytest.raises(ValidationError, match="nog niet afgesloten"):
        retention.purge(ctx, open_case.id)
    retention.purge(ctx, due.id)
    with pytest.raises(ValidationError, match="al vernietigd"):
        retention.purge(ctx, due.id)
    assert due.id not in [d.id for d in retention.due_cases(ctx)]


def test_the_melder_document_holds_everything_stored_about_them(ctx: Context, tmp_path: Path
                                                                 ) -> None:
    case_id = rich_case(ctx)
    code = Case.get_by_id(case_id).code
    path = export_melder(ctx, code, tmp_path / "inzage.txt")
    text = path.read_text(encoding="utf-8")
    assert set(found_in(text.encode("utf-8"))) == set(NEEDLES)  # earlier version included
    assert "Overzicht van de gegevens over de melder" in text and "4 maart 2024" in text
    assert "bedrijfsarts" in text and "pesten, intimidatie" in text
    assert path.stat().st_mode & 0o077 == 0
    with pytest.raises(ValidationError, match="bestaat al"):
        export_melder(ctx, code, path)
    with pytest.raises(AccessDenied):
        melder_document(ctx_for("BJ"), case_id)
    assert AuditEvent.select().where(AuditEvent.action == "melder.export",
                                     AuditEvent.object_id == str(case_id)).count() == 1


def test_erasure_on_request_uses_the_purge(ctx: Context) -> None:
    case_id = rich_case(ctx)
    code = Case.get_by_id(case_id).code
    with pytest.raises(AccessDenied):
        erase_melder(ctx_for("BJ"), code)
    assert erase_melder(ctx, code).case_id == case_id
    text = melder_document(ctx, case_id)
    assert found_in(text.encode("utf-8")) == []
    assert "vernietigd" in text
    with pytest.raises(NotFound):
        find_case("1999-0001")
