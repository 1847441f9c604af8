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

from vp_tui.cli.types import Choice, FilePath
from vp_tui.config import default_db_path, log_path
from vp_tui.errors import VpError
from vp_tui.files import private_dir, private_file
from vp_tui.i18n import N_, _, set_language
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
    "cover": "planning_commands",
    "admin": "admin_commands", "audit": "admin_commands",
    "import": "import_commands",
    "report": "report_commands", "stats": "report_commands", "export": "report_commands",
    "retention": "retention_commands", "melder": "retention_commands",
    "due": "due_commands", "transfer": "transfer_commands",
}


class TranslatedHelp:
    """Help in the interface's language. Help texts are written in Dutch with `N_()` and
    translated here, when shown: a command's module may be imported before the language is
    chosen. click's own words (usage, headings, defaults) are replaced by ours."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = N_("Toon deze hulp en stop.")
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=_("Gebruik:") + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_(self.help))

    def get_short_help_str(self, limit: int = 45) -> str:
        return click.utils.make_default_short_help(_(self.help), limit) if self.help else ""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for param in self.get_params(ctx) if (row := _help_row(param, ctx))]
        if rows:
            with formatter.section(_("Opties")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(name, command) for name in self.list_commands(ctx)
                    if (command := self.get_command(ctx, name)) and not command.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _command in commands)
            with formatter.section(_("Commando's")):
                formatter.write_dl([(name, command.get_short_help_str(limit))
                                    for name, command in commands])

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        words = {"[OPTIONS]": _("[OPTIES]"), "COMMAND [ARGS]...": _("COMMANDO [ARGUMENTEN]...")}
        return [words.get(piece) or _(piece) for piece in super().collect_usage_pieces(ctx)]


def _help_row(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """An option's line in the help: its names as click writes them, its help and the extras
    (default, range, required) in our words."""
    record = param.get_help_record(ctx)
    if record is None or not isinstance(param, click.Option):
        return record
    extra = param.get_help_extra(ctx)
    notes = []
    if "default" in extra:
        notes.append(_("standaard: {value}").format(value=extra["default"]))
    if "range" in extra:
        notes.append(extra["range"])
    if "required" in extra:
        notes.append(_("verplicht"))
    text = _(param.help) if param.help else ""
    names = record[0]
    if param.metavar:
        names = names.replace(param.metavar, _(param.metavar))
    elif isinstance(param.type, click.types.StringParamType) and not param.is_flag:
        names = names.replace(" TEXT", " " + _("TEKST"))
    if notes:
        text = f"{text}  [{'; '.join(notes)}]".strip()
    return names, text


class VpCommand(TranslatedHelp, click.Command):
    """A command whose help and refusals speak the interface's language."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True  # surplus arguments are refused below, in our words
        try:
            rest = super().parse_args(ctx, args)
        except click.BadOptionUsage as exc:
            exc.ctx = exc.ctx or ctx  # the parser leaves it out; usage_error looks the option up
            raise
        finally:
            ctx.allow_extra_args = not strict
        if rest and strict and not ctx.resilient_parsing:
            raise click.UsageError(_("onverwacht argument: {args}").format(
                args=" ".join(rest)), ctx)
        return rest


class VpSubGroup(TranslatedHelp, click.Group):
    """A group of commands below `vp-tui` (key, admin, …)."""

    command_class = VpCommand

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            raise click.UsageError(_("onbekend commando: {name} (zie {help})").format(
                name=args[0], help=f"{ctx.command_path} --help"), ctx)
        return super().resolve_command(ctx, args)


VpSubGroup.group_class = VpSubGroup


def usage_error(exc: click.UsageError) -> OneLineError:
    """A command line click refused, as one line in the interface's language, exit code 2:
    no usage block (`--help` shows it)."""
    if isinstance(exc, click.MissingParameter):
        text = _("{name} ontbreekt").format(name=_param_name(exc.param, exc.param_hint))
    elif isinstance(exc, click.BadParameter):
        text = _("ongeldige waarde voor {name}: {message}").format(
            name=_param_name(exc.param, exc.param_hint), message=exc.message)
    elif isinstance(exc, click.NoSuchOption):
        text = _("onbekende optie {option}").format(option=exc.option_name)
        if exc.possibilities:
            text += " " + _("(bedoeld: {options}?)").format(
                options=", ".join(sorted(exc.possibilities)))
    elif isinstance(exc, click.BadOptionUsage):
        option = _find_option(exc.ctx, exc.option_name)
        if option is not None and option.is_flag:
            text = _("{option} neemt geen waarde").format(option=exc.option_name)
        else:
            text = _("{option} verwacht een waarde").format(option=exc.option_name)
    else:
        text = exc.message
    return OneLineError(_("fout: {message}").format(message=text), 2)


def _param_name(param: click.Parameter | None, hint: object) -> str:
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    if param is not None:
        return param.human_readable_name
    return str(hint or "")


def _find_option(ctx: click.Context | None, name: str) -> click.Option | None:
    params = ctx.command.get_params(ctx) if ctx is not None else []
    return next((p for p in params if isinstance(p, click.Option) and name in p.opts), None)


class VpGroup(VpSubGroup):
    """The `vp-tui` group: turns every failure of a command into one line and an exit code;
    loads each command's module on first use (COMMAND_MODULES)."""

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

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra) -> click.Context:  # noqa: ANN003
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise usage_error(exc) from exc

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """At the top level, choose the language, then apply the identity rules (one --as;
        under a forced SSH command only an allowlisted subcommand from SSH_ORIGINAL_COMMAND)
        before click sees anything."""
        if ctx.parent is None:
            # First: the labels of the models are translated when the models are imported.
            set_language(chosen_language(args))
            from vp_tui.services import identity

            args = hoist_global_options(args)
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
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise usage_error(exc) from exc
        except (click.ClickException, click.exceptions.Exit):
            raise
        except VpError as exc:
            raise one_line(exc) from exc
        except (KeyboardInterrupt, EOFError, click.exceptions.Abort):
            # ctrl+c or the end of input at a question: one line, not click's 'Aborted!'
            raise OneLineError(_("Afgebroken."), 1) from None
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


#: The languages of `--lang`.
LANGUAGES = ("nl", "en")
#: The group's options that may also stand after the command's name (`vp-tui stats --as JB`).
MOVABLE_OPTIONS = ("--db", "--as", "--lang")


def chosen_language(args: list[str]) -> str:
    """The --lang of the command line, wherever it stands (up to a `--`); Dutch without one
    or with a language vp-tui does not have (click then refuses the value)."""
    for i, token in enumerate(args):
        if token == "--":
            break
        if token.startswith("--lang="):
            value = token.split("=", 1)[1]
        elif token == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        else:
            continue
        return value if value in LANGUAGES else "nl"
    return "nl"


def hoist_global_options(args: list[str]) -> list[str]:
    """The command line with the group's --db, --as and --lang moved before the command name,
    wherever they stood (up to a `--`), so that the identity rules and click see them where
    they belong. Under a forced SSH command this is the forced command's line; what the client
    asks for is checked separately and may name neither (vp_tui.services.identity)."""
    from vp_tui.services.identity import split_globals

    head, rest = split_globals(args)
    moved: list[str] = []
    kept: list[str] = []
    i = 0
    while i < len(rest):
        token = rest[i]
        if token == "--":
            kept.extend(rest[i:])
            break
        name = token.split("=", 1)[0]
        if name in MOVABLE_OPTIONS and "=" in token:
            moved.append(token)
        elif name in MOVABLE_OPTIONS and i + 1 < len(rest):
            moved.extend(rest[i:i + 2])
            i += 1
        else:
            kept.append(token)
        i += 1
    return head + moved + kept


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


def show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from importlib.metadata import version

        echo(_("vp-tui, versie {version}").format(version=version("vp-tui")))
        ctx.exit()


@click.group(cls=VpGroup, invoke_without_command=True,
             help=N_("vp-tui: registratie voor externe vertrouwenspersonen. Zonder commando "
                     "start de TUI."))
@click.option("--db", "db_path", type=FilePath(dir_okay=False, path_type=Path),
              help=N_("Databasebestand (standaard: VP_TUI_DB of de gebruikersmap)."))
@click.option("--as", "as_initials", metavar=N_("INITIALEN"),
              help=N_("De handelende adviseur (lokaal standaard: gekoppeld aan de OS-gebruiker; "
                      "via SSH vast in de SSH-sleutel)."))
@click.option("--lang", type=Choice(LANGUAGES), default="nl", show_default=True,
              help=N_("Taal van de interface."))
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=show_version, help=N_("Toon de versie en stop."))
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, as_initials: str | None, lang: str) -> None:
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
