"""Forward migrations run once, in order, and are recorded; a failing one changes nothing."""

from __future__ import annotations

import pytest

from vp_tui.models import Meta
from vp_tui.store import migrations, vault


def _columns(db, table: str) -> set[str]:
    return {c.name for c in db.get_columns(table)}


def test_pending_migration_runs_on_open(store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.close()

    def add_column(db) -> None:
        db.execute_sql("ALTER TABLE organisation ADD COLUMN website TEXT DEFAULT ''")

    nxt = migrations.SCHEMA_VERSION + 1
    monkeypatch.setitem(migrations.MIGRATIONS, nxt, add_column)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", nxt)
    again = vault.open_store(store.path)
    assert "website" in _columns(again.db, "organisation")
    assert Meta.get(Meta.key == "schema_version").value == str(nxt)
    again.close()
    # Opening again does not run it twice (ALTER TABLE would fail on a second run).
    vault.open_store(store.path).close()


def test_failing_migration_rolls_back(store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.close()

    def broken(db) -> None:
        db.execute_sql("ALTER TABLE organisation ADD COLUMN half_done TEXT")
        raise RuntimeError("boom")

    reached = migrations.SCHEMA_VERSION
    monkeypatch.setitem(migrations.MIGRATIONS, reached + 1, broken)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", reached + 1)
    with pytest.raises(RuntimeError):
        vault.open_store(store.path)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", reached)
    again = vault.open_store(store.path)
    assert "half_done" not in _columns(again.db, "organisation")
    assert Meta.get(Meta.key == "schema_version").value == str(reached)
    again.close()


def _case_indexes(db) -> set[str]:
    return {i.name for i in db.get_indexes("case")}


def test_version_2_drops_the_owner_only_index(store) -> None:
    """A version-1 database had an index on the case owner alone besides (owner, status,
    opened_on); SQLite chose it and read every case an adviser owned to find the open ones."""
    assert "case_owner_id" not in _case_indexes(store.db)  # a new database never has it
    assert "case_owner_id_status_opened_on" in _case_indexes(store.db)
    store.db.execute_sql('CREATE INDEX "case_owner_id" ON "case" ("owner_id")')
    Meta.replace(key="schema_version", value="1").execute()
    store.close()
    again = vault.open_store(store.path)
    assert "case_owner_id" not in _case_indexes(again.db)
    assert Meta.get(Meta.key == "schema_version").value == str(migrations.SCHEMA_VERSION)
    again.close()


def _indexes(db, table: str) -> set[str]:
    return {i.name for i in db.get_indexes(table)}


def test_version_3_replaces_the_dashboard_indexes(store) -> None:
    """A version-2 database had (case, occurred_on) and (done_on, due_on); version 3 adds the
    column each dashboard query needs at the end, so those queries read the index alone."""
    new_timeline, new_followup = ("timeline_entry_case_id_occurred_on_kind",
                                  "follow_up_done_on_due_on_case_id")
    assert new_timeline in _indexes(store.db, "timeline_entry")  # a new database has them
    assert new_followup in _indexes(store.db, "follow_up")
    store.db.execute_sql(f'DROP INDEX "{new_timeline}"')
    store.db.execute_sql(f'DROP INDEX "{new_followup}"')
    store.db.execute_sql('CREATE INDEX "timeline_entry_case_id_occurred_on" '
                         'ON "timeline_entry" ("case_id", "occurred_on")')
    store.db.execute_sql('CREATE INDEX "follow_up_done_on_due_on" '
                         'ON "follow_up" ("done_on", "due_on")')
    Meta.replace(key="schema_version", value="2").execute()
    store.close()
    again = vault.open_store(store.path)
    assert new_timeline in _indexes(again.db, "timeline_entry")
    assert "timeline_entry_case_id_occurred_on" not in _indexes(again.db, "timeline_entry")
    assert new_followup in _indexes(again.db, "follow_up")
    assert "follow_up_done_on_due_on" not in _indexes(again.db, "follow_up")
    assert Meta.get(Meta.key == "schema_version").value == str(migrations.SCHEMA_VERSION)
    again.close()
