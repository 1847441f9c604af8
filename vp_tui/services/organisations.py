"""Client organisations: the list and the file."""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from vp_tui.models import Adviser, Case, Engagement, Organisation
from vp_tui.services.access import organisation_filter
from vp_tui.services.context import Context


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    name: str
    sector: str
    staff_size: int | None
    vaste_vp: str
    open_cases: int


def list_organisations(ctx: Context, search: str = "", limit: int | None = None
                       ) -> list[OrganisationRow]:
    """Organisations the actor may see, name-matched on `search`, with their vaste VP and the
    number of open cases (counts only: no case content)."""
    open_cases = (
        Case.select(Case.organisation, pw.fn.COUNT(Case.id).alias("n"))
        .where(Case.status != "afgesloten")
        .group_by(Case.organisation)
        .alias("oc")
    )
    vaste = (
        Engagement.select(Engagement.organisation, pw.fn.MIN(Adviser.initials).alias("vp"))
        .join(Adviser)
        .where(
            Engagement.role == "vaste_vp",
            (Engagement.end.is_null()) | (Engagement.end >= ctx.today),
            Engagement.start <= ctx.today,
        )
        .group_by(Engagement.organisation)
        .alias("vv")
    )
    query = (
        Organisation.select(
            Organisation.id,
            Organisation.name,
            Organisation.sector,
            Organisation.staff_size,
            pw.fn.COALESCE(vaste.c.vp, "").alias("vp"),
            pw.fn.COALESCE(open_cases.c.n, 0).alias("n"),
        )
        .join(open_cases, pw.JOIN.LEFT_OUTER, on=(open_cases.c.organisation_id == Organisation.id))
        .join(vaste, pw.JOIN.LEFT_OUTER, on=(vaste.c.organisation_id == Organisation.id))
        .where(organisation_filter(ctx))
        .order_by(Organisation.name)
    )
    if search.strip():
        query = query.where(Organisation.name.contains(search.strip()))
    if limit:
        query = query.limit(limit)
    return [
        OrganisationRow(r["id"], r["name"], r["sector"], r["staff_size"], r["vp"], r["n"])
        for r in query.dicts()
    ]
