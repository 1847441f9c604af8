"""What an adviser sees first: open cases, follow-ups due, who is away today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vp_tui.models import Absence, Adviser, Case, Cover, FollowUp, Organisation
from vp_tui.services.access import case_filter
from vp_tui.services.cases import CaseFilter, CaseRow, list_cases
from vp_tui.services.context import Context

UPCOMING_DAYS = 14


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    case_id: int
    case_code: str
    due_on: dt.date
    description: str
    overdue: bool


@dataclass(frozen=True)
class AbsenceRow:
    adviser: str
    kind: str
    start: dt.date
    end: dt.date
    covers: tuple[str, ...]  # "Organisation: INITIALS"


@dataclass
class Dashboard:
    open_cases: list[CaseRow]
    followups: list[FollowUpRow]
    absent_today: list[AbsenceRow]


def followups_due(ctx: Context, days: int = UPCOMING_DAYS) -> list[FollowUpRow]:
    horizon = ctx.today + dt.timedelta(days=days)
    query = (
        FollowUp.select(FollowUp.id, Case.id.alias("case_id"), Case.code.alias("case_code"),
                        FollowUp.due_on, FollowUp.description)
        .join(Case)
        .where(FollowUp.done_on.is_null(), FollowUp.due_on <= horizon, case_filter(ctx))
        .order_by(FollowUp.due_on)
    )
    return [FollowUpRow(**r, overdue=r["due_on"] < ctx.today) for r in query.dicts()]


def absent_today(ctx: Context) -> list[AbsenceRow]:
    rows = []
    query = (
        Absence.select(Absence, Adviser)
        .join(Adviser)
        .where(Absence.start <= ctx.today, Absence.end >= ctx.today)
        .order_by(Adviser.name)
    )
    for absence in query:
        covers = (
            Cover.select(Cover, Organisation, Adviser)
            .join(Organisation)
            .switch(Cover)
            .join(Adviser)
            .where(Cover.absence == absence.id, Cover.start <= ctx.today, Cover.end >= ctx.today)
            .order_by(Organisation.name)
        )
        rows.append(
            AbsenceRow(
                absence.adviser.name,
                absence.kind,
                absence.start,
                absence.end,
                tuple(f"{c.organisation.name}: {c.replacement.initials}" for c in covers),
            )
        )
    return rows


def dashboard(ctx: Context) -> Dashboard:
    mine = list_cases(ctx, CaseFilter(open_only=True, owner_id=ctx.actor.id, sort="opened_on"))
    return Dashboard(mine, followups_due(ctx), absent_today(ctx))
