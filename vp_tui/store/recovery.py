"""The recovery file: the database key wrapped with a passphrase (scrypt + AES-GCM).

Format (JSON, version 1): every header field is authenticated as associated data, so an
altered byte anywhere makes unwrapping fail rather than yield a wrong key.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from vp_tui.errors import KeyError_
from vp_tui.i18n import _

FORMAT = "vp-tui-recovery"
VERSION = 1
#: scrypt cost: about 0.3 s and 128 MiB once per unwrap, which is rare; it slows guessing.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
#: The only scrypt parameters accepted when unwrapping: those this product writes. They are
#: checked before anything is derived, so a file with inflated parameters (n=2^20, r=16 costs
#: about 18 s and 2 GiB) is refused at once. Add a new cost here, never remove one that files
#: in the field were written with.
ACCEPTED_SCRYPT = frozenset({(SCRYPT_N, SCRYPT_R, SCRYPT_P)})


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# cryptography is imported where it is used: every session opens the store through this
# package, and only recovery files need it (its import cost: BENCHMARKS.md, start).


def _kdf(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _aesgcm(key: bytes):  # noqa: ANN202 - cryptography's type, imported on use
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _aad(header: dict) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def wrap(key: bytes, db_id: str, passphrase: str) -> str:
    if len(passphrase) < 8:
        raise KeyError_(_("Kies een wachtzin van minstens 8 tekens."))
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "db_id": db_id,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
        "cipher": {"name": "AES-256-GCM", "nonce": _b64(nonce)},
    }
    wrapping = _kdf(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    ciphertext = _aesgcm(wrapping).encrypt(nonce, key, _aad(header))
    return json.dumps({**header, "ciphertext": _b64(ciphertext)}, indent=2) + "\n"


def unwrap(text: str, passphrase: str) -> tuple[str, bytes]:
    """(db_id, key) from a recovery file's text."""
    bad = KeyError_(_("Het herstelbestand is onleesbaar of gewijzigd."))
    try:
        data = json.loads(text)
        ciphertext = base64.b64decode(data.pop("ciphertext"), validate=True)
        kdf, cipher = data["kdf"], data["cipher"]
        if data["format"] != FORMAT or kdf["name"] != "scrypt":
            raise bad
        if data["version"] != VERSION:
            raise KeyError_(
                _("Herstelbestand versie {v} wordt niet ondersteund.").format(v=data["version"])
            )
        n, r, p = kdf["n"], kdf["r"], kdf["p"]
        if not all(type(v) is int for v in (n, r, p)) or (n, r, p) not in ACCEPTED_SCRYPT:
            raise KeyError_(
                _("Het herstelbestand vraagt scrypt-parameters die vp-tui niet schrijft "
                  "(n={n}, r={r}, p={p}); het is niet door vp-tui gemaakt of is gewijzigd.")
                .format(n=n, r=r, p=p)
            )
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(cipher["nonce"], validate=True)
        db_id = str(data["db_id"])
    except KeyError_:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise bad from exc
    from cryptography.exceptions import InvalidTag

    wrapping = _kdf(passphrase, salt, n, r, p)
    try:
        key = _aesgcm(wrapping).decrypt(nonce, ciphertext, _aad(data))
    except (InvalidTag, ValueError) as exc:
        raise KeyError_(
            _("Wachtzin onjuist, of het herstelbestand is gewijzigd.")
        ) from exc
    return db_id, key


def write(path: Path, text: str) -> None:
    """Write with mode 0600 and atomically: a half-written recovery file is worse than none."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
