"""The audit trail: append-only, hash-chained, written in the same transaction as the change.

Each row's hash covers its fields and the previous row's hash, so altering or deleting a row
by hand breaks the chain at that point; triggers refuse UPDATE and DELETE outright, and
`verify` reports a missing trigger. An anchor outside the table (`<db>.audit-anker`, 0600, and
a line in the log) records the number of events and the newest hash at every session end:
a trail wiped or cut back and its sequence reset, which the table alone cannot show, then no
longer reaches the anchor.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vp_tui.files import write_private
from vp_tui.i18n import _
from vp_tui.models import AuditEvent, database, utcnow
from vp_tui.models.cases import PURGE_GUARD_TRIGGERS
from vp_tui.models.drafts import DRAFT_PURGE_GUARD_TRIGGERS
from vp_tui.services.context import Context
from vp_tui.store.bulk import insert_rows

GENESIS = "0" * 64
ANCHOR_SUFFIX = ".audit-anker"
#: The triggers the trail and the purge rest on; `verify` names one that is missing.
REQUIRED_TRIGGERS = ("audit_event_no_update", "audit_event_no_delete",
                     *PURGE_GUARD_TRIGGERS, *DRAFT_PURGE_GUARD_TRIGGERS)
log = logging.getLogger(__name__)


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


def record_many(ctx: Context, action: str, object_type: str, object_ids: Iterable[object]
                ) -> None:
    """One event per object, chained exactly as `record` chains them, written in batches: an
    import of 60,000 cases records its events in about a second instead of a minute."""
    who = ctx.actor.initials
    with database.atomic():
        last = AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).first()
        prev = last.hash if last else GENESIS
        at = utcnow()
        rows = []
        for object_id in object_ids:
            oid = str(object_id)
            digest = _digest(prev, at.isoformat(), who, action, object_type, oid)
            rows.append((at, who, action, object_type, oid, prev, digest))
            prev = digest
        insert_rows(AuditEvent, [AuditEvent.at, AuditEvent.actor, AuditEvent.action,
                                 AuditEvent.object_type, AuditEvent.object_id,
                                 AuditEvent.prev_hash, AuditEvent.hash], rows)


@dataclass
class ChainReport:
    events: int
    broken_at: int | None
    reason: str = ""
    head: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _highest_id_used() -> int:
    row = database.execute_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = ?", (AuditEvent._meta.table_name,)
    ).fetchone()
    return int(row[0]) if row else 0


def _missing_trigger() -> str | None:
    present = {row[0] for row in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return next((name for name in REQUIRED_TRIGGERS if name not in present), None)


def anchor_path() -> Path | None:
    """`<db>.audit-anker` beside the database file (None for a database in memory)."""
    name = database.database
    return None if not name or name == ":memory:" else Path(name + ANCHOR_SUFFIX)


def read_anchor() -> tuple[int, str] | None:
    """(events, head) as last written, or None when there is no anchor yet."""
    path = anchor_path()
    if path is None or not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return int(data["events"]), str(data["head"])
    except (ValueError, KeyError, TypeError):
        return (-1, "")  # an anchor that cannot be read is itself a finding


def write_anchor() -> None:
    """Record the newest event (its id is the number of events: ids have no gaps) outside the
    table and in the log. An anchor is never moved back: one that counts more events than the
    table holds stays as the evidence."""
    path = anchor_path()
    if path is None:
        return
    last = AuditEvent.select(AuditEvent.id, AuditEvent.hash).order_by(
        AuditEvent.id.desc()).first()
    events, head = (last.id, last.hash) if last else (0, GENESIS)
    previous = read_anchor()
    if previous is not None and previous[0] > events:
        return
    write_private(path, json.dumps({"events": events, "head": head}).encode("utf-8"))
    log.info("audit anchor: %d events, head %s", events, head)


def verify() -> ChainReport:
    """Walk the chain; report the first row whose link or content does not match, then a
    missing trigger, then a trail that does not reach its anchor.

    Ids run 1, 2, 3, … without gaps (a rolled-back insert also rolls back the sequence), so a
    deleted row shows as a gap, a deleted newest row as a sequence beyond the last id, an
    altered row as a hash that does not match. `head` is the last good hash: write it down
    outside the server now and then, and a rewrite of the whole chain shows too.
    """
    anchor = read_anchor()
    anchored = None
    prev = GENESIS
    count = 0
    expected_id = 1
    for ev in AuditEvent.select().order_by(AuditEvent.id).iterator():
        count += 1
        if ev.id != expected_id:
            return ChainReport(count, expected_id, _("rij ontbreekt"), prev)
        expected_id = ev.id + 1
        at = ev.at.isoformat() if hasattr(ev.at, "isoformat") else str(ev.at)
        if ev.prev_hash != prev:
            return ChainReport(count, ev.id, _("schakel verbroken"), prev)
        if ev.hash != _digest(prev, at, ev.actor, ev.action, ev.object_type, ev.object_id):
            return ChainReport(count, ev.id, _("inhoud gewijzigd"), prev)
        prev = ev.hash
        if anchor is not None and ev.id == anchor[0]:
            anchored = ev.hash
    if _highest_id_used() != expected_id - 1:
        return ChainReport(count, expected_id, _("laatste rij(en) ontbreken"), prev)
    missing = _missing_trigger()
    if missing is not None:
        return ChainReport(count, 0, _("beveiliging {name} ontbreekt").format(name=missing),
                           prev)
    if anchor is not None and anchor[0] > 0 and anchored != anchor[1]:
        return ChainReport(count, min(anchor[0], count + 1), _(
            "reikt niet tot het anker buiten de database ({n} gebeurtenissen): gewist, "
            "ingekort of herschreven").format(n=anchor[0]), prev)
    if anchor == (-1, ""):
        return ChainReport(count, 0, _("het anker buiten de database is onleesbaar"), prev)
    return ChainReport(count, None, head=prev)
