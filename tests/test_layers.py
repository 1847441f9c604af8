"""The layering is checkable: models, store and services never import Textual."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports() -> str:
    """The `lint-imports` of the running interpreter's environment, also from a virtual
    environment that was never activated (its scripts are beside its python, not on PATH)."""
    beside = Path(sys.executable).parent / "lint-imports"
    exe = str(beside) if beside.exists() else shutil.which("lint-imports")
    assert exe, "import-linter is part of the test extra"
    return exe


def test_import_linter_contracts_hold() -> None:
    exe = lint_imports()
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
