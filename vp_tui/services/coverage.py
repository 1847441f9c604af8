"""Coverage: is every client organisation served by an available VP on every working day?

Rules, per organisation per working day of its own calendar (weekdays that are not Dutch
public holidays, nor the client's own days off: services.calendars), judged for the morning
and the afternoon separately:
- the organisation's VPs that day are its vaste and tweede VP (engagements running that day)
  and every adviser assigned to cover it that day;
- a part of the day is *onbezet* when none of them is available (not absent, still active), and
  *onvolledig* when the organisation requires a man and a woman and one of the two is missing;
- the day gets the worse kind of its two parts, with `day_part` saying whether the whole day or
  only the morning or the afternoon has it. So a half-day absence makes at most a half-day gap.
  A gap of one half also carries the other half's lesser gap (`other_kind`), so whoever plans
  a cover sees whether the other half is short too (`gap_text`).
- Days outside the organisation's contract period and inactive organisations have no gaps.

A cover (Cover) lends an adviser to one organisation of an absent adviser for dates inside the
absence. It is refused when the replacement is away on those days, has a recorded conflict of
interest with the organisation, is the absent adviser, or when the dates fall outside the
absence. One organisation may have several replacements at once (a man and a woman), but one
replacement covers it only once per day. Recording a new absence is never refused because of
a cover: the replacement's new absence simply shows up as a gap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import peewee as pw

from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.models import (
    Absence,
    Adviser,
    Case,
    Cover,
    Engagement,
    Organisation,
)
from vp_tui.models.enums import CLOSED, DAY_PARTS
from vp_tui.models.organisations import name_key
from vp_tui.services import audit
from vp_tui.services.absences import (
    PARTS,
    AbsenceIndex,
    list_absences,
    may_manage,
    part_label,
    parts_of,
)
from vp_tui.services.access import organisation_filter, require_organisation
from vp_tui.services.advisers import handles_cases
from vp_tui.services.calendars import AGENCY, Calendar, calendar_of
from vp_tui.services.conflicts import conflicted, has_conflict
from vp_tui.services.context import Context
from vp_tui.services.writes import transaction

#: Genders an organisation that requires a man and a woman must have available.
MIXED = ("m", "v")
SEVERITY = {"onvolledig": 1, "onbezet": 2}


# --- Working days ------------------------------------------------------------------------------

def public_holidays(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """The agency's days off between start and end (inclusive), with their names."""
    return AGENCY.holidays(start, end)


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """The agency's working days from start to end (inclusive); a client works on some of
    them only (Organisation.days_off)."""
    return AGENCY.working_days(start, end)


def is_working_day(day: dt.date) -> bool:
    return AGENCY.is_working_day(day)


# --- The gaps -----------------------------------------------------------------------------------

class OrganisationRef(NamedTuple):
    id: int
    name: str
    requires_mixed_gender: bool


class Gap(NamedTuple):
    organisation_id: int
    organisation: str
    day: dt.date
    kind: str  # GAP_KINDS
    day_part: str  # DAY_PARTS: the whole day, or only the morning or afternoon
    missing: tuple[str, ...]  # genders (GENDERS keys) missing, for a man-and-woman organisation
    #: For a gap of one half of the day: the other half's lesser gap ("onvolledig"), or "".
    other_kind: str = ""
    other_missing: tuple[str, ...] = ()

    @property
    def other_part(self) -> str:
        """The half of the day the gap does not name ("" for a whole-day gap)."""
        return {"ochtend": "middag", "middag": "ochtend"}.get(self.day_part, "")


def gap_text(gap: Gap) -> str:
    """A gap in words people can act on: 'onvolledig: geen vrouw beschikbaar', 'onbezet
    (ochtend); middag ook onvolledig: geen man beschikbaar', 'onbezet (middag); ochtend
    bezet'."""
    if gap.day_part == "dag":
        return _kind_text(gap.kind, gap.missing)
    text = _kind_text(gap.kind, gap.missing, DAY_PARTS.label(gap.day_part))
    other = DAY_PARTS.label(gap.other_part)
    if gap.other_kind:
        return _("{gap}; {part} ook {kind}").format(
            gap=text, part=other, kind=_kind_text(gap.other_kind, gap.other_missing))
    return _("{gap}; {part} bezet").format(gap=text, part=other)


def _kind_text(kind: str, missing: tuple[str, ...], part: str = "") -> str:
    text = _("onvolledig") if kind == "onvolledig" else _("onbezet")
    if part:
        text = _("{kind} ({part})").format(kind=text, part=part)
    if kind == "onvolledig":
        text = _("{kind}: {missing}").format(kind=text, missing=missing_label(missing))
    return text


@dataclass
class Coverage:
    start: dt.date
    end: dt.date
    days: list[dt.date]
    holidays: dict[dt.date, str]
    organisations: list[OrganisationRef]
    gaps: list[Gap]
    #: Per organisation with days off of its own: those of `days` it is closed, with names.
    closed: dict[int, dict[dt.date, str]]

    def gap_at(self, organisation_id: int, day: dt.date) -> Gap | None:
        return next((g for g in self.gaps
                     if g.organisation_id == organisation_id and g.day == day), None)


#: Each part of the day on its own, as the parts a gap is judged in.
_ONE_PART = {part: frozenset({part}) for part in PARTS}


class _Planning:
    """Engagements, covers, absences and advisers of a period, loaded in a few queries.

    Only the advisers who serve the organisations (their VPs and covers) and their absences
    are loaded, which is all a gap depends on; `all_advisers` for suggestions, which look
    at everyone. At the busiest adviser's start the dashboard's warnings loaded all 60
    advisers and every absence of four months for this."""

    def __init__(self, start: dt.date, end: dt.date, org_ids: list[int] | None = None,
                 all_advisers: bool = False) -> None:
        # The columns a gap depends on: a dashboard's start loads these for every
        # organisation of the actor, and converting every column was a third of it.
        orgs = Organisation.select(
            Organisation.id, Organisation.name, Organisation.requires_mixed_gender,
            Organisation.contract_start, Organisation.contract_end, Organisation.days_off,
        ).where(Organisation.active == True)  # noqa: E712
        engagements = Engagement.select(
            Engagement.adviser, Engagement.organisation, Engagement.start, Engagement.end,
        ).where(Engagement.start <= end, Engagement.end.is_null() | (Engagement.end >= start))
        covers = Cover.select(
            Cover.replacement, Cover.organisation, Cover.start, Cover.end,
        ).where(Cover.start <= end, Cover.end >= start)
        if org_ids is not None:
            orgs = orgs.where(Organisation.id.in_(org_ids))
            engagements = engagements.where(Engagement.organisation.in_(org_ids))
            covers = covers.where(Cover.organisation.in_(org_ids))
        self.organisations = list(orgs.order_by(Organisation.name))
        self.calendars: dict[int, Calendar] = {o.id: calendar_of(o.days_off)
                                               for o in self.organisations}
        self.engagements: dict[int, list[Engagement]] = defaultdict(list)
        for e in engagements:
            self.engagements[e.organisation_id].append(e)
        self.covers: dict[int, list[Cover]] = defaultdict(list)
        for c in covers:
            self.covers[c.organisation_id].append(c)
        advisers = Adviser.select()
        serving = None
        if not all_advisers:
            serving = list({e.adviser_id for es in self.engagements.values() for e in es}
                           | {c.replacement_id for cs in self.covers.values() for c in cs})
            advisers = advisers.where(Adviser.id.in_(serving))
        self.advisers = {a.id: a for a in advisers}
        self.index = AbsenceIndex.load(start, end, serving)

    def vps(self, org_id: int, day: dt.date) -> set[int]:
        """Advisers who serve the organisation on `day`: its VPs and its covers."""
        engaged = {e.adviser_id for e in self.engagements[org_id]
                   if e.start <= day and (e.end is None or e.end >= day)}
        covering = {c.replacement_id for c in self.covers[org_id] if c.start <= day <= c.end}
        return engaged | covering

    def available(self, adviser_id: int, day: dt.date, parts: frozenset[str]) -> bool:
        adviser = self.advisers[adviser_id]
        return adviser.active and self.index.available(adviser_id, day, parts)

    def gap(self, org: Organisation, day: dt.date) -> Gap | None:
        if (org.contract_start and day < org.contract_start) or (
                org.contract_end and day > org.contract_end):
            return None
        if not self.calendars[org.id].is_working_day(day):
            return None
        vps = self.vps(org.id, day)
        kinds: dict[str, tuple[str, set[str]]] = {}
        needed = frozenset(MIXED) if org.requires_mixed_gender else frozenset()
        for part, only in _ONE_PART.items():
            present = [a for a in vps if self.available(a, day, only)]
            missing = needed - {self.advisers[a].gender for a in present}
            if not present:
                kinds[part] = ("onbezet", missing)
            elif missing:
                kinds[part] = ("onvolledig", missing)
        if not kinds:
            return None
        worst = max((k for k, _m in kinds.values()), key=SEVERITY.__getitem__)
        parts = {p for p, (k, _m) in kinds.items() if k == worst}
        missing = set().union(*(m for k, m in kinds.values() if k == worst))
        lesser = [(k, tuple(sorted(m))) for k, m in kinds.values() if k != worst]
        other_kind, other_missing = lesser[0] if lesser else ("", ())
        return Gap(org.id, org.name, day, worst, part_label(parts), tuple(sorted(missing)),
                   other_kind, other_missing)


def period_end(start: dt.date, weeks: int) -> dt.date:
    try:
        return start + dt.timedelta(days=7 * weeks - 1)
    except OverflowError:
        raise ValidationError(
            _("De periode van {weeks} weken vanaf {start} loopt voorbij het jaar 9999; kies "
              "een eerdere begindatum.").format(weeks=weeks, start=start.isoformat()),
            "start",
        ) from None


def coverage(ctx: Context, start: dt.date, weeks: int = 4) -> Coverage:
    """The gaps of the organisations the actor may see, over `weeks` weeks from `start`."""
    if not 1 <= weeks <= 53:
        raise ValidationError(_("Aantal weken: 1 tot en met 53."), "weeks")
    end = period_end(start, weeks)
    visible = [o.id for o in Organisation.select(Organisation.id).where(organisation_filter(ctx))]
    planning = _Planning(start, end, visible)
    days = working_days(start, end)
    gaps = [g for org in planning.organisations for day in days
            if (g := planning.gap(org, day)) is not None]
    gaps.sort(key=lambda g: (g.day, g.organisation))
    closed = {}
    open_days = set(days)
    for org in planning.organisations:
        calendar = planning.calendars[org.id]
        if calendar is not AGENCY:
            own = {d: n for d, n in calendar.holidays(start, end).items() if d in open_days}
            if own:
                closed[org.id] = own
    return Coverage(
        start, end, days, public_holidays(start, end),
        [OrganisationRef(o.id, o.name, o.requires_mixed_gender)
         for o in planning.organisations],
        gaps, closed,
    )


def gap_for(organisation_id: int, day: dt.date) -> Gap | None:
    """The gap of one organisation on one day, or None when it is covered (or no working day
    of the organisation's)."""
    if not is_working_day(day):
        return None
    planning = _Planning(day, day, [organisation_id])
    return planning.gap(planning.organisations[0], day) if planning.organisations else None


# --- Suggestions ------------------------------------------------------------------------------

class Suggestion(NamedTuple):
    adviser_id: int
    initials: str
    name: str
    gender: str
    known: bool  # engaged with or covered the organisation before
    open_cases: int


def suggest_replacements(ctx: Context, organisation_id: int, day: dt.date) -> list[Suggestion]:
    """Who could fill the gap, best first: available in the gap's part of the day, no conflict
    of interest, the missing gender where a man and a woman are required; then advisers the
    organisation already knows, then the lower open caseload."""
    org = require_organisation(ctx, organisation_id)
    gap = gap_for(org.id, day)
    if gap is None:
        return []
    planning = _Planning(day, day, [org.id], all_advisers=True)
    serving = planning.vps(org.id, day)
    conflicting = {c.adviser_id for c in conflicted(org.id)}
    # A cover takes the parts of the day the absence takes, so the replacement must be free then.
    behind = _absence_behind(gap)
    parts = parts_of(behind.day_part if behind else gap.day_part)
    candidates = [
        a for a in planning.advisers.values()
        if handles_cases(a) and a.id not in serving
        and a.id not in conflicting and planning.available(a.id, day, parts)
        and (gap.kind != "onvolledig" or a.gender in gap.missing)
    ]
    if not candidates:
        return []
    ids = [a.id for a in candidates]
    known = {e.adviser_id for e in Engagement.select(Engagement.adviser).where(
        Engagement.organisation == org.id, Engagement.start <= day, Engagement.adviser.in_(ids))}
    known |= {c.replacement_id for c in Cover.select(Cover.replacement).where(
        Cover.organisation == org.id, Cover.start <= day, Cover.replacement.in_(ids))}
    caseload = dict(
        Case.select(Case.owner, pw.fn.COUNT(Case.id))
        .where(Case.status != CLOSED, Case.owner.in_(ids))
        .group_by(Case.owner).tuples()
    )
    suggestions = [Suggestion(a.id, a.initials, a.name, a.gender, a.id in known,
                              caseload.get(a.id, 0)) for a in candidates]
    suggestions.sort(key=lambda s: (not s.known, s.open_cases, s.name))
    return suggestions


# --- Covers ----------------------------------------------------------------------------------

def add_cover(ctx: Context, absence_id: int, organisation_id: int, replacement_id: int,
              start: dt.date | None, end: dt.date | None) -> int:
    """Let `replacement` cover one organisation of an absent adviser from start to end."""
    absence = Absence.get_or_none(Absence.id == absence_id)
    if absence is None:
        raise NotFound(_("Afwezigheid niet gevonden."))
    org = Organisation.get_or_none(Organisation.id == organisation_id)
    replacement = Adviser.get_or_none(Adviser.id == replacement_id)
    with transaction():
        check_cover(ctx, absence, org, replacement, start, end)
        cover = Cover.create(absence=absence, organisation=org, replacement=replacement,
                             start=start, end=end, updated_by=ctx.actor.initials)
        audit.record(ctx, "cover.create", "cover", cover.id)
    return cover.id


def check_cover(ctx: Context, absence: Absence, org: Organisation | None,
                replacement: Adviser | None, start: dt.date | None, end: dt.date | None,
                planned: Iterable[Cover] = ()) -> None:
    """Every rule a new cover meets, for the form, the command line and the import alike.
    `planned`: covers not stored yet (earlier rows of a file), which count as stored. Only
    reads, so an import checks its rows outside the write lock."""
    if not may_manage(ctx, absence.adviser_id):
        raise AccessDenied(_("Alleen de afwezige adviseur of een coördinator regelt vervanging."))
    if org is None:
        raise NotFound(_("Organisatie niet gevonden."))
    if replacement is None:
        raise NotFound(_("Adviseur niet gevonden."))
    _check_dates(start, end)
    if start < absence.start or end > absence.end:
        raise ValidationError(
            _("De vervanging moet binnen de afwezigheid vallen ({start} tot en met {end}).")
            .format(start=fmt_date(absence.start), end=fmt_date(absence.end)), "start")
    if replacement.id == absence.adviser_id:
        raise ValidationError(_("Een adviseur kan zichzelf niet vervangen."), "replacement")
    if not handles_cases(replacement):
        raise ValidationError(
            _("{who} kan niet als vervanger optreden.").format(who=replacement.initials),
            "replacement")
    if not Engagement.select().where(
            Engagement.adviser == absence.adviser_id, Engagement.organisation == org.id,
            Engagement.start <= end,
            Engagement.end.is_null() | (Engagement.end >= start)).exists():
        raise ValidationError(
            _("{who} is in die periode geen VP van {org}.").format(
                who=absence.adviser.initials, org=org.name), "organisation")
    if has_conflict(replacement.id, org.id):
        raise ValidationError(
            _("{who} heeft een belangenconflict met {org}.").format(
                who=replacement.initials, org=org.name), "replacement")
    clash = AbsenceIndex.load(start, end).first_clash(
        replacement.id, start, end, parts_of(absence.day_part))
    if clash is not None:
        raise ValidationError(
            _("{who} is zelf afwezig van {start} tot en met {end}.").format(
                who=replacement.initials, start=fmt_date(clash.start),
                end=fmt_date(clash.end)), "replacement")
    stored = Cover.select().where(Cover.absence == absence.id, Cover.organisation == org.id,
                                  Cover.replacement == replacement.id,
                                  Cover.start <= end, Cover.end >= start).exists()
    if stored or any(c.absence_id == absence.id and c.organisation_id == org.id
                     and c.replacement_id == replacement.id and c.start <= end
                     and c.end >= start for c in planned):
        raise ValidationError(
            _("{who} vervangt in die periode al bij {org}.").format(
                who=replacement.initials, org=org.name), "start")


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start is None or end is None:
        raise ValidationError(_("Begin- en einddatum zijn verplicht."), "start")
    if end < start:
        raise ValidationError(_("De einddatum ligt vóór de begindatum."), "end")


def absence_during(adviser: Adviser, start: dt.date, end: dt.date) -> Absence:
    """The absence of `adviser` that a cover from start to end falls in."""
    _check_dates(start, end)
    found = Absence.select().where(Absence.adviser == adviser.id, Absence.start <= start,
                                   Absence.end >= end).order_by(Absence.start).first()
    if found is None:
        raise ValidationError(
            _("{who} is van {start} tot en met {end} niet afwezig; een vervanging valt "
              "binnen een afwezigheid.").format(who=adviser.initials, start=fmt_date(start),
                                                end=fmt_date(end)), "start")
    return found


def same_cover_exists(absence_id: int, organisation_id: int, replacement_id: int,
                      start: dt.date, end: dt.date) -> bool:
    """This very cover is stored already: importing or adding it again changes nothing."""
    return Cover.select().where(
        Cover.absence == absence_id, Cover.organisation == organisation_id,
        Cover.replacement == replacement_id, Cover.start == start, Cover.end == end).exists()


def cover_by_names(ctx: Context, absent: str, organisation: str, replacement: str,
                   start: dt.date, end: dt.date) -> tuple[int, bool]:
    """A cover named as people type it (initials, the organisation's name): the command
    line's. Returns the cover's id and whether it was made now (False: it existed)."""
    who = _adviser_named(absent)
    stand_in = _adviser_named(replacement)
    org = Organisation.get_or_none(Organisation.name_key == name_key(organisation))
    if org is None:
        raise NotFound(_("Onbekende organisatie: {name}").format(name=organisation))
    absence = absence_during(who, start, end)
    existing = Cover.get_or_none(
        Cover.absence == absence.id, Cover.organisation == org.id,
        Cover.replacement == stand_in.id, Cover.start == start, Cover.end == end)
    if existing is not None:
        if not may_manage(ctx, who.id):
            raise AccessDenied(
                _("Alleen de afwezige adviseur of een coördinator regelt vervanging."))
        return existing.id, False
    return add_cover(ctx, absence.id, org.id, stand_in.id, start, end), True


def _adviser_named(initials: str) -> Adviser:
    adviser = Adviser.get_or_none(Adviser.initials == initials.strip().upper())
    if adviser is None:
        raise NotFound(_("Onbekende adviseur: {who}").format(who=initials))
    return adviser


class Shortfall(NamedTuple):
    """A man-and-woman organisation's working days on which a gender is still missing."""

    organisation: str
    missing: tuple[str, ...]  # GENDERS keys
    days: tuple[dt.date, ...]

    def __str__(self) -> str:
        return _("{org} blijft onvolledig: {missing} op {n} werkdag(en), de eerste "
                 "{day}").format(org=self.organisation, missing=missing_label(self.missing),
                                 n=len(self.days), day=fmt_date(self.days[0]))


def missing_label(missing: Iterable[str]) -> str:
    """'geen vrouw beschikbaar': what a man-and-woman organisation lacks, in words."""
    lacking = set(missing) & set(MIXED)
    if lacking == set(MIXED):
        return _("geen man en geen vrouw beschikbaar")
    return _("geen man beschikbaar") if lacking == {"m"} else _("geen vrouw beschikbaar")


def gender_shortfall(organisation_id: int, start: dt.date, end: dt.date,
                     planned: Iterable[Cover] = ()) -> Shortfall | None:
    """Whether a man-and-woman organisation still misses a man or a woman on a working day
    from start to end, with its stored covers and `planned` ones: the man-and-woman rule
    that a cover is reported against (it is not refused for it)."""
    planning = _Planning(start, end, [organisation_id], all_advisers=True)
    if not planning.organisations or not planning.organisations[0].requires_mixed_gender:
        return None
    org = planning.organisations[0]
    planning.covers[org.id] += [c for c in planned if c.organisation_id == org.id]
    gaps = [g for d in working_days(start, end)
            if (g := planning.gap(org, d)) is not None and g.kind == "onvolledig"]
    if not gaps:
        return None
    missing = tuple(sorted(set().union(*(g.missing for g in gaps))))
    return Shortfall(org.name, missing, tuple(g.day for g in gaps))


def cover_shortfall(cover_id: int) -> Shortfall | None:
    """The man-and-woman rule over a stored cover's days."""
    cover = Cover.get_by_id(cover_id)
    return gender_shortfall(cover.organisation_id, cover.start, cover.end)


def cover_text(plan: CoverPlan) -> str:
    """'NN Nico Nes vervangt MA Mark Aal bij Alfa van … tot en met … (alleen ochtend).'"""
    text = _("{replacement} vervangt {absent} bij {org} van {start} tot en met {end}").format(
        replacement=plan.replacement, absent=plan.absent, org=plan.organisation,
        start=fmt_date(plan.start, "short"), end=fmt_date(plan.end, "short"))
    if plan.day_part != "dag":
        text += " " + _("(alleen {part})").format(part=DAY_PARTS.label(plan.day_part))
    return text + "."


class CoverListRow(NamedTuple):
    id: int
    organisation: str
    replacement: str  # initials
    absent: str  # initials
    start: dt.date
    end: dt.date
    day_part: str  # DAY_PARTS: the absence's


def list_covers(ctx: Context, start: dt.date, end: dt.date) -> list[CoverListRow]:
    """Covers touching [start, end], by start date: planning, which every adviser sees (as
    the absences they belong to)."""
    rows = [CoverListRow(c.id, c.organisation, c.replacement, a.initials, c.start, c.end,
                         a.day_part)
            for a in list_absences(ctx, start, end) for c in a.covers
            if c.start <= end and c.end >= start]
    return sorted(rows, key=lambda r: (r.start, r.organisation, r.replacement, r.id))


def remove_cover(ctx: Context, cover_id: int) -> None:
    cover = Cover.get_or_none(Cover.id == cover_id)
    if cover is None:
        raise NotFound(_("Vervanging niet gevonden."))
    if not may_manage(ctx, cover.absence.adviser_id):
        raise AccessDenied(_("Alleen de afwezige adviseur of een coördinator regelt vervanging."))
    with transaction():
        cover.delete_instance()
        audit.record(ctx, "cover.delete", "cover", cover_id)


def _absence_behind(gap: Gap) -> Absence | None:
    """The absence of one of the organisation's own VPs that causes the gap; for a missing
    gender, preferably the absent VP of that gender."""
    parts = parts_of(gap.day_part)
    engaged = Engagement.select(Engagement.adviser).where(
        Engagement.organisation == gap.organisation_id, Engagement.start <= gap.day,
        Engagement.end.is_null() | (Engagement.end >= gap.day))
    candidates = [
        a for a in Absence.select(Absence, Adviser).join(Adviser).where(
            Absence.adviser.in_(engaged), Absence.start <= gap.day, Absence.end >= gap.day)
        if parts_of(a.day_part) & parts
    ]
    if not candidates:
        return None
    covered = {c.absence_id for c in Cover.select(Cover.absence).where(
        Cover.organisation == gap.organisation_id, Cover.start <= gap.day,
        Cover.end >= gap.day)}
    candidates.sort(key=lambda a: (a.id in covered, a.adviser.gender not in gap.missing,
                                   a.start, a.id))
    return candidates[0]


def _cover_window(ctx: Context, organisation_id: int, day: dt.date,
                  replacement_id: int) -> tuple[Gap, Absence, dt.date, dt.date]:
    """The gap on `day`, the absence behind it, and the cover one key records for it: from
    `day` over the longest unbroken stretch of the absence in which the replacement is free
    and does not cover it already (not reaching back before today)."""
    gap = gap_for(organisation_id, day)
    if gap is None:
        raise ValidationError(_("Op {day} is er geen tekort bij deze organisatie.").format(
            day=fmt_date(day)))
    absence = _absence_behind(gap)
    if absence is None:
        raise ValidationError(
            _("Op {day} is geen VP van {org} afwezig; wijs een VP toe in het dossier van de "
              "organisatie.").format(day=fmt_date(gap.day), org=gap.organisation))
    index = AbsenceIndex.load(absence.start, absence.end)
    parts = parts_of(absence.day_part)
    taken = list(Cover.select().where(Cover.absence == absence.id,
                                      Cover.organisation == organisation_id,
                                      Cover.replacement == replacement_id))

    def free(d: dt.date) -> bool:
        return (absence.start <= d <= absence.end and index.available(replacement_id, d, parts)
                and not any(c.start <= d <= c.end for c in taken))

    one = dt.timedelta(days=1)
    start = end = day
    floor = min(day, ctx.today)  # never widen into the past: a cover window opens access
    while start - one >= floor and free(start - one):
        start -= one
    while free(end + one):
        end += one
    return gap, absence, start, end


def assign_cover(ctx: Context, organisation_id: int, day: dt.date, replacement_id: int) -> int:
    """One key fills a gap: the cover `describe_assignment` describes."""
    _gap, absence, start, end = _cover_window(ctx, organisation_id, day, replacement_id)
    return add_cover(ctx, absence.id, organisation_id, replacement_id, start, end)


class CoverPlan(NamedTuple):
    """What `assign_cover` would record, for the user to confirm before it does."""

    organisation: str
    replacement: str  # initials and name
    absent: str  # initials and name of the absent VP whose organisation is covered
    start: dt.date
    end: dt.date
    day_part: str  # DAY_PARTS: the parts of the day the cover takes (the absence's)
    missing: tuple[str, ...]  # genders missing on the gap's day, for a man-and-woman organisation
    still_missing: tuple[str, ...]  # of those, the genders still missing with this cover


def describe_assignment(ctx: Context, organisation_id: int, day: dt.date,
                        replacement_id: int) -> CoverPlan:
    """Who would cover whom at which organisation from when to when, and whether a
    man-and-woman organisation then has both on the gap's day. Refused for the reasons
    `assign_cover` is refused before it writes."""
    require_organisation(ctx, organisation_id)
    replacement = Adviser.get_or_none(Adviser.id == replacement_id)
    if replacement is None:
        raise NotFound(_("Adviseur niet gevonden."))
    gap, absence, start, end = _cover_window(ctx, organisation_id, day, replacement_id)
    return CoverPlan(
        gap.organisation, f"{replacement.initials} {replacement.name}",
        f"{absence.adviser.initials} {absence.adviser.name}", start, end, absence.day_part,
        gap.missing, tuple(g for g in gap.missing if g != replacement.gender),
    )


def describe_cover(ctx: Context, cover_id: int) -> CoverPlan:
    """A recorded cover in the shape of the plan it came from (no gender figures: those
    belong to the gap it filled), to tell the user what was saved."""
    cover = Cover.get_or_none(Cover.id == cover_id)
    if cover is None:
        raise NotFound(_("Vervanging niet gevonden."))
    org = require_organisation(ctx, cover.organisation_id)
    absence = cover.absence
    return CoverPlan(org.name, f"{cover.replacement.initials} {cover.replacement.name}",
                     f"{absence.adviser.initials} {absence.adviser.name}", cover.start,
                     cover.end, absence.day_part, (), ())

# --- Warnings for the dashboard ---------------------------------------------------------------

class AbsenceWarning(NamedTuple):
    absence_id: int
    organisation_id: int
    organisation: str
    kind: str  # GAP_KINDS: the worst gap in the absence
    first_day: dt.date
    days: int  # working days with a gap


def absence_warnings(ctx: Context) -> list[AbsenceWarning]:
    """For the actor's current and planned absences: each of their organisations that is left
    with a gap on a working day of the absence."""
    warnings: list[AbsenceWarning] = []
    absences = list(Absence.select().where(Absence.adviser == ctx.actor.id,
                                           Absence.end >= ctx.today).order_by(Absence.start))
    if not absences:
        return warnings
    # One planning for the span of all of them (it answers per day, so a wider span changes
    # no answer): loading it per absence cost the dashboard tens of milliseconds at start.
    engaged = list(Engagement.select(Engagement.organisation, Engagement.start, Engagement.end)
                   .where(Engagement.adviser == ctx.actor.id))
    planning = _Planning(ctx.today, max(a.end for a in absences),
                         list({e.organisation_id for e in engaged}))
    for absence in absences:
        start = max(absence.start, ctx.today)
        orgs = {e.organisation_id for e in engaged
                if e.start <= absence.end and (e.end is None or e.end >= start)}
        days = working_days(start, absence.end)  # the planning skips a client's own days off
        for org in (o for o in planning.organisations if o.id in orgs):
            gaps = [g for d in days if (g := planning.gap(org, d)) is not None]
            if gaps:
                worst = max((g.kind for g in gaps), key=SEVERITY.__getitem__)
                warnings.append(AbsenceWarning(absence.id, org.id, org.name, worst,
                                               gaps[0].day, len(gaps)))
    return warnings
