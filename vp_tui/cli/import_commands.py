"""`vp-tui import KIND FILE [--dry-run]`: spreadsheets in (README "Importeren")."""

from __future__ import annotations

from pathlib import Path

import click

from vp_tui.cli.base import cli, echo, require_session, terminal_safe
from vp_tui.cli.types import FilePath
from vp_tui.errors import ValidationError, VpError
from vp_tui.i18n import N_, _, fmt_number


@cli.command("import", help=N_(
    "Importeer FILE (CSV of XLSX) als KIND: advisers, organisations, engagements, absences, "
    "covers, activities of cases. Alles of niets; twee keer importeren verdubbelt niets."))
@click.argument("kind")
@click.argument("file", type=FilePath(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True,
              help=N_("Controleer alles en meld wat er zou gebeuren, zonder iets op te slaan."))
@click.pass_context
def import_command(ctx: click.Context, kind: str, file: Path, dry_run: bool) -> None:
    from vp_tui.services.importing import import_file

    session = require_session(ctx)
    try:
        report = import_file(session.ctx, kind, file, dry_run=dry_run)
    except Exception as exc:
        if not _raised_by_spreadsheet_reader(exc):
            raise
        raise ValidationError(
            _("{file} is beschadigd of geen geldig Excel-bestand (.xlsx): {error}").format(
                file=file.name, error=_one_line(exc))
        ) from exc
    for problem in report.problems:
        echo(str(problem), err=True)
    if report.problems:
        raise ValidationError(_("{n} probleem/problemen in {file}; er is niets opgeslagen.")
                              .format(n=fmt_number(len(report.problems), 0), file=file.name))
    for notice in report.notices:
        echo(_("let op: {notice}").format(notice=notice))
    if dry_run:
        echo(_("Proef: {rows} rijen gelezen; {created} zouden worden aangemaakt, "
               "{existing} waren er al. Er is niets opgeslagen.").format(
                  **_counts(report)))
    else:
        echo(_("{rows} rijen gelezen; {created} aangemaakt, {existing} waren er al.")
             .format(**_counts(report)))


def _counts(report) -> dict[str, str]:  # noqa: ANN001 - services.importing's report
    return {name: fmt_number(getattr(report, name), 0)
            for name in ("rows", "created", "existing")}


def _raised_by_spreadsheet_reader(exc: BaseException) -> bool:
    """Whether openpyxl raised `exc` while reading the file: a malformed .xlsx makes it raise
    IndexError, ParseError, NotImplementedError and more. The same types raised by vp-tui's own
    code are bugs and stay internal errors, so the test is where it was raised."""
    if isinstance(exc, VpError):
        return False
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_globals.get("__name__", "").startswith("openpyxl"):
            return True
        tb = tb.tb_next
    return False


def _one_line(exc: BaseException) -> str:
    text = terminal_safe(" ".join(str(exc).split()))
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
