"""What a new intake starts from (intake.new_intake): today, the organisation it was opened for
or the only one the adviser serves, and the adviser's usual channel and type."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from tests.conftest import TODAY
from tests.services.casework import ZUIDVLIET, org_id
from vp_tui.models import Case, Engagement, Organisation
from vp_tui.services.advisers import add_adviser, resolve_actor
from vp_tui.services.cases.intake import DEFAULT_CASE_TYPE, DEFAULT_CHANNEL, new_intake
from vp_tui.services.context import Context


def usual(ctx: Context, column) -> str:
    """The adviser's most frequent value over the past year; ties go to the first key."""
    counts = Counter(getattr(c, column.name) for c in Case.select().where(
        Case.owner == ctx.actor.id, Case.opened_on >= TODAY - dt.timedelta(days=365)))
    return min(counts, key=lambda key: (-counts[key], key))


def test_the_adviser_s_usual_channel_and_type_today(ctx) -> None:
    start = new_intake(ctx)
    assert start.opened_on == TODAY
    assert (start.channel, start.case_type) == (usual(ctx, Case.channel),
                                                usual(ctx, Case.case_type))
    assert (start.categories, start.melder_code) == ([], "")


def test_the_organisation_it_was_opened_for_when_the_adviser_may_take_a_case_there(ctx) -> None:
    zuidvliet = org_id()
    assert new_intake(ctx, zuidvliet).organisation_id == zuidvliet
    served = {e.organisation_id for e in Engagement.select().where(
        Engagement.adviser == ctx.actor.id)}
    elsewhere = Organisation.select().where(Organisation.id.not_in(served)).first()
    assert new_intake(ctx, elsewhere.id).organisation_id is None
    assert len(served) > 1
    assert new_intake(ctx).organisation_id is None  # several: the adviser chooses


def test_a_new_adviser_of_one_organisation_gets_it_and_the_usual_defaults(ctx) -> None:
    add_adviser(None, "Eva Nieuw", "EN", "v")
    Engagement.create(adviser=resolve_actor("EN", None).id, organisation=org_id(ZUIDVLIET),
                      role="tweede_vp", start=TODAY - dt.timedelta(days=3), updated_by="t")
    newcomer = Context(resolve_actor("EN", None), today=TODAY)
    start = new_intake(newcomer)
    assert start.organisation_id == org_id(ZUIDVLIET)
    assert (start.channel, start.case_type) == (DEFAULT_CHANNEL, DEFAULT_CASE_TYPE)
    later = Context(newcomer.actor, today=TODAY - dt.timedelta(days=4))  # before it began
    assert new_intake(later).organisation_id is None
