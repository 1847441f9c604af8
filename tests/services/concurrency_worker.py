"""One process of the concurrency test: opens the shared database with the key it was given and
edits overlapping cases and timeline entries through the real services.

Kept apart from the test module so that a spawned child imports only what it needs.
"""

from __future__ import annotations

import random
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from vp_tui.errors import ConflictError


@dataclass
class Outcome:
    worker: int
    case_edits: list[tuple[int, int, str]] = field(default_factory=list)  # case, version, value
    entry_edits: list[tuple[int, int, str]] = field(default_factory=list)  # entry, version, text
    notes: list[tuple[int, int, str]] = field(default_factory=list)  # entry id, case, text
    conversations: list[int] = field(default_factory=list)  # case ids
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)


def run(worker: int, path: str, key: bytes, initials: str, case_ids: list[int],
        entry_ids: list[int], edits: int, today, barrier) -> Outcome:
    from vp_tui.models import Case, TimelineEntry
    from vp_tui.services import timeline
    from vp_tui.services.advisers import resolve_actor
    from vp_tui.services.context import Context
    from vp_tui.services.writes import update_versioned
    from vp_tui.store import vault

    out = Outcome(worker)
    store = vault.open_with_key(Path(path), key)
    try:
        ctx = Context(resolve_actor(initials, None), today=today)
        rng = random.Random(worker)
        # Versions as this session last saw them, like a form left open on screen: often stale.
        seen_case = {c: Case.get_by_id(c).version for c in case_ids}
        seen_entry = {e: TimelineEntry.get_by_id(e).version for e in entry_ids}
        barrier.wait()
        for n in range(edits):
            tag = f"w{worker}-{n}"
            kind = rng.random()
            try:
                if kind < 0.35:
                    case_id = rng.choice(case_ids)
                    if rng.random() < 0.5:
                        seen_case[case_id] = Case.get_by_id(case_id).version  # a reload
                    new = update_versioned(ctx, Case, case_id, seen_case[case_id], "case.edit",
                                           department=tag)
                    seen_case[case_id] = new
                    out.case_edits.append((case_id, new, tag))
                elif kind < 0.6:
                    entry_id = rng.choice(entry_ids)
                    if rng.random() < 0.5:
                        seen_entry[entry_id] = TimelineEntry.get_by_id(entry_id).version
                    new = timeline.edit_entry(ctx, entry_id, seen_entry[entry_id], tag)
                    seen_entry[entry_id] = new
                    out.entry_edits.append((entry_id, new, tag))
                elif kind < 0.8:
                    case_id = rng.choice(case_ids)
                    entry = timeline.add_note(ctx, case_id, today, tag)
                    out.notes.append((entry, case_id, tag))
                else:
                    case_id = rng.choice(case_ids)
                    timeline.add_conversation(ctx, case_id, today, 30, "telefoon", tag)
                    out.conversations.append(case_id)
            except ConflictError:
                out.conflicts += 1  # reported to the user; the next loop may reload
            except Exception:  # noqa: BLE001 - every other failure is a finding of the test
                out.errors.append(traceback.format_exc(limit=3))
        barrier.wait()
        # Everyone has finished: a save from the version of before the run is stale whenever
        # the case was edited since, and must be refused.
        first = case_ids[0]
        if Case.get_by_id(first).version > 1:
            try:
                update_versioned(ctx, Case, first, 1, "case.edit", department="stale")
                out.errors.append("a stale save was accepted")
            except ConflictError:
                out.conflicts += 1
    except Exception:  # noqa: BLE001
        out.errors.append(traceback.format_exc(limit=5))
    finally:
        store.close()
    return out


def main(queue, *args) -> None:
    """Process target: the outcome goes back through the queue."""
    queue.put(run(*args))
