"""Failures a person can act on get one Dutch line and exit code 2, never 'interne fout'
(exit 70): malformed spreadsheets, damaged database pages, a bad keyring backend, a schema
version that is no number, an unwritable output path, odd arguments over SSH."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.store.damage import damaged_copies
from vp_tui.cli import cli
from vp_tui.models import Meta

ROOT = Path(__file__).resolve().parents[2]
SSH = {"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"}


def run(*args: str, env: dict | None = None):
    base = {"SSH_CONNECTION": None, "SSH_CLIENT": None, "SSH_ORIGINAL_COMMAND": None}
    return CliRunner().invoke(cli, list(args), env={**base, **(env or {})})


def assert_clear(result, words: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stderr.startswith("fout: ") and result.stderr.count("\n") == 1, result.stderr
    assert words in result.stderr, result.stderr
    assert "interne fout" not in result.output and "Traceback" not in result.output


@pytest.fixture
def db(demo_store) -> Path:
    demo_store.close()
    return demo_store.path


# --- malformed spreadsheets ---------------------------------------------------------------------


def _xlsx(tmp_path: Path, name: str, change) -> Path:  # noqa: ANN001 - a function of the parts
    good = tmp_path / "good.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["naam", "sector"])
    workbook.active.append(["Stichting Proef", "zorg"])
    workbook.save(good)
    with zipfile.ZipFile(good) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    change(parts)
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as out:
        for part, data in parts.items():
            out.writestr(part, data)
    return path


SHEET = "xl/worksheets/sheet1.xml"


def _cut_sheet(parts: dict) -> None:  # ParseError while reading the rows
    parts[SHEET] = parts[SHEET][:300]


def _bad_shared_string(parts: dict) -> None:  # IndexError: a shared string that is not there
    text = re.sub(r'<c r="A1"[^>]*>.*?</c>', '<c r="A1" t="s"><v>99</v></c>',
                  parts[SHEET].decode(), count=1)
    parts[SHEET] = text.encode()


def _cut_workbook(parts: dict) -> None:  # a syntax error while opening the workbook
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"][:200]


@pytest.mark.parametrize("change", [_cut_sheet, _bad_shared_string, _cut_workbook])
def test_malformed_xlsx(db: Path, tmp_path: Path, change) -> None:  # noqa: ANN001
    path = _xlsx(tmp_path, "organisaties.xlsx", change)
    result = run("--db", str(db), "--as", "ADV", "import", "organisations", str(path),
                 "--dry-run")
    assert_clear(result, "organisaties.xlsx is beschadigd of geen geldig Excel-bestand")


def test_a_good_xlsx_still_imports(db: Path, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, "organisaties.xlsx", lambda parts: None)
    result = run("--db", str(db), "--as", "ADV", "import", "organisations", str(path),
                 "--dry-run")
    assert result.exit_code == 0, result.output


# --- damaged database pages ---------------------------------------------------------------------


def test_damaged_pages_are_named_not_internal_errors(demo_store, tmp_path: Path) -> None:
    """A flipped byte in each page in turn; commands that read it say the database is
    damaged (the HMAC of the page fails), whether on opening or while reading rows."""
    demo_store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    demo_store.close()
    good = demo_store.path
    damaged_seen = 0
    for _page, db in damaged_copies(good, tmp_path):
        for args in (["audit", "verify"], ["--as", "ADV", "coverage", "--weeks", "53"]):
            result = run("--db", str(db), *args)
            if result.exit_code in (0, 1) and "fout" not in result.stderr:
                continue  # the command did not need this page (or the audit chain noticed)
            assert_clear(result, "beschadigd")
            damaged_seen += 1
        shutil.rmtree(db.parent)
    assert damaged_seen > 10


# --- keyring backend, schema version ------------------------------------------------------------


@pytest.mark.parametrize("backend", ["nope.Nope", "keyring.backends.Nope", "nodot"])
def test_bad_keyring_backend_variable(db: Path, backend: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSH_")}
    env.update(PYTHON_KEYRING_BACKEND=backend, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "vp_tui", "--db", str(db), "--as", "ADV",
                           "coverage"], capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("fout: PYTHON_KEYRING_BACKEND=") and \
        proc.stderr.count("\n") == 1, proc.stderr
    assert backend in proc.stderr


def test_schema_version_that_is_no_number(demo_store) -> None:
    Meta.update(value="vier").where(Meta.key == "schema_version").execute()
    demo_store.close()
    result = run("--db", str(demo_store.path), "--as", "ADV", "coverage")
    assert_clear(result, "schemaversie")


# --- output paths -------------------------------------------------------------------------------


@pytest.fixture
def unwritable(tmp_path: Path) -> Path:
    """A folder this process cannot write in: as root (containers, CI) sysfs, else a 0500
    folder of our own; where even that can be written, a file standing where the folder
    should be (every write below it fails with 'not a directory')."""
    if os.geteuid() == 0:
        folder = Path("/sys")
    else:
        folder = tmp_path / "alleen-lezen"
        folder.mkdir(mode=0o500)
    try:
        (folder / ".vp-tui-probe").touch()
    except PermissionError:
        return folder
    (folder / ".vp-tui-probe").unlink()
    blocked = tmp_path / "geen-map"
    blocked.write_text("")
    return blocked


def test_unwritable_report_out(db: Path, unwritable: Path) -> None:
    result = run("--db", str(db), "--as", "ADV", "report", "1", "--year", "2025",
                 "--out", str(unwritable / "verslag.docx"))
    assert_clear(result, str(unwritable))
    assert "geen toegang" in result.stderr


def test_unwritable_report_outdir(db: Path, unwritable: Path) -> None:
    result = run("--db", str(db), "--as", "ADV", "report", "--all", "--year", "2025",
                 "--outdir", str(unwritable / "verslagen"))
    assert_clear(result, str(unwritable / "verslagen"))
    assert "geen toegang" in result.stderr


def test_unwritable_schedule_ics(db: Path, unwritable: Path) -> None:
    result = run("--db", str(db), "--as", "ADV", "schedule", "--ics",
                 str(unwritable / "rooster.ics"))
    assert_clear(result, str(unwritable))
    assert "geen toegang" in result.stderr


# --- over SSH -----------------------------------------------------------------------------------


def test_ssh_stats_with_a_superscript_digit(db: Path) -> None:
    result = run("--db", str(db), "--as", "BJ",
                 env={**SSH, "SSH_ORIGINAL_COMMAND": "stats ² --year 2025"})
    assert_clear(result, "'²' is geen organisatienummer")


def test_ssh_coverage_from_the_last_day_of_the_calendar(db: Path) -> None:
    result = run("--db", str(db), "--as", "BJ",
                 env={**SSH, "SSH_ORIGINAL_COMMAND": "coverage --from 9999-12-31"})
    assert_clear(result, "voorbij het jaar 9999")
