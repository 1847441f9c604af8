"""`vp-tui coverage` and `vp-tui schedule` on a real encrypted database with the test keyring."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests import planning_world
from vp_tui.cli import cli
from vp_tui.services.absences import AbsenceForm, record_absence
from vp_tui.services.coverage import add_cover

MON = dt.date(2026, 12, 21)  # Christmas week: 25 December is no working day


@pytest.fixture
def schedule_db(store, db_path: Path) -> Path:
    """Known schedule: MO (Beta's only VP) away 22-28 December; MA (Alfa, man) away on the
    morning of 23 December, covered by NN; VE away 24 December."""
    world = planning_world.build()
    ko = world.ctx("KO")
    a = world.advisers
    record_absence(ko, AbsenceForm(a["MO"], "vakantie", MON + dt.timedelta(days=1),
                                   MON + dt.timedelta(days=7)))
    ma = record_absence(ko, AbsenceForm(a["MA"], "cursus", MON + dt.timedelta(days=2),
                                        MON + dt.timedelta(days=2), "ochtend"))
    add_cover(ko, ma, world.alfa, a["NN"], MON + dt.timedelta(days=2),
              MON + dt.timedelta(days=2))
    record_absence(ko, AbsenceForm(a["VE"], "ziek", MON + dt.timedelta(days=3),
                                   MON + dt.timedelta(days=3), note="griep, 2 weken rust"))
    store.close()
    return db_path


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--as", "KO", *args])


def test_coverage_json_lists_the_gaps_and_exits_1(schedule_db: Path) -> None:
    result = run(schedule_db, "coverage", "--from", "2026-12-21", "--weeks", "1", "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert (data["from"], data["to"], data["working_days"]) == ("2026-12-21", "2026-12-27", 4)
    assert [(g["organisation"], g["date"], g["kind"], g["day_part"], g["missing"])
            for g in data["gaps"]] == [
        ("Beta", "2026-12-22", "onbezet", "dag", []),
        ("Beta", "2026-12-23", "onbezet", "dag", []),
        ("Alfa", "2026-12-24", "onvolledig", "dag", ["v"]),
        ("Beta", "2026-12-24", "onbezet", "dag", []),
    ]


def test_coverage_without_gaps_exits_0(schedule_db: Path) -> None:
    result = run(schedule_db, "coverage", "--from", "2027-01-04", "--weeks", "2")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Geen tekorten van 4 januari 2027 tot en met 17 januari 2027")


def test_coverage_text_output(schedule_db: Path) -> None:
    result = run(schedule_db, "coverage", "--from", "2026-12-21", "--weeks", "1")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "4 tekorten van 21 december 2026 tot en met 27 december 2026:",
        "2026-12-22  Beta  onbezet",
        "2026-12-23  Beta  onbezet",
        "2026-12-24  Alfa  onvolledig: geen vrouw beschikbaar",
        "2026-12-24  Beta  onbezet",
    ]


def test_coverage_bad_date_is_one_line(schedule_db: Path) -> None:
    result = run(schedule_db, "coverage", "--from", "21-12-2026")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_schedule_ics_parses_back(schedule_db: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    target = tmp_path / "rooster.ics"
    assert run(schedule_db, "schedule", "--ics", str(target)).exit_code == 0
    cal = Calendar.from_ical(target.read_bytes())
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {  # no reasons: 'ziek' is health data
        "Afwezig: Mo Olm",
        "Afwezig: Mark Aal (ochtend)",
        "Afwezig: Vera Eik",
        "Vervanging Alfa: NN voor MA",
    }
    mo = events["Afwezig: Mo Olm"]
    # All-day: DATE values, DTEND the day after the last day.
    assert mo.decoded("dtstart") == dt.date(2026, 12, 22)
    assert mo.decoded("dtend") == dt.date(2026, 12, 29)
    assert mo["dtstart"].params.get("VALUE") == "DATE"
    assert events["Afwezig: Mark Aal (ochtend)"]["description"] == "Alfa: NN"
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert len(set(uids)) == 4
    # Stable: a second export carries the same UIDs.
    again = tmp_path / "opnieuw.ics"
    run(schedule_db, "schedule", "--ics", str(again))
    assert [str(e["uid"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT")] == uids


def test_schedule_of_one_adviser(schedule_db: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    target = tmp_path / "nn.ics"
    result = run(schedule_db, "schedule", "--ics", str(target), "--adviser", "nn")
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(target.read_bytes())
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Vervanging Alfa: NN voor MA"]


def test_schedule_unknown_adviser_one_line(schedule_db: Path, tmp_path: Path) -> None:
    result = run(schedule_db, "schedule", "--ics", str(tmp_path / "x.ics"), "--adviser", "ZZ")
    assert result.exit_code == 4
    assert result.output.strip() == "fout: Onbekende adviseur: ZZ"
    assert not (tmp_path / "x.ics").exists()


def test_schedule_to_stdout_for_ssh(schedule_db: Path) -> None:
    from icalendar import Calendar

    result = run(schedule_db, "schedule", "--ics", "-")
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(result.stdout_bytes)
    assert calendar.walk("VEVENT")



def _events(data: bytes) -> dict[str, object]:
    from icalendar import Calendar

    return {str(e["summary"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_schedule_never_carries_reasons_or_notes(schedule_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "rooster.ics"
    for who in ("KO", "VE"):  # not for a coordinator either, nor for the adviser herself
        result = CliRunner().invoke(cli, ["--db", str(schedule_db), "--as", who, "schedule",
                                          "--ics", str(target)])
        assert result.exit_code == 0, result.output
        text = target.read_bytes().decode("utf-8").lower()
        for reason in ("ziek", "vakantie", "cursus", "griep"):
            assert reason not in text, (who, reason)


def test_schedule_with_reasons_for_a_coordinator(schedule_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "rooster-met-redenen.ics"
    result = run(schedule_db, "schedule", "--ics", str(target), "--with-reasons")
    assert result.exit_code == 0, result.output
    events = _events(target.read_bytes())
    assert {"Afwezig: Mo Olm (vakantie)", "Afwezig: Mark Aal (cursus, ochtend)",
            "Afwezig: Vera Eik (ziek)"} <= set(events)
    assert events["Afwezig: Vera Eik (ziek)"]["description"] == "griep, 2 weken rust"
    assert events["Afwezig: Mark Aal (cursus, ochtend)"]["description"] == "Alfa: NN"


def test_schedule_with_reasons_needs_the_name_to_say_so(schedule_db: Path,
                                                        tmp_path: Path) -> None:
    for name in ("rooster.ics", "-"):
        target = name if name == "-" else str(tmp_path / name)
        result = run(schedule_db, "schedule", "--ics", target, "--with-reasons")
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines() == [
            "fout: Een rooster met redenen van afwezigheid moet 'met-redenen' in de "
            "bestandsnaam hebben, bijvoorbeeld rooster-met-redenen.ics."]
    assert not (tmp_path / "rooster.ics").exists()


def test_schedule_with_reasons_refused_for_others(schedule_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "rooster-met-redenen.ics"
    for who in ("VE", "MA"):
        result = CliRunner().invoke(cli, ["--db", str(schedule_db), "--as", who, "schedule",
                                          "--ics", str(target), "--with-reasons"])
        assert result.exit_code == 3, result.output
        assert result.output.strip() == (
            "fout: Alleen een coördinator mag de redenen van afwezigheid exporteren.")
        assert not target.exists()
