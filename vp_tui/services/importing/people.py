"""Importing advisers and their absences.

Each row is checked by the services' own rules (adviser_columns; validate_absence and
absence_columns, which refuse an absence overlapping one stored or one earlier in the file)
and staged; they are inserted together at the end, outside of which nothing is written.
"""

from __future__ import annotations

from vp_tui.i18n import _
from vp_tui.models import Absence, Adviser
from vp_tui.models.enums import ABSENCE_KINDS, DAY_PARTS, GENDERS, ROLES
from vp_tui.services.absences import (
    AbsenceForm,
    absence_columns,
    recorded_around,
    validate_absence,
)
from vp_tui.services.access import require_admin
from vp_tui.services.advisers import adviser_columns
from vp_tui.services.context import Context
from vp_tui.services.importing import cells
from vp_tui.services.importing.problems import RowError
from vp_tui.services.importing.spec import (
    Column,
    Kind,
    Lookups,
    Staged,
    Values,
    anyone,
    choice_column,
    code_column,
)

_ADVISER_FIELDS = ("name", "initials", "gender", "role", "is_adviser", "os_user")


def _adviser(ctx: Context, values: Values, lookups: Lookups, key: str) -> bool:
    """Initials are an adviser's natural key: a known adviser (also earlier in the file) is
    left as it is. An OS account maps to one adviser only."""
    staged = _staged_advisers(lookups)
    if lookups.known_adviser(values["initialen"]):
        return False
    columns = adviser_columns(values["naam"], values["initialen"], values["geslacht"],
                              role=values["rol"], is_adviser=values["ook_adviseur"],
                              os_user=values["os_gebruiker"] or None)
    os_user = columns["os_user"]
    if os_user in staged.groups:
        raise RowError("os_gebruiker", _(
            "OS-gebruiker '{user}' hoort al bij adviseur {who}").format(
                user=os_user, who=staged.groups[os_user][0].initials))
    adviser = staged.add(ctx, key, columns)
    if os_user is not None:
        staged.groups[os_user].append(adviser)
    lookups.add_adviser(adviser)
    return True


def _staged_advisers(lookups: Lookups) -> Staged:
    """This run's advisers, with every adviser by OS account in `groups` (an account maps to
    one adviser)."""
    if ADVISERS.name not in lookups.staged:
        staged = Staged.of(lookups, ADVISERS.name, Adviser, _ADVISER_FIELDS, keyed=False)
        for adviser in Adviser.select().where(Adviser.os_user.is_null(False)):
            staged.groups[adviser.os_user].append(adviser)
    return lookups.staged[ADVISERS.name]


def _write_advisers(ctx: Context, lookups: Lookups) -> None:
    lookups.staged[ADVISERS.name].write(ctx, "adviser.create")


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
    finish=_write_advisers,
    watches=("adviser",),
    fields={"name": "naam", "initials": "initialen", "gender": "geslacht", "role": "rol"},
)


_ABSENCE_FIELDS = ("adviser", "kind", "start", "end", "day_part", "note")


def _absence(ctx: Context, values: Values, lookups: Lookups, key: str) -> bool:
    """Checked against the adviser's stored absences around its dates and those staged from
    earlier rows of the file."""
    staged = Staged.of(lookups, ABSENCES.name, Absence, _ABSENCE_FIELDS)
    if key in staged.keys:
        return False
    form = AbsenceForm(adviser_id=lookups.adviser("vp", values["vp"]).id, kind=values["soort"],
                       start=values["begin"], end=values["eind"], day_part=values["dagdeel"],
                       note=values["notitie"])
    adviser = validate_absence(ctx, form)
    earlier = staged.groups[adviser.id]
    columns = absence_columns(adviser, form, [
        *recorded_around(adviser.id, values["begin"], values["eind"]), *earlier])
    earlier.append(staged.add(ctx, key, columns))
    return True


def _write_absences(ctx: Context, lookups: Lookups) -> None:
    lookups.staged[ABSENCES.name].write(ctx, "absence.create")


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
    finish=_write_absences,
    watches=("absence",),
    fields={"adviser_id": "vp", "kind": "soort", "start": "begin", "end": "eind",
            "day_part": "dagdeel", "note": "notitie"},
)
