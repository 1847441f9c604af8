"""Creating the database, the demo, key custody and backups."""

from __future__ import annotations

import os
from pathlib import Path

import click

from vp_tui.cli.base import cli, echo, run_tui
from vp_tui.cli.types import Choice, FilePath
from vp_tui.i18n import N_, _
from vp_tui.store import vault

PASSPHRASE_ENV = "VP_TUI_RECOVERY_PASSPHRASE"


def _passphrase(confirm: bool) -> str:
    """From VP_TUI_RECOVERY_PASSPHRASE for scripts, else asked twice without echo."""
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    while True:
        passphrase = click.prompt(_("Wachtzin"), hide_input=True)
        if not confirm or click.prompt(_("Herhaal de wachtzin"), hide_input=True) == passphrase:
            return passphrase
        echo(_("De twee wachtzinnen verschillen; probeer het opnieuw."), err=True)


@cli.command(help=N_(
    "Maak een nieuwe versleutelde database; de sleutel gaat naar de keyring."))
@click.option("--name", help=N_("Naam van de eerste beheerder/adviseur."))
@click.option("--initials", help=N_("Initialen van de eerste beheerder/adviseur."))
@click.option("--gender", type=Choice(["m", "v", "x"]), default="x", show_default=True)
@click.option("--os-user", help=N_("OS-gebruiker die zonder --as deze adviseur is."))
@click.pass_context
def init(ctx: click.Context, name: str | None, initials: str | None, gender: str,
         os_user: str | None) -> None:
    from vp_tui.services.advisers import add_adviser

    path: Path = ctx.obj["db"]
    store = vault.create(path)
    try:
        if name and initials:
            add_adviser(None, name, initials, gender, role="admin", is_adviser=True,
                        os_user=os_user)
    finally:
        store.close()
    echo(_("Database gemaakt: {path} (id {db_id}).").format(path=path, db_id=store.db_id))
    echo(_("Maak nu een herstelbestand: vp-tui key export-recovery HERSTELBESTAND"))


@cli.command(help=N_(
    "Start de TUI op een tijdelijke database met voorbeeldgegevens (geen keyring nodig)."))
def demo() -> None:
    from vp_tui.cli import base
    from vp_tui.services.session import open_demo

    base.require_terminal()
    session = open_demo()
    try:
        run_tui(session)
    finally:
        session.close()


@cli.group(help=N_(
    "Sleutelbeheer: herstelbestand, herstel, rotatie."))
def key() -> None:
    pass


@key.command("export-recovery", help=N_(
    "Schrijf de sleutel, versleuteld met een wachtzin, naar TARGET."))
@click.argument("target", type=FilePath(dir_okay=False, path_type=Path))
@click.pass_context
def export_recovery(ctx: click.Context, target: Path) -> None:
    if target.exists():
        raise click.UsageError(_("{path} bestaat al.").format(path=target))
    store = vault.open_store(ctx.obj["db"])
    try:
        vault.export_recovery(store, target, _passphrase(confirm=True))
    finally:
        store.close()
    echo(_("Herstelbestand geschreven: {path}. Bewaar het los van de server.").format(
        path=target))


@key.command("import-recovery", help=N_(
    "Zet de sleutel uit herstelbestand SOURCE terug in de keyring (na controle)."))
@click.argument("source", type=FilePath(dir_okay=False, path_type=Path))
@click.pass_context
def import_recovery(ctx: click.Context, source: Path) -> None:
    db_id = vault.import_recovery(ctx.obj["db"], source, _passphrase(confirm=False))
    echo(_("Sleutel hersteld in de keyring voor database {db_id}.").format(db_id=db_id))


@key.command(help=N_(
    "Versleutel de database opnieuw met een nieuwe sleutel (PRAGMA rekey)."))
@click.option("--recovery", "recovery_out", type=FilePath(dir_okay=False, path_type=Path),
              help=N_("Schrijf meteen een nieuw herstelbestand."))
@click.pass_context
def rotate(ctx: click.Context, recovery_out: Path | None) -> None:
    if recovery_out is not None and recovery_out.exists():
        raise click.UsageError(_("{path} bestaat al.").format(path=recovery_out))
    passphrase = _passphrase(confirm=True) if recovery_out else None
    store = vault.rotate(vault.open_store(ctx.obj["db"]))
    try:
        if recovery_out is not None and passphrase is not None:
            vault.export_recovery(store, recovery_out, passphrase)
    finally:
        store.close()
    echo(_("Nieuwe sleutel actief."))
    if recovery_out is None:
        echo(_("Let op: oude herstelbestanden openen alleen oudere back-ups. Maak een "
               "nieuw herstelbestand met 'vp-tui key export-recovery'."))


@cli.command(help=N_(
    "Maak een consistente, versleutelde back-up naar DEST (of controleer er een)."))
@click.argument("dest", type=FilePath(dir_okay=False, path_type=Path))
@click.option("--verify", "verify_only", is_flag=True,
              help=N_("Controleer de back-up DEST in plaats van er een te maken."))
@click.pass_context
def backup(ctx: click.Context, dest: Path, verify_only: bool) -> None:
    if verify_only:
        report = vault.verify_backup(dest)
    else:
        store = vault.open_store(ctx.obj["db"])
        try:
            vault.backup(store, dest)
        finally:
            store.close()
        report = vault.verify_backup(dest, None)
    echo(_("Back-up in orde: {path} (database {db_id}, schema {v}, {t} tabellen).").format(
        path=report.path, db_id=report.db_id, v=report.schema_version, t=report.tables))
