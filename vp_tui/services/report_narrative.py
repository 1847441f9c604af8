"""Default texts of the report's sections written from the year's figures, for the adviser to
edit: the cases against the year before, the hours against the contract, the activities held
and the arrangements still open.

Every figure in these texts is a cell's `shown` text from the publication model, printed as
the tables print it ("< 5" stays "< 5"), or a share computed from two cells that are both
shown exactly. A hidden cell is never compared, rounded or described: a sentence that needs
one is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from vp_tui.i18n import _
from vp_tui.services.publication import (
    CONTRACTUREN,
    GESPREKKEN,
    MELDINGEN,
    UREN_ACTIVITEITEN,
    UREN_TOTAAL,
    VOLLEDIG,
    WEINIG,
    format_count,
)
from vp_tui.services.report_figures import ReportFigures

#: Hours above the contract are raised with the client: either the agency does work that
#: was not agreed, or the contract is too small for what the organisation asks of its VP.
OVER_CONTRACT = Decimal(1)
#: Hours below half the contract are raised too: a VP hardly used may be a VP nobody can
#: find, which is the seed letter's main point on vindbaarheid (or the contract is larger than
#: the organisation needs). Between the two, hours are within what a year varies.
FAR_UNDER_CONTRACT = Decimal("0.5")


def share_of_contract(figures: ReportFigures) -> int | None:
    """The hours spent as a whole percentage of the contract, rounded half up; None unless
    both are shown exactly and there is a contract."""
    total = figures.current.cell(UREN_TOTAAL).value
    contract = figures.current.cell(CONTRACTUREN).value
    if total is None or not contract:
        return None
    ratio = Decimal(str(total)) * 100 / Decimal(str(contract))
    return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cases_text(figures: ReportFigures) -> str:
    """The year's cases against the year before ('41 meldingen tegen 12 in 2024'), after the
    summary that gives the year's number."""
    now, before = figures.current.cell(MELDINGEN), figures.previous.cell(MELDINGEN)
    previous = figures.previous.year
    if figures.level == WEINIG:
        return ""  # the summary's sentence says all a year with few cases may say
    if figures.level != VOLLEDIG:
        if before.value == 0:
            return ""
        return _("In {previous} waren er {n} meldingen.").format(previous=previous,
                                                                n=before.shown)
    if before.value == 0:
        text = _("In {previous} waren er geen meldingen.")
    elif before.value is None:
        text = _("Dat zijn {n} meldingen tegen {before} in {previous}.")
    elif before.value < now.value:
        text = _("Dat zijn meer meldingen dan het jaar ervoor: {n} tegen {before} in "
                 "{previous}.")
    elif before.value > now.value:
        text = _("Dat zijn minder meldingen dan het jaar ervoor: {n} tegen {before} in "
                 "{previous}.")
    else:
        text = _("Dat zijn evenveel meldingen als in {previous}.")
    out = [text.format(n=now.shown, previous=previous, before=before.shown)]
    talks = figures.current.cell(GESPREKKEN)
    if talks.value:
        out.append(_("Met de melders heeft de vertrouwenspersoon {n} gesprekken gevoerd.")
                   .format(n=talks.shown))
    return " ".join(out)


def hours_text(figures: ReportFigures) -> str:
    """The hours spent against the contract. Left out with few cases, where the paragraph
    that replaces the tables gives them."""
    total = figures.current.cell(UREN_TOTAAL)
    contract = figures.current.cell(CONTRACTUREN)
    if figures.level == WEINIG or total.value is None:
        return ""
    share = share_of_contract(figures)
    if share is None:
        return _("In {year} heeft de vertrouwenspersoon {hours} uur aan uw organisatie "
                 "besteed.").format(year=figures.year, hours=total.shown)
    return _("In {year} heeft de vertrouwenspersoon {hours} uur aan uw organisatie besteed: "
             "{share} % van de {contract} uur in het contract.").format(
        year=figures.year, hours=total.shown, share=format_count(share),
        contract=contract.shown)


def hours_flag(figures: ReportFigures) -> str:
    """A point for the jaargesprek when the hours are over the contract or far under it."""
    share = share_of_contract(figures)
    if share is None:
        return ""
    contract = figures.current.cell(CONTRACTUREN).shown
    if share > OVER_CONTRACT * 100:
        return _("De vertrouwenspersoon heeft meer uren besteed dan het contract omvat ({share} "
                 "% van {contract} uur). Wij bespreken graag of het contract past bij wat uw "
                 "organisatie van de vertrouwenspersoon vraagt.").format(
            share=format_count(share), contract=contract)
    if share < FAR_UNDER_CONTRACT * 100:
        return _("De vertrouwenspersoon heeft minder dan de helft van de uren in het contract "
                 "besteed ({share} % van {contract} uur). Dat kan betekenen dat medewerkers de "
                 "vertrouwenspersoon niet goed weten te vinden; meer bekendheid en voorlichting "
                 "kunnen helpen.").format(share=format_count(share), contract=contract)
    return ""


def activities_text(figures: ReportFigures) -> str:
    """The activities held, by kind, with their hours where those are shown ('' without
    any: the section's table says so)."""
    lines = figures.activities
    if not lines:
        return ""
    kinds = [_("{kind} ({n} keer)").format(kind=line.label, n=format_count(line.count))
             for line in lines]
    listed = kinds[0] if len(kinds) == 1 else _("{first} en {last}").format(
        first=", ".join(kinds[:-1]), last=kinds[-1])
    hours = figures.current.cell(UREN_ACTIVITEITEN)
    if hours.value:
        return _("Naast de meldingen heeft de vertrouwenspersoon in {year} gewerkt aan "
                 "{listed}, samen {hours} uur.").format(year=figures.year, listed=listed,
                                                        hours=hours.shown)
    return _("Naast de meldingen heeft de vertrouwenspersoon in {year} gewerkt aan "
             "{listed}.").format(year=figures.year, listed=listed)


def arrangements_text(figures: ReportFigures) -> str:
    """How many of the employer's arrangements are still open (each is listed below the
    text as advice)."""
    n = len(figures.open_arrangements)
    if not n:
        return ""
    if n == 1:
        return _("Uit de checklist blijkt dat één afspraak nog niet is geregeld; ons advies "
                 "daarover staat hieronder.")
    return _("Uit de checklist blijkt dat {n} afspraken nog niet zijn geregeld; ons advies "
             "per afspraak staat hieronder.").format(n=n)


def _join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def drafted(figures: ReportFigures, defaults: Mapping[str, str]) -> dict[str, str]:
    """The default text of each section with what the figures say added to it."""
    sections = dict(defaults)
    sections["inleiding"] = _join(defaults["inleiding"], hours_text(figures))
    sections["meldingen"] = _join(cases_text(figures), defaults["meldingen"])
    sections["voorlichting"] = _join(activities_text(figures), defaults["voorlichting"])
    sections["aandachtspunten"] = _join(hours_flag(figures), defaults["aandachtspunten"])
    sections["regelingen"] = _join(defaults["regelingen"], arrangements_text(figures))
    return sections
