"""`import covers`: the TUI's rules for a cover, all or nothing, problems at their row and
column, the man-and-woman rule reported, and a second import that changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlcipher3

from tests import planning_world
from tests.planning_world import World
from tests.services.importfiles import write_csv
from vp_tui.models import Absence, AuditEvent, Cover
from vp_tui.services.absences import AbsenceForm, record_absence
from vp_tui.services.coverage import add_cover, coverage
from vp_tui.services.importing import import_file, runner
from vp_tui.store.database import raw_key

MON = dt.date(2026, 12, 14)
TUE, WED, THU, FRI = (MON + dt.timedelta(days=n) for n in range(1, 5))
HEADER = ["vp", "organisatie", "vervanger", "begin", "eind"]


@pytest.fixture
def world(store) -> World:
    """MA (Alfa, man) and MO (Beta) away the whole week; WS away on Thursday."""
    world = planning_world.build()
    for who, start, end in (("MA", MON, FRI), ("MO", MON, FRI), ("WS", THU, THU)):
        record_absence(world.ctx("KO"), AbsenceForm(world.advisers[who], "vakantie", start, end))
    return world


def covers_file(tmp_path: Path, *rows: list[object]) -> Path:
    return write_csv(tmp_path / "vervanging.csv", [HEADER, *rows])


def stored_covers() -> set[tuple[str, str, str, dt.date, dt.date]]:
    return {(c.absence.adviser.initials, c.organisation.name, c.replacement.initials, c.start,
             c.end) for c in Cover.select()}


def test_a_file_of_covers_fills_the_gaps_and_twice_changes_nothing(world: World,
                                                                   tmp_path: Path) -> None:
    ko = world.ctx("KO")
    path = covers_file(tmp_path, ["MA", "Alfa", "PK", "14-12-2026", "18-12-2026"],
                       ["mo", "beta", "nn", "2026-12-14", "2026-12-16"],
                       ["MO", "Beta", "PK", "2026-12-17", "2026-12-18"])
    report = import_file(ko, "covers", path)
    assert (report.problems, report.created, report.notices) == ([], 3, [])
    assert stored_covers() == {("MA", "Alfa", "PK", MON, FRI), ("MO", "Beta", "NN", MON, WED),
                               ("MO", "Beta", "PK", THU, FRI)}
    assert coverage(ko, MON, 1).gaps == []
    created = AuditEvent.select().where(AuditEvent.action == "cover.create")
    assert {int(e.object_id) for e in created} == {c.id for c in Cover.select()}
    counted = Cover.select().count(), AuditEvent.select().count()
    again = import_file(ko, "covers", path)
    assert (again.problems, again.created, again.existing) == ([], 0, 3)
    assert (Cover.select().count(), AuditEvent.select().count()) == counted


def test_a_cover_made_in_the_tui_is_already_there(world: World, tmp_path: Path) -> None:
    ko = world.ctx("KO")
    absence = Absence.get(Absence.adviser == world.advisers["MO"]).id
    add_cover(ko, absence, world.beta, world.advisers["NN"], MON, WED)
    report = import_file(ko, "covers", covers_file(
        tmp_path, ["MO", "Beta", "NN", "2026-12-14", "2026-12-16"]))
    assert (report.problems, report.created, report.existing) == ([], 0, 1)


def test_bad_rows_are_named_at_their_row_and_column_and_nothing_is_written(
        world: World, tmp_path: Path) -> None:
    path = covers_file(
        tmp_path,
        ["MA", "Alfa", "PK", "2026-12-14", "2026-12-15"],  # row 2: fine
        ["MA", "Alfa", "VI", "2026-12-14", "2026-12-15"],  # conflict of interest
        ["MA", "Alfa", "WS", "2026-12-17", "2026-12-17"],  # WS is away herself
        ["VE", "Alfa", "PK", "2026-12-14", "2026-12-14"],  # VE is not away
        ["MA", "Gamma", "PK", "2026-12-14", "2026-12-14"],  # no such organisation
        ["MA", "Alfa", "PK", "2026-12-15", "2026-12-16"],  # PK covers then already (row 2)
        ["MA", "Alfa", "NN", "2026-12-16", "2026-12-15"],  # ends before it begins
        ["MA", "Beta", "NN", "2026-12-14", "2026-12-14"],  # MA is no VP of Beta
        ["MA", "Alfa", "MA", "2026-12-14", "2026-12-14"],  # covering himself
        ["MA", "Alfa", "KO", "2026-12-14", "2026-12-14"],  # KO handles no cases
    )
    report = import_file(world.ctx("KO"), "covers", path)
    assert [str(p) for p in report.problems] == [
        "rij 3, kolom 'vervanger': VI heeft een belangenconflict met Alfa.",
        "rij 4, kolom 'vervanger': WS is zelf afwezig van 17 december 2026 tot en met "
        "17 december 2026.",
        "rij 5, kolom 'begin': VE is van 14 december 2026 tot en met 14 december 2026 niet "
        "afwezig; een vervanging valt binnen een afwezigheid.",
        "rij 6, kolom 'organisatie': onbekende organisatie 'Gamma'; bekend zijn: Alfa; Beta",
        "rij 7, kolom 'begin': PK vervangt in die periode al bij Alfa.",
        "rij 8, kolom 'eind': De einddatum ligt vóór de begindatum.",
        "rij 9, kolom 'organisatie': MA is in die periode geen VP van Beta.",
        "rij 10, kolom 'vervanger': Een adviseur kan zichzelf niet vervangen.",
        "rij 11, kolom 'vervanger': KO kan niet als vervanger optreden.",
    ]
    assert report.created == 1 and not report.written
    assert Cover.select().count() == 0


def test_a_cover_outside_the_absence_is_refused(world: World, tmp_path: Path) -> None:
    report = import_file(world.ctx("KO"), "covers", covers_file(
        tmp_path, ["MA", "Alfa", "PK", "2026-12-14", "2026-12-21"]))
    assert [str(p) for p in report.problems] == [
        "rij 2, kolom 'begin': MA is van 14 december 2026 tot en met 21 december 2026 niet "
        "afwezig; een vervanging valt binnen een afwezigheid."]


def test_the_man_and_woman_rule_is_reported_not_refused(world: World, tmp_path: Path) -> None:
    """Alfa needs a man and a woman: with MA away, a woman covering leaves it without a man.
    A row is judged with the covers of the rows above it."""
    report = import_file(world.ctx("KO"), "covers", covers_file(
        tmp_path, ["MA", "Alfa", "WS", "2026-12-14", "2026-12-16"],
        ["MA", "Alfa", "NN", "2026-12-16", "2026-12-18"],
        ["MA", "Alfa", "PK", "2026-12-15", "2026-12-15"]))
    assert report.problems == [] and report.created == 3
    assert [str(n) for n in report.notices] == [
        "rij 2, kolom 'organisatie': Alfa blijft onvolledig: geen man beschikbaar op 3 "
        "werkdag(en), de eerste 14 december 2026",
    ]  # rows 3 and 4 bring a man on their own days


def test_an_adviser_plans_covers_for_their_own_absence_only(world: World,
                                                            tmp_path: Path) -> None:
    path = covers_file(tmp_path, ["MA", "Alfa", "PK", "2026-12-14", "2026-12-15"])
    refused = import_file(world.ctx("VE"), "covers", path)
    assert [str(p) for p in refused.problems] == [
        "rij 2: Alleen de afwezige adviseur of een coördinator regelt vervanging."]
    assert import_file(world.ctx("MA"), "covers", path).created == 1


def test_a_dry_run_checks_everything_and_writes_nothing(world: World, tmp_path: Path) -> None:
    report = import_file(world.ctx("KO"), "covers", covers_file(
        tmp_path, ["MA", "Alfa", "WS", "2026-12-14", "2026-12-15"]), dry_run=True)
    assert (report.problems, report.created, len(report.notices)) == ([], 1, 1)
    assert Cover.select().count() == 0


def test_an_absence_saved_while_the_file_is_checked_is_checked_before_the_write(
        world: World, store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another session records the replacement's absence between the check and the write:
    the file is checked again and the row refused at its column, nothing written."""
    check_row = runner._apply_row
    saved = []

    def saving_once(*args, **kwargs):
        if not saved:
            saved.append(True)
            conn = sqlcipher3.connect(str(store.path), timeout=0, isolation_level=None)
            conn.execute(f"PRAGMA key = \"{raw_key(store.key)}\"")
            conn.execute("BEGIN IMMEDIATE")
            row_id = conn.execute(
                "INSERT INTO absence (version, updated_at, updated_by, adviser_id, kind, start,"
                " \"end\", day_part, note) SELECT 1, '2026-11-27 09:00:00', 'KO', id, 'ziek',"
                " '2026-12-15', '2026-12-15', 'dag', '' FROM adviser WHERE initials = 'PK'"
            ).lastrowid
            conn.execute(
                "INSERT INTO audit_event (at, actor, action, object_type, object_id, prev_hash,"
                " hash) VALUES ('2026-11-27 09:00:00', 'KO', 'absence.create', 'absence', ?,"
                " '', '')", (str(row_id),))
            conn.execute("COMMIT")
            conn.close()
        return check_row(*args, **kwargs)

    monkeypatch.setattr(runner, "_apply_row", saving_once)
    report = import_file(world.ctx("KO"), "covers", covers_file(
        tmp_path, ["MA", "Alfa", "PK", "2026-12-14", "2026-12-16"]))
    assert [str(p) for p in report.problems] == [
        "rij 2, kolom 'vervanger': PK is zelf afwezig van 15 december 2026 tot en met "
        "15 december 2026."]
    assert Cover.select().count() == 0
