"""The agency's cases as a CSV in the format of `vp-tui import cases` (its Dutch headers,
semicolons as Dutch Excel writes them, labels rather than keys, hours with a decimal comma)."""

from __future__ import annotations

import csv
from pathlib import Path

import peewee as pw

from vp_tui.models import Adviser, Case, CaseCategory, Organisation, Referral
from vp_tui.models.enums import (
    CASE_TYPES,
    CATEGORIES,
    CHANNELS,
    MELDER_ROLES,
    OUTCOMES,
    REFERRAL_DESTINATIONS,
    RELATIONS,
)
from vp_tui.services.importing.cases import CASES

HEADERS = [c.name for c in CASES.columns]


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _grouped(query: pw.SelectQuery, label) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for case_id, value in query.tuples():
        labels = out.setdefault(case_id, [])
        if label(value) not in labels:
            labels.append(label(value))
    return {k: ", ".join(v) for k, v in out.items()}


def write_cases_csv(target: Path) -> int:
    """Every case of the bound database as one import row; returns the number of rows."""
    categories = _grouped(CaseCategory.select(CaseCategory.case, CaseCategory.category)
                          .order_by(CaseCategory.id), CATEGORIES.label)
    referrals = _grouped(Referral.select(Referral.case, Referral.destination)
                         .order_by(Referral.id), REFERRAL_DESTINATIONS.label)
    query = (Case.select(Case.id, Case.code, Organisation.name, Adviser.initials, Case.opened_on,
                         Case.closed_on, Case.case_type, Case.relation, Case.melder_role,
                         Case.outcome, Case.channel, Case.conversation_count,
                         Case.minutes_spent)
             .join(Organisation, on=(Case.organisation == Organisation.id))
             .switch(Case).join(Adviser, on=(Case.owner == Adviser.id))
             .order_by(Case.id).tuples())
    count = 0
    with open(target, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADERS)
        for (case_id, code, org, vp, opened, closed, case_type, relation, role, outcome,
             channel, conversations, minutes) in query:
            row = {
                "organisatie": org, "vp": vp, "datum_melding": opened.isoformat(),
                "datum_afgesloten": closed.isoformat() if closed else "",
                "soort": CASE_TYPES.label(case_type),
                "categorieen": categories.get(case_id, ""),
                "relatie": RELATIONS.label(relation), "rol_melder": MELDER_ROLES.label(role),
                "uitkomst": OUTCOMES.label(outcome), "kanaal": CHANNELS.label(channel),
                "gesprekken": conversations, "uren": _hours(minutes),
                "doorverwijzingen": referrals.get(case_id, ""), "code": f"bench-{code}",
            }
            writer.writerow([row[h] for h in HEADERS])
            count += 1
    return count
