"""Schema versions and forward migrations.

The version lives in the `meta` table (not PRAGMA user_version, which sqlcipher_export does not
copy into backups). Each migration runs in its own transaction; a database newer than this code
is refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee as pw

from vp_tui.errors import StoreError
from vp_tui.i18n import _
from vp_tui.models import (
    ALL_MODELS,
    AdviserContact,
    AgencyProfile,
    Case,
    CaseTransfer,
    Draft,
    FollowUp,
    Meta,
    Offboarding,
    Organisation,
    ReportDraft,
    TimelineEntry,
)
from vp_tui.models.cases import (
    CONVERSATION_TRIGGERS,
    PURGE_GUARD_TRIGGERS,
    last_conversation_update,
)
from vp_tui.models.drafts import DRAFT_PURGE_GUARD_TRIGGERS
from vp_tui.models.organisations import name_key


def _initial(db: pw.Database) -> None:
    db.create_tables(ALL_MODELS)
    for op in ("UPDATE", "DELETE"):
        db.execute_sql(
            f"CREATE TRIGGER audit_event_no_{op.lower()} BEFORE {op} ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END"
        )


def _owner_index_with_status(db: pw.Database) -> None:
    """Case lookups by owner use the (owner, status, opened_on) index alone. With a second
    index on owner only, SQLite chooses that one and reads every case an adviser ever owned to
    find the open ones, decrypting every page of them at the busiest adviser's start."""
    db.execute_sql('DROP INDEX IF EXISTS "case_owner_id"')


def _covering_dashboard_indexes(db: pw.Database) -> None:
    """The dashboard's follow-ups and last conversations read their indexes alone (a column
    added at the end of each); before, at the busiest adviser's start, they decrypted a page
    of cases or entries for most rows they looked at."""
    db.execute_sql('DROP INDEX IF EXISTS "timeline_entry_case_id_occurred_on"')
    db.execute_sql('DROP INDEX IF EXISTS "follow_up_done_on_due_on"')
    db.create_tables([TimelineEntry, FollowUp], safe=True)


def _last_conversation_on_case(db: pw.Database) -> None:
    """Each case carries the date of its last conversation, kept by triggers on the timeline:
    the dashboard read it with one index seek per open case (164 pages at the busiest
    adviser's start). A new database has the column from its first version already."""
    if "last_conversation_on" not in {c.name for c in db.get_columns(Case._meta.table_name)}:
        db.execute_sql('ALTER TABLE "case" ADD COLUMN "last_conversation_on" DATE')
    db.execute_sql(last_conversation_update('SELECT id FROM "case"'))
    for trigger in CONVERSATION_TRIGGERS:
        db.execute_sql(trigger)


def _purge_guards(db: pw.Database) -> None:
    """Personal text can never be written to a purged case, by any writer: the check runs
    inside the writing transaction, so a save racing a purge cannot land after it."""
    for trigger in PURGE_GUARD_TRIGGERS.values():
        db.execute_sql(trigger)


def _organisation_name_key(db: pw.Database) -> None:
    """Organisations are found by their casefolded name through an index: finding one by a
    scan of every name made an import of n organisations take n² steps."""
    table = Organisation._meta.table_name
    if "name_key" not in {c.name for c in db.get_columns(table)}:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "name_key" VARCHAR(200)')
    for org_id, name in db.execute_sql(f'SELECT id, name FROM "{table}"').fetchall():
        db.execute_sql(f'UPDATE "{table}" SET name_key = ? WHERE id = ?',
                       (name_key(name), org_id))
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "organisation_name_key" ON "{table}" '
                   '("name_key")')


def _drafts(db: pw.Database) -> None:
    """Crash drafts of open forms (models/drafts.py), with the purge guards that keep a
    purged case's text out of them. A new database has the table from its first version."""
    db.create_tables([Draft], safe=True)
    for trigger in DRAFT_PURGE_GUARD_TRIGGERS.values():
        db.execute_sql(trigger)


def _agency_and_final_reports(db: pw.Database) -> None:
    """The agency profile and its advisers' contact details (the sender of a report), and
    who marked a report final and when. A new database has them from its first version."""
    db.create_tables([AgencyProfile, AdviserContact], safe=True)
    table = ReportDraft._meta.table_name
    columns = {c.name for c in db.get_columns(table)}
    if "final_at" not in columns:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "final_at" DATETIME')
    if "final_by" not in columns:
        db.execute_sql(
            f'ALTER TABLE "{table}" ADD COLUMN "final_by" VARCHAR(16) NOT NULL DEFAULT \'\'')


def _client_days_off(db: pw.Database) -> None:
    """A client's days off beyond the agency's calendar (services.calendars). A new database
    has the column from its first version."""
    table = Organisation._meta.table_name
    if "days_off" not in {c.name for c in db.get_columns(table)}:
        db.execute_sql(
            f'ALTER TABLE "{table}" ADD COLUMN "days_off" VARCHAR(64) NOT NULL DEFAULT \'\'')


def _offboarding(db: pw.Database) -> None:
    """The leaving procedure's recorded plan and the cases it transfers
    (services/offboarding.py). A new database has the tables from its first version."""
    db.create_tables([Offboarding, CaseTransfer], safe=True)


#: version -> migration that brings the schema from version-1 to version.
MIGRATIONS: dict[int, Callable[[pw.Database], None]] = {
    1: _initial,
    2: _owner_index_with_status,
    3: _covering_dashboard_indexes,
    4: _last_conversation_on_case,
    5: _purge_guards,
    6: _organisation_name_key,
    7: _drafts,
    8: _agency_and_final_reports,
    9: _client_days_off,
    10: _offboarding,
}
SCHEMA_VERSION = max(MIGRATIONS)


def current_version(db: pw.Database) -> int:
    if "meta" not in db.get_tables():
        return 0
    row = Meta.get_or_none(Meta.key == "schema_version")
    if row is None:
        return 0
    try:
        return int(row.value)
    except (TypeError, ValueError):
        raise StoreError(
            _("De schemaversie in de database ({value!r}) is geen getal; de database is "
              "beschadigd of buiten vp-tui gewijzigd. Zet een back-up terug.").format(
                value=row.value)
        ) from None


def check_version(db: pw.Database) -> int:
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise StoreError(
            _("Deze database heeft schemaversie {db}, nieuwer dan dit programma ({code}). "
              "Werk vp-tui bij.").format(db=version, code=SCHEMA_VERSION)
        )
    return version


def migrate(db: pw.Database) -> int:
    """Apply every pending migration; returns the version reached."""
    version = check_version(db)
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            MIGRATIONS[target](db)
            Meta.replace(key="schema_version", value=str(target)).execute()
    return SCHEMA_VERSION
