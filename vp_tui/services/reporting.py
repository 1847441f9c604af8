"""The annual report's figures for a client and for the agency, and the files they go to.

The figures are cells of the year's publication model (services/year_model.py), which applies
the anonymity rules and the attack; this module adds the words around them (summary, checklist,
the VPs) and writes files. The Word writer, `vp-tui stats --json`, `vp-tui export figures` and
the report screen only format a ReportFigures or an AgencyOverview, so no front end computes a
count of its own, and each of them passes the publication gate first.

Levels: "geen" (no cases), "weinig" (1 <= n < k: the Dutch sentence of the seed letter, no
breakdown, the number shown as "< k", and no figure from which it could be derived),
"volledig".
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vp_tui.errors import DisclosureRefused, NotFound, ValidationError
from vp_tui.i18n import _, fmt_number
from vp_tui.models import Activity, Adviser, Case, ChecklistItem, Engagement, Organisation
from vp_tui.models.enums import CHECKLIST, ENGAGEMENT_ROLES
from vp_tui.services import audit
from vp_tui.services.access import organisation_filter, require_coordinator, require_organisation
from vp_tui.services.anonymity import DEFAULT_K
from vp_tui.services.context import Context
from vp_tui.services.publication import (
    GEEN,
    MELDINGEN,
    VOLLEDIG,
    WEINIG,
    YearFigures,
)
from vp_tui.services.report_figures import AgencyOverview, OpenArrangement, ReportFigures
from vp_tui.services.writes import transaction
from vp_tui.services.year_model import YearModel, load
from vp_tui.services.years import FIRST_YEAR, check_year


def summary_sentence(level: str, year: int, cases: int | None, k: int) -> str:
    """The opening sentence of the figures; at 'weinig' the wording of the seed letter."""
    if level == GEEN:
        return _("In {year} zijn er vanuit uw organisatie geen meldingen bij de externe "
                 "vertrouwenspersoon gedaan.").format(year=year)
    if level == WEINIG:
        return _("In {year} is er vanuit uw organisatie maar minimaal beroep gedaan op de "
                 "externe vertrouwenspersoon over klachten van grensoverschrijdend gedrag of "
                 "meldingen over integriteitskwesties. Omdat het een klein aantal meldingen "
                 "betreft, kan er geen nadere toelichting worden gegeven zonder het risico op "
                 "herleidbaarheid te lopen.").format(year=year)
    return _("In {year} zijn er vanuit uw organisatie {n} meldingen bij de externe "
             "vertrouwenspersoon gedaan. In de tabellen hieronder staan aantallen kleiner dan "
             "{k} als '< {k}'; waar nodig is ook een groter aantal alleen als '≥ {k}' vermeld, "
             "zodat geen aantal kan worden teruggerekend. Onderdelen zonder meldingen zijn "
             "weggelaten; een uitsplitsing die vooral uit kleine aantallen zou bestaan, is "
             "niet gegeven.").format(year=year, n=fmt_number(cases, 0), k=k)


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- the figures ----------------------------------------------------------------------------


#: Checklist items the agency itself provides to every client: never open for the client.
#: The vervangingsregeling is the agency's cover; the annual report is this document.
AGENCY_PROVIDES = frozenset({"vervanging", "jaarverslag"})


def _advice() -> dict[str, str]:
    return {
        "intern_extern": _("Stel een interne en/of externe vertrouwenspersoon aan."),
        "positie_bestuur": _("Positioneer de vertrouwenspersoon direct onder het bestuur, "
                             "zodat signalen het bestuur zonder omweg bereiken."),
        "onafhankelijk": _("Leg de onafhankelijke positie van de vertrouwenspersoon vast."),
        "tijd_budget": _("Leg vast hoeveel tijd en budget de vertrouwenspersoon heeft."),
        "taken_bevoegdheden": _("Leg de taken en bevoegdheden van de vertrouwenspersoon "
                                "vast."),
        "benoemingstermijn": _("Leg een benoemingstermijn voor de vertrouwenspersoon vast."),
        "scholing": _("Reserveer budget voor scholing en intervisie van de "
                      "vertrouwenspersoon."),
        "geheimhouding": _("Leg de geheimhouding en de registratie door de "
                           "vertrouwenspersoon vast."),
        "benadelingsbescherming": _("Leg vast dat (oud-)vertrouwenspersonen niet benadeeld "
                                    "worden vanwege hun rol."),
        "bekendheid": _("Maak de vertrouwenspersoon bij alle medewerkers bekend, ook bij "
                        "nieuwe medewerkers en inhuurkrachten."),
        "communicatie": _("Communiceer regelmatig over de rol van de vertrouwenspersoon, "
                          "bijvoorbeeld op intranet of in een nieuwsbrief."),
        "bereikbaarheid": _("Zorg dat iedereen de vertrouwenspersoon kan bereiken en "
                            "vermeld de contactgegevens waar medewerkers ze zoeken."),
        "man_vrouw": _("Zorg dat zowel een man als een vrouw als vertrouwenspersoon "
                       "beschikbaar is."),
    }


def _met_by_file(org_id: int, year: int) -> set[str]:
    """Checklist items the client's file shows as met in `year`: a VP of the agency is
    engaged (an external VP is appointed), and a man and a woman among them."""
    start, end = _year_range(year)
    genders = {e.adviser.gender for e in
               Engagement.select(Engagement.id, Adviser.gender).join(Adviser)
               .where(Engagement.organisation == org_id, Engagement.start <= end,
                      Engagement.end.is_null() | (Engagement.end >= start))}
    met = {"intern_extern"} if genders else set()
    if {"m", "v"} <= genders:
        met.add("man_vrouw")
    return met


def _arrangements(org_id: int, year: int) -> tuple[tuple[OpenArrangement, ...], str]:
    """The items recorded as not arranged, each with its advice, and one sentence for the
    items nobody filled in (or recorded as unknown). Items the agency provides or the file
    shows as met are neither. The free-text note of an item is not read."""
    status = {row.item: row.status for row in
              ChecklistItem.select(ChecklistItem.item, ChecklistItem.status)
              .where(ChecklistItem.organisation == org_id)}
    skip = AGENCY_PROVIDES | _met_by_file(org_id, year)
    advice = _advice()
    items = [c for c in CHECKLIST if c.key not in skip]
    open_items = tuple(OpenArrangement(c.key, c.label, advice[c.key]) for c in items
                       if status.get(c.key) == "niet_geregeld")
    unknown = [c for c in items if status.get(c.key, "onbekend") == "onbekend"]
    note = ""
    if not any(value != "onbekend" for value in status.values()):
        note = _("De checklist met afspraken over de vertrouwenspersoon is nog niet "
                 "ingevuld; wij vragen u die samen met de vertrouwenspersoon in te vullen.")
    elif unknown:
        note = _("Van {n} afspraken uit de checklist is nog niet vastgelegd of ze geregeld "
                 "zijn; wij vragen u de checklist samen met de vertrouwenspersoon aan te "
                 "vullen.").format(n=len(unknown))
    return open_items, note


def _advisers(org_id: int, year: int) -> tuple[str, ...]:
    """The organisation's VPs during the year: 'Bram Jansen (vaste VP)'."""
    start, end = _year_range(year)
    query = (
        Engagement.select(Engagement.role, Adviser.name)
        .join(Adviser)
        .where(Engagement.organisation == org_id, Engagement.start <= end,
               Engagement.end.is_null() | (Engagement.end >= start))
        .order_by(Engagement.role.desc(), Adviser.name)
    )
    return tuple(f"{e.adviser.name} ({ENGAGEMENT_ROLES.label(e.role)})" for e in query)


def _record(ctx: Context, action: str, object_type: str, object_id: str) -> None:
    with transaction():
        audit.record(ctx, action, object_type, object_id)


@dataclass(frozen=True)
class Publication:
    """The models a set of outputs shares: the year and the year before (shown beside it)."""

    current: YearModel
    previous: YearModel
    #: The years before those, for the charts' trend: loaded on first use, for every client
    #: of the model with enough cases for charts at once.
    earlier: dict[int, YearModel] = field(default_factory=dict)

    def trend(self, org_id: int) -> tuple[YearFigures, ...]:
        """The client's key figures of the years before the previous one, as far back as
        the trend chart goes, each as that year's publication gives it; a year the gate
        refuses is left out (its figures are never published)."""
        from vp_tui.services.reports.charts import TREND_YEARS

        year = self.current.year
        if not self.earlier:
            ids = [o for o, p in self.current.publications.items() if p.level == VOLLEDIG]
            for earlier in range(max(FIRST_YEAR, year - TREND_YEARS + 1), year - 1):
                self.earlier[earlier] = load(ids, earlier)
        out = []
        for earlier in sorted(self.earlier):
            if org_id in self.earlier[earlier].publications:
                try:
                    out.append(self.earlier[earlier].client(org_id).key)
                except DisclosureRefused:
                    continue
        return tuple(out)


def publication(org_ids: Sequence[int], year: int) -> Publication:
    """The publication model of `year` for these clients, with the year before."""
    return Publication(load(org_ids, year), load(org_ids, year - 1))


def agency_publication(ctx: Context, year: int) -> Publication:
    """Every organisation of the year (coordinators), gated as a whole before anything is
    written: each client and year, and the agency overview of both years."""
    orgs = agency_organisations(ctx, year)
    models = publication([o.id for o in orgs], year)
    models.current.overview()
    models.previous.overview()
    return models


def compute_figures(ctx: Context, org_id: int, year: int, purpose: str = "report.view",
                    models: Publication | None = None) -> ReportFigures:
    """The gated figures of one organisation and year; the use is audited as `purpose`.

    Allowed for the organisation's advisers and for coordinators (access.require_organisation):
    the figures are anonymous, so no access to the cases themselves is needed.
    """
    check_year(ctx, year)
    org = require_organisation(ctx, org_id)
    models = models or publication([org.id], year)
    current = models.current.client(org.id)
    previous = models.previous.client(org.id)
    open_items, checklist_note = _arrangements(org.id, year)
    figures = ReportFigures(
        organisation_id=org.id,
        organisation=org.name,
        year=year,
        k=current.k,
        summary=summary_sentence(current.level, year, current.key.cell(MELDINGEN).value,
                                 current.k),
        current=current.key,
        previous=previous.key,
        breakdowns=current.breakdowns,
        activities=current.activities,
        open_arrangements=open_items,
        checklist_note=checklist_note,
        advisers=_advisers(org.id, year),
    )
    _record(ctx, purpose, "organisation", f"{org.id}/{year}")
    return figures


# --- organisations to report on --------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationChoice:
    id: int
    name: str


def report_organisations(ctx: Context, year: int) -> list[OrganisationChoice]:
    """Organisations the actor may report on for `year`: a contract overlapping the year, or
    any case or activity in it."""
    start, end = _year_range(year)
    had_cases = Case.select(Case.organisation).where(Case.opened_on.between(start, end))
    had_work = Activity.select(Activity.organisation).where(Activity.date.between(start, end))
    contract = (
        (Organisation.contract_start.is_null() | (Organisation.contract_start <= end))
        & (Organisation.contract_end.is_null() | (Organisation.contract_end >= start))
        & (Organisation.active == True)  # noqa: E712 (peewee expression)
    )
    query = (
        Organisation.select(Organisation.id, Organisation.name)
        .where(organisation_filter(ctx),
               contract | Organisation.id.in_(had_cases) | Organisation.id.in_(had_work))
        .order_by(Organisation.name)
    )
    return [OrganisationChoice(o.id, o.name) for o in query]


def agency_organisations(ctx: Context, year: int) -> list[OrganisationChoice]:
    """Every organisation of the year, for `report --all` (coordinators only)."""
    require_coordinator(ctx)
    check_year(ctx, year)
    return report_organisations(ctx, year)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def report_filenames(organisations: Sequence[OrganisationChoice], year: int,
                     final: Collection[int] = ()) -> list[str]:
    """'jaarverslag-2025-zorggroep-de-linde.docx' for a report marked final, with
    '-concept' before the suffix otherwise; unique within the list."""
    names: list[str] = []
    for org in organisations:
        slug = _slug(org.name)[:60].strip("-") or f"organisatie-{org.id}"
        mark = "" if org.id in final else "-concept"
        name = f"jaarverslag-{year}-{slug}{mark}.docx"
        if name in names:
            name = f"jaarverslag-{year}-{slug}-{org.id}{mark}.docx"
        names.append(name)
    return names


#: The agency overview goes into this sub-folder of the reports' folder: it is never sent to
#: a client, so it never lies beside their reports.
INTERNAL_DIR = "intern-bureau-niet-voor-klanten"


def overview_filename(year: int) -> str:
    return f"{INTERNAL_DIR}/jaarverslag-{year}-overzicht-bureau-intern.docx"


def find_organisation(ctx: Context, text: str) -> int:
    """An organisation by id or name (exact, else a unique part of it, any case)."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Geef een organisatie (naam of nummer)."), "organisation")
    visible = Organisation.select(Organisation.id, Organisation.name).where(
        organisation_filter(ctx))
    if text.isdigit() and not (text.isascii() and text.isdecimal()):  # '²' is a digit
        raise ValidationError(
            _("'{text}' is geen organisatienummer of -naam; een nummer bestaat uit de cijfers "
              "0-9.").format(text=text), "organisation")
    if text.isdigit():
        if Organisation.get_or_none(Organisation.id == int(text)) is None:
            raise NotFound(_("Organisatie {text} niet gevonden.").format(text=text))
        return int(text)
    exact = [o.id for o in visible if o.name.casefold() == text.casefold()]
    if exact:
        return exact[0]
    partial = [o for o in visible if text.casefold() in o.name.casefold()]
    if len(partial) == 1:
        return partial[0].id
    if partial:
        raise ValidationError(
            _("'{text}' past op meerdere organisaties: {names}.").format(
                text=text, names=", ".join(o.name for o in partial[:5])),
            "organisation",
        )
    raise NotFound(_("Organisatie '{text}' niet gevonden.").format(text=text))


# --- the agency-wide overview ----------------------------------------------------------------


def agency_overview(ctx: Context, year: int, purpose: str = "report.overview",
                    models: Publication | None = None) -> AgencyOverview:
    """All organisations together, for the agency itself (coordinators only). Each figure
    adds up what the organisations' own reports publish, as a range where one of them is
    hidden, so the overview never tells more than the reports beside it."""
    require_coordinator(ctx)
    check_year(ctx, year)
    models = models or agency_publication(ctx, year)
    current, rows = models.current.overview()
    previous, _rows = models.previous.overview()
    summary = _("Overzicht van {n} organisaties samen, voor intern gebruik door het bureau. "
                "Elk cijfer telt op wat de verslagen van de organisaties zelf vermelden; waar "
                "een organisatie een aantal niet vermeldt, staat hier een bandbreedte, zodat "
                "uit dit overzicht niets over één organisatie kan worden teruggerekend."
                ).format(n=len(rows))
    overview = AgencyOverview(
        year=year,
        k=DEFAULT_K,
        summary=summary,
        current=current.key,
        previous=previous.key,
        organisations=rows,
        breakdowns=current.breakdowns,
        activities=current.activities,
    )
    _record(ctx, purpose, "agency", str(year))
    return overview


# --- writing ---------------------------------------------------------------------------------


def _atomic_write(target: Path, write: Callable[[Path], None]) -> Path:
    """Write to a temporary file beside `target`, then rename: never a half-written report,
    and never one others can read (0600, vp_tui.files)."""
    from vp_tui.files import make_private

    target = target.expanduser()
    if not target.parent.is_dir():
        raise ValidationError(
            _("Map {path} bestaat niet.").format(path=target.parent), "out")
    fd, tmp = tempfile.mkstemp(prefix=".vp-tui-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        make_private(Path(tmp))  # the writer may have replaced the file: 0600 before rename
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target.resolve()


def check_template(template: Path | None) -> None:
    """Fail early, before any document is written, when a template lacks a needed style."""
    from vp_tui.services.reports.word import load_template

    load_template(template)


def _check_reportable(org: Organisation, figures: ReportFigures) -> None:
    """A year without a contract and without any case or activity has nothing to report:
    refused, rather than a report saying there were no cases."""
    start, end = _year_range(figures.year)
    contract = ((org.contract_start is None or org.contract_start <= end)
                and (org.contract_end is None or org.contract_end >= start)
                and bool(org.contract_hours))
    if not contract and figures.level == GEEN and not figures.activities:
        raise ValidationError(
            _("Geen jaarverslag van {org} over {year}: er liep dat jaar geen contract en er "
              "zijn geen meldingen of activiteiten vastgelegd.").format(
                org=org.name, year=figures.year), "year")


def generate_report(ctx: Context, org_id: int, year: int, out: Path,
                    template: Path | None = None, models: Publication | None = None) -> Path:
    """Write the Word file of one organisation's annual report (marked CONCEPT until the
    draft is marked final); returns where it went."""
    from vp_tui.services.agency import sender
    from vp_tui.services.report_drafts import get_draft
    from vp_tui.services.reports.charts import palette, rendered
    from vp_tui.services.reports.word import load_template, write_report

    document_template = load_template(template)  # fails before any figure is computed
    org = require_organisation(ctx, org_id)
    models = models or publication([org.id], year)
    figures = compute_figures(ctx, org_id, year, purpose="report.generate", models=models)
    _check_reportable(org, figures)
    draft = get_draft(ctx, org_id, year, figures)
    who = sender(org_id, *_year_range(year))
    charts = rendered(figures, models.trend(org.id) if figures.level == VOLLEDIG else (),
                      palette(who.profile.logo))
    return _atomic_write(
        out, lambda path: write_report(document_template, figures, draft, who, ctx.today, path,
                                       charts))


def generate_into(ctx: Context, org_id: int, year: int, directory: Path,
                  template: Path | None = None) -> Path:
    """Write the report into `directory` (made if needed) under its usual name, or with -2,
    -3, … added: a report the adviser already edited in Word is never overwritten. A folder
    made here is 0700 (vp_tui.files)."""
    from vp_tui.files import private_dir
    from vp_tui.services.report_drafts import final_reports

    org = require_organisation(ctx, org_id)
    directory = directory.expanduser()
    try:
        private_dir(directory)
    except OSError as exc:
        raise ValidationError(_("Map {path} kan niet worden gemaakt: {reason}.").format(
            path=directory, reason=exc.strerror or type(exc).__name__), "out") from exc
    name = Path(report_filenames([OrganisationChoice(org.id, org.name)], year,
                                 final_reports([org.id], year))[0])
    target, n = directory / name, 1
    while target.exists():
        n += 1
        target = directory / f"{name.stem}-{n}{name.suffix}"
    return generate_report(ctx, org_id, year, target, template)


def generate_overview(ctx: Context, year: int, out: Path, template: Path | None = None,
                      models: Publication | None = None) -> Path:
    from vp_tui.services.agency import get_profile
    from vp_tui.services.reports.word import load_template, write_overview

    document_template = load_template(template)
    overview = agency_overview(ctx, year, models=models)
    profile = get_profile()
    return _atomic_write(
        out, lambda path: write_overview(document_template, overview, profile, ctx.today,
                                         path))


def export_rows(ctx: Context, year: int, org_id: int | None = None
                ) -> list[tuple[str, int, str, str, int | float | None, str]]:
    """(organisation, year, section, label, value, shown) for `export figures`: one
    organisation, or (coordinators) every organisation of the year, gated together before any
    row is returned."""
    if org_id is not None:
        figures = [compute_figures(ctx, org_id, year, purpose="report.export")]
    else:
        models = agency_publication(ctx, year)
        figures = [compute_figures(ctx, o, year, purpose="report.export", models=models)
                   for o in models.current.publications]
    return [(f.organisation, year, *row) for f in figures for row in f.rows()]
