"""The Word writer: formats the published cells it is handed, nothing more.

python-docx is imported here only. A template (the default one shipped beside this module, or
an agency's `--template`) supplies styles and page setup; its body text is not used. The
letterhead is the agency profile's logo and name, unless the template's header holds one of its
own. python-docx can only apply styles that exist in the starting document, so every style
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

    from vp_tui.services.agency import Contact, Profile, Sender
    from vp_tui.services.publication import ActivityLine, Breakdown, YearFigures
    from vp_tui.services.report_drafts import Draft
    from vp_tui.services.report_figures import AgencyOverview, ReportFigures
    from vp_tui.services.reports.charts import RenderedChart

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

#: The CONCEPT marking, red as a reviewer's pen.
CONCEPT_RGB = (0xC0, 0x00, 0x00)
#: The letterhead logo's height, and the widest it may be.
LOGO_HEIGHT_CM = 1.6
LOGO_MAX_WIDTH_CM = 7.0


def _paragraphs(document: DocxDocument, text: str, style: str | None = None) -> None:
    """Blank lines separate paragraphs; a single newline becomes a line break (python-docx
    turns '\n' in run text into <w:br/>)."""
    text = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")
    for block in text.split("\n\n"):
        if block.strip():
            document.add_paragraph(style=style).add_run(block.strip("\n"))


def _heading(document: DocxDocument, text: str, level: int) -> None:
    paragraph = document.add_paragraph(xml_safe(text), style=f"Heading {level}")
    paragraph.paragraph_format.keep_with_next = True


def _concept_run(paragraph, text: str) -> None:
    from docx.shared import RGBColor

    run = paragraph.add_run(text)
    run.bold = True
    run.font.color.rgb = RGBColor(*CONCEPT_RGB)


def _table(document: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[str]],
           bold_last: bool = False) -> None:
    """A table whose header row repeats on every page it runs onto, whose rows never split,
    and whose rows keep with the next, so a table that fits on a page is never torn from
    its total."""
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
    _row_properties(table)
    _column_widths(document, table)
    document.add_paragraph()


def _row_properties(table) -> None:
    from docx.oxml import OxmlElement

    last = len(table.rows) - 1
    for n, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if n == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
        if n < last:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _usable_width(document: DocxDocument):
    from docx.shared import Cm

    section = document.sections[-1]
    if section.page_width and section.left_margin is not None and section.right_margin:
        return section.page_width - section.left_margin - section.right_margin
    return Cm(16)


def _column_widths(document: DocxDocument, table) -> None:
    """A wide label column and narrow number columns across the text width."""
    from docx.shared import Cm

    usable = _usable_width(document)
    columns = len(table.columns)
    narrow = Cm(3.4)  # room for "Contracturen" in bold
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


def _has_content(part) -> bool:
    """A template's header with text, a logo or a table: it is the agency's letterhead."""
    return bool(part._element.xpath(".//w:t[normalize-space(.) != ''] | .//w:drawing "
                                    "| .//w:pict | .//w:tbl"))


def _letterhead(document: DocxDocument, header, profile: Profile) -> None:
    """The logo on the left and the agency's name on the right."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.image.image import Image
    from docx.shared import Cm, Pt

    if not profile.name and not profile.logo:
        return
    style = _style_or_none(document, "Header")
    paragraph = _empty_or_new(header, style)
    tabs = paragraph.paragraph_format.tab_stops
    if style:  # the style's own tab stops (centre, right) would catch the name first
        for stop in document.styles[style].paragraph_format.tab_stops:
            tabs.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(_usable_width(document), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.paragraph_format.space_after = Pt(6)
    if profile.logo:
        image = Image.from_blob(profile.logo)
        ratio = image.px_width / max(image.px_height, 1)
        size = ({"width": Cm(LOGO_MAX_WIDTH_CM)} if LOGO_HEIGHT_CM * ratio > LOGO_MAX_WIDTH_CM
                else {"height": Cm(LOGO_HEIGHT_CM)})
        paragraph.add_run().add_picture(io.BytesIO(profile.logo), **size)
    if profile.name:
        run = paragraph.add_run("\t" + xml_safe(profile.name))
        run.bold = True
        run.font.size = Pt(13)


def _header_footer(document: DocxDocument, heading: str, profile: Profile,
                   mark: str = "") -> None:
    """The letterhead (unless the template's header is one), the heading line with `mark`
    (CONCEPT, INTERN) before it, and 'Pagina X van Y' in the footer, on every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    section = document.sections[0]
    parts = [(section.header, section.footer)]
    if section.different_first_page_header_footer:
        parts.append((section.first_page_header, section.first_page_footer))
    for header, footer in parts:
        header.is_linked_to_previous = False
        footer.is_linked_to_previous = False
        if not _has_content(header):
            _letterhead(document, header, profile)
        paragraph = _empty_or_new(header, _style_or_none(document, "Header"))
        # A letterhead makes the header taller than the top margin, and the text would then
        # start right under it.
        paragraph.paragraph_format.space_after = Pt(12)
        if mark:
            _concept_run(paragraph, f"{mark} · ")
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


def _properties(document: DocxDocument, title: str, subject: str, author: str) -> None:
    """Document properties: ours, nothing inherited from the template (its author, its
    application, its thumbnail, its page and word counts)."""
    props = document.core_properties
    props.title = xml_safe(title)
    props.subject = xml_safe(subject)
    props.author = xml_safe(author)
    props.last_modified_by = xml_safe(author)
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = "nl-NL"
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0,
                                                                     tzinfo=None)
    for printed in props._element.xpath("cp:lastPrinted"):
        printed.getparent().remove(printed)
    props.revision = 1
    clean_package(document, author)


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>vp-tui</Application><Company>{company}</Company>'
    "</Properties>"
)
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_APP = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "extended-properties")


def clean_package(document: DocxDocument, company: str) -> None:
    """No thumbnail of another document, and extended properties that claim neither Word
    nor page and word counts the content no longer has."""
    from xml.sax.saxutils import escape

    rels = document.part.package.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype == _THUMBNAIL:
            rels.pop(r_id)
        elif rel.reltype == _APP and not rel.is_external:
            rel.target_part._blob = APP_XML.format(
                company=escape(xml_safe(company))).encode()


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
    """The tables that are given and hold a figure; one sentence names those withheld."""
    withheld = [b.title for b in breakdowns if b.withheld]
    for breakdown in breakdowns:
        if breakdown.withheld or not breakdown.cells:
            continue
        _heading(document, breakdown.title, 2)
        rows = [[cell.label, cell.shown] for cell in breakdown.cells]
        if breakdown.partitions_total:
            rows.append([_("Totaal"), total_shown])
        _table(document, [_("Onderdeel"), _("Aantal")], rows,
               bold_last=breakdown.partitions_total)
    if withheld:
        document.add_paragraph(_(
            "Niet uitgesplitst, omdat dat zonder risico op herleidbaarheid niet kan: "
            "{tables}.").format(tables=xml_safe("; ".join(t.lower() for t in withheld))))


def _few_cases(document: DocxDocument, figures: ReportFigures) -> None:
    """With fewer cases than the threshold every table would read '< k' and '–': the seed
    letter's sentence (the summary) and the hours, where they are given, say it instead."""
    from vp_tui.services.publication import CONTRACTUREN, UREN_TOTAAL, WITHHELD_MARK

    total = figures.current.cell(UREN_TOTAAL)
    contract = figures.current.cell(CONTRACTUREN)
    if total.shown != WITHHELD_MARK:
        document.add_paragraph(_(
            "In {year} heeft de vertrouwenspersoon in totaal {hours} uur aan uw organisatie "
            "besteed; het contract omvat {contract} uur per jaar.").format(
                year=figures.year, hours=total.shown, contract=contract.shown))
    else:
        document.add_paragraph(_("Het contract omvat {contract} uur per jaar.").format(
            contract=contract.shown))


def _activities(document: DocxDocument, lines: Sequence[ActivityLine], year: int) -> None:
    from vp_tui.services.publication import WITHHELD_MARK, format_count

    if not lines:
        document.add_paragraph(
            _("In {year} zijn geen activiteiten voor voorlichting of advies geregistreerd.")
            .format(year=year))
        return
    with_hours = any(line.hours.shown != WITHHELD_MARK for line in lines)
    header = [_("Activiteit"), _("Aantal")] + ([_("Uren")] if with_hours else [])
    rows = [
        [line.label, format_count(line.count)] + ([line.hours.shown] if with_hours else [])
        for line in lines
    ]
    _table(document, header, rows)


def _charts(document: DocxDocument, charts: Sequence[RenderedChart]) -> None:
    """Each chart under its title, as a picture whose alt text (docPr descr) gives every
    figure drawn, with the note of what it leaves out below it."""
    from docx.shared import Cm, Pt

    from vp_tui.services.reports.charts import CHART_WIDTH_CM

    for rendered in charts:
        chart = rendered.chart
        title = document.add_paragraph()
        title.add_run(xml_safe(chart.title)).bold = True
        title.paragraph_format.keep_with_next = True
        shape = document.add_picture(io.BytesIO(rendered.png), width=Cm(CHART_WIDTH_CM))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", xml_safe(chart.alt))
        doc_pr.set("title", xml_safe(chart.title))
        if chart.note:
            shape_paragraph = document.paragraphs[-1]
            shape_paragraph.paragraph_format.keep_with_next = True
            note = document.add_paragraph()
            run = note.add_run(xml_safe(chart.note))
            run.italic = True
            run.font.size = Pt(9)


# --- the sender ------------------------------------------------------------------------------


def _lines(document: DocxDocument, lines: Sequence[str], bold_first: bool = False) -> None:
    """One paragraph with a line per entry, kept with what follows."""
    lines = [xml_safe(line) for line in lines if line]
    if not lines:
        return
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.keep_together = True
    for n, line in enumerate(lines):
        run = paragraph.add_run(("\n" if n else "") + line)
        run.bold = bold_first and n == 0


def _contact_lines(contact: Contact) -> list[str]:
    return [
        f"{contact.name} ({contact.role})",
        _("Telefoon: {phone}").format(phone=contact.phone) if contact.phone else "",
        _("E-mail: {email}").format(email=contact.email) if contact.email else "",
        contact.availability,
    ]


def _reachability(document: DocxDocument, sender: Sender) -> None:
    """The 'Bereikbaarheid' block: how employees reach their VPs, and the agency."""
    profile = sender.profile
    agency = [profile.name, *profile.address.splitlines(),
              _("Telefoon: {phone}").format(phone=profile.phone) if profile.phone else "",
              _("E-mail: {email}").format(email=profile.email) if profile.email else "",
              profile.website]
    if not sender.contacts and not any(agency):
        return
    _heading(document, _("Bereikbaarheid"), 2)
    if sender.contacts:
        document.add_paragraph(_(
            "Medewerkers kunnen de vertrouwenspersoon rechtstreeks en vertrouwelijk "
            "bereiken:")).paragraph_format.keep_with_next = True
    for contact in sender.contacts:
        _lines(document, _contact_lines(contact), bold_first=True)
    if any(agency):
        _lines(document, agency, bold_first=bool(profile.name))
    document.add_paragraph()


def _signature(document: DocxDocument, sender: Sender, today: dt.date) -> None:
    """Name, role and date, kept together on one page."""
    signers = [c for c in sender.contacts if c.vaste] or list(sender.contacts)
    # The last paragraph goes with it: a signature never stands alone on a page.
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    document.add_paragraph().paragraph_format.keep_with_next = True
    _lines(document, [_("Met vriendelijke groet,")])
    document.add_paragraph().paragraph_format.keep_with_next = True
    for contact in signers:
        _lines(document, [contact.name, _("Externe vertrouwenspersoon"),
                          sender.profile.name], bold_first=True)
    if not signers and sender.profile.name:
        _lines(document, [sender.profile.name], bold_first=True)
    document.add_paragraph(fmt_date(today))


# --- the documents ---------------------------------------------------------------------------


def _heading_block(document: DocxDocument, title: str, lines: Sequence[str],
                   mark: str = "") -> None:
    paragraph = document.add_paragraph(style="Title")
    if mark:
        _concept_run(paragraph, f"{mark} – ")
    paragraph.add_run(xml_safe(title))
    for line in lines:
        document.add_paragraph(xml_safe(line))


def report_title(year: int) -> str:
    return _("Jaarverslag vertrouwenspersoon {year}").format(year=year)


def concept_mark() -> str:
    return _("CONCEPT")


def _section_body(document: DocxDocument, key: str, figures: ReportFigures, draft: Draft,
                  sender: Sender) -> None:
    """One section of the letter: the adviser's text, then what belongs to it (tables, the
    Bereikbaarheid block, the open arrangements). Charts and texts drafted from the figures
    go beside the tables they come from."""
    from vp_tui.services.publication import WEINIG

    year = figures.year
    if key == "meldingen":
        document.add_paragraph(xml_safe(figures.summary))
    _paragraphs(document, draft.sections.get(key, ""))
    if key == "meldingen":
        if figures.level != WEINIG:
            _heading(document, _("Kerncijfers"), 2)
            _key_figures_table(document, figures.current, figures.previous)
            _breakdowns(document, figures.breakdowns, figures.current.cases_shown)
        else:
            _few_cases(document, figures)
    elif key == "vindbaarheid":
        _reachability(document, sender)
    elif key == "voorlichting":
        _heading(document, _("Voorlichting en advies in {year}").format(year=year), 2)
        _activities(document, figures.activities, year)
    elif key == "regelingen":
        if figures.open_arrangements:
            document.add_paragraph(_("Wij adviseren:")).paragraph_format.keep_with_next = True
        for item in figures.open_arrangements:
            document.add_paragraph(xml_safe(item.advice), style="List Bullet")
        if figures.checklist_note:
            document.add_paragraph(xml_safe(figures.checklist_note))
        if not figures.open_arrangements and not figures.checklist_note:
            document.add_paragraph(_("Alle afspraken uit de checklist zijn geregeld."))


def write_report(template: Template, figures: ReportFigures, draft: Draft, sender: Sender,
                 today: dt.date, path: Path, charts: Sequence[RenderedChart] = ()) -> None:
    """One organisation's annual report, in the order of the agency's letter; CONCEPT in
    header and title until the draft is marked final. The charts close the section on the
    cases."""
    from vp_tui.services.report_drafts import SECTIONS

    document = template.open()
    year = figures.year
    title = report_title(year)
    mark = "" if draft.final else concept_mark()
    _properties(document, f"{mark + ' – ' if mark else ''}{title} – {figures.organisation}",
                _("Jaarverslag {year} van de externe vertrouwenspersoon aan {org}").format(
                    year=year, org=figures.organisation),
                sender.profile.name)
    _header_footer(document, f"{figures.organisation} · {title}", sender.profile, mark)
    lines = [
        figures.organisation,
        _("Verslagperiode: {start} tot en met {end}").format(
            start=fmt_date(dt.date(year, 1, 1)), end=fmt_date(dt.date(year, 12, 31))),
        _("Datum: {date}").format(date=fmt_date(today)),
    ]
    if figures.advisers:
        lines.append(_("Vertrouwenspersoon: {names}").format(names=", ".join(figures.advisers)))
    _heading_block(document, title, lines, mark)
    for section in SECTIONS:
        _heading(document, section.title, 1)
        _section_body(document, section.key, figures, draft, sender)
        if section.key == "meldingen":
            _charts(document, charts)
    _signature(document, sender, today)
    document.save(path)


def write_overview(template: Template, overview: AgencyOverview, profile: Profile,
                   today: dt.date, path: Path) -> None:
    """The agency-wide anonymous overview of one year, marked internal."""
    document = template.open()
    year = overview.year
    title = _("Jaarverslag {year}: overzicht van het bureau").format(year=year)
    mark = _("INTERN")
    _properties(document, f"{mark} – {title}", _("Intern overzicht, niet voor klanten"),
                profile.name)
    _header_footer(document, title + " · " + _("niet voor klanten"), profile, mark)
    _heading_block(document, title, [
        _("Verslagperiode: {start} tot en met {end}").format(
            start=fmt_date(dt.date(year, 1, 1)), end=fmt_date(dt.date(year, 12, 31))),
        _("Datum: {date}").format(date=fmt_date(today)),
    ], mark)
    document.add_paragraph(xml_safe(overview.summary))
    _heading(document, _("Kerncijfers"), 1)
    _key_figures_table(document, overview.current, overview.previous)
    if overview.organisations:
        _heading(document, _("Per organisatie"), 1)
        _table(document,
               [_("Organisatie"), _("Meldingen"), _("Uren totaal"), _("Contracturen")],
               [[row.organisation, row.cases.shown, row.total_hours.shown,
                 row.contract_hours.shown] for row in overview.organisations])
    if any(b.cells for b in overview.breakdowns):
        _heading(document, _("Uitsplitsing, alle organisaties samen"), 1)
        _breakdowns(document, overview.breakdowns, overview.current.cases_shown)
    _heading(document, _("Voorlichting en advies"), 1)
    _activities(document, overview.activities, year)
    document.save(path)
