"""The life of one encrypted database: create, open, rotate its key, back it up, recover it.

The database id is stored inside the database (meta.db_id) and, because the key must be found
before the file can be read, also in a non-secret sidecar `<db>.id`. A lost sidecar or keyring
entry is repaired from a recovery file (`vp-tui key import-recovery`).
"""

from __future__ import annotations

import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

import peewee as pw
from playhouse.sqlcipher_ext import SqlCipherDatabase

from vp_tui.errors import KeyError_, StoreError
from vp_tui.files import write_private
from vp_tui.i18n import _
from vp_tui.models import Meta
from vp_tui.store import keys, recovery, sessions
from vp_tui.store.database import (
    MISSING,
    NOT_A_FILE,
    PLAIN,
    TRUNCATED,
    bind,
    check_file,
    connect,
    file_problem,
    raw_key,
)
from vp_tui.store.migrations import check_version, migrate


@dataclass
class Store:
    path: Path
    db_id: str
    key: bytes
    db: SqlCipherDatabase
    #: This store's entry among the database's open sessions (store/sessions.py).
    registration: sessions.Registration | None = None

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        if self.registration is not None:
            self.registration.close()
            self.registration = None


def id_path(path: Path) -> Path:
    return path.with_name(path.name + ".id")


def _write_id(path: Path, db_id: str) -> None:
    """Not secret, but the product writes no file others may read (vp_tui/files.py)."""
    write_private(id_path(path), (db_id + "\n").encode("ascii"))


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


def _open_verified(path: Path, key: bytes,
                   registration: sessions.Registration | None = None) -> Store:
    """Connect and check; the store joins the database's open sessions first (waiting for a
    key rotation in progress), unless it carries on a registration it already holds."""
    own = registration or sessions.register(path)
    try:
        db = connect(path, key)
    except Exception:
        if registration is None:
            own.close()
        raise
    try:
        with db.bind_ctx([Meta]):
            check_version(db)
        db_id = _db_id_inside(db)
        if not db_id:
            raise StoreError(_("{path} is geen vp-tui-database.").format(path=path))
    except Exception:
        db.close()
        if registration is None:
            own.close()
        raise
    return Store(path, db_id, key, db, own)


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
    return Store(path, db_id, key, db, sessions.register(path))


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
    key is written as pending first and promoted only after it is proven to open the file.

    Refused, naming them, while other sessions have the database open: their key would stop
    working under them. While it runs, no other store opens (each waits a little)."""
    registration = store.registration or sessions.register(store.path)
    registration.claim_alone()
    new = keys.new_key()
    keys.store(store.db_id, new, pending=True)
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    quoted = raw_key(new).replace("'", "''")
    store.db.execute_sql(f"PRAGMA rekey = '{quoted}'")
    store.registration = None  # kept, alone, across the reopen
    store.close()
    reopened = _open_verified(store.path, new, registration)
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


#: A backup is written under a name with this mark beside DEST and renamed to DEST only once
#: verified. A file with the mark is what an interrupted run left: never a backup; remove it.
PARTIAL_MARK = ".vp-tui-onvolledig-"
#: Files SQLite may keep beside a database while writing it.
_SIDE_SUFFIXES = ("-journal", "-wal", "-shm")


def partial_path(dest: Path) -> Path:
    return dest.with_name(f"{dest.name}{PARTIAL_MARK}{secrets.token_hex(4)}")


def _remove_with_sidecars(path: Path) -> None:
    for candidate in (path, *(path.with_name(path.name + s) for s in _SIDE_SUFFIXES)):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass


def _check_source(store: Store) -> None:
    """Refuse to copy a database with a damaged page: sqlcipher_export reads only what it
    copies (not the indexes, not free pages), so a damaged page could pass unnoticed."""
    try:
        problems = [r[0] for r in
                    store.db.execute_sql("PRAGMA cipher_integrity_check").fetchall()]
    except (pw.DatabaseError, StoreError) as exc:
        problems = [str(exc)]
    if problems:
        raise StoreError(
            _("De database {path} is beschadigd ({detail}); er is geen back-up gemaakt. Zet "
              "een eerdere back-up terug.").format(path=store.path, detail=problems[0])
        )


def _publish(tmp: Path, dest: Path) -> None:
    """Give the verified file its name, never over an existing file."""
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise StoreError(_("{path} bestaat al; kies een ander pad.").format(path=dest)) from None
    except OSError:  # a file system without hard links
        if dest.exists():
            raise StoreError(
                _("{path} bestaat al; kies een ander pad.").format(path=dest)) from None
        os.rename(tmp, dest)
    else:
        tmp.unlink()
    try:
        fd = os.open(dest.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)  # the new name survives a crash
    except OSError:
        pass
    finally:
        os.close(fd)


def backup(store: Store, dest: Path) -> Path:
    """A consistent online copy, encrypted with the same key (one read transaction).

    The copy is written to a temporary name beside DEST (PARTIAL_MARK, created 0600), verified,
    and only then renamed to DEST; on any failure the temporary file and its journal are
    removed. A killed run leaves at most a file with PARTIAL_MARK in its name."""
    dest = Path(dest)
    if dest.exists():
        raise StoreError(_("{path} bestaat al; kies een ander pad.").format(path=dest))
    _check_source(store)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = partial_path(dest)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)  # SQLite gives its journal the mode of this file
    try:
        db = store.db
        db.execute_sql("ATTACH DATABASE ? AS backup KEY ?", (str(tmp), raw_key(store.key)))
        try:
            db.execute_sql("SELECT sqlcipher_export('backup')")
        finally:
            db.execute_sql("DETACH DATABASE backup")
        _verify(tmp, store.key)
        _write_id(dest, store.db_id)
        _publish(tmp, dest)
    except BaseException as exc:
        _remove_with_sidecars(tmp)
        if isinstance(exc, pw.DatabaseError):
            raise StoreError(
                _("Back-up naar {path} mislukt: {error}; er is niets achtergelaten.").format(
                    path=dest, error=exc)
            ) from exc
        raise
    return dest


@dataclass
class BackupReport:
    path: Path
    db_id: str
    schema_version: int
    tables: int


def _incomplete(path: Path, detail: str) -> StoreError:
    return StoreError(
        _("Back-up {path} is onvolledig of beschadigd: {detail}").format(path=path, detail=detail)
    )


def _check_backup_file(path: Path) -> None:
    """What can be told from the file system alone, before any key is looked up."""
    if PARTIAL_MARK in path.name:
        raise _incomplete(path, _("dit is het tijdelijke bestand van een afgebroken back-up; "
                                  "het mag weg."))
    problem = file_problem(path)
    if problem == TRUNCATED:
        raise _incomplete(path, _("het bestand is afgekapt."))
    if problem is not None:
        raise StoreError({
            MISSING: _("Back-up niet gevonden: {path}"),
            NOT_A_FILE: _("Geen back-upbestand: {path}"),
            PLAIN: _("{path} is een onversleutelde SQLite-database, geen back-up van vp-tui."),
        }[problem].format(path=path))
    for suffix in ("-journal", "-wal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            raise _incomplete(path, _("{file} ernaast wijst op een afgebroken schrijfactie.")
                              .format(file=side.name))


def _verify(path: Path, key: bytes) -> BackupReport:
    """Open read-only (the file is not changed), check every page's HMAC and the structure."""
    try:
        db = connect(path, key, read_only=True)
    except StoreError as exc:
        raise _incomplete(path, _("de sleutel past niet, of het bestand is onvolledig ({error})."
                                  ).format(error=exc.__cause__ or exc)) from exc
    try:
        problems = [r[0] for r in db.execute_sql("PRAGMA cipher_integrity_check").fetchall()]
        result = db.execute_sql("PRAGMA integrity_check").fetchone()[0]
        if problems or result != "ok":
            raise _incomplete(path, (problems or [result])[0])
        with db.bind_ctx([Meta]):
            version = check_version(db)
        db_id = _db_id_inside(db) or ""
        tables = len(db.get_tables())
    except (pw.DatabaseError, ValueError) as exc:
        raise _incomplete(path, str(exc.__cause__ or exc)) from exc
    except StoreError as exc:
        if not isinstance(exc.__cause__, pw.DatabaseError):
            raise
        raise _incomplete(path, str(exc.__cause__)) from exc
    finally:
        db.close()
    if version == 0 or not db_id:
        raise StoreError(_("{path} is geen vp-tui-database.").format(path=path))
    return BackupReport(path, db_id, version, tables)


def verify_backup(path: Path, key: bytes | None = None) -> BackupReport:
    """Check a backup without changing it: its name and size first, then (with the key of its
    database, from the keyring unless given) every page's HMAC and the database structure."""
    path = Path(path)
    _check_backup_file(path)
    if key is None:
        if not id_path(path).exists():
            raise _incomplete(path, _("{file} ontbreekt (een volledige back-up heeft het naast "
                                      "zich; of is het niet meegekopieerd?)").format(
                                          file=id_path(path).name))
        db_id = _read_id(path)
        key = keys.load(db_id)
        if key is None:
            raise KeyError_(
                _("Geen sleutel in de keyring voor back-up {db_id}.").format(db_id=db_id)
            )
    return _verify(path, key)
