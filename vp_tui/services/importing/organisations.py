"""Importing client organisations, the advisers engaged to them, and activities for them.

Each row is checked by the organisation services' own rules (organisation_columns,
engagement_columns and refuse_engagement_overlap, activity_columns), so the same rules hold
as for the forms in the TUI, between rows of one file too. Rows are staged and inserted
together at the end, as cases are: a run of 10,000 organisations takes seconds (BENCHMARKS.md).
"""

from __future__ import annotations

from vp_tui.i18n import _
from vp_tui.models import Activity, Engagement, Organisation
from vp_tui.models.enums import ACTIVITY_KINDS, ENGAGEMENT_ROLES, VP_TYPES
from vp_tui.services.access import require_coordinator
from vp_tui.services.context import Context
from vp_tui.services.importing import cells
from vp_tui.services.importing.problems import RowError
from vp_tui.services.importing.spec import (
    Column,
    Kind,
    Lookups,
    Staged,
    Values,
    anyone,
    choice_column,
    code_column,
)
from vp_tui.services.organisations import (
    MAX_RETENTION_YEARS,
    MIN_ANONYMITY_K,
    NAME_MAX,
    SECTOR_MAX,
    OrganisationForm,
    activity_columns,
    engagement_columns,
    organisation_columns,
    refuse_engagement_overlap,
)

_FIELDS = ("name", "name_key", "sector", "staff_size", "contract_start", "contract_end",
           "contract_hours", "vp_types", "requires_mixed_gender", "retention_years",
           "anonymity_k", "board_contact", "active")


def _organisation(ctx: Context, values: Values, lookups: Lookups, key: str) -> bool:
    """Known by the row's key, or by name (any case, also earlier in the file): then it is
    left as it is. Otherwise checked by the form's own rules and staged."""
    staged = Staged.of(lookups, ORGANISATIONS.name, Organisation, _FIELDS)
    if key in staged.keys or lookups.known_organisation(values["naam"]):
        return False
    columns = organisation_columns(OrganisationForm(
        name=values["naam"], sector=values["sector"], staff_size=values["medewerkers"],
        contract_start=values["contract_begin"], contract_end=values["contract_eind"],
        contract_hours=values["contracturen"], vp_types=values["soort_vp"],
        requires_mixed_gender=values["man_en_vrouw"], retention_years=values["bewaartermijn"],
        anonymity_k=values["anonimiteitsdrempel"], board_contact=values["bestuurscontact"],
    ))
    lookups.add_organisation(staged.add(ctx, key, columns))
    return True


def _write_organisations(ctx: Context, lookups: Lookups) -> None:
    lookups.staged[ORGANISATIONS.name].write(ctx, "organisation.create")


ORGANISATIONS = Kind(
    name="organisations",
    label="organisaties",
    columns=(
        Column("naam", cells.text(NAME_MAX), required=True),
        Column("sector", cells.text(SECTOR_MAX), default=""),
        Column("medewerkers", cells.integer(0), default=None),
        Column("contract_begin", cells.date),
        Column("contract_eind", cells.date),
        Column("contracturen", cells.decimal, default=0),
        choice_column("soort_vp", VP_TYPES, default="beide"),
        Column("man_en_vrouw", cells.boolean, default=False),
        Column("bewaartermijn", cells.integer(0, MAX_RETENTION_YEARS), default=None),
        Column("anonimiteitsdrempel", cells.integer(MIN_ANONYMITY_K), default=5),
        Column("bestuurscontact", cells.text(NAME_MAX), default=""),
        code_column(),
    ),
    require=require_coordinator,
    apply=_organisation,
    finish=_write_organisations,
    fields={"name": "naam", "sector": "sector", "staff_size": "medewerkers",
            "contract_start": "contract_begin", "contract_end": "contract_eind",
            "contract_hours": "contracturen", "vp_types": "soort_vp",
            "retention_years": "bewaartermijn", "anonymity_k": "anonimiteitsdrempel",
            "board_contact": "bestuurscontact"},
)


_ENGAGEMENT_FIELDS = ("adviser", "organisation", "role", "start", "end")


def _engagement(ctx: Context, values: Values, lookups: Lookups, key: str) -> bool:
    """Adviser, organisation, role and start date are an engagement's natural key. Checked
    against the organisation's stored engagements and those staged from earlier rows."""
    staged = Staged.of(lookups, ENGAGEMENTS.name, Engagement, _ENGAGEMENT_FIELDS, keyed=False)
    org = lookups.organisation("organisatie", values["organisatie"])
    adviser = lookups.adviser("vp", values["vp"])
    if org.id not in staged.groups:
        staged.groups[org.id] = list(Engagement.select().where(
            Engagement.organisation == org.id))
    others = staged.groups[org.id]
    if any((e.adviser_id, e.role, e.start) == (adviser.id, values["functie"], values["begin"])
           for e in others):
        return False
    columns = engagement_columns(ctx, org.id, adviser.id, values["functie"], values["begin"],
                                 values["eind"])
    refuse_engagement_overlap(columns, others)
    others.append(staged.add(ctx, key, columns))
    return True


def _write_engagements(ctx: Context, lookups: Lookups) -> None:
    lookups.staged[ENGAGEMENTS.name].write(ctx, "engagement.create")


ENGAGEMENTS = Kind(
    name="engagements",
    label="koppelingen",
    columns=(
        Column("organisatie", cells.text(NAME_MAX), required=True),
        Column("vp", cells.text(16), required=True),
        choice_column("functie", ENGAGEMENT_ROLES, required=True),
        Column("begin", cells.date, required=True),
        Column("eind", cells.date),
    ),
    require=require_coordinator,
    apply=_engagement,
    finish=_write_engagements,
    watches=("engagement", "adviser"),
    fields={"adviser_id": "vp", "role": "functie", "start": "begin", "end": "eind"},
)


_ACTIVITY_FIELDS = ("organisation", "adviser", "kind", "date", "minutes", "description")


def _activity(ctx: Context, values: Values, lookups: Lookups, key: str) -> bool:
    staged = Staged.of(lookups, ACTIVITIES.name, Activity, _ACTIVITY_FIELDS)
    if key in staged.keys:
        return False
    org = lookups.organisation("organisatie", values["organisatie"])
    adviser = lookups.adviser("vp", values["vp"]) if values["vp"] else None
    if adviser is not None and adviser.id != ctx.actor.id and not ctx.actor.is_coordinator:
        raise RowError("vp", _("u kunt alleen uw eigen activiteiten importeren ({me})").format(
            me=ctx.actor.initials))
    columns = activity_columns(ctx, org.id, values["soort"], values["datum"], values["uren"],
                               values["omschrijving"])
    # A coordinator importing the agency's log records each activity on behalf of the adviser
    # named in its row; without one, it is the actor's own work.
    staged.add(ctx, key, {**columns, "adviser": adviser.id if adviser else ctx.actor.id})
    return True


def _write_activities(ctx: Context, lookups: Lookups) -> None:
    lookups.staged[ACTIVITIES.name].write(ctx, "activity.add")


ACTIVITIES = Kind(
    name="activities",
    label="activiteiten",
    columns=(
        Column("organisatie", cells.text(NAME_MAX), required=True),
        Column("vp", cells.text(16), default=""),
        choice_column("soort", ACTIVITY_KINDS, required=True),
        Column("datum", cells.date, required=True),
        Column("uren", cells.hours, required=True),
        Column("omschrijving", cells.text(500), default=""),
        code_column(),
    ),
    require=anyone,
    apply=_activity,
    finish=_write_activities,
    fields={"kind": "soort", "date": "datum", "minutes": "uren", "description": "omschrijving"},
)
