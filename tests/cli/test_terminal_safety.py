"""The CLI never prints stored text raw: an organisation named with escape sequences must not
clear the screen or retitle the terminal, and Rich-style markup prints literally. Files the
CLI exports (CSV, iCalendar) carry no control characters either."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests import planning_world, report_world
from tests.report_world import YEAR
from vp_tui.cli import cli
from vp_tui.models import Organisation

#: Clears the screen, sets the window title, and an 8-bit CSI; then markup that must stay.
EVIL = "\x1b[2J\x1b]0;pwned\x07Evil\x9b [red]x[/red]"
SHOWN = "Evil [red]x[/red]"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def assert_safe(text: str) -> None:
    assert not CONTROL.search(text.replace("\r\n", "\n")), repr(text)
    assert "pwned" not in text and "u001b" not in text, repr(text)


def run(db: Path, who: str, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--as", who, *args])


@pytest.fixture
def report_db(store, db_path: Path) -> Path:
    world = report_world.build()
    Organisation.update(name=EVIL + " Proef").where(Organisation.id == world.proef).execute()
    store.close()
    return db_path


@pytest.fixture
def planning_db(store, db_path: Path) -> Path:
    """Beta (renamed) has a gap in the week of 21 December; Alfa (renamed) gets a cover."""
    from vp_tui.services.absences import AbsenceForm, record_absence
    from vp_tui.services.coverage import add_cover

    world = planning_world.build()
    ko, a = world.ctx("KO"), world.advisers
    day = dt.date(2026, 12, 22)
    record_absence(ko, AbsenceForm(a["MO"], "ziek", day, day, note=EVIL))
    ma = record_absence(ko, AbsenceForm(a["MA"], "cursus", day, day, "ochtend"))
    add_cover(ko, ma, world.alfa, a["NN"], day, day)
    Organisation.update(name=EVIL + " Beta").where(Organisation.id == world.beta).execute()
    Organisation.update(name=EVIL + " Alfa").where(Organisation.id == world.alfa).execute()
    store.close()
    return db_path


def test_stats_text(report_db: Path) -> None:
    result = run(report_db, "BJ", "stats", "proef", "--year", str(YEAR))
    assert result.exit_code == 0, result.output
    assert_safe(result.output)
    assert result.output.splitlines()[0] == f"{SHOWN} Proef — {YEAR}"


def test_stats_json(report_db: Path) -> None:
    result = run(report_db, "BJ", "stats", "proef", "--year", str(YEAR), "--json")
    assert result.exit_code == 0, result.output
    assert_safe(result.output)
    assert json.loads(result.output)["organisation"] == f"{SHOWN} Proef"


def test_several_matches_error(report_db: Path) -> None:
    from vp_tui.store import vault

    store = vault.open_store(report_db)
    Organisation.update(name=EVIL + " Leeg").where(Organisation.name == "Leeg B.V.").execute()
    store.close()
    result = run(report_db, "BJ", "stats", "evil", "--year", str(YEAR))
    assert result.exit_code == 2
    assert_safe(result.output)
    assert result.output.splitlines() == [
        f"fout: 'evil' past op meerdere organisaties: {SHOWN} Proef, {SHOWN} Leeg."]


def test_typed_text_in_an_error_is_one_safe_line(report_db: Path) -> None:
    result = run(report_db, "BJ", "stats", "x\x1b]0;pwned\x07\nfout: nep", "--year", str(YEAR))
    assert result.exit_code == 4
    assert_safe(result.output)
    assert result.output.splitlines() == ["fout: Organisatie 'x fout: nep' niet gevonden."]


def test_export_figures_csv(report_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "cijfers.csv"
    result = run(report_db, "KO", "export", "figures", "--year", str(YEAR), str(target))
    assert result.exit_code == 0, result.output
    text = target.read_bytes().decode("utf-8-sig")
    assert_safe(text)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert f"{SHOWN} Proef" in {r[0] for r in rows}


def test_coverage_text_and_json(planning_db: Path) -> None:
    result = run(planning_db, "KO", "coverage", "--from", "2026-12-21", "--weeks", "1")
    assert result.exit_code == 1, result.output
    assert_safe(result.output)
    assert f"2026-12-22  {SHOWN} Beta  onbezet" in result.output
    result = run(planning_db, "KO", "coverage", "--from", "2026-12-21", "--weeks", "1",
                 "--json")
    assert result.exit_code == 1, result.output
    assert_safe(result.output)
    assert {g["organisation"] for g in json.loads(result.output)["gaps"]} == {
        f"{SHOWN} Beta"}


def test_schedule_ics(planning_db: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    target = tmp_path / "rooster-met-redenen.ics"
    result = run(planning_db, "KO", "schedule", "--ics", str(target), "--with-reasons")
    assert result.exit_code == 0, result.output
    data = target.read_bytes().decode("utf-8")
    assert_safe(data.replace("\r\n", "\n"))
    summaries = {str(e["summary"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    assert f"Vervanging {SHOWN} Alfa: NN voor MA" in summaries
    assert str(summaries["Afwezig: Mo Olm (ziek)"]["description"]) == SHOWN


def test_every_cli_line_goes_through_the_one_sanitiser() -> None:
    """Only vp_tui/cli/base.py calls click.echo (in `echo` and OneLineError); the commands
    print through `echo`/`echo_json`, so the rule lives in one place."""
    import vp_tui.cli

    folder = Path(vp_tui.cli.__file__).parent
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(folder.glob("*.py")) if path.name != "base.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bclick\.(echo|secho)\(|(?<![\w.])print\(|sys\.std(out|err)\.write",
                     line)
    ]
    assert offenders == []
