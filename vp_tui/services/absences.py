"""Absences of advisers: recording them, and knowing who is away in which part of a day.

A half-day absence (day_part `ochtend` or `middag`) applies that part to every day from start to
end; a whole-day absence (`dag`) takes both parts. Two absences of one adviser overlap when their
dates meet and their day parts share a part (a morning and an afternoon on the same day do not),
and an overlapping absence is refused rather than merged: merging would silently change the kind
or the note of the absence already recorded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.models import Absence, Adviser, Cover, Organisation
from vp_tui.models.enums import ABSENCE_KINDS, DAY_PARTS
from vp_tui.services import audit
from vp_tui.services.context import Context
from vp_tui.services.writes import transaction

#: The two parts of a working day; coverage is judged per part.
PARTS: tuple[str, ...] = ("ochtend", "middag")


def parts_of(day_part: str) -> frozenset[str]:
    """The parts of a day an absence with this day_part takes."""
    return frozenset(PARTS) if day_part == "dag" else frozenset({day_part})


def part_label(parts: frozenset[str] | set[str]) -> str:
    """The DAY_PARTS key for a set of parts: 'dag' for both, else the one part."""
    return "dag" if set(parts) >= set(PARTS) else next(iter(parts))


class AbsenceIndex:
    """Absences in a period, loaded once, for answering 'is X away then?' without queries."""

    def __init__(self, absences: list[Absence]) -> None:
        self._by_adviser: dict[int, list[Absence]] = defaultdict(list)
        for absence in absences:
            self._by_adviser[absence.adviser_id].append(absence)
        #: (adviser, day) -> parts away: a planning asks for the same adviser and day once
        #: per organisation they serve and part of the day.
        self._parts: dict[tuple[int, dt.date], frozenset[str]] = {}

    @classmethod
    def load(cls, start: dt.date, end: dt.date,
             adviser_ids: list[int] | None = None) -> AbsenceIndex:
        """The absences in the period; of `adviser_ids` only, when given. The columns that
        say who is away when (an absence's note and kind are not needed for that)."""
        query = (Absence.select(Absence.id, Absence.adviser, Absence.start, Absence.end,
                                Absence.day_part)
                 .where(Absence.start <= end, Absence.end >= start))
        if adviser_ids is not None:
            query = query.where(Absence.adviser.in_(adviser_ids))
        return cls(list(query))

    def absent_parts(self, adviser_id: int, day: dt.date) -> frozenset[str]:
        key = (adviser_id, day)
        found = self._parts.get(key)
        if found is None:
            parts: set[str] = set()
            for absence in self._by_adviser.get(adviser_id, ()):
                if absence.start <= day <= absence.end:
                    parts |= parts_of(absence.day_part)
            found = self._parts[key] = frozenset(parts)
        return found

    def available(self, adviser_id: int, day: dt.date, parts: frozenset[str]) -> bool:
        """True when the adviser is away in none of `parts` on `day`."""
        return not (self.absent_parts(adviser_id, day) & parts)

    def first_clash(self, adviser_id: int, start: dt.date, end: dt.date,
                    parts: frozenset[str]) -> Absence | None:
        """The first absence of the adviser that takes one of `parts` between start and end."""
        clashes = [
            a for a in self._by_adviser.get(adviser_id, ())
            if a.start <= end and a.end >= start and parts_of(a.day_part) & parts
        ]
        return min(clashes, key=lambda a: a.start, default=None)


@dataclass
class AbsenceForm:
    adviser_id: int
    kind: str
    start: dt.date | None
    end: dt.date | None
    day_part: str = "dag"
    note: str = ""


def may_manage(ctx: Context, adviser_id: int) -> bool:
    """An adviser manages their own absences; a coordinator (or admin) anyone's."""
    return ctx.actor.is_coordinator or ctx.actor.id == adviser_id


def validate_absence(ctx: Context, form: AbsenceForm) -> Adviser:
    """The checks of one absence on its own (who may record it, its kind, part and dates),
    which the form and the import share; how it fits the adviser's other absences is
    `absence_columns`'s question. Returns the adviser."""
    adviser = Adviser.get_or_none(Adviser.id == form.adviser_id)
    if adviser is None:
        raise NotFound(_("Adviseur niet gevonden."))
    if not may_manage(ctx, adviser.id):
        raise AccessDenied(_("U kunt alleen uw eigen afwezigheid vastleggen."))
    if form.kind not in ABSENCE_KINDS:
        raise ValidationError(
            _("Soort afwezigheid: kies uit {choices}.").format(
                choices=", ".join(ABSENCE_KINDS.keys())), "kind")
    if form.day_part not in DAY_PARTS:
        raise ValidationError(
            _("Dagdeel: kies uit {choices}.").format(choices=", ".join(DAY_PARTS.keys())),
            "day_part")
    if form.start is None:
        raise ValidationError(_("Begindatum is verplicht."), "start")
    if form.end is None:
        raise ValidationError(_("Einddatum is verplicht."), "end")
    if form.end < form.start:
        raise ValidationError(_("De einddatum ligt vóór de begindatum."), "end")
    return adviser


def recorded_around(adviser_id: int, start: dt.date, end: dt.date) -> list[Absence]:
    """The adviser's recorded absences that share a date with [start, end]."""
    return list(Absence.select().where(
        Absence.adviser == adviser_id, Absence.start <= end, Absence.end >= start))


def absence_columns(adviser: Adviser, form: AbsenceForm, others: Iterable[Absence]) -> dict:
    """The stored columns of a valid absence (`validate_absence` passed); an overlap with one
    of `others`, the adviser's absences around its dates, is refused, naming it."""
    assert form.start is not None and form.end is not None  # checked by validate_absence
    clash = AbsenceIndex(list(others)).first_clash(adviser.id, form.start, form.end,
                                                   parts_of(form.day_part))
    if clash is not None:
        raise ValidationError(
            _("Overlapt met de afwezigheid van {who} van {start} tot en met {end}; "
              "pas die aan of kies andere data.").format(
                who=adviser.initials, start=fmt_date(clash.start), end=fmt_date(clash.end)),
            "start",
        )
    return dict(adviser=adviser.id, kind=form.kind, start=form.start, end=form.end,
                day_part=form.day_part, note=form.note.strip())


def record_absence(ctx: Context, form: AbsenceForm) -> int:
    """Record an absence; an overlap with one already recorded is refused, naming it."""
    adviser = validate_absence(ctx, form)
    assert form.start is not None and form.end is not None  # checked by validate_absence
    with transaction():
        columns = absence_columns(adviser, form,
                                  recorded_around(adviser.id, form.start, form.end))
        absence = Absence.create(updated_by=ctx.actor.initials, **columns)
        audit.record(ctx, "absence.create", "absence", absence.id)
    return absence.id


def cancel_absence(ctx: Context, absence_id: int) -> None:
    """Withdraw an absence recorded in error or no longer planned; its covers go with it."""
    absence = Absence.get_or_none(Absence.id == absence_id)
    if absence is None:
        raise NotFound(_("Afwezigheid niet gevonden."))
    if not may_manage(ctx, absence.adviser_id):
        raise AccessDenied(_("U kunt alleen uw eigen afwezigheid intrekken."))
    with transaction():
        Cover.delete().where(Cover.absence == absence_id).execute()
        absence.delete_instance()
        audit.record(ctx, "absence.cancel", "absence", absence_id)


def visible_kind(ctx: Context, adviser_id: int, kind: str) -> str:
    """The reason for an absence is the adviser's own business (ziek is health data): only
    they and a coordinator see it; colleagues see 'overig'."""
    return kind if may_manage(ctx, adviser_id) else "overig"


class CoverRow(NamedTuple):
    id: int
    organisation_id: int
    organisation: str
    replacement_id: int
    replacement: str  # initials
    start: dt.date
    end: dt.date
    version: int
    updated_at: dt.datetime


class AbsenceRow(NamedTuple):
    id: int
    version: int
    adviser_id: int
    adviser: str
    initials: str
    kind: str
    start: dt.date
    end: dt.date
    day_part: str
    covers: tuple[CoverRow, ...]
    updated_at: dt.datetime


def list_absences(ctx: Context, start: dt.date, end: dt.date,
                  adviser_id: int | None = None) -> list[AbsenceRow]:
    """Absences touching [start, end] with their covers; planning, not case content, so every
    adviser sees it (with the reason hidden as `visible_kind` says)."""
    query = (
        Absence.select(Absence, Adviser).join(Adviser)
        .where(Absence.start <= end, Absence.end >= start)
        .order_by(Absence.start, Adviser.name)
    )
    if adviser_id is not None:
        query = query.where(Absence.adviser == adviser_id)
    absences = list(query)
    covers: dict[int, list[CoverRow]] = defaultdict(list)
    if absences:
        cover_query = (
            Cover.select(Cover, Organisation, Adviser)
            .join(Organisation).switch(Cover)
            .join(Adviser)
            .where(Cover.absence.in_([a.id for a in absences]))
            .order_by(Organisation.name, Cover.start)
        )
        for c in cover_query:
            covers[c.absence_id].append(CoverRow(
                c.id, c.organisation_id, c.organisation.name, c.replacement_id,
                c.replacement.initials, c.start, c.end, c.version, c.updated_at))
    return [
        AbsenceRow(a.id, a.version, a.adviser_id, a.adviser.name, a.adviser.initials,
                   visible_kind(ctx, a.adviser_id, a.kind), a.start, a.end, a.day_part,
                   tuple(covers[a.id]), a.updated_at)
        for a in absences
    ]
