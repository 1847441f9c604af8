"""The documented headless server setup, end to end, where its Debian packages are present."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "keyring-smoke.sh"


@pytest.mark.skipif(
    not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")
         and shutil.which("vp-tui")),
    reason="needs gnome-keyring, dbus and an installed vp-tui",
)
def test_secret_service_setup_from_readme() -> None:
    proc = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SecretService" in proc.stdout
    assert "keyring smoke test passed" in proc.stdout
