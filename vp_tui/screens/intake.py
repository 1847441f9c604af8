"""Intake of a new case (melding): one form, checked by the cases service before saving.

Errors and warnings (an ex-employee more than a year after leaving, …) come from
services.cases.intake.validate_intake and appear beside their fields; the categories offered follow
the chosen type (services.cases.rules.categories_for); the new case opens afterwards.

A usual report takes few keys besides what is typed: the form starts from
services.cases.intake.new_intake, Tab walks the fields in the order of a first conversation
with the optional ones last, letters typed on a choice pick the matching option and Space
ticks a category (vp_tui.widgets.choice), and ctrl+s saves from any field.
"""

from __future__ import annotations

from vp_tui.i18n import _
from vp_tui.models.enums import (
    CASE_TYPES,
    CATEGORIES,
    CHANNELS,
    CONVERSATION_MODES,
    MELDER_ROLES,
    RELATIONS,
)
from vp_tui.screens.base import VpScreen
from vp_tui.screens.case_detail import open_case
from vp_tui.screens.form_screen import Values
from vp_tui.services.cases.intake import IntakeForm, create_case, new_intake, validate_intake
from vp_tui.services.cases.rules import categories_for
from vp_tui.services.drafts import INTAKE_KEY
from vp_tui.services.organisations import list_organisations
from vp_tui.widgets.form import FieldSpec, Form


def intake_fields(screen: VpScreen, organisation_id: int | None = None) -> list[FieldSpec]:
    """The fields in the order a report is usually taken, the optional ones last; they start
    from services.cases.intake.new_intake (today, the organisation, the usual channel and type)."""
    ctx = screen.ctx
    start = new_intake(ctx, organisation_id)
    organisations = [(o.name, o.id) for o in list_organisations(ctx)]
    return [
        FieldSpec("organisation_id", _("Organisatie"), "choice", organisations,
                  value=start.organisation_id, none_if_blank=True),
        FieldSpec("opened_on", _("Datum"), "date", value=start.opened_on),
        FieldSpec("channel", _("Kanaal"), "choice", CHANNELS.as_options(), value=start.channel),
        FieldSpec("case_type", _("Soort melding"), "choice", CASE_TYPES.as_options(),
                  value=start.case_type),
        FieldSpec("categories", _("Categorieën"), "multi",
                  [(CATEGORIES.label(k), k) for k in categories_for(start.case_type)]),
        FieldSpec("melder_code", _("Code of pseudoniem"), placeholder=_("geen echte naam nodig")),
        FieldSpec("melder_role", _("Rol melder"), "choice", MELDER_ROLES.as_options()),
        FieldSpec("relation", _("Relatie tot veroorzaker"), "choice", RELATIONS.as_options()),
        FieldSpec("consent_recorded", _("Toestemming melder vastgelegd"), "check"),
        FieldSpec("conversation_minutes", _("Eerste gesprek (min)"), "int"),
        FieldSpec("conversation_mode", _("Vorm gesprek"), "choice",
                  CONVERSATION_MODES.as_options()),
        FieldSpec("conversation_notes", _("Verslag eerste gesprek"), "area"),
        FieldSpec("melder_contact", _("Contact (optioneel)")),
        FieldSpec("left_employment_on", _("Uit dienst per (oud-medewerker)"), "date"),
        FieldSpec("department", _("Afdeling (optioneel)")),
    ]


def _intake(values: Values) -> IntakeForm:
    return IntakeForm(**values)


def _categories_follow_type(form: Form, name: str) -> None:
    if name == "case_type":
        case_type = form.read_field("case_type")
        form.set_options("categories",
                         [(CATEGORIES.label(k), k) for k in categories_for(str(case_type))])


def open_intake(screen: VpScreen, organisation_id: int | None = None) -> None:
    """Open the intake form over `screen`, for the organisation whose file or cases it shows
    (if any); after saving, the new case opens."""
    ctx = screen.ctx
    screen.open_form(
        _("Nieuwe melding"),
        intake_fields(screen, organisation_id),
        submit=lambda values: create_case(ctx, _intake(values)),
        done=_("Melding aangemaakt."),
        check=lambda values: validate_intake(ctx, _intake(values)),
        intro=_("Een echte naam is nooit nodig."),
        then=lambda case_id: open_case(screen.app, case_id),
        on_change=_categories_follow_type,
        draft=INTAKE_KEY,
    )
