"""The rules of a case that need no database, so that each lives in one place:

- Categories must fit the type (CATEGORIES_BY_TYPE, 'overig' fits every type), so yearly
  figures per type stay coherent.
- An ex-employee who left more than a year before the report gets a warning, not an error
  (the profile allows reports up to one year after leaving; the VP may still listen).
- Status: intake -> begeleiding -> nazorg -> afgesloten. Moving forward may skip stages (a
  one-off contact goes from intake straight to afgesloten); going back is allowed only from
  nazorg to begeleiding, and from afgesloten by reopening (to begeleiding). Back to intake never.
  An outcome is chosen on closing, and only then.
- Whistleblower act (integrity reports): receipt confirmed within 7 days of the report;
  feedback within 3 months after the confirmation (after the 7-day deadline when none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from vp_tui.i18n import _, fmt_date
from vp_tui.models.enums import CASE_TYPES, CATEGORIES, CLOSED, STATUSES
from vp_tui.services.validation import FieldIssue, add_months, check_date

#: Which categories fit which type of report; 'overig' fits every type.
_OO = ("pesten", "seksuele_intimidatie", "agressie_geweld", "discriminatie", "intimidatie",
       "grensoverschrijdend")
CATEGORIES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "oo": (*_OO, "overig"),
    "integriteit": ("fraude", "corruptie", "misbruik", "overig"),
    "buiten_taak": ("arbeidsconflict", "reorganisatie", "functionering", "prive", "overig"),
}

OWNER, ORGANISATION, CATEGORIES_FIELD = "owner", "organisation", "categories"


class Refusal(NamedTuple):
    """What is wrong and which part of the case it is about (OWNER, ORGANISATION or
    CATEGORIES_FIELD); each caller names the part in its own terms (form field, column)."""

    part: str
    message: str


def category_refusal(case_type: str, categories: Sequence[str]) -> Refusal | None:
    if not categories:
        return Refusal(CATEGORIES_FIELD, _("Kies ten minste één categorie."))
    allowed = CATEGORIES_BY_TYPE.get(case_type)
    wrong = [c for c in categories if allowed is not None and c not in allowed]
    if wrong:
        return Refusal(CATEGORIES_FIELD, _(
            "{cat} past niet bij een melding van de soort {type}; kies uit: {choices}.").format(
                cat=CATEGORIES.label(wrong[0]), type=CASE_TYPES.label(case_type),
                choices="; ".join(CATEGORIES.label(c) for c in allowed)))
    return None


def categories_for(case_type: str) -> list[str]:
    """The category keys a form offers for a type (all of them when the type is unknown)."""
    return list(CATEGORIES_BY_TYPE.get(case_type, CATEGORIES.keys()))


def ex_employee_issues(role: str, left: dt.date | None, opened_on: dt.date | None,
                       today: dt.date) -> list[FieldIssue]:
    """The date an ex-employee left (`left`) against the day of the report (`opened_on`)."""
    if role != "oud_medewerker":
        if left is not None:
            return [FieldIssue("left_employment_on",
                               _("Alleen invullen bij een oud-medewerker."))]
        return []
    if left is None:
        return [FieldIssue("left_employment_on",
                           _("Datum uit dienst onbekend: meldingen kunnen tot een jaar na "
                             "vertrek."), warning=True)]
    issue = check_date("left_employment_on", left, today)
    if issue:
        return [issue]
    if isinstance(opened_on, dt.date) and left > opened_on:
        return [FieldIssue("left_employment_on",
                           _("De datum uit dienst ligt na de datum van de melding."))]
    if isinstance(opened_on, dt.date) and opened_on > add_months(left, 12):
        return [FieldIssue(
            "left_employment_on",
            _("Uit dienst sinds {day}: meer dan een jaar vóór de melding (het profiel staat "
              "meldingen tot een jaar na vertrek toe).").format(day=fmt_date(left)),
            warning=True,
        )]
    return []


_ORDER = {key: n for n, key in enumerate(STATUSES.keys())}


def allowed_statuses(current: str) -> list[str]:
    """The statuses a case may move to from `current` (for a form's choice list)."""
    if current == CLOSED:
        return ["begeleiding"]
    return [s for s in STATUSES.keys()
            if s != current and (_ORDER[s] > _ORDER[current] or
                                 (current == "nazorg" and s == "begeleiding"))]


def outcome_issue(closing: bool, parsed: FieldIssue | None, outcome: str) -> FieldIssue | None:
    """An outcome is chosen on closing, and only then (`parsed`: parse_choice's issue)."""
    if closing and parsed:
        return FieldIssue("outcome", _("Kies een uitkomst om de melding af te sluiten."))
    if not closing and outcome.strip():
        return FieldIssue("outcome", _("Een uitkomst hoort alleen bij het afsluiten."))
    return None


#: Whistleblower act (Wet bescherming klokkenluiders): the statutory periods.
RECEIPT_DAYS = 7
FEEDBACK_MONTHS = 3


def receipt_due(opened_on: dt.date) -> dt.date:
    return opened_on + dt.timedelta(days=RECEIPT_DAYS)


def feedback_due(opened_on: dt.date, receipt_confirmed_on: dt.date | None) -> dt.date:
    """Three months after the confirmation; without one, after the day it was due."""
    return add_months(receipt_confirmed_on or receipt_due(opened_on), FEEDBACK_MONTHS)
