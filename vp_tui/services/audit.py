"""The audit trail: append-only, hash-chained, written in the same transaction as the change.

Each row's hash covers its fields and the previous row's hash, so altering or deleting a row
by hand breaks the chain at that point; triggers refuse UPDATE and DELETE outright.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from vp_tui.models import AuditEvent, database, utcnow
from vp_tui.services.context import Context

GENESIS = "0" * 64


def _digest(prev_hash: str, at: str, actor: str, action: str, otype: str, oid: str) -> str:
    payload = json.dumps([prev_hash, at, actor, action, otype, oid], separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(ctx: Context | None, action: str, object_type: str = "", object_id: object = "",
           actor: str | None = None) -> None:
    """Append one event. Call inside the write transaction of the change it describes."""
    who = actor if actor is not None else (ctx.actor.initials if ctx else "system")
    with database.atomic():
        last = AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).first()
        prev = last.hash if last else GENESIS
        at = utcnow()
        oid = str(object_id)
        AuditEvent.create(
            at=at,
            actor=who,
            action=action,
            object_type=object_type,
            object_id=oid,
            prev_hash=prev,
            hash=_digest(prev, at.isoformat(), who, action, object_type, oid),
        )


@dataclass
class ChainReport:
    events: int
    broken_at: int | None
    reason: str = ""


def verify() -> ChainReport:
    """Walk the chain; report the first row whose link or content does not match."""
    prev = GENESIS
    count = 0
    expected_id = None
    for ev in AuditEvent.select().order_by(AuditEvent.id).iterator():
        count += 1
        if expected_id is not None and ev.id != expected_id:
            return ChainReport(count, expected_id, "ontbrekende rij")
        expected_id = ev.id + 1
        at = ev.at.isoformat() if hasattr(ev.at, "isoformat") else str(ev.at)
        if ev.prev_hash != prev:
            return ChainReport(count, ev.id, "schakel verbroken")
        if ev.hash != _digest(prev, at, ev.actor, ev.action, ev.object_type, ev.object_id):
            return ChainReport(count, ev.id, "inhoud gewijzigd")
        prev = ev.hash
    return ChainReport(count, None)
