"""While an import checks its rows, other sessions can save: the rows are read and checked in
a read transaction, and the write lock is held only for the insert at the end."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from tests.conftest import TODAY, ctx_for
from tests.services.casework import ZUIDVLIET
from vp_tui.services.importing import cases as case_import
from vp_tui.services.importing import import_file
from vp_tui.store.database import raw_key


def _other_session_can_write(path: Path, key: bytes) -> bool:
    """Another connection to the file takes the write lock at once, or not at all."""
    conn = sqlcipher3.connect(str(path), timeout=0)
    try:
        conn.execute(f"PRAGMA key = \"{raw_key(key)}\"")
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlcipher3.OperationalError:
            return False
        conn.execute("ROLLBACK")
        return True
    finally:
        conn.close()


def test_other_sessions_save_while_an_import_checks_its_rows(
        demo_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    probes: list[bool] = []
    check_owner = case_import._owner

    def probing(*args, **kwargs):
        probes.append(_other_session_can_write(demo_store.path, demo_store.key))
        return check_owner(*args, **kwargs)

    monkeypatch.setattr(case_import, "_owner", probing)
    path = tmp_path / "meldingen.csv"
    path.write_text("organisatie;vp;datum_melding;soort;categorieen\n" + "".join(
        f"{ZUIDVLIET};BJ;{TODAY.isoformat()};ongewenste omgangsvormen;pesten\n"
        for _ in range(5)), encoding="utf-8")
    report = import_file(ctx_for("BJ"), "cases", path)
    assert (report.created, report.problems) == (5, [])
    assert probes == [True] * 5
