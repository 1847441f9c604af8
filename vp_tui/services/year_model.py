"""The publication model of one year: read once, built per client, attacked, then gated.

Every figure output (client reports, the agency overview, `stats`, `export figures`, the
report screen) takes its cells from a YearModel and calls `gate` before it shows or writes
anything. Only enumerated columns and counters of cases are read (never melder code, contact,
department, timeline text or notes); `conversation_count` and `minutes_spent` survive a
retention purge, so a year's figures do not change when its cases are purged.

Conventions: a case belongs to the year in which it was opened, with its conversations and
minutes; a referral destination counts a case once however often it was referred there.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import peewee as pw

from vp_tui.models import Activity, Case, CaseCategory, Organisation, Referral
from vp_tui.models.enums import (
    CASE_TYPES,
    CATEGORIES,
    CLOSED,
    MELDER_ROLES,
    OUTCOMES,
    REFERRAL_DESTINATIONS,
    RELATIONS,
    Enumeration,
)
from vp_tui.services.anonymity import effective_k
from vp_tui.services.disclosure import Verdict, attack, check_overview, refuse
from vp_tui.services.publication import (
    CATEGORIE,
    DOORVERWIJZING,
    NOT_RECORDED,
    RELATIE,
    ROL_MELDER,
    SOORT,
    STILL_OPEN,
    UITKOMST,
    AgencyFigures,
    ClientPublication,
    ClientYear,
    OverviewRow,
    Suppression,
    build,
    overview,
    overview_rows,
    respond,
)

#: SQLite's limit on bound parameters is far above this; chunks keep each IN list modest.
_CHUNK = 500


def _attribute(enum: Enumeration, value: str | None) -> str:
    return value if value in enum else NOT_RECORDED


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i:i + _CHUNK])


def _truths(org_ids: Sequence[int], year: int) -> dict[int, ClientYear]:
    """Every client's counts of the year in five grouped queries, whatever the number."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    tables: dict[int, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    cases: Counter = Counter()
    conversations: Counter = Counter()
    minutes: Counter = Counter()
    activities: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    orgs = {}
    for ids in _chunks(org_ids):
        for org in (Organisation.select(Organisation.id, Organisation.name,
                                        Organisation.anonymity_k, Organisation.contract_hours)
                    .where(Organisation.id.in_(ids))):
            orgs[org.id] = org
        in_year = (Case.organisation.in_(ids), Case.opened_on.between(start, end))
        for (org_id, case_type, relation, role, status, outcome, talks,
             spent) in (Case.select(Case.organisation, Case.case_type, Case.relation,
                                    Case.melder_role, Case.status, Case.outcome,
                                    Case.conversation_count, Case.minutes_spent)
                        .where(*in_year).tuples()):
            counted = tables[org_id]
            cases[org_id] += 1
            conversations[org_id] += talks or 0
            minutes[org_id] += spent or 0
            counted[SOORT][_attribute(CASE_TYPES, case_type)] += 1
            counted[RELATIE][_attribute(RELATIONS, relation)] += 1
            counted[ROL_MELDER][_attribute(MELDER_ROLES, role)] += 1
            counted[UITKOMST][STILL_OPEN if status != CLOSED
                              else _attribute(OUTCOMES, outcome)] += 1
        # (case, category) is unique, so each row is one case in one category.
        for org_id, category, n in (
                CaseCategory.select(Case.organisation, CaseCategory.category, pw.fn.COUNT(1))
                .join(Case).where(*in_year)
                .group_by(Case.organisation, CaseCategory.category).tuples()):
            if category in CATEGORIES:
                tables[org_id][CATEGORIE][category] += n
        for org_id, destination, n in (
                Referral.select(Case.organisation, Referral.destination,
                                pw.fn.COUNT(pw.fn.DISTINCT(Referral.case)))
                .join(Case).where(*in_year)
                .group_by(Case.organisation, Referral.destination).tuples()):
            if destination in REFERRAL_DESTINATIONS:
                tables[org_id][DOORVERWIJZING][destination] += n
        for org_id, kind, n, spent in (
                Activity.select(Activity.organisation, Activity.kind, pw.fn.COUNT(Activity.id),
                                pw.fn.COALESCE(pw.fn.SUM(Activity.minutes), 0))
                .where(Activity.organisation.in_(ids), Activity.date.between(start, end))
                .group_by(Activity.organisation, Activity.kind).tuples()):
            activities[org_id][kind] = (n, spent)
    return {
        org_id: ClientYear(
            org_id=org_id, organisation=orgs[org_id].name, year=year,
            k=effective_k(orgs[org_id].anonymity_k), cases=cases[org_id],
            tables={key: dict(counts) for key, counts in tables[org_id].items()},
            conversations=conversations[org_id], case_minutes=minutes[org_id],
            activities=activities[org_id], contract_hours=float(orgs[org_id].contract_hours),
        )
        for org_id in org_ids if org_id in orgs
    }


def publish(truth: ClientYear) -> tuple[ClientPublication, Verdict]:
    """The client's publication, suppressed further until the attack finds nothing (or
    nothing is left to suppress: the verdict then fails and the gate refuses)."""
    choice = Suppression()
    while True:
        pub = build(truth, choice)
        verdict = attack(truth, pub)
        if verdict.infeasible or not verdict.exposed:
            return pub, verdict
        if not respond(pub, choice, [e.quantity for e in verdict.exposed]):
            return pub, verdict


@dataclass(frozen=True)
class YearModel:
    """The publication of one year for a set of clients, in the order given."""

    year: int
    publications: dict[int, ClientPublication]
    verdicts: dict[int, Verdict]

    def client(self, org_id: int) -> ClientPublication:
        """The client's publication, once the gate has passed it."""
        verdict = self.verdicts[org_id]
        if verdict.infeasible or verdict.exposed:
            refuse(self.publications[org_id], verdict)
        return self.publications[org_id]

    def gate(self) -> None:
        for org_id in self.publications:
            self.client(org_id)

    def overview(self) -> tuple[AgencyFigures, tuple[OverviewRow, ...]]:
        """The agency's figures, after the gate has passed every client and the overview."""
        self.gate()
        pubs = list(self.publications.values())
        agency, rows = overview(self.year, pubs), overview_rows(pubs)
        check_overview(agency, rows, pubs)
        return agency, rows


def load(org_ids: Sequence[int], year: int) -> YearModel:
    truths = _truths(org_ids, year)
    built = {org_id: publish(truth) for org_id, truth in truths.items()}
    return YearModel(year, {o: p for o, (p, _v) in built.items()},
                     {o: v for o, (_p, v) in built.items()})
