"""The reports as LibreOffice renders them: PDF pages turned into PNG with pdftoppm, counted,
and looked at for a page with nothing on it between header and footer.

Skipped only where LibreOffice or poppler is missing (.ci/run installs both).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import docx
import pytest

from tests import report_world
from tests.report_world import YEAR, add_case, add_org
from vp_tui.models import Engagement
from vp_tui.services import agency, reporting
from vp_tui.services.reports.pdf import to_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (soffice) or poppler (pdftoppm) not installed")

#: The part of a page between header and footer, as fractions of its height.
BODY = (0.17, 0.88)
#: A grey level darker than this is ink.
INK = 160


def _png_rows(data: bytes) -> tuple[int, list[bytes]]:
    """Height and unfiltered rows of an 8-bit grey or RGB PNG (what pdftoppm writes)."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    pos, idat = 8, b""
    width = height = bpp = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (0, 2)
            bpp = 1 if colour == 0 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            left = line[x - bpp] if x >= bpp else 0
            up, corner = previous[x], previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc
                                      else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return height, rows


def _pages(pdf: Path, tmp_path: Path) -> list[Path]:
    prefix = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", "30", str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=120)
    return sorted(tmp_path.glob(f"{pdf.stem}-*.png"))


def _has_body(png: Path) -> bool:
    height, rows = _png_rows(png.read_bytes())
    top, bottom = (int(height * f) for f in BODY)
    return any(min(row) < INK for row in rows[top:bottom])


def _check(pdf: Path, tmp_path: Path, pages: range) -> int:
    """The page count (within `pages`, and as the footer says) and no page without a body."""
    images = _pages(pdf, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert len(images) in pages, len(images)
    assert f"Pagina 1 van {len(images)}" in re.sub(r"\s+", " ", text)
    blank = [image.name for image in images if not _has_body(image)]
    assert blank == []
    return len(images)


def test_reports_render_without_blank_pages(store, tmp_path: Path) -> None:
    world = report_world.build()
    admin = report_world.add_admin()
    version = agency.save_profile(admin, {"name": "Bureau Veilig Werk",
                                          "address": "Kerkstraat 1\n3511 AB Utrecht",
                                          "phone": "030 123 45 67"}, 0)
    agency.set_logo(admin, report_world.png(240, 80), version)
    few = add_org("Klein Bedrijf")
    Engagement.create(adviser=world.advisers["BJ"], organisation=few, role="vaste_vp",
                      start=dt.date(2024, 1, 1))
    for day in (3, 4):
        add_case(few.id, world.advisers["BJ"], dt.date(YEAR, 3, day))
    ctx = world.ctx("BJ")
    documents = [
        reporting.generate_report(ctx, world.proef, YEAR, tmp_path / "proef.docx"),
        reporting.generate_report(ctx, world.leeg, YEAR, tmp_path / "leeg.docx"),
        reporting.generate_report(ctx, few.id, YEAR, tmp_path / "klein.docx"),
        reporting.generate_overview(world.ctx("KO"), YEAR, tmp_path / "bureau.docx"),
    ]
    pdfs = to_pdf(documents)
    assert [p.name for p in pdfs] == ["proef.pdf", "leeg.pdf", "klein.pdf", "bureau.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    proef = _check(pdfs[0], tmp_path, range(3, 9))
    few_pages = _check(pdfs[2], tmp_path, range(2, 5))
    assert few_pages < proef  # a paragraph instead of the tables
    _check(pdfs[1], tmp_path, range(2, 5))
    _check(pdfs[3], tmp_path, range(1, 4))


def test_blank_page_is_seen(tmp_path: Path) -> None:
    """The check itself: a page with only a header and a footer counts as blank."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Kop"
    document.sections[0].footer.paragraphs[0].text = "Pagina 1 van 2"
    for n in range(12):
        document.add_paragraph(f"Tekst op de eerste bladzijde, alinea {n}.")
    document.add_page_break()
    document.add_paragraph()
    path = tmp_path / "leeg.docx"
    document.save(str(path))
    images = _pages(to_pdf([path])[0], tmp_path)
    assert [_has_body(image) for image in images] == [True, False]

