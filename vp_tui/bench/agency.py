"""A synthetic agency, deterministic for a seed and a date: advisers, organisations, cases with
their timelines, absences and cover. Rows are built in memory and written with prepared bulk
inserts (vp_tui.store.bulk), one transaction per table: the full scale takes about 20 s.

The rows keep the domain's rules (categories fit the type, closed cases have an outcome,
outward steps carry consent, owners have no conflict of interest) so that every screen, report
and the CSV import accept them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import peewee as pw

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
    Handover,
    Organisation,
    Referral,
    TimelineEntry,
    database,
)
from vp_tui.models.enums import CHECKLIST, CLOSED, STEPS
from vp_tui.models.organisations import name_key
from vp_tui.services.cases.rules import CATEGORIES_BY_TYPE
from vp_tui.store.bulk import insert_rows


@dataclass(frozen=True)
class Scale:
    advisers: int
    organisations: int
    cases: int
    entries: int
    years: int = 5
    #: Cases with exactly `long_timeline` entries: one per adviser (the detail benchmark).
    long_timeline: int = 200


SCALES = {
    "full": Scale(advisers=60, organisations=500, cases=60_000, entries=600_000),
    "small": Scale(advisers=8, organisations=20, cases=1_500, entries=15_000),
}

FIRST_NAMES_F = ["Anna", "Carla", "Eva", "Fatima", "Ingrid", "Joke", "Karin", "Lotte", "Marieke",
                 "Noor", "Petra", "Sanne", "Tessa", "Yvonne", "Ilse", "Hanneke", "Esther",
                 "Wendy", "Sevda", "Monique"]
FIRST_NAMES_M = ["Bram", "Daan", "Erik", "Gerard", "Hans", "Jeroen", "Kees", "Mohamed", "Niels",
                 "Pieter", "Ruud", "Sander", "Thijs", "Wouter", "Youssef", "Arjan", "Bas",
                 "Frank", "Martijn", "Rob"]
SURNAMES = ["de Vries", "Jansen", "Smit", "Bakker", "Visser", "Meijer", "de Boer", "Mulder",
            "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
            "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs",
            "Vermeulen", "van den Berg", "Willems", "Hoekstra", "Koster", "Prins", "Huisman"]
PLACES = ["Zuidvliet", "Rivierenland", "Noordkade", "Maasoever", "Heuvelrug", "Kempenland",
          "Waterland", "Veenendijk", "Oosterhout", "Lindenhof", "Dijkzicht", "Bergvliet",
          "Zeeburg", "Haarlemmerpoort", "Eemland", "Vechtstreek", "Drechtsteden", "Twentekanaal",
          "Achterhoek", "Westland", "Kennemerland", "Duinrand", "IJsselvallei", "Peelrand",
          "Gooiland", "Betuwe", "Zaanstreek", "Delfland", "Rijnmond", "Walcheren"]
ORG_KINDS = [
    ("Gemeente {p}", "overheid"), ("Zorggroep {p}", "zorg"), ("Scholengroep {p}", "onderwijs"),
    ("Woningcorporatie {p}", "wonen"), ("Bouwbedrijf {s} {p} B.V.", "bouw"),
    ("Transport {p}", "logistiek"), ("Bibliotheek {p}", "cultuur"),
    ("Thuiszorg {p}", "zorg"), ("Stichting Welzijn {p}", "welzijn"),
    ("Installatietechniek {s}", "techniek"), ("Accountants {s} & Partners", "zakelijk"),
    ("Waterschap {p}", "overheid"), ("Ziekenhuis {p}", "zorg"),
    ("Kinderopvang {p}", "onderwijs"), ("Museum {p}", "cultuur"),
    ("Groothandel {s}", "handel"), ("Metaalbewerking {p}", "industrie"),
]
DEPARTMENTS = ["", "", "Klantcontact", "Techniek", "Financiën", "Zorg", "Facilitair",
               "ICT", "Onderwijs", "Logistiek", "HR", "Directie"]
SENTENCES = [
    "Melder vertelt over terugkerende opmerkingen in het teamoverleg.",
    "Melder voelt zich buitengesloten sinds de nieuwe roosterindeling.",
    "Besproken welke informele en formele routes er zijn; melder denkt erover na.",
    "Melder wil eerst zelf het gesprek aangaan met de betrokken collega.",
    "Terugblik op het gesprek met de leidinggevende; de sfeer is iets verbeterd.",
    "Melder twijfelt over een formele klacht en wil meer weten over de procedure.",
    "De situatie is volgens melder rustiger geworden.",
    "Melder heeft een afspraak bij de bedrijfsarts gemaakt.",
    "Afgesproken om over twee weken opnieuw contact te hebben.",
    "Melder slaapt slecht en merkt dat het werk eronder lijdt.",
    "Er zijn meerdere collega's die hetzelfde hebben meegemaakt, zegt melder.",
    "Melder vraagt wat de vertrouwenspersoon wel en niet mag doorgeven.",
    "Uitleg gegeven over geheimhouding en over het keuzemodel.",
    "Melder heeft aantekeningen gemaakt van de voorvallen en neemt die mee.",
]
OUTCOMES_CLOSED = ["opgelost", "opgelost", "zelf_verder", "verwezen", "formeel", "vertrek",
                   "gestopt", "geen"]
REFERRAL_DESTINATIONS = ["bedrijfsarts", "huisarts", "mediator", "juridisch", "bmw",
                         "klachtencommissie", "p_en_o"]
STEP_KEYS = [s.key for s in STEPS]


@dataclass
class AgencyFacts:
    """What the benchmark needs to find again in the generated database."""

    today: dt.date
    seed: int
    scale: str
    counts: dict[str, int] = field(default_factory=dict)
    #: The coordinator who imports and writes all reports.
    coordinator: str = ""
    #: The adviser who sees the most cases: the case list and dashboard are measured as them.
    busiest: str = ""
    #: A case of the busiest adviser with `long_timeline` entries.
    long_case_id: int = 0
    largest_organisation_id: int = 0
    largest_organisation: str = ""
    report_year: int = 0


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _insert(model: type[pw.Model], fields: Sequence[pw.Field], rows: Iterable[tuple]) -> int:
    """All rows of a table in one transaction (see vp_tui.store.bulk)."""
    with database.atomic():
        return insert_rows(model, fields, rows)


def _versioned(model: type[pw.Model], *names: str) -> list[pw.Field]:
    return [getattr(model, n) for n in names] + [model.version, model.updated_at,
                                                 model.updated_by]


class Generator:
    def __init__(self, scale: Scale, today: dt.date, seed: int) -> None:
        self.scale = scale
        self.today = today
        self.rng = random.Random(seed)
        self.stamp = dt.datetime.combine(today, dt.time(8, 0)).isoformat(sep=" ")
        self.common = (1, self.stamp, "bench")

    # --- people and organisations ------------------------------------------------------

    def advisers(self) -> list[tuple[int, str, str]]:
        """(id, initials, gender): the first is the admin (no cases), the next two are
        coordinators who also work as advisers."""
        rows, out = [], []
        for n in range(self.scale.advisers):
            gender = "v" if n % 2 == 0 else "m"
            first = (FIRST_NAMES_F if gender == "v" else FIRST_NAMES_M)[n % 20]
            last = SURNAMES[(n * 7) % len(SURNAMES)]
            initials = f"{first[0]}{last.split()[-1][0]}{n + 1:02d}".upper()
            role = "admin" if n == 0 else "coordinator" if n < 3 else "adviser"
            rows.append((n + 1, f"{first} {last}", initials, gender, role, n != 0, True)
                        + self.common)
            out.append((n + 1, initials, gender))
        _insert(Adviser, [Adviser.id, Adviser.name, Adviser.initials, Adviser.gender,
                          Adviser.role, Adviser.is_adviser, Adviser.active,
                          Adviser.version, Adviser.updated_at, Adviser.updated_by], rows)
        return out

    def organisations(self) -> list[tuple[int, str, float]]:
        """(id, name, weight): case volume follows staff size, which is skewed as in life."""
        rng, names, rows, out = self.rng, set(), [], []
        start = dt.date(self.today.year - self.scale.years, 1, 1)
        for n in range(self.scale.organisations):
            while True:
                pattern, sector = rng.choice(ORG_KINDS)
                name = pattern.format(p=rng.choice(PLACES), s=rng.choice(SURNAMES).split()[-1])
                if name not in names:
                    break
                name = f"{name} {len(names)}"
                if name not in names:
                    break
            names.add(name)
            staff = int(min(12_000, max(12, rng.lognormvariate(5.3, 1.0))))
            types = rng.choice(["beide", "beide", "oo", "integriteit"])
            rows.append((n + 1, name, name_key(name), sector, staff, _iso(start),
                         _iso(dt.date(self.today.year + 1, 12, 31)),
                         max(4, staff // 25), types, rng.random() < 0.3,
                         f"Bestuurssecretariaat {name}", True) + self.common)
            out.append((n + 1, name, float(staff)))
        _insert(Organisation, _versioned(
            Organisation, "id", "name", "name_key", "sector", "staff_size", "contract_start",
            "contract_end", "contract_hours", "vp_types", "requires_mixed_gender",
            "board_contact", "active"),
            rows)
        return out

    def engagements(self, advisers, orgs) -> dict[int, tuple[int, int]]:
        """org id -> (vaste VP, tweede VP): round-robin over the working advisers, the second
        of the other gender."""
        working = advisers[1:]
        women = [a for a in working if a[2] == "v"]
        men = [a for a in working if a[2] == "m"]
        start = _iso(dt.date(self.today.year - self.scale.years, 1, 1))
        pairs, rows = {}, []
        for idx, (org_id, _name, _w) in enumerate(orgs):
            first = working[idx % len(working)]
            others = men if first[2] == "v" else women
            second = others[(idx // len(working) + idx) % len(others)]
            pairs[org_id] = (first[0], second[0])
            rows.append((first[0], org_id, "vaste_vp", start) + self.common)
            rows.append((second[0], org_id, "tweede_vp", start) + self.common)
        _insert(Engagement, _versioned(Engagement, "adviser", "organisation", "role", "start"),
                rows)
        return pairs

    def organisation_files(self, advisers, orgs, pairs) -> set[tuple[int, int]]:
        """Checklists, activities and a few conflicts of interest (never with an own org)."""
        rng = self.rng
        _insert(ChecklistItem, _versioned(ChecklistItem, "organisation", "item", "status"), (
            (org_id, item.key, rng.choice(["geregeld", "geregeld", "niet_geregeld", "onbekend"]))
            + self.common
            for org_id, _n, _w in orgs for item in CHECKLIST))
        first_year = self.today.year - self.scale.years + 1
        _insert(Activity, _versioned(Activity, "organisation", "adviser", "kind", "date",
                                     "minutes", "description"), (
            (org_id, pairs[org_id][0], kind, _iso(dt.date(year, month, 1 + org_id % 27)),
             minutes, text) + self.common
            for org_id, _n, _w in orgs
            for year in range(first_year, self.today.year + 1)
            for kind, month, minutes, text in (
                ("jaargesprek", 2, 60, "Jaargesprek met de bestuurder"),
                ("voorlichting", 9, 90, "Voorlichting aan het managementteam"))
            if dt.date(year, month, 1 + org_id % 27) <= self.today))
        conflicts = set()
        for adviser_id, _i, _g in advisers[1:]:
            org_id = rng.choice(orgs)[0]
            if adviser_id not in pairs[org_id]:
                conflicts.add((adviser_id, org_id))
        _insert(ConflictOfInterest, [ConflictOfInterest.adviser, ConflictOfInterest.organisation,
                                     ConflictOfInterest.note, ConflictOfInterest.created_at],
                ((a, o, "Familielid werkzaam bij deze organisatie", self.stamp)
                 for a, o in sorted(conflicts)))
        return conflicts

    # --- cases -----------------------------------------------------------------------------

    def _status(self, opened: dt.date) -> tuple[str, dt.date | None, str]:
        rng, age = self.rng, (self.today - opened).days
        if age > 180 or (age > 60 and rng.random() < 0.5):
            closed = min(self.today, opened + dt.timedelta(days=rng.randint(7, 170)))
            return CLOSED, closed, rng.choice(OUTCOMES_CLOSED)
        if age > 90:
            return "nazorg", None, ""
        return ("begeleiding" if age > 14 else "intake"), None, ""

    def _entry_counts(self, n_cases: int, long_cases: set[int]) -> list[int]:
        """Timeline length per case: `long_timeline` for the long cases, the rest skewed so the
        total is exactly `scale.entries`."""
        rest = self.scale.entries - self.scale.long_timeline * len(long_cases)
        others = n_cases - len(long_cases)
        weights = [self.rng.expovariate(1.0) for _ in range(others)]
        spare = rest - others  # every case has at least one entry (its intake conversation)
        total_w = sum(weights)
        counts = [1 + int(spare * w / total_w) for w in weights]
        for i in range(rest - sum(counts)):
            counts[i % others] += 1
        it = iter(counts)
        return [self.scale.long_timeline if n in long_cases else next(it)
                for n in range(n_cases)]

    def cases(self, advisers, orgs, pairs, conflicts) -> dict:
        rng, scale, today = self.rng, self.scale, self.today
        start = dt.date(today.year - scale.years, today.month, today.day) + dt.timedelta(days=1)
        span = (today - start).days
        weights = [w for _id, _n, w in orgs]
        chosen = rng.choices(range(len(orgs)), weights=weights, k=scale.cases)
        # Opening dates grow slightly over the years, as an agency grows.
        days = sorted(int(span * (rng.random() ** 0.85)) for _ in range(scale.cases))
        long_cases: dict[int, int] = {}  # owner -> case index
        specs = []
        for n in range(scale.cases):
            org_id = orgs[chosen[n]][0]
            vaste, tweede = pairs[org_id]
            owner = vaste if rng.random() < 0.85 else tweede
            if (owner, org_id) in conflicts:
                owner = vaste
            opened = start + dt.timedelta(days=days[n])
            specs.append((org_id, owner, opened))
            # The long timeline: a case a year old, so it spans a year of work.
            if owner not in long_cases and (today - opened).days < 400:
                long_cases[owner] = n
        counts = self._entry_counts(scale.cases, set(long_cases.values()))
        per_year: dict[int, int] = {}
        case_rows, category_rows, entry_rows, referral_rows, followup_rows = [], [], [], [], []
        for n, (org_id, owner, opened) in enumerate(specs):
            case_id = n + 1
            per_year[opened.year] = per_year.get(opened.year, 0) + 1
            code = f"{opened.year}-{per_year[opened.year]:04d}"
            case_type = rng.choices(["oo", "integriteit", "buiten_taak"], [7, 2, 2])[0]
            if n in long_cases.values():
                status, closed, outcome = "begeleiding", None, ""
            else:
                status, closed, outcome = self._status(opened)
            pool = [c for c in CATEGORIES_BY_TYPE[case_type] if c != "overig"]
            for category in rng.sample(pool, k=1 if rng.random() < 0.7 else 2):
                category_rows.append((case_id, category))
            role = rng.choice(["medewerker", "medewerker", "medewerker", "leidinggevende",
                               "flex", "stagiair", "oud_medewerker"])
            end = closed or today
            entries, conversations, minutes = self._timeline(
                case_id, owner, opened, end, counts[n], status, outcome, referral_rows)
            entry_rows.extend(entries)
            integrity = case_type == "integriteit"
            case_rows.append((
                case_id, code, org_id, owner, _iso(opened), _iso(closed),
                rng.choice(["telefoon", "email", "persoonlijk", "video"]), case_type,
                f"M-{rng.randint(1000, 99999)}", role,
                _iso(opened - dt.timedelta(days=rng.randint(10, 200)))
                if role == "oud_medewerker" else None,
                rng.choice(["collega", "leidinggevende", "ondergeschikte", "klant_derde",
                            "onbekend"]),
                rng.choice(DEPARTMENTS), status, outcome, True, _iso(opened),
                _iso(min(end, opened + dt.timedelta(days=rng.randint(1, 7))))
                if integrity else None,
                _iso(min(end, opened + dt.timedelta(days=rng.randint(30, 80))))
                if integrity and closed else None,
                conversations, minutes) + self.common)
            if status != CLOSED:
                followup_rows.append((case_id, _iso(today + dt.timedelta(
                    days=rng.randint(-10, 30))), "Contact opnemen met melder voor een vervolg.",
                    None) + self.common)
        _insert(Case, _versioned(
            Case, "id", "code", "organisation", "owner", "opened_on", "closed_on", "channel",
            "case_type", "melder_code", "melder_role", "left_employment_on", "relation",
            "department", "status", "outcome", "consent_recorded", "consent_on",
            "receipt_confirmed_on", "feedback_given_on", "conversation_count",
            "minutes_spent"), case_rows)
        _insert(CaseCategory, [CaseCategory.case, CaseCategory.category], category_rows)
        _insert(TimelineEntry, _versioned(
            TimelineEntry, "id", "case", "kind", "occurred_on", "minutes", "mode", "step",
            "consent", "status", "outcome", "text", "author", "created_at"), entry_rows)
        _insert(Referral, _versioned(Referral, "case", "entry", "destination", "referred_on",
                                     "consent", "author"), referral_rows)
        _insert(FollowUp, _versioned(FollowUp, "case", "due_on", "description", "done_on"),
                followup_rows)
        return {"long_cases": long_cases, "entries": len(entry_rows),
                "referrals": len(referral_rows), "categories": len(category_rows)}

    def _timeline(self, case_id, owner, opened, end, count, status, outcome, referrals):
        """`count` entries between opening and `end`: conversations first and most, notes,
        steps (outward ones with consent), referrals, and the closing status entry."""
        rng = self.rng
        rows = []
        conversations = minutes = 0
        span = max(0, (end - opened).days)
        next_id = self._next_entry_id
        for k in range(count):
            day = opened + dt.timedelta(days=span * k // max(1, count - 1)) if k else opened
            closing = status == CLOSED and k == count - 1 and k > 0
            kind = "gesprek" if k == 0 else "status" if closing else rng.choices(
                ["gesprek", "notitie", "stap", "verwijzing"], [55, 30, 10, 5])[0]
            length = 0 if kind != "gesprek" else rng.choice([30, 45, 60, 60, 90])
            mode = rng.choice(["persoonlijk", "telefoon", "video"]) if kind == "gesprek" else ""
            step = rng.choice(STEP_KEYS) if kind == "stap" else ""
            text = " ".join(rng.sample(SENTENCES, k=rng.randint(1, 3)))
            if kind == "gesprek":
                conversations += 1
                minutes += length
            if kind == "verwijzing":
                referrals.append((case_id, next_id, rng.choice(REFERRAL_DESTINATIONS),
                                  _iso(day), True, owner) + self.common)
            rows.append((next_id, case_id, kind, _iso(day), length, mode, step,
                         kind in ("stap", "verwijzing"),
                         CLOSED if closing else "", outcome if closing else "",
                         text, owner, self.stamp) + self.common)
            next_id += 1
        self._next_entry_id = next_id
        return rows, conversations, minutes

    _next_entry_id = 1

    def handovers(self, advisers, long_cases: dict[int, int]) -> int:
        """A few consented handovers, so the access rules' subqueries have rows to consider."""
        working = [a for a in advisers[1:]]
        rows = []
        for idx, (owner, case_index) in enumerate(sorted(long_cases.items())):
            to = working[(idx + 1) % len(working)][0]
            if to != owner:
                rows.append((case_index + 1, owner, to,
                             _iso(self.today - dt.timedelta(days=30)), None, True, self.stamp))
        return _insert(Handover, [Handover.case, Handover.from_adviser, Handover.to_adviser,
                                  Handover.start, Handover.end, Handover.consent,
                                  Handover.created_at], rows)

    # --- planning ------------------------------------------------------------------------

    def planning(self, advisers, pairs, conflicts) -> dict:
        """A year of absences around today (holidays, courses, sickness) and, for most of
        them, a replacement for each organisation of the absent adviser."""
        rng, today = self.rng, self.today
        first = today - dt.timedelta(days=182)
        absence_rows = []
        for adviser_id, _i, _g in advisers[1:]:
            plans = [("vakantie", rng.randint(5, 20)), ("vakantie", rng.randint(3, 10)),
                     ("cursus", 1), ("cursus", 1), ("ziek", rng.randint(1, 8))]
            for kind, length in plans:
                start = first + dt.timedelta(days=rng.randint(0, 364 - length))
                part = rng.choice(["dag", "ochtend", "middag"]) if kind == "cursus" else "dag"
                absence_rows.append((adviser_id, kind, start,
                                     start + dt.timedelta(days=length - 1), part))
        absence_rows.sort(key=lambda r: (r[2], r[0]))
        _insert(Absence, _versioned(Absence, "id", "adviser", "kind", "start", "end",
                                    "day_part"),
                ((n + 1, a, k, _iso(s), _iso(e), p) + self.common
                 for n, (a, k, s, e, p) in enumerate(absence_rows)))
        orgs_of: dict[int, list[int]] = {}
        for org_id, (vaste, _t) in pairs.items():
            orgs_of.setdefault(vaste, []).append(org_id)
        working = [a[0] for a in advisers[1:]]
        cover_rows = []
        for n, (adviser_id, _kind, start, end, part) in enumerate(absence_rows):
            if part != "dag" or rng.random() < 0.15:
                continue  # half days and some absences stay uncovered: gaps to show
            for org_id in orgs_of.get(adviser_id, []):
                candidates = [a for a in working if a != adviser_id
                              and (a, org_id) not in conflicts]
                replacement = candidates[(n + org_id) % len(candidates)]
                cover_rows.append((n + 1, org_id, replacement, _iso(start), _iso(end))
                                  + self.common)
        _insert(Cover, _versioned(Cover, "absence", "organisation", "replacement", "start",
                                  "end"), cover_rows)
        return {"absences": len(absence_rows), "covers": len(cover_rows)}


def generate(scale_name: str, today: dt.date, seed: int = 8) -> AgencyFacts:
    """Fill the bound, empty database with the agency; returns where to find things in it."""
    scale = SCALES[scale_name]
    gen = Generator(scale, today, seed)
    advisers = gen.advisers()
    orgs = gen.organisations()
    pairs = gen.engagements(advisers, orgs)
    conflicts = gen.organisation_files(advisers, orgs, pairs)
    made = gen.cases(advisers, orgs, pairs, conflicts)
    handovers = gen.handovers(advisers, made["long_cases"])
    planning = gen.planning(advisers, pairs, conflicts)
    facts = AgencyFacts(today=today, seed=seed, scale=scale_name)
    facts.counts = {"advisers": len(advisers), "organisations": len(orgs),
                    "cases": scale.cases, "timeline_entries": made["entries"],
                    "referrals": made["referrals"], "case_categories": made["categories"],
                    "handovers": handovers, **planning}
    facts.coordinator = advisers[1][1]
    busiest = (Case.select(Case.owner, pw.fn.COUNT(Case.id).alias("n"))
               .where(Case.owner.in_([a[0] for a in advisers[3:]]))
               .group_by(Case.owner).order_by(pw.SQL("n").desc(), Case.owner).first())
    facts.busiest = next(a[1] for a in advisers if a[0] == busiest.owner_id)
    facts.long_case_id = made["long_cases"][busiest.owner_id] + 1
    facts.report_year = today.year - 1
    largest = (Case.select(Case.organisation, pw.fn.COUNT(Case.id).alias("n"))
               .where(Case.opened_on.between(dt.date(facts.report_year, 1, 1),
                                             dt.date(facts.report_year, 12, 31)))
               .group_by(Case.organisation).order_by(pw.SQL("n").desc()).first())
    facts.largest_organisation_id = largest.organisation_id
    facts.largest_organisation = Organisation.get_by_id(largest.organisation_id).name
    return facts


def generate_base(scale_name: str, today: dt.date, seed: int = 8) -> None:
    """Only what a case import refers to: the same advisers, organisations, engagements and
    conflicts as `generate`, without cases (the import benchmark's fresh database)."""
    gen = Generator(SCALES[scale_name], today, seed)
    advisers = gen.advisers()
    orgs = gen.organisations()
    pairs = gen.engagements(advisers, orgs)
    gen.organisation_files(advisers, orgs, pairs)
