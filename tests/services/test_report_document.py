"""The Word report, read back with python-docx, and searched for what must never be in it."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table
from docx.text.paragraph import Paragraph

from tests import report_world
from tests.report_world import YEAR, add_case, add_org
from vp_tui.errors import ValidationError
from vp_tui.models import (
    Absence,
    Activity,
    Case,
    ChecklistItem,
    ConflictOfInterest,
    Engagement,
    FollowUp,
    Organisation,
    TimelineEntry,
    TimelineRevision,
)
from vp_tui.services import agency, report_drafts, reporting
from vp_tui.services.publication import format_count, format_hours
from vp_tui.services.report_drafts import SECTIONS, get_draft, save_draft
from vp_tui.services.reports.word import load_template, write_report


@pytest.fixture
def world(store) -> report_world.World:
    return report_world.build()


def _generate(world, tmp_path: Path, org_id: int | None = None, **kwargs) -> Path:
    return reporting.generate_report(world.ctx("BJ"), org_id or world.proef, YEAR,
                                     tmp_path / "verslag.docx", **kwargs)


def _styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def _table_after(document, heading: str) -> list[list[str]]:
    """The first table following the paragraph with text `heading`."""
    body = document.element.body
    seen = False
    for child in body.iterchildren():
        if child.tag.endswith("}p") and Paragraph(child, document._body).text == heading:
            seen = True
        elif seen and child.tag.endswith("}tbl"):
            table = Table(child, document._body)
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table after {heading!r}")


def _all_text(path: Path) -> str:
    """Every XML part of the package, raw and with the tags stripped (so a string split over
    runs would still be found)."""
    out = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            raw = package.read(name).decode("utf-8", errors="replace")
            out += [raw, re.sub(r"<[^>]+>", "", raw)]
    return "\n".join(out)


def test_report_reads_back(world, tmp_path: Path) -> None:
    path = _generate(world, tmp_path)
    document = docx.Document(str(path))
    assert _styled(document, "Title") == [f"CONCEPT – Jaarverslag vertrouwenspersoon {YEAR}"]
    assert _styled(document, "Heading 1") == [s.title for s in SECTIONS]
    headings2 = _styled(document, "Heading 2")
    for title in ("Kerncijfers", "Soort melding", "Relatie tot de veroorzaker",
                  "Bereikbaarheid", f"Voorlichting en advies in {YEAR}"):
        assert title in headings2
    texts = [p.text for p in document.paragraphs]
    assert "Verslagperiode: 1 januari 2025 tot en met 31 december 2025" in texts
    assert "Datum: 27 november 2026" in texts
    assert "Vertrouwenspersoon: Bram Jansen (vaste VP)" in texts
    key = _table_after(document, "Kerncijfers")
    assert key[0] == ["Onderdeel", "2025", "2024"]
    assert ["Meldingen", "12", "< 5"] in key
    assert ["Gesprekken", "24", "–"] in key
    # 2024: three cases and no activities, so the total would be the case hours.
    assert ["Uren totaal", "14", "–"] in key
    assert ["Contracturen", "40", "40"] in key
    assert _table_after(document, "Soort melding") == [
        ["Onderdeel", "Aantal"], ["ongewenste omgangsvormen", "7"], ["integriteit", "< 5"],
        ["buiten taakgebied", "< 5"], ["Totaal", "12"]]
    # 11 and 1: the 1 would follow from the total, and hiding the 11 too would hide most of
    # the cases: one sentence names every table not given, instead of the tables.
    assert "Rol van de melder" not in headings2
    assert ("Niet uitgesplitst, omdat dat zonder risico op herleidbaarheid niet kan: categorie "
            "(een melding kan in meer categorieën vallen); rol van de melder; uitkomst.") in texts
    assert _table_after(document, f"Voorlichting en advies in {YEAR}") == [
        ["Activiteit", "Aantal", "Uren"], ["voorlichting", "1", "1,5"], ["advies", "1", "0,5"]]
    assert _styled(document, "List Bullet") == [
        "Positioneer de vertrouwenspersoon direct onder het bestuur, zodat signalen het "
        "bestuur zonder omweg bereiken."]
    assert all(t.style.name == "Table Grid" for t in document.tables)
    section = document.sections[0]
    assert f"CONCEPT · Stichting Proef · Jaarverslag vertrouwenspersoon {YEAR}" in [
        p.text for p in section.header.paragraphs]
    footer = section.footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer and "Pagina" in footer
    assert abs(section.page_width.cm - 21.0) < 0.01  # A4 from the default template
    assert document.core_properties.title == (
        f"CONCEPT – Jaarverslag vertrouwenspersoon {YEAR} – Stichting Proef")


def test_saved_narrative_goes_in(world, tmp_path: Path) -> None:
    save_draft(world.ctx("BJ"), world.proef, YEAR,
               {"vindbaarheid": "Eerste alinea.\n\nTweede alinea,\nmet een regelafbreking."}, 0)
    document = docx.Document(str(_generate(world, tmp_path)))
    texts = [p.text for p in document.paragraphs]
    assert "Eerste alinea." in texts
    assert "Tweede alinea,\nmet een regelafbreking." in texts


@pytest.mark.parametrize(("n", "detailed"), [(4, False), (5, True), (6, True)])
def test_threshold_in_the_document(world, tmp_path: Path, n: int, detailed: bool) -> None:
    org = add_org(f"Drempel {n}")
    Engagement.create(adviser=world.advisers["BJ"], organisation=org, role="vaste_vp",
                      start=dt.date(2024, 1, 1))
    for i in range(n):
        add_case(org.id, world.advisers["BJ"], dt.date(YEAR, 2, 1 + i))
    document = docx.Document(str(_generate(world, tmp_path, org.id)))
    headings2 = _styled(document, "Heading 2")
    text = "\n".join(p.text for p in document.paragraphs)
    assert ("Soort melding" in headings2) is detailed
    assert ("geen nadere toelichting" in text) is not detailed
    if detailed:
        assert _table_after(document, "Kerncijfers")[1] == ["Meldingen", str(n), "0"]
    else:
        # A short paragraph instead of tables of '< 5' and '–'; no table at all (no
        # activities either), and no '< 5' anywhere.
        assert "Kerncijfers" not in headings2 and not document.tables
        assert "< 5" not in text
        # Without activities the total would be the case hours: not given.
        assert "Het contract omvat 40 uur per jaar." in text and "in totaal" not in text


def test_no_cases_gives_a_valid_report(world, tmp_path: Path) -> None:
    document = docx.Document(str(_generate(world, tmp_path, world.leeg)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "geen meldingen" in text
    assert "geen activiteiten voor voorlichting of advies" in text
    assert _table_after(document, "Kerncijfers")[1] == ["Meldingen", "0", "0"]


def test_sentinels_never_reach_any_output(world, tmp_path: Path) -> None:
    """Every free-text field of every case (and the other notes) gets a unique string; none of
    them may appear in any part of the report, the overview, the stats or the export."""
    sentinels: list[str] = []

    def mark(kind: str) -> str:
        sentinels.append(f"ZZSENTINEL{kind}{len(sentinels):04d}QQ")
        return sentinels[-1]

    for case in Case.select():
        Case.update(melder_code=mark("code"), melder_contact=mark("contact"),
                    department=mark("afdeling")).where(Case.id == case.id).execute()
    for entry in TimelineEntry.select():
        TimelineEntry.update(text=mark("tijdlijn")).where(
            TimelineEntry.id == entry.id).execute()
        TimelineRevision.create(entry=entry, version=1, text=mark("revisie"), changed_by="BJ")
    for followup in FollowUp.select():
        FollowUp.update(description=mark("actie")).where(FollowUp.id == followup.id).execute()
    for activity in Activity.select():
        Activity.update(description=mark("activiteit")).where(
            Activity.id == activity.id).execute()
    ChecklistItem.update(note=mark("checklist")).execute()
    ConflictOfInterest.create(adviser=world.advisers["CS"], organisation=world.proef,
                              note=mark("belang"))
    Absence.create(adviser=world.advisers["BJ"], kind="ziek", start=dt.date(YEAR, 5, 1),
                   end=dt.date(YEAR, 5, 3), note=mark("afwezig"))
    assert len(sentinels) > 60

    outputs = [
        _all_text(_generate(world, tmp_path, world.proef)),
        _all_text(reporting.generate_report(world.ctx("KO"), world.leeg, YEAR,
                                            tmp_path / "leeg.docx")),
        _all_text(reporting.generate_overview(world.ctx("KO"), YEAR, tmp_path / "bureau.docx")),
        json.dumps(reporting.compute_figures(world.ctx("BJ"), world.proef, YEAR).as_dict(),
                   ensure_ascii=False),
        repr(reporting.export_rows(world.ctx("KO"), YEAR)),
    ]
    assert "Stichting Proef" in outputs[0]  # the search does see the document's text
    for output in outputs:
        assert "ZZSENTINEL" not in output


def _template_without(tmp_path: Path, *styles: str) -> Path:
    document = docx.Document()
    for name in styles:
        element = document.styles[name].element
        element.getparent().remove(element)
    path = tmp_path / "sjabloon.docx"
    document.save(str(path))
    return path


def test_template_missing_a_style_is_named(world, tmp_path: Path) -> None:
    template = _template_without(tmp_path, "Heading 2")
    with pytest.raises(ValidationError) as error:
        _generate(world, tmp_path, template=template)
    message = str(error.value)
    assert "'Heading 2'" in message and "sjabloon.docx" in message and "\n" not in message
    assert not (tmp_path / "verslag.docx").exists()
    template = _template_without(tmp_path, "Table Grid", "List Bullet")
    with pytest.raises(ValidationError, match="'List Bullet', 'Table Grid'"):
        _generate(world, tmp_path, template=template)


def test_template_not_a_docx(world, tmp_path: Path) -> None:
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(b"PK\x03\x04 geen zip")
    with pytest.raises(ValidationError, match="geen geldig Word-document"):
        _generate(world, tmp_path, template=bad)
    with pytest.raises(ValidationError, match="niet te lezen"):
        _generate(world, tmp_path, template=tmp_path / "bestaat-niet.docx")


def test_agency_template_keeps_its_header_and_styles(world, tmp_path: Path) -> None:
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Bureau Vertrouwen"
    template.add_paragraph("Voorbeeldtekst van het sjabloon")
    style = template.styles.add_style("Bureau", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = template.styles["Normal"]
    path = tmp_path / "bureau.docx"
    template.save(str(path))
    document = docx.Document(str(_generate(world, tmp_path, template=path)))
    header = [p.text for p in document.sections[0].header.paragraphs]
    # The template's header is the letterhead: the profile's is not added.
    assert header == ["Bureau Vertrouwen",
                      f"CONCEPT · Stichting Proef · Jaarverslag vertrouwenspersoon {YEAR}"]
    assert not document.sections[0].header._element.xpath(".//w:drawing")
    assert "Bureau" in document.styles
    assert "Voorbeeldtekst van het sjabloon" not in [p.text for p in document.paragraphs]


CONTROL = "Route\x00 met\x01 stuur\x0btekens\x1b[31m en \ud800 rest\x7f\x9b."
CLEANED = "Route met stuurtekens en  rest."


def test_control_characters_are_removed_when_saved(world, tmp_path: Path) -> None:
    ctx = world.ctx("BJ")
    save_draft(ctx, world.proef, YEAR, {"route": CONTROL}, 0)
    assert get_draft(ctx, world.proef, YEAR).sections["route"] == CLEANED
    assert CLEANED in [p.text for p in docx.Document(str(_generate(world, tmp_path))).paragraphs]


def test_writer_removes_control_characters_itself(world, tmp_path: Path) -> None:
    """Whatever reaches the writer (organisation names, sections) is made XML-safe there."""
    Organisation.update(name="Stichting\x07 Proef\x1b").where(
        Organisation.id == world.proef).execute()
    ctx = world.ctx("BJ")
    figures = reporting.compute_figures(ctx, world.proef, YEAR)
    draft = get_draft(ctx, world.proef, YEAR)
    draft = replace(draft, sections={**draft.sections, "route": CONTROL})
    path = tmp_path / "direct.docx"
    write_report(load_template(), figures, draft,
                 agency.sender(world.proef, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)),
                 ctx.today, path)
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert CLEANED in texts
    assert "Stichting Proef" in texts


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice not installed")
def test_opens_in_libreoffice(world, tmp_path: Path) -> None:
    path = _generate(world, tmp_path)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["libreoffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "verslag.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert f"Jaarverslag vertrouwenspersoon {YEAR}" in text
        assert "Pagina 1 van" in text
        assert "Soort melding" in text


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice not installed")
def test_libreoffice_saved_template_is_checked(world, tmp_path: Path) -> None:
    """A document saved by LibreOffice lacks styles it never used: named, not a KeyError."""
    source = tmp_path / "leeg.txt"
    source.write_text("Sjabloon\n")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["libreoffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    with pytest.raises(ValidationError, match="mist de stijl") as error:
        _generate(world, tmp_path, template=tmp_path / "leeg.docx")
    assert "\n" not in str(error.value)


def _profile(world) -> None:
    """An agency profile with a logo, and Bram's own e-mail for clients."""
    admin = report_world.add_admin()
    version = agency.save_profile(admin, {
        "name": "Bureau Veilig Werk", "address": "Kerkstraat 1\n3511 AB Utrecht",
        "phone": "030 123 45 67", "email": "info@veiligwerk.nl",
        "website": "www.veiligwerk.nl"}, 0)
    agency.set_logo(admin, report_world.png(240, 80), version)
    agency.save_contact(admin, "BJ", {"email": "bram@veiligwerk.nl",
                                      "availability": "maandag tot en met donderdag"}, 0)


def test_letterhead_reachability_and_signature(world, tmp_path: Path) -> None:
    _profile(world)
    document = docx.Document(str(_generate(world, tmp_path)))
    header = document.sections[0].header
    assert header.paragraphs[0].text == "\tBureau Veilig Werk"
    assert len(header._element.xpath(".//w:drawing")) == 1  # the logo
    texts = [p.text for p in document.paragraphs]
    assert "Bereikbaarheid" in _styled(document, "Heading 2")
    # Bram's own e-mail, the agency's phone where he has none of his own.
    assert ("Bram Jansen (vaste VP)\nTelefoon: 030 123 45 67\nE-mail: bram@veiligwerk.nl\n"
            "maandag tot en met donderdag") in texts
    assert ("Bureau Veilig Werk\nKerkstraat 1\n3511 AB Utrecht\nTelefoon: 030 123 45 67\n"
            "E-mail: info@veiligwerk.nl\nwww.veiligwerk.nl") in texts
    assert texts[-4:] == ["Met vriendelijke groet,", "",
                          "Bram Jansen\nExterne vertrouwenspersoon\nBureau Veilig Werk",
                          "27 november 2026"]
    # The signature block is kept on one page, with the last paragraph before it: every
    # paragraph from there to the date keeps with the next.
    assert all(p.paragraph_format.keep_with_next for p in document.paragraphs[-6:-1])
    assert document.core_properties.author == "Bureau Veilig Werk"


def test_without_a_profile_the_report_still_reads(world, tmp_path: Path) -> None:
    document = docx.Document(str(_generate(world, tmp_path)))
    header = document.sections[0].header
    assert not header._element.xpath(".//w:drawing")
    assert [p.text for p in header.paragraphs] == [
        f"CONCEPT · Stichting Proef · Jaarverslag vertrouwenspersoon {YEAR}"]
    texts = [p.text for p in document.paragraphs]
    assert "Bram Jansen (vaste VP)" in texts  # no details, but the name is there
    assert texts[-2:] == ["Bram Jansen\nExterne vertrouwenspersoon", "27 november 2026"]


def _answer_prompts(ctx, org_id: int) -> int:
    return save_draft(ctx, org_id, YEAR, {
        "route": "De klachtenregeling staat op intranet.",
        "toegankelijkheid": "Iedereen kan de vertrouwenspersoon bereiken.",
        "aandachtspunten": "Aandacht voor de nieuwe afdeling."}, 0)


def test_final_report_has_no_concept_marking(world, tmp_path: Path) -> None:
    ctx = world.ctx("BJ")
    concept = reporting.generate_into(ctx, world.proef, YEAR, tmp_path / "map")
    assert concept.name == f"jaarverslag-{YEAR}-stichting-proef-concept.docx"
    version = _answer_prompts(ctx, world.proef)
    report_drafts.mark_final(ctx, world.proef, YEAR, version)
    final = reporting.generate_into(ctx, world.proef, YEAR, tmp_path / "map")
    assert final.name == f"jaarverslag-{YEAR}-stichting-proef.docx"
    document = docx.Document(str(final))
    assert _styled(document, "Title") == [f"Jaarverslag vertrouwenspersoon {YEAR}"]
    assert "CONCEPT" not in _all_text(final)
    assert document.core_properties.title == (
        f"Jaarverslag vertrouwenspersoon {YEAR} – Stichting Proef")


def test_table_properties(world, tmp_path: Path) -> None:
    """Header rows repeat on a new page, rows never split, and every row but the last keeps
    with the next: a table is not torn from its total."""
    document = docx.Document(str(_generate(world, tmp_path)))
    assert len(document.tables) >= 4
    for table in document.tables:
        rows = table.rows
        assert rows[0]._tr.xpath("./w:trPr/w:tblHeader")
        assert not any(row._tr.xpath("./w:trPr/w:tblHeader") for row in rows[1:])
        for n, row in enumerate(rows):
            assert row._tr.xpath("./w:trPr/w:cantSplit")
            keeps = {p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs}
            assert keeps == ({True} if n < len(rows) - 1 else {None})
    assert table_after_heading_keeps(document, "Soort melding")


def table_after_heading_keeps(document, heading: str) -> bool:
    return next(p for p in document.paragraphs
                if p.text == heading).paragraph_format.keep_with_next is True


def test_core_properties_and_no_template_leftovers(world, tmp_path: Path) -> None:
    _profile(world)
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    path = _generate(world, tmp_path)
    props = docx.Document(str(path)).core_properties
    assert props.author == props.last_modified_by == "Bureau Veilig Werk"
    assert props.subject == (f"Jaarverslag {YEAR} van de externe vertrouwenspersoon aan "
                             "Stichting Proef")
    assert before <= props.created.replace(tzinfo=None) <= before + dt.timedelta(minutes=5)
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
    assert not any("thumbnail" in name for name in names)
    assert "Microsoft" not in app and "<Pages>" not in app and "<Words>" not in app
    assert "<Application>vp-tui</Application>" in app
    assert "<Company>Bureau Veilig Werk</Company>" in app


def test_hours_rounded_half_up_with_quarter_precision(world, tmp_path: Path) -> None:
    """Quarter hours are shown as recorded; other hours rounded half up (147 minutes are
    2,45 hours: 2,5, where rounding half to even gives 2,4); thousands get a separator."""
    assert [format_hours(h) for h in (7.25, 7.5, 7.75, 2.45, 7.35, 0.83, 1234.5, 40)] == [
        "7,25", "7,5", "7,75", "2,5", "7,4", "0,8", "1.234,5", "40"]
    assert format_count(1234) == "1.234"
    Activity.create(organisation=world.proef, adviser=world.advisers["BJ"], kind="jaargesprek",
                    date=dt.date(YEAR, 9, 1), minutes=435, description="Jaargesprek")
    Activity.create(organisation=world.proef, adviser=world.advisers["BJ"], kind="overig",
                    date=dt.date(YEAR, 9, 2), minutes=147, description="Overig")
    Organisation.update(contract_hours=1234.5).where(
        Organisation.id == world.proef).execute()
    document = docx.Document(str(_generate(world, tmp_path)))
    activities = _table_after(document, f"Voorlichting en advies in {YEAR}")
    assert ["jaargesprek", "1", "7,25"] in activities and ["overig", "1", "2,5"] in activities
    assert ["Contracturen", "1.234,5", "1.234,5"] in _table_after(document, "Kerncijfers")


def test_empty_tables_are_left_out(world, tmp_path: Path) -> None:
    """Five cases without referrals: no 'Doorverwezen naar' table with a header row only."""
    org = add_org("Zonder verwijzingen")
    Engagement.create(adviser=world.advisers["BJ"], organisation=org, role="vaste_vp",
                      start=dt.date(2024, 1, 1))
    for i in range(5):
        add_case(org.id, world.advisers["BJ"], dt.date(YEAR, 2, 1 + i))
    document = docx.Document(str(_generate(world, tmp_path, org.id)))
    assert "Soort melding" in _styled(document, "Heading 2")
    assert not any(h.startswith("Doorverwezen") for h in _styled(document, "Heading 2"))
    assert all(len(table.rows) > 1 for table in document.tables)


def test_no_contract_and_no_data_is_refused(world, tmp_path: Path) -> None:
    org = add_org("Oud contract")
    Organisation.update(contract_end=dt.date(YEAR - 1, 12, 31)).where(
        Organisation.id == org.id).execute()
    Engagement.create(adviser=world.advisers["BJ"], organisation=org, role="vaste_vp",
                      start=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="geen contract") as error:
        _generate(world, tmp_path, org.id)
    assert "Oud contract" in str(error.value)
    assert not (tmp_path / "verslag.docx").exists()
    # With a case in the year there is something to report, contract or not.
    add_case(org.id, world.advisers["BJ"], dt.date(YEAR, 3, 1))
    assert _generate(world, tmp_path, org.id).exists()
