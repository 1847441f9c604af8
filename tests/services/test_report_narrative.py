"""Default texts written from the figures: the cases against the year before, the hours
against the contract, the activities, the open arrangements; never a figure the publication
does not show."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import report_world
from tests.publication_figures import report_figures
from tests.report_world import YEAR
from tests.services.test_disclosure_attack import client_year, clients, plain
from vp_tui.services import reporting
from vp_tui.services.publication import format_count
from vp_tui.services.report_drafts import default_sections, get_draft, save_draft
from vp_tui.services.report_figures import OpenArrangement
from vp_tui.services.report_narrative import (
    activities_text,
    arrangements_text,
    cases_text,
    drafted,
    hours_flag,
    hours_text,
    share_of_contract,
)


def _cases(n: int, k: int = 5, minutes: int = 60):
    return client_year(1, k, plain("oo", "pesten", n=n, minutes=minutes))


def _previous(n: int):
    return dataclasses.replace(_cases(n), year=YEAR - 1)


def test_cases_against_the_year_before() -> None:
    assert cases_text(report_figures(_cases(41), _previous(12))) == (
        f"Dat zijn meer meldingen dan het jaar ervoor: 41 tegen 12 in {YEAR - 1}. "
        "Met de melders heeft de vertrouwenspersoon 41 gesprekken gevoerd.")
    assert "minder meldingen dan het jaar ervoor: 12 tegen 41" in cases_text(
        report_figures(_cases(12), _previous(41)))
    assert "evenveel" in cases_text(report_figures(_cases(12), _previous(12)))
    assert f"In {YEAR - 1} waren er geen meldingen." in cases_text(report_figures(_cases(12)))


def test_a_hidden_year_before_stays_as_shown() -> None:
    text = cases_text(report_figures(_cases(41), _previous(3)))
    assert f"41 meldingen tegen < 5 in {YEAR - 1}" in text
    assert "meer" not in text and "3" not in text


def test_few_cases_add_no_figure_and_no_cases_name_the_year_before() -> None:
    assert cases_text(report_figures(_cases(3), _previous(12))) == ""
    assert hours_text(report_figures(_cases(3))) == ""
    assert cases_text(report_figures(_cases(0), _previous(3))) == (
        f"In {YEAR - 1} waren er < 5 meldingen.")


@pytest.mark.parametrize(("minutes", "share", "flag"), [
    (4824, 101, "meer uren"),   # 80,4 of 80 hours: 100,5 % rounds half up to 101
    (4818, 100, ""),            # 80,3 h: 100,4 % is 100 %, not over
    (2400, 50, ""),
    (2394, 50, ""),             # 39,9 h: 49,875 % rounds to 50 %
    (600, 13, "minder dan de helft"),  # 10 h: 12,5 % half up, not half to even
])
def test_hours_against_the_contract(minutes: int, share: int, flag: str) -> None:
    figures = report_figures(client_year(1, 3, plain("oo", "pesten", n=6, minutes=minutes // 6)
                                         + plain("oo", "pesten", minutes=minutes % 6)))
    assert share_of_contract(figures) == share
    assert f"{share} % van de 80 uur" in hours_text(figures)
    if flag:
        assert flag in hours_flag(figures) and f"{share} % van 80 uur" in hours_flag(figures)
    else:
        assert hours_flag(figures) == ""


def test_hours_over_a_thousand_percent_read_in_dutch() -> None:
    figures = report_figures(_cases(10, minutes=600))  # 100 hours against 80... times ten
    figures = dataclasses.replace(figures, current=dataclasses.replace(
        figures.current, figures=tuple(
            dataclasses.replace(c, value=8.0, shown="8") if c.key == "contracturen" else c
            for c in figures.current.figures)))
    assert share_of_contract(figures) == 1250
    assert "1.250 %" in hours_text(figures)


def test_activities_and_arrangements() -> None:
    truth = dataclasses.replace(_cases(6), activities={"voorlichting": (2, 120),
                                                       "advies": (1, 30)})
    assert activities_text(report_figures(truth)) == (
        f"Naast de meldingen heeft de vertrouwenspersoon in {YEAR} gewerkt aan voorlichting "
        "(2 keer) en advies (1 keer), samen 2,5 uur.")
    assert activities_text(report_figures(_cases(6))) == ""
    item = OpenArrangement("positie_bestuur", "Positie", "Positioneer...")
    assert arrangements_text(report_figures(_cases(6))) == ""
    assert "één afspraak" in arrangements_text(report_figures(_cases(6), open_items=(item,)))
    assert "2 afspraken" in arrangements_text(
        report_figures(_cases(6), open_items=(item, item)))


# --- never a figure the publication does not show ---------------------------------------------

_NUMBER = re.compile(r"\d+(?:\.\d{3})*(?:,\d+)?")


def _allowed(figures) -> set[str]:
    shown = {c.shown for c in (*figures.current.figures, *figures.previous.figures)}
    shown |= {line.hours.shown for line in figures.activities}
    shown |= {format_count(line.count) for line in figures.activities}
    numbers = {m for text in shown for m in _NUMBER.findall(text)}
    numbers |= {str(figures.year), str(figures.year - 1), str(figures.year + 1),
                str(figures.k), format_count(len(figures.open_arrangements))}
    share = share_of_contract(figures)
    if share is not None:
        numbers.add(format_count(share))
    return numbers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clients(1), st.data())
def test_drafted_texts_show_only_published_figures(current, data) -> None:
    # The year before is often small, so that its number is often hidden ("< k").
    n, minutes = data.draw(st.integers(0, 3 * current.k)), data.draw(st.integers(0, 300))
    previous = client_year(1, current.k, plain("oo", "pesten", n=n, minutes=minutes))
    figures = report_figures(current, previous)
    defaults = default_sections(YEAR)
    texts = drafted(figures, defaults)
    added = " ".join(texts[key].replace(defaults[key], "") for key in texts)
    assert set(_NUMBER.findall(added)) <= _allowed(figures)


# --- as the report's default draft ------------------------------------------------------------


@pytest.fixture
def world(store) -> report_world.World:
    return report_world.build()


def test_drafts_come_from_the_figures_until_the_adviser_writes(world) -> None:
    ctx = world.ctx("BJ")
    figures = reporting.compute_figures(ctx, world.proef, YEAR)
    draft = get_draft(ctx, world.proef, YEAR, figures)
    assert draft.sections == drafted(figures, default_sections(YEAR))
    assert "12 meldingen tegen < 5 in 2024" in draft.sections["meldingen"]
    assert "voorlichting (1 keer) en advies (1 keer), samen 2 uur" in \
        draft.sections["voorlichting"]
    assert "14 uur aan uw organisatie besteed: 35 % van de 40 uur" in draft.sections["inleiding"]
    assert "minder dan de helft" in draft.sections["aandachtspunten"]
    assert "één afspraak" in draft.sections["regelingen"]
    # Without figures, the plain defaults.
    assert get_draft(ctx, world.proef, YEAR).sections == default_sections(YEAR)
    # A section saved as the plain default still takes the figures' text; one the adviser
    # wrote is kept.
    version = save_draft(ctx, world.proef, YEAR, {
        "inleiding": default_sections(YEAR)["inleiding"], "meldingen": "Eigen tekst."}, 0)
    draft = get_draft(ctx, world.proef, YEAR, figures)
    assert draft.version == version
    assert draft.sections["inleiding"] == drafted(figures, default_sections(YEAR))["inleiding"]
    assert draft.sections["meldingen"] == "Eigen tekst."


def test_the_report_carries_the_drafted_texts(world, tmp_path) -> None:
    import docx

    path = reporting.generate_report(world.ctx("BJ"), world.proef, YEAR, tmp_path / "v.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert f"Dat zijn 12 meldingen tegen < 5 in {YEAR - 1}." in text
    assert "35 % van de 40 uur in het contract" in text
