"""Copies of a database with one page damaged: the tests that check how damage is reported
walk every page this way."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from vp_tui.store import vault

PAGE = 4096


def damaged_copies(good: Path, folder: Path) -> Iterator[tuple[int, Path]]:
    """(page, copy) for every page after the first, each copy with one bit of that page
    flipped past the page's start (the HMAC of that page then fails)."""
    for page in range(1, good.stat().st_size // PAGE):
        work = folder / f"p{page}"
        work.mkdir()
        db = work / "vp.db"
        shutil.copy(good, db)
        shutil.copy(vault.id_path(good), vault.id_path(db))
        with open(db, "r+b") as fh:
            fh.seek(page * PAGE + 100)
            byte = fh.read(1)
            fh.seek(page * PAGE + 100)
            fh.write(bytes([byte[0] ^ 0x01]))
        yield page, db
