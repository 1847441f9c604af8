"""The one way rows are changed: a short IMMEDIATE transaction and a version check.

A stale save (the row's version moved on since it was read) is refused with who changed it and
when, so the screen can offer a reload without losing what the user typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import peewee as pw

from vp_tui.errors import ConflictError, NotFound, ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.models import VersionedModel, database, utcnow
from vp_tui.models.cases import PURGED_REFUSAL
from vp_tui.services import audit
from vp_tui.services.context import Context


@contextmanager
def transaction() -> Iterator[pw._atomic]:
    """Top level: BEGIN IMMEDIATE (the database's lock_type), so writers queue on busy_timeout
    instead of failing halfway; a lock held past the timeout is a StoreError
    (vp_tui.store.database.Database). A write of personal text to a purged case, refused by the
    database's purge guards (models/cases.py), is a ValidationError."""
    try:
        with database.atomic() as txn:
            yield txn  # the importer rolls back a dry run or a file with problems
    except pw.IntegrityError as exc:
        if PURGED_REFUSAL in str(exc):
            raise ValidationError(_("Deze melding is vernietigd: er kan geen tekst of "
                                    "persoonsgegeven meer bij.")) from exc
        raise


def update_versioned(
    ctx: Context,
    model: type[VersionedModel],
    row_id: int,
    expected_version: int,
    action: str,
    **changes: Any,
) -> int:
    """Apply `changes` if the row is still at `expected_version`; returns the new version."""
    with transaction():
        updated = (
            model.update(
                version=model.version + 1,
                updated_at=utcnow(),
                updated_by=ctx.actor.initials,
                **changes,
            )
            .where(model.id == row_id, model.version == expected_version)
            .execute()
        )
        if not updated:
            current = model.get_or_none(model.id == row_id)
            if current is None:
                raise NotFound(_("Dit record bestaat niet meer."))
            raise stale(current)
        audit.record(ctx, action, model._meta.table_name, row_id)
    return expected_version + 1


def stale(current: VersionedModel) -> ConflictError:
    """The refusal of a save that lost a race: who changed the row and when (local time)."""
    when = current.updated_at.replace(tzinfo=dt.UTC).astimezone()  # stored in UTC
    return ConflictError(
        _("Intussen gewijzigd door {who} op {when}; herlaad en probeer opnieuw.").format(
            who=current.updated_by or "?",
            when=fmt_date(when.date()) + when.strftime(" %H:%M"),
        ),
        changed_by=current.updated_by,
        changed_at=current.updated_at,
    )
