"""A client's report figures built from pure ClientYear truths (no database): the year and
the year before through the same publication model and attack as the reports."""

from __future__ import annotations

import dataclasses

from vp_tui.services.publication import ClientPublication, ClientYear
from vp_tui.services.report_figures import OpenArrangement, ReportFigures
from vp_tui.services.year_model import publish


def published(truth: ClientYear) -> ClientPublication:
    pub, verdict = publish(truth)
    assert not verdict.infeasible and not verdict.exposed
    return pub


def report_figures(current: ClientYear, previous: ClientYear | None = None,
                   open_items: tuple[OpenArrangement, ...] = ()) -> ReportFigures:
    """The figures a report of `current` shows, `previous` (default: no cases) beside them."""
    previous = previous or dataclasses.replace(
        current, cases=0, tables={}, conversations=0, case_minutes=0, activities={})
    previous = dataclasses.replace(previous, year=current.year - 1)
    now, before = published(current), published(previous)
    return ReportFigures(
        organisation_id=current.org_id, organisation=current.organisation, year=current.year,
        k=current.k, summary="", current=now.key, previous=before.key,
        breakdowns=now.breakdowns, activities=now.activities, open_arrangements=open_items,
        checklist_note="", advisers=(),
    )
