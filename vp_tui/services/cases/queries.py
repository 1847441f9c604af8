"""Reading cases: the case list (filtered, sorted, paged, searched) and the whole case file.

Every query goes through access.case_filter / access.require_case.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from peewee import SQL, Node, Ordering, fn

from vp_tui.i18n import _, fmt_date
from vp_tui.models import Adviser, Case, CaseCategory, Organisation, database
from vp_tui.models.enums import CATEGORIES
from vp_tui.services.access import case_filter, require_case
from vp_tui.services.cases.rules import feedback_due, receipt_due
from vp_tui.services.context import Context
from vp_tui.services.followups import FollowUpItem, followups_of
from vp_tui.services.timeline import TimelineItem, timeline

SORTABLE = {
    "code": Case.code,
    "opened_on": Case.opened_on,
    "organisation": Organisation.name,
    "status": Case.status,
    "type": Case.case_type,
    "owner": Adviser.initials,
}


class CaseFilter(NamedTuple):
    """What the case list shows; screens derive the next filter with `_replace`."""

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


class CaseRow(NamedTuple):
    id: int
    code: str
    organisation: str
    opened_on: dt.date
    case_type: str
    status: str
    owner: str


def _matches(ctx: Context, f: CaseFilter):
    """The ids of the cases the filter selects, without joins. A search matches a case's code
    or its organisation's name; the name as the list of organisations whose name matches,
    which reads the 500 organisations once a search instead of one per matching case."""
    query = Case.select(Case.id).where(case_filter(ctx, open_only=f.open_only))
    if f.organisation_id:
        query = query.where(Case.organisation == f.organisation_id)
    if f.status:
        query = query.where(Case.status == f.status)
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
        named = Organisation.select(Organisation.id).where(Organisation.name.contains(term))
        query = query.where(Case.code.contains(term) | Case.organisation.in_(named))
    return query


def _with_columns(query, *extra: Node):
    """The list's columns (CaseRow's, then `extra`) for the cases `query` selects."""
    return (
        query.select(
            Case.id,
            Case.code,
            Organisation.name.alias("organisation"),
            Case.opened_on,
            Case.case_type,
            Case.status,
            Adviser.initials.alias("owner"),
            *extra,
        )
        .join(Organisation, on=(Case.organisation == Organisation.id))
        .switch(Case)
        .join(Adviser, on=(Case.owner == Adviser.id))
        .switch(Case)
    )


def _sort_column(f: CaseFilter) -> Node:
    return SORTABLE.get(f.sort, Case.opened_on)


def _order(f: CaseFilter, column: Node) -> Ordering:
    return column.desc() if f.descending else column.asc()


def list_cases(ctx: Context, f: CaseFilter | None = None) -> list[CaseRow]:
    f = f or CaseFilter()
    column = _sort_column(f)
    query = _with_columns(_matches(ctx, f)).order_by(_order(f, column), Case.id.desc())
    if f.limit:
        query = query.limit(f.limit).offset(f.offset)
    return [CaseRow(*row) for row in query.tuples()]


def count_cases(ctx: Context, f: CaseFilter | None = None) -> int:
    return _matches(ctx, f or CaseFilter()).count()


def _page_query(ctx: Context, f: CaseFilter):
    """The page of the list with the window count on each row (see case_page)."""
    column = _sort_column(f)
    page = _matches(ctx, f)
    if column.model is not Case:  # sorted by the organisation's name or the owner's initials
        on = Case.organisation if column.model is Organisation else Case.owner
        page = page.join(column.model, on=(on == column.model.id))
    page = (
        page.select(Case.id, column.alias("sort_key"), fn.COUNT(SQL("*")).over().alias("total"))
        .order_by(_order(f, column), Case.id.desc())
    )
    if f.limit:
        page = page.limit(f.limit).offset(f.offset)
    page = page.alias("page")
    return (
        _with_columns(Case.select(), page.c.total)
        .join(page, on=(Case.id == page.c.id))
        .order_by(_order(f, page.c.sort_key), Case.id.desc())
    )


#: Stands in for a search term while a search's SQL is built (see _page_sql).
_TERM = "\x00"
#: (actor, day, filter with _TERM as its search) -> (SQL, parameters).
_page_sql_cache: dict[tuple, tuple[str, list]] = {}


def _page_sql(ctx: Context, f: CaseFilter) -> tuple[str, list]:
    """_page_query's SQL and parameters. Building them is a large part of a search keystroke in
    the store (BENCHMARKS.md, filter); peewee passes the term as a parameter, so the SQL of a
    filter is the same for every term: it is built once per actor, day and filter, with _TERM
    for the term, whose parameters are then replaced. A term with LIKE's wildcard or escape
    characters gets an ESCAPE clause from peewee, and is built as it comes."""
    term = f.search.strip()
    if any(char in term for char in "%_\\"):
        return _page_query(ctx, f).sql()
    shape = f._replace(search=_TERM if term else "")
    key = (ctx.actor, ctx.today, shape)
    built = _page_sql_cache.get(key)
    if built is None:
        if len(_page_sql_cache) >= 64:
            _page_sql_cache.clear()
        built = _page_sql_cache[key] = _page_query(ctx, shape).sql()
    sql, params = built
    if not term:
        return sql, params
    stand_in = f"%{_TERM}%"
    return sql, [f"%{term}%" if p == stand_in else p for p in params]


def case_page(ctx: Context, f: CaseFilter) -> tuple[list[CaseRow], int]:
    """A page of the list and the number of cases the filter matches, in one query: each row
    carries a window count over all matching rows, which the sort reads anyway. A count
    query was a third of a search keystroke's time in the store. Only a page past the end
    (no rows to carry the count) still asks count_cases.

    The matches are sorted as (id, sort key) alone, and only the page's rows are joined for
    their columns: sorting every match with all its columns was half the query for a
    search's first letter, which matches most of an adviser's cases (BENCHMARKS.md)."""
    rows = database.execute_sql(*_page_sql(ctx, f)).fetchall()
    if rows:
        opened_on = Case.opened_on.python_value  # the one column the driver leaves as text
        return ([CaseRow(r[0], r[1], r[2], opened_on(r[3]), *r[4:7]) for r in rows],
                rows[0][-1])
    return [], count_cases(ctx, f) if f.offset else 0


class CaseDetail(NamedTuple):
    id: int
    code: str
    version: int
    organisation_id: int
    organisation: str
    owner: str
    opened_on: dt.date
    closed_on: dt.date | None
    channel: str
    case_type: str
    categories: list[str]
    melder_code: str
    melder_contact: str
    melder_role: str
    relation: str
    department: str
    status: str
    outcome: str
    #: The melder's consent as it stands; consent_on is the day of its last change (see
    #: services.cases.status).
    consent_recorded: bool
    receipt_confirmed_on: dt.date | None
    feedback_given_on: dt.date | None
    timeline: list[TimelineItem]
    followups: list[FollowUpItem]
    owner_name: str = ""
    left_employment_on: dt.date | None = None
    consent_on: dt.date | None = None
    conversation_count: int = 0
    minutes_spent: int = 0
    #: Whistleblower act deadlines; None unless an integrity report.
    receipt_due_on: dt.date | None = None
    feedback_due_on: dt.date | None = None
    purged: bool = False
    owner_id: int | None = None


def get_case(ctx: Context, case_id: int) -> CaseDetail:
    """The whole case file; access-checked, and the read is audited."""
    case = require_case(ctx, case_id)
    owner = Adviser.get_by_id(case.owner_id)
    categories = [
        r.category for r in CaseCategory.select(CaseCategory.category)
        .where(CaseCategory.case == case.id)
    ]
    integrity = case.case_type == "integriteit"
    return CaseDetail(
        id=case.id, code=case.code, version=case.version,
        organisation_id=case.organisation_id,
        organisation=Organisation.get_by_id(case.organisation_id).name,
        owner=owner.initials, opened_on=case.opened_on, closed_on=case.closed_on,
        channel=case.channel, case_type=case.case_type,
        categories=sorted(categories, key=CATEGORIES.keys().index),
        melder_code=case.melder_code, melder_contact=case.melder_contact,
        melder_role=case.melder_role, relation=case.relation, department=case.department,
        status=case.status, outcome=case.outcome, consent_recorded=case.consent_recorded,
        receipt_confirmed_on=case.receipt_confirmed_on,
        feedback_given_on=case.feedback_given_on,
        timeline=timeline(case), followups=followups_of(case),
        owner_name=owner.name, left_employment_on=case.left_employment_on,
        consent_on=case.consent_on, conversation_count=case.conversation_count,
        minutes_spent=case.minutes_spent,
        receipt_due_on=receipt_due(case.opened_on) if integrity else None,
        feedback_due_on=feedback_due(case.opened_on, case.receipt_confirmed_on)
        if integrity else None,
        purged=case.purged_at is not None, owner_id=case.owner_id,
    )


def consent_state(case: CaseDetail) -> str:
    """The melder's consent as it stands, with its date: 'gegeven op …', 'ingetrokken op …'
    or 'niet vastgelegd' (what the case screen and the melder's export show)."""
    if case.consent_recorded:
        return _("gegeven op {day}").format(day=fmt_date(case.consent_on)) \
            if case.consent_on else _("gegeven")
    if case.consent_on is not None:
        return _("ingetrokken op {day}").format(day=fmt_date(case.consent_on))
    return _("niet vastgelegd")
