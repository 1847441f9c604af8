"""One year's publication: every figure any output shows, and what it tells a reader.

Each client report (its tables, its key figures and the previous year beside them), the agency
overview, `stats --json`, `export figures` and the report screen show cells of this model and
nothing else. A `Cell` carries the shown form and the interval a reader learns from it, so the
attack in services/disclosure.py reads exactly what was published.

How the figures of one year are protected as linked tables:

- Within a table: services/anonymity.protect (primary "< k", secondary "≥ k", withheld).
- Type and categories: a case of a type has at least one category of that type, so the
  category table can narrow a hidden type and the other way round. The attack finds such a
  cell; the smallest exact cell of the linked group is hidden too, and the category table (then
  the type table) is withheld when nothing is left to hide.
- Hours: at level "weinig" case hours are withheld; "Uren totaal" is withheld too when the
  activities could not hide the case hours in it (see disclosure.HOURS_MIN_RANGE).
- Across clients: the agency overview adds up what the client reports publish, as an
  interval wherever a client's part is hidden ("< k" counts as 1..k-1). It can therefore never
  tell more than the client reports together; the gate checks this for every overview cell.
- Across years: a report shows the previous year's key figures as that year's publication
  has them, so both years' reports show the same cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import NamedTuple

from vp_tui.i18n import _, fmt_number
from vp_tui.models.enums import (
    ACTIVITY_KINDS,
    CASE_TYPES,
    CATEGORIES,
    MELDER_ROLES,
    OUTCOMES,
    REFERRAL_DESTINATIONS,
    RELATIONS,
)
from vp_tui.services.anonymity import protect
from vp_tui.services.cases.rules import CATEGORIES_BY_TYPE
from vp_tui.services.hours import shown_hours

GEEN, WEINIG, VOLLEDIG = "geen", "weinig", "volledig"
NOT_RECORDED = "niet_vastgelegd"
STILL_OPEN = "lopend"

#: What a table shows where a figure may not be given.
WITHHELD_MARK = "–"
#: Published hours are rounded to hundredths in `value` (one decimal where shown).
HOURS_ROUNDING = 0.005

# The key figures, in the order every output shows them.
MELDINGEN, GESPREKKEN = "meldingen", "gesprekken"
UREN_MELDINGEN, UREN_ACTIVITEITEN = "uren_meldingen", "uren_activiteiten"
UREN_TOTAAL, CONTRACTUREN = "uren_totaal", "contracturen"
KEY_FIGURES = (MELDINGEN, GESPREKKEN, UREN_MELDINGEN, UREN_ACTIVITEITEN, UREN_TOTAAL,
               CONTRACTUREN)
HOUR_FIGURES = frozenset({UREN_MELDINGEN, UREN_ACTIVITEITEN, UREN_TOTAAL, CONTRACTUREN})

# Breakdown keys.
SOORT, CATEGORIE, RELATIE = "soort", "categorie", "relatie"
ROL_MELDER, UITKOMST, DOORVERWIJZING = "rol_melder", "uitkomst", "doorverwijzing"


def _key_figure_labels() -> dict[str, str]:
    return {
        MELDINGEN: _("Meldingen"), GESPREKKEN: _("Gesprekken"),
        UREN_MELDINGEN: _("Uren meldingen"),
        UREN_ACTIVITEITEN: _("Uren voorlichting en advies"),
        UREN_TOTAAL: _("Uren totaal"), CONTRACTUREN: _("Contracturen"),
    }


class TableSpec(NamedTuple):
    key: str
    title: str
    cells: tuple[tuple[str, str], ...]
    #: Each case counts in exactly one cell, so the cells add up to the year's total.
    partitions_total: bool


def table_specs() -> tuple[TableSpec, ...]:
    """The breakdowns in the order every output shows them."""
    nv = (NOT_RECORDED, _("niet vastgelegd"))

    def cells(enum, *extra: tuple[str, str]) -> tuple[tuple[str, str], ...]:
        return tuple((c.key, c.label) for c in enum) + extra

    return (
        TableSpec(SOORT, _("Soort melding"), cells(CASE_TYPES, nv), True),
        TableSpec(CATEGORIE, _("Categorie (een melding kan in meer categorieën vallen)"),
                  cells(CATEGORIES), False),
        TableSpec(RELATIE, _("Relatie tot de veroorzaker"), cells(RELATIONS, nv), True),
        TableSpec(ROL_MELDER, _("Rol van de melder"), cells(MELDER_ROLES, nv), True),
        TableSpec(UITKOMST, _("Uitkomst"), cells(OUTCOMES, (STILL_OPEN, _("nog lopend")), nv),
                  True),
        TableSpec(DOORVERWIJZING, _("Doorverwezen naar (aantal meldingen)"),
                  cells(REFERRAL_DESTINATIONS), False),
    )


def types_of_category(category: str) -> tuple[str, ...]:
    """The case types a category may be recorded with ('overig' fits every type)."""
    return tuple(t for t, cats in CATEGORIES_BY_TYPE.items() if category in cats)


# --- cells -----------------------------------------------------------------------------------


def format_count(count: int) -> str:
    """'1.234' in Dutch."""
    return fmt_number(count, 0)


def format_hours(hours: float) -> str:
    """'7,25', '7,5', '7,4', '1.234' (shown_hours)."""
    return fmt_number(shown_hours(hours), 2)


@dataclass(frozen=True)
class Cell:
    """One published figure. `value` is the exact figure, None when it is hidden; `shown` is
    what every output prints; [`low`, `high`] is what a reader learns of the true figure
    (`high` None: no upper bound)."""

    key: str
    label: str
    value: int | float | None
    shown: str
    low: float
    high: float | None


def exact(key: str, label: str, value: int) -> Cell:
    return Cell(key, label, value, format_count(value), value, value)


def exact_hours(key: str, label: str, hours: float) -> Cell:
    hours = round(hours, 2)
    return Cell(key, label, hours, format_hours(hours), hours - HOURS_ROUNDING,
                hours + HOURS_ROUNDING)


def small(key: str, label: str, k: int) -> Cell:
    return Cell(key, label, None, f"< {k}", 1, k - 1)


def secondary(key: str, label: str, k: int) -> Cell:
    return Cell(key, label, None, f"≥ {k}", k, None)


def withheld(key: str, label: str) -> Cell:
    return Cell(key, label, None, WITHHELD_MARK, 0, None)


def _number(value: float, hours: bool) -> str:
    return format_hours(value) if hours else format_count(int(value))


def interval(key: str, label: str, low: float, high: float | None, hours: bool) -> Cell:
    """A figure known to lie in [low, high]: exact when they meet, else 'low–high', '≥ low',
    or withheld when nothing bounds it."""
    if high is None and low == 0:
        return withheld(key, label)
    if high is not None and high == low:
        value = round(low, 2) if hours else int(low)
        return Cell(key, label, value, _number(low, hours), low, high)
    shown = (f"≥ {_number(low, hours)}" if high is None
             else f"{_number(low, hours)}–{_number(high, hours)}")
    return Cell(key, label, None, shown, low, high)


# --- the publication -------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    cells: tuple[Cell, ...]
    #: True when the table is not given (too few cases, or no safe suppression).
    withheld: bool
    #: True when the cells add up to the year's total (one value per case).
    partitions_total: bool


@dataclass(frozen=True)
class YearFigures:
    """The key figures of one year, in KEY_FIGURES order."""

    year: int
    level: str
    figures: tuple[Cell, ...]

    def cell(self, key: str) -> Cell:
        return next(c for c in self.figures if c.key == key)

    @property
    def cases_shown(self) -> str:
        return self.cell(MELDINGEN).shown


@dataclass(frozen=True)
class ActivityLine:
    kind: str
    label: str
    #: Activities are the VP's own work, not reports: their number is always given.
    count: int
    hours: Cell


@dataclass(frozen=True)
class ClientPublication:
    """Everything one client's outputs publish about one year."""

    org_id: int
    organisation: str
    year: int
    k: int
    key: YearFigures
    breakdowns: tuple[Breakdown, ...]
    activities: tuple[ActivityLine, ...]

    @property
    def level(self) -> str:
        return self.key.level


#: A figure's identity in the attack: ("kern", key), (table, cell) or ("uren", kind).
Quantity = tuple[str, str]
KERN, ACTIVITY_HOURS = "kern", "uren"


def published_cells(pub: ClientPublication | AgencyFigures) -> Iterator[tuple[Quantity, Cell]]:
    """Every figure the publication gives, a zero left out of a shown table included."""
    for cell in pub.key.figures:
        yield (KERN, cell.key), cell
    for table in pub.breakdowns:
        if table.withheld:
            continue
        shown = {c.key: c for c in table.cells}
        spec = next(s for s in table_specs() if s.key == table.key)
        for key, label in spec.cells:
            yield (table.key, key), shown.get(key) or exact(key, label, 0)
    for line in pub.activities:
        yield (ACTIVITY_HOURS, line.kind), line.hours


# --- the truth of one client and year --------------------------------------------------------


@dataclass(frozen=True)
class ClientYear:
    """What the database holds about one client's year: only enumerated values and counters."""

    org_id: int
    organisation: str
    year: int
    k: int
    cases: int
    #: table key -> cell key -> number of cases (categories and referrals: cases per cell).
    tables: Mapping[str, Mapping[str, int]]
    conversations: int
    case_minutes: int
    #: activity kind -> (number, minutes)
    activities: Mapping[str, tuple[int, int]]
    contract_hours: float

    @property
    def level(self) -> str:
        return GEEN if self.cases == 0 else WEINIG if self.cases < self.k else VOLLEDIG

    @property
    def activity_minutes(self) -> int:
        return sum(minutes for _n, minutes in self.activities.values())

    def value(self, quantity: Quantity) -> float:
        """The true value of a figure (hours as hours)."""
        group, key = quantity
        if group == KERN:
            return {
                MELDINGEN: self.cases, GESPREKKEN: self.conversations,
                UREN_MELDINGEN: self.case_minutes / 60,
                UREN_ACTIVITEITEN: self.activity_minutes / 60,
                UREN_TOTAAL: (self.case_minutes + self.activity_minutes) / 60,
                CONTRACTUREN: self.contract_hours,
            }[key]
        if group == ACTIVITY_HOURS:
            return self.activities.get(key, (0, 0))[1] / 60
        return self.tables.get(group, {}).get(key, 0)


# --- building a client's publication ---------------------------------------------------------


@dataclass
class Suppression:
    """The choices on top of the single-table rule, grown until the attack finds nothing."""

    hide: dict[str, set[str]] = field(default_factory=dict)
    withhold: set[str] = field(default_factory=set)
    withhold_total_hours: bool = False


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def _key_figures(truth: ClientYear, choice: Suppression) -> YearFigures:
    labels = _key_figure_labels()
    detailed = truth.level != WEINIG
    total_minutes = truth.case_minutes + truth.activity_minutes
    cells = [
        exact(MELDINGEN, labels[MELDINGEN], truth.cases) if detailed
        else small(MELDINGEN, labels[MELDINGEN], truth.k),
        exact(GESPREKKEN, labels[GESPREKKEN], truth.conversations) if detailed
        else withheld(GESPREKKEN, labels[GESPREKKEN]),
        exact_hours(UREN_MELDINGEN, labels[UREN_MELDINGEN], _hours(truth.case_minutes))
        if detailed else withheld(UREN_MELDINGEN, labels[UREN_MELDINGEN]),
        exact_hours(UREN_ACTIVITEITEN, labels[UREN_ACTIVITEITEN],
                    _hours(truth.activity_minutes))
        if detailed else withheld(UREN_ACTIVITEITEN, labels[UREN_ACTIVITEITEN]),
        withheld(UREN_TOTAAL, labels[UREN_TOTAAL]) if choice.withhold_total_hours
        else exact_hours(UREN_TOTAAL, labels[UREN_TOTAAL], _hours(total_minutes)),
        exact_hours(CONTRACTUREN, labels[CONTRACTUREN], truth.contract_hours),
    ]
    return YearFigures(truth.year, truth.level, tuple(cells))


def _activities(truth: ClientYear) -> tuple[ActivityLine, ...]:
    detailed = truth.level != WEINIG
    label = _key_figure_labels()[UREN_ACTIVITEITEN]
    return tuple(
        ActivityLine(c.key, c.label, truth.activities[c.key][0],
                     exact_hours(c.key, label, _hours(truth.activities[c.key][1])) if detailed
                     else withheld(c.key, label))
        for c in ACTIVITY_KINDS if truth.activities.get(c.key, (0, 0))[0]
    )


def _breakdown(spec: TableSpec, counts: Mapping[str, int], k: int,
               choice: Suppression) -> Breakdown:
    if spec.key in choice.withhold:
        return Breakdown(spec.key, spec.title, (), True, spec.partitions_total)
    keys = [key for key, _label in spec.cells]
    forced = choice.hide.get(spec.key, set())
    shown = protect([counts.get(key, 0) for key in keys], k, known_sum=spec.partitions_total,
                    hide=[i for i, key in enumerate(keys) if key in forced])
    if shown is None:
        return Breakdown(spec.key, spec.title, (), True, spec.partitions_total)
    cells = []
    for p in shown:
        key, label = spec.cells[p.index]
        cells.append(exact(key, label, p.count) if p.count is not None
                     else small(key, label, k) if p.shown.startswith("<")
                     else secondary(key, label, k))
    return Breakdown(spec.key, spec.title, tuple(cells), False, spec.partitions_total)


def build(truth: ClientYear, choice: Suppression) -> ClientPublication:
    """The publication for a given set of choices (the attack decides whether it is safe)."""
    breakdowns = tuple(
        _breakdown(spec, truth.tables.get(spec.key, {}), truth.k, choice)
        for spec in table_specs()
    ) if truth.level == VOLLEDIG else ()
    activities = _activities(truth)
    return ClientPublication(truth.org_id, truth.organisation, truth.year, truth.k,
                             _adding_up(_key_figures(truth, choice), activities), breakdowns,
                             activities)


def _adding_up(figures: YearFigures, activities: tuple[ActivityLine, ...]) -> YearFigures:
    """Hours shown side by side add up: each part is rounded once (shown_hours), and a total
    shown with all its parts shows their sum: the activities' hours that of the kinds, the
    total that of the cases' and the activities' hours. Values and bounds stay exact: the
    shown sum lies within the parts' rounding of the true total."""
    cells = {c.key: c for c in figures.figures}
    shown: dict[str, Decimal] = {}

    def add_up(key: str, parts: list[Cell | Decimal]) -> None:
        total = cells[key]
        if total.value is None or any(isinstance(p, Cell) and p.value is None for p in parts):
            return
        shown[key] = sum((p if isinstance(p, Decimal) else shown_hours(p.value)
                          for p in parts), Decimal(0))
        cells[key] = replace(total, shown=fmt_number(shown[key], 2))

    if activities:
        add_up(UREN_ACTIVITEITEN, [line.hours for line in activities])
    activity_hours = shown.get(UREN_ACTIVITEITEN)
    add_up(UREN_TOTAAL, [cells[UREN_MELDINGEN],
                         cells[UREN_ACTIVITEITEN] if activity_hours is None else activity_hours])
    return replace(figures, figures=tuple(cells[c.key] for c in figures.figures))


def _linked(quantity: Quantity) -> list[Quantity]:
    """The figures a type or category cell is tied to by 'each case has a category of its
    type': the types it belongs to, and every category of those types."""
    table, key = quantity
    types = types_of_category(key) if table == CATEGORIE else (key,)
    out = [(SOORT, t) for t in CATEGORIES_BY_TYPE]
    out += [(CATEGORIE, c) for t in types for c in CATEGORIES_BY_TYPE.get(t, ())]
    return [q for q in dict.fromkeys(out) if q != quantity]


def respond(pub: ClientPublication, choice: Suppression, exposed: Sequence[Quantity]) -> bool:
    """Grow `choice` so that the next build hides more around the exposed figures; False when
    nothing is left to hide (the gate will then refuse)."""
    shown = {q: c for q, c in published_cells(pub)}
    for quantity in exposed:
        table, key = quantity
        if table in (KERN, ACTIVITY_HOURS):
            # Only hour figures are ever narrowed here: the total is what ties them together.
            if key in HOUR_FIGURES and not choice.withhold_total_hours:
                choice.withhold_total_hours = True
                return True
            continue
        if table in (SOORT, CATEGORIE):
            candidates = [q for q in _linked(quantity)
                          if q in shown and shown[q].value and q[0] not in choice.withhold]
            if candidates:
                smallest = min(candidates, key=lambda q: shown[q].value)
                choice.hide.setdefault(smallest[0], set()).add(smallest[1])
                return True
            for fallback in (CATEGORIE, SOORT):
                if fallback not in choice.withhold:
                    choice.withhold.add(fallback)
                    return True
            continue
        if table not in choice.withhold:
            choice.withhold.add(table)
            return True
    return False


# --- the agency overview ---------------------------------------------------------------------


class OverviewRow(NamedTuple):
    organisation: str
    cases: Cell
    total_hours: Cell
    contract_hours: Cell


@dataclass(frozen=True)
class AgencyFigures:
    """The agency's figures of one year, added up from the client publications."""

    year: int
    key: YearFigures
    breakdowns: tuple[Breakdown, ...]
    activities: tuple[ActivityLine, ...]


def implied_bounds(pub: ClientPublication) -> dict[Quantity, tuple[float, float | None]]:
    """What the client's publication says of each figure it gives: an exact cell its value,
    a hidden one its sign's interval, capped by what the rest of its table leaves (a table
    whose cells add up to the total leaves the hidden cells exactly the remainder; no count
    exceeds the number of cases). Only figures of shown tables and the key figures."""
    cases_high = pub.key.cell(MELDINGEN).high
    bounds: dict[Quantity, tuple[float, float | None]] = {}
    for cell in pub.key.figures:
        bounds[(KERN, cell.key)] = (cell.low, cell.high) if cell.value is None \
            else (cell.value, cell.value)
    for line in pub.activities:
        hours = line.hours
        bounds[(ACTIVITY_HOURS, line.kind)] = (hours.low, hours.high) if hours.value is None \
            else (hours.value, hours.value)
    for kind in ACTIVITY_KINDS:
        bounds.setdefault((ACTIVITY_HOURS, kind.key), (0, 0))
    for table in pub.breakdowns:
        if table.withheld:
            continue
        cap = cases_high
        hidden = [c for c in table.cells if c.value is None]
        if table.partitions_total and cases_high is not None:
            cap = cases_high - sum(c.value for c in table.cells if c.value is not None)
        spare = cap - sum(c.low for c in hidden) if cap is not None else None
        shown = {c.key: c for c in table.cells}
        spec = next(s for s in table_specs() if s.key == table.key)
        for key, _label in spec.cells:
            cell = shown.get(key)
            if cell is None:
                bounds[(table.key, key)] = (0, 0)
            elif cell.value is not None:
                bounds[(table.key, key)] = (cell.value, cell.value)
            else:
                high = None if spare is None else cell.low + spare
                if cell.high is not None:
                    high = cell.high if high is None else min(cell.high, high)
                bounds[(table.key, key)] = (cell.low, high)
    return bounds


def _sum_bounds(parts: Iterable[tuple[float, float | None]]) -> tuple[float, float | None]:
    low, high = 0.0, 0.0
    for lo, hi in parts:
        low += lo
        high = None if high is None or hi is None else high + hi
    return round(low, 2), None if high is None else round(high, 2)


def breakdown_clients(pubs: Sequence[ClientPublication], table: str) -> list[ClientPublication]:
    """The clients whose own report gives this table: the overview's table adds up theirs."""
    return [p for p in pubs
            if any(b.key == table and not b.withheld for b in p.breakdowns)]


def overview(year: int, pubs: Sequence[ClientPublication]) -> AgencyFigures:
    """The agency's figures: per figure the sum of what the client reports publish."""
    bounds = {p.org_id: implied_bounds(p) for p in pubs}

    def total(quantity: Quantity, among: Sequence[ClientPublication]
              ) -> tuple[float, float | None]:
        return _sum_bounds(bounds[p.org_id][quantity] for p in among)

    def hours(key: str, label: str, quantity: Quantity) -> Cell:
        """Hours add up the clients' rounded figures: the true total lies within the rounding
        of each of them."""
        cell = interval(key, label, *total(quantity, pubs), True)
        slack = HOURS_ROUNDING * len(pubs)
        return replace(cell, low=max(cell.low - slack, 0.0),
                       high=None if cell.high is None else cell.high + slack)

    labels = _key_figure_labels()
    cells = tuple(hours(key, labels[key], (KERN, key)) if key in HOUR_FIGURES
                  else interval(key, labels[key], *total((KERN, key), pubs), False)
                  for key in KEY_FIGURES)
    breakdowns = []
    for spec in table_specs():
        among = breakdown_clients(pubs, spec.key)
        if not among:
            continue
        table_cells = []
        for key, label in spec.cells:
            low, high = total((spec.key, key), among)
            if high != 0:
                table_cells.append(interval(key, label, low, high, False))
        title = _("{title}, {n} organisaties").format(title=spec.title, n=len(among))
        breakdowns.append(Breakdown(spec.key, title, tuple(table_cells), False,
                                    spec.partitions_total and len(among) == len(pubs)))
    label = labels[UREN_ACTIVITEITEN]
    counts = {kind.key: sum(line.count for p in pubs for line in p.activities
                            if line.kind == kind.key) for kind in ACTIVITY_KINDS}
    activities = tuple(
        ActivityLine(kind.key, kind.label, counts[kind.key],
                     hours(kind.key, label, (ACTIVITY_HOURS, kind.key)))
        for kind in ACTIVITY_KINDS if counts[kind.key]
    )
    level = GEEN if cells[0].high == 0 else VOLLEDIG
    return AgencyFigures(year, YearFigures(year, level, cells), tuple(breakdowns), activities)


def overview_rows(pubs: Sequence[ClientPublication]) -> tuple[OverviewRow, ...]:
    """Per organisation the cells its own report shows: nothing new."""
    return tuple(
        OverviewRow(p.organisation, p.key.cell(MELDINGEN), p.key.cell(UREN_TOTAAL),
                    p.key.cell(CONTRACTUREN))
        for p in pubs
    )
