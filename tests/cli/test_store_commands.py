"""The CLI of the foundation: init, key commands, backup, and one-line errors."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from click.testing import CliRunner
from keyring.backends import fail

from tests.conftest import file_digest
from vp_tui.cli import cli
from vp_tui.store import vault

PASS = "een lange wachtzin"


def run(*args: str, env: dict | None = None, input: str | None = None):
    return CliRunner().invoke(cli, list(args), env=env, input=input)


@pytest.fixture
def initialised(db_path: Path) -> Path:
    result = run("--db", str(db_path), "init", "--name", "Anna de Vries", "--initials", "ADV",
                 "--gender", "v")
    assert result.exit_code == 0, result.output
    return db_path


def test_init_creates_encrypted_database_with_admin(initialised: Path) -> None:
    assert initialised.exists()
    assert not initialised.read_bytes().startswith(b"SQLite format 3")
    db_id = vault.id_path(initialised).read_text().strip()
    assert keyring.get_password("vp-tui", db_id)


def test_recovery_export_and_import_via_cli(initialised: Path, tmp_path: Path) -> None:
    target = tmp_path / "herstel.json"
    result = run("--db", str(initialised), "key", "export-recovery", str(target),
                 input=f"{PASS}\n{PASS}\n")
    assert result.exit_code == 0, result.output
    db_id = vault.id_path(initialised).read_text().strip()
    keyring.delete_password("vp-tui", db_id)
    result = run("--db", str(initialised), "key", "import-recovery", str(target),
                 env={"VP_TUI_RECOVERY_PASSPHRASE": PASS})
    assert result.exit_code == 0, result.output
    assert keyring.get_password("vp-tui", db_id)


def test_rotate_with_new_recovery_file(initialised: Path, tmp_path: Path) -> None:
    db_id = vault.id_path(initialised).read_text().strip()
    before = keyring.get_password("vp-tui", db_id)
    out = tmp_path / "nieuw.json"
    result = run("--db", str(initialised), "key", "rotate", "--recovery", str(out),
                 env={"VP_TUI_RECOVERY_PASSPHRASE": PASS})
    assert result.exit_code == 0, result.output
    assert keyring.get_password("vp-tui", db_id) != before
    keyring.delete_password("vp-tui", db_id)
    result = run("--db", str(initialised), "key", "import-recovery", str(out),
                 env={"VP_TUI_RECOVERY_PASSPHRASE": PASS})
    assert result.exit_code == 0, result.output


def test_backup_and_verify(initialised: Path, tmp_path: Path) -> None:
    dest = tmp_path / "b.db"
    result = run("--db", str(initialised), "backup", str(dest))
    assert result.exit_code == 0, result.output
    assert "Back-up in orde" in result.output
    result = run("backup", "--verify", str(dest))
    assert result.exit_code == 0, result.output


def _assert_one_line_error(result, pattern: str) -> None:
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("fout:"), lines[0]
    assert pattern in lines[0]
    assert "Traceback" not in result.output


def test_wrong_key_one_line_and_unchanged(initialised: Path) -> None:
    db_id = vault.id_path(initialised).read_text().strip()
    keyring.set_password("vp-tui", db_id, "11" * 32)
    before = file_digest(initialised)
    _assert_one_line_error(run("--db", str(initialised), "backup", "/tmp/never.db"),
                           "sleutel past niet")
    assert file_digest(initialised) == before


def test_no_keyring_entry(initialised: Path) -> None:
    db_id = vault.id_path(initialised).read_text().strip()
    keyring.delete_password("vp-tui", db_id)
    _assert_one_line_error(run("--db", str(initialised), "--as", "ADV", "retention", "--due"),
                           "import-recovery")


def test_unusable_keyring(initialised: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    _assert_one_line_error(run("--db", str(initialised), "--as", "ADV", "retention", "--due"),
                           "keyring")


def test_missing_database(tmp_path: Path) -> None:
    _assert_one_line_error(run("--db", str(tmp_path / "x.db"), "audit", "verify"),
                           "niet gevonden")
    assert not (tmp_path / "x.db").exists()


def test_plain_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = file_digest(path)
    _assert_one_line_error(run("--db", str(path), "audit", "verify"), "onversleutelde")
    assert file_digest(path) == before


def test_truncated_database(initialised: Path) -> None:
    initialised.write_bytes(initialised.read_bytes()[:3000])
    before = file_digest(initialised)
    _assert_one_line_error(run("--db", str(initialised), "audit", "verify"), "beschadigd")
    assert file_digest(initialised) == before


def test_unknown_adviser(initialised: Path) -> None:
    _assert_one_line_error(run("--db", str(initialised), "--as", "ZZ", "retention", "--due"),
                           "Onbekende adviseur")


def test_recovery_wrong_passphrase_cli(initialised: Path, tmp_path: Path) -> None:
    target = tmp_path / "herstel.json"
    run("--db", str(initialised), "key", "export-recovery", str(target),
        env={"VP_TUI_RECOVERY_PASSPHRASE": PASS})
    _assert_one_line_error(
        run("--db", str(initialised), "key", "import-recovery", str(target),
            env={"VP_TUI_RECOVERY_PASSPHRASE": "fout fout fout"}),
        "Wachtzin onjuist",
    )


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    """The installed entry point, in its own process, with the test keyring selected through
    PYTHON_KEYRING_BACKEND as an operator would."""
    env = dict(os.environ)
    env.update(
        PYTHON_KEYRING_BACKEND="tests.keyring_backend.JsonFileKeyring",
        VP_TUI_BENCH_KEYRING=str(tmp_path / "kr.json"),
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    bad = tmp_path / "garbage.db"
    bad.write_bytes(os.urandom(8192))
    vault.id_path(bad).write_text("abc\n")
    proc = subprocess.run(
        [sys.executable, "-m", "vp_tui", "--db", str(bad)],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("fout:")
