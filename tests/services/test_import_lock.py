"""While an import checks its rows, other sessions can save: the rows are read and checked in
a read transaction, and the write lock is held only for the insert at the end. What another
session saves in between is not written over: the file is checked again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3

from tests.conftest import TODAY, ctx_for
from tests.services.casework import ZUIDVLIET
from vp_tui.models import Absence, AuditEvent, Engagement, database
from vp_tui.services.advisers import add_adviser
from vp_tui.services.context import Context
from vp_tui.services.importing import import_file, runner
from vp_tui.store.database import raw_key

NOORDKADE = "Transportbedrijf Noordkade"  # in the demo data a vaste VP (BJ), no tweede VP


def _connect(store) -> sqlcipher3.Connection:
    """Another session on the same file: a connection that waits for no lock."""
    conn = sqlcipher3.connect(str(store.path), timeout=0, isolation_level=None)
    conn.execute(f"PRAGMA key = \"{raw_key(store.key)}\"")
    conn.execute("PRAGMA busy_timeout = 0")
    return conn


def _other_session_can_write(store) -> bool:
    """Another connection to the file takes the write lock at once, or not at all."""
    conn = _connect(store)
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlcipher3.OperationalError:
            return False
        conn.execute("ROLLBACK")
        return True
    finally:
        conn.close()


def _month(i: int) -> tuple[str, str]:
    """The first and last day of the i-th month of 2030."""
    first = dt.date(2030, i + 1, 1)
    return first.isoformat(), (dt.date(2030, i + 2, 1) - dt.timedelta(days=1)).isoformat()


#: kind -> (who imports, header, the i-th of five rows that fit the demo data)
FILES: dict[str, tuple[str, str, Callable[[int], str]]] = {
    "advisers": ("KO", "naam;initialen;geslacht", lambda i: f"Nieuw {i};N{i};vrouw"),
    "organisations": ("ADV", "naam;sector", lambda i: f"Stichting {i};zorg"),
    "engagements": ("ADV", "organisatie;vp;functie;begin;eind",
                    lambda i: f"{NOORDKADE};{['ADV', 'CS', 'DB'][i % 3]};tweede VP;"
                              f"{_month(i)[0]};{_month(i)[1]}"),
    "absences": ("BJ", "vp;soort;begin;eind",
                 lambda i: f"BJ;vakantie;{_month(i)[0]};{_month(i)[0]}"),
    "activities": ("BJ", "organisatie;vp;soort;datum;uren",
                   lambda i: f"{ZUIDVLIET};BJ;voorlichting;2026-0{i + 1}-03;1"),
    "cases": ("BJ", "organisatie;vp;datum_melding;soort;categorieen;gesprekken",
              lambda i: f"{ZUIDVLIET};BJ;{TODAY.isoformat()};ongewenste omgangsvormen;pesten;"
                        f"{i}"),
}


def _file(tmp_path: Path, kind: str, rows: int) -> tuple[Context, Path]:
    who, header, row = FILES[kind]
    if who == "KO":
        add_adviser(None, "Beheerder", "KO", "v", role="admin", is_adviser=False)
    path = tmp_path / f"{kind}-{rows}.csv"
    path.write_text(header + "\n" + "".join(row(i) + "\n" for i in range(rows)),
                    encoding="utf-8")
    return ctx_for(who), path


@pytest.mark.parametrize("kind", list(FILES))
def test_other_sessions_save_while_an_import_checks_its_rows(
        demo_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    probes: list[bool] = []
    check_row = runner._apply_row

    def probing(*args, **kwargs):
        probes.append(_other_session_can_write(demo_store))
        return check_row(*args, **kwargs)

    ctx, path = _file(tmp_path, kind, 5)
    monkeypatch.setattr(runner, "_apply_row", probing)
    report = import_file(ctx, kind, path)
    assert (report.created, report.problems) == (5, [])
    assert probes == [True] * 5


def _reads_under_the_write_lock(ctx: Context, kind: str, path: Path) -> int:
    """The SELECTs run between BEGIN IMMEDIATE and its end: what the write lock waits for."""
    locked = [False]
    reads = [0]

    def trace(sql: str) -> None:
        if sql.startswith("BEGIN IMMEDIATE"):
            locked[0] = True
        elif sql.startswith(("COMMIT", "ROLLBACK")):
            locked[0] = False
        elif locked[0] and sql.lstrip().upper().startswith("SELECT"):
            reads[0] += 1

    connection = database.connection()
    connection.set_trace_callback(trace)
    try:
        report = import_file(ctx, kind, path)
    finally:
        connection.set_trace_callback(None)
    assert report.problems == [] and report.created > 0
    return reads[0]


@pytest.mark.parametrize("kind", list(FILES))
def test_the_write_lock_waits_for_no_row_check(demo_store, tmp_path: Path, kind: str) -> None:
    """As many reads under the write lock for two rows as for five: none is a row's check."""
    ctx, path = _file(tmp_path, kind, 5)
    five = _reads_under_the_write_lock(ctx, kind, path)
    header, row = FILES[kind][1:]
    path.write_text(header + "\n" + "".join(row(i) + "\n" for i in range(5, 7)),
                    encoding="utf-8")
    assert _reads_under_the_write_lock(ctx, kind, path) == five


def _save_meanwhile(store, sql: str, params: tuple, object_type: str) -> None:
    """Another session saves a row and its audit event, as a service does."""
    conn = _connect(store)
    try:
        conn.execute("BEGIN IMMEDIATE")
        row_id = conn.execute(sql, params).lastrowid
        conn.execute(
            "INSERT INTO audit_event (at, actor, action, object_type, object_id, prev_hash,"
            " hash) VALUES (?, 'CS', ?, ?, ?, '', '')",
            (dt.datetime(2026, 11, 27, 9).isoformat(sep=" "), f"{object_type}.create",
             object_type, str(row_id)))
        conn.execute("COMMIT")
    finally:
        conn.close()


def _absence_meanwhile(store, adviser: str, day: str) -> None:
    _save_meanwhile(store, (
        "INSERT INTO absence (version, updated_at, updated_by, adviser_id, kind, start, \"end\","
        " day_part, note) SELECT 1, '2026-11-27 09:00:00', 'CS', id, 'ziek', ?, ?, 'dag', ''"
        " FROM adviser WHERE initials = ?"), (day, day, adviser), "absence")


def _engagement_meanwhile(store, adviser: str, start: str, end: str) -> None:
    _save_meanwhile(store, (
        "INSERT INTO engagement (version, updated_at, updated_by, adviser_id, organisation_id,"
        " role, start, \"end\") SELECT 1, '2026-11-27 09:00:00', 'ADV', a.id, o.id,"
        " 'tweede_vp', ?, ? FROM adviser a, organisation o WHERE a.initials = ? AND o.name = ?"),
        (start, end, adviser, NOORDKADE), "engagement")


#: kind -> (what another session saves while the file is checked, which the third row of
#: the file then breaks: its row, column and message)
CLASHES = {
    "absences": (lambda store: _absence_meanwhile(store, "BJ", _month(2)[0]),
                 (4, "begin", "Overlapt met de afwezigheid van BJ")),
    "engagements": (lambda store: _engagement_meanwhile(store, "BJ", *_month(2)),
                    (4, "functie", "Er is in die periode al een tweede VP")),
}


@pytest.mark.parametrize("kind", list(CLASHES))
def test_what_another_session_saves_meanwhile_is_checked_before_the_write(
        demo_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """The save lands between the check and the write: the file is checked again and its
    clash with the saved row is reported at its row, with nothing written."""
    save, (row, column, says) = CLASHES[kind]
    check_row = runner._apply_row
    saved = []

    def saving_once(*args, **kwargs):
        if not saved:
            save(demo_store)
            saved.append(True)
        return check_row(*args, **kwargs)

    ctx, path = _file(tmp_path, kind, 5)
    model = {"absences": Absence, "engagements": Engagement}[kind]
    before = model.select().count()
    monkeypatch.setattr(runner, "_apply_row", saving_once)
    report = import_file(ctx, kind, path)
    assert [(p.row, p.column) for p in report.problems] == [(row, column)]
    assert says in report.problems[0].message
    assert model.select().count() == before + 1  # the other session's row, none of the file


def test_an_import_that_keeps_being_overtaken_writes_nothing(
        demo_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each check sees another absence saved meanwhile (of someone else: no clash), so
    each write is called off; after the last attempt the import is refused whole."""
    check_row = runner._apply_row
    saves = []

    def saving_at_each_check(*args, **kwargs):
        if args[-1] == 2:  # the first row of the file, once per check
            saves.append(True)
            _absence_meanwhile(demo_store, "CS", dt.date(2031, 1, len(saves)).isoformat())
        return check_row(*args, **kwargs)

    ctx, path = _file(tmp_path, "absences", 5)
    events = AuditEvent.select().count()
    monkeypatch.setattr(runner, "_apply_row", saving_at_each_check)
    report = import_file(ctx, "absences", path)
    assert len(saves) == runner.ATTEMPTS
    assert [(p.row, p.column) for p in report.problems] == [(0, "")]
    assert "er is niets geschreven" in report.problems[0].message
    assert not Absence.select().where(Absence.import_key.is_null(False)).exists()
    assert AuditEvent.select().count() == events + runner.ATTEMPTS  # the other's only
