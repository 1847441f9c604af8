"""Intake of a new case (melding): one form, checked by the cases service before saving.

Errors and warnings (an ex-employee more than a year after leaving, …) come from
services.cases.validate_intake and appear beside their fields; the categories offered follow
the chosen type (services.cases.categories_for); the new case opens afterwards.
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
from vp_tui.services.cases import IntakeForm, categories_for, create_case, validate_intake
from vp_tui.services.organisations import list_organisations
from vp_tui.widgets.form import FieldSpec, Form


def intake_fields(screen: VpScreen) -> list[FieldSpec]:
    ctx = screen.ctx
    organisations = [(o.name, o.id) for o in list_organisations(ctx)]
    return [
        FieldSpec("organisation_id", _("Organisatie"), "choice", organisations,
                  none_if_blank=True),
        FieldSpec("opened_on", _("Datum"), "date", value=ctx.today),
        FieldSpec("channel", _("Kanaal"), "choice", CHANNELS.as_options()),
        FieldSpec("case_type", _("Soort melding"), "choice", CASE_TYPES.as_options()),
        FieldSpec("categories", _("Categorieën"), "multi", CATEGORIES.as_options()),
        FieldSpec("melder_code", _("Code of pseudoniem"), placeholder=_("geen echte naam nodig")),
        FieldSpec("melder_contact", _("Contact (optioneel)")),
        FieldSpec("melder_role", _("Rol melder"), "choice", MELDER_ROLES.as_options()),
        FieldSpec("left_employment_on", _("Uit dienst per"), "date"),
        FieldSpec("relation", _("Relatie tot veroorzaker"), "choice", RELATIONS.as_options()),
        FieldSpec("department", _("Afdeling (optioneel)")),
        FieldSpec("consent_recorded", _("Toestemming melder vastgelegd"), "check"),
        FieldSpec("conversation_minutes", _("Eerste gesprek (min)"), "int"),
        FieldSpec("conversation_mode", _("Vorm gesprek"), "choice",
                  CONVERSATION_MODES.as_options()),
        FieldSpec("conversation_notes", _("Verslag eerste gesprek"), "area"),
    ]


def _intake(values: Values) -> IntakeForm:
    return IntakeForm(**values)


def _categories_follow_type(form: Form, name: str) -> None:
    if name == "case_type":
        case_type = form.read_field("case_type")
        form.set_options("categories",
                         [(CATEGORIES.label(k), k) for k in categories_for(str(case_type))])


def open_intake(screen: VpScreen) -> None:
    """Open the intake form over `screen`; after saving, the new case opens."""
    ctx = screen.ctx
    screen.open_form(
        _("Nieuwe melding"),
        intake_fields(screen),
        submit=lambda values: create_case(ctx, _intake(values)),
        done=_("Melding aangemaakt."),
        check=lambda values: validate_intake(ctx, _intake(values)),
        intro=_("Een echte naam is nooit nodig."),
        then=lambda case_id: open_case(screen.app, case_id),
        on_change=_categories_follow_type,
    )
