"""Imports grow linearly with the file: the work SQLite does per row (counted in virtual
machine steps, which do not depend on the machine's speed) stays the same whether the file
holds 200 or 800 organisations. A scan of every name per row made it grow with the size."""

from __future__ import annotations

from pathlib import Path

from vp_tui.models import Adviser, Organisation, database
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context
from vp_tui.services.importing import import_file

STEP = 100  # the progress handler runs once per this many virtual machine instructions


def _steps_to_import(tmp_path: Path, ctx: Context, n: int) -> int:
    path = tmp_path / f"organisaties-{n}.csv"
    path.write_text("naam;sector;contracturen\n" + "".join(
        f"Organisatie {n}-{i};zorg;12\n" for i in range(n)), encoding="utf-8")
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    connection = database.connection()
    connection.set_progress_handler(tick, STEP)
    try:
        report = import_file(ctx, "organisations", path)
    finally:
        connection.set_progress_handler(None, STEP)
    assert (report.created, report.problems) == (n, [])
    return count[0]


def test_organisation_import_is_linear(store, tmp_path: Path) -> None:
    Adviser.create(name="Coördinator", initials="KO", gender="v", role="coordinator",
                   is_adviser=False)
    ctx = Context(resolve_actor("KO", None))
    per_row = {}
    for n in (200, 400, 800):
        # Each file lands beside the ones before: the database grows as the files do.
        per_row[n] = _steps_to_import(tmp_path, ctx, n) / n
    assert Organisation.select().count() == 1400
    assert per_row[800] < 1.5 * per_row[200], per_row
