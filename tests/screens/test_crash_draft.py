"""Killed mid-typing: the real program in a real terminal (tmux), a conversation typed, the
process killed with SIGKILL once its draft is in the database; the next start offers the text
and opens the form with it."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from vp_tui.models import Draft
from vp_tui.store import vault

TYPED = "Zeppelinkantine: de melder vertelde over de teamleider"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


class Terminal:
    """One tmux server of this test's own (its own socket), 100x30."""

    def __init__(self, socket: Path, command: str) -> None:
        self._tmux = ["tmux", "-S", str(socket)]
        self._command = command

    def start(self) -> None:
        subprocess.run([*self._tmux, "new-session", "-d", "-s", "vp", "-x", "100", "-y", "30",
                        self._command], check=True)

    def screen(self, *, styled: bool = False) -> str:
        """What the terminal shows; `styled`: with its colours (a focused field's cursor)."""
        done = subprocess.run([*self._tmux, "capture-pane", "-p", *(["-e"] if styled else []),
                               "-t", "vp"], capture_output=True, text=True)
        return done.stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run([*self._tmux, "send-keys", "-t", "vp", *(["-l"] if literal else []),
                        *keys], check=True)

    def pid(self) -> int:
        done = subprocess.run([*self._tmux, "display-message", "-p", "-t", "vp",
                               "#{pane_pid}"], capture_output=True, text=True, check=True)
        return int(done.stdout)

    def stop(self) -> None:
        subprocess.run([*self._tmux, "kill-server"], capture_output=True)


def until(condition: Callable[[], object], what: str, seconds: float = 60,
          shown: Callable[[], str] = lambda: "") -> None:
    """Wait for a condition of the terminal or the database (the program runs on its own);
    `shown` tells what the terminal showed when it did not come."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what}:\n{shown()}"
        time.sleep(0.1)


def _line(screen: str, label: str) -> str:
    return next((line for line in screen.splitlines() if label in line), "")


def type_report(terminal: Terminal) -> None:
    """Type TYPED into the report field. First a letter into the date and a backspace, each
    waited for: the form has its focus and takes keys. Then Tab to the report, and type once
    it shows its cursor: letters sent with the tabs in one burst landed in the date."""
    terminal.keys(TYPED[0], literal=True)
    until(lambda: re.search(r"Datum +" + TYPED[0] + " ", terminal.screen()),
          "the date did not take a key", shown=terminal.screen)
    terminal.keys("BSpace")
    until(lambda: "dd-mm-jjjj" in _line(terminal.screen(), "Datum"),
          "the date did not take a backspace", shown=terminal.screen)
    unfocused = _line(terminal.screen(styled=True), "Verslag")
    terminal.keys("Tab", "Tab", "Tab")  # date, minutes, form: to the report
    until(lambda: _line(terminal.screen(styled=True), "Verslag") != unfocused,
          "the report field did not get the focus (its cursor)", shown=terminal.screen)
    terminal.keys(TYPED, literal=True)
    until(lambda: TYPED in _line(terminal.screen(), "Verslag"), "the text did not show",
          shown=terminal.screen)


@pytest.fixture
def terminal(demo_store, file_keyring, tmp_path: Path) -> Iterator[Terminal]:
    demo_store.close()
    env = {  # nothing else of the test's environment (pytest's COLUMNS, say)
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHON_KEYRING_BACKEND": "tests.keyring_backend.JsonFileKeyring",
        "VP_TUI_BENCH_KEYRING": str(file_keyring.path),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
    }
    command = " ".join([
        "exec env -i", *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
        shlex.quote(sys.executable), "-m", "vp_tui", "--db",
        shlex.quote(str(demo_store.path)), "--as", "ADV",
    ])
    term = Terminal(tmp_path / "tmux.sock", command)
    yield term
    term.stop()


def kept(path: Path) -> list[dict[str, str]]:
    """The drafts in the database, read as another session would."""
    store = vault.open_store(path)
    try:
        return [json.loads(d.texts) for d in Draft.select()]
    finally:
        store.close()


def test_text_typed_before_a_kill_is_offered_at_the_next_start(terminal, demo_store) -> None:
    terminal.start()
    until(lambda: "Mijn open meldingen" in terminal.screen() and "2026-" in terminal.screen(),
          "the dashboard did not show")
    terminal.keys("Enter")  # the first of my open cases
    until(lambda: "Tijdlijn" in terminal.screen(), "the case did not open")
    terminal.keys("g")
    until(lambda: re.search(r"Datum +\d\d-\d\d-\d{4}", terminal.screen()),
          "no conversation form", shown=terminal.screen)
    type_report(terminal)
    until(lambda: {"text": TYPED} in kept(demo_store.path), "no draft stored", seconds=30,
          shown=terminal.screen)

    os.kill(terminal.pid(), signal.SIGKILL)  # no goodbye: a dropped connection, a crash
    until(lambda: "vp" not in subprocess.run(
        ["tmux", "-S", str(terminal._tmux[2]), "list-sessions"], capture_output=True,
        text=True).stdout, "the killed program's terminal stayed")

    terminal.start()
    until(lambda: "Niet-opgeslagen tekst" in terminal.screen(), "no offer at the next start")
    assert "Gesprek toevoegen" in terminal.screen()
    terminal.keys("o")
    until(lambda: "Gesprek toevoegen" in terminal.screen() and TYPED in terminal.screen(),
          "the form did not open with the text")
