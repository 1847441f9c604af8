"""The audit trail and the database's own metadata."""

from __future__ import annotations

import peewee as pw

from vp_tui.models.base import BaseModel, utcnow


class AutoIncrementField(pw.AutoField):
    """An INTEGER PRIMARY KEY AUTOINCREMENT, as playhouse.sqlite_ext's field of that name:
    that module (full-text search, JSON, virtual tables) would be imported at every start for
    these three lines (BENCHMARKS.md, start)."""

    def ddl(self, ctx: pw.Context) -> pw.NodeList:
        return pw.NodeList((super().ddl(ctx), pw.SQL("AUTOINCREMENT")))


class AuditEvent(BaseModel):
    """Who did what to which object, never the content. Rows are hash-chained.

    AUTOINCREMENT keeps the highest id ever used in sqlite_sequence, so deleting the newest
    rows (which leaves a valid but shorter chain) is detected too.
    """

    id = AutoIncrementField()
    at = pw.DateTimeField(default=utcnow)
    actor = pw.CharField(max_length=16)
    action = pw.CharField(max_length=48)
    object_type = pw.CharField(max_length=32, default="")
    object_id = pw.CharField(max_length=64, default="")
    prev_hash = pw.CharField(max_length=64)
    hash = pw.CharField(max_length=64)

    class Meta:
        indexes = ((("at",), False), (("actor", "at"), False))


class Meta(BaseModel):
    """Key/value facts about this database: its id, its schema version, agency settings."""

    key = pw.CharField(max_length=64, primary_key=True)
    value = pw.TextField()
