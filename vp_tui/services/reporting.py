"""The annual report's figures: computed once here, anonymity applied here.

The Word writer, `vp-tui stats --json`, `vp-tui export figures` and the report screen only
format what this module returns: a ReportFigures never holds an exact count that the rules
hide, so no front end can leak one by accident. Only enumerated columns and counters of cases
are ever read (never melder code, contact, department, timeline text or notes), and the
skeleton columns `conversation_count` and `minutes_spent` survive a retention purge, so the
figures of a year do not change when its cases are purged.

Conventions (README, "Annual report (jaarverslag)"):
- A case belongs to the year in which it was opened; its conversations and minutes too.
- Levels: "geen" (no cases), "weinig" (1 <= n < k: the Dutch sentence of the seed letter, no
  breakdown, the number shown as "< k", and no figure from which it could be derived: case
  hours and conversations are not shown, hours are one total for all work), "volledig".
- Breakdowns are protected by vp_tui.services.anonymity.protect.
- Referral destinations count cases (a case referred twice to the same place counts once).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import peewee as pw

from vp_tui.errors import NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import (
    Activity,
    Adviser,
    Case,
    CaseCategory,
    ChecklistItem,
    Engagement,
    Organisation,
    Referral,
)
from vp_tui.models.enums import (
    ACTIVITY_KINDS,
    CASE_TYPES,
    CATEGORIES,
    CHECKLIST,
    CHECKLIST_STATUSES,
    CLOSED,
    ENGAGEMENT_ROLES,
    MELDER_ROLES,
    OUTCOMES,
    REFERRAL_DESTINATIONS,
    RELATIONS,
    Enumeration,
)
from vp_tui.services import audit
from vp_tui.services.access import organisation_filter, require_coordinator, require_organisation
from vp_tui.services.anonymity import DEFAULT_K, effective_k, protect
from vp_tui.services.context import Context
from vp_tui.services.organisations import hours_used
from vp_tui.services.writes import transaction

GEEN, WEINIG, VOLLEDIG = "geen", "weinig", "volledig"
NOT_RECORDED = "niet_vastgelegd"
STILL_OPEN = "lopend"
FIRST_YEAR = 2000


@dataclass(frozen=True)
class FigureCell:
    key: str
    label: str
    #: None whenever the exact value is hidden; `shown` is then "< k" or "≥ k".
    count: int | None
    shown: str


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    cells: tuple[FigureCell, ...]
    #: True when no breakdown may be shown at all (too few cases, or no safe suppression).
    withheld: bool
    #: True when the cells add up to the year's total (one value per case).
    partitions_total: bool


@dataclass(frozen=True)
class YearFigures:
    year: int
    level: str
    #: None when 1 <= n < k; `cases_shown` is then "< k".
    cases: int | None
    cases_shown: str
    conversations: int | None
    case_hours: float | None
    activity_hours: float | None
    total_hours: float
    contract_hours: float


@dataclass(frozen=True)
class ActivityLine:
    kind: str
    label: str
    count: int
    #: None at level "weinig" (case hours would follow from the total).
    hours: float | None


@dataclass(frozen=True)
class OpenArrangement:
    item: str
    label: str
    status: str
    status_label: str


@dataclass(frozen=True)
class ReportFigures:
    organisation_id: int | None
    organisation: str
    year: int
    k: int
    summary: str
    current: YearFigures
    previous: YearFigures
    breakdowns: tuple[Breakdown, ...]
    activities: tuple[ActivityLine, ...]
    open_arrangements: tuple[OpenArrangement, ...]
    advisers: tuple[str, ...]

    @property
    def level(self) -> str:
        return self.current.level

    def as_dict(self) -> dict:
        return asdict(self)

    def rows(self) -> list[tuple[str, str, int | float | None, str]]:
        """(section, label, value or None, shown) for flat exports such as CSV."""
        out: list[tuple[str, str, int | float | None, str]] = []
        for year in (self.current, self.previous):
            section = _("kerncijfers {year}").format(year=year.year)
            out.extend((section, f.label, f.value, f.shown) for f in key_figures(year))
        for line in self.activities:
            out.append((_("activiteiten (aantal)"), line.label, line.count, str(line.count)))
            if line.hours is not None:
                out.append((_("activiteiten (uren)"), line.label, line.hours,
                            format_hours(line.hours)))
        for breakdown in self.breakdowns:
            if breakdown.withheld:
                out.append((breakdown.title, _("niet uitgesplitst"), None, WITHHELD_MARK))
            out.extend((breakdown.title, c.label, c.count, c.shown) for c in breakdown.cells)
        return out


#: What a table shows where a figure may not be given.
WITHHELD_MARK = "–"


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    #: None when not shown at this level.
    value: int | float | None
    shown: str


def format_hours(hours: float) -> str:
    """Dutch decimal comma, one decimal: '12,5'."""
    return f"{hours:.1f}".replace(".", ",")


def _shown(value: int | float | None) -> str:
    if value is None:
        return WITHHELD_MARK
    return format_hours(value) if isinstance(value, float) else str(value)


def key_figures(year: YearFigures) -> list[KeyFigure]:
    """The summary lines every front end shows, in this order."""
    return [
        KeyFigure("meldingen", _("Meldingen"), year.cases, year.cases_shown),
        KeyFigure("gesprekken", _("Gesprekken"), year.conversations,
                  _shown(year.conversations)),
        KeyFigure("uren_meldingen", _("Uren meldingen"), year.case_hours,
                  _shown(year.case_hours)),
        KeyFigure("uren_activiteiten", _("Uren voorlichting en advies"), year.activity_hours,
                  _shown(year.activity_hours)),
        KeyFigure("uren_totaal", _("Uren totaal"), year.total_hours, _shown(year.total_hours)),
        KeyFigure("contracturen", _("Contracturen"), year.contract_hours,
                  _shown(year.contract_hours)),
    ]


def summary_sentence(level: str, year: int, cases: int, k: int) -> str:
    """The opening sentence of the figures; at 'weinig' the wording of the seed letter."""
    if level == GEEN:
        return _("In {year} zijn er vanuit uw organisatie geen meldingen bij de externe "
                 "vertrouwenspersoon gedaan.").format(year=year)
    if level == WEINIG:
        return _("In {year} is er vanuit uw organisatie maar minimaal beroep gedaan op de "
                 "externe vertrouwenspersoon over klachten van grensoverschrijdend gedrag of "
                 "meldingen over integriteitskwesties. Omdat het een klein aantal meldingen "
                 "betreft, kan er geen nadere toelichting worden gegeven zonder het risico op "
                 "herleidbaarheid te lopen.").format(year=year)
    return _("In {year} zijn er vanuit uw organisatie {n} meldingen bij de externe "
             "vertrouwenspersoon gedaan. In de tabellen hieronder staan aantallen kleiner dan "
             "{k} als '< {k}'; waar nodig is ook een groter aantal alleen als '≥ {k}' vermeld, "
             "zodat geen aantal kan worden teruggerekend. Onderdelen zonder meldingen zijn "
             "weggelaten.").format(year=year, n=cases, k=k)


# --- computing -------------------------------------------------------------------------------


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def check_year(ctx: Context, year: int) -> None:
    if not FIRST_YEAR <= year <= ctx.today.year:
        raise ValidationError(
            _("Jaar {year} kan niet: kies een jaar van {first} tot en met {last}.").format(
                year=year, first=FIRST_YEAR, last=ctx.today.year),
            "year",
        )


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def _level(n: int, k: int) -> str:
    return GEEN if n == 0 else WEINIG if n < k else VOLLEDIG


@dataclass(frozen=True)
class _Scope:
    """Which organisations count: one, or several (the agency), with the threshold applied."""

    org_ids: tuple[int, ...]
    k: int

    @property
    def cases(self) -> pw.Expression:
        return Case.organisation.in_(self.org_ids)

    @property
    def activities(self) -> pw.Expression:
        return Activity.organisation.in_(self.org_ids)


def _org_scope(org: Organisation) -> _Scope:
    return _Scope((org.id,), effective_k(org.anonymity_k))


def _case_rows(scope: _Scope, year: int) -> list[dict]:
    """Only enumerated columns and counters: free text is never read."""
    start, end = _year_range(year)
    return list(
        Case.select(Case.id, Case.organisation, Case.case_type, Case.relation,
                    Case.melder_role, Case.status, Case.outcome, Case.conversation_count)
        .where(scope.cases, Case.opened_on.between(start, end))
        .dicts()
    )


def _activity_totals(scope: _Scope, year: int) -> dict[str, tuple[int, int]]:
    start, end = _year_range(year)
    query = (
        Activity.select(Activity.kind, pw.fn.COUNT(Activity.id).alias("n"),
                        pw.fn.COALESCE(pw.fn.SUM(Activity.minutes), 0).alias("minutes"))
        .where(scope.activities, Activity.date.between(start, end))
        .group_by(Activity.kind)
        .dicts()
    )
    return {row["kind"]: (row["n"], row["minutes"]) for row in query}


def _year_figures(scope: _Scope, year: int) -> tuple[YearFigures, list[dict]]:
    rows = _case_rows(scope, year)
    # Hours per organisation and year are counted in one place: organisations.hours_used.
    used = [hours_used(org_id, year) for org_id in scope.org_ids]
    n = len(rows)
    level = _level(n, scope.k)
    detailed = level != WEINIG
    figures = YearFigures(
        year=year,
        level=level,
        cases=n if detailed else None,
        cases_shown=str(n) if detailed else f"< {scope.k}",
        conversations=sum(r["conversation_count"] or 0 for r in rows) if detailed else None,
        case_hours=_sum(u.case_hours for u in used) if detailed else None,
        activity_hours=_sum(u.activity_hours for u in used) if detailed else None,
        total_hours=_sum(u.total for u in used),
        contract_hours=_sum(u.contract_hours for u in used),
    )
    return figures, rows


def _sum(values: Iterable[float]) -> float:
    return round(sum(values), 2)


def _activity_lines(scope: _Scope, year: int, level: str) -> tuple[ActivityLine, ...]:
    totals = _activity_totals(scope, year)
    return tuple(
        ActivityLine(c.key, c.label, totals[c.key][0],
                     _hours(totals[c.key][1]) if level != WEINIG else None)
        for c in ACTIVITY_KINDS if c.key in totals
    )


def _protected(key: str, title: str, counted: Counter, labels: Sequence[tuple[str, str]],
               k: int, partitions: bool) -> Breakdown:
    """Apply the anonymity rule to counts in the given label order."""
    values = [counted.get(cell_key, 0) for cell_key, _label in labels]
    shown = protect(values, k)
    if shown is None:
        return Breakdown(key, title, (), True, partitions)
    cells = tuple(
        FigureCell(labels[p.index][0], labels[p.index][1], p.count, p.shown) for p in shown
    )
    return Breakdown(key, title, cells, False, partitions)


def _labels(enum: Enumeration, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(c.key, c.label) for c in enum] + list(extra)


def _attribute(enum: Enumeration, value: str) -> str:
    return value if value in enum else NOT_RECORDED


def _outcome(row: dict) -> str:
    if row["status"] != CLOSED:
        return STILL_OPEN
    return _attribute(OUTCOMES, row["outcome"])


def _cases_of_year(scope: _Scope, year: int) -> pw.SelectQuery:
    start, end = _year_range(year)
    return Case.select(Case.id).where(scope.cases, Case.opened_on.between(start, end))


def _breakdowns(scope: _Scope, year: int, rows: list[dict]) -> tuple[Breakdown, ...]:
    k = scope.k
    not_recorded = (NOT_RECORDED, _("niet vastgelegd"))
    single: list[tuple[str, str, Enumeration, Callable[[dict], str], list]] = [
        ("soort", _("Soort melding"), CASE_TYPES,
         lambda r: _attribute(CASE_TYPES, r["case_type"]), [not_recorded]),
        ("relatie", _("Relatie tot de veroorzaker"), RELATIONS,
         lambda r: _attribute(RELATIONS, r["relation"]), [not_recorded]),
        ("rol_melder", _("Rol van de melder"), MELDER_ROLES,
         lambda r: _attribute(MELDER_ROLES, r["melder_role"]), [not_recorded]),
        ("uitkomst", _("Uitkomst"), OUTCOMES, _outcome,
         [(STILL_OPEN, _("nog lopend")), not_recorded]),
    ]
    result = [
        _protected(key, title, Counter(value_of(r) for r in rows), _labels(enum, *extra), k,
                   True)
        for key, title, enum, value_of, extra in single
    ]
    cases = _cases_of_year(scope, year)
    # (case, category) is unique, so each row is one case in one category.
    categories = Counter(
        row.category for row in
        CaseCategory.select(CaseCategory.category).where(CaseCategory.case.in_(cases))
    )
    result.insert(1, _protected(
        "categorie", _("Categorie (een melding kan in meer categorieën vallen)"), categories,
        _labels(CATEGORIES), k, False))
    referred = Counter(
        row.destination for row in
        Referral.select(Referral.case, Referral.destination)
        .where(Referral.case.in_(cases)).distinct()
    )
    result.append(_protected("doorverwijzing", _("Doorverwezen naar (aantal meldingen)"),
                             referred, _labels(REFERRAL_DESTINATIONS), k, False))
    return tuple(result)


def _open_arrangements(org_id: int) -> tuple[OpenArrangement, ...]:
    """Checklist items not (known to be) in place; an item never recorded counts as unknown.
    The free-text note of an item is not read."""
    status = {row.item: row.status for row in
              ChecklistItem.select(ChecklistItem.item, ChecklistItem.status)
              .where(ChecklistItem.organisation == org_id)}
    out = []
    for choice in CHECKLIST:
        value = status.get(choice.key, "onbekend")
        if value in ("niet_geregeld", "onbekend"):
            out.append(OpenArrangement(choice.key, choice.label, value,
                                       CHECKLIST_STATUSES.label(value)))
    return tuple(out)


def _advisers(org_id: int, year: int) -> tuple[str, ...]:
    """The organisation's VPs during the year: 'Bram Jansen (vaste VP)'."""
    start, end = _year_range(year)
    query = (
        Engagement.select(Engagement.role, Adviser.name)
        .join(Adviser)
        .where(Engagement.organisation == org_id, Engagement.start <= end,
               Engagement.end.is_null() | (Engagement.end >= start))
        .order_by(Engagement.role.desc(), Adviser.name)
    )
    return tuple(f"{e.adviser.name} ({ENGAGEMENT_ROLES.label(e.role)})" for e in query)


def _record(ctx: Context, action: str, object_type: str, object_id: str) -> None:
    with transaction():
        audit.record(ctx, action, object_type, object_id)


def compute_figures(ctx: Context, org_id: int, year: int, purpose: str = "report.view"
                    ) -> ReportFigures:
    """The protected figures of one organisation and year; the use is audited as `purpose`.

    Allowed for the organisation's advisers and for coordinators (access.require_organisation):
    the figures are anonymous, so no access to the cases themselves is needed.
    """
    check_year(ctx, year)
    org = require_organisation(ctx, org_id)
    scope = _org_scope(org)
    current, rows = _year_figures(scope, year)
    previous, _rows = _year_figures(scope, year - 1)
    breakdowns = _breakdowns(scope, year, rows) if current.level == VOLLEDIG else ()
    figures = ReportFigures(
        organisation_id=org.id,
        organisation=org.name,
        year=year,
        k=scope.k,
        summary=summary_sentence(current.level, year, len(rows), scope.k),
        current=current,
        previous=previous,
        breakdowns=breakdowns,
        activities=_activity_lines(scope, year, current.level),
        open_arrangements=_open_arrangements(org.id),
        advisers=_advisers(org.id, year),
    )
    _record(ctx, purpose, "organisation", f"{org.id}/{year}")
    return figures


# --- organisations to report on --------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationChoice:
    id: int
    name: str


def report_organisations(ctx: Context, year: int) -> list[OrganisationChoice]:
    """Organisations the actor may report on for `year`: a contract overlapping the year, or
    any case or activity in it."""
    start, end = _year_range(year)
    had_cases = Case.select(Case.organisation).where(Case.opened_on.between(start, end))
    had_work = Activity.select(Activity.organisation).where(Activity.date.between(start, end))
    contract = (
        (Organisation.contract_start.is_null() | (Organisation.contract_start <= end))
        & (Organisation.contract_end.is_null() | (Organisation.contract_end >= start))
        & (Organisation.active == True)  # noqa: E712 (peewee expression)
    )
    query = (
        Organisation.select(Organisation.id, Organisation.name)
        .where(organisation_filter(ctx),
               contract | Organisation.id.in_(had_cases) | Organisation.id.in_(had_work))
        .order_by(Organisation.name)
    )
    return [OrganisationChoice(o.id, o.name) for o in query]


def agency_organisations(ctx: Context, year: int) -> list[OrganisationChoice]:
    """Every organisation of the year, for `report --all` (coordinators only)."""
    require_coordinator(ctx)
    check_year(ctx, year)
    return report_organisations(ctx, year)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def report_filenames(organisations: Sequence[OrganisationChoice], year: int) -> list[str]:
    """'jaarverslag-2025-zorggroep-de-linde.docx', unique within the list."""
    names: list[str] = []
    for org in organisations:
        slug = _slug(org.name)[:60].strip("-") or f"organisatie-{org.id}"
        name = f"jaarverslag-{year}-{slug}.docx"
        if name in names:
            name = f"jaarverslag-{year}-{slug}-{org.id}.docx"
        names.append(name)
    return names


def overview_filename(year: int) -> str:
    return f"jaarverslag-{year}-overzicht-bureau.docx"


def find_organisation(ctx: Context, text: str) -> int:
    """An organisation by id or name (exact, else a unique part of it, any case)."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Geef een organisatie (naam of nummer)."), "organisation")
    visible = Organisation.select(Organisation.id, Organisation.name).where(
        organisation_filter(ctx))
    if text.isdigit():
        if Organisation.get_or_none(Organisation.id == int(text)) is None:
            raise NotFound(_("Organisatie {text} niet gevonden.").format(text=text))
        return int(text)
    exact = [o.id for o in visible if o.name.casefold() == text.casefold()]
    if exact:
        return exact[0]
    partial = [o for o in visible if text.casefold() in o.name.casefold()]
    if len(partial) == 1:
        return partial[0].id
    if partial:
        raise ValidationError(
            _("'{text}' past op meerdere organisaties: {names}.").format(
                text=text, names=", ".join(o.name for o in partial[:5])),
            "organisation",
        )
    raise NotFound(_("Organisatie '{text}' niet gevonden.").format(text=text))


# --- the agency-wide overview ----------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    organisation: str
    cases_shown: str
    total_hours: float
    contract_hours: float


@dataclass(frozen=True)
class AgencyOverview:
    year: int
    k: int
    summary: str
    current: YearFigures
    previous: YearFigures
    organisations: tuple[OverviewRow, ...]
    breakdowns: tuple[Breakdown, ...]
    activities: tuple[ActivityLine, ...]


def agency_overview(ctx: Context, year: int, purpose: str = "report.overview"
                    ) -> AgencyOverview:
    """All organisations together, for the agency itself (coordinators only). Per
    organisation the case count is protected with that organisation's own threshold, and the
    column as a whole like any breakdown, so no organisation's count follows from the total."""
    require_coordinator(ctx)
    check_year(ctx, year)
    orgs = [Organisation.get_by_id(o.id) for o in report_organisations(ctx, year)]
    scopes = [_org_scope(o) for o in orgs]
    scope = _Scope(tuple(o.id for o in orgs), effective_k(DEFAULT_K))
    current, rows = _year_figures(scope, year)
    previous, _rows = _year_figures(scope, year - 1)
    per_org = Counter(r["organisation"] for r in rows)
    values = [per_org.get(o.id, 0) for o in orgs]
    protected = protect(values, [s.k for s in scopes]) if current.level == VOLLEDIG else None
    shown = {p.index: p.shown for p in protected or []}
    table = tuple(
        OverviewRow(o.name, "0" if not values[i] else shown.get(i, WITHHELD_MARK),
                    used.total, used.contract_hours)
        for i, (o, used) in enumerate((o, hours_used(o.id, year)) for o in orgs)
    )
    intro = _("Overzicht van {n} organisaties samen, voor intern gebruik door het bureau. Per "
              "organisatie geldt haar eigen drempel.").format(n=len(orgs))
    overview = AgencyOverview(
        year=year,
        k=scope.k,
        summary=intro if current.level == VOLLEDIG else
        intro + " " + summary_sentence(current.level, year, len(rows), scope.k),
        current=current,
        previous=previous,
        organisations=table,
        breakdowns=_breakdowns(scope, year, rows) if current.level == VOLLEDIG else (),
        activities=_activity_lines(scope, year, current.level),
    )
    _record(ctx, purpose, "agency", str(year))
    return overview


# --- writing ---------------------------------------------------------------------------------


def _atomic_write(target: Path, write: Callable[[Path], None]) -> Path:
    """Write to a temporary file beside `target`, then rename: never a half-written report."""
    target = target.expanduser()
    if not target.parent.is_dir():
        raise ValidationError(
            _("Map {path} bestaat niet.").format(path=target.parent), "out")
    fd, tmp = tempfile.mkstemp(prefix=".vp-tui-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target.resolve()


def check_template(template: Path | None) -> None:
    """Fail early, before any document is written, when a template lacks a needed style."""
    from vp_tui.reports.word import load_template

    load_template(template)


def generate_report(ctx: Context, org_id: int, year: int, out: Path,
                    template: Path | None = None) -> Path:
    """Write the Word draft of one organisation's annual report; returns where it went."""
    from vp_tui.reports.word import load_template, write_report
    from vp_tui.services.report_drafts import get_draft

    document_template = load_template(template)  # fails before any figure is computed
    figures = compute_figures(ctx, org_id, year, purpose="report.generate")
    draft = get_draft(ctx, org_id, year)
    return _atomic_write(
        out, lambda path: write_report(document_template, figures, draft, ctx.today, path))


def generate_into(ctx: Context, org_id: int, year: int, directory: Path,
                  template: Path | None = None) -> Path:
    """Write the report into `directory` (made if needed) under its usual name, or with -2,
    -3, … added: a report the adviser already edited in Word is never overwritten."""
    org = require_organisation(ctx, org_id)
    directory = directory.expanduser()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(_("Map {path} kan niet worden gemaakt: {reason}.").format(
            path=directory, reason=exc.strerror or type(exc).__name__), "out") from exc
    name = Path(report_filenames([OrganisationChoice(org.id, org.name)], year)[0])
    target, n = directory / name, 1
    while target.exists():
        n += 1
        target = directory / f"{name.stem}-{n}{name.suffix}"
    return generate_report(ctx, org_id, year, target, template)


def generate_overview(ctx: Context, year: int, out: Path, template: Path | None = None) -> Path:
    from vp_tui.reports.word import load_template, write_overview

    document_template = load_template(template)
    overview = agency_overview(ctx, year)
    return _atomic_write(
        out, lambda path: write_overview(document_template, overview, ctx.today, path))


def export_rows(ctx: Context, year: int, org_id: int | None = None
                ) -> list[tuple[str, int, str, str, int | float | None, str]]:
    """(organisation, year, section, label, value, shown) for `export figures`: one
    organisation, or (coordinators) every organisation plus the agency as a whole."""
    if org_id is not None:
        figures = [compute_figures(ctx, org_id, year, purpose="report.export")]
    else:
        require_coordinator(ctx)
        figures = [compute_figures(ctx, o.id, year, purpose="report.export")
                   for o in report_organisations(ctx, year)]
    out = [(f.organisation, year, *row) for f in figures for row in f.rows()]
    return out
