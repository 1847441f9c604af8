"""An adviser leaving the agency: the recorded plan of the leaving procedure and the cases it
transfers (services/offboarding.py)."""

from __future__ import annotations

import peewee as pw

from vp_tui.models.base import BaseModel, VersionedModel, utcnow
from vp_tui.models.cases import Case
from vp_tui.models.people import Adviser


class Offboarding(VersionedModel):
    """One leaving procedure: recorded before its first step, so that a procedure cut off by a
    crash is resumed with the same plan."""

    adviser = pw.ForeignKeyField(Adviser, backref="+", on_delete="RESTRICT")
    #: The coordinator or admin who started it (initials).
    started_by = pw.CharField(max_length=16)
    started_at = pw.DateTimeField(default=utcnow)
    #: The day the procedure was started: engagements end on it, successors start the next day.
    leave_on = pw.DateField()
    #: JSON: {"successors": {organisation id: adviser id}, "keys_file": path or null,
    #: "remove_keys": bool}.
    plan = pw.TextField(default="{}")
    #: The steps done, comma-separated (offboarding.STEPS), each written in its step's
    #: transaction.
    done = pw.CharField(max_length=120, default="")
    finished_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("adviser", "finished_at"), False),)


class CaseTransfer(BaseModel):
    """An open case of a leaving adviser passed to a successor. With the melder's consent
    recorded the owner changes at once (`done_on`); without it the transfer waits until the
    successor has asked the melder and recorded the consent, or the melder's refusal
    (`declined_on`)."""

    case = pw.ForeignKeyField(Case, backref="+", on_delete="CASCADE")
    offboarding = pw.ForeignKeyField(Offboarding, backref="transfers", on_delete="CASCADE")
    from_adviser = pw.ForeignKeyField(Adviser, backref="+", on_delete="RESTRICT")
    to_adviser = pw.ForeignKeyField(Adviser, backref="+", on_delete="RESTRICT")
    #: Whether the melder's consent was recorded when the case was transferred.
    consent = pw.BooleanField(default=False)
    created_on = pw.DateField()
    #: The day the successor became the owner; None while the transfer waits for consent.
    done_on = pw.DateField(null=True)
    #: The day the melder declined a successor: the case was closed then, still the leaver's.
    declined_on = pw.DateField(null=True)

    class Meta:
        indexes = ((("case", "offboarding"), True), (("to_adviser", "done_on"), False))
