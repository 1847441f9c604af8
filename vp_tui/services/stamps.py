"""Cheap fingerprints of what a screen shows, to decide whether it must read again.

An open screen refreshes when another session changed the database (PRAGMA data_version). That
number moves for every commit, audit rows included, and reading a case is itself audited: two
sessions that simply re-read their case on every change would keep waking each other. A stamp
holds versions and counts only (no content), so comparing it needs neither a content read nor
an audit event.
"""

from __future__ import annotations

from peewee import fn

from vp_tui.models import Case, FollowUp, TimelineEntry
from vp_tui.services.access import case_filter
from vp_tui.services.context import Context

CaseStamp = tuple[object, ...]


def case_stamp(ctx: Context, case_id: int) -> CaseStamp | None:
    """The case row's version and, per entry and follow-up table, count, version sum and
    highest id; None when the actor cannot see the case (any more)."""
    row = (Case.select(Case.version, Case.updated_at)
           .where((Case.id == case_id) & case_filter(ctx)).tuples().first())
    if row is None:
        return None
    parts: list[object] = list(row)
    for model in (TimelineEntry, FollowUp):
        parts.extend(model.select(fn.COUNT(model.id), fn.SUM(model.version), fn.MAX(model.id))
                     .where(model.case == case_id).tuples().get())
    return tuple(parts)
