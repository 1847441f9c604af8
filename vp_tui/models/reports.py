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
    #: Set when an adviser marked the report final (who, when); NULL while it is a concept.
    final_at = pw.DateTimeField(null=True)
    final_by = pw.CharField(max_length=16, default="")

    class Meta:
        indexes = ((("organisation", "year"), True),)
