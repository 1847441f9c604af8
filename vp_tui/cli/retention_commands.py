"""Retention and the melder's rights: `vp-tui retention`, `vp-tui melder export|erase`."""

from __future__ import annotations

from pathlib import Path

import click

from vp_tui.cli.base import cli, echo, require_session, terminal_safe
from vp_tui.cli.types import FilePath, Integer
from vp_tui.i18n import N_, _, fmt_date, fmt_number


@cli.command(help=N_(
    "Bewaartermijnen: wat te vernietigen is, en de standaardtermijn van het bureau."))
@click.option("--due", is_flag=True,
              help=N_("Toon de afgesloten meldingen waarvan de bewaartermijn voorbij is; "
                   "exitcode 1 als er een is (voor cron)."))
@click.option("--all", "everyone", is_flag=True,
              help=N_("Van alle adviseurs (coördinator): alleen code, organisatie en data."))
@click.option("--within", type=Integer(0, 366), default=0, show_default=True,
              help=N_("Toon ook meldingen die binnen zoveel dagen aan de beurt zijn."))
@click.option("--set-default", "set_default", type=Integer(), metavar=N_("JAREN"),
              help=N_("Leg de standaardbewaartermijn van het bureau vast (beheerder)."))
@click.pass_context
def retention(ctx: click.Context, due: bool, everyone: bool, within: int,
              set_default: int | None) -> None:
    from vp_tui.services import retention as service

    session = require_session(ctx)
    if set_default is not None:
        service.set_default_years(session.ctx, set_default)
    if not due:
        echo(_("Standaardbewaartermijn: {n} jaar na afsluiten (per organisatie aan te "
               "passen).").format(n=service.default_years()))
        return
    cases = service.due_cases(session.ctx, everyone=everyone, within_days=within)
    today = session.ctx.today
    for case in cases:
        when = (_("te vernietigen sinds {day}") if case.due_on <= today
                else _("te vernietigen op {day}")).format(day=fmt_date(case.due_on))
        echo(f"{case.code}  {case.owner:<5} {case.organisation} — " + _(
            "afgesloten {closed}, termijn {years} jaar, {when}").format(
                closed=fmt_date(case.closed_on), years=case.years, when=when))
    overdue = [c for c in cases if c.due_on <= today]
    if not cases:
        echo(_("Geen meldingen te vernietigen."))
    if overdue:
        echo(_("{n} melding(en) voorbij de bewaartermijn; vernietig ze in het scherm "
               "'Te vernietigen' (toets t).").format(n=fmt_number(len(overdue), 0)), err=True)
        ctx.exit(1)


@cli.group(help=N_(
    "De rechten van de melder: inzage in en vernietiging van zijn of haar gegevens."))
def melder() -> None:
    pass


@melder.command("export", help=N_(
    "Schrijf alles wat over de melder van melding CASE is vastgelegd naar FILE (tekst)."))
@click.argument("case")
@click.argument("file", type=FilePath(dir_okay=False, path_type=Path))
@click.pass_context
def melder_export(ctx: click.Context, case: str, file: Path) -> None:
    from vp_tui.services.melder import export_melder

    path = export_melder(require_session(ctx).ctx, case, file)
    echo(_("Inzageoverzicht geschreven: {path}").format(path=path))


@melder.command("erase", help=N_(
    "Vernietig op verzoek van de melder de persoonlijke inhoud van melding CASE."))
@click.argument("case")
@click.option("--yes", is_flag=True, help=N_("Niet om bevestiging vragen."))
@click.pass_context
def melder_erase(ctx: click.Context, case: str, yes: bool) -> None:
    from vp_tui.services.melder import erase_melder

    session = require_session(ctx)
    if not yes:
        answer = click.prompt(_("Persoonlijke inhoud van melding {code} definitief vernietigen? "
                                "[j/N]").format(code=terminal_safe(case)),
                              default="n", show_default=False)
        if answer.strip().casefold() not in ("j", "ja", "y", "yes"):
            echo(_("Afgebroken; er is niets vernietigd."), err=True)
            ctx.exit(1)
    result = erase_melder(session.ctx, case)
    echo(_("Persoonlijke inhoud van melding {code} vernietigd; de anonieme gegevens "
           "blijven meetellen.").format(code=result.code))
    if not result.checkpointed:
        echo(_("Let op: een andere sessie hield het logbestand bezet; het wordt bij de "
               "volgende controle opgeschoond."), err=True)
