"""Who has the database open: one lock file per open store, so a key rotation can refuse while
other sessions hold the file, and name them, instead of pulling the key from under them.

Beside the database, `<db>.sessies/` (0700) holds:
- `sleutel.lock`: every open store holds a shared lock on it for its whole life; a rotation
  takes it exclusively, so it succeeds only when it is alone, and no store opens meanwhile;
- one `<pid>-<n>.json` per open store (0600): who it is and since when, under an exclusive
  lock of its own. The locks are the operating system's (flock): a crashed session's locks go
  with its process, so a file without a live lock is a leftover and is removed.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import itertools
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from vp_tui.errors import StoreError
from vp_tui.i18n import _

SUFFIX = ".sessies"
ROTATION_LOCK = "sleutel.lock"
#: How long opening a store waits for a rotation in progress before it refuses.
OPEN_WAIT_SECONDS = 15.0
_numbers = itertools.count(1)


def folder(db_path: Path) -> Path:
    return Path(str(db_path) + SUFFIX)


def _lock(fd: int, kind: int) -> bool:
    """Try a lock without waiting; False when someone else holds a conflicting one."""
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise


def _open_private(path: Path, flags: int) -> int:
    fd = os.open(path, flags | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o600)
    return fd


@dataclass
class Registration:
    """An open store's place in the folder; released by `close` (or by the process ending)."""

    db_path: Path
    rotation_fd: int
    own_fd: int
    own_path: Path

    def others(self) -> list[str]:
        """'BJ (sinds 09:14, proces 4242)' for every other live session of this database."""
        found = []
        for path in sorted(folder(self.db_path).glob("*.json")):
            if path == self.own_path:
                continue
            try:
                fd = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                if _lock(fd, fcntl.LOCK_EX):  # nobody holds it: a crashed session's leftover
                    path.unlink(missing_ok=True)
                    continue
                info = json.loads(os.read(fd, 4096) or b"{}")
            except ValueError:
                info = {}
            finally:
                os.close(fd)
            found.append(_("{who} (sinds {since}, proces {pid})").format(
                who=info.get("who") or "?", since=info.get("since", "?"),
                pid=info.get("pid", "?")))
        return found

    def identify(self, who: str) -> None:
        """Name the session once its adviser is known (the store opens first)."""
        info = json.loads(os.pread(self.own_fd, 4096, 0) or b"{}")
        info["who"] = who
        data = json.dumps(info).encode("utf-8")
        os.ftruncate(self.own_fd, 0)
        os.pwrite(self.own_fd, data, 0)

    def claim_alone(self) -> None:
        """Hold the database alone (for a key rotation); refuse naming the others."""
        if not _lock(self.rotation_fd, fcntl.LOCK_EX):
            who = ", ".join(self.others()) or _("een andere sessie")
            raise StoreError(_("De sleutel is niet vervangen: de database is open bij {who}. "
                               "Probeer het opnieuw als die sessies zijn gesloten.").format(
                                   who=who))
        self.others()  # alone now: every other file is a crashed session's leftover, pruned

    def close(self) -> None:
        self.own_path.unlink(missing_ok=True)
        for fd in (self.own_fd, self.rotation_fd):
            try:
                os.close(fd)
            except OSError:
                pass


def register(db_path: Path, who: str = "") -> Registration:
    """Record an open store of `db_path`. While a key rotation holds the database, wait up to
    OPEN_WAIT_SECONDS for it, then refuse."""
    place = folder(db_path)
    place.mkdir(mode=0o700, exist_ok=True)
    rotation_fd = _open_private(place / ROTATION_LOCK, os.O_RDWR)
    deadline = time.monotonic() + OPEN_WAIT_SECONDS
    while not _lock(rotation_fd, fcntl.LOCK_SH):
        if time.monotonic() > deadline:
            os.close(rotation_fd)
            raise StoreError(_("De sleutel van de database wordt vervangen; probeer het over "
                               "een minuut opnieuw."))
        time.sleep(0.1)
    own_path = place / f"{os.getpid()}-{next(_numbers)}.json"
    own_fd = _open_private(own_path, os.O_RDWR | os.O_TRUNC)
    fcntl.flock(own_fd, fcntl.LOCK_EX)
    os.write(own_fd, json.dumps({
        "who": who, "pid": os.getpid(),
        "since": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }).encode("utf-8"))
    return Registration(Path(db_path), rotation_fd, own_fd, own_path)
