"""`vp-tui transfer`: the successor's side of an adviser's leaving (services/offboarding.py):
cases passed on without the melder's consent, to ask and then accept or decline."""

from __future__ import annotations

import datetime as dt

import click

from vp_tui.cli.base import cli, echo, require_session, terminal_safe
from vp_tui.cli.types import Date
from vp_tui.i18n import N_, _, fmt_date


@cli.group(help=N_(
    "Meldingen die u van een vertrokken adviseur krijgt zodra de melder toestemming geeft."))
def transfer() -> None:
    pass


@transfer.command("list", help=N_(
    "Toon de meldingen die op de toestemming van de melder wachten, met alleen wat nodig is "
    "om het te vragen: code, organisatie, datum van de melding en contactgegevens "
    "(elke inzage komt in het auditlogboek)."))
@click.pass_context
def transfer_list(ctx: click.Context) -> None:
    from vp_tui.services.offboarding import waiting_transfers

    rows = waiting_transfers(require_session(ctx).ctx)
    for row in rows:
        echo(_("{code}  {org} — gemeld {opened}, van {who} sinds {since}; contact: {contact}")
             .format(code=row.code, org=row.organisation, opened=fmt_date(row.opened_on),
                     who=row.from_adviser, since=fmt_date(row.since),
                     contact=" / ".join(row.contact.splitlines()) or "–"))
    if not rows:
        echo(_("Geen meldingen die op toestemming wachten."))


def _waiting_id(session_ctx, code: str) -> int:  # noqa: ANN001 - services.context.Context
    from vp_tui.errors import NotFound
    from vp_tui.services.offboarding import waiting_transfers

    for row in waiting_transfers(session_ctx, with_contact=False):
        if row.code == code.strip():
            return row.id
    raise NotFound(_("Geen melding {code} die op uw vraag om toestemming wacht.").format(
        code=terminal_safe(code)))


@transfer.command("accept", help=N_(
    "De melder van CASE geeft toestemming: die wordt vastgelegd en de melding is van u."))
@click.argument("case")
@click.option("--on", "day", type=Date(), help=N_("Datum van de toestemming (standaard vandaag)."))
@click.pass_context
def transfer_accept(ctx: click.Context, case: str, day: dt.date | None) -> None:
    from vp_tui.services.offboarding import accept_transfer

    session_ctx = require_session(ctx).ctx
    accept_transfer(session_ctx, _waiting_id(session_ctx, case), day)
    echo(_("Toestemming vastgelegd; melding {code} is nu van u.").format(code=case.strip()))


@transfer.command("decline", help=N_(
    "De melder van CASE wil geen andere vertrouwenspersoon: de melding wordt afgesloten "
    "('geen actie gewenst') zonder dat u haar inziet."))
@click.argument("case")
@click.option("--on", "day", type=Date(), help=N_("Datum van het antwoord (standaard vandaag)."))
@click.pass_context
def transfer_decline(ctx: click.Context, case: str, day: dt.date | None) -> None:
    from vp_tui.services.offboarding import decline_transfer

    session_ctx = require_session(ctx).ctx
    decline_transfer(session_ctx, _waiting_id(session_ctx, case), day)
    echo(_("Melding {code} afgesloten; zij blijft tot haar vernietiging bij de vertrokken "
           "adviseur.").format(code=case.strip()))
