"""Losing a keyring entry never loses data: recovery files, crash-safe rotation, backups."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import keyring
import pytest

from tests.conftest import file_digest
from vp_tui.errors import KeyError_, StoreError
from vp_tui.models import Organisation
from vp_tui.store import keys, vault
from vp_tui.store.database import raw_key

PASSPHRASE = "correct horse battery staple"


def _add_org(name: str = "Testorganisatie") -> None:
    Organisation.create(name=name)


def test_recovery_round_trip_restores_lost_keyring_entry(store, tmp_path: Path) -> None:
    _add_org()
    recovery_file = tmp_path / "herstel.json"
    vault.export_recovery(store, recovery_file, PASSPHRASE)
    assert recovery_file.stat().st_mode & 0o777 == 0o600
    assert store.key.hex() not in recovery_file.read_text()
    store.close()

    keyring.delete_password("vp-tui", store.db_id)
    vault.id_path(store.path).unlink()  # the sidecar is lost too
    with pytest.raises(StoreError):
        vault.open_store(store.path)

    assert vault.import_recovery(store.path, recovery_file, PASSPHRASE) == store.db_id
    again = vault.open_store(store.path)
    assert Organisation.select().count() == 1
    again.close()


def test_recovery_wrong_passphrase(store, tmp_path: Path) -> None:
    recovery_file = tmp_path / "herstel.json"
    vault.export_recovery(store, recovery_file, PASSPHRASE)
    store.close()
    keyring.delete_password("vp-tui", store.db_id)
    before = file_digest(store.path)
    with pytest.raises(KeyError_, match="Wachtzin onjuist"):
        vault.import_recovery(store.path, recovery_file, "wrong passphrase")
    assert keyring.get_password("vp-tui", store.db_id) is None
    assert file_digest(store.path) == before


@pytest.mark.parametrize("field", ["ciphertext", "db_id", "salt", "nonce", "n"])
def test_recovery_altered_bytes_refused(store, tmp_path: Path, field: str) -> None:
    recovery_file = tmp_path / "herstel.json"
    vault.export_recovery(store, recovery_file, PASSPHRASE)
    data = json.loads(recovery_file.read_text())
    if field == "ciphertext":
        raw = bytearray(base64.b64decode(data["ciphertext"]))
        raw[0] ^= 1
        data["ciphertext"] = base64.b64encode(bytes(raw)).decode()
    elif field == "db_id":
        data["db_id"] = "0" * 32
    elif field == "n":
        data["kdf"]["n"] = 2**16
    else:
        holder = data["kdf"] if field == "salt" else data["cipher"]
        raw = bytearray(base64.b64decode(holder[field]))
        raw[0] ^= 1
        holder[field] = base64.b64encode(bytes(raw)).decode()
    recovery_file.write_text(json.dumps(data))
    with pytest.raises(KeyError_):
        vault.import_recovery(store.path, recovery_file, PASSPHRASE)


@pytest.mark.parametrize("text", ["", "{", "[]", '{"format": "x"}', "\x00\x01"])
def test_recovery_garbage_refused(store, tmp_path: Path, text: str) -> None:
    recovery_file = tmp_path / "herstel.json"
    recovery_file.write_text(text)
    with pytest.raises(KeyError_, match="onleesbaar"):
        vault.import_recovery(store.path, recovery_file, PASSPHRASE)


def test_recovery_of_other_database_refused(store, tmp_path: Path) -> None:
    other = vault.create(tmp_path / "other.db")
    recovery_file = tmp_path / "other.json"
    vault.export_recovery(other, recovery_file, PASSPHRASE)
    other.close()
    store.close()
    with pytest.raises(StoreError, match="sleutel past niet"):
        vault.import_recovery(store.path, recovery_file, PASSPHRASE)


def test_rotate_changes_key_and_keeps_data(store) -> None:
    _add_org()
    old = store.key
    rotated = vault.rotate(store)
    assert rotated.key != old
    assert keys.load(store.db_id) == rotated.key
    assert keys.load(store.db_id, pending=True) is None
    rotated.close()
    with pytest.raises(StoreError):
        vault.open_with_key(store.path, old)
    again = vault.open_store(store.path)
    assert Organisation.select().count() == 1
    again.close()


def test_crash_after_pending_key_before_rekey(store) -> None:
    """The new key reached the keyring, the file was not rekeyed: the old key still opens."""
    _add_org()
    keys.store(store.db_id, keys.new_key(), pending=True)
    store.close()
    again = vault.open_store(store.path)
    assert Organisation.select().count() == 1
    again.close()


def test_crash_after_rekey_before_promotion(store) -> None:
    """The file was rekeyed but the keyring still holds the old key as current: opening
    finds the pending key, opens with it and promotes it."""
    _add_org()
    new = keys.new_key()
    keys.store(store.db_id, new, pending=True)
    quoted = raw_key(new).replace("'", "''")
    store.db.execute_sql(f"PRAGMA rekey = '{quoted}'")
    store.close()
    again = vault.open_store(store.path)
    assert again.key == new
    assert keys.load(store.db_id) == new
    assert keys.load(store.db_id, pending=True) is None
    assert Organisation.select().count() == 1
    again.close()


def test_backup_is_encrypted_consistent_and_verifiable(store, tmp_path: Path) -> None:
    _add_org("Back-up Sentinel BV")
    dest = tmp_path / "backup" / "vp.db"
    vault.backup(store, dest)
    assert b"Back-up Sentinel BV" not in dest.read_bytes()
    assert not dest.read_bytes().startswith(b"SQLite format 3")
    report = vault.verify_backup(dest)
    assert report.db_id == store.db_id
    restored = vault.open_store(dest)
    assert Organisation.get().name == "Back-up Sentinel BV"
    restored.close()


def test_backup_refuses_existing_destination(store, tmp_path: Path) -> None:
    dest = tmp_path / "exists.db"
    dest.write_bytes(b"keep me")
    with pytest.raises(StoreError, match="bestaat al"):
        vault.backup(store, dest)
    assert dest.read_bytes() == b"keep me"


def test_verify_detects_damaged_backup(store, tmp_path: Path) -> None:
    for n in range(200):
        _add_org(f"Organisatie {n}")
    dest = tmp_path / "b.db"
    vault.backup(store, dest)
    data = bytearray(dest.read_bytes())
    data[-100] ^= 0xFF  # flip a byte inside the last page
    dest.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        vault.verify_backup(dest)


def test_the_id_sidecar_is_private(store) -> None:
    import os

    assert oct(os.stat(vault.id_path(store.path)).st_mode & 0o777) == oct(0o600)
