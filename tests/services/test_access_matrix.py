"""Need-to-know, the whole matrix: role x relation to the case x operation.

Each role gets a fresh world with one case per relation; every operation is tried on every case
through the real services, and the table of what was allowed must equal the rule:
allowed exactly when the actor works cases (adviser role, or coordinator/admin who is also an
adviser) and the case is theirs, handed over to them with consent, or new in a running cover.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.conftest import TODAY
from vp_tui.errors import AccessDenied
from vp_tui.models import (
    Absence,
    Adviser,
    AuditEvent,
    Case,
    Cover,
    Engagement,
    Handover,
    Organisation,
    TimelineEntry,
)
from vp_tui.services.access import organisation_filter
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.cases.queries import CaseFilter, get_case, list_cases
from vp_tui.services.cases.status import change_status
from vp_tui.services.context import Context
from vp_tui.services.timeline import add_note

WINDOW = (TODAY - dt.timedelta(days=4), TODAY + dt.timedelta(days=7))  # X covers Alfa now
PAST_WINDOW = (dt.date(2026, 6, 1), dt.date(2026, 6, 12))  # X covered Gamma in June
BEFORE = dt.date(2026, 10, 1)

#: relation -> visible to an actor who works cases
RELATIONS = {
    "owner": True,
    "handover_consent": True,
    "handover_no_consent": False,
    "handover_ended": False,
    "cover_new": True,
    "cover_existing": False,
    "cover_new_window_over": False,
    "unrelated": False,
}

#: role name -> (role, is_adviser)
ROLES = {
    "adviser": ("adviser", True),
    "coordinator": ("coordinator", False),
    "admin": ("admin", False),
    "coordinator+adviser": ("coordinator", True),
    "admin+adviser": ("admin", True),
}


def _op_list(ctx: Context, case_id: int) -> None:
    if case_id not in {row.id for row in list_cases(ctx, CaseFilter())}:
        raise AccessDenied("not listed")


def _op_detail(ctx: Context, case_id: int) -> None:
    detail = get_case(ctx, case_id)
    assert detail.id == case_id and detail.melder_code


def _op_timeline(ctx: Context, case_id: int) -> None:
    entry = add_note(ctx, case_id, TODAY, "Notitie na telefonisch contact.")
    assert TimelineEntry.get_by_id(entry).author_id == ctx.actor.id


def _op_status(ctx: Context, case_id: int) -> None:
    version = Case.get_by_id(case_id).version
    assert change_status(ctx, case_id, version, "begeleiding") == version + 1


OPERATIONS: dict[str, Callable[[Context, int], None]] = {
    "list": _op_list,
    "detail": _op_detail,
    "add_timeline_entry": _op_timeline,
    "change_status": _op_status,
}


def _adviser(initials: str, role: str = "adviser", is_adviser: bool = True) -> Adviser:
    return Adviser.create(name=f"Adviseur {initials}", initials=initials, gender="x", role=role,
                          is_adviser=is_adviser)


def _org(name: str, vp: Adviser) -> Organisation:
    org = Organisation.create(name=name)
    Engagement.create(adviser=vp, organisation=org, role="vaste_vp", start=dt.date(2024, 1, 1))
    return org


def _case(code: str, org: Organisation, owner: Adviser, opened: dt.date) -> int:
    return Case.create(code=code, organisation=org, owner=owner, opened_on=opened,
                       channel="telefoon", case_type="oo", melder_code=f"M-{code}").id


def _cover(absent: Adviser, org: Organisation, replacement: Adviser,
           window: tuple[dt.date, dt.date]) -> None:
    absence = Absence.create(adviser=absent, kind="vakantie", start=window[0], end=window[1])
    Cover.create(absence=absence, organisation=org, replacement=replacement, start=window[0],
                 end=window[1])


def build_world(role: str, is_adviser: bool) -> tuple[Context, dict[str, int]]:
    """Actor XX in `role`; OW owns every case that is not XX's own; one case per relation."""
    actor, owner = _adviser("XX", role, is_adviser), _adviser("OW")
    alfa, beta, gamma = _org("Alfa", owner), _org("Beta", owner), _org("Gamma", owner)
    _cover(owner, alfa, actor, WINDOW)
    _cover(owner, gamma, actor, PAST_WINDOW)
    cases = {
        "owner": _case("2026-0001", beta, actor, BEFORE),
        "handover_consent": _case("2026-0002", beta, owner, BEFORE),
        "handover_no_consent": _case("2026-0003", beta, owner, BEFORE),
        "handover_ended": _case("2026-0004", beta, owner, BEFORE),
        "cover_new": _case("2026-0005", alfa, owner, WINDOW[0] + dt.timedelta(days=1)),
        "cover_existing": _case("2026-0006", alfa, owner, WINDOW[0] - dt.timedelta(days=1)),
        "cover_new_window_over": _case("2026-0007", gamma, owner,
                                       PAST_WINDOW[0] + dt.timedelta(days=2)),
        "unrelated": _case("2026-0008", beta, owner, BEFORE),
    }
    for relation, consent, end in (("handover_consent", True, None),
                                   ("handover_no_consent", False, None),
                                   ("handover_ended", True, TODAY - dt.timedelta(days=1))):
        Handover.create(case=cases[relation], from_adviser=owner, to_adviser=actor,
                        start=dt.date(2026, 11, 1), end=end, consent=consent)
    assert set(cases) == set(RELATIONS)
    return Context(resolve_actor("XX", None), today=TODAY), cases


def _try(op: Callable[[Context, int], None], ctx: Context, case_id: int) -> bool:
    try:
        op(ctx, case_id)
    except AccessDenied:
        return False
    return True


@pytest.mark.parametrize("role_name", list(ROLES))
def test_matrix(store, role_name: str) -> None:
    role, is_adviser = ROLES[role_name]
    ctx, cases = build_world(role, is_adviser)
    works_cases = role == "adviser" or is_adviser
    expected = {(rel, op): works_cases and visible
                for rel, visible in RELATIONS.items() for op in OPERATIONS}
    actual = {(rel, op_name): _try(op, ctx, cases[rel])
              for rel in RELATIONS for op_name, op in OPERATIONS.items()}
    wrong = {k: actual[k] for k in expected if actual[k] != expected[k]}
    assert not wrong, f"{role_name}: allowed where refused or the reverse: {wrong}"
    # Nothing refused left a trace in the case: no entries by the actor, status unchanged.
    for rel, case_id in cases.items():
        touched = TimelineEntry.select().where(TimelineEntry.case == case_id,
                                               TimelineEntry.author == ctx.actor.id).exists()
        assert touched == expected[(rel, "add_timeline_entry")], rel
        moved = Case.get_by_id(case_id).status == "begeleiding"
        assert moved == expected[(rel, "change_status")], rel


def test_refused_read_is_audited_without_content(store) -> None:
    ctx, cases = build_world("adviser", True)
    with pytest.raises(AccessDenied):
        get_case(ctx, cases["unrelated"])
    last = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert (last.actor, last.action, last.object_type, last.object_id) == (
        "XX", "case.denied", "case", str(cases["unrelated"]))
    get_case(ctx, cases["cover_new"])
    last = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert (last.action, last.object_id) == ("case.read", str(cases["cover_new"]))


@pytest.mark.parametrize("relation", ["handover_consent", "cover_new"])
def test_only_the_owner_closes_a_case(store, relation: str) -> None:
    ctx, cases = build_world("adviser", True)
    case_id = cases[relation]
    version = Case.get_by_id(case_id).version
    with pytest.raises(AccessDenied, match="eigenaar"):
        change_status(ctx, case_id, version, "afgesloten", outcome="opgelost")
    own = cases["owner"]
    change_status(ctx, own, Case.get_by_id(own).version, "afgesloten", outcome="opgelost")
    assert Case.get_by_id(own).status == "afgesloten"


@pytest.mark.parametrize("role_name", list(ROLES))
def test_organisation_files(store, role_name: str) -> None:
    """Coordinators and admins see every file; an adviser only those they serve or cover now."""
    role, is_adviser = ROLES[role_name]
    ctx, _ = build_world(role, is_adviser)
    Engagement.create(adviser=ctx.actor.id, organisation=Organisation.create(name="Delta"),
                      role="tweede_vp", start=dt.date(2024, 1, 1))
    visible = {o.name for o in Organisation.select().where(organisation_filter(ctx))}
    if ctx.actor.is_coordinator:
        assert visible == {"Alfa", "Beta", "Gamma", "Delta"}
    else:
        assert visible == {"Alfa", "Delta"}  # Alfa by the running cover; Gamma's is over
