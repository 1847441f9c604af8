"""The attack on a year's publication, and the gate every figure output passes.

The attacker holds every published cell (services/publication.py: the interval each shown
form gives) and knows the structure: counts are non-negative integers; every case has one
type, at least one category of that type ('overig' fits every type), one relation, one melder
role and one outcome; a referral destination counts a case at most once; every activity lasted
at least a minute; total hours are case hours plus activity hours. For every figure that is not
shown exactly, a mixed-integer programme (HiGHS) finds the smallest and the largest value
consistent with all of that. A figure passes when:

- a count whose true value is 1..k-1 still ranges over all of 1..k-1 (the attacker learns no
  more than "< k");
- any other hidden count is not pinned to one value (a zero is left out of tables in plain
  view, so it needs no protection);
- a hidden hour figure keeps a range of at least HOURS_MIN_RANGE.

The model is per client and year: cases belong to one client and one year, so the figures of
different clients or years share no unknowns. The agency overview is what links them; the gate
proves that every overview figure is implied by the client figures (the sum of their ranges lies
inside it), so it adds no constraint and the per-client attacks are the attack on the whole
year. tests/services/test_disclosure_attack.py attacks whole generated agencies jointly, with
the overview's sums as constraints, to check that argument.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vp_tui.errors import DisclosureRefused
from vp_tui.i18n import _
from vp_tui.models.enums import ACTIVITY_KINDS
from vp_tui.services.cases.rules import CATEGORIES_BY_TYPE
from vp_tui.services.publication import (
    ACTIVITY_HOURS,
    CATEGORIE,
    CONTRACTUREN,
    DOORVERWIJZING,
    GESPREKKEN,
    HOUR_FIGURES,
    KERN,
    MELDINGEN,
    SOORT,
    UREN_ACTIVITEITEN,
    UREN_MELDINGEN,
    UREN_TOTAAL,
    AgencyFigures,
    ClientPublication,
    ClientYear,
    OverviewRow,
    Quantity,
    breakdown_clients,
    implied_bounds,
    published_cells,
    table_specs,
)

#: A hidden hour figure must stay this uncertain (hours), ten times the published rounding.
HOURS_MIN_RANGE = 1.0
#: Stands for "no upper bound" inside the solver; a range reaching half of it is unbounded.
_BIG = 1e7
_EPS = 1e-6


@dataclass(frozen=True)
class Exposure:
    quantity: Quantity
    low: float
    high: float | None
    true: float


@dataclass(frozen=True)
class Verdict:
    """The attack on one client and year: the figures it narrows."""

    exposed: tuple[Exposure, ...]
    infeasible: bool = False


def _is_hours(quantity: Quantity) -> bool:
    return quantity[0] == ACTIVITY_HOURS or (quantity[0] == KERN and quantity[1] in HOUR_FIGURES)


class _Model:
    """The attacker's unknowns for one client and year, as a HiGHS model."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.rows: list[tuple[float, float, dict[int, float]]] = []
        self.expr: dict[Quantity, dict[int, float]] = {}

    def var(self, low: float = 0.0, high: float = _BIG, integer: bool = True) -> int:
        self.lower.append(low)
        self.upper.append(high)
        self.integer.append(integer)
        return len(self.lower) - 1

    def row(self, low: float, high: float, terms: Mapping[int, float]) -> None:
        self.rows.append((low, high, dict(terms)))


def _structure(activity_counts: Mapping[str, int]) -> _Model:
    m = _Model()
    n = m.var()
    specs = {s.key: s for s in table_specs()}

    def partition(table: str) -> dict[str, int]:
        cells = {key: m.var() for key, _label in specs[table].cells}
        m.row(0, 0, {**{v: 1.0 for v in cells.values()}, n: -1.0})
        for key, v in cells.items():
            m.expr[(table, key)] = {v: 1.0}
        return cells

    types = partition(SOORT)
    category_terms: dict[str, dict[int, float]] = {}
    for case_type, type_var in types.items():
        fitting = CATEGORIES_BY_TYPE.get(case_type)
        # A case without a recorded type may carry any category, and none is promised.
        allowed = fitting or tuple(key for key, _label in specs[CATEGORIE].cells)
        chosen = {}
        for category in allowed:
            y = m.var()
            chosen[y] = 1.0
            m.row(-_BIG, 0, {y: 1.0, type_var: -1.0})
            category_terms.setdefault(category, {})[y] = 1.0
        if fitting:
            m.row(0, _BIG, {**chosen, type_var: -1.0})
    for key, _label in specs[CATEGORIE].cells:
        m.expr[(CATEGORIE, key)] = category_terms.get(key, {})
    for table in ("relatie", "rol_melder", "uitkomst"):
        partition(table)
    for key, _label in specs[DOORVERWIJZING].cells:
        d = m.var()
        m.row(-_BIG, 0, {d: 1.0, n: -1.0})
        m.expr[(DOORVERWIJZING, key)] = {d: 1.0}
    conversations = m.var()
    case_hours = m.var(integer=False)
    activity = {}
    for kind in ACTIVITY_KINDS:
        count = activity_counts.get(kind.key, 0)
        activity[kind.key] = m.var(count / 60, _BIG if count else 0.0, integer=False)
        m.expr[(ACTIVITY_HOURS, kind.key)] = {activity[kind.key]: 1.0}
    m.expr[(KERN, MELDINGEN)] = {n: 1.0}
    m.expr[(KERN, GESPREKKEN)] = {conversations: 1.0}
    m.expr[(KERN, UREN_MELDINGEN)] = {case_hours: 1.0}
    m.expr[(KERN, UREN_ACTIVITEITEN)] = {v: 1.0 for v in activity.values()}
    m.expr[(KERN, UREN_TOTAAL)] = {case_hours: 1.0, **{v: 1.0 for v in activity.values()}}
    return m


def _solver(m: _Model, integer: bool):
    import highspy
    import numpy as np

    # highspy.Highs enables its callbacks on construction, which prints a banner to the
    # process's stdout before any option can be set (it would corrupt `report --out -`);
    # the core class is the same solver without that layer.
    h = highspy._Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    lp.num_col_ = len(m.lower)
    lp.num_row_ = len(m.rows)
    lp.col_cost_ = np.zeros(lp.num_col_)
    lp.col_lower_ = np.array(m.lower)
    lp.col_upper_ = np.array(m.upper)
    lp.row_lower_ = np.array([low for low, _high, _t in m.rows])
    lp.row_upper_ = np.array([high for _low, high, _t in m.rows])
    starts, index, value = [0], [], []
    for _low, _high, terms in m.rows:
        index.extend(terms)
        value.extend(terms.values())
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger if i
                           else highspy.HighsVarType.kContinuous for i in m.integer]
    h.passModel(lp)
    return h


class _Extremes:
    """min and max of linear expressions over the model. Each is solved as a linear
    programme first: when its optimum is an integer point it is also the integer optimum
    (the relaxation's bound is attained); otherwise the mixed-integer programme decides.
    Integer points found on the way are kept as witnesses: a figure whose required values
    they already show needs no solve of its own."""

    def __init__(self, m: _Model) -> None:
        import numpy as np

        self.m = m
        self.np = np
        self.size = len(m.lower)
        self.columns = np.arange(self.size, dtype=np.int32)
        self.integer = np.array(m.integer)
        self.lp = _solver(m, integer=False)
        self.mip = None
        self.witnesses: list = []
        self._stack = None

    def spread(self, expressions: Sequence[Mapping[int, float]]) -> None:
        """Two first witnesses: all the given figures as low, then as high, as they can be
        together. Most figures reach the values they must be able to take in one of them."""
        total: dict[int, float] = {}
        for terms in expressions:
            for i, c in terms.items():
                total[i] = total.get(i, 0.0) + c
        if total:
            self.extreme(total, maximise=False)
            self.extreme(total, maximise=True)

    def seen(self, terms: Mapping[int, float]) -> tuple[float, float] | None:
        """The smallest and largest value of the expression among the witnesses."""
        if not self.witnesses:
            return None
        if self._stack is None or len(self._stack) != len(self.witnesses):
            self._stack = self.np.array(self.witnesses)
        index = list(terms)
        values = self._stack[:, index] @ self.np.array(list(terms.values()))
        return float(values.min()), float(values.max())

    def _optimum(self, h, terms: Mapping[int, float], sense) -> float | None:
        import highspy

        cost = self.np.zeros(self.size)
        for i, c in terms.items():
            cost[i] = c
        h.changeColsCost(self.size, self.columns, cost)
        h.changeObjectiveSense(sense)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        point = self.np.asarray(h.getSolution().col_value)
        chosen = point[self.integer]
        if chosen.size and self.np.abs(chosen - self.np.rint(chosen)).max() > 1e-7:
            return self.np.nan
        self.witnesses.append(point)
        return h.getInfo().objective_function_value

    def extreme(self, terms: Mapping[int, float], maximise: bool) -> float | None:
        """The min or max (None: unbounded above); raises _Infeasible."""
        import highspy

        sense = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        value = self._optimum(self.lp, terms, sense)
        if value is not None and self.np.isnan(value):
            if self.mip is None:
                self.mip = _solver(self.m, integer=True)
            value = self._optimum(self.mip, terms, sense)
        if value is None:
            raise _Infeasible
        return None if maximise and value >= _BIG / 2 else value


class _Infeasible(Exception):
    """The published figures and the structure admit no solution (a broken publication)."""


def _case_hours(quantity: Quantity) -> bool:
    """Hour figures that contain the hours spent on cases. Activity hours are the VP's own
    work, withheld only so that case hours cannot be derived from the total."""
    return quantity in ((KERN, UREN_MELDINGEN), (KERN, UREN_TOTAAL))


def _judge(extremes: _Extremes, quantity: Quantity, terms: Mapping[int, float], true: float,
           k: int) -> Exposure | None:
    """None when the figure is protected; else what the attacker learns."""
    if _is_hours(quantity):
        if not _case_hours(quantity):
            return None
        needed = lambda low, high: high is None or high - low >= HOURS_MIN_RANGE - _EPS  # noqa: E731
    elif true == 0:
        return None  # a zero is left out of tables in plain view
    elif true <= k - 1:
        needed = lambda low, high: low <= 1 + _EPS and (high is None or high >= k - 1 - _EPS)  # noqa: E731
    else:
        needed = lambda low, high: high is None or high > low + 0.5  # noqa: E731
    seen = extremes.seen(terms)
    if seen is not None and needed(*seen):
        return None
    low = extremes.extreme(terms, maximise=False)
    seen = extremes.seen(terms)
    if seen is not None and needed(low, seen[1]):
        return None
    high = extremes.extreme(terms, maximise=True)
    if needed(low, high):
        return None
    return Exposure(quantity, low, high, true)


def hidden_quantities(pub: ClientPublication) -> list[Quantity]:
    """Every figure that the publication does not give exactly (a withheld table's cells and
    the tables not given at level "weinig" included)."""
    given = dict(published_cells(pub))
    out = [q for q, cell in given.items() if cell.value is None]
    for spec in table_specs():
        out += [(spec.key, key) for key, _label in spec.cells if (spec.key, key) not in given]
    return out


def attack(truth: ClientYear, pub: ClientPublication) -> Verdict:
    """The attack on one client's publication of one year."""
    m = _structure({line.kind: line.count for line in pub.activities})
    for quantity, cell in published_cells(pub):
        if quantity == (KERN, CONTRACTUREN):
            continue
        m.row(cell.low, _BIG if cell.high is None else cell.high, m.expr[quantity])
    extremes = _Extremes(m)
    exposed = []
    hidden = hidden_quantities(pub)
    try:
        extremes.spread([m.expr[q] for q in hidden if not _is_hours(q)])
        for quantity in hidden:
            found = _judge(extremes, quantity, m.expr[quantity], truth.value(quantity),
                           truth.k)
            if found is not None:
                exposed.append(found)
    except _Infeasible:
        return Verdict((), infeasible=True)
    return Verdict(tuple(exposed))


# --- the gate --------------------------------------------------------------------------------


def _label(pub: ClientPublication, quantity: Quantity) -> tuple[str, str]:
    """(table title, cell label) for a message."""
    group, key = quantity
    if group == KERN:
        return _("Kerncijfers"), pub.key.cell(key).label
    if group == ACTIVITY_HOURS:
        return _("Voorlichting en advies"), next(
            (c.label for c in ACTIVITY_KINDS if c.key == key), key)
    spec = next(s for s in table_specs() if s.key == group)
    return spec.title, dict(spec.cells).get(key, key)


def refuse(pub: ClientPublication, verdict: Verdict) -> None:
    """Raise the one-line refusal for a failed verdict."""
    if verdict.infeasible:
        raise DisclosureRefused(_(
            "Niets geschreven: de cijfers van {org} over {year} kunnen niet op "
            "herleidbaarheid worden gecontroleerd (ze passen niet bij de regels voor "
            "soort en categorie).").format(org=pub.organisation, year=pub.year))
    first = verdict.exposed[0]
    table, cell = _label(pub, first.quantity)
    raise DisclosureRefused(_(
        "Niets geschreven: in '{table}' van {org} over {year} is '{cell}' uit de andere "
        "gepubliceerde cijfers terug te rekenen.").format(
            table=table, org=pub.organisation, year=pub.year, cell=cell))


def check_overview(overview: AgencyFigures, rows: Sequence[OverviewRow],
                   pubs: Sequence[ClientPublication]) -> None:
    """Refuse unless every overview figure follows from the client publications: the sum of
    what each client's cells say of a figure lies inside the overview's interval, and each row
    repeats its client's own cells. Such a sum constraint holds for every combination of
    per-client solutions, so it cannot narrow any of them."""
    for row, pub in zip(rows, pubs, strict=True):
        if (row.cases, row.total_hours, row.contract_hours) != (
                pub.key.cell(MELDINGEN), pub.key.cell(UREN_TOTAAL), pub.key.cell(CONTRACTUREN)):
            _refuse_overview(overview.year, row.organisation)
    bounds = {pub.org_id: implied_bounds(pub) for pub in pubs}
    for quantity, cell in published_cells(overview):
        among = pubs if quantity[0] in (KERN, ACTIVITY_HOURS) else \
            breakdown_clients(pubs, quantity[0])
        low, high = 0.0, 0.0
        for pub in among:
            lo, hi = bounds[pub.org_id][quantity]
            low += lo
            high = None if high is None or hi is None else high + hi
        if low < cell.low - _EPS or (cell.high is not None and (
                high is None or high > cell.high + _EPS)):
            _refuse_overview(overview.year, cell.label)


def _refuse_overview(year: int, what: str) -> None:
    raise DisclosureRefused(_(
        "Niets geschreven: '{what}' in het overzicht van het bureau over {year} zegt meer dan "
        "de verslagen van de organisaties samen.").format(what=what, year=year))
