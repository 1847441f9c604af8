"""The agency as the sender of its reports: name, address, logo and contact details, and per
adviser what clients may see of them.

Everyone reads the profile (every report carries it); only an admin changes it. A logo is
checked here, by its first bytes and its size, so a report never embeds something a word
processor cannot show.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from vp_tui.errors import NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import Adviser, Engagement
from vp_tui.models.agency import PROFILE_ID, AdviserContact, AgencyProfile
from vp_tui.models.enums import ENGAGEMENT_ROLES
from vp_tui.services import audit
from vp_tui.services.access import require_admin
from vp_tui.services.context import Context
from vp_tui.services.writes import transaction, update_versioned
from vp_tui.text import strip_controls

#: A letterhead logo, not a photo album.
MAX_LOGO_BYTES = 1_000_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

PROFILE_FIELDS = ("name", "address", "phone", "email", "website")
CONTACT_FIELDS = ("phone", "email", "availability")
_LIMITS = {"name": 120, "address": 400, "phone": 40, "email": 120, "website": 200,
           "availability": 200}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\-. ]{6,40}$")
_WEBSITE = re.compile(r"^(https?://)?[^\s/]+\.[^\s]+$")


@dataclass(frozen=True)
class Profile:
    name: str
    address: str
    phone: str
    email: str
    website: str
    logo: bytes | None
    #: 0 while nothing has been saved; pass it back to save_profile unchanged.
    version: int

    @property
    def logo_kind(self) -> str:
        return logo_kind(self.logo) if self.logo else ""


@dataclass(frozen=True)
class Contact:
    """An adviser as a client's report shows them."""

    name: str
    role: str
    phone: str
    email: str
    availability: str
    #: The organisation's vaste VP (signs the report).
    vaste: bool


@dataclass(frozen=True)
class AdviserContactRow:
    adviser_id: int
    name: str
    initials: str
    phone: str
    email: str
    availability: str
    version: int


@dataclass(frozen=True)
class Sender:
    """What a report says of who sends it: the letterhead, the Bereikbaarheid block and the
    signatures (the organisation's VPs of the year, vaste VP first)."""

    profile: Profile
    contacts: tuple[Contact, ...]


# --- reading -----------------------------------------------------------------------------


def get_profile() -> Profile:
    """The agency profile (empty fields while none was set). Any adviser may read it."""
    row = AgencyProfile.get_or_none(AgencyProfile.id == PROFILE_ID)
    if row is None:
        return Profile("", "", "", "", "", None, 0)
    return Profile(row.name, row.address, row.phone, row.email, row.website,
                   bytes(row.logo) if row.logo is not None else None, row.version)


def read_profile(ctx: Context) -> Profile:
    """The profile as its editor (an admin) sees it."""
    require_admin(ctx)
    return get_profile()


def list_contacts(ctx: Context) -> list[AdviserContactRow]:
    """Every active adviser who works as a VP, with the contact details clients see (admins
    only)."""
    require_admin(ctx)
    saved = {c.adviser_id: c for c in AdviserContact.select()}
    out = []
    for adviser in (Adviser.select()
                    .where(Adviser.active == True, Adviser.is_adviser == True)  # noqa: E712
                    .order_by(Adviser.name)):
        row = saved.get(adviser.id)
        out.append(AdviserContactRow(
            adviser.id, adviser.name, adviser.initials, row.phone if row else "",
            row.email if row else "", row.availability if row else "",
            row.version if row else 0))
    return out


def sender(org_id: int, start: dt.date, end: dt.date) -> Sender:
    """The sender of the organisation's report over [start, end]: the VPs engaged in that
    period who still work for the agency (clients reach them, they sign), with what clients
    may see of them; where an adviser has no phone or e-mail of their own, the agency's."""
    profile = get_profile()
    query = (
        Engagement.select(Engagement.role, Adviser.id, Adviser.name)
        .join(Adviser)
        .where(Engagement.organisation == org_id, Engagement.start <= end,
               Engagement.end.is_null() | (Engagement.end >= start),
               Adviser.active == True)  # noqa: E712 (peewee expression)
        .order_by(Engagement.role.desc(), Adviser.name)
    )
    engagements = list(query)
    saved = {c.adviser_id: c for c in AdviserContact.select().where(
        AdviserContact.adviser.in_([e.adviser.id for e in engagements]))}
    contacts: list[Contact] = []
    seen: set[int] = set()
    for engagement in engagements:
        adviser = engagement.adviser
        if adviser.id in seen:
            continue
        seen.add(adviser.id)
        own = saved.get(adviser.id)
        contacts.append(Contact(
            adviser.name, ENGAGEMENT_ROLES.label(engagement.role),
            (own.phone if own and own.phone else profile.phone),
            (own.email if own and own.email else profile.email),
            own.availability if own else "", engagement.role == "vaste_vp"))
    return Sender(profile, tuple(contacts))


# --- checking ----------------------------------------------------------------------------


def logo_kind(data: bytes) -> str:
    """'png' or 'jpeg' by the file's first bytes; '' for anything else."""
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(JPEG_MAGIC):
        return "jpeg"
    return ""


def check_logo(data: bytes) -> bytes:
    if not data:
        raise ValidationError(_("Het logo-bestand is leeg."), "logo")
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(
            _("Het logo is te groot ({kb} kB); hoogstens {max} kB.").format(
                kb=len(data) // 1000, max=MAX_LOGO_BYTES // 1000), "logo")
    if not logo_kind(data):
        raise ValidationError(
            _("Het logo moet een PNG- of JPEG-afbeelding zijn."), "logo")
    from docx.image.image import Image

    try:
        image = Image.from_blob(data)
        if not (image.px_width and image.px_height):
            raise ValueError("no size")
    except Exception as exc:  # noqa: BLE001 - any parse error of an untrusted file
        raise ValidationError(
            _("Het logo is geen leesbare PNG- of JPEG-afbeelding."), "logo") from exc
    return data


def _clean(values: dict[str, str], allowed: tuple[str, ...]) -> dict[str, str]:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError(_("Onbekend veld: {keys}.").format(keys=", ".join(unknown)))
    out: dict[str, str] = {}
    for key, value in values.items():
        if not isinstance(value, str):
            raise ValidationError(_("Tekst verwacht bij {key}.").format(key=key), key)
        text = strip_controls(value.replace("\r\n", "\n")).strip()
        if key != "address":
            text = " ".join(text.split())
        if len(text) > _LIMITS[key]:
            raise ValidationError(
                _("Te lang: hoogstens {n} tekens.").format(n=_LIMITS[key]), key)
        if text and key == "email" and not _EMAIL.match(text):
            raise ValidationError(_("'{text}' is geen e-mailadres.").format(text=text), key)
        if text and key == "phone" and not _PHONE.match(text):
            raise ValidationError(
                _("'{text}' is geen telefoonnummer (cijfers, spaties, +, -).").format(
                    text=text), key)
        if text and key == "website" and not _WEBSITE.match(text):
            raise ValidationError(_("'{text}' is geen website.").format(text=text), key)
        out[key] = text
    return out


# --- changing (admins) ---------------------------------------------------------------------


def save_profile(ctx: Context, values: dict[str, str], version: int) -> int:
    """Save the given fields (the others keep their value); `version` is what get_profile
    returned. Returns the new version; a stale version raises ConflictError."""
    require_admin(ctx)
    changes = _clean(values, PROFILE_FIELDS)
    return _save_profile(ctx, changes, version, "agency.update")


def set_logo(ctx: Context, data: bytes | None, version: int) -> int:
    """Replace the logo (None removes it)."""
    require_admin(ctx)
    logo = check_logo(data) if data is not None else None
    return _save_profile(ctx, {"logo": logo}, version,
                         "agency.logo" if logo is not None else "agency.logo_removed")


def read_logo(path: str | Path) -> bytes:
    """A logo file's bytes, checked; a huge file is refused without reading all of it."""
    path = Path(path).expanduser()
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except OSError as exc:
        raise ValidationError(_("Logo {path} is niet te lezen: {reason}.").format(
            path=path, reason=exc.strerror or type(exc).__name__), "logo") from exc
    return check_logo(data)


def update_profile(ctx: Context, values: dict[str, str], version: int, logo_path: str = "",
                   remove_logo: bool = False) -> int:
    """The profile form's save: the fields, and a new logo read from `logo_path` (or the
    logo removed), as one change."""
    require_admin(ctx)
    changes: dict[str, object] = dict(_clean(values, PROFILE_FIELDS))
    if logo_path.strip():
        changes["logo"] = read_logo(logo_path.strip())
    elif remove_logo:
        changes["logo"] = None
    return _save_profile(ctx, changes, version, "agency.update")


def _save_profile(ctx: Context, changes: dict, version: int, action: str) -> int:
    with transaction():
        row = AgencyProfile.get_or_none(AgencyProfile.id == PROFILE_ID)
        if row is None and version == 0:
            row = AgencyProfile.create(id=PROFILE_ID, updated_by=ctx.actor.initials, **changes)
            audit.record(ctx, action, "agency", PROFILE_ID)
            return row.version
        if row is None:
            raise NotFound(_("Het bureauprofiel bestaat niet meer."))
        return update_versioned(ctx, AgencyProfile, row.id, version, action, **changes)


def save_contact(ctx: Context, initials: str, values: dict[str, str], version: int) -> int:
    """What clients see of adviser `initials` beside the name (admins only)."""
    require_admin(ctx)
    adviser = Adviser.get_or_none(Adviser.initials == initials.strip().upper())
    if adviser is None:
        raise NotFound(_("Onbekende adviseur: {who}").format(who=initials))
    changes = _clean(values, CONTACT_FIELDS)
    with transaction():
        row = AdviserContact.get_or_none(AdviserContact.adviser == adviser.id)
        if row is None and version == 0:
            row = AdviserContact.create(adviser=adviser.id, updated_by=ctx.actor.initials,
                                        **changes)
            audit.record(ctx, "agency.contact", "adviser", adviser.id)
            return row.version
        if row is None:
            raise NotFound(_("Deze contactgegevens bestaan niet meer."))
        return update_versioned(ctx, AdviserContact, row.id, version, "agency.contact",
                                **changes)
