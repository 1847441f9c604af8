"""Build vp_tui/services/reports/template.docx, the default template of the annual report.

Run from the repository root: `python scripts/build_report_template.py`. It starts from
python-docx's own default document (which has every style the report needs: Title, Heading 1
and 2, Table Grid, List Bullet, Header, Footer) and sets what a Dutch report wants: A4 paper,
Dutch as the proofing language, a calm body font, empty document properties, no body text,
and none of the leftovers of the document python-docx ships (its thumbnail, and extended
properties naming Microsoft Word with page and word counts).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from vp_tui.services.reports.word import clean_package

TARGET = Path(__file__).resolve().parents[1] / "vp_tui" / "services" / "reports" / "template.docx"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)


def _dutch_proofing(document) -> None:
    """w:lang nl-NL on the document defaults, so Word and LibreOffice spell-check in Dutch."""
    rpr_default = document.styles.element.find(qn("w:docDefaults")).find(
        qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "nl-NL")


def build() -> None:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)
    _dutch_proofing(document)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 24), ("Heading 1", 15), ("Heading 2", 12)):
        style = document.styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
    for paragraph in list(document.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    props = document.core_properties
    for field in ("author", "last_modified_by", "title", "subject", "keywords", "comments",
                  "category"):
        setattr(props, field, "")
    props.language = "nl-NL"
    props.revision = 1
    clean_package(document, "")
    document.save(TARGET)


if __name__ == "__main__":
    build()
    print(f"written: {TARGET}")
