"""Importing cases as their anonymous skeleton: no melder code, contact, department or text.

A spreadsheet row becomes a case with its classification and counters (conversations, hours)
and its referrals, owned by the adviser in the `vp` column. That is what the yearly figures
need, and it carries no personal data, so nothing in the import has to be purged later.
The rules of every new case (an owner who handles cases and served the organisation on the
case's own date, no conflict of interest, categories that fit the type) are the intake's own,
from vp_tui.services.cases.admission and .rules; dates come from .validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import peewee as pw

from vp_tui.errors import AccessDenied
from vp_tui.i18n import _
from vp_tui.models import Adviser, Case, CaseCategory, Organisation, Referral
from vp_tui.models.enums import (
    CASE_TYPES,
    CATEGORIES,
    CHANNELS,
    CLOSED,
    MELDER_ROLES,
    OUTCOMES,
    REFERRAL_DESTINATIONS,
    RELATIONS,
)
from vp_tui.services import audit
from vp_tui.services.cases.admission import Service, refusals, service
from vp_tui.services.cases.codes import case_code, highest_number
from vp_tui.services.cases.rules import CATEGORIES_FIELD, ORGANISATION, OWNER
from vp_tui.services.context import Context
from vp_tui.services.importing import cells
from vp_tui.services.importing.problems import RowError
from vp_tui.services.importing.spec import (
    Column,
    Kind,
    Lookups,
    Values,
    choice_column,
    choices_column,
    code_column,
)
from vp_tui.services.validation import check_date
from vp_tui.store.bulk import insert_rows


def _may_import_cases(ctx: Context) -> None:
    if not (ctx.actor.is_coordinator or ctx.actor.works_cases):
        raise AccessDenied(_("Alleen adviseurs en coördinatoren kunnen meldingen importeren."))


@dataclass
class _Batch:
    """The cases of one run: each row is checked on its own and staged here, and `_write`
    inserts them all at the end (row by row through the ORM, 60,000 cases took minutes)."""

    known_keys: set[str]
    next_id: int
    #: (adviser, organisation) -> what cases.admission needs to know, loaded once per pair.
    services: dict[tuple[int, int], Service] = field(default_factory=dict)
    #: Year -> highest case number given out so far.
    numbers: dict[int, int] = field(default_factory=dict)
    #: Rows in the order of _CASE_FIELDS, (case, category), _REFERRAL_FIELDS.
    cases: list[tuple] = field(default_factory=list)
    categories: list[tuple[int, str]] = field(default_factory=list)
    referrals: list[tuple] = field(default_factory=list)

    def number(self, year: int) -> int:
        """The next case number of `year`, counting the staged cases too."""
        self.numbers[year] = self.numbers.get(year, highest_number(year)) + 1
        return self.numbers[year]


def _batch(lookups: Lookups) -> _Batch:
    batch = lookups.staged.get(CASES.name)
    if batch is None:
        keys = Case.select(Case.import_key).where(Case.import_key.is_null(False)).tuples()
        batch = lookups.staged[CASES.name] = _Batch(
            known_keys={k for (k,) in keys},
            next_id=(Case.select(pw.fn.MAX(Case.id)).scalar() or 0) + 1)
    return batch


#: The import's column for each part of the case that a rule of cases.admission is about.
_COLUMN = {OWNER: "vp", ORGANISATION: "organisatie", CATEGORIES_FIELD: "categorieen"}


def _owner(ctx: Context, values: Values, lookups: Lookups, org: Organisation) -> Adviser:
    """Coordinators import for every adviser (the skeleton holds no case content); an adviser
    only their own cases. The owner must meet the rules of every new case (cases.admission) on
    the case's own date."""
    owner = lookups.adviser("vp", values["vp"])
    if not ctx.actor.is_coordinator and owner.id != ctx.actor.id:
        raise RowError("vp", _("u kunt alleen uw eigen meldingen importeren ({me})").format(
            me=ctx.actor.initials))
    known = _batch(lookups).services
    if (owner.id, org.id) not in known:
        known[(owner.id, org.id)] = service(owner.id, org.id)
    for refusal in refusals(owner, org, values["datum_melding"], values["soort"],
                            values["categorieen"], known[(owner.id, org.id)]):
        raise RowError(_COLUMN[refusal.part], refusal.message)
    return owner


def _check_dates(ctx: Context, values: Values) -> None:
    opened, closed = values["datum_melding"], values["datum_afgesloten"]
    issue = check_date("datum_melding", opened, ctx.today)
    if issue is None and closed is not None:
        issue = check_date("datum_afgesloten", closed, ctx.today, not_before=opened,
                           not_before_what=_("de datum van de melding"))
    if issue is not None:
        raise RowError(issue.field, issue.message)
    if closed is not None and not values["uitkomst"]:
        raise RowError("uitkomst", _("een afgesloten melding heeft een uitkomst; kies uit: "
                                     "{choices}").format(choices=cells.accepted(OUTCOMES)))
    if closed is None and values["uitkomst"]:
        raise RowError("datum_afgesloten", _(
            "een uitkomst hoort bij een afgesloten melding: vul de datum van afsluiten in"))


def _case(ctx: Context, values: Values, lookups: Lookups, key: str) -> bool:
    """Checks the row and stages it; nothing is staged unless every check passed."""
    batch = _batch(lookups)
    if key in batch.known_keys:
        return False
    org = lookups.organisation("organisatie", values["organisatie"])
    _check_dates(ctx, values)
    owner = _owner(ctx, values, lookups, org)
    opened, closed = values["datum_melding"], values["datum_afgesloten"]
    case_id = batch.next_id
    batch.next_id += 1
    batch.known_keys.add(key)
    batch.cases.append((
        case_id, case_code(opened.year, batch.number(opened.year)), org.id, owner.id, opened,
        closed, values["kanaal"], values["soort"], values["rol_melder"], values["relatie"],
        CLOSED if closed else "begeleiding", values["uitkomst"], values["gesprekken"],
        values["uren"], key, ctx.actor.initials,
    ))
    batch.categories += [(case_id, category) for category in values["categorieen"]]
    # A VP refers only with the melder's consent, so a referral that happened had it.
    batch.referrals += [(case_id, destination, opened, True, owner.id, ctx.actor.initials)
                        for destination in values["doorverwijzingen"]]
    return True


_CASE_FIELDS = [Case.id, Case.code, Case.organisation, Case.owner, Case.opened_on,
                Case.closed_on, Case.channel, Case.case_type, Case.melder_role, Case.relation,
                Case.status, Case.outcome, Case.conversation_count, Case.minutes_spent,
                Case.import_key, Case.updated_by]
_REFERRAL_FIELDS = [Referral.case, Referral.destination, Referral.referred_on,
                    Referral.consent, Referral.author, Referral.updated_by]


def _write(ctx: Context, lookups: Lookups) -> None:
    """Every staged case with its categories, referrals and audit event, in bulk."""
    batch = lookups.staged.get(CASES.name)
    if batch is None or not batch.cases:
        return
    insert_rows(Case, _CASE_FIELDS, batch.cases)
    insert_rows(CaseCategory, [CaseCategory.case, CaseCategory.category], batch.categories)
    insert_rows(Referral, _REFERRAL_FIELDS, batch.referrals)
    audit.record_many(ctx, "case.import", "case", [row[0] for row in batch.cases])


CASES = Kind(
    name="cases",
    label="meldingen",
    columns=(
        Column("organisatie", cells.text(200), required=True),
        Column("vp", cells.text(16), required=True),
        Column("datum_melding", cells.date, required=True),
        Column("datum_afgesloten", cells.date),
        choice_column("soort", CASE_TYPES, required=True),
        Column("categorieen", cells.choices(CATEGORIES), required=True, default=[],
               enum=CATEGORIES),
        choice_column("relatie", RELATIONS),
        choice_column("rol_melder", MELDER_ROLES),
        choice_column("uitkomst", OUTCOMES),
        choice_column("kanaal", CHANNELS, default="overig"),
        Column("gesprekken", cells.integer(0, 1000), default=0),
        Column("uren", cells.hours, default=0),
        choices_column("doorverwijzingen", REFERRAL_DESTINATIONS),
        code_column(),
    ),
    require=_may_import_cases,
    apply=_case,
    finish=_write,
)
