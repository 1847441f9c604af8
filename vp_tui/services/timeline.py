"""A case's timeline: conversations, notes, steps, referrals, status and consent changes.

Every read and write goes through access.require_case. Rules kept here:
- no date in the future, none before the case was opened;
- a conversation lasts 1..600 minutes and has a mode; it raises the case's counters;
- a referral, and any step marked outward in STEPS, needs the melder's consent (field
  "consent"): the VP takes no step outward without it; while the melder's consent on the
  case stands withdrawn (cases.status.change_consent), the tick on the step's form is not enough:
  consent is recorded on the case again first, a dated act of its own in the timeline;
- a closed case takes notes only (reopen it first for anything else); a purged case nothing;
- corrections never destroy history: edit_entry keeps the earlier text as a TimelineRevision,
  under optimistic concurrency.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import peewee as pw

from vp_tui.errors import NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import Adviser, Case, Referral, TimelineEntry, TimelineRevision
from vp_tui.models.enums import CLOSED, CONVERSATION_MODES, REFERRAL_DESTINATIONS, STEPS
from vp_tui.services import audit
from vp_tui.services.access import require_case
from vp_tui.services.context import Context
from vp_tui.services.validation import (
    check_date,
    check_minutes,
    check_text,
    parse_choice,
    present,
    raise_first,
)
from vp_tui.services.writes import transaction, update_versioned


class TimelineItem(NamedTuple):
    id: int
    kind: str  # ENTRY_KINDS
    occurred_on: dt.date
    minutes: int
    mode: str
    step: str
    destination: str
    consent: bool
    text: str
    author: str
    version: int
    edited: bool
    status: str = ""
    outcome: str = ""


class Revision(NamedTuple):
    """One version of an entry's text: written at `version` by `changed_by` at `changed_at`."""

    version: int
    text: str
    changed_by: str
    changed_at: dt.datetime


def writable_case(ctx: Context, case_id: int, *, closed_ok: bool = False) -> Case:
    """The case, checked for access (audited, committed even when the write fails) and state.

    Call outside the write transaction, so that a refusal's audit event is kept.
    """
    case = require_case(ctx, case_id, action="case.write-check")
    if case.purged_at is not None:
        raise ValidationError(_("Deze melding is vernietigd en kan niet meer worden aangevuld."))
    if case.status == CLOSED and not closed_ok:
        raise ValidationError(_("De melding is afgesloten; heropen haar eerst."), "status")
    return case


def not_before_opening(case: Case, field: str, day: dt.date) -> None:
    """Nothing happens in a case before it was opened."""
    if day < case.opened_on:
        raise_first(present(check_date(field, day, day, not_before=case.opened_on,
                                       not_before_what=_("de datum van de melding"))))


def consent_withdrawn(case: Case) -> bool:
    """The melder withdrew their consent and has not given it again: the case's consent date
    is then the day of the withdrawal (cases.status.change_consent)."""
    return not case.consent_recorded and case.consent_on is not None


def refuse_if_consent_withdrawn(case: Case) -> None:
    """Nothing goes outward (a step, a referral, a handover) on a withdrawn consent."""
    if consent_withdrawn(case):
        raise ValidationError(
            _("De melder heeft de toestemming ingetrokken; leg eerst opnieuw toestemming vast "
              "(toets c op de melding)."), "consent")


def consent_entry_label(given: bool) -> str:
    """What a consent entry ('toestemming') says, wherever it is shown."""
    return _("Toestemming melder vastgelegd") if given else _("Toestemming ingetrokken")


def _create_entry(ctx: Context, case: Case, **fields) -> TimelineEntry:
    entry = TimelineEntry.create(case=case.id, author=ctx.actor.id,
                                 updated_by=ctx.actor.initials, **fields)
    audit.record(ctx, "timeline.add", "timeline_entry", entry.id)
    return entry


def add_conversation(ctx: Context, case_id: int, occurred_on: dt.date, minutes: int,
                     mode: str, text: str = "") -> int:
    mode_key, mode_issue = parse_choice("mode", mode, CONVERSATION_MODES)
    raise_first(present(
        check_date("occurred_on", occurred_on, ctx.today),
        check_minutes("minutes", minutes),
        mode_issue,
        check_text("text", text),
    ))
    case = writable_case(ctx, case_id)
    not_before_opening(case, "occurred_on", occurred_on)
    with transaction():
        entry = _create_entry(ctx, case, kind="gesprek", occurred_on=occurred_on,
                              minutes=minutes, mode=mode_key, text=text)
        count_conversation(case.id, minutes)
    return entry.id


def count_conversation(case_id: int, minutes: int) -> None:
    """Keep the anonymous counters on the case (they survive a purge of the timeline)."""
    Case.update(
        conversation_count=Case.conversation_count + 1,
        minutes_spent=Case.minutes_spent + minutes,
    ).where(Case.id == case_id).execute()


def add_note(ctx: Context, case_id: int, occurred_on: dt.date, text: str) -> int:
    raise_first(present(
        check_date("occurred_on", occurred_on, ctx.today),
        check_text("text", text, required=True),
    ))
    case = writable_case(ctx, case_id, closed_ok=True)
    not_before_opening(case, "occurred_on", occurred_on)
    with transaction():
        entry = _create_entry(ctx, case, kind="notitie", occurred_on=occurred_on, text=text)
    return entry.id


def add_step(ctx: Context, case_id: int, step: str, occurred_on: dt.date, consent: bool,
             text: str = "") -> int:
    """A step from the melder's choice model; outward steps need recorded consent."""
    step_key, step_issue = parse_choice("step", step, STEPS)
    raise_first(present(
        step_issue,
        check_date("occurred_on", occurred_on, ctx.today),
        check_text("text", text),
    ))
    if STEPS.get(step_key).outward and not consent:
        raise ValidationError(
            _("Deze stap gaat naar buiten: leg eerst de toestemming van de melder vast."),
            "consent",
        )
    case = writable_case(ctx, case_id)
    if STEPS.get(step_key).outward:
        refuse_if_consent_withdrawn(case)
    not_before_opening(case, "occurred_on", occurred_on)
    with transaction():
        entry = _create_entry(ctx, case, kind="stap", occurred_on=occurred_on, step=step_key,
                              consent=bool(consent), text=text)
    return entry.id


def add_referral(ctx: Context, case_id: int, destination: str, referred_on: dt.date,
                 note: str, consent: bool) -> int:
    """A referral: a structured Referral row plus its timeline entry holding the note.

    Returns the timeline entry's id (what edit_entry and entry_history take).
    """
    dest_key, dest_issue = parse_choice("destination", destination, REFERRAL_DESTINATIONS)
    raise_first(present(dest_issue, check_date("referred_on", referred_on, ctx.today)))
    if not consent:
        raise ValidationError(
            _("Een verwijzing kan alleen met toestemming van de melder; leg die eerst vast."),
            "consent",
        )
    raise_first(present(check_text("note", note)))
    case = writable_case(ctx, case_id)
    refuse_if_consent_withdrawn(case)
    not_before_opening(case, "referred_on", referred_on)
    with transaction():
        entry = _create_entry(ctx, case, kind="verwijzing", occurred_on=referred_on,
                              consent=True, text=note)
        referral = Referral.create(case=case.id, entry=entry.id, destination=dest_key,
                                   referred_on=referred_on, consent=True, author=ctx.actor.id,
                                   updated_by=ctx.actor.initials)
        audit.record(ctx, "referral.add", "referral", referral.id)
    return entry.id


def record_status_entry(ctx: Context, case_id: int, on: dt.date, status: str, outcome: str,
                        text: str = "") -> int:
    """The timeline trace of a status change; call inside the status change's transaction."""
    entry = TimelineEntry.create(case=case_id, kind="status", occurred_on=on, status=status,
                                 outcome=outcome, text=text, author=ctx.actor.id,
                                 updated_by=ctx.actor.initials)
    audit.record(ctx, "timeline.add", "timeline_entry", entry.id)
    return entry.id


def record_consent_entry(ctx: Context, case_id: int, on: dt.date, given: bool,
                         text: str = "") -> int:
    """The timeline trace of a consent given or withdrawn; call inside that change's
    transaction."""
    entry = TimelineEntry.create(case=case_id, kind="toestemming", occurred_on=on,
                                 consent=given, text=text, author=ctx.actor.id,
                                 updated_by=ctx.actor.initials)
    audit.record(ctx, "timeline.add", "timeline_entry", entry.id)
    return entry.id


def _entry(ctx: Context, entry_id: int, action: str) -> TimelineEntry:
    entry = TimelineEntry.get_or_none(TimelineEntry.id == entry_id)
    if entry is None:
        raise NotFound(_("Deze regel bestaat niet (meer)."))
    require_case(ctx, entry.case_id, action=action)
    return entry


def edit_entry(ctx: Context, entry_id: int, version: int, text: str) -> int:
    """Replace an entry's text; the earlier text stays in its history. Returns the new version.

    A stale `version` raises ConflictError (someone else edited it since it was read).
    """
    entry = _entry(ctx, entry_id, "case.write-check")
    required = entry.kind == "notitie"
    raise_first(present(check_text("text", text, required=required)))
    if entry.case.purged_at is not None:
        raise ValidationError(_("Deze melding is vernietigd en kan niet meer worden aangevuld."))
    with transaction():
        current = TimelineEntry.get_by_id(entry.id)
        TimelineRevision.create(entry=current.id, version=current.version, text=current.text,
                                changed_by=current.updated_by, changed_at=current.updated_at)
        return update_versioned(ctx, TimelineEntry, entry.id, version, "timeline.edit",
                                text=text)


def entry_history(ctx: Context, entry_id: int) -> list[Revision]:
    """Every version of the entry's text, oldest first, the current text last."""
    entry = _entry(ctx, entry_id, "case.read-history")
    earlier = (
        TimelineRevision.select()
        .where(TimelineRevision.entry == entry.id)
        .order_by(TimelineRevision.version)
    )
    history = [Revision(r.version, r.text, r.changed_by, r.changed_at) for r in earlier]
    history.append(Revision(entry.version, entry.text, entry.updated_by, entry.updated_at))
    return history


def timeline(case: Case) -> list[TimelineItem]:
    """The case's entries in date order (same day: order of recording). Takes the Case row that
    access.require_case returned, so a caller cannot skip the check by passing an id."""
    query = (
        TimelineEntry.select(
            TimelineEntry,
            Adviser.initials.alias("author_initials"),
            pw.fn.COALESCE(Referral.destination, "").alias("destination"),
        )
        .join(Adviser, on=(TimelineEntry.author == Adviser.id))
        .switch(TimelineEntry)
        .join(Referral, pw.JOIN.LEFT_OUTER, on=(Referral.entry == TimelineEntry.id))
        .where(TimelineEntry.case == case.id)
        .order_by(TimelineEntry.occurred_on, TimelineEntry.id)
        .dicts()
    )
    return [
        TimelineItem(
            id=r["id"], kind=r["kind"], occurred_on=r["occurred_on"], minutes=r["minutes"],
            mode=r["mode"], step=r["step"], destination=r["destination"],
            consent=r["consent"], text=r["text"], author=r["author_initials"],
            version=r["version"], edited=r["version"] > 1, status=r["status"],
            outcome=r["outcome"],
        )
        for r in query
    ]
