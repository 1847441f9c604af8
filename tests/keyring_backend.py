"""A real keyring backend for tests: secrets in a JSON file, registered through keyring's API.

It is a full KeyringBackend (get, set, delete), so code under test talks to keyring exactly as
in production; only the storage is a file in the test's temporary folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class JsonFileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        # In a subprocess keyring builds the backend itself (PYTHON_KEYRING_BACKEND), without
        # arguments: the file then comes from the environment.
        self.path = Path(path or os.environ.get("VP_TUI_TEST_KEYRING", "keyring.json"))

    def _load(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text())

    def _save(self, data: dict[str, str]) -> None:
        self.path.write_text(json.dumps(data))

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
