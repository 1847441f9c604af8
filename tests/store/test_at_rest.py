"""Encrypted at rest: none of the demo data's text is in the database, its WAL or a backup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import keyring
from keyring.backends import fail

from vp_tui.models import Case, Organisation, TimelineEntry
from vp_tui.services import demo
from vp_tui.services.session import open_demo
from vp_tui.store import vault


def _needles() -> list[bytes]:
    texts = {o.name for o in Organisation.select()}
    texts |= {e.text for e in TimelineEntry.select() if e.text}
    texts |= {c.melder_code for c in Case.select()}
    texts |= {"Anna de Vries", "Contact opnemen met melder"}
    needles = []
    for t in texts:
        needles += [t.encode("utf-8"), t.encode("utf-16-le")]
    return needles


def test_no_plaintext_in_db_wal_or_backup(store, tmp_path: Path) -> None:
    demo.generate(dt.date(2026, 11, 27))
    wal = Path(str(store.path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the demo data should still be in the WAL"
    backup = vault.backup(store, tmp_path / "backup.db")
    needles = _needles()
    assert len(needles) > 40
    for path in (store.path, wal, backup):
        blob = path.read_bytes()
        found = [n for n in needles if n in blob]
        assert not found, f"{path.name} holds plaintext: {found[:3]}"


def test_demo_works_without_any_keyring_backend() -> None:
    keyring.set_keyring(fail.Keyring())
    session = open_demo(dt.date(2026, 11, 27))
    try:
        assert session.demo
        assert Case.select().count() >= 40
        assert Organisation.select().count() >= 6
        folder = session.store.path.parent
    finally:
        session.close()
    assert not folder.exists(), "the throwaway database is removed on close"
