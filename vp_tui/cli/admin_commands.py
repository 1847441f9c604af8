"""Administration: SSH keys of advisers, the idle-lock setting, and the audit trail."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import click

from vp_tui.cli.base import cli, echo, require_session
from vp_tui.cli.types import Date, FilePath, Integer
from vp_tui.i18n import N_, _, fmt_number
from vp_tui.services.identity import PROGRAM


def _program_path() -> str:
    """The absolute path of this vp-tui, so the forced command does not depend on sshd's PATH."""
    here = Path(sys.argv[0])
    if here.name == PROGRAM and here.is_file():
        return str(here.resolve())
    return shutil.which(PROGRAM) or PROGRAM


@cli.group(help=N_(
    "Beheer: SSH-sleutels van adviseurs en instellingen (alleen beheerders)."))
def admin() -> None:
    pass


@admin.command("ssh-line", help=N_(
    "Print de regel voor ~/.ssh/authorized_keys die sleutel PUBKEY aan ADVISER bindt."))
@click.argument("adviser")
@click.argument("pubkey", type=FilePath(exists=True, dir_okay=False, path_type=Path))
@click.option("--program", help=N_("Pad van vp-tui op de server (standaard: dit programma)."))
@click.pass_context
def ssh_line(ctx: click.Context, adviser: str, pubkey: Path, program: str | None) -> None:
    from vp_tui.services.sshkeys import authorized_keys_line

    session = require_session(ctx)
    db_path = str(Path(ctx.find_root().obj["db"]).resolve())
    echo(authorized_keys_line(session.ctx, adviser, pubkey.read_bytes(),
                              program or _program_path(), db_path))


@admin.command("idle-lock", help=N_(
    "Na MINUTES minuten zonder invoer wist en vergrendelt de TUI het scherm."))
@click.argument("minutes", type=Integer())
@click.pass_context
def idle_lock(ctx: click.Context, minutes: int) -> None:
    from vp_tui.services.session import set_idle_lock_minutes

    set_idle_lock_minutes(require_session(ctx).ctx, minutes)
    echo(_("Schermvergrendeling na {n} minuten zonder invoer.").format(n=minutes))


@admin.command("agency", help=N_(
    "Het bureauprofiel op elk jaarverslag (briefhoofd, Bereikbaarheid, ondertekening): "
    "zonder opties tonen, met opties wijzigen."))
@click.option("--name", help=N_("De naam van het bureau."))
@click.option("--address", help=N_("Het adres; een regelovergang of ' | ' begint een nieuwe "
                                   "regel."))
@click.option("--phone", help=N_("Het algemene telefoonnummer."))
@click.option("--email", help=N_("Het algemene e-mailadres."))
@click.option("--website", help=N_("De website."))
@click.option("--logo", type=FilePath(exists=True, dir_okay=False, path_type=Path),
              help=N_("Het logo: een PNG- of JPEG-bestand van hoogstens 1 MB."))
@click.option("--no-logo", is_flag=True, help=N_("Haal het logo weg."))
@click.pass_context
def agency(ctx: click.Context, name: str | None, address: str | None, phone: str | None,
           email: str | None, website: str | None, logo: Path | None, no_logo: bool) -> None:
    from vp_tui.services import agency as service

    if logo is not None and no_logo:
        raise click.UsageError(_("Geef --logo of --no-logo, niet allebei."))
    session_ctx = require_session(ctx).ctx
    profile = service.read_profile(session_ctx)
    values = {key: value for key, value in (
        ("name", name), ("address", address.replace(" | ", "\n") if address else address),
        ("phone", phone), ("email", email), ("website", website)) if value is not None}
    version = profile.version
    if values:
        version = service.save_profile(session_ctx, values, version)
    if logo is not None:
        version = service.set_logo(session_ctx, service.read_logo(logo), version)
    elif no_logo:
        version = service.set_logo(session_ctx, None, version)
    if values or logo is not None or no_logo:
        echo(_("Bureauprofiel opgeslagen."))
        profile = service.read_profile(session_ctx)
    _show_profile(profile)


def _show_profile(profile) -> None:  # noqa: ANN001 - services.agency.Profile
    logo = (_("{kind}, {kb} kB").format(kind=profile.logo_kind.upper(),
                                          kb=max(1, len(profile.logo) // 1000))
            if profile.logo else _("geen"))
    for label, value in ((_("Naam"), profile.name),
                         (_("Adres"), ", ".join(profile.address.splitlines())),
                         (_("Telefoon"), profile.phone), (_("E-mail"), profile.email),
                         (_("Website"), profile.website), (_("Logo"), logo)):
        echo(f"{label + ':':<10} {value or '–'}")


@admin.command("contact", help=N_(
    "Wat klanten in het jaarverslag van adviseur ADVISER zien naast de naam: zonder opties "
    "tonen (zonder ADVISER: van iedereen), met opties wijzigen."))
@click.argument("adviser", required=False)
@click.option("--phone", help=N_("Telefoonnummer voor klanten."))
@click.option("--email", help=N_("E-mailadres voor klanten."))
@click.option("--availability", help=N_("Bereikbaarheid, bv. 'maandag tot en met donderdag'."))
@click.pass_context
def contact(ctx: click.Context, adviser: str | None, phone: str | None, email: str | None,
            availability: str | None) -> None:
    from vp_tui.services import agency as service

    session_ctx = require_session(ctx).ctx
    values = {key: value for key, value in (
        ("phone", phone), ("email", email), ("availability", availability))
        if value is not None}
    rows = service.list_contacts(session_ctx)
    if values:
        if adviser is None:
            raise click.UsageError(_("Geef de adviseur (initialen) waarvan u de gegevens "
                                     "wijzigt."))
        row = next((r for r in rows if r.initials == adviser.strip().upper()), None)
        service.save_contact(session_ctx, adviser, values, row.version if row else 0)
        echo(_("Contactgegevens opgeslagen."))
        rows = service.list_contacts(session_ctx)
    for row in rows:
        if adviser is None or row.initials == adviser.strip().upper():
            echo("  ".join(part for part in (
                f"{row.initials:<6}", row.name, row.phone or "–", row.email or "–",
                row.availability) if part))


@cli.group(help=N_(
    "Het auditlogboek: controleren en doorzoeken."))
def audit() -> None:
    pass


@audit.command("verify", help=N_(
    "Loop de hashketen na; meldt de eerste verbroken schakel (exitcode 1).\n\n"
    "Opent alleen de database, zonder adviseur: geschikt voor cron."))
@click.pass_context
def audit_verify(ctx: click.Context) -> None:
    from vp_tui.services import audit as audit_service
    from vp_tui.store import vault

    store = vault.open_store(ctx.find_root().obj["db"])
    try:
        report = audit_service.verify()
    finally:
        store.close()
    if report.ok:
        echo(_("Auditlogboek in orde: {n} gebeurtenissen, laatste hash {head}.").format(
            n=fmt_number(report.events, 0), head=report.head))
        return
    echo(_("Auditlogboek verbroken bij gebeurtenis {id}: {reason} (laatste goede hash "
           "{head}).").format(id=report.broken_at, reason=report.reason,
                              head=report.head), err=True)
    ctx.exit(1)


@audit.command("list", help=N_(
    "Toon de nieuwste gebeurtenissen (alleen beheerders)."))
@click.option("--actor", help=N_("Alleen gebeurtenissen van deze adviseur (initialen)."))
@click.option("--action",
              help=N_("Alleen deze actie, bv. case.read; 'case.*' voor een voorvoegsel."))
@click.option("--since", type=Date(),
              help=N_("Vanaf deze datum (JJJJ-MM-DD, UTC)."))
@click.option("--limit", type=Integer(min=1), default=50, show_default=True)
@click.pass_context
def audit_list(ctx: click.Context, actor: str | None, action: str | None,
               since: dt.datetime | None, limit: int) -> None:
    from vp_tui.services.audit_log import list_events

    rows = list_events(require_session(ctx).ctx, actor=actor, action=action,
                       since=since, limit=limit)
    for row in rows:
        target = f"{row.object_type}:{row.object_id}" if row.object_type else ""
        echo(f"{row.id:>7}  {row.at:%Y-%m-%d %H:%M:%S}Z  {row.actor:<8} "
             f"{row.action:<24} {target}".rstrip())
    if not rows:
        echo(_("Geen gebeurtenissen gevonden."))


@admin.command("offboard", help=N_(
    "Een adviseur vertrekt: zonder --run tonen wat ADVISER heeft; met --run de procedure "
    "uitvoeren of, na een onderbreking, hervatten (coördinator of beheerder)."))
@click.argument("adviser")
@click.option("--successor", "successors", multiple=True, metavar=N_("ORGANISATIE=INITIALEN"),
              help=N_("Opvolger per organisatie (naam of nummer); alleen INITIALEN: voor elke "
                      "organisatie die niet apart is genoemd. Meermaals te geven."))
@click.option("--keys", "keys_file", type=FilePath(dir_okay=False, path_type=Path),
              help=N_("Het authorized_keys-bestand (standaard ~/.ssh/authorized_keys)."))
@click.option("--remove-keys", is_flag=True,
              help=N_("Haal de sleutelregels van de adviseur uit dat bestand (beheerder); "
                      "anders worden ze alleen getoond."))
@click.option("--run", "execute", is_flag=True, help=N_("Voer de procedure uit of hervat haar."))
@click.pass_context
def offboard(ctx: click.Context, adviser: str, successors: tuple[str, ...],
             keys_file: Path | None, remove_keys: bool, execute: bool) -> None:
    from vp_tui.services import offboarding as service

    session_ctx = require_session(ctx).ctx
    held = service.inventory(session_ctx, adviser)
    for line in service.describe_holdings(held):
        echo(line)
    if not execute:
        return
    if held.procedure is not None and not held.procedure.finished:
        echo(_("Vertrekprocedure hervat; nog te doen: {steps}.").format(
            steps=", ".join(held.procedure.pending)))
    chosen = service.successors_by_name(session_ctx, adviser, list(successors)) \
        if successors else {}
    _state, result = service.proceed(session_ctx, adviser, chosen, keys_file=keys_file,
                                     remove_keys=remove_keys)
    for line in service.describe_result(result):
        echo(line)
