"""Absences of advisers and the replacement cover for their organisations."""

from __future__ import annotations

import peewee as pw

from vp_tui.models.base import VersionedModel
from vp_tui.models.organisations import Organisation
from vp_tui.models.people import Adviser


class Absence(VersionedModel):
    adviser = pw.ForeignKeyField(Adviser, backref="absences", on_delete="CASCADE")
    kind = pw.CharField(max_length=16)  # ABSENCE_KINDS
    start = pw.DateField()
    end = pw.DateField()
    day_part = pw.CharField(max_length=8, default="dag")  # DAY_PARTS
    note = pw.TextField(default="")
    import_key = pw.CharField(max_length=64, null=True, unique=True)

    class Meta:
        indexes = ((("adviser", "start"), False), (("start", "end"), False))


class Cover(VersionedModel):
    absence = pw.ForeignKeyField(Absence, backref="covers", on_delete="CASCADE")
    organisation = pw.ForeignKeyField(Organisation, backref="covers", on_delete="CASCADE")
    replacement = pw.ForeignKeyField(Adviser, backref="covers", on_delete="RESTRICT")
    start = pw.DateField()
    end = pw.DateField()

    class Meta:
        indexes = ((("replacement", "start"), False), (("organisation", "start"), False))
