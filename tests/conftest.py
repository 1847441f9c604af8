"""Shared fixtures: a real keyring backend in a temp file, real SQLCipher databases."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import keyring
import pytest

from tests.keyring_backend import JsonFileKeyring
from vp_tui.models import ALL_MODELS, Meta
from vp_tui.services import demo
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context
from vp_tui.store import keys, vault
from vp_tui.store.database import bind, raw_key

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


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """The demo data generated once per run; each test copies it (about 50x faster)."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    key = keys.new_key()
    template = vault.create(path, use_keyring=False, key=key)
    demo.generate(TODAY)
    template.close()
    return path, key


@pytest.fixture
def demo_store(store, demo_template: tuple[Path, bytes]):
    """`store` filled with the demo data: same rows as demo.generate(TODAY), own db id."""
    path, key = demo_template
    bind(store.db)  # creating the template rebound the models
    db = store.db
    db.execute_sql("ATTACH DATABASE ? AS tmpl KEY ?", (str(path), raw_key(key)))
    try:
        with db.atomic():
            for model in ALL_MODELS:
                table = model._meta.table_name
                verb = "INSERT OR IGNORE" if model is Meta else "INSERT"
                db.execute_sql(f'{verb} INTO main."{table}" SELECT * FROM tmpl."{table}"')
    finally:
        db.execute_sql("DETACH DATABASE tmpl")
    return store


@pytest.fixture
def ctx(demo_store) -> Context:
    """Anna de Vries (ADV), coordinator and adviser, in the demo data."""
    return Context(resolve_actor("ADV", None), today=TODAY)


def ctx_for(initials: str) -> Context:
    return Context(resolve_actor(initials, None), today=TODAY)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
