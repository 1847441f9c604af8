"""Starting a session: open the store, establish the actor once, build the Context."""

from __future__ import annotations

import datetime as dt
import getpass
import tempfile
from dataclasses import dataclass
from pathlib import Path

from vp_tui.services import audit, demo
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context
from vp_tui.services.writes import transaction
from vp_tui.store import keys, vault


@dataclass
class Session:
    store: vault.Store
    ctx: Context
    demo: bool = False
    tmpdir: tempfile.TemporaryDirectory | None = None

    def close(self) -> None:
        self.store.close()
        if self.tmpdir is not None:
            self.tmpdir.cleanup()


def open_session(path: Path, as_initials: str | None) -> Session:
    store = vault.open_store(path)
    try:
        actor = resolve_actor(as_initials, getpass.getuser())
        ctx = Context(actor)
        with transaction():
            audit.record(ctx, "session.start")
    except Exception:
        store.close()
        raise
    return Session(store, ctx)


def open_demo(today: dt.date | None = None, as_initials: str = "ADV") -> Session:
    """A throwaway database in a temporary folder with an in-process key: works without any
    keyring backend, and leaves nothing behind."""
    today = today or dt.date.today()
    tmp = tempfile.TemporaryDirectory(prefix="vp-tui-demo-")
    store = vault.create(Path(tmp.name) / "demo.db", use_keyring=False, key=keys.new_key())
    demo.generate(today)
    ctx = Context(resolve_actor(as_initials, None), today=today)
    return Session(store, ctx, demo=True, tmpdir=tmp)
