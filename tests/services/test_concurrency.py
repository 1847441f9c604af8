"""Several processes on one database file: no lost update, no 'database is locked', a sound file.

8 processes x 200 edits on 4 shared cases and 4 shared timeline entries, through the real
services (update_versioned edits, edit_entry with history, add_note, add_conversation). Each
process opens the file with the key it was handed (open_with_key), as a second session would.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.services import concurrency_worker
from vp_tui.models import (
    Adviser,
    AuditEvent,
    Case,
    Engagement,
    Handover,
    Organisation,
    TimelineEntry,
    TimelineRevision,
    database,
)
from vp_tui.services import audit
from vp_tui.store import keys, vault

PROCESSES = 8
EDITS = 200
CASES = 4


@pytest.fixture
def shared(tmp_path: Path):
    """A database with two advisers working the same 4 cases (AA owns them, BB has them handed
    over with consent), each case with one entry to edit."""
    key = keys.new_key()
    path = tmp_path / "shared.db"
    store = vault.create(path, use_keyring=False, key=key)
    aa = Adviser.create(name="Adviseur A", initials="AA", gender="v")
    bb = Adviser.create(name="Adviseur B", initials="BB", gender="m")
    org = Organisation.create(name="Gedeeld B.V.")
    Engagement.create(adviser=aa, organisation=org, role="vaste_vp", start=TODAY)
    case_ids, entry_ids = [], []
    for n in range(CASES):
        case = Case.create(code=f"2026-{n + 1:04d}", organisation=org, owner=aa, opened_on=TODAY,
                           channel="telefoon", case_type="oo", melder_code=f"M-{n}")
        Handover.create(case=case, from_adviser=aa, to_adviser=bb, start=TODAY, consent=True)
        entry = TimelineEntry.create(case=case, kind="notitie", occurred_on=TODAY,
                                     text="begin", author=aa)
        case_ids.append(case.id)
        entry_ids.append(entry.id)
    store.close()
    return path, key, case_ids, entry_ids


def _run_processes(path: Path, key: bytes, case_ids: list[int], entry_ids: list[int]):
    mp = multiprocessing.get_context("spawn")  # no inherited connection, like real sessions
    queue, barrier = mp.Queue(), mp.Barrier(PROCESSES)
    procs = [
        mp.Process(target=concurrency_worker.main,
                   args=(queue, w, str(path), key, ("AA", "BB")[w % 2], case_ids, entry_ids,
                         EDITS, TODAY, barrier))
        for w in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    outcomes = [queue.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return outcomes


def test_eight_processes_lose_nothing(shared) -> None:
    path, key, case_ids, entry_ids = shared
    outcomes = _run_processes(path, key, case_ids, entry_ids)

    errors = [e for o in outcomes for e in o.errors]
    assert not errors, errors[0]  # includes any 'database is locked'
    done = sum(len(o.case_edits) + len(o.entry_edits) + len(o.notes) + len(o.conversations)
               for o in outcomes)
    conflicts = sum(o.conflicts for o in outcomes)
    assert done + conflicts >= PROCESSES * EDITS  # every attempt confirmed or reported
    assert conflicts > 0  # the stale path was exercised, not just fresh saves

    store = vault.open_with_key(path, key)
    try:
        assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert database.execute_sql("PRAGMA cipher_integrity_check").fetchall() == []
        assert audit.verify().ok  # the hash chain survived concurrent appends

        # Case edits: each version confirmed to exactly one session, none missing, and the row
        # holds the value of the last confirmed save.
        by_case = defaultdict(dict)
        for o in outcomes:
            for case_id, version, value in o.case_edits:
                assert version not in by_case[case_id], "two sessions confirmed one version"
                by_case[case_id][version] = value
        for case_id in case_ids:
            row = Case.get_by_id(case_id)
            confirmed = by_case[case_id]
            assert sorted(confirmed) == list(range(2, row.version + 1))
            assert row.department == confirmed[row.version] if confirmed else row.version == 1
            edits_audited = AuditEvent.select().where(
                AuditEvent.action == "case.edit", AuditEvent.object_id == str(case_id)).count()
            assert edits_audited == len(confirmed)

        # Entry edits: every confirmed text is in the history at its version.
        by_entry = defaultdict(dict)
        for o in outcomes:
            for entry_id, version, text in o.entry_edits:
                assert version not in by_entry[entry_id]
                by_entry[entry_id][version] = text
        for entry_id in entry_ids:
            entry = TimelineEntry.get_by_id(entry_id)
            history = {r.version: r.text for r in
                       TimelineRevision.select().where(TimelineRevision.entry == entry_id)}
            history[entry.version] = entry.text
            expected = {1: "begin", **by_entry[entry_id]}
            assert history == expected

        # New notes and conversations: all there, nothing extra, counters exact.
        notes = {(e, c, t) for o in outcomes for e, c, t in o.notes}
        stored = {(e.id, e.case_id, e.text) for e in TimelineEntry.select().where(
            TimelineEntry.kind == "notitie", TimelineEntry.text != "begin",
            ~TimelineEntry.id.in_(entry_ids))}
        assert stored == notes
        talks = Counter(c for o in outcomes for c in o.conversations)
        for case_id in case_ids:
            row = Case.get_by_id(case_id)
            assert (row.conversation_count, row.minutes_spent) == (talks[case_id],
                                                                   30 * talks[case_id])
    finally:
        store.close()


def _other_session(path: Path, key: bytes):
    """A second connection to the file, as another process would have, without busy wait."""
    import sqlcipher3

    from vp_tui.store.database import raw_key

    conn = sqlcipher3.connect(str(path), isolation_level=None, timeout=0)
    conn.execute(f"PRAGMA key = \"{raw_key(key)}\"")
    return conn


def test_a_write_transaction_holds_the_write_lock_from_its_start(shared) -> None:
    """transaction() is BEGIN IMMEDIATE: a session that only read so far already excludes other
    writers, so it can never fail later with a read-to-write upgrade ('database is locked')."""
    import sqlcipher3

    from vp_tui.services.writes import transaction

    path, key, case_ids, _ = shared
    store = vault.open_with_key(path, key)
    other = _other_session(path, key)
    try:
        with transaction():
            Case.get_by_id(case_ids[0])  # a read only
            with pytest.raises(sqlcipher3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            with transaction():  # nested: a savepoint inside the same write transaction
                Case.update(department="x").where(Case.id == case_ids[0]).execute()
        other.execute("BEGIN IMMEDIATE")  # free again after commit
        other.execute("ROLLBACK")
    finally:
        other.close()
        store.close()


def test_data_version_moves_only_for_other_sessions(shared) -> None:
    from vp_tui.services.session import data_version

    path, key, case_ids, _ = shared
    store = vault.open_with_key(path, key)
    other = _other_session(path, key)
    try:
        before = data_version()
        Case.update(department="eigen").where(Case.id == case_ids[0]).execute()
        assert data_version() == before  # our own change: the screen knows already
        other.execute("UPDATE \"case\" SET department = 'ander' WHERE id = ?", (case_ids[1],))
        assert data_version() != before
    finally:
        other.close()
        store.close()
