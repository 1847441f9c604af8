"""Realistic Dutch demo data for `vp-tui demo`: deterministic for a seed and a date."""

from __future__ import annotations

import datetime as dt
import random

from vp_tui.models import (
    Absence,
    Activity,
    Adviser,
    Case,
    CaseCategory,
    ChecklistItem,
    ConflictOfInterest,
    Cover,
    Engagement,
    FollowUp,
    Organisation,
    Referral,
    TimelineEntry,
)
from vp_tui.models.enums import CHECKLIST, CLOSED, MELDER_ROLES, RELATIONS
from vp_tui.services.cases.codes import next_code
from vp_tui.services.writes import transaction

ADVISERS = [
    ("Anna de Vries", "ADV", "v", "coordinator"),
    ("Bram Jansen", "BJ", "m", "adviser"),
    ("Carla Smit", "CS", "v", "adviser"),
    ("Daan Bakker", "DB", "m", "adviser"),
]

ORGANISATIONS = [
    ("Gemeente Zuidvliet", "overheid", 420, "beide", True),
    ("Zorggroep De Linde", "zorg", 860, "oo", True),
    ("Bouwbedrijf Van Dam B.V.", "bouw", 120, "oo", False),
    ("Woningcorporatie Thuis aan de Maas", "wonen", 210, "beide", False),
    ("Scholengroep Het Baken", "onderwijs", 540, "beide", True),
    ("Transportbedrijf Noordkade", "logistiek", 75, "oo", False),
    ("Bibliotheek Rivierenland", "cultuur", 38, "oo", False),
]

OO_CATEGORIES = ["pesten", "seksuele_intimidatie", "agressie_geweld", "discriminatie",
                 "intimidatie", "grensoverschrijdend"]
INTEGRITY_CATEGORIES = ["fraude", "corruptie", "misbruik"]
OUTSIDE_CATEGORIES = ["arbeidsconflict", "reorganisatie", "functionering", "prive"]

CONVERSATION_NOTES = [
    "Eerste gesprek: melder vertelt over terugkerende opmerkingen in het teamoverleg.",
    "Melder voelt zich buitengesloten sinds de nieuwe roosterindeling.",
    "Besproken welke informele en formele routes er zijn; melder denkt erover na.",
    "Melder wil eerst zelf het gesprek aangaan met de betrokken collega.",
    "Terugblik op het gesprek met de leidinggevende; sfeer iets verbeterd.",
    "Melder twijfelt over een formele klacht en wil meer informatie over de procedure.",
    "Nazorg: melder geeft aan dat de situatie rustiger is geworden.",
    "Telefonisch contact; melder heeft een afspraak bij de bedrijfsarts gemaakt.",
]


def _pick_categories(rng: random.Random, case_type: str) -> list[str]:
    pool = {"oo": OO_CATEGORIES, "integriteit": INTEGRITY_CATEGORIES}.get(
        case_type, OUTSIDE_CATEGORIES
    )
    return rng.sample(pool, k=1 if rng.random() < 0.7 else 2)


def generate(today: dt.date, seed: int = 2026, cases: int = 48) -> None:
    """Fill an empty database: 4 advisers, 7 organisations, `cases` cases over two years."""
    rng = random.Random(seed)
    with transaction():
        advisers = [
            Adviser.create(name=n, initials=i, gender=g, role=r, is_adviser=True,
                           updated_by="demo")
            for n, i, g, r in ADVISERS
        ]
        orgs = []
        for idx, (name, sector, staff, types, mixed) in enumerate(ORGANISATIONS):
            org = Organisation.create(
                name=name, sector=sector, staff_size=staff, vp_types=types,
                requires_mixed_gender=mixed,
                contract_start=dt.date(today.year - 2, 1, 1),
                contract_end=dt.date(today.year + 1, 12, 31),
                contract_hours=[24, 40, 12, 16, 32, 8, 6][idx],
                # One short term, so the 'Te vernietigen' screen has cases to show.
                retention_years=1 if idx == 0 else None,
                board_contact=f"Bestuurssecretariaat {name}",
                updated_by="demo",
            )
            orgs.append(org)
            vaste = advisers[idx % len(advisers)]
            Engagement.create(adviser=vaste, organisation=org, role="vaste_vp",
                              start=org.contract_start, updated_by="demo")
            if mixed or idx % 2 == 0:
                second = next(a for a in advisers[1:] + advisers[:1]
                              if a.gender != vaste.gender)
                Engagement.create(adviser=second, organisation=org, role="tweede_vp",
                                  start=org.contract_start, updated_by="demo")
            for item in CHECKLIST:
                ChecklistItem.create(
                    organisation=org, item=item.key,
                    status=rng.choice(["geregeld", "geregeld", "niet_geregeld", "onbekend"]),
                    updated_by="demo",
                )
            for year in (today.year - 1, today.year):
                Activity.create(organisation=org, adviser=vaste, kind="voorlichting",
                                date=dt.date(year, 3, 10 + idx), minutes=90,
                                description="Voorlichting aan het managementteam",
                                updated_by="demo")
                Activity.create(organisation=org, adviser=vaste, kind="jaargesprek",
                                date=dt.date(year, 2, 3 + idx), minutes=60,
                                description="Jaargesprek met de bestuurder", updated_by="demo")
        ConflictOfInterest.create(adviser=advisers[3], organisation=orgs[0],
                                  note="Partner werkzaam bij deze organisatie")

        start = dt.date(today.year - 1, 1, 5)
        span = (today - start).days
        for n in range(cases):
            opened = start + dt.timedelta(days=int(span * n / cases) + rng.randint(0, 5))
            opened = min(opened, today)
            org = orgs[rng.randrange(len(orgs))]
            owner = Engagement.get(Engagement.organisation == org,
                                   Engagement.role == "vaste_vp").adviser
            case_type = rng.choices(["oo", "integriteit", "buiten_taak"], [7, 2, 2])[0]
            age = (today - opened).days
            if age > 150:
                status = CLOSED
            elif age > 90:
                status = rng.choice(["nazorg", CLOSED])
            elif age > 14:
                status = "begeleiding"
            else:
                status = "intake"
            closed = opened + dt.timedelta(days=rng.randint(30, 140)) if status == CLOSED \
                else None
            if closed and closed > today:
                closed = today
            role = rng.choice(MELDER_ROLES.keys()[:3])
            case = Case.create(
                code=next_code(opened.year), organisation=org, owner=owner, opened_on=opened,
                closed_on=closed, channel=rng.choice(["telefoon", "email", "persoonlijk"]),
                case_type=case_type, melder_code=f"M-{rng.randint(1000, 9999)}",
                melder_role=role,
                left_employment_on=opened - dt.timedelta(days=60)
                if role == "oud_medewerker" else None,
                relation=rng.choice(RELATIONS.keys()[:4]),
                department=rng.choice(["", "Klantcontact", "Techniek", "Financiën", "Zorg"]),
                status=status,
                outcome=rng.choice(["opgelost", "zelf_verder", "verwezen", "geen"])
                if status == CLOSED else "",
                consent_recorded=True, consent_on=opened,
                receipt_confirmed_on=opened + dt.timedelta(days=3)
                if case_type == "integriteit" and age > 3 else None,
                updated_by="demo",
            )
            for category in _pick_categories(rng, case_type):
                CaseCategory.create(case=case, category=category)
            conversations = rng.randint(1, 4)
            minutes = 0
            for c in range(conversations):
                day = min(opened + dt.timedelta(days=c * rng.randint(5, 20)), today)
                duration = rng.choice([30, 45, 60, 90])
                minutes += duration
                TimelineEntry.create(
                    case=case, kind="gesprek", occurred_on=day, minutes=duration,
                    mode=rng.choice(["persoonlijk", "telefoon", "video"]),
                    text=CONVERSATION_NOTES[(n + c) % len(CONVERSATION_NOTES)],
                    author=owner, updated_by="demo",
                )
            if conversations > 2:
                TimelineEntry.create(
                    case=case, kind="stap", occurred_on=min(opened + dt.timedelta(days=20),
                                                            today),
                    step="leidinggevende", consent=True,
                    text="Melder kiest ervoor de leidinggevende in te lichten.",
                    author=owner, updated_by="demo",
                )
            if rng.random() < 0.3:
                referred_on = min(opened + dt.timedelta(days=10), today)
                destination = rng.choice(["bedrijfsarts", "mediator", "juridisch"])
                entry = TimelineEntry.create(
                    case=case, kind="verwijzing", occurred_on=referred_on, consent=True,
                    text="Doorverwezen met instemming van de melder.", author=owner,
                    updated_by="demo",
                )
                Referral.create(case=case, entry=entry, destination=destination,
                                referred_on=referred_on, consent=True, author=owner,
                                updated_by="demo")
            case.conversation_count, case.minutes_spent = conversations, minutes
            case.save()
            if status != CLOSED:
                FollowUp.create(case=case,
                                due_on=today + dt.timedelta(days=rng.randint(-5, 20)),
                                description="Contact opnemen met melder voor een vervolg.",
                                updated_by="demo")

        absences = [
            Absence.create(adviser=adviser, kind=["vakantie", "cursus", "ziek"][idx - 1],
                           start=today + dt.timedelta(days=7 * idx - 10),
                           end=today + dt.timedelta(days=7 * idx + 1), updated_by="demo")
            for idx, adviser in enumerate(advisers[1:], start=1)
        ]
        # A half-day course: a morning-only gap in the coverage grid.
        Absence.create(adviser=advisers[0], kind="cursus", day_part="ochtend",
                       start=today + dt.timedelta(days=6), end=today + dt.timedelta(days=6),
                       updated_by="demo")
        for idx, absence in enumerate(absences, start=1):
            replacement = advisers[(idx + 1) % len(advisers)]
            # A replacement covers until their own absence begins (see services.coverage), so
            # the demo shows both covered and uncovered stretches.
            own = (Absence.select()
                   .where(Absence.adviser == replacement, Absence.start <= absence.end,
                          Absence.end >= absence.start)
                   .order_by(Absence.start).first())
            end = absence.end if own is None else own.start - dt.timedelta(days=1)
            if end < absence.start:
                continue
            for eng in Engagement.select().where(Engagement.adviser == absence.adviser):
                if ConflictOfInterest.get_or_none(adviser=replacement,
                                                  organisation=eng.organisation):
                    continue
                Cover.create(absence=absence, organisation=eng.organisation,
                             replacement=replacement, start=absence.start, end=end,
                             updated_by="demo")
