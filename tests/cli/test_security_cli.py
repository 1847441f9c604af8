"""The entry point under a forced SSH command, `admin ssh-line`, and `audit verify/list`."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ed25519

from vp_tui.cli import cli
from vp_tui.models import Adviser, AuditEvent, database
from vp_tui.store import vault

SSH = {"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22", "SSH_ORIGINAL_COMMAND": None}


def run(*args: str, env: dict | None = None):
    """`env` values of None unset the variable, so a stray SSH_* of the test runner cannot leak
    in; stdout and stderr are kept apart."""
    base = {"SSH_CONNECTION": None, "SSH_CLIENT": None, "SSH_ORIGINAL_COMMAND": None}
    return CliRunner().invoke(cli, list(args), env={**base, **(env or {})})


def forced(command: str) -> dict:
    return {**SSH, "SSH_ORIGINAL_COMMAND": command}


@pytest.fixture
def db(demo_store) -> Path:
    """The demo database plus an admin account (ADM, not an adviser) and a few audit events;
    closed for the CLI."""
    from tests.conftest import ctx_for
    from vp_tui.services import audit

    Adviser.create(name="Beheer", initials="ADM", gender="x", role="admin", is_adviser=False)
    for n in range(4):
        audit.record(ctx_for("BJ"), "case.read", "case", n + 1)
    demo_store.close()
    return demo_store.path


def events(db: Path) -> list[AuditEvent]:
    store = vault.open_store(db)
    try:
        return list(AuditEvent.select().order_by(AuditEvent.id))
    finally:
        store.close()


def assert_one_line_refusal(result, code: int = 3) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("fout: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""


# --- forced command ----------------------------------------------------------------------------


@pytest.mark.parametrize("requested", ["bash", "audit list", "admin ssh-line ADM k.pub",
                                       "stats X --as ADM", "--db /tmp/other.db coverage",
                                       "schedule --ics /home/vp/.profile"])
def test_client_cannot_choose_another_command_or_identity(db: Path, requested: str) -> None:
    before = len(events(db))
    assert_one_line_refusal(run("--db", str(db), "--as", "BJ", env=forced(requested)))
    # Audited by its length and hash: the client's text itself is never stored.
    after = events(db)
    assert len(after) == before + 1
    last = after[-1]
    digest = hashlib.sha256(requested.encode()).hexdigest()[:16]
    assert (last.actor, last.action, last.object_type, last.object_id) == (
        "BJ", "session.refused-command", "ssh", f"{len(requested)}:{digest}")


def test_as_twice_is_refused(db: Path) -> None:
    assert_one_line_refusal(run("--db", str(db), "--as", "BJ", "--as", "ADM", "audit", "list"))
    assert_one_line_refusal(run("--db", str(db), "--as=BJ", "--as", "BJ", env=forced("")))


def test_unknown_adviser_in_the_forced_command_is_refused(db: Path) -> None:
    result = run("--db", str(db), "--as", "ZZ", env=SSH)  # would start the TUI
    assert_one_line_refusal(result)
    assert "ZZ" in result.stderr
    last = events(db)[-1]
    assert (last.actor, last.action, last.object_id) == ("system", "session.refused", "ssh:tui")


def test_ssh_session_without_as_is_refused_even_when_os_user_is_mapped(db: Path) -> None:
    import pwd

    store = vault.open_store(db)
    Adviser.update(os_user=pwd.getpwuid(os.getuid()).pw_name).where(
        Adviser.initials == "ADM").execute()
    store.close()
    assert run("--db", str(db), "audit", "list").exit_code == 0  # locally: the mapping
    assert_one_line_refusal(run("--db", str(db), "audit", "list", env=SSH))


def test_allowlisted_command_runs_as_the_forced_adviser(db: Path) -> None:
    result = run("--db", str(db), "--as", "BJ",
                 env=forced("vp-tui coverage --from 2026-11-30 --weeks 1 --json"))
    assert result.exit_code in (0, 1), result.output  # 1: gaps found, for cron
    assert result.stdout.lstrip().startswith(("[", "{"))
    starts = [e for e in events(db) if e.action == "session.start"]
    assert starts[-1].actor == "BJ" and starts[-1].object_id.startswith("ssh")


def test_due_runs_over_ssh_for_the_forced_adviser_only(db: Path) -> None:
    """An adviser's cron asks what falls due through their key; another adviser's list stays
    refused by the service, as in the TUI."""
    result = run("--db", str(db), "--as", "BJ", env=forced("vp-tui due --days 30 --json"))
    assert result.exit_code in (0, 1, 10), result.output
    assert result.stdout.lstrip().startswith("[")
    assert_one_line_refusal(run("--db", str(db), "--as", "BJ",
                                env=forced("vp-tui due --adviser ADV")))


def test_real_entry_point_under_forced_command(db: Path, tmp_path: Path, file_keyring) -> None:
    """`python -m vp_tui` as sshd would start it: one line on stderr, exit 3, no traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSH_")}
    env.update(
        PYTHON_KEYRING_BACKEND="tests.keyring_backend.JsonFileKeyring",
        VP_TUI_BENCH_KEYRING=str(file_keyring.path),
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
        SSH_CONNECTION="10.0.0.2 50000 10.0.0.1 22",
    )
    base = [sys.executable, "-m", "vp_tui", "--db", str(db)]
    cases = [(base + ["--as", "BJ"], "rm -rf ~"), (base + ["--as", "BJ", "--as", "ADM"], ""),
             (base + ["--as", "ZZ"], "coverage --weeks 1")]
    for argv, requested in cases:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                              env={**env, "SSH_ORIGINAL_COMMAND": requested})
        assert proc.returncode == 3, (argv, requested, proc.stderr)
        assert proc.stderr.startswith("fout: ") and proc.stderr.count("\n") == 1
        assert "Traceback" not in proc.stderr and proc.stdout == ""


# --- admin ssh-line ----------------------------------------------------------------------------


@pytest.fixture
def keyfiles(tmp_path: Path) -> tuple[Path, Path]:
    key = ed25519.Ed25519PrivateKey.generate()
    pub, priv = tmp_path / "id_ed25519.pub", tmp_path / "id_ed25519"
    pub.write_bytes(key.public_key().public_bytes(ser.Encoding.OpenSSH,
                                                  ser.PublicFormat.OpenSSH) + b" bram@laptop\n")
    priv.write_bytes(key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH,
                                       ser.NoEncryption()))
    return pub, priv


def test_ssh_line_for_an_adviser(db: Path, keyfiles) -> None:
    pub, _ = keyfiles
    result = run("--db", str(db), "--as", "ADM", "admin", "ssh-line", "bj", str(pub),
                 "--program", "/opt/vp/bin/vp-tui")
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert line.startswith(f'command="/opt/vp/bin/vp-tui --db {db.resolve()} --as BJ",'
                           "restrict,pty ssh-ed25519 AAAA")
    assert line.endswith(" bram@laptop") and "\n" not in line


def test_ssh_line_refuses_private_key_and_non_admins(db: Path, keyfiles) -> None:
    pub, priv = keyfiles
    result = run("--db", str(db), "--as", "ADM", "admin", "ssh-line", "BJ", str(priv))
    assert_one_line_refusal(result, code=2)
    assert "privésleutel" in result.stderr
    assert_one_line_refusal(run("--db", str(db), "--as", "ADV", "admin", "ssh-line", "BJ",
                                str(pub)))
    assert_one_line_refusal(run("--db", str(db), "--as", "ADM", "admin", "ssh-line", "ZZ",
                                str(pub)), code=4)


def test_idle_lock_setting(db: Path) -> None:
    assert run("--db", str(db), "--as", "ADM", "admin", "idle-lock", "10").exit_code == 0
    assert_one_line_refusal(run("--db", str(db), "--as", "ADM", "admin", "idle-lock", "0"), 2)
    assert_one_line_refusal(run("--db", str(db), "--as", "BJ", "admin", "idle-lock", "30"))
    from vp_tui.services.session import open_session

    session = open_session(db, "BJ", env={})
    try:
        assert session.idle_minutes == 10
    finally:
        session.close()


# --- audit -------------------------------------------------------------------------------------


def test_audit_verify_ok_then_broken(db: Path) -> None:
    result = run("--db", str(db), "audit", "verify")
    assert result.exit_code == 0, result.output
    assert "in orde" in result.stdout
    store = vault.open_store(db)
    database.execute_sql("DROP TRIGGER audit_event_no_update")
    AuditEvent.update(actor="CS").where(AuditEvent.id == 2).execute()
    store.close()
    result = run("--db", str(db), "audit", "verify")
    assert result.exit_code == 1
    assert "gebeurtenis 2" in result.stderr and result.stderr.count("\n") == 1


def test_audit_verify_finds_a_deleted_row(db: Path) -> None:
    store = vault.open_store(db)
    database.execute_sql("DROP TRIGGER audit_event_no_delete")
    AuditEvent.delete().where(AuditEvent.id == 2).execute()
    store.close()
    result = run("--db", str(db), "audit", "verify")
    assert result.exit_code == 1 and "gebeurtenis 2: rij ontbreekt" in result.stderr


def test_audit_list_for_admin_only(db: Path) -> None:
    run("--db", str(db), "--as", "BJ", "coverage", "--from", "2026-11-30", "--weeks", "1")
    result = run("--db", str(db), "--as", "ADM", "audit", "list", "--actor", "BJ",
                 "--action", "session.*", "--since", "2020-01-01", "--limit", "5")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines and all(" BJ " in line and "session.start" in line for line in lines)
    assert_one_line_refusal(run("--db", str(db), "--as", "ADV", "audit", "list"))
    assert run("--db", str(db), "--as", "ADM", "audit", "list", "--limit", "0").exit_code == 2
