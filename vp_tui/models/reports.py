"""Drafts of the annual report: the narrative sections an adviser edits."""

from __future__ import annotations

import peewee as pw

from vp_tui.models.base import VersionedModel
from vp_tui.models.organisations import Organisation


class ReportDraft(VersionedModel):
    organisation = pw.ForeignKeyField(Organisation, backref="report_drafts", on_delete="CASCADE")
    year = pw.IntegerField()
    #: JSON object: section key -> text.
    sections = pw.TextField(default="{}")

    class Meta:
        indexes = ((("organisation", "year"), True),)
