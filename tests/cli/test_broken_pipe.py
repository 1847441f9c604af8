"""A reader that stops early (`vp-tui stats X | head -1`) ends the command quietly with exit
code 141, as for a program ended by SIGPIPE: no 'interne fout', nothing on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vp_tui.cli.base import BROKEN_PIPE_EXIT


@pytest.fixture
def db(demo_store) -> Path:
    demo_store.close()
    return demo_store.path


def _env(file_keyring) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSH_")}
    env.update(
        PYTHON_KEYRING_BACKEND="tests.keyring_backend.JsonFileKeyring",
        VP_TUI_BENCH_KEYRING=str(file_keyring.path),
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    return env


@pytest.mark.parametrize("args", [
    ["stats", "1", "--year", "2025"],
    ["stats", "1", "--year", "2025", "--json"],
    ["coverage", "--weeks", "2"],
    ["schedule", "--ics", "-"],
    ["--help"],
])
def test_reader_gone_before_the_first_line(db: Path, file_keyring, args: list[str]) -> None:
    """The pipe's reading end is closed before the program writes anything: the first write
    fails with EPIPE, deterministically."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "vp_tui", "--db", str(db), "--as", "ADV", *args],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60,
            env=_env(file_keyring),
        )
    finally:
        os.close(write_end)
    assert proc.returncode == BROKEN_PIPE_EXIT, proc.stderr
    assert proc.stderr == ""


def test_head_reads_one_line_and_closes(db: Path, file_keyring) -> None:
    """A real pipeline into `head -1`: whether the program is still writing when head exits
    depends on timing, so each run either finishes (0) or ends quietly (141); never 70."""
    command = (f"{sys.executable} -m vp_tui --db {db} --as ADV stats 1 --year 2025 "
               "2>stderr.txt | head -1; echo \"exit=${PIPESTATUS[0]}\"")
    for _ in range(3):
        proc = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                              timeout=60, env=_env(file_keyring), cwd=db.parent)
        first, status = proc.stdout.splitlines()
        assert first.startswith("Gemeente Zuidvliet")
        assert status in ("exit=0", f"exit={BROKEN_PIPE_EXIT}")
        assert (db.parent / "stderr.txt").read_text() == ""
