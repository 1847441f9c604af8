"""The intake: the form a new case starts from, its checks, and opening the case.

Organisation, date, channel, type, at least one category and a melder code or pseudonym are
required (a real name never is); no date lies in the future; enumerations are validated (key
or Dutch label accepted, the key stored). The categories must fit the type and an
ex-employee's date is weighed (services.cases.rules); the owner must serve the organisation
today (services.cases.admission).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from peewee import SQL, Node, fn

from vp_tui.errors import AccessDenied
from vp_tui.i18n import _
from vp_tui.models import Adviser, Case, CaseCategory, Organisation, TimelineEntry
from vp_tui.models.enums import (
    CASE_TYPES,
    CATEGORIES,
    CHANNELS,
    CONVERSATION_MODES,
    MELDER_ROLES,
    RELATIONS,
)
from vp_tui.services import audit
from vp_tui.services.cases.admission import organisation_refusal, served_on
from vp_tui.services.cases.codes import next_code
from vp_tui.services.cases.rules import category_refusal, ex_employee_issues
from vp_tui.services.context import Context
from vp_tui.services.timeline import count_conversation
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
from vp_tui.services.writes import transaction

#: The first conversation's mode when none is given: the contact channel's own mode.
_MODE_OF_CHANNEL = {"telefoon": "telefoon", "email": "email", "persoonlijk": "persoonlijk",
                    "video": "video"}
MELDER_CODE_MAX = 64
DEPARTMENT_MAX = 120


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
    issues += ex_employee_issues(role, form.left_employment_on, form.opened_on, ctx.today)
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
