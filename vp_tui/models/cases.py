"""Cases (meldingen) and their timeline.

Long text lives in the timeline, never in `case`, so that list queries stay narrow.
"""

from __future__ import annotations

import peewee as pw

from vp_tui.models.base import BaseModel, VersionedModel, utcnow
from vp_tui.models.organisations import Organisation
from vp_tui.models.people import Adviser


class Case(VersionedModel):
    code = pw.CharField(max_length=32, unique=True)
    organisation = pw.ForeignKeyField(Organisation, backref="cases", on_delete="RESTRICT")
    #: Indexed by (owner, status, opened_on) below, not on its own (store/migrations.py, 2).
    owner = pw.ForeignKeyField(Adviser, backref="cases", on_delete="RESTRICT", index=False)
    opened_on = pw.DateField()
    closed_on = pw.DateField(null=True)
    channel = pw.CharField(max_length=16)  # CHANNELS
    case_type = pw.CharField(max_length=16)  # CASE_TYPES
    melder_code = pw.CharField(max_length=64, default="")
    melder_contact = pw.TextField(default="")
    melder_role = pw.CharField(max_length=16, default="")  # MELDER_ROLES
    #: For an ex-employee: when they left (the profile allows reports up to one year after).
    left_employment_on = pw.DateField(null=True)
    relation = pw.CharField(max_length=16, default="")  # RELATIONS
    department = pw.CharField(max_length=120, default="")
    status = pw.CharField(max_length=16, default="intake")  # STATUSES
    outcome = pw.CharField(max_length=16, default="")  # OUTCOMES
    #: The melder's explicit consent to record special-category data and to share, if given.
    consent_recorded = pw.BooleanField(default=False)
    consent_on = pw.DateField(null=True)
    #: Whistleblower act dates (integrity reports).
    receipt_confirmed_on = pw.DateField(null=True)
    feedback_given_on = pw.DateField(null=True)
    #: Anonymous skeleton kept after purge, so yearly figures stay complete.
    conversation_count = pw.IntegerField(default=0)
    minutes_spent = pw.IntegerField(default=0)
    purged_at = pw.DateTimeField(null=True)
    import_key = pw.CharField(max_length=64, null=True, unique=True)
    #: The date of the last conversation (a 'gesprek' entry), kept by the database itself
    #: (CONVERSATION_TRIGGERS below) and never written by code: the dashboard needs it for
    #: every open case, and reading it from the timeline was an index seek per case.
    last_conversation_on = pw.DateField(null=True)

    class Meta:
        indexes = (
            (("owner", "status", "opened_on"), False),
            (("organisation", "opened_on"), False),
            (("status", "opened_on"), False),
            (("opened_on",), False),
        )

    def save(self, force_insert: bool = False, only=None) -> int:  # noqa: ANN001 - peewee's
        """Never writes `last_conversation_on`: a case object read before a conversation was
        added would otherwise put back the date it was read with."""
        if only is None:
            only = [f for f in self._meta.sorted_fields if f is not Case.last_conversation_on]
        return super().save(force_insert=force_insert, only=only)


#: A code's year and number, so the next number is one index seek (services.cases.codes.next_code):
#: as text, '2025-9999' sorts after '2025-10000'. The query must repeat these expressions.
CODE_YEAR = "substr(code, 1, 4)"
CODE_NUMBER = "CAST(substr(code, 6) AS INTEGER)"
Case.add_index(pw.SQL(
    f'CREATE INDEX IF NOT EXISTS "case_code_year_number" ON "case" ({CODE_YEAR}, {CODE_NUMBER})'
))


def last_conversation_update(cases: str) -> str:
    """SQL that sets `last_conversation_on` of the cases whose ids `cases` gives (SQL) from
    the timeline: what the triggers below run, and what migration 4 ran for every case."""
    return ('UPDATE "case" SET last_conversation_on = (SELECT MAX(occurred_on) FROM '
            "timeline_entry WHERE case_id = \"case\".id AND kind = 'gesprek') "
            f"WHERE id IN ({cases})")


#: Whenever one of a case's conversations is added, changed or removed, by any writer
#: (services, imports, SQL by hand), its last conversation is computed again.
CONVERSATION_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS timeline_entry_conversation_added AFTER INSERT ON "
    "timeline_entry WHEN NEW.kind = 'gesprek' BEGIN "
    + last_conversation_update("NEW.case_id") + "; END",
    "CREATE TRIGGER IF NOT EXISTS timeline_entry_conversation_changed AFTER UPDATE OF "
    "case_id, kind, occurred_on ON timeline_entry "
    "WHEN OLD.kind = 'gesprek' OR NEW.kind = 'gesprek' BEGIN "
    + last_conversation_update("OLD.case_id, NEW.case_id") + "; END",
    "CREATE TRIGGER IF NOT EXISTS timeline_entry_conversation_removed AFTER DELETE ON "
    "timeline_entry WHEN OLD.kind = 'gesprek' BEGIN "
    + last_conversation_update("OLD.case_id") + "; END",
)


#: What the purge guards below abort with; services turn it into a one-line refusal.
PURGED_REFUSAL = "vp-tui: melding vernietigd"


def _purged(case_id: str) -> str:
    return f'(SELECT purged_at FROM "case" WHERE id = {case_id}) IS NOT NULL'


def _refuse(name: str, event: str, when: str) -> tuple[str, str]:
    return name, (f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} WHEN {when} "
                  f"BEGIN SELECT RAISE(ABORT, '{PURGED_REFUSAL}'); END")


#: No writer (services, imports, SQL by hand) can put personal text on a purged case: a save
#: that checked the case before a purge committed is aborted inside its own transaction.
#: Together with retention.PURGED_FIELDS these name every personal column. Name -> SQL.
PURGE_GUARD_TRIGGERS = dict((
    _refuse("timeline_entry_text_purged_insert", "INSERT ON timeline_entry",
            f"NEW.text != '' AND {_purged('NEW.case_id')}"),
    _refuse("timeline_entry_text_purged_update", "UPDATE OF text, case_id ON timeline_entry",
            f"NEW.text != '' AND {_purged('NEW.case_id')}"),
    _refuse("timeline_revision_purged_insert", "INSERT ON timeline_revision",
            _purged("(SELECT case_id FROM timeline_entry WHERE id = NEW.entry_id)")),
    _refuse("follow_up_text_purged_insert", "INSERT ON follow_up",
            f"NEW.description != '' AND {_purged('NEW.case_id')}"),
    _refuse("follow_up_text_purged_update", "UPDATE OF description, case_id ON follow_up",
            f"NEW.description != '' AND {_purged('NEW.case_id')}"),
    _refuse("case_personal_purged_update",
            'UPDATE OF melder_code, melder_contact, department, left_employment_on ON "case"',
            "OLD.purged_at IS NOT NULL AND (NEW.melder_code != '' OR NEW.melder_contact != '' "
            "OR NEW.department != '' OR NEW.left_employment_on IS NOT NULL)"),
))


class CaseCategory(BaseModel):
    case = pw.ForeignKeyField(Case, backref="category_rows", on_delete="CASCADE")
    category = pw.CharField(max_length=32)  # CATEGORIES

    class Meta:
        indexes = ((("case", "category"), True), (("category",), False))


class TimelineEntry(VersionedModel):
    case = pw.ForeignKeyField(Case, backref="entries", on_delete="CASCADE")
    kind = pw.CharField(max_length=16)  # ENTRY_KINDS
    occurred_on = pw.DateField()
    minutes = pw.IntegerField(default=0)
    mode = pw.CharField(max_length=16, default="")  # CONVERSATION_MODES
    step = pw.CharField(max_length=32, default="")  # STEPS
    consent = pw.BooleanField(default=False)
    #: For kind 'status': the status the case moved to, and the outcome when it closed.
    status = pw.CharField(max_length=16, default="")  # STATUSES
    outcome = pw.CharField(max_length=16, default="")  # OUTCOMES
    text = pw.TextField(default="")
    author = pw.ForeignKeyField(Adviser, backref="+", on_delete="RESTRICT")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        # `kind` last: the dashboard's last conversation per case (MAX(occurred_on) of its
        # 'gesprek' entries) reads the index alone, not every entry's row with its text.
        indexes = ((("case", "occurred_on", "kind"), False),)


class TimelineRevision(BaseModel):
    """The text an entry had before an edit: corrections never destroy history."""

    entry = pw.ForeignKeyField(TimelineEntry, backref="revisions", on_delete="CASCADE")
    version = pw.IntegerField()
    text = pw.TextField()
    changed_by = pw.CharField(max_length=16)
    changed_at = pw.DateTimeField(default=utcnow)


class Referral(VersionedModel):
    """The structured record of a referral (what reports count). Its note is the text of the
    linked timeline entry (kind 'verwijzing'), so it is edited with history like any entry."""

    case = pw.ForeignKeyField(Case, backref="referrals", on_delete="CASCADE")
    entry = pw.ForeignKeyField(TimelineEntry, backref="referral_rows", null=True, unique=True,
                               on_delete="CASCADE")
    destination = pw.CharField(max_length=32)  # REFERRAL_DESTINATIONS
    referred_on = pw.DateField()
    consent = pw.BooleanField(default=False)
    author = pw.ForeignKeyField(Adviser, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = ((("case", "referred_on"), False),)


class FollowUp(VersionedModel):
    case = pw.ForeignKeyField(Case, backref="followups", on_delete="CASCADE")
    due_on = pw.DateField()
    description = pw.TextField(default="")
    done_on = pw.DateField(null=True)

    class Meta:
        # `case` last: the follow-ups due are matched to the actor's cases from the index alone;
        # only the matches' rows are read.
        indexes = ((("done_on", "due_on", "case"), False), (("case",), False))


class Handover(BaseModel):
    """An existing case made visible to another adviser, with the melder's consent recorded."""

    case = pw.ForeignKeyField(Case, backref="handovers", on_delete="CASCADE")
    from_adviser = pw.ForeignKeyField(Adviser, backref="+", on_delete="RESTRICT")
    to_adviser = pw.ForeignKeyField(Adviser, backref="handovers", on_delete="RESTRICT")
    start = pw.DateField()
    end = pw.DateField(null=True)
    consent = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("to_adviser", "case"), False),)
