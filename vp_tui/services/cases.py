"""Cases (meldingen): listing with filters. Every query goes through access.case_filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from vp_tui.models import Adviser, Case, Organisation
from vp_tui.services.access import case_filter
from vp_tui.services.context import Context

SORTABLE = {
    "code": Case.code,
    "opened_on": Case.opened_on,
    "organisation": Organisation.name,
    "status": Case.status,
    "type": Case.case_type,
    "owner": Adviser.initials,
}


@dataclass
class CaseFilter:
    organisation_id: int | None = None
    status: str | None = None
    open_only: bool = False
    case_type: str | None = None
    owner_id: int | None = None
    year: int | None = None
    search: str = ""
    sort: str = "opened_on"
    descending: bool = True
    limit: int | None = None
    offset: int = 0
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CaseRow:
    id: int
    code: str
    organisation: str
    opened_on: dt.date
    case_type: str
    status: str
    owner: str


def _query(ctx: Context, f: CaseFilter):
    query = (
        Case.select(
            Case.id,
            Case.code,
            Organisation.name.alias("organisation"),
            Case.opened_on,
            Case.case_type,
            Case.status,
            Adviser.initials.alias("owner"),
        )
        .join(Organisation, on=(Case.organisation == Organisation.id))
        .switch(Case)
        .join(Adviser, on=(Case.owner == Adviser.id))
        .where(case_filter(ctx))
    )
    if f.organisation_id:
        query = query.where(Case.organisation == f.organisation_id)
    if f.status:
        query = query.where(Case.status == f.status)
    if f.open_only:
        query = query.where(Case.status != "afgesloten")
    if f.case_type:
        query = query.where(Case.case_type == f.case_type)
    if f.owner_id:
        query = query.where(Case.owner == f.owner_id)
    if f.year:
        query = query.where(
            Case.opened_on.between(dt.date(f.year, 1, 1), dt.date(f.year, 12, 31))
        )
    if f.search.strip():
        term = f.search.strip()
        query = query.where(Case.code.contains(term) | Organisation.name.contains(term))
    return query


def list_cases(ctx: Context, f: CaseFilter | None = None) -> list[CaseRow]:
    f = f or CaseFilter()
    column = SORTABLE.get(f.sort, Case.opened_on)
    order = column.desc() if f.descending else column.asc()
    query = _query(ctx, f).order_by(order, Case.id.desc())
    if f.limit:
        query = query.limit(f.limit).offset(f.offset)
    return [CaseRow(**row) for row in query.dicts()]


def count_cases(ctx: Context, f: CaseFilter | None = None) -> int:
    return _query(ctx, f or CaseFilter()).count()


def next_code(year: int) -> str:
    """The next free case code of a year, 'YYYY-NNNN'. Call inside the write transaction."""
    prefix = f"{year}-"
    last = (
        Case.select(Case.code)
        .where(Case.code.startswith(prefix))
        .order_by(Case.code.desc())
        .first()
    )
    number = int(last.code[len(prefix):]) + 1 if last else 1
    return f"{prefix}{number:04d}"
