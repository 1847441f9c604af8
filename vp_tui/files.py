"""Files and folders the product writes: they may hold personal data, so every file is mode
0600 and every folder vp-tui makes is 0700, whatever the umask. Every writer goes through
here (the database and its key files have their own care in vp_tui.store). No UI imports."""

from __future__ import annotations

import errno
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """`path` as a folder: it and every missing parent are made with mode 0700; a folder that
    already exists keeps its mode (it is not ours)."""
    path = Path(path).expanduser()
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made at the same moment by someone else: not ours to change
        os.chmod(folder, DIR_MODE)  # mkdir's mode is reduced by the umask; make it exact
    if not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    return path


def make_private(path: Path) -> None:
    """Restrict an existing file to its owner (0600)."""
    os.chmod(path, FILE_MODE)


def private_file(path: Path) -> Path:
    """Make sure `path` exists as a 0600 file (created empty if missing, kept otherwise), for
    writers that append, such as the log."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return Path(path)


def write_private(target: Path, data: bytes) -> Path:
    """Write `data` to `target` as a 0600 file, atomically: a temporary 0600 file beside it is
    renamed over it, so a reader never sees half a file and a crash leaves the old one."""
    import tempfile  # not on the TUI's start path

    target = Path(target).expanduser()
    fd, tmp = tempfile.mkstemp(prefix=".vp-tui-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), FILE_MODE)
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
