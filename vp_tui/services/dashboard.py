"""What an adviser sees first: open cases, follow-ups due, who is away today, open cases
without contact for four weeks, and the whistleblower act's dates for integrity reports.

Every case query goes through access.case_filter and reads narrow columns only (no text).
The whistleblower dates are shown for every open integrity report, also at employers below
the act's 50-staff threshold: a missed confirmation costs more than an extra reminder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from vp_tui.models import Absence, Adviser, Case, Cover, FollowUp, Organisation
from vp_tui.services.access import case_filter
from vp_tui.services.cases.queries import CaseRow
from vp_tui.services.cases.rules import feedback_due, receipt_due
from vp_tui.services.context import Context
from vp_tui.services.coverage import AbsenceWarning, absence_warnings

UPCOMING_DAYS = 14
#: An open case without a conversation for this long needs attention (four weeks).
STALE_DAYS = 28
#: How far ahead a whistleblower deadline counts as due soon, per kind.
WBK_SOON_DAYS = {"ontvangstbevestiging": 3, "terugkoppeling": 14}


class FollowUpRow(NamedTuple):
    id: int
    case_id: int
    case_code: str
    due_on: dt.date
    description: str
    overdue: bool


class AbsenceRow(NamedTuple):
    adviser: str
    kind: str
    start: dt.date
    end: dt.date
    covers: tuple[str, ...]  # "Organisation: INITIALS"


class StaleRow(NamedTuple):
    case_id: int
    code: str
    organisation: str
    status: str
    #: The last conversation's date; None when the case has none.
    last_contact: dt.date | None
    #: Days since the last conversation (or since opening, without one).
    days: int


class WbkRow(NamedTuple):
    case_id: int
    code: str
    kind: str  # 'ontvangstbevestiging' | 'terugkoppeling'
    due_on: dt.date
    days_left: int
    overdue: bool
    due_soon: bool = False


@dataclass
class Dashboard:
    open_cases: list[CaseRow]
    followups: list[FollowUpRow]
    absent_today: list[AbsenceRow]
    stale_cases: list[StaleRow] = field(default_factory=list)
    whistleblower: list[WbkRow] = field(default_factory=list)
    #: The organisations the actor's own absences leave with a gap (services.coverage).
    absence_warnings: list[AbsenceWarning] = field(default_factory=list)


def followups_due(ctx: Context, days: int = UPCOMING_DAYS) -> list[FollowUpRow]:
    """Open follow-ups due within `days` on the cases the actor may see.

    The visible cases are selected first (through their indexes) and the follow-ups due matched
    against them in the (done_on, due_on, case) index, so only the matches' rows and cases
    are read: joined first, every follow-up due in the agency read its case to be refused."""
    horizon = ctx.today + dt.timedelta(days=days)
    visible = Case.select(Case.id).where(case_filter(ctx))
    query = (
        FollowUp.select(FollowUp.id, Case.id.alias("case_id"), Case.code.alias("case_code"),
                        FollowUp.due_on, FollowUp.description)
        .join(Case)
        .where(FollowUp.done_on.is_null(), FollowUp.due_on <= horizon,
               FollowUp.case.in_(visible))
        .order_by(FollowUp.due_on)
    )
    return [FollowUpRow(**r, overdue=r["due_on"] < ctx.today) for r in query.dicts()]


def absent_today(ctx: Context) -> list[AbsenceRow]:
    """Who is away today, with today's covers: two queries, not one per absence."""
    absences = list(
        Absence.select(Absence.id, Absence.kind, Absence.start, Absence.end, Adviser.name)
        .join(Adviser)
        .where(Absence.start <= ctx.today, Absence.end >= ctx.today)
        .order_by(Adviser.name, Absence.id)
    )
    if not absences:
        return []
    covers: dict[int, list[str]] = {a.id: [] for a in absences}
    replacement = Adviser.alias()
    query = (
        Cover.select(Cover.absence, Organisation.name, replacement.initials)
        .join(Organisation)
        .switch(Cover)
        .join(replacement, on=(Cover.replacement == replacement.id))
        .where(Cover.absence.in_(list(covers)), Cover.start <= ctx.today,
               Cover.end >= ctx.today)
        .order_by(Organisation.name, Cover.id)
        .tuples()
    )
    for absence_id, organisation, initials in query:
        covers[absence_id].append(f"{organisation}: {initials}")
    return [AbsenceRow(a.adviser.name, a.kind, a.start, a.end, tuple(covers[a.id]))
            for a in absences]


class OpenCase(NamedTuple):
    """An open case the actor may see: its row as the case list shows it, and what the
    dashboard's other case sections need besides."""

    row: CaseRow
    owner_id: int
    receipt_confirmed_on: dt.date | None
    feedback_given_on: dt.date | None
    purged: bool
    #: The last conversation's date; None when the case has none.
    last_contact: dt.date | None


def open_cases(ctx: Context) -> list[OpenCase]:
    """The open cases the actor may see, read once for the dashboard's three case sections,
    which each built and ran the access filter over the same cases before (22M of a start's
    1,788M instructions). The last conversation is the case's own column (kept by the
    database, models/cases.py)."""
    query = (
        Case.select(Case.id, Case.code, Organisation.name, Case.opened_on, Case.case_type,
                    Case.status, Adviser.initials, Case.owner, Case.receipt_confirmed_on,
                    Case.feedback_given_on, Case.purged_at.is_null(False),
                    Case.last_conversation_on)
        .join(Organisation, on=(Case.organisation == Organisation.id))
        .switch(Case)
        .join(Adviser, on=(Case.owner == Adviser.id))
        .where(case_filter(ctx, open_only=True))
        .tuples()
    )
    return [OpenCase(CaseRow(*row[:7]), *row[7:10], bool(row[10]), row[11]) for row in query]


def my_open_cases(ctx: Context, cases: list[OpenCase] | None = None) -> list[CaseRow]:
    """The actor's own open cases, newest first (as the case list sorts them)."""
    cases = open_cases(ctx) if cases is None else cases
    mine = [c.row for c in cases if c.owner_id == ctx.actor.id]
    return sorted(mine, key=lambda c: (c.opened_on, c.id), reverse=True)


def stale_cases(ctx: Context, days: int = STALE_DAYS,
                cases: list[OpenCase] | None = None) -> list[StaleRow]:
    """Open cases the actor may see whose last conversation (or opening, without one) lies
    `days` or more days back; the longest silence first."""
    cases = open_cases(ctx) if cases is None else cases
    cutoff = ctx.today - dt.timedelta(days=days)
    rows = [StaleRow(c.row.id, c.row.code, c.row.organisation, c.row.status, c.last_contact,
                     (ctx.today - since).days)
            for c in cases if (since := c.last_contact or c.row.opened_on) <= cutoff]
    return sorted(rows, key=lambda r: (-r.days, r.code))


def whistleblower_dates(ctx: Context, cases: list[OpenCase] | None = None) -> list[WbkRow]:
    """Open integrity reports' next statutory date: the receipt confirmation (7 days after the
    report) until it is recorded, then the feedback (3 months after the confirmation)."""
    cases = open_cases(ctx) if cases is None else cases
    rows = []
    for c in cases:
        case = c.row
        if case.case_type != "integriteit" or c.feedback_given_on is not None or c.purged:
            continue
        if c.receipt_confirmed_on is None:
            kind, due = "ontvangstbevestiging", receipt_due(case.opened_on)
        else:
            kind, due = "terugkoppeling", feedback_due(case.opened_on, c.receipt_confirmed_on)
        left = (due - ctx.today).days
        rows.append(WbkRow(case.id, case.code, kind, due, left, overdue=left < 0,
                           due_soon=0 <= left <= WBK_SOON_DAYS[kind]))
    return sorted(rows, key=lambda r: (r.due_on, r.code))


def dashboard(ctx: Context) -> Dashboard:
    cases = open_cases(ctx)
    return Dashboard(my_open_cases(ctx, cases=cases), followups_due(ctx), absent_today(ctx),
                     stale_cases(ctx, cases=cases), whistleblower_dates(ctx, cases=cases),
                     absence_warnings(ctx))
