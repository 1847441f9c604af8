"""Handing an existing case over to another adviser, for example a replacement during an absence.

A cover alone shows the replacement only the cases that come in during the cover window
(vp_tui.services.access). A case that already existed is confidential between the melder and
their VP: it becomes visible to someone else only by an explicit handover, by its owner, with the
melder's consent recorded. When the melder withdraws consent, the case's handovers end and a
new one waits until consent is recorded on the case again (cases.status.change_consent).
"""

from __future__ import annotations

import datetime as dt

from vp_tui.errors import NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import Adviser, Handover
from vp_tui.services import audit
from vp_tui.services.access import owns, require_case_owner
from vp_tui.services.advisers import AdviserRow, handles_cases
from vp_tui.services.conflicts import conflicted, has_conflict
from vp_tui.services.context import Context
from vp_tui.services.timeline import refuse_if_consent_withdrawn
from vp_tui.services.writes import transaction


def may_hand_over(ctx: Context, owner_id: int | None) -> bool:
    """Only a case's owner hands it over (hand_over refuses anyone else, through
    require_case_owner): screens offer the handover on the owner's cases only."""
    return owns(ctx, owner_id)


def recipients(ctx: Context, organisation_id: int) -> list[AdviserRow]:
    """Who may take over a case of the organisation: the active advisers who handle cases,
    other than the actor, without a conflict of interest with the organisation."""
    query = (Adviser.select()
             .where(Adviser.id != ctx.actor.id, Adviser.id.not_in(conflicted(organisation_id)))
             .order_by(Adviser.name))
    return [AdviserRow.of(a) for a in query if handles_cases(a)]


def hand_over(ctx: Context, case_id: int, to_adviser_id: int | None, consent: bool,
              start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Record a handover of the actor's own case; refused without the melder's consent."""
    case = require_case_owner(ctx, case_id)
    if not consent:
        raise ValidationError(
            _("Overdragen kan alleen met toestemming van de melder; leg die eerst vast."),
            "consent")
    refuse_if_consent_withdrawn(case)
    if to_adviser_id is None:
        raise ValidationError(_("Kies aan wie u de melding overdraagt."), "to_adviser")
    target = Adviser.get_or_none(Adviser.id == to_adviser_id)
    if target is None:
        raise NotFound(_("Adviseur niet gevonden."))
    if target.id == ctx.actor.id:
        raise ValidationError(_("U bent al de eigenaar van deze melding."), "to_adviser")
    if not handles_cases(target):
        raise ValidationError(
            _("{who} kan geen meldingen behandelen.").format(who=target.initials), "to_adviser")
    start = start or ctx.today
    if end is not None and end < start:
        raise ValidationError(_("De einddatum ligt vóór de begindatum."), "end")
    with transaction():
        if has_conflict(target.id, case.organisation_id):
            raise ValidationError(
                _("{who} heeft een belangenconflict met deze organisatie.").format(
                    who=target.initials), "to_adviser")
        handover = Handover.create(case=case, from_adviser=ctx.actor.id, to_adviser=target,
                                   start=start, end=end, consent=True)
        audit.record(ctx, "case.handover", "case", case.id)
    return handover.id
