"""Retention and the melder's rights: `vp-tui retention`, `vp-tui melder export|erase`."""

from __future__ import annotations

from pathlib import Path

import click

from vp_tui.cli.base import cli, echo, require_session, terminal_safe
from vp_tui.i18n import _, fmt_date


@cli.command()
@click.option("--due", is_flag=True,
              help="Toon de afgesloten meldingen waarvan de bewaartermijn voorbij is; "
                   "exitcode 1 als er een is (voor cron).")
@click.option("--all", "everyone", is_flag=True,
              help="Van alle adviseurs (coördinator): alleen code, organisatie en data.")
@click.option("--within", type=click.IntRange(0, 366), default=0, show_default=True,
              help="Toon ook meldingen die binnen zoveel dagen aan de beurt zijn.")
@click.option("--set-default", "set_default", type=int, metavar="JAREN",
              help="Leg de standaardbewaartermijn van het bureau vast (beheerder).")
@click.pass_context
def retention(ctx: click.Context, due: bool, everyone: bool, within: int,
              set_default: int | None) -> None:
    """Bewaartermijnen: wat te vernietigen is, en de standaardtermijn van het bureau."""
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
               "'Te vernietigen' (toets t).").format(n=len(overdue)), err=True)
        ctx.exit(1)


@cli.group()
def melder() -> None:
    """De rechten van de melder: inzage in en vernietiging van zijn of haar gegevens."""


@melder.command("export")
@click.argument("case")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def melder_export(ctx: click.Context, case: str, file: Path) -> None:
    """Schrijf alles wat over de melder van melding CASE is vastgelegd naar FILE (tekst)."""
    from vp_tui.services.melder import export_melder

    path = export_melder(require_session(ctx).ctx, case, file)
    echo(_("Inzageoverzicht geschreven: {path}").format(path=path))


@melder.command("erase")
@click.argument("case")
@click.option("--yes", is_flag=True, help="Niet om bevestiging vragen.")
@click.pass_context
def melder_erase(ctx: click.Context, case: str, yes: bool) -> None:
    """Vernietig op verzoek van de melder de persoonlijke inhoud van melding CASE."""
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
