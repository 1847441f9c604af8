"""The agency as the sender of its reports: one profile row, and per adviser the contact
details clients may see."""

from __future__ import annotations

import peewee as pw

from vp_tui.models.base import VersionedModel
from vp_tui.models.people import Adviser

#: The profile is one row with this id.
PROFILE_ID = 1


class AgencyProfile(VersionedModel):
    name = pw.CharField(max_length=120, default="")
    #: Lines separated by newlines: street, postcode and town.
    address = pw.TextField(default="")
    phone = pw.CharField(max_length=40, default="")
    email = pw.CharField(max_length=120, default="")
    website = pw.CharField(max_length=200, default="")
    #: PNG or JPEG bytes (checked by services.agency), or NULL.
    logo = pw.BlobField(null=True)


class AdviserContact(VersionedModel):
    """What a client's report shows of an adviser beside the name; nothing private."""

    adviser = pw.ForeignKeyField(Adviser, backref="+", unique=True, on_delete="CASCADE")
    phone = pw.CharField(max_length=40, default="")
    email = pw.CharField(max_length=120, default="")
    #: 'bereikbaar op maandag tot en met donderdag', free text.
    availability = pw.CharField(max_length=200, default="")
