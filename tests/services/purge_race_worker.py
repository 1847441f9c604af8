"""One process of the purge race: either the owner purging cases one after the other, or a
session writing text to the same cases meanwhile, through the services and, as code that forgot
the check would, straight through the models.

Kept apart from the test module so that a spawned child imports only what it needs.
"""

from __future__ import annotations

import random
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Outcome:
    role: str
    refused: int = 0
    written: int = 0
    errors: list[str] = field(default_factory=list)


def _write_once(ctx, rng: random.Random, case_id: int, entry_id: int) -> None:
    """One write of personal text to the case, in one of the ways code can write it."""
    from vp_tui.models import Case, FollowUp, TimelineEntry
    from vp_tui.services import timeline
    from vp_tui.services.writes import transaction

    way = rng.randrange(5)
    if way == 0:
        timeline.add_note(ctx, case_id, ctx.today, "Notitie die na de vernietiging kwam")
    elif way == 1:
        version = TimelineEntry.get_by_id(entry_id).version
        timeline.edit_entry(ctx, entry_id, version, "Bewerking die na de vernietiging kwam")
    else:
        # Code that skips the service's check: only the database stands in its way.
        with transaction():
            if way == 2:
                TimelineEntry.create(case=case_id, kind="notitie", occurred_on=ctx.today,
                                     text="Rechtstreeks geschreven tekst", author=ctx.actor.id)
            elif way == 3:
                FollowUp.create(case=case_id, due_on=ctx.today,
                                description="Rechtstreeks geschreven afspraak")
            else:
                Case.update(department="Rechtstreeks geschreven afdeling").where(
                    Case.id == case_id).execute()


def run(role: str, path: str, key: bytes, initials: str, cases: list[tuple[int, int]],
        today, barrier, purged_all) -> Outcome:
    from vp_tui.errors import ConflictError, StoreError, ValidationError
    from vp_tui.services import retention
    from vp_tui.services.advisers import resolve_actor
    from vp_tui.services.context import Context
    from vp_tui.store import vault

    out = Outcome(role)
    store = vault.open_with_key(Path(path), key)
    try:
        ctx = Context(resolve_actor(initials, None), today=today)
        rng = random.Random(role)
        barrier.wait()
        if role == "purge":
            for case_id, _entry in cases:
                time.sleep(rng.uniform(0.0, 0.03))
                retention.purge(ctx, case_id)
            purged_all.set()
            return out
        extra = 0
        while extra < 40:  # keep writing a while after the last purge
            if purged_all.is_set():
                extra += 1
            case_id, entry_id = rng.choice(cases)
            try:
                _write_once(ctx, rng, case_id, entry_id)
                out.written += 1
            except (ValidationError, ConflictError, StoreError):
                out.refused += 1
    except Exception:  # noqa: BLE001 - reported to the parent, which fails the test
        out.errors.append(traceback.format_exc())
    finally:
        store.close()
    return out


def main(queue, *args) -> None:
    """Process target: the outcome goes back through the queue."""
    queue.put(run(*args))
