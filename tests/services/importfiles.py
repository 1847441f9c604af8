"""Writing import files for the tests: CSV with either delimiter and optional BOM, or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def write_csv(path: Path, rows: Sequence[Sequence[object]], delimiter: str = ";",
              bom: bool = False) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def example_rows(kind: str) -> list[list[str]]:
    """The rows of examples/<kind>.csv (semicolon-separated, UTF-8, perhaps with a BOM)."""
    text = (EXAMPLES / f"{kind}.csv").read_text(encoding="utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") if row]
