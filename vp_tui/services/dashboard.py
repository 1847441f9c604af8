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

import peewee as pw

from vp_tui.models import Absence, Adviser, Case, Cover, FollowUp, Organisation, TimelineEntry
from vp_tui.services.access import case_filter
from vp_tui.services.cases import CaseFilter, CaseRow, feedback_due, list_cases, receipt_due
from vp_tui.services.context import Context

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


def stale_cases(ctx: Context, days: int = STALE_DAYS) -> list[StaleRow]:
    """Open cases the actor may see whose last conversation (or opening, without one) lies
    `days` or more days back; the longest silence first.

    The last conversation is a correlated subquery per open case, so it reads only those
    cases' entries through the (case, occurred_on) index, never the whole timeline table.
    """
    inner = TimelineEntry.alias()
    last_on = (
        inner.select(pw.fn.MAX(inner.occurred_on))
        .where(inner.case == Case.id, inner.kind == "gesprek")
    )
    since = pw.fn.COALESCE(last_on, Case.opened_on)
    cutoff = ctx.today - dt.timedelta(days=days)
    query = (
        Case.select(Case.id, Case.code, Organisation.name.alias("organisation"), Case.status,
                    last_on.alias("last_on"), Case.opened_on)
        .join(Organisation, on=(Case.organisation == Organisation.id))
        .where(case_filter(ctx, open_only=True), since <= cutoff)
        .order_by(since, Case.code)
    )
    rows = []
    for r in query.dicts():
        last = r["last_on"]
        if isinstance(last, str):  # an aggregate comes back untyped from SQLite
            last = dt.date.fromisoformat(last)
        rows.append(StaleRow(r["id"], r["code"], r["organisation"], r["status"], last,
                             (ctx.today - (last or r["opened_on"])).days))
    return rows


def whistleblower_dates(ctx: Context) -> list[WbkRow]:
    """Open integrity reports' next statutory date: the receipt confirmation (7 days after the
    report) until it is recorded, then the feedback (3 months after the confirmation)."""
    query = (
        Case.select(Case.id, Case.code, Case.opened_on, Case.receipt_confirmed_on)
        .where(Case.case_type == "integriteit", Case.feedback_given_on.is_null(),
               Case.purged_at.is_null(), case_filter(ctx, open_only=True))
    )
    rows = []
    for c in query:
        if c.receipt_confirmed_on is None:
            kind, due = "ontvangstbevestiging", receipt_due(c.opened_on)
        else:
            kind, due = "terugkoppeling", feedback_due(c.opened_on, c.receipt_confirmed_on)
        left = (due - ctx.today).days
        rows.append(WbkRow(c.id, c.code, kind, due, left, overdue=left < 0,
                           due_soon=0 <= left <= WBK_SOON_DAYS[kind]))
    return sorted(rows, key=lambda r: (r.due_on, r.code))


def dashboard(ctx: Context) -> Dashboard:
    mine = list_cases(ctx, CaseFilter(open_only=True, owner_id=ctx.actor.id, sort="opened_on"))
    return Dashboard(mine, followups_due(ctx), absent_today(ctx), stale_cases(ctx),
                     whistleblower_dates(ctx))
