"""Need-to-know: the one place that decides which cases and files an actor may see.

An adviser sees a case when they own it, when it was handed over to them with the melder's
consent (for the handover's period), or when it came in for an organisation they cover, while
that cover window runs. Coordinators and admins see organisations, planning and anonymous
figures, but no case content unless they are advisers too (`Actor.works_cases`); an admin has
the coordinator's rights besides accounts, keys, backups and the audit listing. The TUI and the
CLI both go through here; tests/services/test_access_matrix.py pins the whole matrix.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from vp_tui.errors import AccessDenied, NotFound
from vp_tui.i18n import _
from vp_tui.models import Case, Cover, Engagement, Handover, Organisation
from vp_tui.models.enums import CLOSED
from vp_tui.services import audit
from vp_tui.services.context import Context


def _handed_over(ctx: Context) -> pw.SelectQuery:
    today = ctx.today
    return Handover.select(Handover.case).where(
        Handover.to_adviser == ctx.actor.id,
        Handover.consent == True,  # noqa: E712 (peewee expression)
        Handover.start <= today,
        (Handover.end.is_null()) | (Handover.end >= today),
    )


def _covered_new_cases(ctx: Context) -> pw.SelectQuery:
    """Cases opened for a covered organisation inside a cover window that is still running:
    when the owner is back, the replacement no longer needs to know (a handover with consent
    can keep a case open to them)."""
    today = ctx.today
    return (
        Case.select(Case.id)
        .join(Cover, on=(Cover.organisation == Case.organisation))
        .where(
            Cover.replacement == ctx.actor.id,
            Cover.start <= today,
            Cover.end >= today,
            Case.opened_on >= Cover.start,
            Case.opened_on <= Cover.end,
        )
    )


def case_filter(ctx: Context, *, open_only: bool = False) -> pw.Expression:
    """A WHERE clause for Case selecting exactly what the actor may see; with `open_only`,
    only the cases not yet closed.

    The open condition is repeated inside the own-cases branch: SQLite does not carry a
    condition outside an OR into its branches, and there it lets the (owner, status,
    opened_on) index skip closed cases before their rows are read. An adviser owns thousands
    of closed cases and some tens of open ones."""
    if not ctx.actor.works_cases:
        return Case.id.is_null()  # matches nothing: ids are never NULL
    own = Case.owner == ctx.actor.id
    if open_only:
        own = own & (Case.status != CLOSED)
    visible = own | Case.id.in_(_handed_over(ctx)) | Case.id.in_(_covered_new_cases(ctx))
    return (Case.status != CLOSED) & visible if open_only else visible


def require_case(ctx: Context, case_id: int, action: str = "case.read") -> Case:
    """The case if the actor may see it; the read is audited (without content)."""
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFound(_("Melding niet gevonden."))
    allowed = Case.select(Case.id).where((Case.id == case_id) & case_filter(ctx)).exists()
    if not allowed:
        audit.record(ctx, "case.denied", "case", case_id)
        raise AccessDenied(_("U heeft geen toegang tot deze melding."))
    audit.record(ctx, action, "case", case_id)
    return case


def owns(ctx: Context, owner_id: int | None) -> bool:
    """The actor owns the case of `owner_id`: only the owner hands a case over or closes it."""
    return owner_id == ctx.actor.id


def require_case_owner(ctx: Context, case_id: int) -> Case:
    """Changes that only the owner may make (handover, closing a case)."""
    case = require_case(ctx, case_id, action="case.owner-check")
    if not owns(ctx, case.owner_id):
        raise AccessDenied(_("Alleen de eigenaar van de melding kan dit doen."))
    return case


def organisation_filter(ctx: Context, on: dt.date | None = None) -> pw.Expression:
    """Organisations whose file the actor may see: all for coordinators, otherwise those they
    serve (an engagement that is not over) or cover today."""
    if ctx.actor.is_coordinator:
        return Organisation.id.is_null(False)
    day = on or ctx.today
    engaged = Engagement.select(Engagement.organisation).where(
        Engagement.adviser == ctx.actor.id,
        (Engagement.end.is_null()) | (Engagement.end >= day),
    )
    covering = Cover.select(Cover.organisation).where(
        Cover.replacement == ctx.actor.id, Cover.start <= day, Cover.end >= day
    )
    return Organisation.id.in_(engaged) | Organisation.id.in_(covering)


def require_organisation(ctx: Context, org_id: int) -> Organisation:
    org = Organisation.get_or_none(Organisation.id == org_id)
    if org is None:
        raise NotFound(_("Organisatie niet gevonden."))
    if not Organisation.select().where(
        (Organisation.id == org_id) & organisation_filter(ctx)
    ).exists():
        raise AccessDenied(_("U heeft geen toegang tot het dossier van deze organisatie."))
    return org


def require_coordinator(ctx: Context) -> None:
    if not ctx.actor.is_coordinator:
        raise AccessDenied(_("Alleen een coördinator of beheerder kan dit doen."))


def require_admin(ctx: Context) -> None:
    if ctx.actor.role != "admin":
        raise AccessDenied(_("Alleen een beheerder kan dit doen."))
