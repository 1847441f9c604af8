"""case_page: the page is list_cases' page and the total is count_cases' count, whether the total
came with the page's rows or, for a page past the end, from a count query."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vp_tui.models.enums import STATUSES
from vp_tui.services.cases import queries
from vp_tui.services.cases.queries import CaseFilter, case_page, count_cases, list_cases

FILTERS = st.builds(
    CaseFilter,
    status=st.sampled_from([None, *(c.key for c in STATUSES)]),
    open_only=st.booleans(),
    search=st.sampled_from(["", "2026", "2025-00", "Gemeente", "gemeente", "Baken", "zz", "-0",
                            " Baken ", "a_b", "100%", "\\", "_"]),
    limit=st.sampled_from([1, 3, 5, 100]),
    offset=st.sampled_from([0, 1, 3, 200]),
    sort=st.sampled_from(["opened_on", "code", "organisation", "status", "type", "owner"]),
    descending=st.booleans(),
    # Left as the list screen leaves them (hypothesis would fill a NamedTuple's every field).
    organisation_id=st.none(), case_type=st.none(), owner_id=st.none(), year=st.none(),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=FILTERS)
def test_page_and_total_are_what_list_and_count_say(ctx, f: CaseFilter) -> None:
    rows, total = case_page(ctx, f)
    assert rows == list_cases(ctx, f)
    assert total == count_cases(ctx, f)


def test_a_full_first_page_is_counted_not_assumed(ctx) -> None:
    everything = count_cases(ctx, CaseFilter())
    assert everything > 2
    rows, total = case_page(ctx, CaseFilter(limit=2))
    assert len(rows) == 2 and total == everything


def test_a_filter_is_built_once_for_every_search_term(ctx, monkeypatch) -> None:
    """The page's SQL is built once per filter and reused with each term's parameters; the
    property above holds the reused SQL to what a fresh build returns."""
    built = []
    page_query = queries._page_query
    monkeypatch.setattr(queries, "_page_query", lambda *a: built.append(a) or page_query(*a))
    monkeypatch.setattr(queries, "_page_sql_cache", {})
    for term in ("G", "Ge", "Gem", "2026", "Baken"):
        case_page(ctx, CaseFilter(limit=5, search=term))
    assert len(built) == 1
    case_page(ctx, CaseFilter(limit=5, search="a_b"))  # wildcards: built as it comes
    case_page(ctx, CaseFilter(limit=5))  # no search: another filter
    assert len(built) == 3
