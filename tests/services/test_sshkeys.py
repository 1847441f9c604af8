"""The authorized_keys line: only a public key of a known type, pinned to one active adviser."""

from __future__ import annotations

import shlex

import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.models import Adviser, AuditEvent
from vp_tui.services.context import Context
from vp_tui.services.identity import effective_argv, split_globals
from vp_tui.services.sshkeys import authorized_keys_line, parse_public_key


def public(key) -> bytes:
    return key.public_key().public_bytes(ser.Encoding.OpenSSH, ser.PublicFormat.OpenSSH)


def private(key) -> bytes:
    return key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, ser.NoEncryption())


ED = ed25519.Ed25519PrivateKey.generate()


@pytest.mark.parametrize("key", [ED, ec.generate_private_key(ec.SECP256R1()),
                                 ec.generate_private_key(ec.SECP384R1()),
                                 rsa.generate_private_key(65537, 3072)])
def test_known_public_keys_are_accepted(key) -> None:
    data = public(key) + b" anna@laptop\n"
    parsed = parse_public_key(data)
    assert data.decode().split()[:2] == [parsed.key_type, parsed.blob]
    assert parsed.comment == "anna@laptop"


@pytest.mark.parametrize("data, fragment", [
    (private(ED), "privésleutel"),
    (ED.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()),
     "privésleutel"),
    (b"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n", "privésleutel"),
    (b"---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----\n", "SSH2"),
    (b"", "precies één"),
    (public(ED) + b"\n" + public(ED) + b"\n", "precies één"),
    (b"ssh-dss AAAAB3NzaC1kc3MAAACBAP anna", "Onbekend sleuteltype"),
    (b'command="sh" ' + public(ED), "Onbekend sleuteltype"),
    (b"ssh-ed25519", "ontbreekt"),
    (b"ssh-ed25519 not-base64!!", "beschadigd"),
    (b"ssh-rsa " + public(ED).split()[1], "beschadigd"),
    (public(rsa.generate_private_key(65537, 1024)), "te zwak"),
    (b"x" * 20000, "te groot"),
])
def test_everything_else_is_refused_with_one_line(data: bytes, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment) as info:
        parse_public_key(data)
    assert "\n" not in str(info.value)


def test_comment_lines_and_unsafe_comment_characters() -> None:
    data = b"# Anna's laptop\n" + public(ED) + b' anna "x",y\n'
    assert parse_public_key(data).comment == "anna__x__y"


@pytest.fixture
def admin(demo_store) -> Context:
    from vp_tui.services.advisers import resolve_actor

    Adviser.create(name="Beheer", initials="ADM", gender="x", role="admin", is_adviser=False)
    return Context(resolve_actor("ADM", None))


def test_line_pins_the_key_to_the_adviser_and_parses_back(admin: Context) -> None:
    line = authorized_keys_line(admin, "bj", public(ED) + b" bram@laptop",
                                "/opt/vp tui/bin/vp-tui", "/srv/vp/vp-tui.db")
    head, key_part = line.split('",restrict,pty ')
    assert head.startswith('command="')
    assert key_part == public(ED).decode() + " bram@laptop"
    command = shlex.split(head[len('command="'):])
    assert command == ["/opt/vp tui/bin/vp-tui", "--db", "/srv/vp/vp-tui.db", "--as", "BJ"]
    # What sshd will run passes the identity rules and names BJ, once.
    argv = effective_argv(command[1:], {"SSH_CONNECTION": "10.0.0.2 5 10.0.0.1 22"})
    assert split_globals(argv)[0] == ["--db", "/srv/vp/vp-tui.db", "--as", "BJ"]
    last = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert (last.actor, last.action, last.object_type) == ("ADM", "adviser.ssh_line", "adviser")


def test_only_an_admin_makes_lines(demo_store) -> None:
    from tests.conftest import ctx_for

    with pytest.raises(AccessDenied):
        authorized_keys_line(ctx_for("ADV"), "BJ", public(ED), "vp-tui", "/srv/vp.db")


def test_unknown_or_inactive_adviser_and_unsafe_path(admin: Context) -> None:
    with pytest.raises(NotFound):
        authorized_keys_line(admin, "ZZ", public(ED), "vp-tui", "/srv/vp.db")
    Adviser.update(active=False).where(Adviser.initials == "DB").execute()
    with pytest.raises(ValidationError, match="niet actief"):
        authorized_keys_line(admin, "DB", public(ED), "vp-tui", "/srv/vp.db")
    with pytest.raises(ValidationError, match="aanhalingstekens"):
        authorized_keys_line(admin, "BJ", public(ED), "vp-tui", '/srv/"x.db')
