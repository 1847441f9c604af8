"""An independent attack on a whole agency's publication of one year.

services/disclosure.py attacks each client on its own and argues that the agency overview adds
nothing, because every overview figure is implied by the client figures. This module checks
that argument without sharing any code with it: one mixed-integer model for all clients of the
year together, formulated at the level of case patterns, with the overview's cells as
constraints that link the clients.

Per client the unknowns are:

- x[type, categories]: the number of cases of a type with exactly that (non-empty) set of the
  type's categories ('overig' fits every type). A type without a category rule (the soort
  table's "niet vastgelegd" cell) gets a count u and per category a count y <= u: such a case
  may carry any categories, none promised. N, the number of cases, is the sum of all of them;
  a type cell is the sum over its patterns, a category cell the sum over the patterns (of
  every type) that contain it.
- one count per cell of the relation, melder role and outcome tables, each table adding up to
  N (no cross-tabulations are published, so their joint distribution with the types is free);
- a count 0 <= r <= N per referral destination (a case counts once per destination);
- the number of conversations;
- case hours h >= 0 and per activity kind hours a >= count/60 (each activity lasted at least a
  minute; the count is always published), a = 0 when there were none. "uren_activiteiten" is
  the sum of the a, "uren_totaal" is h plus that sum.

Every published cell of every client and of the overview bounds its expression (the overview's
breakdown tables add up the clients whose own report shows that table; its key figures and
activity hours add up all clients), read literally: an overview hour figure's interval already
allows for the rounding of each client's hours.

Then, for every figure a client does not give exactly, the smallest and largest value over the
joint model are judged against the true value:

- hours: only "uren_meldingen" and "uren_totaal" (they contain case hours) are judged, and need
  a range of at least an hour (or no upper bound);
- a count whose true value is 0 passes (zeros are left out of shown tables anyway);
- a count whose true value is 1..k-1 must still range over 1..k-1;
- any other count must not be pinned to one value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import NamedTuple

import highspy
import numpy as np

from vp_tui.models.enums import ACTIVITY_KINDS
from vp_tui.services.cases.rules import CATEGORIES_BY_TYPE
from vp_tui.services.publication import (
    AgencyFigures,
    ClientPublication,
    ClientYear,
    published_cells,
    table_specs,
)

KERN, ACTIVITY_HOURS = "kern", "uren"
SOORT, CATEGORIE, DOORVERWIJZING = "soort", "categorie", "doorverwijzing"
PARTITIONS = ("relatie", "rol_melder", "uitkomst")
HOUR_KEYS = frozenset({"uren_meldingen", "uren_activiteiten", "uren_totaal", "contracturen"})
#: The hour figures that contain hours spent on cases: the only hours that need protection.
JUDGED_HOURS = frozenset({(KERN, "uren_meldingen"), (KERN, "uren_totaal")})
#: A hidden hour figure must keep at least this range (hours).
MIN_HOURS_RANGE = 1.0
EPS = 1e-6
INF = highspy.kHighsInf

Quantity = tuple[str, str]
Terms = dict[int, float]


class JointExposure(NamedTuple):
    """A figure of one client that the joint attack narrows too far."""

    org_id: int
    quantity: Quantity
    low: float
    high: float | None  # None: unbounded
    true: float


class JointInfeasible(Exception):
    """The published figures admit no solution at all (the publication contradicts itself)."""


def is_hours(quantity: Quantity) -> bool:
    return quantity[0] == ACTIVITY_HOURS or (quantity[0] == KERN and quantity[1] in HOUR_KEYS)


class _Model:
    """Columns and rows of one linear model, built in Python and passed to HiGHS at once."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.rows: list[tuple[float, float, Terms]] = []

    def var(self, low: float = 0.0, high: float = INF, integer: bool = True) -> int:
        self.lower.append(low)
        self.upper.append(high)
        self.integer.append(integer)
        return len(self.lower) - 1

    def row(self, low: float, high: float, terms: Mapping[int, float]) -> None:
        self.rows.append((low, high, dict(terms)))

    def highs(self, integer: bool) -> highspy.Highs:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("mip_rel_gap", 0.0)
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.lower)
        lp.num_row_ = len(self.rows)
        lp.col_cost_ = np.zeros(lp.num_col_)
        lp.col_lower_ = np.array(self.lower, dtype=float)
        lp.col_upper_ = np.array(self.upper, dtype=float)
        lp.row_lower_ = np.array([low for low, _high, _terms in self.rows], dtype=float)
        lp.row_upper_ = np.array([high for _low, high, _terms in self.rows], dtype=float)
        starts, index, value = [0], [], []
        for _low, _high, terms in self.rows:
            index.extend(terms)
            value.extend(terms.values())
            starts.append(len(index))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(value, dtype=float)
        if integer:
            lp.integrality_ = [highspy.HighsVarType.kInteger if i
                               else highspy.HighsVarType.kContinuous for i in self.integer]
        h.passModel(lp)
        return h


def _add(*parts: Mapping[int, float]) -> Terms:
    out: Terms = {}
    for part in parts:
        for column, coefficient in part.items():
            out[column] = out.get(column, 0.0) + coefficient
    return out


def _client_unknowns(m: _Model, pub: ClientPublication) -> dict[Quantity, Terms]:
    """The unknowns of one client and the expression of each figure it could publish."""
    specs = {s.key: s for s in table_specs()}
    category_keys = [key for key, _label in specs[CATEGORIE].cells]
    expr: dict[Quantity, Terms] = {}
    n = m.var()
    type_terms: dict[str, Terms] = {}
    category_terms: dict[str, Terms] = {key: {} for key in category_keys}
    for case_type, categories in CATEGORIES_BY_TYPE.items():
        assert set(categories) <= set(category_keys)
        terms: Terms = {}
        for size in range(1, len(categories) + 1):
            for pattern in combinations(categories, size):
                x = m.var()
                terms[x] = 1.0
                for category in pattern:
                    category_terms[category][x] = 1.0
        type_terms[case_type] = terms
    for case_type, _label in specs[SOORT].cells:
        if case_type in CATEGORIES_BY_TYPE:
            continue
        # No category rule: any set of categories, the empty one included.
        u = m.var()
        type_terms[case_type] = {u: 1.0}
        for category in category_keys:
            y = m.var()
            m.row(-INF, 0.0, {y: 1.0, u: -1.0})
            category_terms[category][y] = 1.0
    m.row(0.0, 0.0, {**_add(*type_terms.values()), n: -1.0})
    for case_type, _label in specs[SOORT].cells:
        expr[(SOORT, case_type)] = type_terms[case_type]
    for category in category_keys:
        expr[(CATEGORIE, category)] = category_terms[category]
    for table in PARTITIONS:
        cells = {key: m.var() for key, _label in specs[table].cells}
        m.row(0.0, 0.0, {**{v: 1.0 for v in cells.values()}, n: -1.0})
        for key, v in cells.items():
            expr[(table, key)] = {v: 1.0}
    for destination, _label in specs[DOORVERWIJZING].cells:
        r = m.var()
        m.row(-INF, 0.0, {r: 1.0, n: -1.0})
        expr[(DOORVERWIJZING, destination)] = {r: 1.0}
    conversations = m.var()
    case_hours = m.var(integer=False)
    counts = {line.kind: line.count for line in pub.activities}
    activity: Terms = {}
    for kind in ACTIVITY_KINDS:
        count = counts.get(kind.key, 0)
        a = m.var(count / 60, INF if count else 0.0, integer=False)
        activity[a] = 1.0
        expr[(ACTIVITY_HOURS, kind.key)] = {a: 1.0}
    expr[(KERN, "meldingen")] = {n: 1.0}
    expr[(KERN, "gesprekken")] = {conversations: 1.0}
    expr[(KERN, "uren_meldingen")] = {case_hours: 1.0}
    expr[(KERN, "uren_activiteiten")] = dict(activity)
    expr[(KERN, "uren_totaal")] = {case_hours: 1.0, **activity}
    return expr


def _bound(m: _Model, terms: Terms, low: float, high: float | None) -> None:
    m.row(low, INF if high is None else high, terms)


def shown_tables(pub: ClientPublication) -> set[str]:
    return {b.key for b in pub.breakdowns if not b.withheld}


def hidden_quantities(pub: ClientPublication) -> list[Quantity]:
    """Every figure the client does not give exactly: hidden cells, and every cell of a table
    that is withheld or absent."""
    given = dict(published_cells(pub))
    out = [q for q, cell in given.items() if cell.value is None]
    for spec in table_specs():
        out += [(spec.key, key) for key, _label in spec.cells if (spec.key, key) not in given]
    return out


class _Extremes:
    """Min and max of expressions over the model: the linear relaxation first, the integer
    programme when the relaxation's optimum is fractional. Integer points found on the way are
    kept: when they already show a figure's required spread, no solve is needed."""

    def __init__(self, m: _Model) -> None:
        self.size = len(m.lower)
        self.integer = np.array(m.integer, dtype=bool)
        self.columns = np.arange(self.size, dtype=np.int32)
        self.model = m
        self.lp = m.highs(integer=False)
        self.mip: highspy.Highs | None = None
        self.points: list[np.ndarray] = []

    def _mip(self) -> highspy.Highs:
        if self.mip is None:
            self.mip = self.model.highs(integer=True)
        return self.mip

    def _solve(self, h: highspy.Highs, terms: Terms, maximise: bool):
        """('optimal', value, point), ('unbounded', None, None) or ('infeasible', ...)."""
        cost = np.zeros(self.size)
        for column, coefficient in terms.items():
            cost[column] = coefficient
        h.changeColsCost(self.size, self.columns, cost)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise
                               else highspy.ObjSense.kMinimize)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            point = np.asarray(h.getSolution().col_value, dtype=float)
            return "optimal", h.getInfo().objective_function_value, point
        if status in (highspy.HighsModelStatus.kUnbounded,
                      highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return "unbounded", None, None
        if status == highspy.HighsModelStatus.kInfeasible:
            return "infeasible", None, None
        raise RuntimeError(f"HiGHS ended with {h.modelStatusToString(status)}")

    def _integral(self, point: np.ndarray) -> bool:
        chosen = point[self.integer]
        return not chosen.size or float(np.abs(chosen - np.rint(chosen)).max()) <= 1e-7

    def check_feasible(self) -> None:
        status, _value, point = self._solve(self.lp, {}, maximise=False)
        if status == "infeasible":
            raise JointInfeasible
        if point is not None and self._integral(point):
            self.points.append(point)
            return
        status, _value, point = self._solve(self._mip(), {}, maximise=False)
        if status != "optimal":
            raise JointInfeasible
        self.points.append(point)

    def seen(self, terms: Terms) -> tuple[float, float] | None:
        """Smallest and largest value of the expression at the integer points seen so far."""
        if not self.points:
            return None
        if not terms:
            return 0.0, 0.0
        index = list(terms)
        values = np.array(self.points)[:, index] @ np.array(list(terms.values()))
        return float(values.min()), float(values.max())

    def extreme(self, terms: Terms, maximise: bool) -> float | None:
        """The min or max of the expression over the integer model; None when unbounded."""
        if not terms:
            return 0.0
        status, value, point = self._solve(self.lp, terms, maximise)
        if status == "optimal" and self._integral(point):
            self.points.append(point)
            return value
        if status == "unbounded":
            # The integer model is feasible (checked first) and its data rational: a ray of
            # the relaxation is a ray of the integer hull too.
            return None
        if status == "infeasible":
            raise JointInfeasible
        status, value, point = self._solve(self._mip(), terms, maximise)
        if status == "optimal":
            self.points.append(point)
            return value
        if status == "unbounded" and maximise:
            return None
        raise JointInfeasible


def passes(quantity: Quantity, low: float, high: float | None, true: float, k: int) -> bool:
    """The criterion for a figure that is not given exactly."""
    if is_hours(quantity):
        if quantity not in JUDGED_HOURS:
            return True
        return high is None or high - low >= MIN_HOURS_RANGE - EPS
    if true == 0:
        return True  # zeros are left out of shown tables in plain view
    if true <= k - 1:
        return low <= 1 + EPS and (high is None or high >= k - 1 - EPS)
    return high is None or high > low + 0.5


def build_model(pubs: Sequence[ClientPublication], agency: AgencyFigures
                ) -> tuple[_Model, dict[int, dict[Quantity, Terms]]]:
    """The joint model of every client's publication and the agency overview."""
    m = _Model()
    exprs: dict[int, dict[Quantity, Terms]] = {}
    for pub in pubs:
        expr = _client_unknowns(m, pub)
        exprs[pub.org_id] = expr
        for quantity, cell in published_cells(pub):
            if quantity == (KERN, "contracturen"):
                continue
            _bound(m, expr[quantity], cell.low, cell.high)
    for quantity, cell in published_cells(agency):
        if quantity == (KERN, "contracturen"):
            continue
        if quantity[0] in (KERN, ACTIVITY_HOURS):
            among = list(pubs)
        else:
            among = [p for p in pubs if quantity[0] in shown_tables(p)]
        terms = _add(*(exprs[p.org_id][quantity] for p in among))
        _bound(m, terms, cell.low, cell.high)
    return m, exprs


class _Query(NamedTuple):
    org_id: int
    quantity: Quantity
    terms: Terms
    true: float
    k: int


def _queries(truths: Sequence[ClientYear], pubs: Sequence[ClientPublication],
             exprs: Mapping[int, Mapping[Quantity, Terms]]) -> list[_Query]:
    """The figures to judge: those not given exactly, except the ones that pass whatever the
    attacker learns (zeros, hours without case hours, contract hours)."""
    by_org = {t.org_id: t for t in truths}
    out = []
    for pub in pubs:
        truth = by_org[pub.org_id]
        for quantity in hidden_quantities(pub):
            if quantity == (KERN, "contracturen"):
                continue
            if is_hours(quantity) and quantity not in JUDGED_HOURS:
                continue
            true = truth.value(quantity)
            if not is_hours(quantity) and true == 0:
                continue
            out.append(_Query(pub.org_id, quantity, exprs[pub.org_id][quantity], true,
                              truth.k))
    return out


def _seed(extremes: _Extremes, queries: Sequence[_Query], rounds: int) -> None:
    """Integer points that spread the table cells, found with a few objectives shared by all
    queries: most figures then pass without a solve of their own. Only an optimisation: a
    figure these points do not clear is solved for."""
    cells = [q.terms for q in queries if q.quantity[0] not in (KERN, ACTIVITY_HOURS)]
    if not cells:
        return
    rng = np.random.default_rng(0)
    for maximise in (True, False):
        extremes.extreme(_add(*cells), maximise)
    for _round in range(rounds):
        signs = rng.choice((-1.0, 1.0), size=len(cells))
        extremes.extreme(_add(*({c: s * v for c, v in terms.items()}
                                 for terms, s in zip(cells, signs, strict=True))), True)


def joint_attack(truths: Sequence[ClientYear], pubs: Sequence[ClientPublication],
                 agency: AgencyFigures, seed_rounds: int = 16) -> list[JointExposure]:
    """Every figure of every client that the agency's publication as a whole narrows too far.
    Raises JointInfeasible when the publication contradicts itself."""
    m, exprs = build_model(pubs, agency)
    extremes = _Extremes(m)
    extremes.check_feasible()
    queries = _queries(truths, pubs, exprs)
    _seed(extremes, queries, seed_rounds)
    exposures = []
    for q in queries:
        seen = extremes.seen(q.terms)
        if seen is not None and passes(q.quantity, *seen, q.true, q.k):
            continue
        low = extremes.extreme(q.terms, maximise=False)
        seen = extremes.seen(q.terms)
        if seen is not None and passes(q.quantity, low, seen[1], q.true, q.k):
            continue
        high = extremes.extreme(q.terms, maximise=True)
        if not passes(q.quantity, low, high, q.true, q.k):
            exposures.append(JointExposure(q.org_id, q.quantity, low, high, q.true))
    return exposures
