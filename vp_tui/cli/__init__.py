"""The `vp-tui` command: thin click commands that parse, call a service, print, and exit.

Every failure reaches the user as one line; tracebacks go to the log file only.
"""

from __future__ import annotations

import logging
import sys

import click

from vp_tui.cli.base import cli
from vp_tui.config import log_path
from vp_tui.errors import VpError
from vp_tui.i18n import _

# Command modules register themselves on `cli` when imported.
from vp_tui.cli import store_commands  # noqa: E402,F401  isort: skip


def _log_exception() -> str:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=path, level=logging.ERROR)
        logging.getLogger("vp_tui").exception("unhandled error")
        return str(path)
    except OSError:
        return "-"


def main(argv: list[str] | None = None) -> None:
    """Entry point: no traceback reaches the user, whatever happens."""
    try:
        code = cli.main(args=argv, prog_name="vp-tui", standalone_mode=False)
    except VpError as exc:
        click.echo(_("fout: {message}").format(message=exc), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo(_("Afgebroken."), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        where = _log_exception()
        click.echo(
            _("interne fout: {error} (details in {log})").format(
                error=type(exc).__name__, log=where
            ),
            err=True,
        )
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)
