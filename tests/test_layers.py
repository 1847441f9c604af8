"""The layering is checkable: models, store and services never import Textual."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    exe = shutil.which("lint-imports")
    assert exe, "import-linter is part of the test extra"
    proc = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_services_load_without_textual() -> None:
    """Belt and braces, at run time: importing every service module pulls in no Textual."""
    code = (
        "import pkgutil, importlib, sys, vp_tui.services as s\n"
        "for m in pkgutil.walk_packages(s.__path__, 'vp_tui.services.'):\n"
        "    importlib.import_module(m.name)\n"
        "import vp_tui.store.vault, vp_tui.models\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
