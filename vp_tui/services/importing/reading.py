"""Reading a spreadsheet into rows of raw cells: CSV (UTF-8, with or without BOM, comma,
semicolon or tab) or XLSX (the first sheet).

Nothing here knows the kinds or their columns; cells stay raw (text from CSV; text, numbers,
dates or booleans from XLSX) so that the cell parsers decide what a value means. Row numbers
are the spreadsheet's own (the header is row 1), so a reported problem points at the row a
person sees in Excel or LibreOffice.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from vp_tui.errors import ValidationError
from vp_tui.i18n import _
from vp_tui.services.importing.problems import Problem

#: Delimiters recognised in the header line; Dutch Excel writes semicolons.
DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, object]


@dataclass(frozen=True)
class Table:
    #: Normalised column names, in file order (see `normalise_header`).
    headers: list[str]
    rows: list[Row]
    #: The spreadsheet row of the header (1 unless blank rows precede it).
    header_row: int
    #: Rows that cannot be read as a whole (more cells than the header has columns).
    problems: list[Problem]


def normalise_header(text: object) -> str:
    """'Categorieën ' and 'categorieen' are the same column: no accents, lower case, spaces and
    hyphens as underscores."""
    plain = unicodedata.normalize("NFKD", "" if text is None else str(text))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return "_".join(plain.strip().casefold().replace("-", " ").split())


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(path: Path) -> Table:
    """The header and the non-blank rows of a CSV or XLSX file."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(_("Bestand niet gevonden: {path}").format(path=path))
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        raw = _xlsx_rows(path)
    else:
        raw = csv_rows(_decode(path))
    return _table(raw)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("{path} is geen UTF-8-tekst (fout bij byte {pos}); sla het bestand op als "
              "'CSV UTF-8' of als .xlsx.").format(path=path.name, pos=exc.start)
        ) from None


def detect_delimiter(header_line: str) -> str:
    """The delimiter that occurs most in the header line. Column names never contain one, so
    the header decides; a one-column file falls back to the comma."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_rows(text: str) -> list[list[object]]:
    """Rows of cell text; quoted cells may hold the delimiter, quotes and line breaks."""
    if text.startswith("\ufeff"):
        text = text[1:]
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(header_line))
    try:
        return [list(row) for row in reader]
    except csv.Error as exc:
        raise ValidationError(
            _("Het CSV-bestand is onleesbaar bij regel {line}: {error}").format(
                line=reader.line_num, error=exc)
        ) from None


def _xlsx_rows(path: Path) -> list[list[object]]:
    from zipfile import BadZipFile

    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ValidationError(
            _("{path} is geen leesbaar Excel-bestand (.xlsx): {error}").format(
                path=path.name, error=exc)
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _table(raw: list[list[object]]) -> Table:
    numbered = [(n, cells) for n, cells in enumerate(raw, start=1)
                if not all(is_blank(c) for c in cells)]
    if not numbered:
        raise ValidationError(_("Het bestand is leeg: er is geen kopregel met kolomnamen."))
    header_number, header_cells = numbered[0]
    headers = [normalise_header(c) for c in header_cells]
    # Spreadsheets often carry empty columns to the right of the data.
    while headers and not headers[-1]:
        headers.pop()
    rows, problems = [], []
    for number, cells in numbered[1:]:
        padded = list(cells) + [None] * (len(headers) - len(cells))
        if any(not is_blank(c) for c in padded[len(headers):]):
            problems.append(Problem(number, "", _(
                "meer gevulde cellen dan kolommen in de kopregel (rij {header})").format(
                    header=header_number)))
            continue
        rows.append(Row(number, dict(zip(headers, padded, strict=False))))
    return Table(headers, rows, header_number, problems)
