"""`vp-tui admin agency` and `admin contact` on a real encrypted database."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests import report_world
from vp_tui.cli import cli
from vp_tui.models import Adviser


@pytest.fixture
def agency_db(store, db_path: Path) -> Path:
    report_world.build()
    Adviser.create(name="Ada Beheer", initials="AB", gender="v", role="admin",
                   is_adviser=False)
    store.close()
    return db_path


def run(db: Path, who: str, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--as", who, "admin", *args])


def _one_line_error(result, text: str) -> None:
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and text in lines[0], result.output


def test_admin_sets_and_shows_the_profile(agency_db: Path, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(report_world.png(120, 40))
    result = run(agency_db, "AB", "agency", "--name", "Bureau Veilig Werk", "--address",
                 "Kerkstraat 1 | 3511 AB Utrecht", "--email", "info@veiligwerk.nl",
                 "--logo", str(logo))
    assert result.exit_code == 0, result.output
    assert "Bureauprofiel opgeslagen." in result.output
    result = run(agency_db, "AB", "agency")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Naam:      Bureau Veilig Werk" in lines
    assert "Adres:     Kerkstraat 1, 3511 AB Utrecht" in lines
    assert "Telefoon:  –" in lines
    assert any(line.startswith("Logo:      PNG, ") for line in lines)
    result = run(agency_db, "AB", "agency", "--no-logo")
    assert "Logo:      geen" in result.output.splitlines()


def test_logo_checked_and_others_refused(agency_db: Path, tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"GIF89a" + b"\0" * 30)
    _one_line_error(run(agency_db, "AB", "agency", "--logo", str(fake)), "PNG- of JPEG")
    _one_line_error(run(agency_db, "KO", "agency"), "beheerder")
    _one_line_error(run(agency_db, "BJ", "agency", "--name", "X"), "beheerder")
    _one_line_error(run(agency_db, "AB", "agency", "--email", "geen-adres"),
                    "geen e-mailadres")


def test_contact_of_an_adviser(agency_db: Path) -> None:
    result = run(agency_db, "AB", "contact", "bj", "--phone", "06 12345678", "--availability",
                 "ma t/m do")
    assert result.exit_code == 0, result.output
    assert "BJ      Bram Jansen  06 12345678  –  ma t/m do" in result.output.splitlines()
    result = run(agency_db, "AB", "contact", "BJ", "--email", "bram@bureau.nl")
    assert "06 12345678  bram@bureau.nl" in result.output  # the phone kept
    result = run(agency_db, "AB", "contact")
    # The advisers who work as VP: not the coordinator or the admin who only manage.
    assert [line.split()[0] for line in result.output.splitlines()] == ["BJ", "CS"]
    _one_line_error(run(agency_db, "AB", "contact", "--phone", "06 12345678"), "adviseur")
    _one_line_error(run(agency_db, "BJ", "contact"), "beheerder")
