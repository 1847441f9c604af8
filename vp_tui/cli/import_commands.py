"""`vp-tui import KIND FILE [--dry-run]`: spreadsheets in (README "Importeren")."""

from __future__ import annotations

from pathlib import Path

import click

from vp_tui.cli.base import cli, echo, require_session
from vp_tui.errors import ValidationError
from vp_tui.i18n import _


@cli.command("import")
@click.argument("kind")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True,
              help="Controleer alles en meld wat er zou gebeuren, zonder iets op te slaan.")
@click.pass_context
def import_command(ctx: click.Context, kind: str, file: Path, dry_run: bool) -> None:
    """Importeer FILE (CSV of XLSX) als KIND: advisers, organisations, engagements, absences,
    activities of cases. Alles of niets; twee keer importeren verdubbelt niets."""
    from vp_tui.services.importing import import_file

    report = import_file(require_session(ctx).ctx, kind, file, dry_run=dry_run)
    for problem in report.problems:
        echo(str(problem), err=True)
    if report.problems:
        raise ValidationError(_("{n} probleem/problemen in {file}; er is niets opgeslagen.")
                              .format(n=len(report.problems), file=file.name))
    if dry_run:
        echo(_("Proef: {rows} rijen gelezen; {created} zouden worden aangemaakt, "
               "{existing} waren er al. Er is niets opgeslagen.").format(
                  rows=report.rows, created=report.created, existing=report.existing))
    else:
        echo(_("{rows} rijen gelezen; {created} aangemaakt, {existing} waren er al.")
             .format(rows=report.rows, created=report.created, existing=report.existing))
