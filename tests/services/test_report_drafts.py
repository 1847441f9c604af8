"""Narrative sections: Dutch defaults, saving with optimistic concurrency, access."""

from __future__ import annotations

import pytest

from tests import report_world
from tests.report_world import YEAR
from vp_tui.errors import AccessDenied, ConflictError, ValidationError
from vp_tui.models import AuditEvent
from vp_tui.services.report_drafts import (
    SECTION_KEYS,
    final_reports,
    get_draft,
    mark_final,
    save_draft,
)


@pytest.fixture
def world(store) -> report_world.World:
    return report_world.build()


def test_defaults_cover_every_section(world) -> None:
    draft = get_draft(world.ctx("BJ"), world.proef, YEAR)
    assert draft.version == 0
    assert list(draft.sections) == list(SECTION_KEYS)
    assert all(text.strip() for text in draft.sections.values())
    assert "sociale veiligheid" in draft.sections["inleiding"]
    assert str(YEAR + 1) in draft.sections["aandachtspunten"]


def test_save_merge_and_conflict(world) -> None:
    ctx = world.ctx("BJ")
    v1 = save_draft(ctx, world.proef, YEAR, {"inleiding": "Eigen inleiding."}, 0)
    v2 = save_draft(ctx, world.proef, YEAR, {"route": "Eigen route."}, v1)
    assert v2 == v1 + 1
    draft = get_draft(ctx, world.proef, YEAR)
    assert draft.version == v2
    assert draft.sections["inleiding"] == "Eigen inleiding."  # kept by the second save
    assert draft.sections["route"] == "Eigen route."
    with pytest.raises(ConflictError, match="BJ"):
        save_draft(world.ctx("KO"), world.proef, YEAR, {"route": "Oud."}, v1)
    with pytest.raises(ConflictError):  # someone saved a first version meanwhile
        save_draft(world.ctx("KO"), world.proef, YEAR, {"route": "Ook nieuw."}, 0)
    assert get_draft(ctx, world.proef, YEAR).sections["route"] == "Eigen route."
    actions = [e.action for e in AuditEvent.select().where(
        AuditEvent.action.startswith("report_draft"))]
    assert actions == ["report_draft.create", "report_draft.update"]


def test_drafts_are_per_year(world) -> None:
    ctx = world.ctx("BJ")
    save_draft(ctx, world.proef, YEAR, {"inleiding": "Dit jaar."}, 0)
    assert get_draft(ctx, world.proef, YEAR - 1).sections["inleiding"] != "Dit jaar."


def test_bad_input_and_access(world) -> None:
    ctx = world.ctx("BJ")
    with pytest.raises(ValidationError, match="Onbekend onderdeel"):
        save_draft(ctx, world.proef, YEAR, {"afdelingen": "x"}, 0)
    with pytest.raises(ValidationError, match="te lang"):
        save_draft(ctx, world.proef, YEAR, {"route": "x" * 20_001}, 0)
    with pytest.raises(AccessDenied):
        get_draft(world.ctx("CS"), world.proef, YEAR)
    with pytest.raises(AccessDenied):
        save_draft(world.ctx("CS"), world.proef, YEAR, {"route": "x"}, 0)


def _answered(ctx, org_id: int, version: int = 0) -> int:
    return save_draft(ctx, org_id, YEAR, {
        "route": "De klachtenregeling staat op intranet.",
        "toegankelijkheid": "Iedereen kan de vertrouwenspersoon bereiken.",
        "aandachtspunten": "Aandacht voor de nieuwe afdeling."}, version)


def test_final_refused_while_default_prompts_remain(world) -> None:
    ctx = world.ctx("BJ")
    with pytest.raises(ValidationError) as error:
        mark_final(ctx, world.proef, YEAR, 0)
    assert str(error.value).startswith(
        "Nog niet definitief: in 'Route', 'Toegankelijkheid', 'Aandachtspunten en advies' "
        "staan nog standaardvragen.")
    # One question left inside an otherwise own text still counts.
    version = _answered(ctx, world.proef)
    version = save_draft(ctx, world.proef, YEAR, {
        "toegankelijkheid": "Eigen tekst.\n\nIs de vertrouwenspersoon voor iedereen "
                            "toegankelijk?"}, version)
    with pytest.raises(ValidationError, match="^Nog niet definitief: in 'Toegankelijkheid' staan"):
        mark_final(ctx, world.proef, YEAR, version)
    assert not get_draft(ctx, world.proef, YEAR).final


def test_final_records_who_and_when_and_a_change_reopens(world) -> None:
    ctx = world.ctx("BJ")
    version = _answered(ctx, world.proef)
    with pytest.raises(ConflictError):
        mark_final(ctx, world.proef, YEAR, version - 1)  # not the texts the adviser saw
    version = mark_final(ctx, world.proef, YEAR, version)
    draft = get_draft(ctx, world.proef, YEAR)
    assert draft.final and draft.final_by == "BJ" and draft.final_at is not None
    assert final_reports([world.proef, world.leeg], YEAR) == {world.proef}
    event = AuditEvent.select().where(AuditEvent.action == "report_draft.final").get()
    assert event.actor == "BJ"
    # Saving the same texts keeps it final; a changed text makes it a concept again.
    version = _answered(ctx, world.proef, version)
    assert get_draft(ctx, world.proef, YEAR).final
    save_draft(ctx, world.proef, YEAR, {"inleiding": "Nieuwe inleiding."}, version)
    draft = get_draft(ctx, world.proef, YEAR)
    assert not draft.final and draft.final_by == ""


def test_only_the_organisations_advisers_mark_final(world) -> None:
    version = _answered(world.ctx("BJ"), world.proef)
    with pytest.raises(AccessDenied):
        mark_final(world.ctx("CS"), world.proef, YEAR, version)
