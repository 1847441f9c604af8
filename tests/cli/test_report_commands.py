"""`vp-tui report`, `stats` and `export figures` on a real encrypted database."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests import report_world
from tests.report_world import YEAR
from vp_tui.cli import cli
from vp_tui.services.report_drafts import save_draft
from vp_tui.services.reporting import find_organisation
from vp_tui.store import vault


@pytest.fixture
def report_db(store, db_path: Path) -> Path:
    report_world.build()
    store.close()
    return db_path


def run(db: Path, who: str, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--as", who, *args])


def _one_line_error(result, text: str) -> None:
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and text in lines[0], result.output
    assert "Traceback" not in result.output


def test_report_one_organisation(report_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "proef.docx"
    result = run(report_db, "BJ", "report", "Stichting Proef", "--year", str(YEAR),
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == f"CONCEPT – Jaarverslag vertrouwenspersoon {YEAR}"
    # by number too; an existing file needs --force
    result = run(report_db, "BJ", "report", "1", "--year", str(YEAR), "--out", str(out))
    assert result.exit_code == 2 and "--force" in result.output
    result = run(report_db, "BJ", "report", "1", "--year", str(YEAR), "--out", str(out),
                 "--force")
    assert result.exit_code == 0, result.output


def test_report_refusals(report_db: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "x.docx")
    _one_line_error(run(report_db, "CS", "report", "Stichting Proef", "--year", str(YEAR),
                        "--out", out), "niet gevonden")
    _one_line_error(run(report_db, "BJ", "report", "Stichting Proef", "--year", "2031",
                        "--out", out), "Jaar 2031")
    _one_line_error(run(report_db, "BJ", "report", "Stichting Proef", "--year", str(YEAR),
                        "--out", str(tmp_path / "geen-map" / "x.docx")), "bestaat niet")
    _one_line_error(run(report_db, "BJ", "report", "--all", "--year", str(YEAR),
                        "--outdir", str(tmp_path / "alles")), "coördinator")
    result = run(report_db, "BJ", "report", "--year", str(YEAR))
    assert result.exit_code == 2 and "--all" in result.output


def test_template_without_heading_2(report_db: Path, tmp_path: Path) -> None:
    template = docx.Document()
    element = template.styles["Heading 2"].element
    element.getparent().remove(element)
    path = tmp_path / "huisstijl.docx"
    template.save(str(path))
    out = tmp_path / "x.docx"
    result = run(report_db, "BJ", "report", "Stichting Proef", "--year", str(YEAR),
                 "--out", str(out), "--template", str(path))
    _one_line_error(result, "'Heading 2'")
    assert "huisstijl.docx" in result.output
    assert not out.exists()


def test_report_all_with_overview(report_db: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "verslagen"
    result = run(report_db, "KO", "report", "--all", "--year", str(YEAR),
                 "--outdir", str(outdir))
    assert result.exit_code == 0, result.output
    # The agency's overview in a folder of its own, named as internal; the client reports
    # say CONCEPT in their names until they are marked final.
    internal = "intern-bureau-niet-voor-klanten"
    assert sorted(p.name for p in outdir.iterdir()) == [
        internal,
        f"jaarverslag-{YEAR}-leeg-b-v-concept.docx",
        f"jaarverslag-{YEAR}-stichting-proef-concept.docx",
    ]
    assert [p.name for p in (outdir / internal).iterdir()] == [
        f"jaarverslag-{YEAR}-overzicht-bureau-intern.docx"]
    assert (outdir / internal).stat().st_mode & 0o777 == 0o700
    overview = docx.Document(
        str(outdir / internal / f"jaarverslag-{YEAR}-overzicht-bureau-intern.docx"))
    texts = [p.text for p in overview.paragraphs]
    assert "Per organisatie" in texts
    assert f"INTERN – Jaarverslag {YEAR}: overzicht van het bureau" in texts
    assert "Jaarverslagen" in result.output  # the progress bar's label
    assert internal in result.output


def test_stats_json(report_db: Path) -> None:
    result = run(report_db, "BJ", "stats", "proef", "--year", str(YEAR), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    cases = data["current"]["figures"][0]
    assert data["organisation"] == "Stichting Proef" and cases["value"] == 12
    referred = next(b for b in data["breakdowns"] if b["key"] == "doorverwijzing")
    assert [(c["label"], c["value"], c["shown"]) for c in referred["cells"]] == [
        ("bedrijfsarts", 5, "5"), ("mediator", None, "< 5")]
    soort = next(b for b in data["breakdowns"] if b["key"] == "soort")
    assert [(c["label"], c["value"], c["shown"]) for c in soort["cells"]] == [
        ("ongewenste omgangsvormen", 7, "7"), ("integriteit", None, "< 5"),
        ("buiten taakgebied", None, "< 5")]
    role = next(b for b in data["breakdowns"] if b["key"] == "rol_melder")
    assert role["withheld"] and role["cells"] == []


def test_stats_text_and_small_numbers(report_db: Path) -> None:
    result = run(report_db, "BJ", "stats", "proef", "--year", str(YEAR - 1))
    assert result.exit_code == 0, result.output
    assert "geen nadere toelichting" in result.output
    assert "< 5" in result.output
    assert "Soort melding" not in result.output


def test_export_figures_csv(report_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "cijfers.csv"
    result = run(report_db, "KO", "export", "figures", "--year", str(YEAR), str(target))
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["organisatie", "jaar", "onderdeel", "waarde", "aantal", "weergave"]
    assert ["Stichting Proef", str(YEAR), "Doorverwezen naar (aantal meldingen)", "mediator",
            "", "< 5"] in rows
    assert ["Stichting Proef", str(YEAR), f"kerncijfers {YEAR}", "Uren totaal", "14,0",
            "14"] in rows
    assert {r[0] for r in rows[1:]} == {"Stichting Proef", "Leeg B.V."}
    # one organisation, as its adviser; all of them only as coordinator
    result = run(report_db, "BJ", "export", "figures", "--year", str(YEAR), "--org", "proef",
                 str(target))
    assert result.exit_code == 0, result.output
    _one_line_error(run(report_db, "BJ", "export", "figures", "--year", str(YEAR),
                        str(target)), "coördinator")


def test_report_to_stdout_for_ssh(report_db: Path) -> None:
    """`--out -` streams the .docx, as a forced SSH command must (it may not write files)."""
    result = CliRunner().invoke(cli, ["--db", str(report_db), "--as", "BJ", "report",
                                      "Stichting Proef", "--year", str(YEAR), "--out", "-"])
    assert result.exit_code == 0, result.output
    document = docx.Document(io.BytesIO(result.stdout_bytes))
    assert document.paragraphs[0].text == f"CONCEPT – Jaarverslag vertrouwenspersoon {YEAR}"


def test_report_final_refused_then_written_without_concept(report_db: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "proef.docx"
    args = ("report", "Stichting Proef", "--year", str(YEAR), "--out", str(out), "--final")
    _one_line_error(run(report_db, "BJ", *args), "'Route', 'Toegankelijkheid'")
    assert not out.exists()
    store = vault.open_store(report_db)
    ctx = report_world.World({}, 0, 0).ctx("BJ")
    save_draft(ctx, find_organisation(ctx, "Stichting Proef"), YEAR, {
        "route": "Eigen.", "toegankelijkheid": "Eigen.", "aandachtspunten": "Eigen."}, 0)
    store.close()
    result = run(report_db, "BJ", *args)
    assert result.exit_code == 0, result.output
    assert "definitief" in result.output
    assert docx.Document(str(out)).paragraphs[0].text == (
        f"Jaarverslag vertrouwenspersoon {YEAR}")
    _one_line_error(run(report_db, "KO", "report", "--all", "--year", str(YEAR), "--outdir",
                        str(tmp_path / "alles"), "--final"), "één organisatie")


def test_report_pdf(report_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "proef.docx"
    args = ("report", "Stichting Proef", "--year", str(YEAR), "--out", str(out), "--pdf")
    if shutil.which("soffice"):
        result = run(report_db, "BJ", *args)
        assert result.exit_code == 0, result.output
        assert (tmp_path / "proef.pdf").read_bytes().startswith(b"%PDF")
        assert "PDF geschreven" in result.output
        assert (tmp_path / "proef.pdf").stat().st_mode & 0o777 == 0o600
    # Without LibreOffice: how to install it, and nothing written.
    monkeypatch.setenv("PATH", str(tmp_path / "leeg-pad"))
    other = tmp_path / "ander.docx"
    result = run(report_db, "BJ", "report", "Stichting Proef", "--year", str(YEAR), "--out",
                 str(other), "--pdf")
    _one_line_error(result, "libreoffice-writer-nogui")
    assert not other.exists()
