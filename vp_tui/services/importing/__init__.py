"""Importing spreadsheets (CSV or XLSX) of advisers, organisations, engagements, absences,
covers, activities and cases. README "Importeren" documents the columns; examples/ holds a
file per kind.

reading.py turns a file into rows of raw cells, cells.py reads one cell as its column asks,
spec.py describes a kind, the per-kind modules check a row by the domain services' rules and
stage it, and runner.py checks a whole file outside the write lock, then writes what was
staged in one short transaction (nothing on any problem or on a dry run).
"""

from __future__ import annotations

from pathlib import Path

from vp_tui.errors import ValidationError
from vp_tui.i18n import _
from vp_tui.services.context import Context
from vp_tui.services.importing.cases import CASES
from vp_tui.services.importing.covers import COVERS
from vp_tui.services.importing.organisations import ACTIVITIES, ENGAGEMENTS, ORGANISATIONS
from vp_tui.services.importing.people import ABSENCES, ADVISERS
from vp_tui.services.importing.problems import ImportReport, Problem
from vp_tui.services.importing.runner import run_import
from vp_tui.services.importing.spec import Kind

#: In the order a new agency imports them: later kinds refer to earlier ones.
KINDS: dict[str, Kind] = {k.name: k for k in (
    ADVISERS, ORGANISATIONS, ENGAGEMENTS, ABSENCES, COVERS, ACTIVITIES, CASES)}


def import_file(ctx: Context, kind: str, path: Path, dry_run: bool = False) -> ImportReport:
    """Import `path` as `kind`; see ImportReport for what happened. Writes nothing when the
    report has problems or `dry_run` is set."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ValidationError(_("Onbekende soort import '{kind}'; kies uit: {kinds}").format(
            kind=kind, kinds=", ".join(KINDS)), "kind")
    return run_import(ctx, spec, path, dry_run)


__all__ = ["KINDS", "ImportReport", "Kind", "Problem", "import_file"]
