"""Importing the key module leaves urllib.request and more_itertools unexecuted (keyring's
dependencies import them unused, vp_tui.store.deferred), and both still work for code that
uses them: the first use runs them."""

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


def run(script: str) -> list[str]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, env=env).stdout.splitlines()


def test_keyring_imports_without_running_what_it_does_not_use() -> None:
    assert run(SCRIPT) == ["False False", "True True", "3 True", "module"]


def test_a_deferred_module_runs_at_its_first_use() -> None:
    assert run(LAZY) == ["_LazyModule", "(0.0, 1.0, 1.0)", "module True"]
