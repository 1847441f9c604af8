"""The click group and what every command shares: the database path and the acting adviser."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click

from vp_tui.config import default_db_path
from vp_tui.i18n import set_language


@click.group(invoke_without_command=True)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Databasebestand (standaard: VP_TUI_DB of de gebruikersmap).")
@click.option("--as", "as_initials", metavar="INITIALEN",
              help="De handelende adviseur (standaard: gekoppeld aan de OS-gebruiker).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Taal van de interface.")
@click.version_option(package_name="vp-tui")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, as_initials: str | None, lang: str) -> None:
    """vp-tui: registratie voor externe vertrouwenspersonen. Zonder commando start de TUI."""
    set_language(lang)
    ctx.obj = {"db": db_path or default_db_path(), "as": as_initials}
    if ctx.invoked_subcommand is None:
        from vp_tui.services.session import open_session

        with session_from(ctx, open_session) as session:
            run_tui(session)


@contextmanager
def session_from(ctx: click.Context, opener):
    session = opener(ctx.obj["db"], ctx.obj["as"])
    try:
        yield session
    finally:
        session.close()


def run_tui(session) -> None:
    from vp_tui.app import VpApp

    VpApp(session).run()
