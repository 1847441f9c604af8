"""Planning from the command line: coverage gaps (for cron) and the schedule as iCalendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from vp_tui.cli.base import cli, echo, echo_json, require_session
from vp_tui.cli.types import Date, FilePath, Integer
from vp_tui.files import write_private
from vp_tui.i18n import N_, _, fmt_date, fmt_number
from vp_tui.models.enums import DAY_PARTS, GAP_KINDS


def _gap_line(gap) -> str:  # noqa: ANN001 - services.coverage.Gap
    kind = GAP_KINDS.label(gap.kind)
    if gap.day_part != "dag":
        kind += f" ({DAY_PARTS.label(gap.day_part)})"
    return f"{gap.day.isoformat()}  {gap.organisation}  {kind}"


@cli.command(help=N_(
    "Toon de dagen waarop een organisatie onbezet of onvolledig is; exit 1 bij een tekort."))
@click.option("--from", "start", type=Date(), default=None,
              help=N_("Eerste dag, JJJJ-MM-DD (standaard: vandaag)."))
@click.option("--weeks", type=Integer(1, 53), default=4, show_default=True,
              help=N_("Aantal weken."))
@click.option("--json", "as_json", is_flag=True, help=N_("Uitvoer als JSON."))
@click.pass_context
def coverage(ctx: click.Context, start: dt.datetime | None, weeks: int, as_json: bool) -> None:
    from vp_tui.services.coverage import coverage as compute

    session = require_session(ctx)
    result = compute(session.ctx, start or session.ctx.today, weeks)
    if as_json:
        echo_json({
            "from": result.start.isoformat(),
            "to": result.end.isoformat(),
            "working_days": len(result.days),
            "gaps": [{"organisation_id": g.organisation_id, "organisation": g.organisation,
                      "date": g.day.isoformat(), "kind": g.kind, "day_part": g.day_part,
                      "missing": list(g.missing)} for g in result.gaps],
        })
    elif result.gaps:
        echo(_("{n} tekorten van {start} tot en met {end}:").format(
            n=fmt_number(len(result.gaps), 0), start=fmt_date(result.start),
            end=fmt_date(result.end)))
        for gap in result.gaps:
            echo(_gap_line(gap))
    else:
        echo(_("Geen tekorten van {start} tot en met {end}.").format(
            start=fmt_date(result.start), end=fmt_date(result.end)))
    if result.gaps:
        ctx.exit(1)


@cli.command(help=N_(
    "Schrijf afwezigheid en vervanging als agenda voor Outlook of Google Agenda, zonder "
    "redenen van afwezigheid."))
@click.option("--ics", "target", required=True,
              type=FilePath(dir_okay=False, writable=True, allow_dash=True, path_type=Path),
              help=N_("Het iCalendar-bestand dat geschreven wordt (wordt vervangen); "
                      "- voor stdout."))
@click.option("--adviser", metavar=N_("INITIALEN"),
              help=N_("Alleen het rooster van deze adviseur."))
@click.option("--with-reasons", is_flag=True,
              help=N_("Met de reden en notitie van elke afwezigheid (alleen coördinator; de "
                   "bestandsnaam moet 'met-redenen' bevatten)."))
@click.pass_context
def schedule(ctx: click.Context, target: Path, adviser: str | None,
             with_reasons: bool) -> None:
    from vp_tui.services import schedule as service

    session_ctx = require_session(ctx).ctx
    if with_reasons:
        service.require_reasons_allowed(session_ctx)
        service.check_reasons_target(target.name if str(target) != "-" else "-")
    data = service.schedule_ics(session_ctx, adviser, with_reasons)
    if str(target) == "-":
        click.get_binary_stream("stdout").write(data)
        return
    write_private(target, data)
    echo(_("Rooster geschreven: {path}").format(path=target))
