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

    monkeypatch.setitem(migrations.MIGRATIONS, 2, add_column)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    again = vault.open_store(store.path)
    assert "website" in _columns(again.db, "organisation")
    assert Meta.get(Meta.key == "schema_version").value == "2"
    again.close()
    # Opening again does not run it twice (ALTER TABLE would fail on a second run).
    vault.open_store(store.path).close()


def test_failing_migration_rolls_back(store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.close()

    def broken(db) -> None:
        db.execute_sql("ALTER TABLE organisation ADD COLUMN half_done TEXT")
        raise RuntimeError("boom")

    monkeypatch.setitem(migrations.MIGRATIONS, 2, broken)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    with pytest.raises(RuntimeError):
        vault.open_store(store.path)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 1)
    again = vault.open_store(store.path)
    assert "half_done" not in _columns(again.db, "organisation")
    assert Meta.get(Meta.key == "schema_version").value == "1"
    again.close()
