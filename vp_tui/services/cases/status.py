"""Changing a case: its status (closing and reopening), the melder's consent, and the
whistleblower act's confirmations. Which moves are allowed, and when an outcome
belongs, is decided in services.cases.rules.

- Status: a change is dated (default today), not before the report nor before the previous
  change. Closing needs an outcome and is the owner's act. Reopening clears closed_on and the
  outcome on the case; the earlier outcome stays in the timeline's status entry. Every change
  leaves a 'status' entry in the timeline. Closing while follow-ups are open is warned about
  first (status_issues), not refused.
- Consent: the melder's consent is recorded at intake or later, and may be withdrawn
  (change_consent). Every change is dated (default today, not in the future, not before the
  report nor before the previous change) and leaves a 'toestemming' entry in the timeline.
  The case keeps the current state: consent_recorded, and consent_on, the day of the last
  change (a withdrawal when consent_recorded is false; never set when no consent was given).
"""

from __future__ import annotations

import datetime as dt

from vp_tui.errors import ValidationError
from vp_tui.i18n import _
from vp_tui.models import Case, Handover, TimelineEntry
from vp_tui.models.enums import CLOSED, OUTCOMES, STATUSES
from vp_tui.services import audit
from vp_tui.services.access import require_case, require_case_owner
from vp_tui.services.cases import rules
from vp_tui.services.context import Context
from vp_tui.services.followups import followups_of, open_followups_issue
from vp_tui.services.timeline import (
    not_before_opening,
    record_consent_entry,
    record_status_entry,
    writable_case,
)
from vp_tui.services.validation import (
    FieldIssue,
    check_date,
    check_text,
    parse_choice,
    present,
    raise_first,
)
from vp_tui.services.writes import transaction, update_versioned


def status_issues(ctx: Context, case_id: int, status: str, outcome: str) -> list[FieldIssue]:
    """What a status form shows before saving: a missing outcome (the error change_status
    would raise), and a warning when closing while follow-ups are still open."""
    new, _issue = parse_choice("status", status, STATUSES)
    closing = new == CLOSED
    _key, parsed = parse_choice("outcome", outcome, OUTCOMES, required=closing)
    issues = present(rules.outcome_issue(closing, parsed, outcome))
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
    if new not in rules.allowed_statuses(case.status):
        raise ValidationError(
            _("Van {old} naar {new} kan niet.").format(old=STATUSES.label(case.status),
                                                       new=STATUSES.label(new)), "status")
    raise_first(present(rules.outcome_issue(closing, outcome_issue, outcome)))
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

