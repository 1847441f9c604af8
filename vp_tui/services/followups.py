"""Follow-ups (vervolgafspraken) on a case: a due date and what to do, then done.

A new follow-up is due today or later (a reminder for the past reminds nobody); completing
one records the day it was done (not in the future, not before the case was opened).

A form proposes a due date two weeks ahead (default_due): the usual interval between two
conversations with a melder, and long enough for a step the melder takes in between. A day
the agency is closed (weekend, Dutch public holiday) reminds nobody either, so the proposal
moves on to the next working day. Closing a case while one is open is allowed after a
warning (open_followups_issue): the melder may have stopped, the VP decides.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from vp_tui.errors import NotFound, ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.models import Case, FollowUp
from vp_tui.services import audit
from vp_tui.services.context import Context
from vp_tui.services.dutch_holidays import holidays_of_year
from vp_tui.services.timeline import writable_case
from vp_tui.services.validation import (
    SHORT_TEXT_MAX,
    FieldIssue,
    check_date,
    check_text,
    present,
    raise_first,
)
from vp_tui.services.writes import transaction, update_versioned

#: How far ahead a new follow-up is due unless the adviser chooses otherwise.
DEFAULT_DUE_DAYS = 14


def default_due(today: dt.date) -> dt.date:
    """The due date a new follow-up's form proposes: DEFAULT_DUE_DAYS ahead, on a working day."""
    day = today + dt.timedelta(days=DEFAULT_DUE_DAYS)
    while day.weekday() >= 5 or day in holidays_of_year(day.year):
        day += dt.timedelta(days=1)
    return day


class FollowUpItem(NamedTuple):
    id: int
    due_on: dt.date
    description: str
    done_on: dt.date | None
    version: int


def add_followup(ctx: Context, case_id: int, due_on: dt.date, description: str) -> int:
    raise_first(present(
        check_date("due_on", due_on, None, not_before=ctx.today,
                   not_before_what=_("vandaag")),
        check_text("description", description, required=True, limit=SHORT_TEXT_MAX),
    ))
    case = writable_case(ctx, case_id)
    with transaction():
        row = FollowUp.create(case=case.id, due_on=due_on, description=description,
                              updated_by=ctx.actor.initials)
        audit.record(ctx, "followup.add", "follow_up", row.id)
    return row.id


def complete_followup(ctx: Context, followup_id: int, version: int,
                      done_on: dt.date | None = None) -> int:
    """Mark a follow-up done; returns its new version (ConflictError when stale)."""
    row = FollowUp.get_or_none(FollowUp.id == followup_id)
    if row is None:
        raise NotFound(_("Deze vervolgafspraak bestaat niet (meer)."))
    case = writable_case(ctx, row.case_id, closed_ok=True)
    day = done_on or ctx.today
    raise_first(present(check_date("done_on", day, ctx.today, not_before=case.opened_on,
                                   not_before_what=_("de datum van de melding"))))
    if row.done_on is not None:
        raise ValidationError(_("Deze vervolgafspraak is al afgerond."), "done_on")
    return update_versioned(ctx, FollowUp, row.id, version, "followup.done", done_on=day)


def followups_of(case: Case) -> list[FollowUpItem]:
    """Open ones first by due date, then the done ones. Takes the Case row that
    access.require_case returned, so a caller cannot skip the check by passing an id."""
    query = FollowUp.select().where(FollowUp.case == case.id).order_by(
        FollowUp.done_on.is_null(False), FollowUp.due_on, FollowUp.id
    )
    return [FollowUpItem(f.id, f.due_on, f.description, f.done_on, f.version) for f in query]


def open_followups_issue(field: str, items: list[FollowUpItem]) -> FieldIssue | None:
    """A warning when follow-ups are still open (closing the case leaves them undone)."""
    still_open = [f for f in items if f.done_on is None]
    if not still_open:
        return None
    first = min(f.due_on for f in still_open)
    return FieldIssue(field, _(
        "Er staan nog {n} vervolgactie(s) open, de eerste uiterlijk {day}; ze blijven "
        "onafgerond.").format(n=len(still_open), day=fmt_date(first)), warning=True)
