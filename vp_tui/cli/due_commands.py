"""`vp-tui due`: what falls due, for cron."""

from __future__ import annotations

import click

from vp_tui.cli.base import cli, echo, echo_json, require_session
from vp_tui.cli.types import Integer
from vp_tui.i18n import N_, _

#: Exit codes: nothing due (and nothing printed), something overdue, something due soon only
#: (2 to 6 are the errors of vp_tui.errors).
NOTHING_DUE, OVERDUE, DUE_SOON = 0, 1, 10


@cli.command(help=N_(
    "Wat binnen --days dagen afloopt (en wat over tijd is): Wbk-termijnen, afspraken, "
    "meldingen zonder contact, bewaartermijnen en overdrachten. Alleen codes en data, geen "
    "inhoud. Exitcode 0: niets, 1: iets is over tijd, 10: alleen iets binnenkort; zonder iets "
    "af te lopen drukt het niets af (cron mailt dan niet)."))
@click.option("--days", type=Integer(0, 366), default=7, show_default=True,
              help=N_("Hoeveel dagen vooruit."))
@click.option("--adviser", metavar=N_("INITIALEN"),
              help=N_("Van deze adviseur (coördinator)."))
@click.option("--all", "everyone", is_flag=True,
              help=N_("Van iedere actieve adviseur (coördinator)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Als JSON (een lijst, leeg: [])."))
@click.pass_context
def due(ctx: click.Context, days: int, adviser: str | None, everyone: bool,
        as_json: bool) -> None:
    from vp_tui.services import due as service

    session = require_session(ctx)
    today = session.ctx.today
    items = service.due(session.ctx, days, adviser=adviser, everyone=everyone)
    if as_json:
        echo_json([{"adviseur": i.adviser, "code": i.code, "soort": i.kind,
                    "datum": i.due_on.isoformat(), "over_tijd": i.overdue,
                    "dagen": (i.due_on - today).days} for i in items])
    else:
        for i in items:
            left = (i.due_on - today).days
            when = (_("{n} dagen over tijd").format(n=-left) if left < 0
                    else _("vandaag") if left == 0 else _("over {n} dagen").format(n=left))
            echo(f"{i.adviser:<6} {i.code:<12} {i.due_on.isoformat()}  "
                 f"{_(service.KINDS[i.kind])} ({when})")
    if any(i.overdue for i in items):
        ctx.exit(OVERDUE)
    if items:
        ctx.exit(DUE_SOON)
