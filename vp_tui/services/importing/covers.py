"""Importing covers: a coordinator plans the replacements of a holiday season from a
spreadsheet.

Each row names the absent VP, the organisation, the replacement and the dates, and is checked
by the rules of a cover made in the TUI (services.coverage.check_cover: within an absence of
the VP, the replacement not away, no conflict of interest, not twice), counting the covers of
earlier rows as made. A row that leaves a man-and-woman organisation without a man or a woman
is imported with a notice, as the TUI reports it. A cover that is stored already, or earlier in
the file, is no problem and changes nothing.
"""

from __future__ import annotations

from vp_tui.models import Cover
from vp_tui.services.context import Context
from vp_tui.services.coverage import (
    absence_during,
    check_cover,
    gender_shortfall,
    same_cover_exists,
)
from vp_tui.services.importing import cells
from vp_tui.services.importing.spec import Column, Kind, Lookups, Staged, Values, anyone

_FIELDS = ("absence", "organisation", "replacement", "start", "end")


def _cover(ctx: Context, values: Values, lookups: Lookups, key: str) -> bool:
    staged = Staged.of(lookups, COVERS.name, Cover, _FIELDS, keyed=False)
    absent = lookups.adviser("vp", values["vp"])
    org = lookups.organisation("organisatie", values["organisatie"])
    replacement = lookups.adviser("vervanger", values["vervanger"])
    start, end = values["begin"], values["eind"]
    absence = absence_during(absent, start, end)
    planned = staged.groups[org.id]
    same = (absence.id, org.id, replacement.id, start, end)
    if same_cover_exists(*same) or any(
            (c.absence_id, c.organisation_id, c.replacement_id, c.start, c.end) == same
            for c in planned):
        return False
    check_cover(ctx, absence, org, replacement, start, end, planned)
    planned.append(staged.add(ctx, key, dict(zip(_FIELDS, same, strict=True))))
    shortfall = gender_shortfall(org.id, start, end, planned)
    if shortfall is not None:
        lookups.note("organisatie", str(shortfall))
    return True


def _write_covers(ctx: Context, lookups: Lookups) -> None:
    lookups.staged[COVERS.name].write(ctx, "cover.create")


COVERS = Kind(
    name="covers",
    label="vervangingen",
    columns=(
        Column("vp", cells.text(16), required=True),
        Column("organisatie", cells.text(200), required=True),
        Column("vervanger", cells.text(16), required=True),
        Column("begin", cells.date, required=True),
        Column("eind", cells.date, required=True),
    ),
    require=anyone,
    apply=_cover,
    finish=_write_covers,
    # An absence, engagement, cover or adviser saved meanwhile can break a checked row.
    watches=("absence", "cover", "engagement", "adviser"),
    fields={"start": "begin", "end": "eind", "replacement": "vervanger",
            "organisation": "organisatie"},
)
