"""The identity rules: one --as, the forced SSH command fixes the adviser, the client may only pick
an allowlisted read-only command, the OS user counts only locally."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import TODAY
from vp_tui.cli import cli
from vp_tui.errors import AccessDenied
from vp_tui.models import Adviser, AuditEvent
from vp_tui.services import identity
from vp_tui.services.identity import REMOTE_COMMANDS, effective_argv
from vp_tui.services.session import open_session

FORCED = ["--as", "BJ"]
SSH = {"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"}


def forced(command: str) -> dict[str, str]:
    return {**SSH, "SSH_ORIGINAL_COMMAND": command}


def test_local_argv_passes_unchanged() -> None:
    argv = ["--as", "BJ", "audit", "list", "--limit", "5"]
    assert effective_argv(argv, {}) == argv


@pytest.mark.parametrize("argv", [["--as", "BJ", "--as", "CS"], ["--as=BJ", "--as", "CS"],
                                  ["--as", "BJ", "--db", "x.db", "--as=BJ", "stats"]])
@pytest.mark.parametrize("env", [{}, SSH, forced("stats X")])
def test_as_twice_is_refused_everywhere(argv: list[str], env: dict[str, str]) -> None:
    with pytest.raises(AccessDenied, match="één keer"):
        effective_argv(argv, env)


def test_interactive_forced_session_runs_the_forced_command() -> None:
    """ssh without a command: sshd does not set SSH_ORIGINAL_COMMAND; the TUI starts as BJ."""
    assert effective_argv(FORCED, SSH) == FORCED


@pytest.mark.parametrize("requested, expected", [
    ("stats 'Gemeente Zuidvliet' --year 2025 --json",
     ["stats", "Gemeente Zuidvliet", "--year", "2025", "--json"]),
    ("vp-tui coverage --from 2026-12-01 --weeks 4", ["coverage", "--from", "2026-12-01",
                                                     "--weeks", "4"]),
    ("/opt/vp/bin/vp-tui retention --due", ["retention", "--due"]),
    ("retention --due --all --within 30", ["retention", "--due", "--all", "--within", "30"]),
    ("report Alfa --year 2025 --out -", ["report", "Alfa", "--year", "2025", "--out", "-"]),
    ("schedule --ics=- --adviser CS", ["schedule", "--ics=-", "--adviser", "CS"]),
    ("stats --help", ["stats", "--help"]),
])
def test_allowlisted_commands_run_as_the_forced_adviser(requested: str,
                                                        expected: list[str]) -> None:
    assert effective_argv(FORCED, forced(requested)) == FORCED + expected


@pytest.mark.parametrize("env", [forced(""), forced("   "), forced("vp-tui")])
def test_empty_requested_command_starts_the_forced_session(env: dict[str, str]) -> None:
    assert effective_argv(FORCED, env) == FORCED


@pytest.mark.parametrize("requested, fragment", [
    ("bash", "alleen deze commando"),
    ("audit list", "alleen deze commando"),
    ("admin ssh-line BJ key.pub", "alleen deze commando"),
    ("init", "alleen deze commando"),
    ("key export-recovery /tmp/x", "alleen deze commando"),
    ("--lang en stats X", "alleen deze commando"),
    ("stats X --as CS", "--as en --db"),
    ("--as CS stats X", "--as en --db"),
    ("stats X --as=CS", "--as en --db"),
    ("stats X --db /tmp/other.db", "--as en --db"),
    ("--db=/tmp/other.db", "--as en --db"),
    ("report Alfa --year 2025 --out /home/vp/.ssh/authorized_keys", "--out -"),
    ("schedule --ics agenda.ics", "--ics -"),
    ("report Alfa --year 2025", "--out"),
    ("retention", "--due"),
    ("retention --due --purge", "niet toegestaan"),
    ("retention --due --set-default 1", "niet toegestaan"),
    ("report --all --year 2025 --outdir /tmp", "niet toegestaan"),
    ("report Alfa --year 2025 --out - --template /etc/passwd", "niet toegestaan"),
    ("stats A B", "Te veel"),
    ("coverage X", "Te veel"),
    ("stats X --json=yes", "niet toegestaan"),
    ("stats X --year", "verwacht een waarde"),
    ("stats 'unclosed", "Onleesbaar"),
])
def test_anything_else_from_the_client_is_refused(requested: str, fragment: str) -> None:
    with pytest.raises(AccessDenied, match=fragment.replace("-", r"\-")) as info:
        effective_argv(FORCED, forced(requested))
    assert "\n" not in str(info.value)


def test_forced_command_without_as_refuses_client_commands() -> None:
    with pytest.raises(AccessDenied, match="geen vaste identiteit"):
        effective_argv(["--db", "/srv/vp.db"], forced("stats X"))


def test_a_key_pinned_to_a_command_allows_only_that_command() -> None:
    pinned = FORCED + ["retention", "--due"]
    assert effective_argv(pinned, forced("")) == pinned
    with pytest.raises(AccessDenied, match="vaste commando"):
        effective_argv(pinned, forced("stats X"))


@given(st.lists(st.text(min_size=0, max_size=12), max_size=6))
def test_no_client_command_ever_changes_the_identity(words: list[str]) -> None:
    """Whatever the client sends, the result keeps exactly the forced --as and no --db."""
    import shlex

    try:
        argv = effective_argv(FORCED, forced(shlex.join(words)))
    except AccessDenied:
        return
    globals_, rest = identity.split_globals(argv)
    assert globals_ == FORCED
    assert not any(t.split("=", 1)[0] in ("--as", "--db") for t in rest)
    assert not rest or rest[0] in REMOTE_COMMANDS


def test_global_options_mirror_the_click_group() -> None:
    """split_globals must know every option of the group, or a new one would end the scan."""
    params = cli.get_params(click.Context(cli))
    names = {opt for p in params if isinstance(p, click.Option) for opt in p.opts}
    assert names == set(identity.GLOBAL_OPTIONS)


def test_allowlisted_options_exist_on_the_commands() -> None:
    """The allowlist must follow the commands: an option that does not exist there would be an
    allowlist for nothing, and a renamed one a silent refusal."""
    for name, spec in REMOTE_COMMANDS.items():
        command = cli.get_command(click.Context(cli), name)
        assert command is not None, name
        opts = {o for p in command.params if isinstance(p, click.Option) for o in p.opts}
        listed = spec.flags | spec.options | spec.stdout_options
        assert listed <= opts, (name, listed - opts)


# --- the actor behind the rules (real database) ----------------------------------------------


def test_over_ssh_the_os_user_mapping_does_not_count(demo_store) -> None:
    Adviser.update(os_user="vp").where(Adviser.initials == "ADV").execute()
    with pytest.raises(AccessDenied, match="SSH-sleutel"):
        identity.actor_for(None, {**SSH, "USER": "vp"})


def test_locally_the_real_os_user_maps_to_an_adviser(demo_store) -> None:
    me = identity.os_user_for({})
    Adviser.update(os_user=me).where(Adviser.initials == "CS").execute()
    assert identity.actor_for(None, {"USER": "someone-else"}).initials == "CS"
    assert identity.actor_for("BJ", {}).initials == "BJ"  # --as wins locally


@pytest.mark.parametrize("who", ["ZZ", "bj "])
def test_unknown_adviser_is_refused_and_known_ones_normalised(demo_store, who: str) -> None:
    if who == "ZZ":
        with pytest.raises(AccessDenied, match="Onbekende adviseur"):
            identity.actor_for(who, SSH)
    else:
        assert identity.actor_for(who, SSH).initials == "BJ"


def test_inactive_adviser_is_refused(demo_store) -> None:
    Adviser.update(active=False).where(Adviser.initials == "DB").execute()
    with pytest.raises(AccessDenied, match="niet actief"):
        identity.actor_for("DB", SSH)


def test_session_start_is_audited_with_channel_and_command(demo_store) -> None:
    path = demo_store.path
    demo_store.close()
    session = open_session(path, "BJ", env=forced("stats X"), command="stats")
    try:
        last = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
        assert (last.actor, last.action, last.object_id) == ("BJ", "session.start", "ssh:stats")
        assert session.ctx.actor.initials == "BJ"
        assert session.ctx.today >= TODAY.replace(year=2025)
    finally:
        session.close()


def test_refused_session_is_audited_without_identity(demo_store) -> None:
    path = demo_store.path
    demo_store.close()
    with pytest.raises(AccessDenied):
        open_session(path, "ZZ", env=SSH)
    from vp_tui.store import vault

    store = vault.open_store(path)
    try:
        last = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
        assert (last.actor, last.action, last.object_id) == ("system", "session.refused", "ssh")
    finally:
        store.close()


def test_a_session_end_writes_the_audit_anchor(demo_store) -> None:
    path = demo_store.path
    demo_store.close()
    anchor = Path(str(path) + ".audit-anker")
    assert not anchor.exists()
    session = open_session(path, "BJ", env={}, command="stats")
    events = AuditEvent.select().count()
    session.close()
    assert oct(anchor.stat().st_mode & 0o777) == oct(0o600)
    assert json.loads(anchor.read_text())["events"] == events
