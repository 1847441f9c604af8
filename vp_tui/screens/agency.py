"""The agency profile and the advisers' contact details for clients, as forms an admin opens
from the report screen (or the palette). Others are refused by the service, and told so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vp_tui.errors import ValidationError
from vp_tui.i18n import _
from vp_tui.services.agency import (
    AdviserContactRow,
    Profile,
    list_contacts,
    read_profile,
    save_contact,
    update_profile,
)
from vp_tui.widgets.form import FieldSpec, Form

if TYPE_CHECKING:
    from vp_tui.screens.base import VpScreen


def open_profile(screen: VpScreen) -> None:
    """Read the profile (refused unless the actor is an admin), then show its form."""
    screen.call_service(read_profile, screen.ctx, then=lambda p: _profile_form(screen, p),
                        error=screen.notify_refusal)


def _profile_form(screen: VpScreen, profile: Profile) -> None:
    logo = (_("huidig logo: {kind}, {kb} kB").format(kind=profile.logo_kind.upper(),
                                                     kb=max(1, len(profile.logo) // 1000))
            if profile.logo else _("PNG of JPEG, nog geen logo"))
    fields = [
        FieldSpec("name", _("Naam van het bureau"), value=profile.name),
        FieldSpec("address", _("Adres"), "area", value=profile.address),
        FieldSpec("phone", _("Telefoon"), value=profile.phone),
        FieldSpec("email", _("E-mail"), value=profile.email),
        FieldSpec("website", _("Website"), value=profile.website),
        FieldSpec("logo", _("Nieuw logo (pad)"), placeholder=logo),
        FieldSpec("remove_logo", _("Logo weghalen"), "check", value=False),
    ]

    def submit(values: dict) -> int:
        texts = {key: str(values[key]) for key in ("name", "address", "phone", "email",
                                                  "website")}
        return update_profile(screen.ctx, texts, profile.version, str(values["logo"]),
                              bool(values["remove_logo"]))

    screen.open_form(_("Bureaugegevens op het jaarverslag"), fields, submit,
                     _("Bureaugegevens opgeslagen."), then=lambda _version: None,
                     intro=_("Briefhoofd, Bereikbaarheid en ondertekening van elk "
                             "jaarverslag. Alleen beheerders wijzigen dit."))


def open_contacts(screen: VpScreen) -> None:
    """What clients see of an adviser beside the name (admins only)."""
    screen.call_service(list_contacts, screen.ctx, then=lambda rows: _contact_form(screen, rows),
                        error=screen.notify_refusal)


def _contact_form(screen: VpScreen, rows: list[AdviserContactRow]) -> None:
    by_id = {row.adviser_id: row for row in rows}
    first = rows[0] if rows else None
    fields = [
        FieldSpec("adviser", _("Adviseur"), "choice",
                  [(f"{row.name} ({row.initials})", row.adviser_id) for row in rows],
                  value=first.adviser_id if first else None, none_if_blank=True),
        FieldSpec("phone", _("Telefoon voor klanten"), value=first.phone if first else ""),
        FieldSpec("email", _("E-mail voor klanten"), value=first.email if first else ""),
        FieldSpec("availability", _("Bereikbaarheid"),
                  value=first.availability if first else "",
                  placeholder=_("bv. maandag tot en met donderdag")),
    ]

    def chosen(form: Form, name: str) -> None:
        row = by_id.get(form.read_field("adviser"))  # type: ignore[arg-type]
        if name != "adviser" or row is None:
            return
        for key in ("phone", "email", "availability"):
            form.control(key).value = getattr(row, key)  # type: ignore[attr-defined]

    def submit(values: dict) -> int:
        row = by_id.get(values["adviser"])
        if row is None:
            raise ValidationError(_("Kies een adviseur."), "adviser")
        return save_contact(screen.ctx, row.initials,
                            {key: str(values[key]) for key in ("phone", "email",
                                                               "availability")},
                            row.version)

    screen.open_form(_("Contactgegevens voor klanten"), fields, submit,
                     _("Contactgegevens opgeslagen."), then=lambda _version: None,
                     on_change=chosen)
