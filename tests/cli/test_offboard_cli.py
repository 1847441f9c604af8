"""`vp-tui admin offboard` on a real encrypted database: the inventory, a run with successors
by organisation name, the key lines, a resume, and who may."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.services.test_offboarding import keys_file, leaver_world
from vp_tui.cli import cli
from vp_tui.models import Adviser, Case, Offboarding
from vp_tui.store import vault


@pytest.fixture
def leaver_db(store, db_path: Path) -> Path:
    leaver_world()
    store.close()
    return db_path


def run(db: Path, who: str, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--as", who, "admin", "offboard", *args])


def test_without_run_it_shows_what_the_adviser_holds_and_changes_nothing(leaver_db) -> None:
    result = run(leaver_db, "KO", "MA")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Mark Aal (MA)" in out and "Open meldingen: 2" in out
    assert "2026-0501  Alfa" in out and "toestemming vastgelegd" in out
    assert "2023-0503" in out and "Alfa — vaste VP" in out
    assert "melder@example.org" not in out and "Geheime afdeling" not in out
    store = vault.open_store(leaver_db)
    try:
        assert Adviser.get(Adviser.initials == "MA").active
        assert not Offboarding.select().exists()
    finally:
        store.close()


def test_run_transfers_and_prints_the_key_lines_and_gaps(leaver_db, tmp_path: Path) -> None:
    keys = keys_file(tmp_path)
    result = run(leaver_db, "KO", "MA", "--successor", "alfa=ws", "--keys", str(keys), "--run")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2026-0501 (Alfa) is nu van WS" in out
    assert "2026-0502 (Alfa) wacht op toestemming van de melder; WS vraagt die" in out
    assert f"Verwijder deze regel(s) uit {keys}:" in out and "ma@tablet" in out
    assert "ve@laptop" not in out
    assert "onvolledig" in out and "geen man beschikbaar" in out
    again = run(leaver_db, "KO", "MA", "--run")
    assert again.exit_code == 0 and "afgerond" in again.output
    store = vault.open_store(leaver_db)
    try:
        assert not Adviser.get(Adviser.initials == "MA").active
        assert Case.get(Case.code == "2026-0501").owner.initials == "WS"
        assert Offboarding.select().count() == 1
    finally:
        store.close()


def test_an_unknown_organisation_or_a_missing_successor_is_one_line(leaver_db) -> None:
    result = run(leaver_db, "KO", "MA", "--successor", "Gamma=WS", "--run")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "fout: Gamma is geen organisatie van MA; kies uit: Alfa.")
    result = run(leaver_db, "KO", "MA", "--run")
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        2, "fout: Kies een opvolger voor Alfa.")


def test_only_coordinators_and_admins_and_removing_keys_is_for_admins(leaver_db,
                                                                     tmp_path: Path) -> None:
    assert run(leaver_db, "VE", "MA").exit_code == 3
    keys = keys_file(tmp_path)
    refused = run(leaver_db, "KO", "MA", "--successor", "WS", "--keys", str(keys),
                  "--remove-keys", "--run")
    assert refused.exit_code == 3 and "beheerder" in refused.output
    done = run(leaver_db, "AD", "MA", "--successor", "WS", "--keys", str(keys),
               "--remove-keys", "--run")
    assert done.exit_code == 0, done.output
    assert "2 sleutelregel(s) verwijderd" in done.output
    assert "ma@" not in keys.read_text("utf-8")
    assert keys.stat().st_mode & 0o777 == 0o600


def test_the_successor_lists_asks_and_accepts_or_declines(leaver_db) -> None:
    assert run(leaver_db, "KO", "MA", "--successor", "WS", "--run").exit_code == 0

    def transfer(*args: str):
        return CliRunner().invoke(cli, ["--db", str(leaver_db), "--as", "WS", "transfer", *args])

    listed = transfer("list")
    assert listed.exit_code == 0, listed.output
    assert listed.output.startswith("2026-0502  Alfa — gemeld 2 november 2026, van MA sinds ")
    assert "contact: melder@example.org" in listed.output
    assert "Geheime afdeling" not in listed.output and "2026-0501" not in listed.output
    wrong = transfer("accept", "2026-0501")
    assert wrong.exit_code == 4 and "2026-0501" in wrong.output
    accepted = transfer("accept", "2026-0502")
    assert accepted.exit_code == 0, accepted.output
    assert "nu van u" in accepted.output
    assert transfer("list").output == "Geen meldingen die op toestemming wachten.\n"
    store = vault.open_store(leaver_db)
    try:
        case = Case.get(Case.code == "2026-0502")
        assert (case.owner.initials, case.consent_recorded) == ("WS", True)
    finally:
        store.close()
