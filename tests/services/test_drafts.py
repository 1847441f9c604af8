"""Crash drafts: an adviser's own, tied to the case they were typed for, gone with a purge,
never in the audit trail as text."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import peewee as pw
import pytest

from tests.conftest import TODAY, ctx_for
from tests.services.casework import new_case
from tests.services.sqlcipher_pages import database_plaintext, wal_plaintext
from tests.services.test_retention import rich_case
from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.models import Adviser, AuditEvent, Case, Draft, Meta, database
from vp_tui.services import audit, drafts, retention
from vp_tui.services.context import Context
from vp_tui.services.handovers import hand_over
from vp_tui.store import migrations, vault

SECRET = "Verslag: de melder vertelde over de kwal in het magazijn"


def test_a_draft_is_kept_replaced_and_read_back(ctx: Context) -> None:
    case_id = new_case(ctx)
    key = drafts.case_key(case_id, "conversation")
    drafts.keep(ctx, key, "Gesprek toevoegen", {"text": "eerste"}, case_id=case_id)
    drafts.keep(ctx, key, "Gesprek toevoegen", {"text": SECRET}, case_id=case_id)
    [info] = drafts.mine(ctx)
    assert (info.form_key, info.title, info.reachable) == (key, "Gesprek toevoegen", True)
    assert drafts.read(ctx, key).texts == {"text": SECRET}
    assert Draft.select().count() == 1
    drafts.discard(ctx, key)
    assert drafts.mine(ctx) == []
    with pytest.raises(NotFound):
        drafts.read(ctx, key)


def test_another_adviser_never_sees_reads_or_deletes_a_draft(ctx: Context) -> None:
    drafts.keep(ctx, drafts.INTAKE_KEY, "Nieuwe melding", {"conversation_notes": SECRET})
    bram = ctx_for("BJ")
    assert drafts.mine(bram) == []  # not even a count
    with pytest.raises(NotFound):
        drafts.read(bram, drafts.INTAKE_KEY)
    drafts.discard(bram, drafts.INTAKE_KEY)
    drafts.keep(bram, drafts.INTAKE_KEY, "Nieuwe melding", {"conversation_notes": "van Bram"})
    assert drafts.read(ctx, drafts.INTAKE_KEY).texts == {"conversation_notes": SECRET}
    assert drafts.read(bram, drafts.INTAKE_KEY).texts == {"conversation_notes": "van Bram"}
    assert [d.form_key for d in drafts.mine(bram)] == [drafts.INTAKE_KEY]


def test_a_draft_on_a_case_needs_a_case_the_adviser_may_see(ctx: Context) -> None:
    case_id = new_case(ctx)
    with pytest.raises(AccessDenied):
        drafts.keep(ctx_for("BJ"), drafts.case_key(case_id, "note"), "Notitie",
                    {"text": SECRET}, case_id=case_id)
    assert Draft.select().count() == 0


def test_a_draft_whose_case_is_out_of_sight_stays_readable_but_not_reachable(
        ctx: Context) -> None:
    case_id = new_case(ctx)
    end = TODAY + dt.timedelta(days=3)
    hand_over(ctx, case_id, Adviser.get(Adviser.initials == "BJ").id, True, TODAY, end)
    bram = ctx_for("BJ")
    key = drafts.case_key(case_id, "note")
    drafts.keep(bram, key, "Notitie toevoegen", {"text": SECRET}, case_id=case_id)
    later = dataclasses.replace(bram, today=end + dt.timedelta(days=1))
    [info] = drafts.mine(later)
    assert not info.reachable
    assert drafts.read(later, key).texts == {"text": SECRET}
    drafts.keep(later, "case:999999:note", "Notitie", {"text": "x"})  # a case that is gone
    assert [d.reachable for d in drafts.mine(later)] == [False, False]


def test_a_purge_deletes_every_draft_of_the_case_and_refuses_new_ones(ctx: Context) -> None:
    case_id = rich_case(ctx)
    other = new_case(ctx)
    drafts.keep(ctx, drafts.case_key(case_id, "note"), "Notitie", {"text": SECRET},
                case_id=case_id)
    drafts.keep(ctx, drafts.case_key(other, "note"), "Notitie", {"text": "blijft"},
                case_id=other)
    retention.purge(dataclasses.replace(ctx, today=dt.date(2026, 11, 27)), case_id)
    assert [d.form_key for d in drafts.mine(ctx)] == [drafts.case_key(other, "note")]
    with pytest.raises(ValidationError, match="vernietigd"):
        drafts.keep(ctx, drafts.case_key(case_id, "note"), "Notitie", {"text": SECRET},
                    case_id=case_id)
    with pytest.raises(pw.IntegrityError, match="vernietigd"):  # the database's own guard
        Draft.create(adviser=ctx.actor.id, form_key="x", case=case_id, texts="{}")
    assert Case.get_by_id(case_id).purged_at is not None


def test_a_purged_draft_leaves_no_text_in_any_page_or_the_wal(ctx: Context, demo_store) -> None:
    """The bytes, not only the rows: decrypted pages of the database and the WAL."""
    case_id = rich_case(ctx)
    for form in ("note", "conversation"):
        drafts.keep(ctx, drafts.case_key(case_id, form), "Concept", {"text": SECRET + form},
                    case_id=case_id)
    key, wal = demo_store.key, Path(str(demo_store.path) + "-wal")
    needle = SECRET.encode("utf-8")
    assert needle in database_plaintext(demo_store.path, key) + wal_plaintext(wal, key)
    retention.purge(dataclasses.replace(ctx, today=dt.date(2026, 11, 27)), case_id)
    assert needle not in database_plaintext(demo_store.path, key) + wal_plaintext(wal, key)


def test_the_audit_trail_records_create_and_delete_by_id_only(ctx: Context) -> None:
    before = AuditEvent.select().count()
    for text in ("a", "ab", SECRET):
        drafts.keep(ctx, drafts.INTAKE_KEY, "Nieuwe melding", {"conversation_notes": text})
    drafts.discard(ctx, drafts.INTAKE_KEY)
    events = list(AuditEvent.select().order_by(AuditEvent.id).offset(before))
    assert [(e.action, e.object_type) for e in events] == [
        ("draft.create", "draft"), ("draft.delete", "draft")]
    assert all(SECRET not in f"{e.object_id}{e.action}" for e in events)


def test_nothing_but_texts_and_not_too_much(ctx: Context) -> None:
    with pytest.raises(ValidationError):
        drafts.keep(ctx, drafts.INTAKE_KEY, "x", {"text": 3})  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="te lang"):
        drafts.keep(ctx, drafts.INTAKE_KEY, "x", {"text": "a" * (drafts.MAX_TEXT + 1)})
    drafts.keep(ctx, drafts.INTAKE_KEY, "x", {"text": "half \ud800 surrogaat"})
    assert drafts.read(ctx, drafts.INTAKE_KEY).texts == {"text": "half \ud800 surrogaat"}


def test_keys_name_the_form_they_rebuild() -> None:
    assert drafts.parse_key(drafts.case_key(12, "conversation")) == drafts.FormRef(
        "case", 12, "conversation")
    assert drafts.parse_key(drafts.report_key(3, 2025)) == drafts.FormRef("report", 3, year=2025)
    assert drafts.parse_key(drafts.INTAKE_KEY) == drafts.FormRef("intake")
    assert drafts.parse_key("case:x:note") is None and drafts.parse_key("iets") is None


def test_version_7_adds_the_drafts_and_their_purge_guards(store) -> None:
    assert migrations.SCHEMA_VERSION >= 7
    store.db.execute_sql("DROP TABLE draft")  # triggers go with their table
    Meta.replace(key="schema_version", value="6").execute()
    store.close()
    again = vault.open_store(store.path)
    assert "draft" in again.db.get_tables()
    triggers = {name for (name,) in again.db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"draft_purged_insert", "draft_purged_update"} <= triggers
    assert set(audit.REQUIRED_TRIGGERS) <= triggers
    assert Meta.get(Meta.key == "schema_version").value == str(migrations.SCHEMA_VERSION)
    again.close()


def test_audit_verify_names_a_missing_draft_guard(ctx: Context) -> None:
    assert audit.verify().ok
    database.execute_sql("DROP TRIGGER draft_purged_update")
    report = audit.verify()
    assert not report.ok and "draft_purged_update" in report.reason
