"""Client organisations: the list and the file.

Rules kept here:
- Only a coordinator (or admin) creates or changes an organisation and assigns advisers.
- A name is required and unique regardless of case ("Gemeente X" and "gemeente x" clash);
  a contract ends after it starts; contract hours and staff size are not negative; the
  anonymity threshold is at least 3; retention is 0..30 years or the agency default.
- One adviser per role (vaste VP, tweede VP) at a time, never an adviser with a recorded
  conflict of interest, never the same adviser twice in overlapping periods.
- Checklist rows and activities may be kept by anyone who may see the file. The checklist
  always lists every CHECKLIST item; an item never recorded shows as 'onbekend' (version 0).
- Hours used this year = minutes of the organisation's cases opened this year plus the
  minutes of this year's activities, against the contract hours per year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import peewee as pw

from vp_tui.errors import ConflictError, NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import (
    Activity,
    Adviser,
    Case,
    ChecklistItem,
    Engagement,
    Organisation,
)
from vp_tui.models.enums import (
    ACTIVITY_KINDS,
    CHECKLIST,
    CHECKLIST_STATUSES,
    CLOSED,
    ENGAGEMENT_ROLES,
    VP_TYPES,
)
from vp_tui.models.organisations import name_key
from vp_tui.services import audit
from vp_tui.services.access import organisation_filter, require_coordinator, require_organisation
from vp_tui.services.advisers import handles_cases
from vp_tui.services.calendars import check_days_off, days_off_keys, store_days_off
from vp_tui.services.conflicts import has_conflict
from vp_tui.services.context import Context
from vp_tui.services.hours import minutes_as_hours, shown_hours
from vp_tui.services.validation import (
    SHORT_TEXT_MAX,
    FieldIssue,
    check_date,
    check_minutes,
    check_text,
    parse_choice,
    present,
    raise_first,
)
from vp_tui.services.writes import stale, transaction, update_versioned


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    name: str
    sector: str
    staff_size: int | None
    vaste_vp: str
    open_cases: int


def list_organisations(ctx: Context, search: str = "", limit: int | None = None
                       ) -> list[OrganisationRow]:
    """Organisations the actor may see, name-matched on `search`, with their vaste VP and the
    number of open cases (counts only: no case content)."""
    open_cases = (
        Case.select(Case.organisation, pw.fn.COUNT(Case.id).alias("n"))
        .where(Case.status != CLOSED)
        .group_by(Case.organisation)
        .alias("oc")
    )
    vaste = (
        Engagement.select(Engagement.organisation, pw.fn.MIN(Adviser.initials).alias("vp"))
        .join(Adviser)
        .where(
            Engagement.role == "vaste_vp",
            (Engagement.end.is_null()) | (Engagement.end >= ctx.today),
            Engagement.start <= ctx.today,
        )
        .group_by(Engagement.organisation)
        .alias("vv")
    )
    query = (
        Organisation.select(
            Organisation.id,
            Organisation.name,
            Organisation.sector,
            Organisation.staff_size,
            pw.fn.COALESCE(vaste.c.vp, "").alias("vp"),
            pw.fn.COALESCE(open_cases.c.n, 0).alias("n"),
        )
        .join(open_cases, pw.JOIN.LEFT_OUTER, on=(open_cases.c.organisation_id == Organisation.id))
        .join(vaste, pw.JOIN.LEFT_OUTER, on=(vaste.c.organisation_id == Organisation.id))
        .where(organisation_filter(ctx))
        .order_by(Organisation.name)
    )
    if search.strip():
        query = query.where(Organisation.name.contains(search.strip()))
    if limit:
        query = query.limit(limit)
    return [
        OrganisationRow(r["id"], r["name"], r["sector"], r["staff_size"], r["vp"], r["n"])
        for r in query.dicts()
    ]


# --- the organisation form ------------------------------------------------------------------

NAME_MAX = 200
SECTOR_MAX = 120
MIN_ANONYMITY_K = 3
MAX_RETENTION_YEARS = 30
#: A day's work; activities longer than that are recorded per day.
ACTIVITY_MINUTES_MAX = 24 * 60


@dataclass
class OrganisationForm:
    name: str
    sector: str = ""
    staff_size: int | None = None
    contract_start: dt.date | None = None
    contract_end: dt.date | None = None
    contract_hours: float | int | Decimal | str = 0
    vp_types: str = "beide"
    requires_mixed_gender: bool = False
    retention_years: int | None = None
    anonymity_k: int = 5
    board_contact: str = ""
    active: bool = True
    #: DAYS_OFF keys: the days the client is closed beyond the agency's calendar.
    days_off: tuple[str, ...] = ()


def _whole(field: str, value: object, low: int, high: int | None, message: str
           ) -> FieldIssue | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return FieldIssue(field, _("Vul een heel getal in."))
    if value < low or (high is not None and value > high):
        return FieldIssue(field, message)
    return None


def _hours(value: object) -> tuple[Decimal, FieldIssue | None]:
    try:
        hours = Decimal(str(value).strip().replace(",", ".") or "0")
    except InvalidOperation:
        return Decimal(0), FieldIssue("contract_hours", _("Vul een aantal uren in."))
    if not hours.is_finite() or hours < 0 or hours >= 100_000:
        return Decimal(0), FieldIssue("contract_hours",
                                      _("Het aantal uren is 0 of meer (per jaar)."))
    return hours.quantize(Decimal("0.01")), None


def _name_taken(name: str, except_id: int | None) -> bool:
    """Case-insensitive (Unicode casefold, so 'É' and 'é' clash too) among all organisations:
    one index seek on the stored key (models/organisations.name_key)."""
    query = Organisation.select(Organisation.id).where(Organisation.name_key == name_key(name))
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    return query.exists()


def _check_form(form: OrganisationForm, org_id: int | None
                ) -> tuple[str, Decimal, list[FieldIssue]]:
    vp_types, vp_issue = parse_choice("vp_types", form.vp_types, VP_TYPES)
    hours, hours_issue = _hours(form.contract_hours)
    issues = present(
        check_text("name", form.name, required=True, limit=NAME_MAX),
        check_text("sector", form.sector, limit=SECTOR_MAX),
        None if form.staff_size is None else _whole(
            "staff_size", form.staff_size, 0, None, _("Het aantal medewerkers is 0 of meer.")),
        check_date("contract_start", form.contract_start, None, required=False),
        check_date("contract_end", form.contract_end, None, required=False),
        hours_issue,
        vp_issue,
        None if form.retention_years is None else _whole(
            "retention_years", form.retention_years, 0, MAX_RETENTION_YEARS,
            _("De bewaartermijn ligt tussen 0 en {n} jaar.").format(n=MAX_RETENTION_YEARS)),
        _whole("anonymity_k", form.anonymity_k, MIN_ANONYMITY_K, None,
               _("De anonimiteitsdrempel is ten minste {k}.").format(k=MIN_ANONYMITY_K)),
        check_text("board_contact", form.board_contact, limit=NAME_MAX),
        check_days_off("days_off", form.days_off),
    )
    if isinstance(form.name, str) and form.name.strip() and _name_taken(form.name, org_id):
        issues.append(FieldIssue("name", _("Er bestaat al een organisatie met deze naam.")))
    start, end = form.contract_start, form.contract_end
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end <= start:
        issues.append(FieldIssue("contract_end",
                                 _("Het contract eindigt na de begindatum.")))
    return vp_types, hours, issues


def validate_organisation(ctx: Context, form: OrganisationForm, org_id: int | None = None
                          ) -> list[FieldIssue]:
    """Every problem of the form, each naming its field (form attribute name)."""
    return _check_form(form, org_id)[2]


def _columns(form: OrganisationForm, vp_types: str, hours: Decimal) -> dict:
    return dict(
        name=form.name.strip(), name_key=name_key(form.name), sector=form.sector.strip(),
        staff_size=form.staff_size,
        contract_start=form.contract_start, contract_end=form.contract_end,
        contract_hours=hours, vp_types=vp_types,
        requires_mixed_gender=bool(form.requires_mixed_gender),
        retention_years=form.retention_years, anonymity_k=form.anonymity_k,
        board_contact=form.board_contact.strip(), active=bool(form.active),
        days_off=store_days_off(form.days_off),
    )


def organisation_columns(form: OrganisationForm) -> dict:
    """The stored columns of a new organisation's form, which the form and the import share;
    raises ValidationError naming the first problem."""
    vp_types, hours, issues = _check_form(form, None)
    raise_first(issues)
    return _columns(form, vp_types, hours)


def create_organisation(ctx: Context, form: OrganisationForm) -> int:
    require_coordinator(ctx)
    columns = organisation_columns(form)
    with transaction():
        org = Organisation.create(updated_by=ctx.actor.initials, **columns)
        audit.record(ctx, "organisation.create", "organisation", org.id)
    return org.id


def update_organisation(ctx: Context, org_id: int, version: int, form: OrganisationForm) -> int:
    """Returns the new version; ConflictError when someone saved in between."""
    require_coordinator(ctx)
    require_organisation(ctx, org_id)
    vp_types, hours, issues = _check_form(form, org_id)
    raise_first(issues)
    return update_versioned(ctx, Organisation, org_id, version, "organisation.update",
                            **_columns(form, vp_types, hours))


# --- the file -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngagementRow:
    id: int
    adviser_id: int
    adviser: str
    initials: str
    role: str  # ENGAGEMENT_ROLES
    start: dt.date
    end: dt.date | None
    version: int
    current: bool


@dataclass(frozen=True)
class ChecklistRow:
    item: str  # CHECKLIST
    status: str  # CHECKLIST_STATUSES
    note: str
    version: int  # 0: never recorded


@dataclass(frozen=True)
class ActivityRow:
    id: int
    kind: str  # ACTIVITY_KINDS
    date: dt.date
    minutes: int
    description: str
    adviser: str
    version: int


@dataclass(frozen=True)
class HoursUsed:
    """Hours of one year against the contract, as they are shown (vp_tui.services.hours).
    Each part is rounded once, from its own minutes; the total is the sum of the rounded parts
    and the remainder the rounded contract minus that total, so figures shown side by side
    add up."""

    year: int
    contract_hours: Decimal
    case_hours: Decimal
    activity_hours: Decimal

    @classmethod
    def of(cls, year: int, contract_hours: float | Decimal, case_minutes: int,
           activity_minutes: int) -> HoursUsed:
        return cls(year, shown_hours(contract_hours), minutes_as_hours(case_minutes),
                   minutes_as_hours(activity_minutes))

    @property
    def total(self) -> Decimal:
        return self.case_hours + self.activity_hours

    @property
    def remaining(self) -> Decimal:
        return self.contract_hours - self.total


@dataclass(frozen=True)
class OrganisationDetail:
    id: int
    version: int
    name: str
    sector: str
    staff_size: int | None
    contract_start: dt.date | None
    contract_end: dt.date | None
    contract_hours: float
    vp_types: str
    requires_mixed_gender: bool
    retention_years: int | None
    anonymity_k: int
    board_contact: str
    active: bool
    days_off: tuple[str, ...]  # DAYS_OFF keys
    engagements: list[EngagementRow]
    checklist: list[ChecklistRow]
    activities: list[ActivityRow]
    hours_used: HoursUsed


def _engagements(ctx: Context, org_id: int) -> list[EngagementRow]:
    query = (
        Engagement.select(Engagement, Adviser)
        .join(Adviser)
        .where(Engagement.organisation == org_id)
        .order_by(Engagement.role.desc(), Engagement.start.desc())
    )
    return [
        EngagementRow(e.id, e.adviser.id, e.adviser.name, e.adviser.initials, e.role, e.start,
                      e.end, e.version,
                      e.start <= ctx.today and (e.end is None or e.end >= ctx.today))
        for e in query
    ]


def checklist(org_id: int) -> list[ChecklistRow]:
    """Every CHECKLIST item in its fixed order; unrecorded ones as 'onbekend', version 0."""
    stored = {c.item: c for c in ChecklistItem.select().where(
        ChecklistItem.organisation == org_id)}
    rows = []
    for choice in CHECKLIST:
        row = stored.get(choice.key)
        rows.append(ChecklistRow(choice.key, row.status, row.note, row.version) if row
                    else ChecklistRow(choice.key, "onbekend", "", 0))
    return rows


def _activities(org_id: int) -> list[ActivityRow]:
    query = (
        Activity.select(Activity, Adviser.initials)
        .join(Adviser)
        .where(Activity.organisation == org_id)
        .order_by(Activity.date.desc(), Activity.id.desc())
    )
    return [ActivityRow(a.id, a.kind, a.date, a.minutes, a.description, a.adviser.initials,
                        a.version) for a in query]


def hours_used(org_id: int, year: int) -> HoursUsed:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    case_minutes = (
        Case.select(pw.fn.COALESCE(pw.fn.SUM(Case.minutes_spent), 0))
        .where(Case.organisation == org_id, Case.opened_on.between(first, last))
        .scalar()
    )
    activity_minutes = (
        Activity.select(pw.fn.COALESCE(pw.fn.SUM(Activity.minutes), 0))
        .where(Activity.organisation == org_id, Activity.date.between(first, last))
        .scalar()
    )
    contract = Organisation.get_by_id(org_id).contract_hours
    return HoursUsed.of(year, contract, case_minutes, activity_minutes)


def get_organisation(ctx: Context, org_id: int) -> OrganisationDetail:
    """The organisation's file for someone who may see it (coordinators, its advisers)."""
    org = require_organisation(ctx, org_id)
    return OrganisationDetail(
        id=org.id, version=org.version, name=org.name, sector=org.sector,
        staff_size=org.staff_size, contract_start=org.contract_start,
        contract_end=org.contract_end, contract_hours=float(org.contract_hours),
        vp_types=org.vp_types, requires_mixed_gender=org.requires_mixed_gender,
        retention_years=org.retention_years, anonymity_k=org.anonymity_k,
        board_contact=org.board_contact, active=org.active,
        days_off=days_off_keys(org.days_off),
        engagements=_engagements(ctx, org.id), checklist=checklist(org.id),
        activities=_activities(org.id), hours_used=hours_used(org.id, ctx.today.year),
    )


# --- advisers, checklist, activities --------------------------------------------------------


def _overlaps(start: dt.date, end: dt.date | None) -> pw.Expression:
    """Engagements whose period shares a day with [start, end] (open ends run forever)."""
    clause = (Engagement.end.is_null()) | (Engagement.end >= start)
    if end is not None:
        clause &= Engagement.start <= end
    return clause


def periods_overlap(start: dt.date, end: dt.date | None, other_start: dt.date,
                    other_end: dt.date | None) -> bool:
    """Whether two periods share a day (an open end runs forever), as `_overlaps` asks it."""
    return ((other_end is None or other_end >= start)
            and (end is None or other_start <= end))


def engagement_columns(ctx: Context, org_id: int, adviser_id: int, role: str,
                       start: dt.date, end: dt.date | None = None) -> dict:
    """The stored columns of a new engagement, which the form and the import share; raises on
    the first problem. How it fits the organisation's other engagements is
    `refuse_engagement_overlap`'s question."""
    require_coordinator(ctx)
    require_organisation(ctx, org_id)
    role_key, role_issue = parse_choice("role", role, ENGAGEMENT_ROLES)
    raise_first(present(
        role_issue,
        check_date("start", start, None),
        check_date("end", end, None, required=False, not_before=start,
                   not_before_what=_("de begindatum")) if isinstance(start, dt.date) else None,
    ))
    adviser = Adviser.get_or_none(Adviser.id == adviser_id)
    if adviser is None or not handles_cases(adviser):
        raise ValidationError(_("Kies een actieve adviseur."), "adviser_id")
    if has_conflict(adviser_id, org_id):
        raise ValidationError(_("Deze adviseur heeft een belangenconflict bij deze "
                                "organisatie."), "adviser_id")
    return dict(adviser=adviser_id, organisation=org_id, role=role_key, start=start, end=end)


def refuse_engagement_overlap(columns: dict, others: Iterable[Engagement]) -> None:
    """One adviser per role at a time, and never the same adviser twice in overlapping
    periods: `columns` (of `engagement_columns`) against `others`, the organisation's
    engagements (those that cannot overlap may be left out)."""
    start, end = columns["start"], columns["end"]
    overlapping = [e for e in others if periods_overlap(start, end, e.start, e.end)]
    if any(e.adviser_id == columns["adviser"] for e in overlapping):
        raise ValidationError(_("Deze adviseur is in die periode al aan deze organisatie "
                                "verbonden."), "adviser_id")
    if any(e.role == columns["role"] for e in overlapping):
        raise ValidationError(
            _("Er is in die periode al een {role}; beëindig die eerst.").format(
                role=ENGAGEMENT_ROLES.label(columns["role"])), "role")


def assign_adviser(ctx: Context, org_id: int, adviser_id: int, role: str, start: dt.date,
                   end: dt.date | None = None) -> int:
    columns = engagement_columns(ctx, org_id, adviser_id, role, start, end)
    with transaction():
        refuse_engagement_overlap(columns, Engagement.select().where(
            Engagement.organisation == org_id, _overlaps(start, end)))
        engagement = Engagement.create(updated_by=ctx.actor.initials, **columns)
        audit.record(ctx, "engagement.create", "engagement", engagement.id)
    return engagement.id


def end_engagement(ctx: Context, engagement_id: int, version: int, end: dt.date) -> int:
    """Close an adviser's engagement on `end`; returns the new version."""
    require_coordinator(ctx)
    engagement = Engagement.get_or_none(Engagement.id == engagement_id)
    if engagement is None:
        raise NotFound(_("Deze koppeling bestaat niet (meer)."))
    raise_first(present(check_date("end", end, None, not_before=engagement.start,
                                   not_before_what=_("de begindatum"))))
    return update_versioned(ctx, Engagement, engagement_id, version, "engagement.end", end=end)


def set_checklist(ctx: Context, org_id: int, item: str, status: str, note: str,
                  version: int) -> int:
    """Record an arrangement's status; `version` 0 for an item never recorded. Returns the
    new version (ConflictError when someone recorded it in between)."""
    require_organisation(ctx, org_id)
    item_key, item_issue = parse_choice("item", item, CHECKLIST)
    status_key, status_issue = parse_choice("status", status, CHECKLIST_STATUSES)
    raise_first(present(item_issue, status_issue,
                        check_text("note", note, limit=SHORT_TEXT_MAX)))
    existing = ChecklistItem.get_or_none(organisation=org_id, item=item_key)
    if existing is not None:
        return update_versioned(ctx, ChecklistItem, existing.id, version, "checklist.set",
                                status=status_key, note=note)
    if version != 0:
        raise ConflictError(_("Deze regeling is intussen verwijderd; herlaad en probeer "
                              "opnieuw."))
    with transaction():
        try:
            row = ChecklistItem.create(organisation=org_id, item=item_key, status=status_key,
                                       note=note, updated_by=ctx.actor.initials)
        except pw.IntegrityError:
            raise stale(ChecklistItem.get(organisation=org_id, item=item_key)) from None
        audit.record(ctx, "checklist.set", "checklist_item", row.id)
    return row.version


def activity_columns(ctx: Context, org_id: int, kind: str, date: dt.date, minutes: int,
                     description: str) -> dict:
    """The stored columns of a valid activity, which the form and the import share; raises
    on the first problem (or when the actor may not see the organisation)."""
    require_organisation(ctx, org_id)
    kind_key, kind_issue = parse_choice("kind", kind, ACTIVITY_KINDS)
    raise_first(present(
        kind_issue,
        check_date("date", date, ctx.today),
        check_minutes("minutes", minutes, maximum=ACTIVITY_MINUTES_MAX),
        check_text("description", description, limit=SHORT_TEXT_MAX),
    ))
    return dict(organisation=org_id, kind=kind_key, date=date, minutes=minutes,
                description=description)


def add_activity(ctx: Context, org_id: int, kind: str, date: dt.date, minutes: int,
                 description: str) -> int:
    """Voorlichting, advice or the jaargesprek, by the actor; counts toward the hours."""
    columns = activity_columns(ctx, org_id, kind, date, minutes, description)
    with transaction():
        activity = Activity.create(adviser=ctx.actor.id, updated_by=ctx.actor.initials,
                                   **columns)
        audit.record(ctx, "activity.add", "activity", activity.id)
    return activity.id
