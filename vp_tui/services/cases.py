"""Cases (meldingen): listing, intake, the case file and its status.

Every query goes through access.case_filter / access.require_case. Rules kept here:

- Intake: organisation, date, channel, type, at least one category and a melder code or
  pseudonym are required (a real name never is); no date lies in the future; enumerations are
  validated (key or Dutch label accepted, the key stored). Categories must fit the type (see
  CATEGORIES_BY_TYPE, 'overig' fits every type), so yearly figures per type stay coherent.
  An ex-employee who left more than a year before the report gets a warning, not an error
  (the profile allows reports up to one year after leaving; the VP may still listen).
- Status: intake -> begeleiding -> nazorg -> afgesloten. Moving forward may skip stages (a
  one-off contact goes from intake straight to afgesloten); going back is allowed only from
  nazorg to begeleiding, and from afgesloten by reopening (to begeleiding). Back to intake never.
  A change is dated (default today), not before the report nor before the previous change.
  Closing needs an outcome and is the owner's act. Reopening clears closed_on and the outcome
  on the case; the earlier outcome stays in the timeline's status entry. Every change leaves a
  'status' entry in the timeline. Closing while follow-ups are open is warned about first
  (status_issues), not refused.
- Consent: the melder's consent is recorded at intake or later, and may be withdrawn
  (change_consent). Every change is dated (default today, not in the future, not before the
  report nor before the previous change) and leaves a 'toestemming' entry in the timeline.
  The case keeps the current state: consent_recorded, and consent_on, the day of the last
  change (a withdrawal when consent_recorded is false; never set when no consent was given).
- Whistleblower act (integrity reports): receipt confirmed within 7 days of the report;
  feedback within 3 months after the confirmation (after the 7-day deadline when none).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from peewee import SQL, Node, Ordering, fn

from vp_tui.errors import AccessDenied, ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.models import (
    Adviser,
    Case,
    CaseCategory,
    Handover,
    Organisation,
    TimelineEntry,
    database,
)
from vp_tui.models.cases import CODE_NUMBER, CODE_YEAR
from vp_tui.models.enums import (
    CASE_TYPES,
    CATEGORIES,
    CHANNELS,
    CLOSED,
    CONVERSATION_MODES,
    MELDER_ROLES,
    OUTCOMES,
    RELATIONS,
    STATUSES,
)
from vp_tui.services import audit
from vp_tui.services.access import (
    case_filter,
    require_case,
    require_case_owner,
)
from vp_tui.services.case_rules import (
    CATEGORIES_BY_TYPE,
    category_refusal,
    organisation_refusal,
    served_on,
)
from vp_tui.services.context import Context
from vp_tui.services.followups import (  # noqa: F401 (the case API the screens import)
    FollowUpItem,
    add_followup,
    complete_followup,
    default_due,
    followups_of,
    open_followups_issue,
)
from vp_tui.services.timeline import (  # noqa: F401 (the case API the screens import)
    Revision,
    TimelineItem,
    add_conversation,
    add_note,
    add_referral,
    add_step,
    count_conversation,
    edit_entry,
    entry_history,
    not_before_opening,
    record_consent_entry,
    record_status_entry,
    timeline,
    writable_case,
)
from vp_tui.services.validation import (
    SHORT_TEXT_MAX,
    FieldIssue,
    add_months,
    check_date,
    check_minutes,
    check_text,
    parse_choice,
    present,
    raise_first,
)
from vp_tui.services.writes import transaction, update_versioned

SORTABLE = {
    "code": Case.code,
    "opened_on": Case.opened_on,
    "organisation": Organisation.name,
    "status": Case.status,
    "type": Case.case_type,
    "owner": Adviser.initials,
}


class CaseFilter(NamedTuple):
    """What the case list shows; screens derive the next filter with `_replace`."""

    organisation_id: int | None = None
    status: str | None = None
    open_only: bool = False
    case_type: str | None = None
    owner_id: int | None = None
    year: int | None = None
    search: str = ""
    sort: str = "opened_on"
    descending: bool = True
    limit: int | None = None
    offset: int = 0


class CaseRow(NamedTuple):
    id: int
    code: str
    organisation: str
    opened_on: dt.date
    case_type: str
    status: str
    owner: str


def _matches(ctx: Context, f: CaseFilter):
    """The ids of the cases the filter selects, without joins. A search matches a case's code
    or its organisation's name; the name as the list of organisations whose name matches,
    which reads the 500 organisations once a search instead of one per matching case."""
    query = Case.select(Case.id).where(case_filter(ctx, open_only=f.open_only))
    if f.organisation_id:
        query = query.where(Case.organisation == f.organisation_id)
    if f.status:
        query = query.where(Case.status == f.status)
    if f.case_type:
        query = query.where(Case.case_type == f.case_type)
    if f.owner_id:
        query = query.where(Case.owner == f.owner_id)
    if f.year:
        query = query.where(
            Case.opened_on.between(dt.date(f.year, 1, 1), dt.date(f.year, 12, 31))
        )
    if f.search.strip():
        term = f.search.strip()
        named = Organisation.select(Organisation.id).where(Organisation.name.contains(term))
        query = query.where(Case.code.contains(term) | Case.organisation.in_(named))
    return query


def _with_columns(query, *extra: Node):
    """The list's columns (CaseRow's, then `extra`) for the cases `query` selects."""
    return (
        query.select(
            Case.id,
            Case.code,
            Organisation.name.alias("organisation"),
            Case.opened_on,
            Case.case_type,
            Case.status,
            Adviser.initials.alias("owner"),
            *extra,
        )
        .join(Organisation, on=(Case.organisation == Organisation.id))
        .switch(Case)
        .join(Adviser, on=(Case.owner == Adviser.id))
        .switch(Case)
    )


def _sort_column(f: CaseFilter) -> Node:
    return SORTABLE.get(f.sort, Case.opened_on)


def _order(f: CaseFilter, column: Node) -> Ordering:
    return column.desc() if f.descending else column.asc()


def list_cases(ctx: Context, f: CaseFilter | None = None) -> list[CaseRow]:
    f = f or CaseFilter()
    column = _sort_column(f)
    query = _with_columns(_matches(ctx, f)).order_by(_order(f, column), Case.id.desc())
    if f.limit:
        query = query.limit(f.limit).offset(f.offset)
    return [CaseRow(*row) for row in query.tuples()]


def count_cases(ctx: Context, f: CaseFilter | None = None) -> int:
    return _matches(ctx, f or CaseFilter()).count()


def _page_query(ctx: Context, f: CaseFilter):
    """The page of the list with the window count on each row (see case_page)."""
    column = _sort_column(f)
    page = _matches(ctx, f)
    if column.model is not Case:  # sorted by the organisation's name or the owner's initials
        on = Case.organisation if column.model is Organisation else Case.owner
        page = page.join(column.model, on=(on == column.model.id))
    page = (
        page.select(Case.id, column.alias("sort_key"), fn.COUNT(SQL("*")).over().alias("total"))
        .order_by(_order(f, column), Case.id.desc())
    )
    if f.limit:
        page = page.limit(f.limit).offset(f.offset)
    page = page.alias("page")
    return (
        _with_columns(Case.select(), page.c.total)
        .join(page, on=(Case.id == page.c.id))
        .order_by(_order(f, page.c.sort_key), Case.id.desc())
    )


#: Stands in for a search term while a search's SQL is built (see _page_sql).
_TERM = "\x00"
#: (actor, day, filter with _TERM as its search) -> (SQL, parameters).
_page_sql_cache: dict[tuple, tuple[str, list]] = {}


def _page_sql(ctx: Context, f: CaseFilter) -> tuple[str, list]:
    """_page_query's SQL and parameters. Building them is a large part of a search keystroke in
    the store (BENCHMARKS.md, filter); peewee passes the term as a parameter, so the SQL of a
    filter is the same for every term: it is built once per actor, day and filter, with _TERM
    for the term, whose parameters are then replaced. A term with LIKE's wildcard or escape
    characters gets an ESCAPE clause from peewee, and is built as it comes."""
    term = f.search.strip()
    if any(char in term for char in "%_\\"):
        return _page_query(ctx, f).sql()
    shape = f._replace(search=_TERM if term else "")
    key = (ctx.actor, ctx.today, shape)
    built = _page_sql_cache.get(key)
    if built is None:
        if len(_page_sql_cache) >= 64:
            _page_sql_cache.clear()
        built = _page_sql_cache[key] = _page_query(ctx, shape).sql()
    sql, params = built
    if not term:
        return sql, params
    stand_in = f"%{_TERM}%"
    return sql, [f"%{term}%" if p == stand_in else p for p in params]


def case_page(ctx: Context, f: CaseFilter) -> tuple[list[CaseRow], int]:
    """A page of the list and the number of cases the filter matches, in one query: each row
    carries a window count over all matching rows, which the sort reads anyway. A count
    query was a third of a search keystroke's time in the store. Only a page past the end
    (no rows to carry the count) still asks count_cases.

    The matches are sorted as (id, sort key) alone, and only the page's rows are joined for
    their columns: sorting every match with all its columns was half the query for a
    search's first letter, which matches most of an adviser's cases (BENCHMARKS.md)."""
    rows = database.execute_sql(*_page_sql(ctx, f)).fetchall()
    if rows:
        opened_on = Case.opened_on.python_value  # the one column the driver leaves as text
        return ([CaseRow(r[0], r[1], r[2], opened_on(r[3]), *r[4:7]) for r in rows],
                rows[0][-1])
    return [], count_cases(ctx, f) if f.offset else 0


def highest_number(year: int) -> int:
    """The highest case number of a year (0 when none): one seek on the index
    case_code_year_number, numerically, so 10000 follows 9999."""
    row = database.execute_sql(
        f'SELECT max({CODE_NUMBER}) FROM "case" WHERE {CODE_YEAR} = ?', (f"{year:04d}",)
    ).fetchone()
    return row[0] or 0


def case_code(year: int, number: int) -> str:
    """'YYYY-NNNN' (more digits after 9999)."""
    return f"{year}-{number:04d}"


def next_code(year: int) -> str:
    """The next free case code of a year. Call inside the write transaction."""
    return case_code(year, highest_number(year) + 1)


# --- intake -------------------------------------------------------------------------------

#: The first conversation's mode when none is given: the contact channel's own mode.
_MODE_OF_CHANNEL = {"telefoon": "telefoon", "email": "email", "persoonlijk": "persoonlijk",
                    "video": "video"}
MELDER_CODE_MAX = 64
DEPARTMENT_MAX = 120


def categories_for(case_type: str) -> list[str]:
    """The category keys a form offers for a type (all of them when the type is unknown)."""
    return list(CATEGORIES_BY_TYPE.get(case_type, CATEGORIES.keys()))


class IntakeForm(NamedTuple):
    organisation_id: int | None
    opened_on: dt.date | None
    channel: str
    case_type: str
    categories: list[str]
    melder_code: str
    melder_contact: str = ""
    melder_role: str = ""
    relation: str = ""
    department: str = ""
    left_employment_on: dt.date | None = None
    consent_recorded: bool = False
    conversation_minutes: int | None = None
    conversation_mode: str = ""
    conversation_notes: str = ""


class _Intake(NamedTuple):
    """A validated form: stable keys, ready to store."""

    channel: str
    case_type: str
    categories: list[str]
    melder_role: str
    relation: str
    conversation_mode: str


def _check_organisation(ctx: Context, org_id: int | None, case_type: str) -> list[FieldIssue]:
    if org_id is None:
        return [FieldIssue("organisation_id", _("Kies een organisatie."))]
    org = Organisation.get_or_none(Organisation.id == org_id)
    refusal = organisation_refusal(Adviser.get_by_id(ctx.actor.id), org, ctx.today)
    if refusal is not None:
        return [FieldIssue("organisation_id", refusal.message)]
    if case_type == "integriteit" and org.vp_types == "oo":
        return [FieldIssue("case_type",
                           _("Deze organisatie heeft geen VP integriteit gecontracteerd."),
                           warning=True)]
    if case_type == "oo" and org.vp_types == "integriteit":
        return [FieldIssue("case_type",
                           _("Deze organisatie heeft geen VP ongewenste omgangsvormen "
                             "gecontracteerd."), warning=True)]
    return []


def _check_categories(values: list[str], case_type: str) -> tuple[list[str], list[FieldIssue]]:
    keys: list[str] = []
    for value in values or []:
        key, issue = parse_choice("categories", value, CATEGORIES)
        if issue:
            return [], [issue]
        if key not in keys:
            keys.append(key)
    refusal = category_refusal(case_type, keys)
    if refusal is not None:
        return [], [FieldIssue("categories", refusal.message)]
    return sorted(keys, key=CATEGORIES.keys().index), []


def _check_ex_employee(form: IntakeForm, role: str, today: dt.date) -> list[FieldIssue]:
    left = form.left_employment_on
    if role != "oud_medewerker":
        if left is not None:
            return [FieldIssue("left_employment_on",
                               _("Alleen invullen bij een oud-medewerker."))]
        return []
    if left is None:
        return [FieldIssue("left_employment_on",
                           _("Datum uit dienst onbekend: meldingen kunnen tot een jaar na "
                             "vertrek."), warning=True)]
    issue = check_date("left_employment_on", left, today)
    if issue:
        return [issue]
    if isinstance(form.opened_on, dt.date) and left > form.opened_on:
        return [FieldIssue("left_employment_on",
                           _("De datum uit dienst ligt na de datum van de melding."))]
    if isinstance(form.opened_on, dt.date) and form.opened_on > add_months(left, 12):
        return [FieldIssue(
            "left_employment_on",
            _("Uit dienst sinds {day}: meer dan een jaar vóór de melding (het profiel staat "
              "meldingen tot een jaar na vertrek toe).").format(day=fmt_date(left)),
            warning=True,
        )]
    return []


def _check_conversation(form: IntakeForm, channel: str) -> tuple[str, list[FieldIssue]]:
    if form.conversation_minutes is None:
        if form.conversation_notes.strip() or form.conversation_mode.strip():
            return "", [FieldIssue("conversation_minutes",
                                   _("Vul de duur van het eerste gesprek in."))]
        return "", []
    mode_text = form.conversation_mode or _MODE_OF_CHANNEL.get(channel, "")
    mode, mode_issue = parse_choice("conversation_mode", mode_text, CONVERSATION_MODES)
    return mode, present(
        check_minutes("conversation_minutes", form.conversation_minutes),
        mode_issue,
        check_text("conversation_notes", form.conversation_notes),
    )


def _validate(ctx: Context, form: IntakeForm) -> tuple[_Intake, list[FieldIssue]]:
    channel, channel_issue = parse_choice("channel", form.channel, CHANNELS)
    case_type, type_issue = parse_choice("case_type", form.case_type, CASE_TYPES)
    role, role_issue = parse_choice("melder_role", form.melder_role, MELDER_ROLES,
                                    required=False)
    relation, relation_issue = parse_choice("relation", form.relation, RELATIONS,
                                            required=False)
    issues = _check_organisation(ctx, form.organisation_id, case_type)
    issues += present(check_date("opened_on", form.opened_on, ctx.today), channel_issue,
                      type_issue)
    categories, category_issues = (
        _check_categories(form.categories, case_type) if case_type else ([], [])
    )
    issues += category_issues
    issues += present(
        check_text("melder_code", form.melder_code, required=True, limit=MELDER_CODE_MAX),
        check_text("melder_contact", form.melder_contact, limit=SHORT_TEXT_MAX),
        role_issue,
        relation_issue,
        check_text("department", form.department, limit=DEPARTMENT_MAX),
    )
    issues += _check_ex_employee(form, role, ctx.today)
    mode, conversation_issues = _check_conversation(form, channel)
    issues += conversation_issues
    return _Intake(channel, case_type, categories, role, relation, mode), issues


def validate_intake(ctx: Context, form: IntakeForm) -> list[FieldIssue]:
    """Every error and warning of the form, each naming its field (form attribute name)."""
    return _validate(ctx, form)[1]


#: What a new intake starts from when the adviser's own recent cases say nothing.
DEFAULT_CHANNEL, DEFAULT_CASE_TYPE = "telefoon", "oo"
#: How far back the adviser's own cases count for the intake's defaults.
DEFAULTS_WINDOW_DAYS = 365


def _most_common(ctx: Context, column: Node, fallback: str) -> str:
    since = ctx.today - dt.timedelta(days=DEFAULTS_WINDOW_DAYS)
    row = (Case.select(column, fn.COUNT(Case.id).alias("n"))
           .where(Case.owner == ctx.actor.id, Case.opened_on >= since)
           .group_by(column).order_by(SQL("n").desc(), column).tuples().first())
    return row[0] if row else fallback


def new_intake(ctx: Context, organisation_id: int | None = None) -> IntakeForm:
    """The form a new intake starts from, so that a usual report needs few keys:
    - the report comes in today (the session's day, ctx.today), and so does its first
      conversation (create_case dates it on the report's day);
    - the organisation the intake was opened for (from its file, or a case list filtered on
      it) when the adviser may take a case there today; without one, the only organisation
      the adviser serves today, if there is just one;
    - the channel and type the adviser's own reports of the past year had most often
      (telefoon and ongewenste omgangsvormen when there are none);
    - the first conversation's mode follows the channel when left empty (_MODE_OF_CHANNEL).
    Every value stays the adviser's to change; validate_intake checks them as typed."""
    if organisation_id is None:
        served = served_on(ctx.actor.id, ctx.today)
        organisation_id = next(iter(served)) if len(served) == 1 else None
    if organisation_id is not None:
        org = Organisation.get_or_none(Organisation.id == organisation_id)
        if organisation_refusal(Adviser.get_by_id(ctx.actor.id), org, ctx.today) is not None:
            organisation_id = None
    return IntakeForm(
        organisation_id=organisation_id, opened_on=ctx.today,
        channel=_most_common(ctx, Case.channel, DEFAULT_CHANNEL),
        case_type=_most_common(ctx, Case.case_type, DEFAULT_CASE_TYPE),
        categories=[], melder_code="",
    )


def create_case(ctx: Context, form: IntakeForm) -> int:
    """Open a case owned by the actor; raises ValidationError on the first error (warnings do
    not block). Records the first conversation when its duration is given."""
    if not ctx.actor.works_cases:
        raise AccessDenied(_("Alleen een adviseur kan een melding aannemen."))
    intake, issues = _validate(ctx, form)
    raise_first(issues)
    with transaction():
        case = Case.create(
            code=next_code(form.opened_on.year),
            organisation=form.organisation_id,
            owner=ctx.actor.id,
            opened_on=form.opened_on,
            channel=intake.channel,
            case_type=intake.case_type,
            melder_code=form.melder_code.strip(),
            melder_contact=form.melder_contact,
            melder_role=intake.melder_role,
            left_employment_on=form.left_employment_on,
            relation=intake.relation,
            department=form.department.strip(),
            consent_recorded=bool(form.consent_recorded),
            consent_on=form.opened_on if form.consent_recorded else None,
            updated_by=ctx.actor.initials,
        )
        CaseCategory.insert_many(
            [{"case": case.id, "category": c} for c in intake.categories]
        ).execute()
        audit.record(ctx, "case.create", "case", case.id)
        if form.conversation_minutes is not None:
            entry = TimelineEntry.create(
                case=case.id, kind="gesprek", occurred_on=form.opened_on,
                minutes=form.conversation_minutes, mode=intake.conversation_mode,
                text=form.conversation_notes, author=ctx.actor.id,
                updated_by=ctx.actor.initials,
            )
            audit.record(ctx, "timeline.add", "timeline_entry", entry.id)
            count_conversation(case.id, form.conversation_minutes)
    return case.id


# --- the case file --------------------------------------------------------------------------

#: Whistleblower act (Wet bescherming klokkenluiders): the statutory periods.
RECEIPT_DAYS = 7
FEEDBACK_MONTHS = 3


def receipt_due(opened_on: dt.date) -> dt.date:
    return opened_on + dt.timedelta(days=RECEIPT_DAYS)


def feedback_due(opened_on: dt.date, receipt_confirmed_on: dt.date | None) -> dt.date:
    """Three months after the confirmation; without one, after the day it was due."""
    return add_months(receipt_confirmed_on or receipt_due(opened_on), FEEDBACK_MONTHS)


class CaseDetail(NamedTuple):
    id: int
    code: str
    version: int
    organisation_id: int
    organisation: str
    owner: str
    opened_on: dt.date
    closed_on: dt.date | None
    channel: str
    case_type: str
    categories: list[str]
    melder_code: str
    melder_contact: str
    melder_role: str
    relation: str
    department: str
    status: str
    outcome: str
    #: The melder's consent as it stands; consent_on is the day of its last change (see the
    #: module docstring).
    consent_recorded: bool
    receipt_confirmed_on: dt.date | None
    feedback_given_on: dt.date | None
    timeline: list[TimelineItem]
    followups: list[FollowUpItem]
    owner_name: str = ""
    left_employment_on: dt.date | None = None
    consent_on: dt.date | None = None
    conversation_count: int = 0
    minutes_spent: int = 0
    #: Whistleblower act deadlines; None unless an integrity report.
    receipt_due_on: dt.date | None = None
    feedback_due_on: dt.date | None = None
    purged: bool = False
    owner_id: int | None = None


def get_case(ctx: Context, case_id: int) -> CaseDetail:
    """The whole case file; access-checked, and the read is audited."""
    case = require_case(ctx, case_id)
    owner = Adviser.get_by_id(case.owner_id)
    categories = [
        r.category for r in CaseCategory.select(CaseCategory.category)
        .where(CaseCategory.case == case.id)
    ]
    integrity = case.case_type == "integriteit"
    return CaseDetail(
        id=case.id, code=case.code, version=case.version,
        organisation_id=case.organisation_id,
        organisation=Organisation.get_by_id(case.organisation_id).name,
        owner=owner.initials, opened_on=case.opened_on, closed_on=case.closed_on,
        channel=case.channel, case_type=case.case_type,
        categories=sorted(categories, key=CATEGORIES.keys().index),
        melder_code=case.melder_code, melder_contact=case.melder_contact,
        melder_role=case.melder_role, relation=case.relation, department=case.department,
        status=case.status, outcome=case.outcome, consent_recorded=case.consent_recorded,
        receipt_confirmed_on=case.receipt_confirmed_on,
        feedback_given_on=case.feedback_given_on,
        timeline=timeline(case), followups=followups_of(case),
        owner_name=owner.name, left_employment_on=case.left_employment_on,
        consent_on=case.consent_on, conversation_count=case.conversation_count,
        minutes_spent=case.minutes_spent,
        receipt_due_on=receipt_due(case.opened_on) if integrity else None,
        feedback_due_on=feedback_due(case.opened_on, case.receipt_confirmed_on)
        if integrity else None,
        purged=case.purged_at is not None, owner_id=case.owner_id,
    )


# --- status ---------------------------------------------------------------------------------

_ORDER = {key: n for n, key in enumerate(STATUSES.keys())}


def allowed_statuses(current: str) -> list[str]:
    """The statuses a case may move to from `current` (for a form's choice list)."""
    if current == CLOSED:
        return ["begeleiding"]
    return [s for s in STATUSES.keys()
            if s != current and (_ORDER[s] > _ORDER[current] or
                                 (current == "nazorg" and s == "begeleiding"))]


def _outcome_issue(closing: bool, parsed: FieldIssue | None, outcome: str) -> FieldIssue | None:
    """An outcome is chosen on closing, and only then (`parsed`: parse_choice's issue)."""
    if closing and parsed:
        return FieldIssue("outcome", _("Kies een uitkomst om de melding af te sluiten."))
    if not closing and outcome.strip():
        return FieldIssue("outcome", _("Een uitkomst hoort alleen bij het afsluiten."))
    return None


def status_issues(ctx: Context, case_id: int, status: str, outcome: str) -> list[FieldIssue]:
    """What a status form shows before saving: a missing outcome (the error change_status
    would raise), and a warning when closing while follow-ups are still open."""
    new, _issue = parse_choice("status", status, STATUSES)
    closing = new == CLOSED
    _key, parsed = parse_choice("outcome", outcome, OUTCOMES, required=closing)
    issues = present(_outcome_issue(closing, parsed, outcome))
    if closing:
        case = require_case(ctx, case_id, action="case.write-check")
        issues += present(open_followups_issue("status", followups_of(case)))
    return issues


def change_status(ctx: Context, case_id: int, version: int, status: str, outcome: str = "",
                  on: dt.date | None = None, note: str = "") -> int:
    """Move the case to `status`; returns the case's new version (ConflictError when stale)."""
    new, status_issue = parse_choice("status", status, STATUSES)
    closing = new == CLOSED
    outcome_key, outcome_issue = parse_choice("outcome", outcome, OUTCOMES, required=closing)
    day = on or ctx.today
    raise_first(present(status_issue, check_date("on", day, ctx.today),
                        check_text("note", note)))
    case = require_case_owner(ctx, case_id) if closing else writable_case(ctx, case_id,
                                                                          closed_ok=True)
    if case.purged_at is not None:
        raise ValidationError(_("Deze melding is vernietigd en kan niet meer worden aangevuld."))
    if new == case.status:
        raise ValidationError(_("De melding heeft deze status al."), "status")
    if new not in allowed_statuses(case.status):
        raise ValidationError(
            _("Van {old} naar {new} kan niet.").format(old=STATUSES.label(case.status),
                                                       new=STATUSES.label(new)), "status")
    raise_first(present(_outcome_issue(closing, outcome_issue, outcome)))
    not_before_opening(case, "on", day)
    last_change = (TimelineEntry.select(TimelineEntry.occurred_on)
                   .where(TimelineEntry.case == case.id, TimelineEntry.kind == "status")
                   .order_by(TimelineEntry.occurred_on.desc()).first())
    if last_change is not None:
        raise_first(present(check_date("on", day, None, not_before=last_change.occurred_on,
                                       not_before_what=_("de vorige statuswijziging"))))
    with transaction():
        new_version = update_versioned(
            ctx, Case, case.id, version, "case.status", status=new,
            closed_on=day if closing else None, outcome=outcome_key if closing else "",
        )
        record_status_entry(ctx, case.id, day, new, outcome_key, note)
    return new_version


def _integrity_case(ctx: Context, case_id: int) -> Case:
    case = writable_case(ctx, case_id, closed_ok=True)
    if case.case_type != "integriteit":
        raise ValidationError(_("Alleen bij een integriteitsmelding."), "case_type")
    return case


def confirm_receipt(ctx: Context, case_id: int, version: int, on: dt.date) -> int:
    """Record the confirmation of receipt (whistleblower act); returns the new version."""
    case = _integrity_case(ctx, case_id)
    raise_first(present(check_date("on", on, ctx.today, not_before=case.opened_on,
                                   not_before_what=_("de datum van de melding"))))
    return update_versioned(ctx, Case, case.id, version, "case.receipt-confirmed",
                            receipt_confirmed_on=on)


def record_feedback(ctx: Context, case_id: int, version: int, on: dt.date) -> int:
    """Record the feedback to the melder (whistleblower act); returns the new version."""
    case = _integrity_case(ctx, case_id)
    if case.receipt_confirmed_on is None:
        raise ValidationError(_("Leg eerst de ontvangstbevestiging vast."), "on")
    raise_first(present(check_date("on", on, ctx.today, not_before=case.receipt_confirmed_on,
                                   not_before_what=_("de ontvangstbevestiging"))))
    return update_versioned(ctx, Case, case.id, version, "case.feedback-given",
                            feedback_given_on=on)


# --- consent --------------------------------------------------------------------------------


def change_consent(ctx: Context, case_id: int, version: int, given: bool,
                   on: dt.date | None = None, note: str = "") -> int:
    """Record the melder's consent on an existing case (`given`) or its withdrawal; returns the
    case's new version (ConflictError when stale).

    Anyone who may work on the case records it, as any other entry; a closed case takes it
    too (a melder may withdraw consent after the case was closed). A withdrawal:
    - ends every handover of the case that still runs or is planned on the withdrawal day:
      the case was shown to another adviser on the melder's consent (access.case_filter reads
      Handover.consent), so that adviser loses access at once. The handover rows stay (who had
      the case, from when). Consent given again does not revive them: the owner hands the case
      over anew;
    - blocks outward steps, referrals and handovers until consent is recorded on the case
      again (timeline.refuse_if_consent_withdrawn): the tick on such a form alone does not
      override a melder's explicit withdrawal.
    """
    day = on or ctx.today
    raise_first(present(check_date("on", day, ctx.today), check_text("note", note)))
    case = writable_case(ctx, case_id, closed_ok=True)
    if given and case.consent_recorded:
        raise ValidationError(_("De toestemming van de melder is al vastgelegd."), "consent")
    if not given and not case.consent_recorded:
        raise ValidationError(_("Er is geen toestemming vastgelegd die kan worden ingetrokken."),
                              "consent")
    not_before_opening(case, "on", day)
    if case.consent_on is not None:
        raise_first(present(check_date("on", day, None, not_before=case.consent_on,
                                       not_before_what=_("de vorige wijziging van de "
                                                         "toestemming"))))
    with transaction():
        new_version = update_versioned(
            ctx, Case, case.id, version, "case.consent" if given else "case.consent-withdrawn",
            consent_recorded=given, consent_on=day,
        )
        record_consent_entry(ctx, case.id, day, given, note)
        if not given:
            ended = (Handover.update(consent=False)
                     .where(Handover.case == case.id,
                            Handover.consent == True,  # noqa: E712 (peewee expression)
                            Handover.end.is_null() | (Handover.end >= day))
                     .execute())
            if ended:
                audit.record(ctx, "case.handover-ended", "case", case.id)
    return new_version


def consent_state(case: CaseDetail) -> str:
    """The melder's consent as it stands, with its date: 'gegeven op …', 'ingetrokken op …'
    or 'niet vastgelegd' (what the case screen and the melder's export show)."""
    if case.consent_recorded:
        return _("gegeven op {day}").format(day=fmt_date(case.consent_on)) \
            if case.consent_on else _("gegeven")
    if case.consent_on is not None:
        return _("ingetrokken op {day}").format(day=fmt_date(case.consent_on))
    return _("niet vastgelegd")
