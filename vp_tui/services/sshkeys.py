"""Adviser SSH keys: the authorized_keys line that pins a key to one adviser.

All advisers log in to the same service account; what tells them apart is the forced command
of their key (`command="vp-tui --as INITIALS",restrict,pty`), so this line is the identity.
"""

from __future__ import annotations

import base64
import binascii
import re
import shlex
import struct
from dataclasses import dataclass
from pathlib import Path

from vp_tui.errors import NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import Adviser
from vp_tui.services import audit
from vp_tui.services.access import require_admin, require_coordinator
from vp_tui.services.context import Context
from vp_tui.services.writes import transaction

KEY_TYPES = (
    "ssh-ed25519",
    "sk-ssh-ed25519@openssh.com",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ecdsa-sha2-nistp256@openssh.com",
    "ssh-rsa",
)
MIN_RSA_BITS = 2048
MAX_FILE_BYTES = 16 * 1024
_PRIVATE_MARKERS = ("PRIVATE KEY", "PuTTY-User-Key-File")
_SAFE_COMMENT = re.compile(r"[^\w.@+-]")


@dataclass(frozen=True)
class PublicKey:
    key_type: str
    blob: str
    comment: str


def _fields(blob: bytes) -> list[bytes]:
    """The length-prefixed strings of an SSH public key blob (RFC 4253 section 6.6)."""
    out, i = [], 0
    while i < len(blob):
        if i + 4 > len(blob):
            raise ValueError("truncated length")
        (n,) = struct.unpack(">I", blob[i:i + 4])
        if i + 4 + n > len(blob):
            raise ValueError("truncated field")
        out.append(blob[i + 4:i + 4 + n])
        i += 4 + n
    return out


def _check_blob(key_type: str, encoded: str) -> None:
    bad = ValidationError(_("De sleutel is beschadigd (de gegevens passen niet bij {type}).")
                          .format(type=key_type), "key")
    try:
        raw = base64.b64decode(encoded, validate=True)
        fields = _fields(raw)
    except (binascii.Error, ValueError):
        raise bad from None
    if not fields or fields[0] != key_type.encode("ascii"):
        raise bad
    if key_type == "ssh-rsa":
        if len(fields) != 3:
            raise bad
        bits = int.from_bytes(fields[2], "big").bit_length()
        if bits < MIN_RSA_BITS:
            raise ValidationError(
                _("RSA-sleutel van {bits} bits is te zwak; gebruik ed25519 of RSA van ten "
                  "minste {min} bits.").format(bits=bits, min=MIN_RSA_BITS), "key")
    elif key_type.endswith("ed25519") and (len(fields) < 2 or len(fields[1]) != 32):
        raise bad


def parse_public_key(data: bytes) -> PublicKey:
    """One OpenSSH public key line of a known type; private keys and anything else refused."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("Dit bestand is te groot voor een openbare sleutel."), "key")
    text = data.decode("utf-8", errors="replace")
    if any(marker in text for marker in _PRIVATE_MARKERS):
        raise ValidationError(
            _("Dit is een privésleutel. Geef het openbare deel (het .pub-bestand); de "
              "privésleutel blijft bij de adviseur."), "key")
    if "BEGIN SSH2 PUBLIC KEY" in text:
        raise ValidationError(
            _("Sleutel in SSH2-formaat; zet hem om met 'ssh-keygen -i -f BESTAND'."), "key")
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) != 1:
        raise ValidationError(
            _("Het bestand moet precies één openbare sleutel bevatten (gevonden: {n}).")
            .format(n=len(lines)), "key")
    parts = lines[0].split(None, 2)
    if parts[0] not in KEY_TYPES:
        raise ValidationError(
            _("Onbekend sleuteltype {type}; toegestaan: {types}.").format(
                type=parts[0][:40], types=", ".join(KEY_TYPES)), "key")
    if len(parts) < 2:
        raise ValidationError(_("De sleutel ontbreekt na het type."), "key")
    _check_blob(parts[0], parts[1])
    comment = _SAFE_COMMENT.sub("_", parts[2].strip())[:100] if len(parts) > 2 else ""
    return PublicKey(parts[0], parts[1], comment)


def forced_command(initials: str, program: str, db_path: str) -> str:
    command = " ".join(shlex.quote(p) for p in (program, "--db", db_path, "--as", initials))
    if any(c in command for c in '"\\\n\r'):
        raise ValidationError(
            _("Pad met aanhalingstekens of backslash kan niet in authorized_keys."), "path")
    return command


def authorized_keys_line(ctx: Context, initials: str, key_data: bytes, program: str,
                         db_path: str) -> str:
    """The line for the service account's ~/.ssh/authorized_keys (admin only, audited)."""
    require_admin(ctx)
    adviser = Adviser.get_or_none(Adviser.initials == initials.strip().upper())
    if adviser is None:
        raise NotFound(_("Onbekende adviseur: {who}").format(who=initials))
    if not adviser.active:
        raise ValidationError(_("Adviseur {who} is niet actief.").format(who=adviser.initials))
    key = parse_public_key(key_data)
    command = forced_command(adviser.initials, program, db_path)
    comment = key.comment or f"{adviser.initials.lower()}@vp-tui"
    with transaction():
        audit.record(ctx, "adviser.ssh_line", "adviser", adviser.id)
    return f'command="{command}",restrict,pty {key.key_type} {key.blob} {comment}'


_COMMAND_OPTION = re.compile(r'(?:^|,)command="((?:[^"\\]|\\.)*)"')


def pins_adviser(line: str, initials: str) -> bool:
    """Whether an authorized_keys line's forced command logs in as `initials` (`--as X` or
    `--as=X`, any case): the lines that give a leaving adviser access."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return False
    match = _COMMAND_OPTION.search(stripped)
    if match is None:
        return False
    try:
        words = shlex.split(match.group(1).replace('\\"', '"'))
    except ValueError:
        return False
    wanted = initials.strip().upper()
    for i, word in enumerate(words):
        if word == "--as" and i + 1 < len(words) and words[i + 1].upper() == wanted:
            return True
        if word.upper() == f"--AS={wanted}":
            return True
    return False


@dataclass(frozen=True)
class Withdrawal:
    #: The lines of the file that pin a key to the adviser (as found; none when all are gone).
    lines: tuple[str, ...]
    #: True when they were removed from the file by this call.
    removed: bool


def withdraw_keys(ctx: Context, adviser_id: int, path: Path, *, remove: bool) -> Withdrawal:
    """The authorized_keys lines of `path` that log in as the adviser; with `remove` (admin
    only) the file is written again without them, atomically and mode 0600
    (vp_tui.files.write_private). Calling it again finds nothing left: a resumed leaving
    procedure repeats it safely. Audited with the number of lines, never the keys."""
    from vp_tui.files import write_private  # not on the TUI's start path

    require_coordinator(ctx)
    if remove:
        require_admin(ctx)
    adviser = Adviser.get_or_none(Adviser.id == adviser_id)
    if adviser is None:
        raise NotFound(_("Adviseur niet gevonden."))
    path = Path(path).expanduser()
    if not path.exists():
        return Withdrawal((), False)
    text = path.read_text("utf-8", errors="replace")
    kept, found = [], []
    for line in text.splitlines(keepends=True):
        (found if pins_adviser(line, adviser.initials) else kept).append(line)
    if not found or not remove:
        return Withdrawal(tuple(line.rstrip("\n") for line in found), False)
    write_private(path, "".join(kept).encode("utf-8"))
    with transaction():
        audit.record(ctx, "adviser.ssh_withdraw", "adviser", adviser.id)
    return Withdrawal(tuple(line.rstrip("\n") for line in found), True)
