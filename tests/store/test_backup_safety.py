"""Backups: written under a temporary name and renamed only once verified, so an interrupted
run (a real process killed with SIGKILL) leaves no file that passes for a backup and nothing
readable by others; a damaged source is refused; `backup --verify` names a partial file."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vp_tui.cli import cli
from vp_tui.errors import StoreError
from vp_tui.store import vault

ROOT = Path(__file__).resolve().parents[2]


def _env(file_keyring) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSH_")}
    env.update(
        PYTHON_KEYRING_BACKEND="tests.keyring_backend.JsonFileKeyring",
        VP_TUI_BENCH_KEYRING=str(file_keyring.path),
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture
def big_db(store) -> Path:
    """A database of about 24 MB, so that copying it takes long enough to be interrupted."""
    store.db.execute_sql("CREATE TABLE filler (b BLOB)")
    store.db.execute_sql(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
        "INSERT INTO filler SELECT randomblob(4000) FROM n")
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return store.path


def _beside(dest: Path) -> list[Path]:
    return sorted(p for p in dest.parent.iterdir() if p.name.startswith(dest.name))


def _umask_022() -> None:
    os.umask(0o022)


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_killed_backup_leaves_nothing_that_passes_for_a_backup(
        big_db: Path, tmp_path: Path, file_keyring) -> None:
    out = tmp_path / "backups"
    out.mkdir()
    env = _env(file_keyring)
    delays = [0.0, 0.01, 0.03, 0.06, 0.1, 0.2, 0.4, 0.8, 1.5]
    killed_mid_copy = 0
    for trial, delay in enumerate(delays):
        dest = out / f"vp-{trial}.db"
        proc = subprocess.Popen(
            [sys.executable, "-m", "vp_tui", "--db", str(big_db), "backup", str(dest)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
            preexec_fn=_umask_022)
        deadline = time.monotonic() + 60
        while not _beside(dest) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        files = _beside(dest)
        data_files = [p for p in files if not p.name.startswith(dest.name + ".id")]
        for path in data_files:  # the database copy and its journal: never readable by others
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path, oct(path.stat().st_mode))
        assert not dest.with_name(dest.name + "-journal").exists()
        if dest.exists():  # killed only after the rename: then it is a whole, verified backup
            assert vault.verify_backup(dest).tables > 0
        leftovers = [p for p in data_files if p != dest]
        for path in leftovers:
            assert vault.PARTIAL_MARK in path.name, path
        for path in (p for p in leftovers if not p.name.endswith(("-journal", "-wal", "-shm"))):
            killed_mid_copy += 1
            result = _run("backup", "--verify", str(path))
            assert result.exit_code == 2, result.output
            assert result.output.count("\n") == 1 and "onvolledig of beschadigd" in result.output
            assert "import-recovery" not in result.output
    assert killed_mid_copy >= 2, "no trial interrupted the copy; make the database bigger"
    # The leftovers do not get in the way of the next backup.
    result = _run("--db", str(big_db), "backup", str(out / "vp-0.db.next"))
    assert result.exit_code == 0, result.output


def _limit_file_size() -> None:
    os.umask(0o022)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (4 * 1024 * 1024, 4 * 1024 * 1024))


def test_failed_backup_removes_its_temporary_files(
        big_db: Path, tmp_path: Path, file_keyring) -> None:
    """A write that fails halfway (the file-size limit of a real process) leaves nothing."""
    dest = tmp_path / "backups" / "vp.db"
    dest.parent.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "vp_tui", "--db", str(big_db), "backup", str(dest)],
        capture_output=True, text=True, env=_env(file_keyring), timeout=120,
        preexec_fn=_limit_file_size)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("fout: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert list(dest.parent.iterdir()) == []


def _flip(path: Path, offset: int) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([byte[0] ^ 0x01]))


def test_damaged_page_in_the_source_is_refused(demo_store, tmp_path: Path) -> None:
    """A flipped byte in any page: never a backup. sqlcipher_export reads only the rows it
    copies, so without the integrity check first a damaged index page would be copied around
    and pass as 'in orde'."""
    demo_store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    demo_store.close()
    good, pages = demo_store.path, demo_store.path.stat().st_size // 4096
    work = tmp_path / "work"
    for page in range(1, pages):
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        db = work / "vp.db"
        shutil.copy(good, db)
        shutil.copy(vault.id_path(good), vault.id_path(db))
        _flip(db, page * 4096 + 100)
        dest = work / "b.db"
        with pytest.raises(StoreError, match="beschadigd"):
            store = vault.open_store(db)
            try:
                vault.backup(store, dest)
            finally:
                store.close()
        assert not dest.exists() and _beside(dest) == [], page


def test_damaged_page_through_the_cli(demo_store, tmp_path: Path) -> None:
    demo_store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    demo_store.close()
    db = demo_store.path
    pages = db.stat().st_size // 4096
    _flip(db, (pages * 2 // 3) * 4096 + 100)
    dest = tmp_path / "b.db"
    result = _run("--db", str(db), "backup", str(dest))
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "beschadigd" in result.output
    assert "Back-up in orde" not in result.output
    assert not dest.exists()


@pytest.mark.parametrize("cut", ["half", "page", "odd", "empty"])
def test_verify_names_a_truncated_backup(store, tmp_path: Path, cut: str) -> None:
    store.db.execute_sql("CREATE TABLE filler (b BLOB)")
    store.db.execute_sql(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
        "INSERT INTO filler SELECT randomblob(3000) FROM n")
    dest = vault.backup(store, tmp_path / "b.db")
    store.close()
    data = dest.read_bytes()
    size = {"half": len(data) // 2 // 4096 * 4096, "page": len(data) - 4096,
            "odd": len(data) - 100, "empty": 0}[cut]
    dest.write_bytes(data[:size])
    result = _run("backup", "--verify", str(dest))
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1, result.output
    assert "onvolledig of beschadigd" in result.output
    assert "import-recovery" not in result.output


def test_verify_without_the_id_file_does_not_ask_for_a_recovery_file(
        store, tmp_path: Path) -> None:
    dest = vault.backup(store, tmp_path / "b.db")
    store.close()
    vault.id_path(dest).unlink()
    result = _run("backup", "--verify", str(dest))
    assert result.exit_code == 2, result.output
    assert "onvolledig of beschadigd" in result.output and "import-recovery" not in result.output


def test_backup_is_private_from_creation_and_verifying_changes_nothing(
        store, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        dest = vault.backup(store, tmp_path / "b.db")
    finally:
        os.umask(old)
    store.close()
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert [p.name for p in _beside(dest)] == ["b.db", "b.db.id"]
    before = dest.read_bytes()
    assert _run("backup", "--verify", str(dest)).exit_code == 0
    assert dest.read_bytes() == before
    assert [p.name for p in _beside(dest)] == ["b.db", "b.db.id"]
