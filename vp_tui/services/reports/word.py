"""The Word writer: formats the published cells it is handed, nothing more.

python-docx is imported here only. A template (the default one shipped beside this module, or
an agency's `--template`) supplies styles, page setup, logo and header; its body text is not
used. python-docx can only apply styles that exist in the starting document, so every style
the report needs is checked up front and a missing one is named in one line.
Every string goes through vp_tui.text.xml_safe: XML cannot hold control characters.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from vp_tui.errors import ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.text import xml_safe

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from vp_tui.services.publication import ActivityLine, Breakdown, YearFigures
    from vp_tui.services.report_drafts import Draft
    from vp_tui.services.report_figures import AgencyOverview, ReportFigures

#: (style name, style type) the report cannot do without.
REQUIRED_STYLES: tuple[tuple[str, str], ...] = (
    ("Normal", "paragraph"),
    ("Title", "paragraph"),
    ("Heading 1", "paragraph"),
    ("Heading 2", "paragraph"),
    ("List Bullet", "paragraph"),
    ("Table Grid", "table"),
)
#: 'Header' and 'Footer' are used when present (plain paragraphs otherwise).


@dataclass(frozen=True)
class Template:
    """A checked template: its bytes, opened afresh for every document written."""

    name: str
    data: bytes

    def open(self) -> DocxDocument:
        from docx import Document

        document = Document(io.BytesIO(self.data))
        _clear_body(document)
        return document


def load_template(path: Path | None = None) -> Template:
    """The default template, or `path` after checking it is a .docx with every needed style."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    if path is None:
        data = resources.files("vp_tui.services.reports").joinpath("template.docx").read_bytes()
        return Template("template.docx", data)
    path = Path(path).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            _("Sjabloon {path} is niet te lezen: {reason}.").format(
                path=path, reason=exc.strerror or type(exc).__name__), "template") from exc
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - zip, XML and content-type errors alike
        raise ValidationError(
            _("Sjabloon {path} is geen geldig Word-document (.docx).").format(path=path),
            "template") from exc
    kinds = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "table": WD_STYLE_TYPE.TABLE}
    missing = [name for name, kind in REQUIRED_STYLES
               if name not in document.styles or document.styles[name].type != kinds[kind]]
    if missing:
        raise ValidationError(
            _("Sjabloon {path} mist de stijl(en) {styles}; gebruik ze eenmaal in het sjabloon "
              "en sla het opnieuw op.").format(
                path=path.name, styles=", ".join(f"'{m}'" for m in missing)),
            "template")
    return Template(path.name, data)


def _clear_body(document: DocxDocument) -> None:
    """Drop the template's body content; keep the final section properties (page setup)."""
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue
        body.remove(child)


# --- small writing helpers -------------------------------------------------------------------


def _paragraphs(document: DocxDocument, text: str, style: str | None = None) -> None:
    """Blank lines separate paragraphs; a single newline becomes a line break (python-docx
    turns '\n' in run text into <w:br/>)."""
    text = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")
    for block in text.split("\n\n"):
        if block.strip():
            document.add_paragraph(style=style).add_run(block.strip("\n"))


def _table(document: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[str]],
           bold_last: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(xml_safe(text)).bold = True
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        for c, (cell, text) in enumerate(zip(cells, values, strict=True)):
            run = cell.paragraphs[0].add_run(xml_safe(text))
            run.bold = bold_last and r == len(rows) - 1
            if c:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for c in range(1, len(header)):
        table.rows[0].cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _column_widths(document, table)
    document.add_paragraph()


def _column_widths(document: DocxDocument, table) -> None:
    """A wide label column and narrow number columns across the text width."""
    from docx.shared import Cm

    section = document.sections[-1]
    usable = Cm(16)
    if section.page_width and section.left_margin is not None and section.right_margin:
        usable = section.page_width - section.left_margin - section.right_margin
    columns = len(table.columns)
    narrow = Cm(3)
    widths = [usable - narrow * (columns - 1)] + [narrow] * (columns - 1)
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # w:gridCol, which LibreOffice follows
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when rendering."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run("1")
    char("end")


def _style_or_none(document: DocxDocument, name: str) -> str | None:
    return name if name in document.styles else None


def _header_footer(document: DocxDocument, heading: str) -> None:
    """The heading line in the header (after the template's own logo or text) and
    'Pagina X van Y' in the footer, on every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = document.sections[0]
    parts = [(section.header, section.footer)]
    if section.different_first_page_header_footer:
        parts.append((section.first_page_header, section.first_page_footer))
    for header, footer in parts:
        header.is_linked_to_previous = False
        footer.is_linked_to_previous = False
        paragraph = _empty_or_new(header, _style_or_none(document, "Header"))
        paragraph.add_run(xml_safe(heading))
        paragraph = _empty_or_new(footer, _style_or_none(document, "Footer"))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(_("Pagina") + " ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" " + _("van") + " ")
        _field(paragraph, "NUMPAGES")


def _empty_or_new(part, style: str | None):
    """The part's last paragraph when it is empty, else a new one (a template's header may
    already hold a logo or the agency's name)."""
    last = part.paragraphs[-1] if part.paragraphs else None
    if last is not None and not last.text and not last._p.xpath(".//w:drawing"):
        if style:
            last.style = style
        return last
    return part.add_paragraph(style=style)


def _properties(document: DocxDocument, title: str, today: dt.date) -> None:
    """Document properties: our title, nothing inherited from the template's author."""
    props = document.core_properties
    props.title = xml_safe(title)
    props.subject = _("Jaarverslag vertrouwenspersoon")
    props.author = "vp-tui"
    props.last_modified_by = "vp-tui"
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = "nl-NL"
    props.created = props.modified = dt.datetime.combine(today, dt.time(12, 0))
    props.revision = 1


# --- the figures -----------------------------------------------------------------------------


def _key_figures_table(document: DocxDocument, current: YearFigures,
                       previous: YearFigures) -> None:
    from vp_tui.services.publication import WITHHELD_MARK

    rows = [
        [now.label, now.shown, before.shown]
        for now, before in zip(current.figures, previous.figures, strict=True)
    ]
    _table(document, [_("Onderdeel"), str(current.year), str(previous.year)], rows)
    if any(WITHHELD_MARK in row for row in rows):
        document.add_paragraph(_(
            "Een {mark} betekent: niet vermeld, omdat dit cijfer in een jaar met weinig "
            "meldingen iets over die meldingen zou prijsgeven.").format(mark=WITHHELD_MARK))


def _breakdowns(document: DocxDocument, breakdowns: Sequence[Breakdown],
                total_shown: str) -> None:
    withheld = [b.title for b in breakdowns if b.withheld]
    for breakdown in breakdowns:
        if breakdown.withheld:
            continue
        document.add_paragraph(xml_safe(breakdown.title), style="Heading 2")
        rows = [[cell.label, cell.shown] for cell in breakdown.cells]
        if breakdown.partitions_total:
            rows.append([_("Totaal"), total_shown])
        _table(document, [_("Onderdeel"), _("Aantal")], rows,
               bold_last=breakdown.partitions_total)
    if withheld:
        document.add_paragraph(_(
            "Niet uitgesplitst, omdat dat zonder risico op herleidbaarheid niet kan: "
            "{tables}.").format(tables=xml_safe("; ".join(t.lower() for t in withheld))))


def _activities(document: DocxDocument, lines: Sequence[ActivityLine], year: int) -> None:
    from vp_tui.services.publication import WITHHELD_MARK

    if not lines:
        document.add_paragraph(
            _("In {year} zijn geen activiteiten voor voorlichting of advies geregistreerd.")
            .format(year=year))
        return
    with_hours = any(line.hours.shown != WITHHELD_MARK for line in lines)
    header = [_("Activiteit"), _("Aantal")] + ([_("Uren")] if with_hours else [])
    rows = [
        [line.label, str(line.count)] + ([line.hours.shown] if with_hours else [])
        for line in lines
    ]
    _table(document, header, rows)


# --- the documents ---------------------------------------------------------------------------


def _heading_block(document: DocxDocument, title: str, lines: Sequence[str]) -> None:
    document.add_paragraph(xml_safe(title), style="Title")
    for line in lines:
        document.add_paragraph(xml_safe(line))


def write_report(template: Template, figures: ReportFigures, draft: Draft, today: dt.date,
                 path: Path) -> None:
    """One organisation's annual report, in the order of the agency's letter."""
    from vp_tui.services.report_drafts import SECTIONS

    document = template.open()
    year = figures.year
    title = _("Jaarverslag vertrouwenspersoon {year}").format(year=year)
    _properties(document, f"{title} – {figures.organisation}", today)
    _header_footer(document, f"{figures.organisation} · {title}")
    lines = [
        figures.organisation,
        _("Verslagperiode: {start} tot en met {end}").format(
            start=fmt_date(dt.date(year, 1, 1)), end=fmt_date(dt.date(year, 12, 31))),
        _("Datum: {date}").format(date=fmt_date(today)),
    ]
    if figures.advisers:
        lines.append(_("Vertrouwenspersoon: {names}").format(names=", ".join(figures.advisers)))
    _heading_block(document, title, lines)

    for section in SECTIONS:
        document.add_paragraph(xml_safe(section.title), style="Heading 1")
        if section.key == "meldingen":
            document.add_paragraph(xml_safe(figures.summary))
        _paragraphs(document, draft.sections.get(section.key, ""))
        if section.key == "meldingen":
            document.add_paragraph(_("Kerncijfers"), style="Heading 2")
            _key_figures_table(document, figures.current, figures.previous)
            _breakdowns(document, figures.breakdowns, figures.current.cases_shown)
        elif section.key == "voorlichting":
            document.add_paragraph(_("Voorlichting en advies in {year}").format(year=year),
                                   style="Heading 2")
            _activities(document, figures.activities, year)
        elif section.key == "regelingen":
            if not figures.open_arrangements:
                document.add_paragraph(_("Alle afspraken uit de checklist zijn geregeld."))
            for item in figures.open_arrangements:
                document.add_paragraph(
                    xml_safe(f"{item.label} ({item.status_label})"), style="List Bullet")
    document.save(path)


def write_overview(template: Template, overview: AgencyOverview, today: dt.date,
                   path: Path) -> None:
    """The agency-wide anonymous overview of one year."""
    document = template.open()
    year = overview.year
    title = _("Jaarverslag {year}: overzicht van het bureau").format(year=year)
    _properties(document, title, today)
    _header_footer(document, title)
    _heading_block(document, title, [
        _("Verslagperiode: {start} tot en met {end}").format(
            start=fmt_date(dt.date(year, 1, 1)), end=fmt_date(dt.date(year, 12, 31))),
        _("Datum: {date}").format(date=fmt_date(today)),
    ])
    document.add_paragraph(xml_safe(overview.summary))
    document.add_paragraph(_("Kerncijfers"), style="Heading 1")
    _key_figures_table(document, overview.current, overview.previous)
    document.add_paragraph(_("Per organisatie"), style="Heading 1")
    _table(document, [_("Organisatie"), _("Meldingen"), _("Uren totaal"), _("Contracturen")],
           [[row.organisation, row.cases.shown, row.total_hours.shown,
             row.contract_hours.shown] for row in overview.organisations])
    if overview.breakdowns:
        document.add_paragraph(_("Uitsplitsing, alle organisaties samen"), style="Heading 1")
        _breakdowns(document, overview.breakdowns, overview.current.cases_shown)
    document.add_paragraph(_("Voorlichting en advies"), style="Heading 1")
    _activities(document, overview.activities, year)
    document.save(path)
