"""Opening an SQLCipher database with a raw 256-bit key.

peewee's SqlCipherDatabase quotes the passphrase; SQLCipher still recognises the string
"x'<64 hex>'" as a raw key, so no PBKDF2 runs at open (BENCHMARKS.md, start).
It also ignores `timeout=`, hence busy_timeout as a pragma. A wrong key only shows on the
first read, so `open_database` reads at once.
"""

from __future__ import annotations

import os
from pathlib import Path

import peewee as pw
import sqlcipher3
from playhouse.sqlcipher_ext import SqlCipherDatabase

from vp_tui.errors import StoreError
from vp_tui.i18n import _
from vp_tui.models import database as proxy

# SQLCipher logs every failed page decryption to stderr, which would paint over the TUI and
# leak noise into CLI output; the failure still reaches us as an exception.
_quiet = sqlcipher3.connect(":memory:")
_quiet.execute("PRAGMA cipher_log_level = NONE")
_quiet.close()

PLAIN_SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000

PRAGMAS = (
    ("journal_mode", "wal"),
    ("busy_timeout", BUSY_TIMEOUT_MS),
    ("foreign_keys", 1),
    ("secure_delete", 1),
    ("temp_store", "memory"),
    ("synchronous", "normal"),
    ("cache_size", -32_000),
)


#: What SQLite and SQLCipher say about a page that fails its HMAC or does not parse.
_DAMAGE = ("malformed", "not a database", "corrupt", "hmac")


#: peewee wraps the driver's errors where a statement runs; rows fetched later raise the
#: driver's own.
_PLAIN_DATABASE_ERRORS = (pw.DatabaseError, sqlcipher3.DatabaseError)


class DatabaseDamaged(StoreError):
    """A page of the database failed its HMAC or does not parse."""


def damage_error(exc: BaseException) -> DatabaseDamaged | None:
    """The one-line refusal for a damaged database page, or None when `exc` is not one.

    The driver reports damage (SQLITE_CORRUPT, SQLITE_NOTADB, a failed page HMAC) as a plain
    DatabaseError; its subclasses (IntegrityError, OperationalError, ...) are other stories."""
    if type(exc) in _PLAIN_DATABASE_ERRORS or (
        isinstance(exc, (pw.DatabaseError, sqlcipher3.DatabaseError))
        and any(word in str(exc).lower() for word in _DAMAGE)
    ):
        return DatabaseDamaged(
            _("De database is beschadigd ({error}); zet een back-up terug (README, "
              "'Key safety').").format(error=str(exc) or type(exc).__name__)
        )
    return None


class _RefusedWhenBusy:
    """Turns the driver's 'database is locked' and a damaged page into a StoreError;
    stateless, so one instance serves every statement (cheaper than a generator-based context
    manager)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:  # noqa: ANN001 - the context manager protocol
        if isinstance(exc, pw.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
            message = _("De database is bezet door een ander; probeer het zo opnieuw.")
            raise StoreError(message) from exc
        if isinstance(exc, pw.DatabaseError):
            damaged = damage_error(exc)
            if damaged is not None:
                raise damaged from exc
        return False


_refused_when_busy = _RefusedWhenBusy()


class Database(SqlCipherDatabase):
    """SqlCipherDatabase whose 'database is locked' is a StoreError.

    When another session holds the write lock longer than BUSY_TIMEOUT_MS, the driver says
    'database is locked'. That is a refusal to try again, not a bug: as a StoreError with a
    one-line message, screens and CLI show it like any other VpError. Every statement passes
    through execute_sql, begin or commit (peewee 4 runs BEGIN and COMMIT on the cursor)."""

    def execute_sql(self, sql, params=None):  # noqa: ANN001, ANN201 - peewee's signature
        with _refused_when_busy:
            return super().execute_sql(sql, params)

    def begin(self, lock_type: str | None = None) -> None:
        with _refused_when_busy:
            super().begin(lock_type)

    def commit(self) -> None:
        with _refused_when_busy:
            super().commit()


def raw_key(key: bytes) -> str:
    if len(key) != 32:
        raise StoreError(_("Een databasesleutel is precies 32 bytes."))
    return "x'" + key.hex() + "'"


#: What the file system alone can tell against a file being an encrypted vp-tui database.
MISSING, NOT_A_FILE, PLAIN, TRUNCATED = "missing", "not a file", "plain", "truncated"


def file_problem(path: Path) -> str | None:
    """MISSING, NOT_A_FILE, PLAIN (an unencrypted SQLite file), TRUNCATED (shorter than a page
    or not whole pages), or None; before any key is looked up. Each caller words it."""
    if not path.exists():
        return MISSING
    if not path.is_file():
        return NOT_A_FILE
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head.startswith(PLAIN_SQLITE_MAGIC):
        return PLAIN
    if len(head) < 4096 or os.path.getsize(path) % 1024:
        return TRUNCATED
    return None


def check_file(path: Path) -> None:
    """Refuse, before any key is looked up, what cannot be an encrypted vp-tui database."""
    problem = file_problem(path)
    if problem is not None:
        raise StoreError({
            MISSING: _("Databasebestand niet gevonden: {path}"),
            NOT_A_FILE: _("Geen databasebestand: {path}"),
            PLAIN: _("{path} is een onversleutelde SQLite-database; vp-tui opent alleen "
                     "versleutelde databases."),
            TRUNCATED: _("{path} is beschadigd of afgekapt."),
        }[problem].format(path=path))


#: For checking a file without changing it: no switch to WAL (which rewrites the header and
#: makes -wal and -shm files beside it) and no statement that writes.
READ_ONLY_PRAGMAS = (
    ("busy_timeout", BUSY_TIMEOUT_MS),
    ("query_only", 1),
    ("temp_store", "memory"),
)


def connect(
    path: Path, key: bytes, create: bool = False, read_only: bool = False
) -> SqlCipherDatabase:
    """An open, verified connection; the file is never created unless `create`."""
    path = Path(path)
    if create:
        if path.exists():
            raise StoreError(_("{path} bestaat al; kies een ander pad.").format(path=path))
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        check_file(path)
    db = Database(
        str(path), passphrase=raw_key(key), pragmas=READ_ONLY_PRAGMAS if read_only else PRAGMAS,
        lock_type="IMMEDIATE",
    )
    try:
        db.connect()
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (pw.DatabaseError, DatabaseDamaged) as exc:
        db.close()
        # At the first read a wrong key and a damaged first page look the same.
        message = str(exc.__cause__ if isinstance(exc, DatabaseDamaged) else exc)
        if "not a database" in message or "encrypted" in message:
            raise StoreError(
                _("De sleutel past niet bij {path}, of het bestand is beschadigd.").format(
                    path=path
                )
            ) from exc
        if any(word in message.lower() for word in _DAMAGE):
            raise DatabaseDamaged(
                _("De database {path} is beschadigd ({error}); zet een back-up terug.").format(
                    path=path, error=message)
            ) from exc
        raise StoreError(
            _("{path} kan niet worden geopend: {error}").format(path=path, error=message)
        ) from exc
    if create:
        os.chmod(path, 0o600)
    return db


def bind(db: SqlCipherDatabase) -> None:
    """Point every model at `db` (one database per process)."""
    proxy.initialize(db)
