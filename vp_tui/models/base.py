"""The model base: one database proxy, a version column for optimistic concurrency."""

from __future__ import annotations

import datetime as dt

import peewee as pw

#: Bound to the opened SqlCipherDatabase by vp_tui.store.database.open_database.
database = pw.DatabaseProxy()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class VersionedModel(BaseModel):
    """A row people edit: every save raises `version`, and a stale save is refused.

    `updated_by` and `updated_at` let a refused save tell the user who changed the row and when.
    """

    version = pw.IntegerField(default=1)
    updated_at = pw.DateTimeField(default=utcnow)
    updated_by = pw.CharField(max_length=16, default="")
