"""The admin's reading of the audit trail. Above both the trail (services/audit.py, which every
write calls) and the access rules (services/access.py, which record refusals in it)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from vp_tui.errors import ValidationError
from vp_tui.i18n import _
from vp_tui.models import AuditEvent, database
from vp_tui.services import audit
from vp_tui.services.access import require_admin
from vp_tui.services.context import Context


class EventRow(NamedTuple):
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str


def list_events(ctx: Context, actor: str | None = None, action: str | None = None,
                since: dt.date | None = None, limit: int = 50) -> list[EventRow]:
    """Newest first, for the admin. `action` ending in '*' matches a prefix ('case.*').
    The listing itself is audited."""
    require_admin(ctx)
    if limit < 1:
        raise ValidationError(_("De limiet moet ten minste 1 zijn."), "limit")
    query = AuditEvent.select().order_by(AuditEvent.id.desc()).limit(limit)
    if actor:
        query = query.where(AuditEvent.actor == actor.strip().upper())
    if action:
        query = query.where(AuditEvent.action.startswith(action[:-1]) if action.endswith("*")
                            else AuditEvent.action == action)
    if since:
        query = query.where(AuditEvent.at >= dt.datetime.combine(since, dt.time()))
    rows = [EventRow(e.id, e.at, e.actor, e.action, e.object_type, e.object_id) for e in query]
    with database.atomic():
        audit.record(ctx, "audit.list")
    return rows
