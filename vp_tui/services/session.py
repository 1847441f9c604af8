"""Starting a session: open the store, establish the actor once, build the Context."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from vp_tui.config import report_dir
from vp_tui.errors import AccessDenied, ValidationError, VpError
from vp_tui.i18n import _
from vp_tui.models import Adviser, Meta, database
from vp_tui.services import audit, demo, identity
from vp_tui.services.access import require_admin
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context
from vp_tui.services.writes import transaction
from vp_tui.store import keys, vault

#: Minutes without input after which the TUI clears the screen and locks (agency setting).
IDLE_LOCK_DEFAULT = 15
IDLE_LOCK_KEY = "idle_lock_minutes"
IDLE_LOCK_RANGE = range(1, 241)


@dataclass
class Session:
    store: vault.Store
    ctx: Context
    demo: bool = False
    tmpdir: tempfile.TemporaryDirectory | None = None
    idle_minutes: int = IDLE_LOCK_DEFAULT

    def report_dir(self) -> Path:
        """Where this session writes Word files (vp_tui.config.report_dir). The demo's default
        is inside its temporary folder, removed at the end: the demo leaves nothing behind."""
        return report_dir(Path(self.tmpdir.name) / "jaarverslagen" if self.tmpdir else None)

    def close(self) -> None:
        """End the session; the audit trail's anchor outside the database moves to its newest
        event first (services/audit.py)."""
        if not self.demo:
            try:
                audit.write_anchor()
            except OSError as exc:  # an unwritable folder must not keep a session open
                audit.log.warning("audit anchor not written: %s", exc)
        self.store.close()
        if self.tmpdir is not None:
            self.tmpdir.cleanup()


def open_session(path: Path, as_initials: str | None, *, env: Mapping[str, str] | None = None,
                 command: str = "") -> Session:
    """Open the store and fix the actor for the whole session; the start is audited with the
    channel (ssh/local) and the command, e.g. 'ssh:tui' or 'local:audit list'."""
    env = os.environ if env is None else env
    store = vault.open_store(path)
    where = identity.channel(env) + (":" + command if command else "")
    try:
        try:
            actor = identity.actor_for(as_initials, env)
        except AccessDenied:
            with transaction():
                audit.record(None, "session.refused", "session", where)
            raise
        ctx = Context(actor)
        if store.registration is not None:  # a key rotation names who holds the database
            store.registration.identify(f"{actor.initials} ({where})")
        with transaction():
            audit.record(ctx, "session.start", "session", where)
        idle = idle_lock_minutes()
    except Exception:
        store.close()
        raise
    return Session(store, ctx, idle_minutes=idle)


def record_refused_command(path: Path, as_initials: str | None,
                           env: Mapping[str, str]) -> None:
    """Audit a command refused over SSH by its length and a hash, never its text: the client
    typed it, and it may hold anything. Best effort: when the database cannot be opened,
    sshd's log is what remains of the attempt."""
    raw = env.get(identity.ORIGINAL_COMMAND, "")
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    try:
        store = vault.open_store(path)
    except VpError:
        return
    try:
        known = Adviser.get_or_none(Adviser.initials == (as_initials or "").strip().upper())
        with transaction():
            audit.record(None, "session.refused-command", "ssh", f"{len(raw)}:{digest}",
                         actor=known.initials if known else "system")
    finally:
        store.close()


def open_demo(today: dt.date | None = None, as_initials: str = "ADV") -> Session:
    """A throwaway database in a temporary folder with an in-process key: works without any
    keyring backend, and leaves nothing behind."""
    today = today or dt.date.today()
    tmp = tempfile.TemporaryDirectory(prefix="vp-tui-demo-")
    store = vault.create(Path(tmp.name) / "demo.db", use_keyring=False, key=keys.new_key())
    demo.generate(today)
    ctx = Context(resolve_actor(as_initials, None), today=today)
    return Session(store, ctx, demo=True, tmpdir=tmp)


def idle_lock_minutes() -> int:
    row = Meta.get_or_none(Meta.key == IDLE_LOCK_KEY)
    return int(row.value) if row else IDLE_LOCK_DEFAULT


def set_idle_lock_minutes(ctx: Context, minutes: int) -> None:
    """Agency-wide, admin only: the setting guards every adviser's screen."""
    require_admin(ctx)
    if minutes not in IDLE_LOCK_RANGE:
        raise ValidationError(_("Kies 1 tot 240 minuten."), "minutes")
    with transaction():
        Meta.replace(key=IDLE_LOCK_KEY, value=str(minutes)).execute()
        audit.record(ctx, "setting.idle_lock", "meta", IDLE_LOCK_KEY)


def data_version() -> int:
    """PRAGMA data_version of this connection: it changes when another connection (another
    session) committed a change. Cheap (no table read), so screens can poll it to refresh."""
    return database.execute_sql("PRAGMA data_version").fetchone()[0]
