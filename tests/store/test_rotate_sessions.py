"""`key rotate` while other sessions have the database open: refused with one line naming
them, and those sessions go on with the key they have; once they are closed it rotates. The
other session is a real process holding a session, as an adviser's TUI does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.keyring_backend import JsonFileKeyring
from vp_tui.cli import cli
from vp_tui.models import Adviser
from vp_tui.store import keys

SESSION = """
import sys
from pathlib import Path
import keyring
from tests.keyring_backend import JsonFileKeyring
keyring.set_keyring(JsonFileKeyring(Path(sys.argv[2])))
from vp_tui.services import session as sessions
from vp_tui.services.writes import transaction
from vp_tui.services import audit
s = sessions.open_session(Path(sys.argv[1]), "BJ", env={}, command="tui")
print("open", flush=True)
sys.stdin.readline()  # the adviser works on; then saves once more
with transaction():
    audit.record(s.ctx, "case.edit", "case", 1)
print("saved", flush=True)
s.close()
"""


def test_rotation_waits_for_no_one_and_names_who_holds_the_database(
        store, db_path: Path, file_keyring: JsonFileKeyring) -> None:
    Adviser.create(name="Bram Jansen", initials="BJ", gender="m")
    Adviser.create(name="Beheer", initials="ADM", gender="x", role="admin")
    db_id = store.db_id
    store.close()
    before = keys.load(db_id)
    root = Path(__file__).resolve().parents[2]
    other = subprocess.Popen([sys.executable, "-c", SESSION, str(db_path),
                              str(file_keyring.path)], cwd=root, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "open"
        result = CliRunner().invoke(cli, ["--db", str(db_path), "--as", "ADM", "key", "rotate"])
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == 2, result.output
        assert len(lines) == 1 and "open bij BJ (local:tui" in lines[0], result.output
        assert keys.load(db_id) == before  # nothing rotated
        other.stdin.write("\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "saved"  # its key still works
        assert other.wait(timeout=30) == 0
    finally:
        other.kill()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--as", "ADM", "key", "rotate"])
    assert result.exit_code == 0, result.output
    assert keys.load(db_id) != before
