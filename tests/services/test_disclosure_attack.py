"""The per-client attack and the agency overview, checked by an independent joint attack.

services/disclosure.py attacks each client's publication on its own and argues that the agency
overview cannot narrow any client's figures. tests/services/joint_attack.py attacks a whole
agency's year at once, with the overview's sums linking the clients; here it runs on generated
agencies (pure ClientYear objects, no database) and on hand-made hard cases, and on deliberately
leaky publications to show that it does find what it should.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.services.joint_attack import JointExposure, joint_attack
from vp_tui.models.enums import (
    ACTIVITY_KINDS,
    CATEGORIES,
    MELDER_ROLES,
    OUTCOMES,
    REFERRAL_DESTINATIONS,
    RELATIONS,
)
from vp_tui.services.cases.rules import CATEGORIES_BY_TYPE
from vp_tui.services.publication import (
    ClientPublication,
    ClientYear,
    Suppression,
    build,
    exact,
    overview,
    published_cells,
)
from vp_tui.services.year_model import publish

YEAR = 2025
NOT_RECORDED, STILL_OPEN = "niet_vastgelegd", "lopend"


class CaseFacts(NamedTuple):
    """The enumerated facts of one case that a year's figures count."""

    case_type: str
    categories: tuple[str, ...]
    relation: str = "collega"
    role: str = "medewerker"
    outcome: str = "opgelost"
    referrals: tuple[str, ...] = ()
    conversations: int = 1
    minutes: int = 60


def client_year(org_id: int, k: int, cases: Sequence[CaseFacts],
                activities: dict[str, list[int]] | None = None) -> ClientYear:
    """The truth of one client's year, counted the way year_model._truths counts it."""
    tables: dict[str, Counter] = {key: Counter() for key in (
        "soort", "categorie", "relatie", "rol_melder", "uitkomst", "doorverwijzing")}
    for case in cases:
        fitting = CATEGORIES_BY_TYPE.get(case.case_type)
        # A case whose type is not recorded may carry any categories, or none.
        assert set(case.categories) <= set(fitting or CATEGORIES.keys())
        assert case.categories or not fitting
        tables["soort"][case.case_type] += 1
        for category in set(case.categories):
            tables["categorie"][category] += 1
        tables["relatie"][case.relation] += 1
        tables["rol_melder"][case.role] += 1
        tables["uitkomst"][case.outcome] += 1
        for destination in set(case.referrals):
            tables["doorverwijzing"][destination] += 1
    return ClientYear(
        org_id=org_id, organisation=f"Organisatie {org_id}", year=YEAR, k=k, cases=len(cases),
        tables={key: dict(counts) for key, counts in tables.items() if counts},
        conversations=sum(c.conversations for c in cases),
        case_minutes=sum(c.minutes for c in cases),
        activities={kind: (len(minutes), sum(minutes))
                    for kind, minutes in (activities or {}).items() if minutes},
        contract_hours=80.0,
    )


def plain(case_type: str, *categories: str, n: int = 1, **facts) -> list[CaseFacts]:
    return [CaseFacts(case_type, categories, **facts) for _ in range(n)]


# --- generated agencies ----------------------------------------------------------------------

# Most cases are about unwanted behaviour; the other types come in small numbers. A type that
# is not recorded (a key outside CASE_TYPES) is rare but counted, and gives the type table a
# fourth cell, the only way it can show a hidden cell instead of being withheld.
_TYPES = ("oo",) * 8 + ("integriteit",) * 2 + ("buiten_taak",) * 2 + (NOT_RECORDED,)


@st.composite
def leaning(draw, keys: Sequence[str]) -> st.SearchStrategy[str]:
    """Values of one attribute for a client's cases: mostly a few favourites of that client, so
    that its tables mix large cells with small ones, now and then any other value."""
    favourites = draw(st.lists(st.sampled_from(tuple(keys)), min_size=1, max_size=3,
                               unique=True))
    weight = draw(st.sampled_from((3, 15, 60, 400)))
    return st.sampled_from(tuple(favourites) * weight + tuple(keys))


class _Profile(NamedTuple):
    types: st.SearchStrategy[str]
    #: case type -> its first category
    category: dict[str, st.SearchStrategy[str]]
    relation: st.SearchStrategy[str]
    role: st.SearchStrategy[str]
    outcome: st.SearchStrategy[str]
    referral: st.SearchStrategy[str]


@st.composite
def profiles(draw) -> _Profile:
    return _Profile(
        types=draw(leaning(_TYPES)),
        category={case_type: draw(leaning(CATEGORIES_BY_TYPE.get(case_type)
                                          or CATEGORIES.keys()))
                  for case_type in dict.fromkeys(_TYPES)},
        relation=draw(leaning((*RELATIONS.keys(), NOT_RECORDED))),
        role=draw(leaning((*MELDER_ROLES.keys(), NOT_RECORDED))),
        outcome=draw(leaning((*OUTCOMES.keys(), STILL_OPEN))),
        referral=draw(leaning(REFERRAL_DESTINATIONS.keys())),
    )


@st.composite
def case_facts(draw, profile: _Profile) -> CaseFacts:
    case_type = draw(profile.types)
    fitting = CATEGORIES_BY_TYPE.get(case_type) or CATEGORIES.keys()
    categories = [draw(profile.category[case_type])]
    extra = draw(st.sampled_from((0, 0, 0, 0, 0, 1, 2)))  # often one category, sometimes 2-3
    categories += draw(st.lists(st.one_of(profile.category[case_type], st.sampled_from(fitting)),
                                max_size=extra, unique=True))
    if case_type not in CATEGORIES_BY_TYPE and draw(st.booleans()):
        categories = []  # a case without a recorded type needs no category
    referrals = draw(st.sampled_from((0, 0, 0, 1, 1, 2)))
    return CaseFacts(
        case_type=case_type,
        categories=tuple(dict.fromkeys(categories)),
        relation=draw(profile.relation),
        role=draw(profile.role),
        outcome=draw(profile.outcome),
        referrals=tuple(draw(st.lists(profile.referral, min_size=referrals,
                                      max_size=referrals))),
        conversations=draw(st.integers(0, 4)),
        minutes=draw(st.integers(0, 600)),
    )


@st.composite
def clients(draw, org_id: int) -> ClientYear:
    k = draw(st.integers(3, 6))
    profile = draw(profiles())
    size = draw(st.integers(0, 40))
    cases = draw(st.lists(case_facts(profile), min_size=size, max_size=size))
    activities = {kind: draw(st.lists(st.integers(1, 240), max_size=3))
                  for kind in ACTIVITY_KINDS.keys()}
    return client_year(org_id, k, cases, activities)


@st.composite
def agencies(draw) -> list[ClientYear]:
    size = draw(st.integers(2, 8))
    return [draw(clients(org_id)) for org_id in range(1, size + 1)]


def _publish_all(truths: Sequence[ClientYear]) -> list[ClientPublication]:
    pubs = []
    for truth in truths:
        pub, verdict = publish(truth)
        assert not verdict.infeasible, truth
        assert not verdict.exposed, (truth, verdict)
        pubs.append(pub)
    return pubs


def _check_agency(truths: Sequence[ClientYear]) -> None:
    pubs = _publish_all(truths)
    found = joint_attack(truths, pubs, overview(YEAR, pubs))
    assert found == [], (found, truths)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(agencies())
def test_generated_agencies_survive_the_joint_attack(truths: list[ClientYear]) -> None:
    _check_agency(truths)


# --- hand-made hard cases --------------------------------------------------------------------


def _big(org_id: int, k: int = 5) -> ClientYear:
    """A client with many cases of every kind."""
    cases = (plain("oo", "pesten", n=12)
             + plain("oo", "intimidatie", n=9, relation="leidinggevende")
             + plain("integriteit", "fraude", n=7, role="leidinggevende")
             + plain("buiten_taak", "arbeidsconflict", n=6, outcome=STILL_OPEN))
    return client_year(org_id, k, cases, {"voorlichting": [60, 90], "advies": [30]})


ADVERSARIAL = {
    # The overview's integriteit 8 = 7 (big client) + 0 + a hidden 1 of the small client.
    "single_integrity_case_beside_big_client": [
        _big(1),
        client_year(2, 5, plain("oo", "pesten", n=10)),
        client_year(3, 5, plain("oo", "pesten", n=9) + plain("integriteit", "fraude")),
    ],
    # The same, with a fourth type so that the small client's type table is shown, "< 5"
    # for its one integrity case (see test_the_classic_overview_sum_keeps_its_interval).
    "single_integrity_case_shown_hidden": [
        _big(1),
        client_year(2, 5, plain("oo", "pesten", n=10)),
        client_year(3, 5, plain("oo", "pesten", n=9) + plain("integriteit", "fraude")
                    + plain("buiten_taak", "prive", n=5) + plain(NOT_RECORDED, n=6)),
    ],
    "several_small_clients": [
        _big(1),
        client_year(2, 3, plain("integriteit", "fraude", n=2), {"overig": [1, 1]}),
        client_year(3, 4, plain("oo", "pesten") + plain("buiten_taak", "overig")),
        client_year(4, 6, plain("oo", "pesten", n=5, referrals=("bedrijfsarts", "mediator"))),
    ],
    "client_with_exactly_k_cases": [
        _big(1),
        client_year(2, 4, plain("oo", "pesten", n=3) + plain("integriteit", "corruptie")),
        client_year(3, 3, plain("buiten_taak", "prive", n=3, referrals=("huisarts",))),
    ],
    "client_with_one_case": [
        _big(1),
        client_year(2, 5, plain("integriteit", "misbruik", referrals=("politie",)),
                    {"advies": [5]}),
        client_year(3, 6, []),
    ],
    # Integriteit 7 given exactly with fraude 5: misbruik must not follow as >= 2.
    "category_type_link": [
        client_year(1, 5, plain("oo", "pesten", n=8) + plain("oo", "discriminatie", n=6)
                    + plain("integriteit", "fraude", n=5) + plain("integriteit", "misbruik", n=2)
                    + plain("buiten_taak", "reorganisatie", n=5)),
        _big(2),
    ],
    "link_across_clients_of_one_category": [
        client_year(1, 5, plain("oo", "pesten", n=8) + plain("integriteit", "fraude", n=5)
                    + plain("integriteit", "misbruik", n=2) + plain("buiten_taak", "prive", n=5)),
        client_year(2, 5, plain("oo", "pesten", n=8) + plain("integriteit", "misbruik", n=1)
                    + plain("integriteit", "fraude", "overig", n=6)
                    + plain("buiten_taak", "prive", n=5)),
        client_year(3, 3, plain("oo", "seksuele_intimidatie", n=2)),
    ],
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_hard_agencies_survive_the_joint_attack(name: str) -> None:
    _check_agency(ADVERSARIAL[name])


def test_the_classic_overview_sum_keeps_its_interval() -> None:
    """The hard case is what it claims: the small client hides its one integrity case and
    the overview adds 7 + 0 + "< 5" as an interval, not as 8."""
    pubs = _publish_all(ADVERSARIAL["single_integrity_case_shown_hidden"])
    assert _cell(pubs[0], "soort", "integriteit").value == 7
    assert _cell(pubs[1], "soort", "integriteit").value == 0
    assert _cell(pubs[2], "soort", "integriteit").shown == "< 5"
    total = _cell(overview(YEAR, pubs), "soort", "integriteit")
    assert total.value is None and total.low == 8 and total.high is not None


# --- the attack does find leaks --------------------------------------------------------------


def _replace_cell(pub, table: str, key: str, cell):
    """The publication (client or overview) with one breakdown cell replaced."""
    breakdowns = tuple(
        dataclasses.replace(b, cells=tuple(cell if c.key == key else c for c in b.cells))
        if b.key == table else b
        for b in pub.breakdowns
    )
    return dataclasses.replace(pub, breakdowns=breakdowns)


def _cell(pub, table: str, key: str):
    return dict(published_cells(pub))[(table, key)]


# Integriteit 2 is shown as "< 5"; the unrecorded type is hidden beside it ("≥ 5").
_HIDING = client_year(1, 5, plain("oo", "pesten", n=20) + plain("integriteit", "fraude", n=2)
                      + plain("buiten_taak", "prive", n=10) + plain(NOT_RECORDED, n=8))
_SHOWING = client_year(2, 5, plain("oo", "pesten", n=10) + plain("integriteit", "fraude", n=6))


def test_an_exact_overview_total_gives_away_a_hidden_client_cell() -> None:
    truths = [_HIDING, _SHOWING]
    pubs = _publish_all(truths)
    assert _cell(pubs[0], "soort", "integriteit").shown == "< 5"
    assert _cell(pubs[1], "soort", "integriteit").value == 6
    agency = overview(YEAR, pubs)
    assert _cell(agency, "soort", "integriteit").value is None  # 7..10
    assert joint_attack(truths, pubs, agency) == []
    total = sum(int(t.value(("soort", "integriteit"))) for t in truths)  # 2 + 6
    leaky = _replace_cell(agency, "soort", "integriteit",
                          exact("integriteit", "integriteit", total))
    found = joint_attack(truths, pubs, leaky)
    assert JointExposure(1, ("soort", "integriteit"), 2, 2, 2) in found


def test_a_category_next_to_an_exact_type_is_found() -> None:
    """Integriteit 7 exact and fraude 5 exact: misbruik, shown "< 5", is at least 2."""
    truth = ADVERSARIAL["category_type_link"][0]
    pub = build(truth, Suppression())  # the single-table rule only, no link suppression
    assert _cell(pub, "soort", "integriteit").value == 7
    assert _cell(pub, "categorie", "fraude").value == 5
    assert _cell(pub, "categorie", "misbruik").shown == "< 5"
    found = joint_attack([truth], [pub], overview(YEAR, [pub]))
    assert JointExposure(1, ("categorie", "misbruik"), 2, 4, 2) in found


def test_a_small_cell_beside_exact_cells_and_an_exact_total_is_found() -> None:
    pub = build(_HIDING, Suppression())
    assert _cell(pub, "soort", "integriteit").shown == "< 5"
    hidden = _cell(pub, "soort", NOT_RECORDED)
    assert hidden.shown == "≥ 5"  # the secondary suppression the single-table rule adds
    leaky = _replace_cell(pub, "soort", NOT_RECORDED, exact(NOT_RECORDED, hidden.label, 8))
    assert joint_attack([_HIDING], [pub], overview(YEAR, [pub])) == []
    found = joint_attack([_HIDING], [leaky], overview(YEAR, [leaky]))
    assert JointExposure(1, ("soort", "integriteit"), 2, 2, 2) in found
