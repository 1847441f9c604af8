"""Importing the key module leaves urllib.request, more_itertools, importlib_metadata and
configparser unexecuted (keyring and its dependencies import them, vp_tui.store.deferred),
and they still work for code that uses them: the first use runs them."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import vp_tui.store.keys
import keyring
keyring.get_keyring()
print('http.client' in sys.modules, 'more_itertools.recipes' in sys.modules)
print(type(sys.modules['importlib_metadata']).__name__,
      type(sys.modules['configparser']).__name__)
import jaraco.context
print(callable(jaraco.context.urllib.request.urlopen), 'http.client' in sys.modules)
import more_itertools
print(more_itertools.first([3, 4]), 'more_itertools.recipes' in sys.modules)
import colorsys
print(type(colorsys).__name__)
"""

LAZY = """
import sys
from vp_tui.store.deferred import deferred
assert 'colorsys' not in sys.modules
with deferred('colorsys'):
    import colorsys
print(type(colorsys).__name__)
print(colorsys.rgb_to_hsv(1.0, 0.0, 0.0))
import colorsys as again
print(type(again).__name__, again is colorsys)
"""


#: Without PYTHON_KEYRING_BACKEND, keyring finds its backends by entry point (the deferred
#: importlib_metadata) and reads its configuration file (the deferred configparser).
DETECTED = """
import sys
import vp_tui.store.keys
import keyring
print(type(sys.modules['importlib_metadata']).__name__)
backend = keyring.get_keyring()
print(type(sys.modules['importlib_metadata']).__name__, 'importlib_metadata._meta' in sys.modules)
print(len(keyring.backend.get_all_keyring()) > 0)
"""


def run(script: str, backend: str | None = "keyring.backends.null.Keyring") -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    if backend:
        env["PYTHON_KEYRING_BACKEND"] = backend
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, env=env).stdout.splitlines()


def test_keyring_imports_without_running_what_it_does_not_use() -> None:
    assert run(SCRIPT) == ["False False", "_LazyModule _LazyModule", "True True", "3 True",
                           "module"]


def test_keyring_without_a_named_backend_finds_them_by_entry_point() -> None:
    assert run(DETECTED, backend=None) == ["_LazyModule", "module True", "True"]


def test_a_deferred_module_runs_at_its_first_use() -> None:
    assert run(LAZY) == ["_LazyModule", "(0.0, 1.0, 1.0)", "module True"]
