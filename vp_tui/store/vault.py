"""The life of one encrypted database: create, open, rotate its key, back it up, recover it.

The database id is stored inside the database (meta.db_id) and, because the key must be found
before the file can be read, also in a non-secret sidecar `<db>.id`. A lost sidecar or keyring
entry is repaired from a recovery file (`vp-tui key import-recovery`).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import peewee as pw
from playhouse.sqlcipher_ext import SqlCipherDatabase

from vp_tui.errors import KeyError_, StoreError
from vp_tui.i18n import _
from vp_tui.models import Meta
from vp_tui.store import keys, recovery
from vp_tui.store.database import bind, check_file, connect, raw_key
from vp_tui.store.migrations import SCHEMA_VERSION, check_version, migrate


@dataclass
class Store:
    path: Path
    db_id: str
    key: bytes
    db: SqlCipherDatabase

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()


def id_path(path: Path) -> Path:
    return path.with_name(path.name + ".id")


def _write_id(path: Path, db_id: str) -> None:
    target = id_path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(db_id + "\n", encoding="ascii")
    os.replace(tmp, target)


def _read_id(path: Path) -> str:
    target = id_path(path)
    try:
        return target.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise StoreError(
            _("{file} ontbreekt, dus de sleutel kan niet worden gevonden. Herstel met "
              "'vp-tui key import-recovery HERSTELBESTAND'.").format(file=target)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(_("{file} is onleesbaar.").format(file=target)) from exc


def _db_id_inside(db: pw.Database) -> str | None:
    if "meta" not in db.get_tables():
        return None
    with db.bind_ctx([Meta]):
        row = Meta.get_or_none(Meta.key == "db_id")
    return row.value if row else None


def _open_verified(path: Path, key: bytes) -> Store:
    db = connect(path, key)
    try:
        with db.bind_ctx([Meta]):
            check_version(db)
        db_id = _db_id_inside(db)
        if not db_id:
            raise StoreError(_("{path} is geen vp-tui-database.").format(path=path))
    except Exception:
        db.close()
        raise
    return Store(path, db_id, key, db)


def create(path: Path, use_keyring: bool = True, key: bytes | None = None) -> Store:
    """A new database. With the keyring, the key is stored before the file exists, so there is
    never a database without a key."""
    path = Path(path)
    if path.exists():
        raise StoreError(_("{path} bestaat al; kies een ander pad.").format(path=path))
    db_id = uuid.uuid4().hex
    key = key or keys.new_key()
    if use_keyring:
        keys.store(db_id, key)
    db = connect(path, key, create=True)
    bind(db)
    migrate(db)
    Meta.replace(key="db_id", value=db_id).execute()
    _write_id(path, db_id)
    return Store(path, db_id, key, db)


def _bind_and_migrate(store: Store) -> Store:
    bind(store.db)
    try:
        migrate(store.db)
    except Exception:
        store.close()
        raise
    return store


def open_with_key(path: Path, key: bytes) -> Store:
    return _bind_and_migrate(_open_verified(Path(path), key))


def open_store(path: Path) -> Store:
    """Open with the key from the keyring, finishing an interrupted rotation if needed."""
    path = Path(path)
    if not path.exists():
        raise StoreError(
            _("Databasebestand niet gevonden: {path} (maak er een met 'vp-tui init')").format(
                path=path
            )
        )
    check_file(path)
    db_id = _read_id(path)
    current = keys.load(db_id)
    pending = keys.load(db_id, pending=True)
    if current is None and pending is None:
        raise KeyError_(
            _("Geen sleutel in de keyring voor database {db_id}. Herstel met "
              "'vp-tui key import-recovery HERSTELBESTAND'.").format(db_id=db_id)
        )
    store: Store | None = None
    first_error: StoreError | None = None
    for candidate in (current, pending):
        if candidate is None:
            continue
        try:
            store = _open_verified(path, candidate)
            break
        except StoreError as exc:
            first_error = first_error or exc
    if store is None:
        assert first_error is not None
        raise first_error
    if store.key == pending and store.key != current:
        # A rotation rekeyed the file but did not promote its key: promote it now.
        keys.store(db_id, store.key)
        keys.forget_pending(db_id)
    if store.db_id != db_id:
        store.close()
        raise StoreError(
            _("{file} hoort niet bij deze database.").format(file=id_path(path))
        )
    return _bind_and_migrate(store)


def rotate(store: Store) -> Store:
    """PRAGMA rekey to a fresh key. At every instant one keyring entry opens the file: the new
    key is written as pending first and promoted only after it is proven to open the file."""
    new = keys.new_key()
    keys.store(store.db_id, new, pending=True)
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    quoted = raw_key(new).replace("'", "''")
    store.db.execute_sql(f"PRAGMA rekey = '{quoted}'")
    store.close()
    reopened = _open_verified(store.path, new)
    keys.store(store.db_id, new)
    keys.forget_pending(store.db_id)
    bind(reopened.db)
    return reopened


def export_recovery(store: Store, target: Path, passphrase: str) -> None:
    recovery.write(Path(target), recovery.wrap(store.key, store.db_id, passphrase))


def import_recovery(path: Path, source: Path, passphrase: str) -> str:
    """Check that the recovery file opens the database, then put its key in the keyring."""
    path = Path(path)
    try:
        text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyError_(_("Herstelbestand niet leesbaar: {file}").format(file=source)) from exc
    db_id, key = recovery.unwrap(text, passphrase)
    keys.check_backend()
    store = _open_verified(path, key)
    store.close()
    if store.db_id != db_id:
        raise KeyError_(_("Dit herstelbestand hoort bij een andere database."))
    keys.store(db_id, key)
    _write_id(path, db_id)
    return db_id


def backup(store: Store, dest: Path) -> Path:
    """A consistent online copy, encrypted with the same key (one read transaction)."""
    dest = Path(dest)
    if dest.exists():
        raise StoreError(_("{path} bestaat al; kies een ander pad.").format(path=dest))
    dest.parent.mkdir(parents=True, exist_ok=True)
    db = store.db
    db.execute_sql("ATTACH DATABASE ? AS backup KEY ?", (str(dest), raw_key(store.key)))
    try:
        db.execute_sql("SELECT sqlcipher_export('backup')")
    finally:
        db.execute_sql("DETACH DATABASE backup")
    os.chmod(dest, 0o600)
    _write_id(dest, store.db_id)
    verify_backup(dest, store.key)
    return dest


@dataclass
class BackupReport:
    path: Path
    db_id: str
    schema_version: int
    tables: int


def verify_backup(path: Path, key: bytes | None = None) -> BackupReport:
    """Open a backup read-only in spirit (nothing is written), check integrity and HMACs."""
    path = Path(path)
    if key is None:
        db_id = _read_id(path)
        key = keys.load(db_id)
        if key is None:
            raise KeyError_(
                _("Geen sleutel in de keyring voor back-up {db_id}.").format(db_id=db_id)
            )
    db = connect(path, key)
    try:
        problems = [r[0] for r in db.execute_sql("PRAGMA cipher_integrity_check").fetchall()]
        result = db.execute_sql("PRAGMA integrity_check").fetchone()[0]
        if problems or result != "ok":
            raise StoreError(
                _("Back-up {path} is beschadigd: {detail}").format(
                    path=path, detail=(problems or [result])[0]
                )
            )
        with db.bind_ctx([Meta]):
            version = check_version(db)
        db_id = _db_id_inside(db) or ""
        tables = len(db.get_tables())
    finally:
        db.close()
    if version != SCHEMA_VERSION and version == 0:
        raise StoreError(_("{path} is geen vp-tui-database.").format(path=path))
    return BackupReport(path, db_id, version, tables)
