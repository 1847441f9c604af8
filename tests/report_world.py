"""A small, fully known agency for the annual-report tests (service, CLI, screen).

Advisers: KO (coordinator, not an adviser), BJ (vaste VP of Proef and of Leeg), CS (adviser
of nothing). Organisations: "Stichting Proef" (k 5, contract 40 h) with the cases below,
"Leeg B.V." (no cases at all).

Proef 2025, 12 cases, each with 2 conversations of 30 minutes (24 conversations, 12 hours):
  type      oo 7, integriteit 3, buiten_taak 2
  relation  collega 6, leidinggevende 6
  role      medewerker 11, leidinggevende 1
  outcome   10 closed 'opgelost', 2 still open
  category  pesten 7 (the oo cases), fraude 3, arbeidsconflict 2
  referral  bedrijfsarts 5 cases (one of them twice), mediator 2
Activities 2025: voorlichting 90 min, advies 30 min. Proef 2024: 3 cases.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from dataclasses import dataclass

from vp_tui.models import (
    Activity,
    Adviser,
    Case,
    CaseCategory,
    ChecklistItem,
    Engagement,
    FollowUp,
    Organisation,
    Referral,
    TimelineEntry,
)
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.context import Context

TODAY = dt.date(2026, 11, 27)
YEAR = 2025


@dataclass
class World:
    advisers: dict[str, int]
    proef: int
    leeg: int

    def ctx(self, initials: str = "BJ", today: dt.date = TODAY) -> Context:
        return Context(resolve_actor(initials, None), today=today)


_counter = {"n": 0}


def add_case(org_id: int, owner_id: int, opened_on: dt.date, *, case_type: str = "oo",
             relation: str = "collega", role: str = "medewerker", closed: bool = True,
             categories: tuple[str, ...] = ("pesten",), referrals: tuple[str, ...] = (),
             conversations: int = 2, minutes: int = 30) -> Case:
    """One case with its conversations and referrals; counters filled as the services do."""
    _counter["n"] += 1
    case = Case.create(
        code=f"{opened_on.year}-T{_counter['n']:04d}", organisation=org_id, owner=owner_id,
        opened_on=opened_on, closed_on=opened_on + dt.timedelta(days=30) if closed else None,
        channel="telefoon", case_type=case_type, melder_role=role, relation=relation,
        status="afgesloten" if closed else "begeleiding", outcome="opgelost" if closed else "",
        conversation_count=conversations, minutes_spent=conversations * minutes,
        melder_code=f"M-{_counter['n']}", department="Afdeling",
    )
    for category in categories:
        CaseCategory.create(case=case, category=category)
    for n in range(conversations):
        TimelineEntry.create(case=case, kind="gesprek", occurred_on=opened_on, minutes=minutes,
                             text=f"Gesprek {n}", author=owner_id)
    for destination in referrals:
        entry = TimelineEntry.create(case=case, kind="verwijzing", occurred_on=opened_on,
                                     text="Verwezen", consent=True, author=owner_id)
        Referral.create(case=case, destination=destination, referred_on=opened_on,
                        consent=True, author=owner_id, entry=entry)
    FollowUp.create(case=case, due_on=opened_on + dt.timedelta(days=7), description="Bellen")
    return case


def png(width: int, height: int, rgb: tuple[int, int, int] = (31, 78, 121)) -> bytes:
    """A plain PNG of one colour (a logo for the letterhead)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def add_admin() -> Context:
    """An admin (not an adviser), who keeps the agency profile."""
    Adviser.create(name="Ada Beheer", initials="AB", gender="v", role="admin",
                   is_adviser=False)
    return Context(resolve_actor("AB", None), today=TODAY)


def add_org(name: str, k: int = 5, contract_hours: int = 40) -> Organisation:
    return Organisation.create(name=name, anonymity_k=k, contract_hours=contract_hours,
                               contract_start=dt.date(2024, 1, 1))


def build() -> World:
    advisers = {
        i: Adviser.create(name=n, initials=i, gender=g, role=r, is_adviser=w).id
        for n, i, g, r, w in [("Kim Oost", "KO", "v", "coordinator", False),
                              ("Bram Jansen", "BJ", "m", "adviser", True),
                              ("Carla Smit", "CS", "v", "adviser", True)]
    }
    bj = advisers["BJ"]
    proef = add_org("Stichting Proef")
    leeg = add_org("Leeg B.V.", contract_hours=8)
    for org in (proef, leeg):
        Engagement.create(adviser=bj, organisation=org, role="vaste_vp",
                          start=dt.date(2024, 1, 1))
    ChecklistItem.create(organisation=proef, item="positie_bestuur", status="niet_geregeld")
    ChecklistItem.create(organisation=proef, item="jaarverslag", status="geregeld")

    day = dt.date(YEAR, 3, 1)
    types = ["oo"] * 7 + ["integriteit"] * 3 + ["buiten_taak"] * 2
    category = {"oo": "pesten", "integriteit": "fraude", "buiten_taak": "arbeidsconflict"}
    for n, case_type in enumerate(types):
        referrals: tuple[str, ...] = ()
        if n < 5:
            referrals = ("bedrijfsarts", "bedrijfsarts") if n == 0 else ("bedrijfsarts",)
        if n in (5, 6):
            referrals = ("mediator",)
        add_case(proef.id, bj, day + dt.timedelta(days=n), case_type=case_type,
                 relation="collega" if n % 2 else "leidinggevende",
                 role="leidinggevende" if n == 11 else "medewerker",
                 closed=n < 10, categories=(category[case_type],), referrals=referrals)
    for n in range(3):
        add_case(proef.id, bj, dt.date(YEAR - 1, 5, 1 + n))
    Activity.create(organisation=proef, adviser=bj, kind="voorlichting",
                    date=dt.date(YEAR, 4, 1), minutes=90, description="Teamoverleg")
    Activity.create(organisation=proef, adviser=bj, kind="advies", date=dt.date(YEAR, 6, 1),
                    minutes=30, description="Advies directie")
    return World(advisers, proef.id, leeg.id)
