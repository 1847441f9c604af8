"""Retention: destroying a case's personal content once its term has passed, keeping the
anonymous skeleton that the yearly figures count.

The term is years after the case was closed: the organisation's `retention_years`, else the
agency default in the `meta` table (RETENTION_KEY, DEFAULT_YEARS when never set). A case is due
on `closed_on + years` (29 February falls back to 28 February). The owner purges it; once the
owner has left the agency, a coordinator does (may_purge).

A purge deletes the melder's code, contact details, department and date of leaving, every
timeline text and all earlier versions of it (referral notes are timeline texts), the
descriptions of follow-ups, and every adviser's crash drafts of the case (services/drafts.py).
It keeps what the yearly figures read (vp_tui.services.reporting):
dates, type, categories, relation, melder role, channel, status, outcome, the number of
conversations and minutes, the timeline's structure (kinds, dates, durations, steps) and the
referral destinations. `secure_delete` makes SQLite overwrite the freed bytes with zeros; a WAL
checkpoint with TRUNCATE afterwards moves the new pages into the database file and empties the
WAL, so no old page image with the text survives there either. The audit event names the case
id only.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from vp_tui.errors import AccessDenied, ValidationError
from vp_tui.i18n import _
from vp_tui.models import (
    Adviser,
    Case,
    Draft,
    FollowUp,
    Meta,
    Organisation,
    TimelineEntry,
    TimelineRevision,
    database,
    utcnow,
)
from vp_tui.models.enums import CLOSED
from vp_tui.services import audit
from vp_tui.services.access import require_admin, require_case_owner, require_coordinator
from vp_tui.services.context import Context
from vp_tui.services.organisations import MAX_RETENTION_YEARS
from vp_tui.services.writes import transaction

RETENTION_KEY = "retention_years_default"
#: Two years after closing: the case has then been counted in the annual report of its year
#: and discussed in the following jaargesprek.
DEFAULT_YEARS = 2

#: What a purge empties, per model: the melder's personal data and all free text. A test
#: (tests/services/test_retention.py) fails when a text column is added to these models
#: without deciding here whether it is personal content or part of the skeleton.
PURGED_FIELDS: dict[type, dict[str, object]] = {
    Case: {"melder_code": "", "melder_contact": "", "department": "",
           "left_employment_on": None},
    TimelineEntry: {"text": ""},
    FollowUp: {"description": ""},
}


def default_years() -> int:
    row = Meta.get_or_none(Meta.key == RETENTION_KEY)
    return int(row.value) if row else DEFAULT_YEARS


def set_default_years(ctx: Context, years: int) -> None:
    """Agency-wide, admin only: the board decides the term, the admin records it."""
    require_admin(ctx)
    if isinstance(years, bool) or not isinstance(years, int) or \
            not 0 <= years <= MAX_RETENTION_YEARS:
        raise ValidationError(_("De bewaartermijn ligt tussen 0 en {n} jaar.").format(
            n=MAX_RETENTION_YEARS), "years")
    with transaction():
        Meta.replace(key=RETENTION_KEY, value=str(years)).execute()
        audit.record(ctx, "setting.retention", "meta", RETENTION_KEY)


def add_years(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


@dataclass(frozen=True)
class DueCase:
    id: int
    code: str
    organisation: str
    owner: str  # initials
    closed_on: dt.date
    years: int
    due_on: dt.date

    def overdue_days(self, today: dt.date) -> int:
        return (today - self.due_on).days


def due_cases(ctx: Context, *, everyone: bool = False, within_days: int = 0) -> list[DueCase]:
    """Closed, not yet purged cases whose term ends on or before today + `within_days`, oldest
    first. The actor's own by default, and for a coordinator also those of advisers who left
    (may_purge); `everyone` (coordinators only) lists every adviser's, which shows codes,
    organisations and dates, never case content."""
    if everyone:
        require_coordinator(ctx)
    default = default_years()
    horizon = ctx.today + dt.timedelta(days=within_days)
    query = (
        Case.select(Case.id, Case.code, Case.closed_on, Organisation.name,
                    Organisation.retention_years, Adviser.initials)
        .join(Organisation, on=(Case.organisation == Organisation.id))
        .switch(Case)
        .join(Adviser, on=(Case.owner == Adviser.id))
        .where(Case.status == CLOSED, Case.closed_on.is_null(False),
               Case.purged_at.is_null())
    )
    if not everyone:
        mine = Case.owner == ctx.actor.id
        if ctx.actor.is_coordinator:
            mine |= Adviser.active == False  # noqa: E712 (peewee expression)
        query = query.where(mine)
    due = []
    for row in query.dicts():
        years = default if row["retention_years"] is None else row["retention_years"]
        due_on = add_years(row["closed_on"], years)
        if due_on <= horizon:
            due.append(DueCase(row["id"], row["code"], row["name"], row["initials"],
                               row["closed_on"], years, due_on))
    return sorted(due, key=lambda d: (d.due_on, d.code))


@dataclass(frozen=True)
class PurgeResult:
    case_id: int
    code: str
    #: False when another session kept the WAL busy; its old pages are then overwritten at the
    #: next checkpoint (SQLite's automatic one, or the next purge).
    checkpointed: bool


def purge(ctx: Context, case_id: int) -> PurgeResult:
    """Destroy the personal content of one closed case of the actor (see the module doc).

    The same path serves the retention term and a melder's request for erasure."""
    case = _require_purger(ctx, case_id)
    if case.purged_at is not None:
        raise ValidationError(_("Melding {code} is al vernietigd.").format(code=case.code))
    if case.status != CLOSED:
        raise ValidationError(_("Melding {code} is nog niet afgesloten; sluit haar eerst af "
                                "met een uitkomst.").format(code=case.code), "status")
    entries = TimelineEntry.select(TimelineEntry.id).where(TimelineEntry.case == case.id)
    with transaction():
        TimelineRevision.delete().where(TimelineRevision.entry.in_(entries)).execute()
        # Crash drafts typed for this case, whoever's: nothing typed about it survives.
        Draft.delete().where(Draft.case == case.id).execute()
        for model, blank in PURGED_FIELDS.items():
            owner_column = model.id if model is Case else model.case
            model.update(**blank).where(owner_column == case.id).execute()
        Case.update(purged_at=utcnow(), version=Case.version + 1, updated_at=utcnow(),
                    updated_by=ctx.actor.initials).where(Case.id == case.id).execute()
        audit.record(ctx, "case.purge", "case", case.id)
    return PurgeResult(case.id, case.code, checkpoint())


def may_purge(ctx: Context, owner: Adviser) -> bool:
    """Who destroys a closed case when its term has passed: its owner, and once the owner has
    left the agency (an inactive account, services/offboarding.py) a coordinator, so that a
    leaver's cases still meet the term. A purge shows no content, so need-to-know holds."""
    return owner.id == ctx.actor.id or (not owner.active and ctx.actor.is_coordinator)


def _require_purger(ctx: Context, case_id: int) -> Case:
    case = Case.get_or_none(Case.id == case_id)
    if case is None or case.owner.active or case.owner_id == ctx.actor.id:
        return require_case_owner(ctx, case_id)
    if not may_purge(ctx, case.owner):
        audit.record(ctx, "case.denied", "case", case_id)
        raise AccessDenied(_("Alleen de eigenaar, of na diens vertrek een coördinator, kan "
                             "deze melding vernietigen."))
    audit.record(ctx, "case.owner-check", "case", case_id)
    return case


def checkpoint() -> bool:
    """Copy the WAL into the database file and truncate it; True when nothing blocked it."""
    busy, _log, _done = database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0

