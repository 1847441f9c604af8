"""The narrative sections of an annual report: Dutch default drafts, saved per organisation
and year in ReportDraft (JSON), edited with optimistic concurrency.

Only these texts, written by the adviser for the report, go into the document; nothing of a
case does. The default drafts follow the wording of the agency's example letter (seed 004).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from vp_tui.errors import NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import ReportDraft
from vp_tui.services import audit
from vp_tui.services.access import require_organisation
from vp_tui.services.context import Context
from vp_tui.services.writes import transaction, update_versioned
from vp_tui.services.years import check_year
from vp_tui.text import xml_safe

#: Longest text kept per section: a report section, not a book.
MAX_SECTION = 20_000


@dataclass(frozen=True)
class Section:
    key: str
    title: str


SECTIONS: tuple[Section, ...] = (
    Section("inleiding", _("Inleiding")),
    Section("meldingen", _("Meldingen")),
    Section("vindbaarheid", _("Vindbaarheid")),
    Section("route", _("Route")),
    Section("toegankelijkheid", _("Toegankelijkheid")),
    Section("voorlichting", _("Voorlichting")),
    Section("aandachtspunten", _("Aandachtspunten en advies")),
    Section("regelingen", _("Afspraken die nog open staan")),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)


def default_sections(year: int) -> dict[str, str]:
    """The starting text of each section, for the adviser to adapt."""
    return {
        "inleiding": _(
            "De vertrouwenspersoon levert een bijdrage aan het bevorderen van sociale "
            "veiligheid in uw organisatie. Medewerkers kunnen bij de vertrouwenspersoon terecht "
            "met meldingen over ongewenste omgangsvormen en integriteitskwesties. De "
            "vertrouwenspersoon brengt jaarlijks verslag uit over zijn of haar werkzaamheden en "
            "inzet in {year}. Dit gebeurt altijd in anonieme vorm en is niet herleidbaar naar "
            "personen. In het jaargesprek staat de vertrouwenspersoon met u stil bij diverse "
            "aspecten van sociale veiligheid in uw organisatie."
        ).format(year=year),
        "meldingen": _(
            "Het is voor medewerkers niet altijd duidelijk wat er met meldingen bij de "
            "vertrouwenspersoon gedaan wordt. Meldingen zijn vertrouwelijk en worden niet "
            "besproken met de leidinggevende. De medewerker houdt zelf de regie over een "
            "melding: zonder toestemming van de medewerker worden geen verdere acties "
            "ondernomen."
        ),
        "vindbaarheid": _(
            "Het blijft, ook als er geen of weinig meldingen zijn geweest, belangrijk dat "
            "medewerkers weten bij wie ze terecht kunnen. Meestal weet men dat men bij "
            "grensoverschrijdend gedrag bij de vertrouwenspersoon terecht kan; dat dit ook geldt "
            "voor integriteitskwesties is vaak onbekend. Het helpt om medewerkers hierover te "
            "informeren, bijvoorbeeld in het personeelsblad, op intranet of in een nieuwsbrief."
        ),
        "route": _(
            "Zijn de interne routes helder? Weten medewerkers hoe ze een melding bij de "
            "vertrouwenspersoon kunnen doen of een klacht kunnen indienen? De "
            "vertrouwenspersoon geeft graag advies over de inhoud en de vindbaarheid van de "
            "meldprocedure."
        ),
        "toegankelijkheid": _(
            "Is de vertrouwenspersoon voor iedereen toegankelijk? Is de vertrouwenspersoon "
            "vindbaar en voldoende geïntroduceerd binnen de organisatie?"
        ),
        "voorlichting": _(
            "Bij wie kun je terecht met een 'niet pluis'-gevoel? De vertrouwenspersoon is "
            "beschikbaar voor voorlichting aan leidinggevenden en medewerkers over wat een "
            "vertrouwenspersoon doet en wat sociale veiligheid is. Leidinggevenden kunnen de "
            "vertrouwenspersoon altijd consulteren bij vragen en signalen."
        ),
        "aandachtspunten": _(
            "Zijn er vanuit de organisatie of vanuit de vertrouwenspersoon specifieke "
            "onderwerpen die aandacht vragen? Wat zijn de aandachtspunten op het gebied van "
            "sociale veiligheid in {next_year}, en hoe kan de vertrouwenspersoon daaraan "
            "bijdragen?"
        ).format(next_year=year + 1),
        "regelingen": _(
            "Een werkgever legt een aantal afspraken over de vertrouwenspersoon vast. Van de "
            "volgende afspraken is nog niet bekend of ze geregeld zijn, of ze zijn nog niet "
            "geregeld. Wij adviseren deze in het komende jaar vast te leggen."
        ),
    }


@dataclass(frozen=True)
class Draft:
    organisation_id: int
    year: int
    #: Every section key, in SECTIONS order; defaults where nothing was saved.
    sections: dict[str, str]
    #: 0 while nothing has been saved; pass it back to save_draft unchanged.
    version: int


def get_draft(ctx: Context, org_id: int, year: int) -> Draft:
    check_year(ctx, year)
    require_organisation(ctx, org_id)
    sections = default_sections(year)
    row = ReportDraft.get_or_none(ReportDraft.organisation == org_id, ReportDraft.year == year)
    if row is None:
        return Draft(org_id, year, sections, 0)
    saved = json.loads(row.sections or "{}")
    sections.update({k: v for k, v in saved.items() if k in SECTION_KEYS and isinstance(v, str)})
    return Draft(org_id, year, sections, row.version)


def _clean(sections: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(sections) - set(SECTION_KEYS))
    if unknown:
        raise ValidationError(
            _("Onbekend onderdeel: {keys}.").format(keys=", ".join(unknown)), "sections")
    for key, text in sections.items():
        if not isinstance(text, str):
            raise ValidationError(_("Tekst verwacht bij {key}.").format(key=key), key)
        if len(text) > MAX_SECTION:
            raise ValidationError(
                _("{key}: de tekst is te lang (hoogstens {n} tekens).").format(
                    key=key, n=MAX_SECTION), key)
    # Stored as the report will hold it: no control characters, no lone surrogates.
    return {key: xml_safe(sections[key]) for key in SECTION_KEYS if key in sections}


def save_draft(ctx: Context, org_id: int, year: int, sections: dict[str, str],
               version: int) -> int:
    """Save the given sections (others keep their saved text); `version` is what get_draft
    returned (0: not saved before). Returns the new version; a stale version raises
    ConflictError, also when someone else saved a first version meanwhile."""
    check_year(ctx, year)
    require_organisation(ctx, org_id)
    changes = _clean(sections)
    with transaction():
        row = ReportDraft.get_or_none(ReportDraft.organisation == org_id,
                                      ReportDraft.year == year)
        saved = json.loads(row.sections or "{}") if row is not None else {}
        payload = json.dumps({**saved, **changes}, ensure_ascii=False)
        if row is None and version == 0:
            row = ReportDraft.create(organisation=org_id, year=year, sections=payload,
                                     updated_by=ctx.actor.initials)
            audit.record(ctx, "report_draft.create", "report_draft", row.id)
            return row.version
        if row is None:
            raise NotFound(_("Dit concept bestaat niet meer."))
        return update_versioned(ctx, ReportDraft, row.id, version, "report_draft.update",
                                sections=payload)
