"""A real keyring backend for the benchmark: entries in one JSON file (mode 0600) in the
benchmark folder, named by VP_TUI_BENCH_KEYRING.

The benchmark measures the real open path (vault.open_store: keyring look-up, raw key, first
read) without depending on a Secret Service on the machine. The keys it holds open synthetic
data only; it is never a backend for real databases.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV = "VP_TUI_BENCH_KEYRING"
#: For subprocesses: keyring builds this class itself from PYTHON_KEYRING_BACKEND.
BACKEND = "vp_tui.bench.keyring_file.BenchKeyring"


class BenchKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.path = Path(path or os.environ.get(ENV, "bench-keyring.json"))

    def _load(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _save(self, data: dict[str, str]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, self.path)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x1f{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x1f{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\x1f{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(data)


def environment(folder: Path) -> dict[str, str]:
    """Environment variables that make a subprocess use the benchmark's keyring."""
    return {"PYTHON_KEYRING_BACKEND": BACKEND, ENV: str(Path(folder) / "keyring.json")}


def install(folder: Path) -> None:
    """Use the benchmark's keyring in this process."""
    import keyring

    os.environ.update(environment(folder))
    keyring.set_keyring(BenchKeyring(Path(folder) / "keyring.json"))
