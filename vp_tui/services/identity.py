"""Who is acting, decided once from the command line and the environment; never changed later.

The rule (README "Identity"):
- Over SSH (SSH_CONNECTION or SSH_ORIGINAL_COMMAND set) the identity is the `--as` of the forced
  command in the service account's authorized_keys, and nothing else: the OS user (the shared
  service account) says nothing about who is typing.
- Locally (no SSH): `--as INITIALS` when given, otherwise the adviser mapped to the OS user.
- `--as` may be given only once.
- When the client asked for a command (SSH_ORIGINAL_COMMAND), it may only select one of
  REMOTE_COMMANDS with that command's own options; it can never name an identity, a database,
  or a file on the server.

Kept free of click so that the rules are testable on plain lists and dicts.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from vp_tui.errors import AccessDenied
from vp_tui.i18n import _
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Actor

PROGRAM = "vp-tui"
ORIGINAL_COMMAND = "SSH_ORIGINAL_COMMAND"

#: The group's own options (vp_tui.cli.base.cli): name -> takes a value.
GLOBAL_OPTIONS: dict[str, bool] = {"--db": True, "--as": True, "--lang": True,
                                   "--version": False, "--help": False}
#: Options that choose who or what is acted on: never accepted from the SSH client.
IDENTITY_OPTIONS = ("--as", "--db")


class RemoteCommand(NamedTuple):
    """One command a client may ask for through SSH_ORIGINAL_COMMAND, with its allowed options.

    `stdout_options` write a file: from a client only "-" (standard output) is accepted, so a
    key can never write (or overwrite) a file in the service account's home.
    """

    name: str
    flags: frozenset[str] = frozenset()
    options: frozenset[str] = frozenset()
    stdout_options: frozenset[str] = frozenset()
    required: frozenset[str] = frozenset()
    positionals: int = 0


#: Read-only, reporting commands. Every read they do goes through the service layer's access
#: rules for the key's adviser, as in the TUI.
REMOTE_COMMANDS: dict[str, RemoteCommand] = {
    c.name: c
    for c in (
        RemoteCommand("stats", flags=frozenset({"--json"}), options=frozenset({"--year"}),
                      positionals=1),
        RemoteCommand("report", options=frozenset({"--year"}),
                      stdout_options=frozenset({"--out"}), required=frozenset({"--out"}),
                      positionals=1),
        RemoteCommand("coverage", flags=frozenset({"--json"}),
                      options=frozenset({"--from", "--weeks"})),
        RemoteCommand("schedule", options=frozenset({"--adviser"}),
                      stdout_options=frozenset({"--ics"}), required=frozenset({"--ics"})),
        RemoteCommand("retention", flags=frozenset({"--due", "--all"}),
                      options=frozenset({"--within"}), required=frozenset({"--due"})),
        # From the adviser's own cron: what falls due, as codes and dates only.
        RemoteCommand("due", flags=frozenset({"--json", "--all"}),
                      options=frozenset({"--days", "--adviser"})),
    )
}


def over_ssh(env: Mapping[str, str]) -> bool:
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_CLIENT")) or ORIGINAL_COMMAND in env


def split_globals(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """The group's options and the rest (the subcommand and its arguments)."""
    argv = list(argv)
    i = 0
    while i < len(argv):
        token = argv[i]
        name = token.split("=", 1)[0]
        if name not in GLOBAL_OPTIONS:
            break
        i += 2 if GLOBAL_OPTIONS[name] and "=" not in token else 1
    return argv[:i], argv[i:]


def _option_values(tokens: Sequence[str], option: str) -> list[str]:
    values = []
    for i, token in enumerate(tokens):
        if token == option:
            values.append(tokens[i + 1] if i + 1 < len(tokens) else "")
        elif token.startswith(option + "="):
            values.append(token[len(option) + 1:])
    return values


def global_option(argv: Sequence[str], option: str) -> str | None:
    """The first value of a global option (`--db`, `--as`), without judging the line."""
    values = _option_values(split_globals(argv)[0], option)
    return values[0] if values else None


def as_option(argv: Sequence[str]) -> str | None:
    """The one `--as` of the command line; refused when given more than once."""
    values = _option_values(split_globals(argv)[0], "--as")
    if len(values) > 1:
        raise AccessDenied(_("--as mag maar één keer worden opgegeven."))
    return values[0] if values else None


def _check_remote(tokens: list[str]) -> None:
    """Validate the client's command against its RemoteCommand; raises AccessDenied."""
    allowed = ", ".join(sorted(REMOTE_COMMANDS))
    if any(t.split("=", 1)[0] in IDENTITY_OPTIONS for t in tokens):
        raise AccessDenied(_("Identiteit en database liggen vast in de SSH-sleutel; --as en --db "
                        "zijn hier niet toegestaan."))
    command = REMOTE_COMMANDS.get(tokens[0])
    if command is None:
        raise AccessDenied(_("Via SSH zijn alleen deze commando's toegestaan: {allowed}.").format(
            allowed=allowed))
    seen: set[str] = set()
    positionals = 0
    i = 1
    while i < len(tokens):
        token = tokens[i]
        name, has_value, value = token.partition("=")
        if not token.startswith("-") or token == "-":
            positionals += 1
        elif name == "--help" and not has_value:
            pass
        elif name in command.flags and not has_value:
            seen.add(name)
        elif name in command.options or name in command.stdout_options:
            if not has_value:
                i += 1
                value = tokens[i] if i < len(tokens) else ""
            if name in command.stdout_options and value != "-":
                raise AccessDenied(_("Via SSH schrijft {option} alleen naar de uitvoer: gebruik "
                                "'{option} -'.").format(option=name))
            if not value:
                raise AccessDenied(_("{option} verwacht een waarde.").format(option=name))
            seen.add(name)
        else:
            raise AccessDenied(_("Optie {option} is via SSH niet toegestaan bij {command}.").format(
                option=name, command=command.name))
        i += 1
    if positionals > command.positionals:
        raise AccessDenied(_("Te veel argumenten voor {command}.").format(command=command.name))
    missing = sorted(command.required - seen)
    if missing:
        raise AccessDenied(_("Via SSH vraagt {command} om {options}.").format(
            command=command.name, options=", ".join(missing)))


def effective_argv(argv: Sequence[str], env: Mapping[str, str]) -> list[str]:
    """The command line to run, after the identity rules; raises AccessDenied when refused.

    `argv` is what the program was started with (under SSH: the forced command), `env` the
    environment (SSH_ORIGINAL_COMMAND holds what the client asked for).
    """
    argv = list(argv)
    as_option(argv)  # at most one --as, in every mode
    if ORIGINAL_COMMAND not in env:
        return argv
    global_part, forced_rest = split_globals(argv)
    if as_option(argv) is None:
        raise AccessDenied(_("Deze SSH-sleutel heeft geen vaste identiteit; de beheerder moet "
                        "'command=\"vp-tui --as INITIALEN\"' instellen."))
    try:
        requested = shlex.split(env[ORIGINAL_COMMAND])
    except ValueError:
        raise AccessDenied(_("Onleesbaar commando.")) from None
    if requested and os.path.basename(requested[0]) == PROGRAM:
        requested = requested[1:]
    if not requested:
        return argv
    if forced_rest:
        raise AccessDenied(_("Deze SSH-sleutel staat alleen het vaste commando toe."))
    _check_remote(requested)
    return global_part + requested


def actor_for(as_initials: str | None, env: Mapping[str, str]) -> Actor:
    """The acting adviser: over SSH only `--as` (from the forced command) counts; locally
    `--as`, else the adviser mapped to the OS user. Unknown or inactive advisers are refused."""
    if not as_initials and over_ssh(env):
        raise AccessDenied(_("Via SSH komt de adviseur uit de SSH-sleutel "
                             "(command=\"vp-tui --as INITIALEN\"); die ontbreekt."))
    return resolve_actor(as_initials, None if as_initials else os_user_for(env))


def os_user_for(env: Mapping[str, str]) -> str | None:
    """The OS user whose mapping may stand for the actor: none at all over SSH (everyone there
    shares the service account); locally the real user id, not $USER, which anyone can set."""
    if over_ssh(env):
        return None
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        import getpass

        return getpass.getuser()


def channel(env: Mapping[str, str]) -> str:
    """For the audit trail: how the session arrived."""
    return "ssh" if over_ssh(env) else "local"
