"""Shared fixtures: a real keyring backend in a temp file, real SQLCipher databases."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import keyring
import pytest

from tests.keyring_backend import JsonFileKeyring
from vp_tui.services import demo
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context
from vp_tui.store import vault

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> JsonFileKeyring:
    """Every test gets its own keyring file; the previous backend comes back afterwards."""
    previous = keyring.get_keyring()
    backend = JsonFileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    monkeypatch.setenv("VP_TUI_DB", str(tmp_path / "default.db"))
    for var in ("SSH_ORIGINAL_COMMAND", "SSH_CONNECTION", "SSH_CLIENT"):
        # A test run inside an SSH session must not fall under the forced-command rules.
        monkeypatch.delenv(var, raising=False)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "vp.db"


@pytest.fixture
def store(db_path: Path):
    s = vault.create(db_path)
    yield s
    s.close()


@pytest.fixture
def demo_store(store):
    demo.generate(TODAY)
    return store


@pytest.fixture
def ctx(demo_store) -> Context:
    """Anna de Vries (ADV), coordinator and adviser, in the demo data."""
    return Context(resolve_actor("ADV", None), today=TODAY)


def ctx_for(initials: str) -> Context:
    return Context(resolve_actor(initials, None), today=TODAY)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
