"""Every file vp-tui writes is 0600 and every folder it makes 0700, whatever the umask (files
with personal data must not be readable by other users of the server)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests import planning_world, report_world
from tests.report_world import YEAR
from vp_tui import files
from vp_tui.cli import cli


def mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


@pytest.fixture(autouse=True)
def usual_umask():
    """The common umask 022, under which a plain open() or mkdir() gives 0644 and 0755."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def report_db(store, db_path: Path) -> Path:
    report_world.build()
    store.close()
    return db_path


@pytest.fixture
def planning_db(store, db_path: Path) -> Path:
    planning_world.build()
    store.close()
    return db_path


def run(db: Path, who: str, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--as", who, *args])


def test_schedule_ics_is_0600(planning_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "rooster.ics"
    target.write_text("oud")  # replacing a 0644 file gives a 0600 one too
    result = run(planning_db, "KO", "schedule", "--ics", str(target))
    assert result.exit_code == 0, result.output
    assert mode(target) == 0o600
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".vp-tui-")] == []


def test_export_figures_csv_is_0600(report_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "cijfers.csv"
    result = run(report_db, "KO", "export", "figures", "--year", str(YEAR), str(target))
    assert result.exit_code == 0, result.output
    assert mode(target) == 0o600


def test_report_out_is_0600(report_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "proef.docx"
    result = run(report_db, "BJ", "report", "Stichting Proef", "--year", str(YEAR),
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert mode(out) == 0o600


def test_report_all_makes_a_0700_folder_of_0600_files(report_db: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "nieuw" / "verslagen"
    result = run(report_db, "KO", "report", "--all", "--year", str(YEAR),
                 "--outdir", str(outdir))
    assert result.exit_code == 0, result.output
    assert mode(outdir) == 0o700 and mode(outdir.parent) == 0o700
    written = [p for p in outdir.rglob("*") if p.is_file()]
    folders = [p for p in outdir.rglob("*") if p.is_dir()]
    assert len(written) == 3 and folders  # the overview lies in a folder of its own
    assert {p.name: mode(p) for p in written} == {p.name: 0o600 for p in written}
    assert {p.name: mode(p) for p in folders} == {p.name: 0o700 for p in folders}


def test_report_screen_folder_is_0700(store, tmp_path: Path) -> None:
    """The report screen writes through generate_into (ctrl+g)."""
    from vp_tui.services.reporting import generate_into

    world = report_world.build()
    folder = tmp_path / "jaarverslagen"
    path = generate_into(world.ctx("BJ"), world.proef, YEAR, folder)
    assert mode(folder) == 0o700 and mode(path) == 0o600


def test_log_folder_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vp_tui.cli import base

    log = tmp_path / "state" / "vp-tui" / "log" / "vp-tui.log"
    monkeypatch.setattr(base, "log_path", lambda: log)
    try:
        raise RuntimeError("proef")
    except RuntimeError:
        assert base._log_exception() == str(log)
    assert mode(log) == 0o600
    assert mode(log.parent) == 0o700 and mode(log.parent.parent) == 0o700
    assert "RuntimeError: proef" in log.read_text(encoding="utf-8")


def test_log_file_made_earlier_is_tightened(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from vp_tui.cli import base

    log = tmp_path / "vp-tui.log"
    log.write_text("eerder\n")
    os.chmod(log, 0o644)
    monkeypatch.setattr(base, "log_path", lambda: log)
    try:
        raise RuntimeError("opnieuw")
    except RuntimeError:
        base._log_exception()
    assert mode(log) == 0o600
    assert log.read_text(encoding="utf-8").startswith("eerder\n")


def test_private_dir_leaves_existing_folders_alone(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    made = files.private_dir(tmp_path / "a" / "b")
    assert mode(tmp_path) == 0o755
    assert mode(made) == 0o700 and mode(made.parent) == 0o700
    assert files.private_dir(made) == made  # already there: fine
    (tmp_path / "f").write_text("x")
    with pytest.raises(NotADirectoryError):
        files.private_dir(tmp_path / "f")


def test_write_private_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    files.write_private(target, b"een")
    files.write_private(target, b"twee")
    assert target.read_bytes() == b"twee" and mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]
