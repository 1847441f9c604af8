"""`vp-tui import`, `vp-tui retention` and `vp-tui melder` on a real encrypted database."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import TODAY
from tests.services.importfiles import write_csv
from vp_tui.cli import cli
from vp_tui.services import demo
from vp_tui.services.advisers import add_adviser
from vp_tui.store import vault


@pytest.fixture
def demo_db(store, db_path: Path) -> Path:
    demo.generate(TODAY)
    store.close()
    return db_path


def run(db: Path, *args: str, who: str = "ADV", input: str | None = None):
    return CliRunner().invoke(cli, ["--db", str(db), "--as", who, *args], input=input)


HEADER = ["organisatie", "vp", "datum_melding", "soort", "categorieen"]


def test_import_dry_run_then_real_run_then_again(demo_db: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [HEADER, ["Gemeente Zuidvliet", "ADV", "2026-01-05",
                                                   "oo", "pesten"]])
    dry = run(demo_db, "import", "cases", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "1 zouden worden aangemaakt" in dry.stdout and "niets opgeslagen" in dry.stdout
    real = run(demo_db, "import", "cases", str(path))
    assert (real.exit_code, real.stdout) == (0, "1 rijen gelezen; 1 aangemaakt, 0 waren er al.\n")
    again = run(demo_db, "import", "cases", str(path))
    assert again.stdout == "1 rijen gelezen; 0 aangemaakt, 1 waren er al.\n"


def test_import_problems_go_to_stderr_one_per_line_with_exit_2(demo_db: Path, tmp_path: Path
                                                               ) -> None:
    path = write_csv(tmp_path / "m.csv", [HEADER, ["Gemeente Zuidvliet", "ADV", "2026-01-05",
                                                   "oo", "roddel"],
                                          ["Gemeente Noord", "ADV", "5-1-2026", "oo", "pesten"]])
    result = run(demo_db, "import", "cases", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("rij 2, kolom 'categorieen': onbekende categorie 'roddel'; "
                               "kies uit: pesten; seksuele intimidatie (seksuele_intimidatie)")
    assert lines[1].startswith("rij 3, kolom 'organisatie': onbekende organisatie "
                               "'Gemeente Noord'; bekend zijn: Bibliotheek Rivierenland;")
    assert lines[2] == "fout: 2 probleem/problemen in m.csv; er is niets opgeslagen."
    assert "Traceback" not in result.output


def test_import_of_an_unknown_kind_or_missing_file_is_one_line(demo_db: Path, tmp_path: Path
                                                               ) -> None:
    result = run(demo_db, "import", "melders", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and result.stderr.startswith("fout: Onbekende soort import")
    result = run(demo_db, "import", "cases", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and "Bestand niet gevonden" in result.stderr


def test_retention_due_exits_1_when_a_case_is_overdue(demo_db: Path) -> None:
    result = run(demo_db, "retention", "--due")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(
        "2025-0006  ADV   Gemeente Zuidvliet — afgesloten 29 april 2025, termijn 1 jaar, "
        "te vernietigen sinds 29 april 2026")
    assert "2 melding(en) voorbij de bewaartermijn" in result.stderr


def test_retention_due_exits_0_when_nothing_is_due(demo_db: Path, tmp_path: Path) -> None:
    store = vault.open_store(demo_db)
    add_adviser(None, "Nieuw", "NW", "x")
    store.close()
    result = run(demo_db, "retention", "--due", who="NW")
    assert (result.exit_code, result.stdout) == (0, "Geen meldingen te vernietigen.\n")


def test_retention_default_is_shown_and_set_by_an_admin(demo_db: Path) -> None:
    assert run(demo_db, "retention").stdout.startswith("Standaardbewaartermijn: 2 jaar")
    refused = run(demo_db, "retention", "--set-default", "3")
    assert refused.exit_code == 3 and "beheerder" in refused.stderr


def test_melder_export_and_erase(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "inzage.txt"
    result = run(demo_db, "melder", "export", "2025-0006", str(target))
    assert result.exit_code == 0, result.output
    assert "Melderscode:" in target.read_text(encoding="utf-8")
    refused = run(demo_db, "melder", "export", "2025-0006", str(tmp_path / "b.txt"), who="BJ")
    assert refused.exit_code == 3 and not (tmp_path / "b.txt").exists()
    aborted = run(demo_db, "melder", "erase", "2025-0006", input="\n")
    assert aborted.exit_code == 1 and "niets vernietigd" in aborted.stderr
    erased = run(demo_db, "melder", "erase", "2025-0006", input="j\n")
    assert erased.exit_code == 0, erased.output
    assert "vernietigd" in erased.stdout
    again = run(demo_db, "melder", "erase", "2025-0006", "--yes")
    assert again.exit_code == 2 and "al vernietigd" in again.stderr
