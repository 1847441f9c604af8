"""The report's charts: what each one draws (only cells the publication shows exactly), when
there are charts at all, how they sit in the Word file, and that drawing is repeatable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import struct
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings

from tests import report_world
from tests.publication_figures import published, report_figures
from tests.report_world import YEAR, add_case, add_org, png
from tests.services.test_disclosure_attack import client_year, clients, plain
from vp_tui.services import reporting
from vp_tui.services.publication import MELDINGEN, SOORT, UREN_TOTAAL
from vp_tui.services.reports import charts
from vp_tui.services.reports.charts import DEFAULT_PALETTE, HOURS, TREND, TYPES


def _mixed(oo: int = 20, integriteit: int = 10, buiten_taak: int = 2, unknown: int = 9,
           k: int = 5, **facts):
    """Types oo 20, integriteit 10, buiten_taak 2 and 9 not recorded publish as 20, 10, '< 5'
    and '≥ 5': the table is shown with two hidden cells."""
    cases = (plain("oo", "pesten", n=oo, **facts)
             + plain("integriteit", "fraude", n=integriteit, **facts)
             + plain("buiten_taak", "arbeidsconflict", n=buiten_taak, **facts)
             + plain("niet_vastgelegd", n=unknown, **facts))
    return client_year(1, k, cases, {"voorlichting": [60, 90]})


def _by_key(made: tuple[charts.Chart, ...]) -> dict[str, charts.Chart]:
    return {chart.key: chart for chart in made}


def test_types_chart_draws_only_the_exact_cells() -> None:
    figures = report_figures(_mixed())
    table = next(b for b in figures.breakdowns if b.key == SOORT)
    hidden = [c for c in table.cells if c.value is None]
    assert {c.shown for c in hidden} == {"< 5", "≥ 5"}  # the case this test is about
    chart = charts.types_chart(figures)
    assert chart is not None
    assert [(b.label, b.value, b.shown) for b in chart.bars] == [
        ("ongewenste omgangsvormen", 20, "20"), ("integriteit", 10, "10")]
    for cell in hidden:
        assert cell.label not in chart.alt
    assert "< 5" in chart.note and "niet" in chart.note


def test_types_chart_needs_two_exact_bars() -> None:
    # oo 7, integriteit 3, buiten_taak 2: the table shows at most one exact type.
    truth = client_year(1, 5, plain("oo", "pesten", n=7) + plain("integriteit", "fraude", n=3)
                        + plain("buiten_taak", "arbeidsconflict", n=2))
    assert charts.types_chart(report_figures(truth)) is None


def test_trend_draws_the_years_whose_number_is_shown_exactly() -> None:
    now = _mixed()
    hidden_year = dataclasses.replace(client_year(1, 5, plain("oo", "pesten", n=3)),
                                      year=YEAR - 1)
    figures = report_figures(now, hidden_year)
    assert figures.previous.cell(MELDINGEN).shown == "< 5"
    empty = published(dataclasses.replace(now, year=YEAR - 4, cases=0, tables={},
                                           conversations=0, case_minutes=0, activities={}))
    earlier = published(dataclasses.replace(_mixed(oo=30), year=YEAR - 3))
    busy = published(dataclasses.replace(_mixed(oo=12), year=YEAR - 2))
    chart = charts.trend_chart(figures, [empty.key, earlier.key, busy.key])
    assert chart is not None
    # The empty first year is left out (not yet a client); the hidden year is not drawn.
    assert [(b.label, b.value) for b in chart.bars] == [
        (str(YEAR - 3), 51), (str(YEAR - 2), 33), (str(YEAR), 41)]
    assert f"{YEAR - 1} (< 5)" in chart.note
    assert f"{YEAR - 1}" not in chart.alt.split(":")[1].split(".")[0]


def test_trend_goes_back_five_years_at_most() -> None:
    figures = report_figures(_mixed(), dataclasses.replace(_mixed(oo=25), year=YEAR - 1))
    old = [published(dataclasses.replace(_mixed(oo=n), year=YEAR - 7 + n)).key
           for n in range(6)]
    chart = charts.trend_chart(figures, old)
    assert [b.label for b in chart.bars] == [str(y) for y in range(YEAR - 4, YEAR + 1)]


def test_hours_chart_shows_the_exact_hours_against_the_contract() -> None:
    figures = report_figures(_mixed(minutes=30))
    chart = charts.hours_chart(figures)
    assert [(b.label, b.shown) for b in chart.bars] == [
        ("Meldingen", "20,5"), ("Voorlichting en advies", "2,5"), ("Totaal", "23")]
    assert chart.reference.value == 80.0 and chart.reference.shown == "80 uur"
    assert "80 uur" in chart.alt


def test_hours_chart_leaves_out_zero_hours_and_a_total_that_repeats_its_part() -> None:
    figures = report_figures(dataclasses.replace(_mixed(minutes=30), activities={}))
    assert figures.current.cell("uren_activiteiten").value == 0
    assert [(b.label, b.shown) for b in charts.hours_chart(figures).bars] == [
        ("Meldingen", "20,5")]


def test_hours_chart_leaves_out_a_withheld_total() -> None:
    figures = report_figures(_mixed())
    cells = tuple(dataclasses.replace(c, value=None, shown="–") if c.key == UREN_TOTAAL else c
                  for c in figures.current.figures)
    figures = dataclasses.replace(
        figures, current=dataclasses.replace(figures.current, figures=cells))
    assert "Totaal" not in [b.label for b in charts.hours_chart(figures).bars]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clients(1))
def test_generated_years_draw_only_exact_cells(truth) -> None:
    figures = report_figures(truth)
    types = {(c.label, c.value) for b in figures.breakdowns if b.key == SOORT
             for c in b.cells if c.value is not None}
    hours = {c.value for c in figures.current.figures if c.value is not None}
    for chart in charts.report_charts(figures):
        drawn = {(b.label, b.value) for b in chart.bars}
        if chart.key == TYPES:
            assert drawn == types
        else:
            assert {value for _label, value in drawn} <= hours


def test_no_charts_without_enough_cases() -> None:
    few = client_year(1, 5, plain("oo", "pesten", n=4))
    none = client_year(1, 5, [])
    assert report_figures(few).level == "weinig"
    assert charts.report_charts(report_figures(few)) == ()
    assert charts.report_charts(report_figures(none)) == ()
    assert {c.key for c in charts.report_charts(report_figures(_mixed()))} == {TYPES, HOURS}


def _png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        chunks.append(data[at + 4:at + 8])
        at += 12 + length
    return chunks


def test_drawing_is_repeatable_and_carries_no_metadata() -> None:
    figures = report_figures(_mixed(), dataclasses.replace(_mixed(oo=25), year=YEAR - 1))
    made = charts.report_charts(figures)
    assert {c.key for c in made} == {TYPES, TREND, HOURS}
    first = [charts.render(chart) for chart in made]
    assert [charts.render(chart) for chart in reversed(made)] == first[::-1]
    for data in first:
        assert set(_png_chunks(data)) <= {b"IHDR", b"pHYs", b"IDAT", b"IEND"}


def test_palette_takes_the_logo_colour() -> None:
    assert charts.palette(None) == DEFAULT_PALETTE
    assert charts.palette(png(40, 20, (128, 128, 128))) == DEFAULT_PALETTE  # grey: no colour
    assert charts.palette(b"not an image") == DEFAULT_PALETTE
    red = charts.palette(png(40, 20, (200, 30, 30)))
    r, g, b = (int(red.bar[i:i + 2], 16) for i in (1, 3, 5))
    assert r > 2 * g and r > 2 * b
    assert charts._luminance((r, g, b)) <= charts.MAX_BAR_LUMINANCE
    light = charts.palette(png(40, 20, (255, 230, 60)))  # a yellow darkened to be seen
    assert charts._luminance([int(light.bar[i:i + 2], 16) for i in (1, 3, 5)]) \
        <= charts.MAX_BAR_LUMINANCE


# --- in the Word file --------------------------------------------------------------------------


@pytest.fixture
def world(store) -> report_world.World:
    return report_world.build()


def _shapes(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    return [(s._inline.docPr.get("title"), s._inline.docPr.get("descr"))
            for s in document.inline_shapes]


def test_report_embeds_the_charts_with_alt_text(world, tmp_path: Path) -> None:
    org = add_org("Stichting Groot")
    owner = world.advisers["BJ"]
    day = dt.date(YEAR, 2, 1)
    for n in range(8):
        add_case(org.id, owner, dt.date(YEAR - 1, 2, 1 + n))
    for case_type, category, count in (("oo", ("pesten",), 20), ("integriteit", ("fraude",), 10),
                                       ("buiten_taak", ("arbeidsconflict",), 2), ("", (), 9)):
        for n in range(count):
            add_case(org.id, owner, day + dt.timedelta(days=n), case_type=case_type,
                     categories=category)
    ctx = world.ctx("KO")
    path = reporting.generate_report(ctx, org.id, YEAR, tmp_path / "groot.docx")
    shapes = dict(_shapes(path))
    assert list(shapes) == [f"Meldingen per soort in {YEAR}", "Aantal meldingen per jaar",
                            f"Uren in {YEAR} tegenover het contract"]
    types, trend, hours = shapes.values()
    assert "ongewenste omgangsvormen 20; integriteit 10." in types
    assert "buiten taakgebied" not in types.split(".")[0]
    assert f"{YEAR - 1} 8; {YEAR} 41." in trend
    assert "40 uur" in hours
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "staan niet in de grafiek" in text  # the types chart's note under it


def test_reports_without_enough_cases_have_no_charts(world, tmp_path: Path) -> None:
    few = add_org("Klein B.V.")
    for n in range(3):
        add_case(few.id, world.advisers["BJ"], dt.date(YEAR, 3, 1 + n))
    ctx = world.ctx("KO")
    for org_id in (few.id, world.leeg):
        path = reporting.generate_report(ctx, org_id, YEAR, tmp_path / f"{org_id}.docx")
        assert _shapes(path) == []


def test_the_start_does_not_import_matplotlib() -> None:
    script = ("import sys, vp_tui.cli, vp_tui.services.reporting, vp_tui.screens.report;"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in "
              "('matplotlib', 'PIL')))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
