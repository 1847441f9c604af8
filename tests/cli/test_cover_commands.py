"""`vp-tui cover add|list|remove`, `coverage --suggest`, the coverage text and JSON people act
on, and `import covers` from the command line, on a real encrypted database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests import planning_world
from tests.services.importfiles import write_csv
from vp_tui.cli import cli
from vp_tui.models import Organisation
from vp_tui.services.absences import AbsenceForm, record_absence

MON = dt.date(2026, 12, 14)
TUE, WED, THU, FRI = (MON + dt.timedelta(days=n) for n in range(1, 5))


@pytest.fixture
def world_db(store, db_path: Path) -> Path:
    """Alfa (MA man, VE woman): MA away on the mornings of Tuesday and Wednesday, VE away all
    Wednesday. Beta (MO) closes on Goede Vrijdag; MO away all week."""
    world = planning_world.build()
    ko = world.ctx("KO")
    a = world.advisers
    record_absence(ko, AbsenceForm(a["MA"], "cursus", TUE, WED, "ochtend"))
    record_absence(ko, AbsenceForm(a["VE"], "vakantie", WED, WED))
    record_absence(ko, AbsenceForm(a["MO"], "vakantie", MON, FRI))
    Organisation.update(days_off="goede_vrijdag").where(Organisation.id == world.beta).execute()
    store.close()
    return db_path


def run(db: Path, *args: str, who: str = "KO"):
    return CliRunner().invoke(cli, ["--db", str(db), "--as", who, *args])


def test_the_text_names_the_missing_gender_and_the_other_half(world_db: Path) -> None:
    result = run(world_db, "coverage", "--from", "2026-12-14", "--weeks", "1")
    assert result.exit_code == 1, result.output
    assert [line for line in result.output.splitlines() if "Alfa" in line] == [
        "2026-12-15  Alfa  onvolledig (ochtend): geen man beschikbaar; middag bezet",
        "2026-12-16  Alfa  onbezet (ochtend); middag ook onvolledig: geen vrouw beschikbaar",
    ]


def test_the_json_carries_the_other_half_and_the_clients_days_off(world_db: Path) -> None:
    result = run(world_db, "coverage", "--from", "2027-03-22", "--weeks", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["closed"] == [{"organisation_id": 2, "organisation": "Beta",
                               "date": "2027-03-26", "name": "Goede vrijdag"}]
    assert data["working_days"] == 5  # the agency works on Goede Vrijdag
    wednesday = run(world_db, "coverage", "--from", "2026-12-16", "--weeks", "1", "--json")
    gap = next(g for g in json.loads(wednesday.output)["gaps"] if g["organisation"] == "Alfa")
    assert (gap["kind"], gap["day_part"], gap["missing"], gap["other_half"]) == (
        "onbezet", "ochtend", ["m", "v"],
        {"day_part": "middag", "kind": "onvolledig", "missing": ["v"]})
    assert "suggestions" not in gap


def test_suggest_prints_the_proposals_of_the_tui(world_db: Path) -> None:
    result = run(world_db, "coverage", "--from", "2026-12-14", "--weeks", "1", "--suggest")
    lines = result.output.splitlines()
    first = lines.index("2026-12-14  Beta  onbezet")
    # The service's ranking: none knows Beta, then the lower open caseload, then the name.
    assert lines[first + 1:first + 8] == [
        "    voorstel: MA Mark Aal (man, nieuw bij de organisatie, 0 open meldingen)",
        "    voorstel: VE Vera Eik (vrouw, nieuw bij de organisatie, 0 open meldingen)",
        "    voorstel: VI Vik Ipe (vrouw, nieuw bij de organisatie, 0 open meldingen)",
        "    voorstel: WS Wil Ster (vrouw, nieuw bij de organisatie, 0 open meldingen)",
        "    voorstel: PK Piet Kwak (man, nieuw bij de organisatie, 1 open meldingen)",
        "    voorstel: NN Nico Nes (man, nieuw bij de organisatie, 2 open meldingen)",
        "2026-12-15  Alfa  onvolledig (ochtend): geen man beschikbaar; middag bezet",
    ]
    alfa = lines.index("2026-12-15  Alfa  onvolledig (ochtend): geen man beschikbaar; "
                       "middag bezet")
    # A man without a conflict of interest (VI has one), NN knows Alfa.
    assert lines[alfa + 1].startswith("    voorstel: NN Nico Nes (man, kent de organisatie")
    data = json.loads(run(world_db, "coverage", "--from", "2026-12-14", "--weeks", "1",
                          "--suggest", "--json").output)
    beta = next(g for g in data["gaps"] if g["organisation"] == "Beta")
    assert [s["initials"] for s in beta["suggestions"]] == ["MA", "VE", "VI", "WS", "PK", "NN"]
    assert beta["suggestions"][0] == {"initials": "MA", "name": "Mark Aal", "gender": "m",
                                      "known": False, "open_cases": 0}


def test_cover_add_list_and_remove(world_db: Path) -> None:
    added = run(world_db, "cover", "add", "MO", "beta", "pk", "--from", "2026-12-14",
                "--to", "2026-12-18")
    assert added.exit_code == 0, added.output
    assert added.output == ("Vervanging 1 vastgelegd: PK Piet Kwak vervangt MO Mo Olm bij "
                            "Beta van 14-12-2026 tot en met 18-12-2026.\n")
    again = run(world_db, "cover", "add", "MO", "Beta", "PK", "--from", "2026-12-14",
                "--to", "2026-12-18")
    assert again.exit_code == 0 and again.output.startswith("Vervanging 1 bestond al: ")
    gaps = run(world_db, "coverage", "--from", "2026-12-14", "--weeks", "1").output
    assert "Beta" not in gaps
    listed = run(world_db, "cover", "list", "--from", "2026-12-14", "--weeks", "1", who="VE")
    assert listed.output == "1  2026-12-14 t/m 2026-12-18  Beta  PK voor MO\n"
    refused = run(world_db, "cover", "remove", "1", who="VE")
    assert refused.exit_code != 0
    assert refused.output.strip() == (
        "fout: Alleen de afwezige adviseur of een coördinator regelt vervanging.")
    removed = run(world_db, "cover", "remove", "1", who="MO")
    assert (removed.exit_code, removed.output) == (0, "Vervanging 1 verwijderd.\n")
    assert run(world_db, "cover", "list", "--from", "2026-12-14").output.startswith(
        "Geen vervangingen van 14 december 2026")


def test_cover_add_keeps_the_rules_in_one_line(world_db: Path) -> None:
    conflict = run(world_db, "cover", "add", "MA", "Alfa", "VI", "--from", "2026-12-15")
    assert conflict.exit_code != 0
    assert conflict.output.strip() == "fout: VI heeft een belangenconflict met Alfa."
    away = run(world_db, "cover", "add", "MA", "Alfa", "NN", "--from", "2026-12-14")
    assert away.output.strip() == (
        "fout: MA is van 14 december 2026 tot en met 14 december 2026 niet afwezig; een "
        "vervanging valt binnen een afwezigheid.")
    unknown = run(world_db, "cover", "add", "MA", "Gamma", "NN", "--from", "2026-12-15")
    assert unknown.output.strip() == "fout: Onbekende organisatie: Gamma"


def test_cover_add_reports_the_man_and_woman_rule(world_db: Path) -> None:
    result = run(world_db, "cover", "add", "MA", "Alfa", "WS", "--from", "2026-12-15")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        "let op: Alfa blijft onvolledig: geen man beschikbaar op 1 werkdag(en), de eerste "
        "15 december 2026")


def test_import_covers_all_or_nothing_with_row_exact_errors(world_db: Path,
                                                           tmp_path: Path) -> None:
    header = ["vp", "organisatie", "vervanger", "begin", "eind"]
    bad = write_csv(tmp_path / "slecht.csv", [
        header, ["MO", "Beta", "PK", "2026-12-14", "2026-12-18"],
        ["MO", "Beta", "NN", "2026-12-14", "2026-12-19"]])
    result = run(world_db, "import", "covers", str(bad))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "rij 3, kolom 'begin': MO is van 14 december 2026 tot en met 19 december 2026 niet "
        "afwezig; een vervanging valt binnen een afwezigheid.",
        "fout: 1 probleem/problemen in slecht.csv; er is niets opgeslagen."]
    assert run(world_db, "cover", "list", "--from", "2026-12-14").output.startswith(
        "Geen vervangingen")
    good = write_csv(tmp_path / "goed.csv", [
        header, ["MO", "Beta", "PK", "2026-12-14", "2026-12-18"],
        ["MA", "Alfa", "WS", "2026-12-15", "2026-12-16"]])
    first = run(world_db, "import", "covers", str(good))
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        "let op: rij 3, kolom 'organisatie': Alfa blijft onvolledig: geen man beschikbaar "
        "op 2 werkdag(en), de eerste 15 december 2026",
        "2 rijen gelezen; 2 aangemaakt, 0 waren er al."]
    second = run(world_db, "import", "covers", str(good))
    assert second.output.splitlines()[-1] == "2 rijen gelezen; 0 aangemaakt, 2 waren er al."
