"""Administration: SSH keys of advisers, the idle-lock setting, and the audit trail."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import click

from vp_tui.cli.base import cli, echo, require_session
from vp_tui.cli.types import Date, FilePath, Integer
from vp_tui.i18n import N_, _
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
            n=report.events, head=report.head))
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
