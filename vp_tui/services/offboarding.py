"""An adviser leaves the agency: everything they hold passes on, and their access ends.

A coordinator (or admin) starts the procedure with a successor per organisation. The plan is
recorded first (models/offboarding.py); then each step of STEPS runs in its own transaction,
which also marks the step done, so a procedure cut off by a crash is resumed where it stopped
(`run` again) and a step is never applied twice. Every step is audited.

1. account: the account is deactivated (the leaver can no longer start a session) and their
   crash drafts, which nobody else may read, are deleted.
2. keys: the service account's authorized_keys lines that log in as the leaver are shown, or
   removed from the file (admin; services/sshkeys.withdraw_keys).
3. cases: each open case goes to the successor named for its organisation. What "transfer"
   means, given need-to-know (services/access.py):
   - with the melder's consent recorded on the case, the successor becomes its **owner**
     (not a handover): the leaver can no longer close, hand over or purge it, so a handover
     would leave the case without anyone responsible. The melder consented to sharing; the
     successor takes over the duty of care with the whole file. A CaseTransfer row records
     from whom, to whom and when;
   - without that consent the case stays closed to everyone: the owner stays the leaver and a
     waiting CaseTransfer flags it for the successor to ask the melder. The successor sees
     only what asking needs (waiting_transfers): the code, the organisation, the date of the
     report and the melder's contact details, nothing of the report itself; every such view is
     audited. Once the melder agrees, the successor records the consent (accept_transfer), and
     the case is theirs as above.
   Closed cases stay with the leaver under the retention rule: once the owner is inactive a
   coordinator purges them when due (retention.may_purge), without seeing their content.
4. engagements: the leaver's engagements end on the day of the procedure; the successor takes
   over the leaver's role (vaste or tweede VP) from the next day.
5. planning: the leaver's absences and the covers they were to give end on that day (those
   still to come are removed), so the gaps they leave show in the coverage at once
   (`result`'s gaps).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.models import (
    Absence,
    Adviser,
    Case,
    CaseTransfer,
    Cover,
    Draft,
    Engagement,
    Offboarding,
    Organisation,
    utcnow,
)
from vp_tui.models.enums import CLOSED, DAY_PARTS, ENGAGEMENT_ROLES, GAP_KINDS
from vp_tui.services import audit
from vp_tui.services.access import require_coordinator
from vp_tui.services.advisers import AdviserRow, handles_cases
from vp_tui.services.conflicts import has_conflict
from vp_tui.services.context import Context
from vp_tui.services.validation import check_date, present, raise_first
from vp_tui.services.writes import transaction

STEPS = ("account", "keys", "cases", "engagements", "planning")
#: The service account's keys file, where `admin ssh-line`'s lines go.
DEFAULT_KEYS_FILE = Path("~/.ssh/authorized_keys")
#: How long a successor has to ask a melder before the question counts as overdue (vp-tui due).
ASK_DAYS = 14


# --- what the adviser holds -------------------------------------------------------------------


class HeldCase(NamedTuple):
    id: int
    code: str
    organisation_id: int
    organisation: str
    opened_on: dt.date
    status: str
    #: The melder's consent is recorded on the case (the transfer then moves the owner).
    consent: bool


class ClosedCase(NamedTuple):
    id: int
    code: str
    organisation: str
    closed_on: dt.date
    due_on: dt.date


class HeldEngagement(NamedTuple):
    id: int
    organisation_id: int
    organisation: str
    role: str  # ENGAGEMENT_ROLES
    start: dt.date
    end: dt.date | None


class HeldPeriod(NamedTuple):
    """A future absence of the leaver (no reason: that stays with the adviser) or a cover the
    leaver is to give (`organisation` set)."""

    id: int
    start: dt.date
    end: dt.date
    organisation: str = ""


class Transfer(NamedTuple):
    code: str
    organisation: str
    successor: str  # initials
    #: 'done' (the successor owns it), 'waiting' (for the melder's consent) or 'declined'
    #: (the melder wanted no successor; closed).
    state: str


@dataclass
class Inventory:
    adviser: AdviserRow
    open_cases: list[HeldCase]
    closed_cases: list[ClosedCase]
    purged_cases: int
    engagements: list[HeldEngagement]
    absences: list[HeldPeriod]
    covers: list[HeldPeriod]
    #: Organisations that need a successor (open cases or an engagement): id -> name.
    organisations: dict[int, str]
    #: The procedure under way or finished for this adviser, if any.
    procedure: Procedure | None = None


@dataclass
class Procedure:
    id: int
    leave_on: dt.date
    started_by: str
    successors: dict[int, int]
    keys_file: str | None
    remove_keys: bool
    done: list[str]
    finished: bool

    @property
    def pending(self) -> list[str]:
        return [s for s in STEPS if s not in self.done]


def _adviser(initials_or_id: str | int) -> Adviser:
    if isinstance(initials_or_id, int):
        adviser = Adviser.get_or_none(Adviser.id == initials_or_id)
    else:
        adviser = Adviser.get_or_none(Adviser.initials == initials_or_id.strip().upper())
    if adviser is None:
        raise NotFound(_("Onbekende adviseur: {who}").format(who=initials_or_id))
    return adviser


def _procedure(row: Offboarding) -> Procedure:
    plan = json.loads(row.plan)
    return Procedure(row.id, row.leave_on, row.started_by,
                     {int(k): v for k, v in plan.get("successors", {}).items()},
                     plan.get("keys_file"), bool(plan.get("remove_keys")),
                     [s for s in row.done.split(",") if s], row.finished_at is not None)


def latest_procedure(adviser_id: int) -> Procedure | None:
    row = (Offboarding.select().where(Offboarding.adviser == adviser_id)
           .order_by(Offboarding.id.desc()).first())
    return _procedure(row) if row else None


def inventory(ctx: Context, adviser: str | int) -> Inventory:
    """Everything the adviser holds, as a coordinator may see it: codes, organisations and
    dates, never case content."""
    from vp_tui.services.retention import add_years, default_years

    require_coordinator(ctx)
    leaver = _adviser(adviser)
    today = ctx.today
    open_cases = [
        HeldCase(c.id, c.code, c.organisation_id, c.organisation.name, c.opened_on, c.status,
                 bool(c.consent_recorded))
        for c in Case.select(Case, Organisation).join(Organisation)
        .where(Case.owner == leaver.id, Case.status != CLOSED)
        .order_by(Organisation.name, Case.opened_on, Case.code)
    ]
    years = default_years()
    closed, purged = [], 0
    for c in (Case.select(Case.id, Case.code, Case.closed_on, Case.purged_at, Organisation.name,
                          Organisation.retention_years)
              .join(Organisation).where(Case.owner == leaver.id, Case.status == CLOSED)
              .order_by(Case.closed_on, Case.code)):
        if c.purged_at is not None:
            purged += 1
        elif c.closed_on is not None:
            term = years if c.organisation.retention_years is None else \
                c.organisation.retention_years
            closed.append(ClosedCase(c.id, c.code, c.organisation.name, c.closed_on,
                                     add_years(c.closed_on, term)))
    engagements = [
        HeldEngagement(e.id, e.organisation_id, e.organisation.name, e.role, e.start, e.end)
        for e in Engagement.select(Engagement, Organisation).join(Organisation)
        .where(Engagement.adviser == leaver.id,
               Engagement.end.is_null() | (Engagement.end >= today))
        .order_by(Organisation.name, Engagement.start)
    ]
    absences = [HeldPeriod(a.id, a.start, a.end) for a in Absence.select().where(
        Absence.adviser == leaver.id, Absence.end >= today).order_by(Absence.start)]
    covers = [HeldPeriod(c.id, c.start, c.end, c.organisation.name)
              for c in Cover.select(Cover, Organisation).join(Organisation)
              .where(Cover.replacement == leaver.id, Cover.end >= today)
              .order_by(Cover.start)]
    organisations = {c.organisation_id: c.organisation for c in open_cases}
    organisations.update({e.organisation_id: e.organisation for e in engagements})
    organisations = dict(sorted(organisations.items(), key=lambda item: item[1].casefold()))
    return Inventory(AdviserRow.of(leaver), open_cases, closed, purged, engagements, absences,
                     covers, organisations, latest_procedure(leaver.id))


def successor_choices(ctx: Context, adviser: str | int, organisation_id: int
                      ) -> list[AdviserRow]:
    """Who may succeed the leaver at an organisation: active advisers who handle cases, other
    than the leaver, without a conflict of interest there."""
    require_coordinator(ctx)
    leaver = _adviser(adviser)
    return [AdviserRow.of(a) for a in Adviser.select().order_by(Adviser.name)
            if a.id != leaver.id and handles_cases(a) and not has_conflict(a.id, organisation_id)]


# --- starting and running ---------------------------------------------------------------------


def start(ctx: Context, adviser: str | int, successors: dict[int, int], *,
          keys_file: Path | None = None, remove_keys: bool = False) -> int:
    """Record the plan of a leaving procedure (nothing else changes yet); returns its id.

    Every organisation where the leaver has an open case or an engagement needs a successor
    who may work there; a procedure still under way for the adviser is resumed, not
    started again."""
    require_coordinator(ctx)
    if remove_keys and ctx.actor.role != "admin":
        raise AccessDenied(_("Alleen een beheerder kan sleutelregels uit authorized_keys "
                             "verwijderen; laat ze dan tonen."))
    leaver = _adviser(adviser)
    if leaver.id == ctx.actor.id:
        raise ValidationError(_("U kunt niet uw eigen vertrek afhandelen; vraag een andere "
                                "coördinator."), "adviser")
    held = inventory(ctx, leaver.id)
    if held.procedure is not None and not held.procedure.finished:
        raise ValidationError(_("Voor {who} loopt al een vertrekprocedure; hervat die.").format(
            who=leaver.initials), "adviser")
    for org_id, name in held.organisations.items():
        if successors.get(org_id) is None:
            raise ValidationError(_("Kies een opvolger voor {org}.").format(org=name),
                                  f"successor:{org_id}")
    _check_successors(ctx, leaver.id, {k: v for k, v in successors.items()
                                       if k in held.organisations})
    plan = {"successors": {str(k): v for k, v in successors.items()
                           if k in held.organisations},
            "keys_file": str(keys_file) if keys_file else None, "remove_keys": remove_keys}
    with transaction():
        row = Offboarding.create(adviser=leaver.id, started_by=ctx.actor.initials,
                                 leave_on=ctx.today, plan=json.dumps(plan, sort_keys=True),
                                 updated_by=ctx.actor.initials)
        audit.record(ctx, "offboarding.start", "adviser", leaver.id)
    return row.id


def _check_successors(ctx: Context, leaver_id: int, successors: dict[int, int]) -> None:
    """Each successor may still take over (active, handling cases, no conflict of interest):
    checked when the plan is made and again before a resumed run hands anything over."""
    for org_id, successor_id in successors.items():
        if successor_id not in {a.id for a in successor_choices(ctx, leaver_id, org_id)}:
            org = Organisation.get_or_none(Organisation.id == org_id)
            raise ValidationError(
                _("{who} kan {org} niet overnemen (niet actief, geen adviseur, de vertrekkende "
                  "adviseur zelf of een belangenconflict).").format(
                    who=_adviser(successor_id).initials, org=org.name if org else org_id),
                f"successor:{org_id}")


@dataclass
class Result:
    procedure: Procedure
    transfers: list[Transfer]
    #: The authorized_keys lines that log in as the leaver, as last found; `keys_removed` says
    #: whether this run took them out of the file.
    key_lines: tuple[str, ...] = ()
    keys_removed: bool = False
    keys_file: str = ""
    #: The coverage gaps of the organisations the leaver served, over four weeks from the day
    #: after leaving (services.coverage.Gap).
    gaps: list = field(default_factory=list)


def run(ctx: Context, offboarding_id: int,
        after_step: Callable[[str], None] | None = None) -> Result:
    """Run the steps not yet done, in order; each commits with its mark. `after_step` is called
    with each step's name once it is committed (the crash test stops the process there)."""
    require_coordinator(ctx)
    row = Offboarding.get_or_none(Offboarding.id == offboarding_id)
    if row is None:
        raise NotFound(_("Vertrekprocedure niet gevonden."))
    procedure = _procedure(row)
    if {"cases", "engagements"} & set(procedure.pending):
        _check_successors(ctx, row.adviser_id, procedure.successors)
    withdrawal = None
    for step in procedure.pending:
        if step == "keys":
            withdrawal = _keys(ctx, row, procedure)
        with transaction():
            fresh = Offboarding.get_by_id(row.id)
            if step in fresh.done.split(","):
                continue  # another session ran it meanwhile
            if step != "keys":
                _STEP_FUNCTIONS[step](ctx, row, procedure)
            done = [s for s in STEPS if s in {*fresh.done.split(","), step}]
            finished = {"finished_at": utcnow()} if len(done) == len(STEPS) else {}
            Offboarding.update(done=",".join(done), version=Offboarding.version + 1,
                               updated_at=utcnow(), updated_by=ctx.actor.initials,
                               **finished).where(Offboarding.id == row.id).execute()
            audit.record(ctx, f"offboarding.{step}", "adviser", row.adviser_id)
            if finished:
                audit.record(ctx, "offboarding.finish", "adviser", row.adviser_id)
        if after_step is not None:
            after_step(step)
    return result(ctx, offboarding_id, withdrawal)


def _deactivate(ctx: Context, row: Offboarding, procedure: Procedure) -> None:
    Adviser.update(active=False, version=Adviser.version + 1, updated_at=utcnow(),
                   updated_by=ctx.actor.initials).where(Adviser.id == row.adviser_id).execute()
    audit.record(ctx, "adviser.deactivate", "adviser", row.adviser_id)
    if Draft.delete().where(Draft.adviser == row.adviser_id).execute():
        audit.record(ctx, "draft.delete", "adviser", row.adviser_id)


def _keys_path(procedure: Procedure) -> Path:
    return Path(procedure.keys_file or DEFAULT_KEYS_FILE).expanduser()


def _keys(ctx: Context, row: Offboarding, procedure: Procedure):  # noqa: ANN202
    """Outside the step's transaction: a file is no part of it. Removing is idempotent (a
    resumed run finds no line left), and showing changes nothing."""
    from vp_tui.services.sshkeys import withdraw_keys

    return withdraw_keys(ctx, row.adviser_id, _keys_path(procedure),
                         remove=procedure.remove_keys)


def _transfer_cases(ctx: Context, row: Offboarding, procedure: Procedure) -> None:
    cases = Case.select().where(Case.owner == row.adviser_id, Case.status != CLOSED,
                                Case.purged_at.is_null(),
                                Case.id.not_in(CaseTransfer.select(CaseTransfer.case).where(
                                    CaseTransfer.offboarding == row.id)))
    for case in cases:
        successor = procedure.successors.get(case.organisation_id)
        if successor is None:
            raise ValidationError(_("Melding {code} hoort bij een organisatie zonder opvolger in "
                                    "het plan; begin een nieuwe procedure.").format(
                                        code=case.code))
        consent = bool(case.consent_recorded)
        CaseTransfer.create(case=case.id, offboarding=row.id, from_adviser=row.adviser_id,
                            to_adviser=successor, consent=consent, created_on=row.leave_on,
                            done_on=row.leave_on if consent else None)
        if consent:
            _move_owner(ctx, case.id, successor)
            audit.record(ctx, "case.transfer", "case", case.id)
        else:
            audit.record(ctx, "case.transfer-waiting", "case", case.id)


def _move_owner(ctx: Context, case_id: int, successor_id: int, **changes: object) -> None:
    Case.update(owner=successor_id, version=Case.version + 1, updated_at=utcnow(),
                updated_by=ctx.actor.initials, **changes).where(Case.id == case_id).execute()


def _reassign_engagements(ctx: Context, row: Offboarding, procedure: Procedure) -> None:
    from vp_tui.services.organisations import refuse_engagement_overlap

    leave_on, next_day = row.leave_on, row.leave_on + dt.timedelta(days=1)
    for engagement in Engagement.select().where(
            Engagement.adviser == row.adviser_id,
            Engagement.end.is_null() | (Engagement.end > leave_on)):
        if engagement.start > leave_on:
            engagement.delete_instance()
            audit.record(ctx, "engagement.delete", "engagement", engagement.id)
        else:
            Engagement.update(end=leave_on, version=Engagement.version + 1, updated_at=utcnow(),
                              updated_by=ctx.actor.initials).where(
                Engagement.id == engagement.id).execute()
            audit.record(ctx, "engagement.end", "engagement", engagement.id)
        successor = procedure.successors.get(engagement.organisation_id)
        if successor is None:
            continue
        org = engagement.organisation_id
        serving = list(Engagement.select().where(
            Engagement.adviser == successor, Engagement.organisation == org,
            Engagement.start <= leave_on,
            Engagement.end.is_null() | (Engagement.end > leave_on)))
        if any(own.role == engagement.role or own.role == "vaste_vp" for own in serving):
            continue  # the successor holds this role, or the higher one, already
        # A tweede VP who succeeds the vaste VP leaves the tweede role for the vaste one.
        for own in serving:
            Engagement.update(end=leave_on, version=Engagement.version + 1,
                              updated_at=utcnow(), updated_by=ctx.actor.initials).where(
                Engagement.id == own.id).execute()
            audit.record(ctx, "engagement.end", "engagement", own.id)
        columns = dict(adviser=successor, organisation=org, role=engagement.role,
                       start=next_day, end=None)
        refuse_engagement_overlap(columns, Engagement.select().where(
            Engagement.organisation == org,
            Engagement.end.is_null() | (Engagement.end >= next_day)))
        created = Engagement.create(updated_by=ctx.actor.initials, **columns)
        audit.record(ctx, "engagement.create", "engagement", created.id)


def _end_planning(ctx: Context, row: Offboarding, procedure: Procedure) -> None:
    leave_on = row.leave_on
    for model, owner, action in ((Cover, Cover.replacement, "cover"),
                                 (Absence, Absence.adviser, "absence")):
        for item in model.select().where(owner == row.adviser_id, model.end > leave_on):
            if item.start > leave_on:
                if model is Absence:
                    Cover.delete().where(Cover.absence == item.id).execute()
                item.delete_instance()
                audit.record(ctx, f"{action}.delete", action, item.id)
            else:
                model.update(end=leave_on, version=model.version + 1, updated_at=utcnow(),
                             updated_by=ctx.actor.initials).where(model.id == item.id).execute()
                if model is Absence:
                    Cover.delete().where(Cover.absence == item.id,
                                         Cover.start > leave_on).execute()
                    Cover.update(end=leave_on).where(Cover.absence == item.id,
                                                     Cover.end > leave_on).execute()
                audit.record(ctx, f"{action}.end", action, item.id)


_STEP_FUNCTIONS = {"account": _deactivate, "cases": _transfer_cases,
                   "engagements": _reassign_engagements, "planning": _end_planning}


def result(ctx: Context, offboarding_id: int, withdrawal=None) -> Result:  # noqa: ANN001
    """What the procedure did, read back from the database (so a resumed run reports the
    steps of the run that crashed too), with the coverage gaps it leaves."""
    from vp_tui.services.coverage import coverage
    from vp_tui.services.sshkeys import withdraw_keys

    require_coordinator(ctx)
    row = Offboarding.get_by_id(offboarding_id)
    procedure = _procedure(row)
    successor = Adviser.alias()
    transfers = [
        Transfer(t.case.code, t.case.organisation.name, t.to_adviser.initials,
                 "done" if t.done_on else "declined" if t.declined_on else "waiting")
        for t in CaseTransfer.select(CaseTransfer, Case, Organisation, successor)
        .join(Case).join(Organisation).switch(CaseTransfer)
        .join(successor, on=(CaseTransfer.to_adviser == successor.id))
        .where(CaseTransfer.offboarding == row.id).order_by(Organisation.name, Case.code)
    ]
    path = _keys_path(procedure)
    if withdrawal is None:
        withdrawal = withdraw_keys(ctx, row.adviser_id, path, remove=False)
    served = set(procedure.successors) | {
        e.organisation_id for e in Engagement.select(Engagement.organisation).where(
            Engagement.adviser == row.adviser_id, Engagement.end == row.leave_on)}
    gaps = [g for g in coverage(ctx, row.leave_on + dt.timedelta(days=1), 4).gaps
            if g.organisation_id in served]
    return Result(procedure, transfers, withdrawal.lines, withdrawal.removed, str(path), gaps)


# --- the successor's side ---------------------------------------------------------------------


class WaitingTransfer(NamedTuple):
    id: int
    case_id: int
    code: str
    organisation: str
    opened_on: dt.date
    from_adviser: str  # initials
    since: dt.date
    #: How to reach the melder to ask: the only content of the case the successor sees.
    contact: str


def waiting_transfers(ctx: Context, *, with_contact: bool = True) -> list[WaitingTransfer]:
    """The cases passed to the actor that wait for the melder's consent. With `with_contact`
    the melder's contact details come along, each view audited ('case.transfer-contact');
    without, only codes and dates (vp-tui due)."""
    leaver = Adviser.alias()
    query = (CaseTransfer.select(CaseTransfer, Case, Organisation, leaver)
             .join(Case).join(Organisation).switch(CaseTransfer)
             .join(leaver, on=(CaseTransfer.from_adviser == leaver.id))
             .where(CaseTransfer.to_adviser == ctx.actor.id, CaseTransfer.done_on.is_null(),
                    CaseTransfer.declined_on.is_null(),
                    Case.owner == CaseTransfer.from_adviser, Case.purged_at.is_null())
             .order_by(CaseTransfer.created_on, Case.code))
    rows = [WaitingTransfer(t.id, t.case.id, t.case.code, t.case.organisation.name,
                            t.case.opened_on, t.from_adviser.initials, t.created_on,
                            t.case.melder_contact if with_contact else "")
            for t in query]
    if with_contact and rows:
        with transaction():
            audit.record_many(ctx, "case.transfer-contact", "case", [r.case_id for r in rows])
    return rows


def _waiting(ctx: Context, transfer_id: int, day: dt.date) -> CaseTransfer:
    transfer = CaseTransfer.get_or_none(CaseTransfer.id == transfer_id)
    if transfer is None or transfer.to_adviser_id != ctx.actor.id or not ctx.actor.works_cases:
        raise NotFound(_("Geen overdracht aan u gevonden."))
    case = transfer.case
    if transfer.declined_on is not None or case.status == CLOSED:
        raise ValidationError(_("De melder van {code} wilde geen opvolger; de melding is "
                                "afgesloten.").format(code=case.code))
    if transfer.done_on is not None or case.owner_id != transfer.from_adviser_id:
        raise ValidationError(_("Melding {code} is al overgedragen.").format(code=case.code))
    raise_first(present(check_date("on", day, ctx.today, not_before=transfer.created_on,
                                   not_before_what=_("de overdracht"))))
    return transfer


def accept_transfer(ctx: Context, transfer_id: int, on: dt.date | None = None) -> None:
    """The melder agreed to the successor: the consent is recorded on the case (a
    'toestemming' entry, as cases.status.change_consent makes) and the successor becomes its
    owner."""
    from vp_tui.services.timeline import record_consent_entry

    day = on or ctx.today
    transfer = _waiting(ctx, transfer_id, day)
    case = transfer.case
    with transaction():
        _move_owner(ctx, case.id, ctx.actor.id, consent_recorded=True, consent_on=day)
        record_consent_entry(ctx, case.id, day, True)
        CaseTransfer.update(done_on=day, consent=True).where(
            CaseTransfer.id == transfer.id).execute()
        audit.record(ctx, "case.consent", "case", case.id)
        audit.record(ctx, "case.transfer", "case", case.id)


def successors_by_name(ctx: Context, adviser: str | int, pairs: list[str]) -> dict[int, int]:
    """The successors of `--successor` options: 'ORGANISATION=INITIALS' (the organisation by
    name, any case, or number), or 'INITIALS' alone for every organisation not named."""
    held = inventory(ctx, adviser)
    by_name = {name.strip().casefold(): org_id for org_id, name in held.organisations.items()}
    chosen: dict[int, int] = {}
    default = None
    for pair in pairs:
        org_text, _sep, initials = pair.rpartition("=")
        successor = _adviser(initials).id
        if not org_text:
            default = successor
            continue
        org_id = by_name.get(org_text.strip().casefold())
        if org_id is None and org_text.strip().isdigit() and \
                int(org_text) in held.organisations:
            org_id = int(org_text)
        if org_id is None:
            raise ValidationError(
                _("{org} is geen organisatie van {who}; kies uit: {known}.").format(
                    org=org_text, who=held.adviser.initials,
                    known="; ".join(held.organisations.values()) or "–"), "successor")
        chosen[org_id] = successor
    if default is not None:
        for org_id in held.organisations:
            chosen.setdefault(org_id, default)
    return chosen


def choices(ctx: Context, adviser: str | int) -> tuple[Inventory, dict[int, list[AdviserRow]]]:
    """What the leaving screen shows: the inventory and, per organisation that needs one, who
    may succeed the adviser there."""
    held = inventory(ctx, adviser)
    return held, {org_id: successor_choices(ctx, held.adviser.id, org_id)
                  for org_id in held.organisations}


def leavers(ctx: Context) -> list[AdviserRow]:
    """Whom the leaving screen offers: every other adviser still active, and those whose
    procedure was cut off (to resume it)."""
    require_coordinator(ctx)
    unfinished = Offboarding.select(Offboarding.adviser).where(Offboarding.finished_at.is_null())
    return [AdviserRow.of(a) for a in Adviser.select().where(
        Adviser.id != ctx.actor.id,
        (Adviser.active == True) | Adviser.id.in_(unfinished))  # noqa: E712
        .order_by(Adviser.name)]


def proceed(ctx: Context, adviser: str | int, successors: dict[int, int], *,
            keys_file: Path | None = None, remove_keys: bool = False) -> tuple[str, Result]:
    """Start the procedure and run it; or resume one that was cut off (its recorded plan
    counts, not `successors`); or, when it has finished and the adviser is gone, report what
    it did. Returns ('started' | 'resumed' | 'finished', result)."""
    leaver = _adviser(adviser)
    procedure = latest_procedure(leaver.id)
    if procedure is not None and procedure.finished and not leaver.active:
        return "finished", result(ctx, procedure.id)
    if procedure is not None and not procedure.finished:
        return "resumed", run(ctx, procedure.id)
    return "started", run(ctx, start(ctx, leaver.id, successors, keys_file=keys_file,
                                     remove_keys=remove_keys))



#: The outcome of a case whose melder wanted no successor (OUTCOMES).
DECLINED_OUTCOME = "geen"


def decline_transfer(ctx: Context, transfer_id: int, on: dt.date | None = None) -> None:
    """The melder wants no other VP: the case is closed ('geen actie gewenst', with a status
    entry as cases.status.change_status makes) without the successor ever seeing it. It stays the
    leaver's, so a coordinator destroys it when its term has passed (retention.may_purge)."""
    from vp_tui.services.timeline import record_status_entry

    day = on or ctx.today
    transfer = _waiting(ctx, transfer_id, day)
    case = transfer.case
    with transaction():
        Case.update(status=CLOSED, closed_on=day, outcome=DECLINED_OUTCOME,
                    version=Case.version + 1, updated_at=utcnow(),
                    updated_by=ctx.actor.initials).where(Case.id == case.id).execute()
        record_status_entry(ctx, case.id, day, CLOSED, DECLINED_OUTCOME)
        CaseTransfer.update(declined_on=day).where(CaseTransfer.id == transfer.id).execute()
        audit.record(ctx, "case.transfer-declined", "case", case.id)

# --- as text (admin offboard, the leaving screen) -------------------------------------------


def describe_holdings(held: Inventory, limit: int | None = None) -> list[str]:
    """What the adviser holds, as lines of plain text (`admin offboard` and the leaving
    screen show the same); `limit`: at most that many closed cases by name."""
    lines: list[str] = []
    echo = lines.append
    who = held.adviser
    echo(_("{name} ({initials}){state}").format(
        name=who.name, initials=who.initials,
        state="" if who.active else " — " + _("niet actief")))
    echo(_("Open meldingen: {n}").format(n=len(held.open_cases)))
    for case in held.open_cases:
        consent = _("toestemming vastgelegd") if case.consent else _("geen toestemming")
        echo(f"  {case.code}  {case.organisation} — {fmt_date(case.opened_on)}, {consent}")
    echo(_("Afgesloten meldingen: {n} nog te vernietigen, {p} vernietigd").format(
        n=len(held.closed_cases), p=held.purged_cases))
    for case in held.closed_cases[:limit]:
        echo("  " + _("{code}  {org} — te vernietigen op {day}").format(
            code=case.code, org=case.organisation, day=fmt_date(case.due_on)))
    if limit is not None and len(held.closed_cases) > limit:
        echo("  " + _("… en {n} meer").format(n=len(held.closed_cases) - limit))
    echo(_("Vaste/tweede VP: {n}").format(n=len(held.engagements)))
    for eng in held.engagements:
        echo(f"  {eng.organisation} — {ENGAGEMENT_ROLES.label(eng.role)}")
    echo(_("Afwezigheden: {n}; vervangingen die hij of zij geeft: {c}").format(
        n=len(held.absences), c=len(held.covers)))
    for period in held.absences:
        echo(f"  {fmt_date(period.start)} – {fmt_date(period.end)}")
    for period in held.covers:
        echo(f"  {period.organisation}: {fmt_date(period.start)} – {fmt_date(period.end)}")
    if held.procedure is not None:
        state = (_("afgerond") if held.procedure.finished else
                 _("onderbroken; nog te doen: {steps}").format(
                     steps=", ".join(held.procedure.pending)))
        echo(_("Vertrekprocedure van {day}: {state}").format(
            day=fmt_date(held.procedure.leave_on), state=state))
    return lines


def describe_result(result: Result) -> list[str]:
    """What the procedure did and the gaps it leaves, as lines of plain text."""
    from vp_tui.services.coverage import missing_label

    lines: list[str] = []
    echo = lines.append
    echo(_("Account gedeactiveerd.") if not result.procedure.pending else
         _("Nog te doen: {steps}.").format(steps=", ".join(result.procedure.pending)))
    said = {"done": _("{code} ({org}) is nu van {who}"),
            "waiting": _("{code} ({org}) wacht op toestemming van de melder; {who} vraagt die"),
            "declined": _("{code} ({org}): de melder wilde geen opvolger; afgesloten")}
    for transfer in result.transfers:
        echo("  " + said[transfer.state].format(code=transfer.code, org=transfer.organisation,
                                                who=transfer.successor))
    if result.keys_removed:
        echo(_("{n} sleutelregel(s) verwijderd uit {file}.").format(
            n=len(result.key_lines), file=result.keys_file))
    elif result.key_lines:
        echo(_("Verwijder deze regel(s) uit {file}:").format(file=result.keys_file))
        for line in result.key_lines:
            echo(line)
    else:
        echo(_("Geen sleutelregels voor deze adviseur in {file}.").format(
            file=result.keys_file))
    if not result.gaps:
        echo(_("Geen tekorten in de komende vier weken bij de organisaties van de adviseur."))
    for gap in result.gaps:
        missing = f": {missing_label(gap.missing)}" if gap.missing else ""
        part = "" if gap.day_part == "dag" else f" ({DAY_PARTS.label(gap.day_part)})"
        echo(_("Tekort {day}{part}: {org} {kind}{missing}").format(
            day=fmt_date(gap.day), part=part, org=gap.organisation,
            kind=GAP_KINDS.label(gap.kind), missing=missing))
    return lines
