"""Modules a dependency imports but vp-tui never uses, executed on first use instead.

keyring's backend module imports jaraco.context, which imports urllib.request (and with it
http.client and email) for one function, `tarball`, that keyring never calls; it imports
jaraco.functools, which imports more_itertools for functions keyring never calls. Importing
the two is a large share of what vp-tui adds to a bare Textual app's start (BENCHMARKS.md,
start). keyring also imports importlib_metadata (the backport, on Python
before 3.12) and configparser, which it uses only to find backends by entry point and to read
keyringrc.cfg, neither needed when PYTHON_KEYRING_BACKEND names the backend: when they are
needed, they load then.

While `deferred(...)` is active, the first import of each named module gets the standard
library's LazyLoader: the module object is made, and its code runs at its first attribute
access. A later `import` of the same module by anyone runs it then (Python 3.11 reads the
module's `__spec__` on every import), so code that does use one sees no difference.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType

#: Imported by keyring and its dependencies, used by none of vp-tui's paths or only on some.
UNUSED_BY_KEYRING = ("urllib.request", "more_itertools", "importlib_metadata", "configparser")


class _LazyFinder(importlib.abc.MetaPathFinder):
    def __init__(self, names: Sequence[str]) -> None:
        self.names = set(names)

    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name not in self.names:
            return None
        self.names.discard(name)  # once, and not for the look-up below
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return None
        spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


@contextmanager
def deferred(*names: str) -> Iterator[None]:
    """The first import of each of `names` inside the block is lazy (see the docstring)."""
    finder = _LazyFinder([n for n in names if n not in sys.modules])
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
