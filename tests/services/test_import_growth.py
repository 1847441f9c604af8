"""Imports grow linearly with the file: the work SQLite does per row (counted in virtual
machine steps, which do not depend on the machine's speed) stays the same whether the file
holds 200 or 800 rows. A scan of every organisation's name per row made the organisation
import grow with the size; every kind is checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vp_tui.models import Absence, Adviser, Engagement, database
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context
from vp_tui.services.importing import import_file

STEP = 10  # the progress handler runs once per this many virtual machine instructions


def _steps_to_import(tmp_path: Path, ctx: Context, kind: str, header: str,
                     rows: list[str]) -> int:
    path = tmp_path / f"{kind}-{len(rows)}.csv"
    path.write_text(header + "\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    connection = database.connection()
    connection.set_progress_handler(tick, STEP)
    try:
        report = import_file(ctx, kind, path)
    finally:
        connection.set_progress_handler(None, STEP)
    assert (report.created, report.problems) == (len(rows), [])
    return count[0]


def _day(n: int) -> str:
    return (dt.date(2020, 1, 1) + dt.timedelta(days=n)).isoformat()


#: kind -> (header, one row of the i-th run of size n); each row new to the database.
KINDS = {
    "organisations": ("naam;sector;contracturen", lambda n, i: f"Organisatie {n}-{i};zorg;12"),
    "advisers": ("naam;initialen;geslacht", lambda n, i: f"Adviseur {n}-{i};A{n}X{i};vrouw"),
    # Spread as in life: an organisation has a VP or two, an adviser a few absences at a
    # time, whatever the size of the file.
    "engagements": ("organisatie;vp;functie;begin",
                    lambda n, i: f"Basis {n - 200 + i};V{i % 50};vaste VP;{_day(n + i)}"),
    "absences": ("vp;soort;begin;eind",
                 lambda n, i: f"V{i % 50};vakantie;{_day(n * 1000 + i)};{_day(n * 1000 + i)}"),
    "activities": ("organisatie;vp;soort;datum;uren;omschrijving",
                   lambda n, i: f"Basis {i % 50};V{i % 50};voorlichting;{_day(i % 900)};1,5;"
                                f"Bijeenkomst {n}-{i}"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_import_kind_is_linear(store, tmp_path: Path, kind: str) -> None:
    Adviser.create(name="Coördinator", initials="KO", gender="v", role="admin",
                   is_adviser=False)
    for i in range(50):
        Adviser.create(name=f"Adviseur {i}", initials=f"V{i}", gender="m")
    ctx = Context(resolve_actor("KO", None))
    _steps_to_import(tmp_path, ctx, "organisations", KINDS["organisations"][0],
                     [f"Basis {i};zorg;12" for i in range(1400)])
    header, row = KINDS[kind]
    per_row = {}
    for n in (200, 400, 800):
        # Each file lands beside the ones before: the database grows as the files do.
        per_row[n] = _steps_to_import(tmp_path, ctx, kind, header,
                                      [row(n, i) for i in range(n)]) / n
    assert per_row[800] < 1.5 * per_row[200], per_row



#: kind -> (header, the i-th row), every row about the same adviser or organisation, so
#: that each is checked against all the rows before it in the file.
CROWDED = {
    "absences": ("vp;soort;begin;eind", lambda i: f"V0;vakantie;{_day(i)};{_day(i)}"),
    "engagements": ("organisatie;vp;functie;begin;eind",
                    lambda i: f"Basis 0;V{i % 50};vaste VP;{_day(i)};{_day(i)}"),
}


@pytest.mark.parametrize("kind", list(CROWDED))
def test_rows_checked_against_the_rows_before_them_stay_linear(
        store, tmp_path: Path, kind: str) -> None:
    """The earlier rows of the file are checked in memory, not read back row after row from
    the database (which made each row cost more than the one before). Each size starts from
    the same database, so what grows is the file alone."""
    Adviser.create(name="Coördinator", initials="KO", gender="v", role="admin",
                   is_adviser=False)
    for i in range(50):
        Adviser.create(name=f"Adviseur {i}", initials=f"V{i}", gender="m")
    ctx = Context(resolve_actor("KO", None))
    _steps_to_import(tmp_path, ctx, "organisations", KINDS["organisations"][0], ["Basis 0;zorg;12"])
    header, row = CROWDED[kind]
    per_row = {}
    for n in (200, 400, 800):
        Absence.delete().execute()
        Engagement.delete().execute()
        per_row[n] = _steps_to_import(tmp_path, ctx, kind, header,
                                      [row(i) for i in range(n)]) / n
    assert per_row[800] < 1.5 * per_row[200], per_row
