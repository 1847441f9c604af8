"""The rules every new case meets, whoever makes it: the intake form and every import call
these, so a case that the intake refuses cannot come in through a file either.

- The owner handles cases: an active adviser (advisers.handles_cases).
- The organisation exists and is active; the owner serves it on the day of the report (an
  engagement that has started and not ended, or a cover running that day) and has no conflict
  of interest there.
- The categories fit the type (rules.category_refusal).

"The day of the report" is today for the intake, where a case is registered as it comes in.
An import carries the cases of earlier years, whose VP may have left the organisation since:
it asks whether the owner served the organisation on the case's own date (datum_melding).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from vp_tui.i18n import _, fmt_date
from vp_tui.models import Adviser, Cover, Engagement, Organisation
from vp_tui.services.advisers import handles_cases
from vp_tui.services.cases.rules import ORGANISATION, OWNER, Refusal, category_refusal
from vp_tui.services.conflicts import has_conflict


def owner_refusal(owner: Adviser) -> Refusal | None:
    if not handles_cases(owner):
        return Refusal(OWNER, _("{who} is geen actieve adviseur en kan geen meldingen "
                                "hebben.").format(who=owner.initials))
    return None


class Service(NamedTuple):
    """What decides whether an adviser may own a case of an organisation on a day: their
    engagements and covers there, as (start, end or None) spans, and a conflict of
    interest. Loaded once per adviser and organisation (an import reuses it for every row)."""

    spans: tuple[tuple[dt.date, dt.date | None], ...]
    conflict: bool

    def serves(self, day: dt.date) -> bool:
        """An engagement that has started and not ended on `day`, or a cover running then."""
        return any(start <= day and (end is None or end >= day) for start, end in self.spans)


def service(adviser_id: int, org_id: int) -> Service:
    engaged = Engagement.select(Engagement.start, Engagement.end).where(
        Engagement.adviser == adviser_id, Engagement.organisation == org_id).tuples()
    covering = Cover.select(Cover.start, Cover.end).where(
        Cover.replacement == adviser_id, Cover.organisation == org_id).tuples()
    return Service(tuple(engaged) + tuple(covering), has_conflict(adviser_id, org_id))


def served_on(adviser_id: int, day: dt.date) -> set[int]:
    """The organisations an adviser serves on `day` (Service.serves, for all at once)."""
    engaged = Engagement.select(Engagement.organisation).where(
        Engagement.adviser == adviser_id, Engagement.start <= day,
        Engagement.end.is_null() | (Engagement.end >= day))
    covering = Cover.select(Cover.organisation).where(
        Cover.replacement == adviser_id, Cover.start <= day, Cover.end >= day)
    return {row[0] for row in engaged.tuples()} | {row[0] for row in covering.tuples()}


def organisation_refusal(owner: Adviser, org: Organisation | None, day: dt.date,
                         known: Service | None = None) -> Refusal | None:
    if org is None or not org.active:
        return Refusal(ORGANISATION, _("Onbekende of inactieve organisatie."))
    facts = known or service(owner.id, org.id)
    if facts.conflict:
        return Refusal(ORGANISATION, _("{who} heeft een belangenconflict bij {org}.").format(
            who=owner.initials, org=org.name))
    if not facts.serves(day):
        return Refusal(ORGANISATION, _(
            "{who} was op {day} geen VP van {org} en nam er niet waar.").format(
                who=owner.initials, day=fmt_date(day), org=org.name))
    return None


def refusals(owner: Adviser, org: Organisation | None, day: dt.date, case_type: str,
             categories: Sequence[str], known: Service | None = None) -> list[Refusal]:
    """Every rule a new case breaks, in the order above."""
    found = [owner_refusal(owner), organisation_refusal(owner, org, day, known),
             category_refusal(case_type, categories)]
    return [r for r in found if r is not None]
