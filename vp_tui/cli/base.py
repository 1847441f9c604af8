"""The click group and what every command shares: the database path and the acting adviser."""

from __future__ import annotations

import errno
import gc
import logging
import os
import sys
from collections.abc import MutableMapping
from importlib import import_module
from pathlib import Path

import click

from vp_tui.config import default_db_path, log_path
from vp_tui.errors import VpError
from vp_tui.files import private_dir, private_file
from vp_tui.i18n import _, set_language
from vp_tui.text import strip_controls


class OneLineError(click.ClickException):
    """Printed as the message alone: 'fout: …', no 'Error:' prefix, no traceback; stripped
    of terminal controls and newlines (`terminal_safe`)."""

    def __init__(self, message: str, exit_code: int) -> None:
        # The message may quote stored or typed text: no controls, and one line it stays.
        super().__init__(terminal_safe(message).replace("\n", " "))
        self.exit_code = exit_code

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(self.message, err=True)


def terminal_safe(text: object) -> str:
    """Text as the terminal may show it: escape sequences and other control characters
    removed (vp_tui.text.strip_controls, the rule of the TUI's widgets). Click prints no
    markup, so '[red]x[/red]' stays literal."""
    return strip_controls(str(text))


def echo(message: object = "", err: bool = False) -> None:
    """Print one message. Every line of the CLI goes through here, never through click.echo
    itself, so stored text (an organisation's name, a label) cannot drive the terminal."""
    click.echo(terminal_safe(message), err=err)


def echo_json(data: object) -> None:
    """Print `data` as JSON with every string made `terminal_safe` first: JSON keeps an escape
    character only escaped, and `jq -r` would turn it back into a real one."""
    import json

    def clean(value: object) -> object:
        if isinstance(value, str):
            return terminal_safe(value)
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value

    echo(json.dumps(clean(data), ensure_ascii=False, indent=2))


def _log_exception() -> str:
    path = log_path()
    try:
        private_dir(path.parent)
        private_file(path)  # 0600 before the handler appends to it
        handler = logging.FileHandler(path, encoding="utf-8")
        logger = logging.getLogger("vp_tui")
        logger.addHandler(handler)
        try:
            logger.exception("unhandled error")
        finally:
            logger.removeHandler(handler)
            handler.close()
        return str(path)
    except OSError:
        return "-"


#: Exit code when the reader of standard output went away (`vp-tui stats X | head -1`): the
#: code a shell reports for a program ended by SIGPIPE (128 + 13), as `cat` would give. Quiet,
#: but not 0: the output did not all arrive, which `set -o pipefail` can see.
BROKEN_PIPE_EXIT = 141


def silence_stdout() -> None:
    """The reader of standard output is gone: send whatever is still buffered or written to
    /dev/null, so that neither the command nor the interpreter's flush at exit fails again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no stdout file descriptor at all
        pass


def one_line(exc: VpError) -> OneLineError:
    return OneLineError(_("fout: {message}").format(message=exc), exc.exit_code)


#: Top-level command -> the module that defines it (and registers it on `cli` when imported).
#: A module is imported when one of its commands is used or listed, so that starting the TUI,
#: which runs no command, imports none of them (BENCHMARKS.md, start).
COMMAND_MODULES = {
    "init": "store_commands", "demo": "store_commands", "key": "store_commands",
    "backup": "store_commands",
    "coverage": "planning_commands", "schedule": "planning_commands",
    "admin": "admin_commands", "audit": "admin_commands",
    "import": "import_commands",
    "report": "report_commands", "stats": "report_commands", "export": "report_commands",
    "retention": "retention_commands", "melder": "retention_commands",
}


class VpGroup(click.Group):
    """Turns every failure of a command into one line and an exit code; loads each command's
    module on first use (COMMAND_MODULES)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMAND_MODULES:
            import_module(f"vp_tui.cli.{COMMAND_MODULES[name]}")
        return self.commands.get(name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        gc.enable()  # a subcommand runs with the collector (vp_tui.cli.main switched it off)
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """At the top level, apply the identity rules (one --as; under a forced SSH command
        only an allowlisted subcommand from SSH_ORIGINAL_COMMAND) before click sees anything."""
        if ctx.parent is None:
            from vp_tui.services import identity

            try:
                args = identity.effective_argv(args, os.environ)
            except VpError as exc:
                if identity.ORIGINAL_COMMAND in os.environ:
                    from vp_tui.services.session import record_refused_command

                    db = identity.global_option(args, "--db")
                    record_refused_command(Path(db) if db else default_db_path(),
                                           identity.global_option(args, "--as"), os.environ)
                raise one_line(exc) from exc
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except VpError as exc:
            raise one_line(exc) from exc
        except KeyboardInterrupt:
            raise click.exceptions.Abort() from None
        except BrokenPipeError:
            silence_stdout()
            raise click.exceptions.Exit(BROKEN_PIPE_EXIT) from None
        except OSError as exc:
            if not exc.filename:
                raise OneLineError(_internal(exc), 70) from exc
            raise OneLineError(file_error(exc), 2) from exc
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            from vp_tui.store.database import damage_error

            damaged = damage_error(exc)  # a damaged page met while reading rows
            if damaged is not None:
                raise one_line(damaged) from exc
            raise OneLineError(_internal(exc), 70) from exc


def _internal(exc: BaseException) -> str:
    """The line for a bug: its type only; the traceback goes to the log file."""
    where = _log_exception()
    return _("interne fout: {error} (details in {log})").format(
        error=type(exc).__name__, log=where)


def _os_cause(code: int | None) -> str | None:
    """The Dutch cause for the errno values a person can act on."""
    return {
        errno.EACCES: _("geen toegang (rechten)"),
        errno.EPERM: _("geen toegang (rechten)"),
        errno.ENOENT: _("bestaat niet"),
        errno.ENOTDIR: _("een deel van het pad is geen map"),
        errno.EISDIR: _("is een map"),
        errno.EEXIST: _("bestaat al"),
        errno.ENOSPC: _("de schijf is vol"),
        errno.EDQUOT: _("het schijfquotum is op"),
        errno.EROFS: _("het bestandssysteem is alleen-lezen"),
        errno.ENAMETOOLONG: _("de naam is te lang"),
    }.get(code)


def file_error(exc: OSError) -> str:
    """One line naming the file (or, for vp-tui's own temporary file beside the target, its
    folder) and the cause: an unwritable --out, --outdir or --ics is the user's to fix."""
    path = Path(os.fsdecode(exc.filename))
    cause = _os_cause(exc.errno) or exc.strerror or type(exc).__name__
    if path.name.startswith(".vp-tui-"):
        return _("fout: kan niet schrijven in map {path}: {cause}.").format(
            path=path.parent, cause=cause)
    return _("fout: {path}: {cause}.").format(path=path, cause=cause)


@click.group(cls=VpGroup, invoke_without_command=True)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Databasebestand (standaard: VP_TUI_DB of de gebruikersmap).")
@click.option("--as", "as_initials", metavar="INITIALEN",
              help="De handelende adviseur (lokaal standaard: gekoppeld aan de OS-gebruiker; "
                   "via SSH vast in de SSH-sleutel).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Taal van de interface.")
@click.version_option(package_name="vp-tui")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, as_initials: str | None, lang: str) -> None:
    """vp-tui: registratie voor externe vertrouwenspersonen. Zonder commando start de TUI."""
    set_language(lang)
    ctx.obj = {"db": db_path or default_db_path(), "as": as_initials}
    if ctx.invoked_subcommand is None:
        session = require_session(ctx)  # the identity rules first: a refusal is audited
        require_terminal()
        run_tui(session)


def require_session(ctx: click.Context):
    """The session of this command: the store opened and the actor fixed by the identity rules
    (vp_tui.services.identity), its start audited. Opened once per invocation and closed when
    the command ends; every command that acts for an adviser gets its actor from here."""
    root = ctx.find_root()
    session = root.obj.get("session")
    if session is None:
        from vp_tui.services.session import open_session

        command = " ".join(ctx.command_path.split()[1:]) or "tui"
        session = open_session(root.obj["db"], root.obj["as"], command=command)
        root.obj["session"] = session
        root.call_on_close(session.close)
    return session


#: Milliseconds Textual waits after Esc for the rest of a key sequence (its default is 100).
ESCAPE_DELAY_MS = "25"


def prepare_terminal(env: MutableMapping[str, str]) -> None:
    """Terminal settings for slow links, unless the user chose otherwise: a short escape delay
    (Esc closes a form without a noticeable pause) and, over SSH, no animations (each frame
    would cross the link). Must run before Textual is imported: textual.constants reads
    ESCDELAY and TEXTUAL_ANIMATIONS once, at import."""
    from vp_tui.services.identity import over_ssh

    env.setdefault("ESCDELAY", ESCAPE_DELAY_MS)
    if over_ssh(env):
        env.setdefault("TEXTUAL_ANIMATIONS", "none")


def require_terminal() -> None:
    """The TUI needs a terminal for input and output. Without one (`ssh -T`, a pipe, cron)
    Textual would keep reading an input that has ended, at full speed, until the idle end:
    refused with one line instead."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise VpError(_("Geen terminal: de TUI heeft er een nodig (ssh zonder -T). Zonder "
                        "terminal kunnen alleen opdrachten zoals stats of report."))


def run_tui(session) -> None:
    prepare_terminal(os.environ)
    from vp_tui.app import VpApp

    VpApp(session).run()
