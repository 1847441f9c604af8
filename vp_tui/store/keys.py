"""Key custody in the OS keyring: one entry per database, keyed by the database id.

A headless server often has no Secret Service; keyring then falls back to its `fail` backend
or, with keyrings.alt installed, to a plaintext file. Both are refused with an actionable
message instead of silently storing the key in the clear.
"""

from __future__ import annotations

import os
import secrets

from vp_tui.errors import KeyError_, KeyringUnusable
from vp_tui.i18n import _
from vp_tui.store.deferred import UNUSED_BY_KEYRING, deferred

with deferred(*UNUSED_BY_KEYRING):  # keyring's dependencies import them unused
    import keyring
    import keyring.errors
    from keyring.backend import KeyringBackend

SERVICE = "vp-tui"
KEY_BYTES = 32
#: A key written here before PRAGMA rekey and promoted only once it is proven to open the file.
PENDING_SUFFIX = ":pending"

#: Backends that store secrets without protection or not at all.
_INSECURE = {
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.Gnome.Keyring",
}

HELP = _(
    "Geen veilige sleutelbewaarplaats (keyring) gevonden ({backend}). Start een Secret "
    "Service (bijv. gnome-keyring-daemon in een D-Bus-sessie, zie README, 'Server setup') "
    "of kies een backend met PYTHON_KEYRING_BACKEND."
)


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _qualname(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _effective_backends(backend: KeyringBackend) -> list[KeyringBackend]:
    inner = getattr(backend, "backends", None)
    if inner is not None:  # keyring's ChainerBackend
        return list(inner)
    return [backend]


def check_backend() -> KeyringBackend:
    """The active backend, or KeyringUnusable when it cannot keep a secret safely."""
    try:
        backend = keyring.get_keyring()
    except (ImportError, AttributeError, ValueError, TypeError) as exc:
        # keyring builds the class named by PYTHON_KEYRING_BACKEND on first use.
        raise KeyringUnusable(
            _("PYTHON_KEYRING_BACKEND={name} is geen bruikbare keyring-backend ({error}); "
              "geef module.Klasse of laat de variabele weg.").format(
                name=os.environ.get("PYTHON_KEYRING_BACKEND", ""),
                error=f"{type(exc).__name__}: {exc}")
        ) from exc
    effective = _effective_backends(backend)
    names = [_qualname(b) for b in effective]
    if not effective or any(n in _INSECURE for n in names):
        raise KeyringUnusable(HELP.format(backend=", ".join(names) or _qualname(backend)))
    return backend


def _call(fn, *args):
    try:
        return fn(*args)
    except keyring.errors.KeyringLocked as exc:
        raise KeyringUnusable(
            _("De keyring is vergrendeld; ontgrendel hem en probeer opnieuw.")
        ) from exc
    except keyring.errors.KeyringError as exc:
        raise KeyringUnusable(
            _("De keyring gaf een fout: {error}").format(error=str(exc) or type(exc).__name__)
        ) from exc


def _encode(key: bytes) -> str:
    return key.hex()


def _decode(text: str, db_id: str) -> bytes:
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise KeyError_(
            _("De keyring-entry voor database {db_id} is geen geldige sleutel.").format(db_id=db_id)
        )
    return key


def load(db_id: str, pending: bool = False) -> bytes | None:
    check_backend()
    name = db_id + (PENDING_SUFFIX if pending else "")
    text = _call(keyring.get_password, SERVICE, name)
    return None if text is None else _decode(text, db_id)


def store(db_id: str, key: bytes, pending: bool = False) -> None:
    check_backend()
    name = db_id + (PENDING_SUFFIX if pending else "")
    _call(keyring.set_password, SERVICE, name, _encode(key))
    if load(db_id, pending) != key:
        raise KeyringUnusable(_("De keyring bewaarde de sleutel niet; niets gewijzigd."))


def forget_pending(db_id: str) -> None:
    try:
        keyring.delete_password(SERVICE, db_id + PENDING_SUFFIX)
    except keyring.errors.PasswordDeleteError:
        pass
