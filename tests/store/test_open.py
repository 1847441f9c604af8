"""Opening the encrypted store: raw key, pragmas, and every refusal leaving the file unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import keyring
import pytest
import sqlcipher3
from keyring.backends import fail

from tests.conftest import file_digest
from vp_tui.errors import KeyError_, KeyringUnusable, StoreError
from vp_tui.models import Meta
from vp_tui.store import keys, vault
from vp_tui.store.database import connect
from vp_tui.store.migrations import SCHEMA_VERSION


def test_key_is_raw_and_stored_per_database_id(store, db_path: Path, file_keyring) -> None:
    key = keys.load(store.db_id)
    assert key == store.key and len(key) == 32
    store.close()
    # The file opens with the raw-key form in the plain driver...
    conn = sqlcipher3.connect(str(db_path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    assert conn.execute("SELECT value FROM meta WHERE key='db_id'").fetchone()[0] == store.db_id
    conn.close()
    # ...and not when the same text is used as a passphrase for the KDF: no PBKDF2 was used.
    conn = sqlcipher3.connect(str(db_path))
    conn.execute(f"PRAGMA key = '{key.hex()}'")
    with pytest.raises(sqlcipher3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_database_id_is_inside_and_beside_the_file(store, db_path: Path) -> None:
    assert vault.id_path(db_path).read_text().strip() == store.db_id
    assert Meta.get(Meta.key == "db_id").value == store.db_id


def test_pragmas_are_set(store) -> None:
    def pragma(name: str):
        return store.db.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("busy_timeout") == 10_000
    assert pragma("foreign_keys") == 1
    assert pragma("secure_delete") == 1
    assert pragma("temp_store") == 2  # MEMORY


def test_reopen_with_keyring(store, db_path: Path) -> None:
    store.close()
    again = vault.open_store(db_path)
    assert again.db_id == store.db_id
    again.close()


def test_no_plain_sqlite_header(store, db_path: Path) -> None:
    store.close()
    assert not db_path.read_bytes().startswith(b"SQLite format 3")


def _closed(store) -> Path:
    store.close()
    return store.path


def test_wrong_key_refused_unchanged(store) -> None:
    path = _closed(store)
    before = file_digest(path)
    with pytest.raises(StoreError, match="sleutel past niet"):
        vault.open_with_key(path, b"\x01" * 32)
    assert file_digest(path) == before


def test_wrong_key_in_keyring_refused(store, file_keyring) -> None:
    path = _closed(store)
    before = file_digest(path)
    keyring.set_password("vp-tui", store.db_id, (b"\x02" * 32).hex())
    with pytest.raises(StoreError, match="sleutel past niet"):
        vault.open_store(path)
    assert file_digest(path) == before


def test_missing_keyring_entry(store) -> None:
    path = _closed(store)
    keyring.delete_password("vp-tui", store.db_id)
    before = file_digest(path)
    with pytest.raises(KeyError_, match="import-recovery"):
        vault.open_store(path)
    assert file_digest(path) == before


@pytest.mark.parametrize("backend", [fail.Keyring()], ids=["fail"])
def test_unusable_keyring_backend(store, backend) -> None:
    path = _closed(store)
    keyring.set_keyring(backend)
    with pytest.raises(KeyringUnusable, match="PYTHON_KEYRING_BACKEND"):
        vault.open_store(path)


def test_plaintext_backend_refused(store) -> None:
    """A backend that keeps secrets in the clear is refused by name, like keyrings.alt's."""
    insecure = type("PlaintextKeyring", (fail.Keyring,), {"__module__": "keyrings.alt.file"})
    keyring.set_keyring(insecure())
    with pytest.raises(KeyringUnusable):
        keys.check_backend()


def test_unusable_keyring_on_init_creates_nothing(db_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyringUnusable):
        vault.create(db_path)
    assert not db_path.exists()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="niet gevonden"):
        vault.open_store(tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()


def test_plain_sqlite_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    vault.id_path(path).write_text("abc\n")
    before = file_digest(path)
    with pytest.raises(StoreError, match="onversleutelde"):
        vault.open_store(path)
    with pytest.raises(StoreError, match="onversleutelde"):
        connect(path, b"\x00" * 32)
    assert file_digest(path) == before


@pytest.mark.parametrize("cut", [100, 5000])
def test_truncated_file_refused(store, cut: int) -> None:
    path = _closed(store)
    path.write_bytes(path.read_bytes()[:cut])
    before = file_digest(path)
    with pytest.raises(StoreError, match="beschadigd"):
        vault.open_store(path)
    assert file_digest(path) == before


def test_corrupt_file_refused(store) -> None:
    path = _closed(store)
    data = bytearray(path.read_bytes())
    data[16:4096] = bytes(4080)  # destroy the first page after the salt
    path.write_bytes(bytes(data))
    before = file_digest(path)
    with pytest.raises(StoreError):
        vault.open_store(path)
    assert file_digest(path) == before


def test_newer_schema_refused(store) -> None:
    Meta.replace(key="schema_version", value=str(SCHEMA_VERSION + 1)).execute()
    path = _closed(store)
    before = file_digest(path)
    with pytest.raises(StoreError, match="nieuwer dan dit programma"):
        vault.open_store(path)
    assert file_digest(path) == before


def test_missing_id_file_points_to_recovery(store) -> None:
    path = _closed(store)
    vault.id_path(path).unlink()
    with pytest.raises(StoreError, match="import-recovery"):
        vault.open_store(path)


def test_init_refuses_existing_file(store) -> None:
    path = _closed(store)
    before = file_digest(path)
    with pytest.raises(StoreError, match="bestaat al"):
        vault.create(path)
    assert file_digest(path) == before
