"""Linked disclosure control on a real database: the subtractions the issue found, the gate,
and that every output reads the one publication model."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from rich.console import Console

from tests import report_world
from tests.report_world import YEAR, add_case, add_org
from vp_tui.cli import cli
from vp_tui.errors import DisclosureRefused
from vp_tui.models import Activity, Engagement
from vp_tui.screens.report import figures_view
from vp_tui.services import publication, reporting, year_model


@pytest.fixture
def world(store) -> report_world.World:
    return report_world.build()


def _serve(world, org) -> None:
    Engagement.create(adviser=world.advisers["BJ"], organisation=org, role="vaste_vp",
                      start=dt.date(2024, 1, 1))


def _cases(world, org, n: int, **fields) -> None:
    for i in range(n):
        add_case(org.id, world.advisers["BJ"], dt.date(YEAR, 3, 1 + i % 28), **fields)


def test_the_overview_total_minus_the_reports_leaves_the_small_client_hidden(world) -> None:
    """Overview "integriteit 8" minus 7 at the large client and 0 elsewhere gave exactly 1
    integrity report at a client of four."""
    large = add_org("Groot", k=5)
    _serve(world, large)
    _cases(world, large, 20)
    _cases(world, large, 7, case_type="integriteit", categories=("fraude",))
    small = add_org("Klein", k=5)
    _serve(world, small)
    _cases(world, small, 3)
    _cases(world, small, 1, case_type="integriteit", categories=("fraude",))
    overview = reporting.agency_overview(world.ctx("KO"), YEAR)
    small_report = reporting.compute_figures(world.ctx("BJ"), small.id, YEAR)
    assert small_report.current.cases_shown == "< 5" and small_report.breakdowns == ()
    # The overview's types add up only the reports that show a type table: Groot's exact 7
    # and Proef's "< 5" (1..4); Klein's one integrity report is not in it.
    types = next(b for b in overview.breakdowns if b.key == "soort")
    assert types.title.endswith("2 organisaties")
    assert {c.key: c.shown for c in types.cells}["integriteit"] == "8–11"
    # The total adds Klein's "< 5" as 1..4: subtracting the exact reports leaves 1..4.
    exact = sum(r.cases.value for r in overview.organisations if r.cases.value is not None)
    total = overview.current.cell("meldingen")
    assert (total.low - exact, total.high - exact) == (1, 4)


def test_case_hours_do_not_follow_from_the_total_at_level_weinig(world) -> None:
    org = add_org("Weinig", k=5)
    _serve(world, org)
    _cases(world, org, 2, minutes=45)
    f = reporting.compute_figures(world.ctx("BJ"), org.id, YEAR)
    # No activities: the total would be the case hours, so it is not given.
    assert f.activities == ()
    assert f.current.cell("uren_totaal").shown == publication.WITHHELD_MARK
    Activity.create(organisation=org, adviser=world.advisers["BJ"], kind="voorlichting",
                    date=dt.date(YEAR, 5, 1), minutes=180)
    f = reporting.compute_figures(world.ctx("BJ"), org.id, YEAR)
    # With three hours of activities beside them, the case hours stay hidden in the total.
    assert f.current.cell("uren_totaal").shown == "6"  # 2 cases x 2 x 45 min + 3 h
    assert f.current.cell("uren_meldingen").value is None
    assert f.activities[0].hours.value is None


def _linked_client(world):
    """Integrity 7 exact, fraude 5, misbruik 2: every integrity case has an integrity
    category, so 'misbruik < 5' would tell the attacker it is at least 2."""
    org = add_org("Gekoppeld", k=5)
    _serve(world, org)
    _cases(world, org, 12, categories=("pesten",))
    _cases(world, org, 5, case_type="integriteit", categories=("fraude",))
    _cases(world, org, 2, case_type="integriteit", categories=("misbruik",))
    return org


def test_a_category_that_narrows_its_type_is_suppressed_further(world) -> None:
    org = _linked_client(world)
    f = reporting.compute_figures(world.ctx("BJ"), org.id, YEAR)
    categories = next(b for b in f.breakdowns if b.key == "categorie")
    shown = {c.key: c.shown for c in categories.cells}
    assert categories.withheld or shown.get("fraude") != "5"


def test_the_gate_refuses_a_broken_suppression_and_writes_nothing(
        world, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    org = _linked_client(world)
    # Suppression that stops at the single-table rule, as a bug would.
    monkeypatch.setattr(year_model, "respond", lambda pub, choice, exposed: False)
    with pytest.raises(DisclosureRefused, match="Categorie.*Gekoppeld.*terug te rekenen"):
        reporting.compute_figures(world.ctx("BJ"), org.id, YEAR)
    folder = tmp_path / "verslagen"
    folder.mkdir()
    with pytest.raises(DisclosureRefused):
        reporting.generate_report(world.ctx("BJ"), org.id, YEAR, folder / "verslag.docx")
    assert list(folder.iterdir()) == []
    with pytest.raises(DisclosureRefused):
        reporting.export_rows(world.ctx("KO"), YEAR)


def test_cli_refusal_is_one_line_and_leaves_no_file(
        store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world = report_world.build()
    _linked_client(world)
    store.close()
    monkeypatch.setattr(year_model, "respond", lambda pub, choice, exposed: False)
    outdir = tmp_path / "verslagen"
    for args in (["report", "--all", "--year", str(YEAR), "--outdir", str(outdir)],
                 ["stats", "Gekoppeld", "--year", str(YEAR), "--json"],
                 ["export", "figures", "--year", str(YEAR), str(tmp_path / "c.csv")]):
        result = CliRunner().invoke(cli, ["--db", str(db_path), "--as", "KO", *args])
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == DisclosureRefused.exit_code, result.output
        assert len(lines) == 1 and "terug te rekenen" in lines[0], result.output
    assert not outdir.exists() and not (tmp_path / "c.csv").exists()


def test_every_output_reads_the_one_model(
        store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Change one published cell in the model: the Word report, the overview, stats --json,
    the CSV export and the report screen all show the changed cell."""
    world = report_world.build()
    real = year_model.publish

    def tampered(truth):
        pub, verdict = real(truth)
        figures = tuple(
            dataclasses.replace(c, value=4242, shown="4242", low=4242, high=4242)
            if c.key == "gesprekken" and pub.year == YEAR and pub.org_id == world.proef else c
            for c in pub.key.figures)
        return dataclasses.replace(pub, key=dataclasses.replace(pub.key, figures=figures)), \
            verdict

    monkeypatch.setattr(year_model, "publish", tampered)
    console = Console(width=100, record=True)
    console.print(figures_view(reporting.compute_figures(world.ctx("BJ"), world.proef, YEAR)))
    assert "4242" in console.export_text()
    store.close()

    def run(*args: str):
        result = CliRunner().invoke(cli, ["--db", str(db_path), "--as", "KO", *args])
        assert result.exit_code == 0, result.output
        return result

    outdir = tmp_path / "verslagen"
    run("report", "--all", "--year", str(YEAR), "--outdir", str(outdir))
    written = {path.name: path for path in outdir.rglob("*.docx")}
    for name in ("jaarverslag-2025-stichting-proef-concept.docx",
                 "jaarverslag-2025-overzicht-bureau-intern.docx"):
        path = written[name]
        text = "\n".join(cell.text for table in docx.Document(str(path)).tables
                         for row in table.rows for cell in row.cells)
        assert "4242" in text.replace(".", ""), path.name  # digits grouped or not
    stats = json.loads(run("stats", "Stichting Proef", "--year", str(YEAR), "--json").output)
    figures = {c["key"]: c["value"] for c in stats["current"]["figures"]}
    assert figures["gesprekken"] == 4242
    target = tmp_path / "cijfers.csv"
    run("export", "figures", "--year", str(YEAR), str(target))
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert any(row[3] == "Gesprekken" and row[5] == "4242" for row in rows)


def test_the_previous_year_column_is_that_years_own_publication(world) -> None:
    """A report shows last year's key figures beside this year's: they are the cells of last
    year's own report, so the two reports together tell nothing either does not."""
    for name, before, now in (("Tweejaar A", 3, 9), ("Tweejaar B", 7, 2), ("Tweejaar C", 6, 6)):
        org = add_org(name, k=5)
        _serve(world, org)
        for i in range(before):
            add_case(org.id, world.advisers["BJ"], dt.date(YEAR - 1, 4, 1 + i),
                     case_type="integriteit" if i % 3 == 0 else "oo",
                     categories=("fraude",) if i % 3 == 0 else ("pesten",))
        _cases(world, org, now)
        this_year = reporting.compute_figures(world.ctx("BJ"), org.id, YEAR)
        last_year = reporting.compute_figures(world.ctx("BJ"), org.id, YEAR - 1)
        assert this_year.previous == last_year.current
    overview = reporting.agency_overview(world.ctx("KO"), YEAR)
    assert overview.previous == reporting.agency_overview(world.ctx("KO"), YEAR - 1).current
