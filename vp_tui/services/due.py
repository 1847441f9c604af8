"""What falls due, per adviser, for `vp-tui due` (cron mails it to an adviser who has not
logged in).

The dates are the dashboard's own (services/dashboard.py: the whistleblower act's receipt
confirmation and feedback, follow-ups, open cases without contact for four weeks), the
retention term's (services/retention.py) and the transfers waiting for a melder's consent
(services/offboarding.py). An item carries a case code, what is due and when: never a
follow-up's description, an organisation or anything else typed, so the output can go by mail.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from vp_tui.errors import NotFound
from vp_tui.i18n import N_, _
from vp_tui.models import Adviser
from vp_tui.services import dashboard, offboarding, retention
from vp_tui.services.access import require_coordinator
from vp_tui.services.context import Actor, Context

#: kind -> how the output names it (Dutch, translated when shown).
KINDS = {
    "ontvangstbevestiging": N_("ontvangstbevestiging (Wbk, 7 dagen)"),
    "terugkoppeling": N_("terugkoppeling (Wbk, 3 maanden)"),
    "opvolging": N_("afspraak"),
    "geen_contact": N_("vier weken geen contact"),
    "bewaartermijn": N_("bewaartermijn voorbij: vernietigen"),
    "toestemming_vragen": N_("overgedragen: toestemming van de melder vragen"),
}


class DueItem(NamedTuple):
    adviser: str  # initials
    code: str
    kind: str  # KINDS
    due_on: dt.date
    overdue: bool


def _items(ctx: Context, horizon: dt.date) -> list[DueItem]:
    who, today = ctx.actor.initials, ctx.today
    items: list[DueItem] = []
    if ctx.actor.works_cases:
        cases = dashboard.open_cases(ctx)
        items += [DueItem(who, r.code, r.kind, r.due_on, r.overdue)
                  for r in dashboard.whistleblower_dates(ctx, cases=cases)]
        items += [DueItem(who, r.case_code, "opvolging", r.due_on, r.overdue)
                  for r in dashboard.followups_due(ctx, days=(horizon - today).days)]
        for case in cases:
            since = case.last_contact or case.row.opened_on
            due = since + dt.timedelta(days=dashboard.STALE_DAYS)
            items.append(DueItem(who, case.row.code, "geen_contact", due, due < today))
        items += [DueItem(who, w.code, "toestemming_vragen",
                          w.since + dt.timedelta(days=offboarding.ASK_DAYS),
                          w.since + dt.timedelta(days=offboarding.ASK_DAYS) < today)
                  for w in offboarding.waiting_transfers(ctx, with_contact=False)]
    # As `retention --due`: a case is to be destroyed from its due day on.
    items += [DueItem(who, d.code, "bewaartermijn", d.due_on, d.due_on <= today)
              for d in retention.due_cases(ctx, within_days=(horizon - today).days)]
    return [i for i in items if i.due_on <= horizon]


def due(ctx: Context, days: int = 7, *, adviser: str | None = None,
        everyone: bool = False) -> list[DueItem]:
    """What falls due within `days` days (and everything overdue): the actor's own, or
    (coordinators) one adviser's or every active adviser's, computed as that adviser would
    see it. Sorted by adviser, date and code."""
    horizon = ctx.today + dt.timedelta(days=days)
    if adviser is None and not everyone:
        contexts = [ctx]
    else:
        require_coordinator(ctx)
        query = Adviser.select().where(Adviser.active == True)  # noqa: E712
        if adviser is not None:
            query = query.where(Adviser.initials == adviser.strip().upper())
        contexts = [Context(Actor.of(a), today=ctx.today) for a in query.order_by(
            Adviser.initials)]
        if adviser is not None and not contexts:
            raise NotFound(_("Onbekende of niet-actieve adviseur: {who}").format(who=adviser))
    items = [item for c in contexts for item in _items(c, horizon)]
    return sorted(set(items), key=lambda i: (i.adviser, i.due_on, i.code, i.kind))
