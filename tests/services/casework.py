"""Helpers for the case service tests: a valid intake form and a case made through it."""

from __future__ import annotations

import datetime as dt

from tests.conftest import TODAY
from vp_tui.models import Organisation
from vp_tui.services.advisers import add_adviser, resolve_actor
from vp_tui.services.cases.intake import IntakeForm, create_case
from vp_tui.services.context import Context

ZUIDVLIET = "Gemeente Zuidvliet"  # vaste VP ADV, tweede VP BJ in the demo data


def org_id(name: str = ZUIDVLIET) -> int:
    return Organisation.get(Organisation.name == name).id


def intake(**changes) -> IntakeForm:
    """A valid minimal intake for Zuidvliet today; `changes` override fields."""
    form = IntakeForm(
        organisation_id=org_id(), opened_on=TODAY, channel="telefoon", case_type="oo",
        categories=["pesten"], melder_code="Zonnebloem",
    )
    return form._replace(**changes)


def new_case(ctx: Context, opened_on: dt.date = TODAY, **changes) -> int:
    return create_case(ctx, intake(opened_on=opened_on, **changes))


def coordinator_only() -> Context:
    """A coordinator who does not work as adviser: sees files, never case content."""
    add_adviser(None, "Karin Coördinator", "KC", "v", role="coordinator", is_adviser=False)
    return Context(resolve_actor("KC", None), today=TODAY)
