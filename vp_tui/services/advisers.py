"""Advisers and identity: who the acting adviser is."""

from __future__ import annotations

from typing import NamedTuple

from vp_tui.errors import AccessDenied, ValidationError
from vp_tui.i18n import _
from vp_tui.models import Adviser
from vp_tui.models.enums import GENDERS, ROLES
from vp_tui.services import audit
from vp_tui.services.context import Actor, Context
from vp_tui.services.writes import transaction


def resolve_actor(initials: str | None, os_user: str | None) -> Actor:
    """The one rule: `--as INITIALS` when given; otherwise the adviser mapped to the OS user.

    Inactive or unknown advisers are refused.
    """
    if initials:
        adviser = Adviser.get_or_none(Adviser.initials == initials.strip().upper())
        if adviser is None:
            raise AccessDenied(_("Onbekende adviseur: {who}").format(who=initials))
    else:
        adviser = Adviser.get_or_none(Adviser.os_user == os_user) if os_user else None
        if adviser is None:
            raise AccessDenied(
                _("Geen adviseur gekoppeld aan gebruiker {user}; start met --as INITIALEN.").format(
                    user=os_user or "?"
                )
            )
    if not adviser.active:
        raise AccessDenied(_("Adviseur {who} is niet actief.").format(who=adviser.initials))
    return Actor.of(adviser)


class AdviserRow(NamedTuple):
    id: int
    name: str
    initials: str
    gender: str
    role: str
    active: bool

    @classmethod
    def of(cls, adviser: Adviser) -> AdviserRow:
        return cls(adviser.id, adviser.name, adviser.initials, adviser.gender, adviser.role,
                   adviser.active)


def handles_cases(adviser: Adviser) -> bool:
    """Who can own, cover or take over cases: an active adviser (Actor.works_cases)."""
    return adviser.active and Actor.of(adviser).works_cases


def list_advisers(active_only: bool = True) -> list[AdviserRow]:
    query = Adviser.select().order_by(Adviser.name)
    if active_only:
        query = query.where(Adviser.active == True)  # noqa: E712
    return [AdviserRow.of(a) for a in query]


def adviser_columns(
    name: str,
    initials: str,
    gender: str,
    role: str = "adviser",
    is_adviser: bool = True,
    os_user: str | None = None,
) -> dict:
    """The stored columns of a new adviser, which the form and the import share; raises
    ValidationError naming the first problem. Whether the initials are taken is the caller's
    question: the form refuses them, the import counts the row as already there."""
    name, initials = name.strip(), initials.strip().upper()
    if not name:
        raise ValidationError(_("Naam is verplicht."), "name")
    if not initials or len(initials) > 16 or not initials.replace("-", "").isalnum():
        raise ValidationError(_("Initialen: 1 tot 16 letters of cijfers."), "initials")
    if gender not in GENDERS:
        raise ValidationError(
            _("Geslacht: kies uit {choices}.").format(choices=", ".join(GENDERS.keys())), "gender"
        )
    if role not in ROLES:
        raise ValidationError(
            _("Rol: kies uit {choices}.").format(choices=", ".join(ROLES.keys())), "role"
        )
    return dict(name=name, initials=initials, gender=gender, role=role,
                is_adviser=is_adviser or role == "adviser", os_user=os_user or None)


def add_adviser(
    ctx: Context | None,
    name: str,
    initials: str,
    gender: str,
    role: str = "adviser",
    is_adviser: bool = True,
    os_user: str | None = None,
) -> int:
    """Create an adviser. `ctx` is None only for the very first account, made by `init`."""
    if ctx is not None and ctx.actor.role != "admin":
        raise AccessDenied(_("Alleen een beheerder kan adviseurs toevoegen."))
    columns = adviser_columns(name, initials, gender, role, is_adviser, os_user)
    with transaction():
        if Adviser.select().where(Adviser.initials == columns["initials"]).exists():
            raise ValidationError(_("Initialen {i} zijn al in gebruik.").format(
                i=columns["initials"]))
        adviser = Adviser.create(updated_by=ctx.actor.initials if ctx else "init", **columns)
        audit.record(ctx, "adviser.create", "adviser", adviser.id,
                     actor=None if ctx else "init")
    return adviser.id
