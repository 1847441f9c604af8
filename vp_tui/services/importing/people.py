"""Importing advisers and their absences."""

from __future__ import annotations

from vp_tui.models import Absence, Adviser
from vp_tui.models.enums import ABSENCE_KINDS, DAY_PARTS, GENDERS, ROLES
from vp_tui.services.absences import AbsenceForm, record_absence
from vp_tui.services.access import require_admin
from vp_tui.services.advisers import add_adviser
from vp_tui.services.context import Context
from vp_tui.services.importing import cells
from vp_tui.services.importing.spec import (
    Column,
    Kind,
    Lookups,
    Values,
    anyone,
    choice_column,
    code_column,
)


def _adviser(ctx: Context, values: Values, lookups: Lookups, key: str) -> bool:
    """Initials are an adviser's natural key: a known adviser is left as it is."""
    initials = values["initialen"].upper()
    if Adviser.select().where(Adviser.initials == initials).exists():
        return False
    add_adviser(ctx, values["naam"], initials, values["geslacht"], role=values["rol"],
                is_adviser=values["ook_adviseur"], os_user=values["os_gebruiker"] or None)
    return True


ADVISERS = Kind(
    name="advisers",
    label="adviseurs",
    columns=(
        Column("naam", cells.text(120), required=True),
        Column("initialen", cells.text(16), required=True),
        choice_column("geslacht", GENDERS, required=True),
        choice_column("rol", ROLES, default="adviser"),
        Column("ook_adviseur", cells.boolean, default=True),
        Column("os_gebruiker", cells.text(64), default=""),
    ),
    require=require_admin,
    apply=_adviser,
    fields={"name": "naam", "initials": "initialen", "gender": "geslacht", "role": "rol"},
)


def _absence(ctx: Context, values: Values, lookups: Lookups, key: str) -> bool:
    if Absence.select().where(Absence.import_key == key).exists():
        return False
    adviser = lookups.adviser("vp", values["vp"])
    absence_id = record_absence(ctx, AbsenceForm(
        adviser_id=adviser.id, kind=values["soort"], start=values["begin"], end=values["eind"],
        day_part=values["dagdeel"], note=values["notitie"]))
    Absence.update(import_key=key).where(Absence.id == absence_id).execute()
    return True


ABSENCES = Kind(
    name="absences",
    label="afwezigheden",
    columns=(
        Column("vp", cells.text(16), required=True),
        choice_column("soort", ABSENCE_KINDS, required=True),
        Column("begin", cells.date, required=True),
        Column("eind", cells.date, required=True),
        choice_column("dagdeel", DAY_PARTS, default="dag"),
        Column("notitie", cells.text(500), default=""),
        code_column(),
    ),
    require=anyone,
    apply=_absence,
    fields={"adviser_id": "vp", "kind": "soort", "start": "begin", "end": "eind",
            "day_part": "dagdeel", "note": "notitie"},
)
