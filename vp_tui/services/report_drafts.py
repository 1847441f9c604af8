"""The narrative sections of an annual report: Dutch default drafts, saved per organisation
and year in ReportDraft (JSON), edited with optimistic concurrency.

Only these texts, written by the adviser for the report, go into the document; nothing of a
case does. The default drafts follow the wording of the agency's example letter (seed 004).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from vp_tui.errors import NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import ReportDraft, utcnow
from vp_tui.services import audit
from vp_tui.services.access import require_organisation
from vp_tui.services.context import Context
from vp_tui.services.report_figures import ReportFigures
from vp_tui.services.report_narrative import drafted
from vp_tui.services.writes import stale, transaction, update_versioned
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
    asked = prompts(year)
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
        "route": " ".join((*asked["route"], _(
            "De vertrouwenspersoon geeft graag advies over de inhoud en de vindbaarheid van "
            "de meldprocedure."))),
        "toegankelijkheid": " ".join(asked["toegankelijkheid"]),
        "voorlichting": _(
            "Bij wie kun je terecht met een 'niet pluis'-gevoel? De vertrouwenspersoon is "
            "beschikbaar voor voorlichting aan leidinggevenden en medewerkers over wat een "
            "vertrouwenspersoon doet en wat sociale veiligheid is. Leidinggevenden kunnen de "
            "vertrouwenspersoon altijd consulteren bij vragen en signalen."
        ),
        "aandachtspunten": " ".join(asked["aandachtspunten"]),
        "regelingen": _(
            "Een werkgever legt een aantal afspraken over de vertrouwenspersoon vast, zodat "
            "de vertrouwenspersoon onafhankelijk en goed bereikbaar het werk kan doen."
        ),
    }


def prompts(year: int) -> dict[str, tuple[str, ...]]:
    """The questions of the default drafts that the adviser answers for the client: a final
    report may not still hold them."""
    return {
        "route": (
            _("Zijn de interne routes helder?"),
            _("Weten medewerkers hoe ze een melding bij de vertrouwenspersoon kunnen doen of "
              "een klacht kunnen indienen?"),
        ),
        "toegankelijkheid": (
            _("Is de vertrouwenspersoon voor iedereen toegankelijk?"),
            _("Is de vertrouwenspersoon vindbaar en voldoende geïntroduceerd binnen de "
              "organisatie?"),
        ),
        "aandachtspunten": (
            _("Zijn er vanuit de organisatie of vanuit de vertrouwenspersoon specifieke "
              "onderwerpen die aandacht vragen?"),
            _("Wat zijn de aandachtspunten op het gebied van sociale veiligheid in "
              "{next_year}, en hoe kan de vertrouwenspersoon daaraan bijdragen?").format(
                next_year=year + 1),
        ),
    }


def _words(text: str) -> str:
    return " ".join(text.split())


def unanswered(draft: Draft) -> list[Section]:
    """The sections that still hold a question of the default draft."""
    asked = prompts(draft.year)
    return [s for s in SECTIONS
            if any(_words(q) in _words(draft.sections.get(s.key, ""))
                   for q in asked.get(s.key, ()))]


@dataclass(frozen=True)
class Draft:
    organisation_id: int
    year: int
    #: Every section key, in SECTIONS order; defaults where nothing was saved.
    sections: dict[str, str]
    #: 0 while nothing has been saved; pass it back to save_draft unchanged.
    version: int
    #: Who marked the report final and when (UTC); empty and None while it is a concept.
    final_by: str = ""
    final_at: dt.datetime | None = None

    @property
    def final(self) -> bool:
        return self.final_at is not None


def get_draft(ctx: Context, org_id: int, year: int,
              figures: ReportFigures | None = None) -> Draft:
    """The saved texts; a section never saved, or saved as the default text, is the default
    text, written from `figures` when they are given (services/report_narrative.py)."""
    check_year(ctx, year)
    require_organisation(ctx, org_id)
    defaults = default_sections(year)
    sections = dict(defaults) if figures is None else drafted(figures, defaults)
    row = ReportDraft.get_or_none(ReportDraft.organisation == org_id, ReportDraft.year == year)
    if row is None:
        return Draft(org_id, year, sections, 0)
    saved = json.loads(row.sections or "{}")
    sections.update({k: v for k, v in saved.items()
                     if k in SECTION_KEYS and isinstance(v, str) and v != defaults[k]})
    return Draft(org_id, year, sections, row.version, row.final_by, row.final_at)


def final_reports(org_ids: Sequence[int], year: int) -> set[int]:
    """Which of these organisations' reports of `year` are marked final."""
    return {row.organisation_id for row in
            ReportDraft.select(ReportDraft.organisation)
            .where(ReportDraft.organisation.in_(list(org_ids)), ReportDraft.year == year,
                   ReportDraft.final_at.is_null(False))}


def mark_final(ctx: Context, org_id: int, year: int, version: int) -> int:
    """Mark the saved draft final (audited: who and when); refused, naming them, while a
    section still holds a question of the default draft. `version` is what get_draft
    returned; returns the new version."""
    draft = get_draft(ctx, org_id, year)
    open_sections = unanswered(draft)
    if open_sections:
        raise ValidationError(
            _("Nog niet definitief: in {sections} staan nog standaardvragen. Beantwoord ze "
              "of haal ze weg en sla het concept op.").format(
                sections=", ".join(f"'{s.title}'" for s in open_sections)),
            open_sections[0].key)
    if draft.version == 0 or version != draft.version:
        # Never saved, or saved by someone else since: the texts marked final must be the
        # ones the adviser saw.
        row = ReportDraft.get_or_none(ReportDraft.organisation == org_id,
                                      ReportDraft.year == year)
        if row is None:
            raise ValidationError(_("Sla het concept eerst op."), "sections")
        raise stale(row)
    row = ReportDraft.get(ReportDraft.organisation == org_id, ReportDraft.year == year)
    return update_versioned(ctx, ReportDraft, row.id, version, "report_draft.final",
                            final_at=utcnow(), final_by=ctx.actor.initials)


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
        # Changed texts make a final report a concept again: final means these texts.
        reopened = ({"final_at": None, "final_by": ""}
                    if row.final_at is not None and payload != row.sections else {})
        return update_versioned(ctx, ReportDraft, row.id, version, "report_draft.update",
                                sections=payload, **reopened)
