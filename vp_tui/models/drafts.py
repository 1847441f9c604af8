"""Crash drafts: the long text of a form that is still open, kept every few seconds so that a
dropped connection or a killed process loses at most the last seconds of typing.

A draft is its adviser's own. It is tied to the case it was typed for, if any, so that a purge
deletes it with the case's other text and the database refuses a draft on a purged case.
"""

from __future__ import annotations

import peewee as pw

from vp_tui.models.base import BaseModel, utcnow
from vp_tui.models.cases import PURGED_REFUSAL, Case
from vp_tui.models.people import Adviser


class Draft(BaseModel):
    adviser = pw.ForeignKeyField(Adviser, backref="+", on_delete="CASCADE")
    #: Which form, stable across sessions: "case:12:conversation", "report:3:2025", "intake".
    form_key = pw.CharField(max_length=120)
    #: What the offer at the next start calls it (the form's title, the case code); no text.
    title = pw.CharField(max_length=300, default="")
    case = pw.ForeignKeyField(Case, backref="+", null=True, on_delete="CASCADE")
    #: JSON object: field name -> text.
    texts = pw.TextField(default="{}")
    updated_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("adviser", "form_key"), True), (("case",), False))


def _refuse_on_purged(name: str, event: str) -> tuple[str, str]:
    return name, (f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} WHEN "
                  "NEW.case_id IS NOT NULL AND (SELECT purged_at FROM \"case\" "
                  f"WHERE id = NEW.case_id) IS NOT NULL "
                  f"BEGIN SELECT RAISE(ABORT, '{PURGED_REFUSAL}'); END")


#: A draft write that raced a purge cannot put the case's text back (see models/cases.py).
DRAFT_PURGE_GUARD_TRIGGERS = dict((
    _refuse_on_purged("draft_purged_insert", "INSERT ON draft"),
    _refuse_on_purged("draft_purged_update", "UPDATE OF texts, case_id ON draft"),
))
