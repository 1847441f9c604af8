"""Terminal settings for SSH sessions: a short escape delay, no animations over SSH, and what
the user set stays set. Textual reads both variables once, when textual.constants is imported,
so the CLI must set them before that: checked on the real `vp-tui demo` path in a fresh
interpreter, with only the app's run() replaced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vp_tui.cli.base import prepare_terminal

ROOT = Path(__file__).resolve().parents[2]
SSH = {"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"}

# `vp-tui demo` as installed, except that VpApp.run() reports what Textual read instead of
# taking over the terminal. The stand-in module is registered before the CLI is imported, so
# the first import of textual happens inside run(), as it would in VpApp.
CLI_PATH = """
import sys, types
fake = types.ModuleType("vp_tui.app")
class VpApp:
    def __init__(self, session):
        pass
    def run(self):
        import textual.constants as c
        print("textual-read", c.ESCAPE_DELAY, c.TEXTUAL_ANIMATIONS)
fake.VpApp = VpApp
sys.modules["vp_tui.app"] = fake
from vp_tui.cli import cli, base
base.require_terminal = lambda: None  # run with pipes here; tests/cli/test_no_terminal.py
assert "textual" not in sys.modules, "the CLI imported Textual before the TUI starts"
cli.main(["demo"], prog_name="vp-tui")
"""


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SSH_") and k not in ("ESCDELAY", "TEXTUAL_ANIMATIONS")}
    return {**env, **extra}


@pytest.mark.parametrize(("env", "expected"), [
    ({}, {"ESCDELAY": "25"}),
    (SSH, {**SSH, "ESCDELAY": "25", "TEXTUAL_ANIMATIONS": "none"}),
    ({"SSH_CLIENT": "10.0.0.2 50000 22"},
     {"SSH_CLIENT": "10.0.0.2 50000 22", "ESCDELAY": "25", "TEXTUAL_ANIMATIONS": "none"}),
    ({**SSH, "ESCDELAY": "80", "TEXTUAL_ANIMATIONS": "basic"},
     {**SSH, "ESCDELAY": "80", "TEXTUAL_ANIMATIONS": "basic"}),
])
def test_prepare_terminal(env: dict[str, str], expected: dict[str, str]) -> None:
    env = dict(env)
    prepare_terminal(env)
    assert env == expected


def _textual_read(env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-c", CLI_PATH], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return next(line for line in result.stdout.splitlines() if line.startswith("textual-read"))


def test_the_cli_sets_them_before_textual_reads_them() -> None:
    assert _textual_read(_clean_env(**SSH)) == "textual-read 0.025 none"


def test_locally_animations_stay_and_the_users_delay_wins() -> None:
    assert _textual_read(_clean_env(ESCDELAY="80")) == "textual-read 0.08 full"
