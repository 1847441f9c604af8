"""Recording absences: who may, bad input, and overlaps refused (day parts taken into account)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import planning_world
from tests.planning_world import World
from vp_tui.errors import AccessDenied, ValidationError
from vp_tui.models import Absence, AuditEvent, Cover
from vp_tui.services.absences import (
    AbsenceForm,
    cancel_absence,
    list_absences,
    record_absence,
)
from vp_tui.services.coverage import add_cover

DAY = dt.date(2026, 12, 14)


@pytest.fixture
def world(store) -> World:
    return planning_world.build()


def form(world: World, who: str, start: dt.date | None, end: dt.date | None,
         part: str = "dag", kind: str = "vakantie") -> AbsenceForm:
    return AbsenceForm(world.advisers[who], kind, start, end, part)


def test_adviser_records_own_absence_audited(world: World) -> None:
    absence_id = record_absence(world.ctx("MA"), form(world, "MA", DAY, DAY, kind="ziek"))
    row = Absence.get_by_id(absence_id)
    assert (row.kind, row.start, row.end, row.day_part) == ("ziek", DAY, DAY, "dag")
    assert AuditEvent.select().where(AuditEvent.action == "absence.create",
                                     AuditEvent.object_id == str(absence_id)).exists()


def test_adviser_cannot_record_for_a_colleague_coordinator_can(world: World) -> None:
    with pytest.raises(AccessDenied):
        record_absence(world.ctx("VE"), form(world, "MA", DAY, DAY))
    assert record_absence(world.ctx("KO"), form(world, "MA", DAY, DAY))


@pytest.mark.parametrize(
    ("start", "end", "part", "kind", "field"),
    [
        (DAY, DAY - dt.timedelta(days=1), "dag", "vakantie", "end"),
        (None, DAY, "dag", "vakantie", "start"),
        (DAY, None, "dag", "vakantie", "end"),
        (DAY, DAY, "avond", "vakantie", "day_part"),
        (DAY, DAY, "dag", "sabbatical", "kind"),
    ],
)
def test_bad_input_refused(world: World, start, end, part, kind, field) -> None:
    with pytest.raises(ValidationError) as exc:
        record_absence(world.ctx("MA"), form(world, "MA", start, end, part, kind))
    assert exc.value.field == field
    assert "\n" not in str(exc.value)
    assert Absence.select().count() == 0


def test_overlap_refused_with_the_existing_dates(world: World) -> None:
    record_absence(world.ctx("MA"), form(world, "MA", DAY, DAY + dt.timedelta(days=4)))
    with pytest.raises(ValidationError, match="18 december 2026"):
        record_absence(world.ctx("MA"), form(world, "MA", DAY + dt.timedelta(days=4),
                                             DAY + dt.timedelta(days=9)))
    # Another adviser on the same days is no overlap.
    assert record_absence(world.ctx("VE"), form(world, "VE", DAY, DAY))


def test_cancel_removes_absence_and_its_covers(world: World) -> None:
    ko = world.ctx("KO")
    absence = record_absence(ko, form(world, "MA", DAY, DAY))
    add_cover(ko, absence, world.alfa, world.advisers["NN"], DAY, DAY)
    with pytest.raises(AccessDenied):
        cancel_absence(world.ctx("VE"), absence)
    cancel_absence(world.ctx("MA"), absence)
    assert Absence.select().count() == 0 and Cover.select().count() == 0


def test_reason_hidden_from_colleagues(world: World) -> None:
    record_absence(world.ctx("MA"), form(world, "MA", DAY, DAY, kind="ziek"))
    window = (DAY, DAY)
    assert [a.kind for a in list_absences(world.ctx("MA"), *window)] == ["ziek"]
    assert [a.kind for a in list_absences(world.ctx("KO"), *window)] == ["ziek"]
    assert [a.kind for a in list_absences(world.ctx("VE"), *window)] == ["overig"]


PARTS = st.sampled_from(["dag", "ochtend", "middag"])
OFFSETS = st.tuples(st.integers(0, 20), st.integers(0, 6), PARTS)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=OFFSETS, second=OFFSETS)
def test_second_absence_accepted_exactly_when_no_part_of_a_day_is_shared(
        world: World, first, second) -> None:
    Absence.delete().execute()
    spans = []
    for offset, length, part in (first, second):
        start = DAY + dt.timedelta(days=offset)
        spans.append((start, start + dt.timedelta(days=length), part))
    (s1, e1, p1), (s2, e2, p2) = spans
    record_absence(world.ctx("MA"), form(world, "MA", s1, e1, p1))
    shares_a_part = s1 <= e2 and s2 <= e1 and (p1 == p2 or "dag" in (p1, p2))
    if shares_a_part:
        with pytest.raises(ValidationError):
            record_absence(world.ctx("MA"), form(world, "MA", s2, e2, p2))
    else:
        record_absence(world.ctx("MA"), form(world, "MA", s2, e2, p2))
    assert Absence.select().count() == (1 if shares_a_part else 2)
