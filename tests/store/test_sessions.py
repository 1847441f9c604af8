"""Who has the database open: a rotation sees every other session, names it, and a crashed
session's leftovers do not count. Sessions in other processes are real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vp_tui.errors import StoreError
from vp_tui.store import sessions

HOLDER = """
import sys, time
from pathlib import Path
from vp_tui.store import sessions
registration = sessions.register(Path(sys.argv[1]))
registration.identify(sys.argv[2])
print("open", flush=True)
time.sleep(600)
"""


def _holder(db: Path, who: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), who],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "open"
    return proc


def test_a_rotation_is_refused_while_another_process_holds_the_database(tmp_path: Path
                                                                        ) -> None:
    db = tmp_path / "vp.db"
    other = _holder(db, "BJ")
    try:
        mine = sessions.register(db)
        with pytest.raises(StoreError, match=r"open bij BJ \(sinds .*proces"):
            mine.claim_alone()
        other.send_signal(signal.SIGKILL)  # a crash: its lock goes with its process
        other.wait(timeout=10)
        mine.claim_alone()
        assert [p.name for p in sessions.folder(db).glob("*.json")] == [mine.own_path.name]
        mine.close()
    finally:
        other.kill()


def test_no_store_opens_during_a_rotation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    db = tmp_path / "vp.db"
    rotating = sessions.register(db, "ADM")
    rotating.claim_alone()
    monkeypatch.setattr(sessions, "OPEN_WAIT_SECONDS", 0.3)
    began = time.monotonic()
    with pytest.raises(StoreError, match="wordt vervangen"):
        sessions.register(db, "BJ")
    assert time.monotonic() - began >= 0.3
    rotating.close()
    sessions.register(db, "BJ").close()


def test_session_files_are_private(tmp_path: Path) -> None:
    db = tmp_path / "vp.db"
    registration = sessions.register(db, "BJ")
    try:
        assert oct(os.stat(sessions.folder(db)).st_mode & 0o777) == oct(0o700)
        assert oct(os.stat(registration.own_path).st_mode & 0o777) == oct(0o600)
    finally:
        registration.close()
    assert not registration.own_path.exists()
