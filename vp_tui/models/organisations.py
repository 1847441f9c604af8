"""Client organisations and everything in their file."""

from __future__ import annotations

import peewee as pw

from vp_tui.models.base import BaseModel, VersionedModel, utcnow
from vp_tui.models.people import Adviser


def name_key(name: str) -> str:
    """How two organisation names are compared: trimmed, Unicode casefold ('É' and 'é' are
    the same). SQLite's lower() knows ASCII only, so the key is stored beside the name."""
    return name.strip().casefold()


class Organisation(VersionedModel):
    name = pw.CharField(max_length=200, unique=True)
    #: name_key(name), kept by save() and by every update of the name; indexed for lookups.
    name_key = pw.CharField(max_length=200, null=True, index=True)
    sector = pw.CharField(max_length=120, default="")
    staff_size = pw.IntegerField(null=True)
    contract_start = pw.DateField(null=True)
    contract_end = pw.DateField(null=True)
    contract_hours = pw.DecimalField(max_digits=8, decimal_places=2, default=0)
    vp_types = pw.CharField(max_length=16, default="beide")  # VP_TYPES
    requires_mixed_gender = pw.BooleanField(default=False)
    #: Years after closing before a case's personal content is destroyed; None: agency default.
    retention_years = pw.IntegerField(null=True)
    #: Smallest count shown in an annual report breakdown (never below 3).
    anonymity_k = pw.IntegerField(default=5)
    board_contact = pw.CharField(max_length=200, default="")
    #: Days the client is closed beyond the agency's calendar: DAYS_OFF keys, comma-separated.
    days_off = pw.CharField(max_length=64, default="")
    active = pw.BooleanField(default=True)
    import_key = pw.CharField(max_length=64, null=True, unique=True)

    def save(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - peewee's signature
        self.name_key = name_key(self.name)
        return super().save(*args, **kwargs)


class Engagement(VersionedModel):
    """An adviser assigned to an organisation as vaste or tweede VP for a period."""

    adviser = pw.ForeignKeyField(Adviser, backref="engagements", on_delete="RESTRICT")
    organisation = pw.ForeignKeyField(Organisation, backref="engagements", on_delete="CASCADE")
    role = pw.CharField(max_length=16)  # ENGAGEMENT_ROLES
    start = pw.DateField()
    end = pw.DateField(null=True)

    class Meta:
        indexes = ((("organisation", "start"), False), (("adviser", "start"), False))


class ConflictOfInterest(BaseModel):
    adviser = pw.ForeignKeyField(Adviser, backref="conflicts", on_delete="CASCADE")
    organisation = pw.ForeignKeyField(Organisation, backref="conflicts", on_delete="CASCADE")
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("adviser", "organisation"), True),)


class ChecklistItem(VersionedModel):
    """One employer arrangement (CHECKLIST) and how far the organisation has it in place."""

    organisation = pw.ForeignKeyField(Organisation, backref="checklist", on_delete="CASCADE")
    item = pw.CharField(max_length=32)  # CHECKLIST
    status = pw.CharField(max_length=16, default="onbekend")  # CHECKLIST_STATUSES
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("organisation", "item"), True),)


class Activity(VersionedModel):
    """Work for an organisation outside cases: voorlichting, advice, the jaargesprek."""

    organisation = pw.ForeignKeyField(Organisation, backref="activities", on_delete="CASCADE")
    adviser = pw.ForeignKeyField(Adviser, backref="activities", on_delete="RESTRICT")
    kind = pw.CharField(max_length=16)  # ACTIVITY_KINDS
    date = pw.DateField()
    minutes = pw.IntegerField(default=0)
    description = pw.TextField(default="")
    import_key = pw.CharField(max_length=64, null=True, unique=True)

    class Meta:
        indexes = ((("organisation", "date"), False),)
