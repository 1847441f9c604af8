"""A small, fully known agency for the coverage tests (service, CLI).

Advisers: KO (coordinator, not an adviser), MA (m), VE (v), MO (m), VI (v), NN (m), PK (m),
WS (v).
Alfa requires a man and a woman: vaste VP MA, tweede VP VE; NN was its tweede VP in 2025.
Beta does not: vaste VP MO only. VI has a conflict of interest with Alfa.
Open cases: NN 2, PK 1, the others none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vp_tui.models import Adviser, Case, ConflictOfInterest, Engagement, Organisation
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context

TODAY = dt.date(2026, 11, 27)
START = dt.date(2024, 1, 1)


@dataclass
class World:
    advisers: dict[str, int]
    alfa: int
    beta: int

    def ctx(self, initials: str, today: dt.date = TODAY) -> Context:
        return Context(resolve_actor(initials, None), today=today)


def build() -> World:
    people = [("Kim Oost", "KO", "v", "coordinator", False),
              ("Mark Aal", "MA", "m", "adviser", True), ("Vera Eik", "VE", "v", "adviser", True),
              ("Mo Olm", "MO", "m", "adviser", True), ("Vik Ipe", "VI", "v", "adviser", True),
              ("Nico Nes", "NN", "m", "adviser", True), ("Piet Kwak", "PK", "m", "adviser", True),
              ("Wil Ster", "WS", "v", "adviser", True)]
    advisers = {
        i: Adviser.create(name=n, initials=i, gender=g, role=r, is_adviser=w).id
        for n, i, g, r, w in people
    }
    alfa = Organisation.create(name="Alfa", requires_mixed_gender=True, contract_start=START)
    beta = Organisation.create(name="Beta", requires_mixed_gender=False, contract_start=START)
    for who, org, role, end in [("MA", alfa, "vaste_vp", None), ("VE", alfa, "tweede_vp", None),
                                ("NN", alfa, "tweede_vp", dt.date(2025, 12, 31)),
                                ("MO", beta, "vaste_vp", None)]:
        Engagement.create(adviser=advisers[who], organisation=org, role=role, start=START,
                          end=end)
    ConflictOfInterest.create(adviser=advisers["VI"], organisation=alfa)
    for n, who in enumerate(["NN", "NN", "PK"], start=1):
        open_case(beta.id, advisers[who], dt.date(2026, 10, n), code=f"2026-90{n:02d}")
    return World(advisers, alfa.id, beta.id)


def open_case(org_id: int, owner_id: int, opened_on: dt.date, code: str) -> int:
    return Case.create(code=code, organisation=org_id, owner=owner_id, opened_on=opened_on,
                       channel="telefoon", case_type="oo", status="intake").id
