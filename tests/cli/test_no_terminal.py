"""The TUI without a terminal refuses with one line, and a dropped connection ends the
session: tried through the CLI and over a real sshd on the loopback address."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.loopback_sshd import loopback_sshd, needs_sshd
from vp_tui.cli import cli
from vp_tui.models import Adviser


def test_no_terminal_is_refused_with_one_line(store, db_path: Path) -> None:
    Adviser.create(name="Anna de Vries", initials="ADV", gender="v")
    store.close()
    for args in (["--db", str(db_path), "--as", "ADV"], ["demo"]):
        result = CliRunner().invoke(cli, args)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == 2, result.output
        assert len(lines) == 1 and "Geen terminal" in lines[0], result.output


def _running(marker: str) -> list[str]:
    found = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
    return found.stdout.split()


def _gone_within(marker: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while _running(marker):
        assert time.monotonic() < deadline, "a session process outlived its connection"
        time.sleep(0.1)


def _shows(client: subprocess.Popen, text: bytes, seconds: float) -> None:
    """Read the session's terminal output until `text` appears."""
    assert client.stdout is not None
    deadline, seen = time.monotonic() + seconds, b""
    while text not in seen:
        left = deadline - time.monotonic()
        assert left > 0, "the TUI did not draw over ssh"
        if select.select([client.stdout], [], [], left)[0]:
            chunk = os.read(client.stdout.fileno(), 65536)
            assert chunk, "the connection closed before the TUI drew"
            seen += chunk


@pytest.fixture
def sshd(tmp_path: Path):
    """sshd on 127.0.0.1 whose one key runs vp-tui (the demo) as a forced command, as an
    agency's authorized_keys line does. Yields (ssh command prefix, marker of the process)."""
    launcher = tmp_path / "vp-tui-launcher.py"
    launcher.write_text("from vp_tui.cli import main\nmain()\n")
    root = Path(__file__).resolve().parents[2]
    command = f"cd {root} && exec {sys.executable} {launcher} demo"
    with loopback_sshd(tmp_path, command, "restrict,pty") as ssh:
        try:
            yield ssh, str(launcher)
        finally:
            for pid in _running(str(launcher)):
                subprocess.run(["kill", "-9", pid])


@needs_sshd
def test_ssh_without_a_terminal_gets_one_line_and_no_process_stays(sshd) -> None:
    ssh, marker = sshd
    began = time.monotonic()
    done = subprocess.run([*ssh[:1], "-T", *ssh[1:]], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert time.monotonic() - began < 30
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert len(lines) == 1 and "Geen terminal" in lines[0], lines
    _gone_within(marker, 10)


@needs_sshd
def test_a_dropped_connection_ends_the_session_within_seconds(sshd) -> None:
    ssh, marker = sshd
    for _trial in range(3):
        client = subprocess.Popen([*ssh[:1], "-tt", *ssh[1:]], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        _shows(client, b"DEMO", 60)  # the TUI drew its first screen and waits for keys
        assert _running(marker)
        client.kill()  # the connection drops: no goodbye, as with a lost network
        client.wait(timeout=10)
        _gone_within(marker, 10)
