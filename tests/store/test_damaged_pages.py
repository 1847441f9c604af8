"""A damaged page is recognised wherever it is met: as a statement runs (the store's own
wrapper raises DatabaseDamaged) or while rows are fetched later (the driver's own error, which
store.database.damage_error names for the CLI's last line of defence)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.store.damage import damaged_copies
from vp_tui.errors import StoreError
from vp_tui.models import AuditEvent, TimelineEntry
from vp_tui.store import vault
from vp_tui.store.database import DatabaseDamaged, damage_error


def test_every_damaged_page_is_named(demo_store, tmp_path: Path) -> None:
    demo_store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    demo_store.close()
    good = demo_store.path
    seen: dict[str, int] = {"open": 0, "statement": 0, "fetch": 0}
    for page, db in damaged_copies(good, tmp_path):
        try:
            store = vault.open_store(db)
        except StoreError as exc:
            assert "beschadigd" in str(exc), (page, exc)
            seen["open"] += 1
            continue
        try:
            for model in (TimelineEntry, AuditEvent):
                try:
                    for _row in model.select().execute():
                        pass
                except DatabaseDamaged as exc:
                    assert "beschadigd" in str(exc)
                    seen["statement"] += 1
                except Exception as exc:  # noqa: BLE001 - what the driver raises at fetch
                    named = damage_error(exc)
                    assert named is not None, (page, type(exc), exc)
                    assert "beschadigd" in str(named) and "\n" not in str(named)
                    seen["fetch"] += 1
        finally:
            store.close()
        shutil.rmtree(db.parent)
    assert all(seen.values()), seen
