"""The charts of a client's annual report: the types, the trend over up to five years, and the
hours against the contract.

Each chart is first a `Chart`: the bars it will draw, taken only from cells the publication
model shows exactly (`Cell.value` not None). A hidden cell ("< k", "≥ k", withheld) is never
drawn, not even as a small bar; the chart's note says what is left out. Tests read these
objects before anything is drawn.

matplotlib is imported only when a chart is drawn (its import costs a noticeable part of a
second, which the TUI's and the CLI's start must not pay). Drawing goes through one Agg
figure per size, reused under a lock (matplotlib is not thread-safe, and a report may be
written from a database thread), with fixed fonts and sizes and no metadata in the PNG, so the
same figures give the same bytes.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from vp_tui.i18n import _
from vp_tui.services.publication import (
    CONTRACTUREN,
    MELDINGEN,
    SOORT,
    UREN_ACTIVITEITEN,
    UREN_MELDINGEN,
    UREN_TOTAAL,
    VOLLEDIG,
)

if TYPE_CHECKING:
    from vp_tui.services.publication import YearFigures
    from vp_tui.services.report_figures import ReportFigures

#: The trend covers the report year and at most this many years in all.
TREND_YEARS = 5
#: A chart of one bar says nothing a sentence does not: fewer drawn bars, no chart.
MIN_BARS = 2

TYPES, TREND, HOURS = "soort", "trend", "uren"


@dataclass(frozen=True)
class Bar:
    label: str
    #: The exact published figure.
    value: float
    #: What the tables print for it, written at the bar's end.
    shown: str


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    #: The description a screen reader gives instead of the picture: every drawn figure.
    alt: str
    bars: tuple[Bar, ...]
    #: What the chart leaves out and why ('' when nothing is left out).
    note: str = ""
    #: The hours chart's contract line.
    reference: Bar | None = None


@dataclass(frozen=True)
class Palette:
    """Bar, second bar, reference line, text and rule colours as '#rrggbb'."""

    bar: str
    second: str
    reference: str
    text: str
    rule: str


#: Calm colours for an agency without a logo: slate blue bars, an ochre contract line.
DEFAULT_PALETTE = Palette(bar="#3a6b8c", second="#8fb3c9", reference="#b5762a",
                          text="#333333", rule="#c8c8c8")


#: A bar colour lighter than this relative luminance is darkened towards it: bars stand on
#: white paper and must be seen in a grey print.
MAX_BAR_LUMINANCE = 0.45
#: How much white the second bars mix in.
SECOND_TINT = 0.55


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0), 255)):02x}" for c in rgb)


def _luminance(rgb: Sequence[float]) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _logo_colour(logo: bytes) -> tuple[float, float, float] | None:
    """The logo's most used clear colour: not near white, black or grey, not transparent."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(logo)) as image:
            image.draft("RGB", (96, 96))  # a JPEG decodes at a fraction of its size
            small = image.convert("RGBA").resize((48, 48))
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    buckets: dict[tuple[int, int, int], list[tuple[int, int, int]]] = {}
    pixels = small.tobytes()
    for i in range(0, len(pixels), 4):
        r, g, b, a = pixels[i:i + 4]
        high, low = max(r, g, b), min(r, g, b)
        if a < 128 or high - low < 48 or high < 48 or low > 224:
            continue
        buckets.setdefault((r // 32, g // 32, b // 32), []).append((r, g, b))
    if not buckets:
        return None
    _key, chosen = max(buckets.items(), key=lambda item: (len(item[1]), item[0]))
    return tuple(sum(p[i] for p in chosen) / len(chosen) for i in range(3))


def palette(logo: bytes | None) -> Palette:
    """The agency's colours: the logo's main colour for the bars and a tint of it for the
    second bars; the calm default without a logo or when the logo has no clear colour."""
    colour = _logo_colour(logo) if logo else None
    if colour is None:
        return DEFAULT_PALETTE
    while _luminance(colour) > MAX_BAR_LUMINANCE:
        colour = tuple(c * 0.9 for c in colour)
    second = tuple(c + (255 - c) * SECOND_TINT for c in colour)
    return replace(DEFAULT_PALETTE, bar=_hex(colour), second=_hex(second))


@dataclass(frozen=True)
class RenderedChart:
    chart: Chart
    png: bytes


# --- what the charts show --------------------------------------------------------------------


def _alt(title: str, bars: Sequence[Bar], note: str, extra: str = "") -> str:
    parts = [title + ": " + "; ".join(f"{b.label} {b.shown}" for b in bars) + "."]
    if extra:
        parts.append(extra)
    if note:
        parts.append(note)
    return " ".join(parts)


def types_chart(figures: ReportFigures) -> Chart | None:
    """The types table's exact cells, in the table's order."""
    table = next((b for b in figures.breakdowns if b.key == SOORT), None)
    if table is None or table.withheld:
        return None
    bars = tuple(Bar(c.label, c.value, c.shown) for c in table.cells if c.value is not None)
    if len(bars) < MIN_BARS:
        return None
    note = _("Soorten met een aantal dat niet wordt vermeld ('< {k}' of '≥ {k}') staan niet "
             "in de grafiek.").format(k=figures.k) \
        if any(c.value is None for c in table.cells) else ""
    title = _("Meldingen per soort in {year}").format(year=figures.year)
    return Chart(TYPES, title, _alt(title, bars, note), bars, note)


def trend_chart(figures: ReportFigures, years: Sequence[YearFigures]) -> Chart | None:
    """The number of cases per year, oldest first, for the years whose publication gives
    that number exactly, from the first year with a case. `years` are the earlier years' key
    figures as their publication has them (the previous year and the report year are taken
    from `figures`)."""
    by_year = {y.year: y for y in (*years, figures.previous, figures.current)}
    chosen = sorted(y for y in by_year if figures.year - TREND_YEARS < y <= figures.year)
    while chosen and by_year[chosen[0]].cell(MELDINGEN).value == 0:
        chosen.pop(0)  # before the first case the organisation may not have been a client
    drawn, left_out = [], []
    for year in chosen:
        cell = by_year[year].cell(MELDINGEN)
        if cell.value is None:
            left_out.append(f"{year} ({cell.shown})")
        else:
            drawn.append(Bar(str(year), cell.value, cell.shown))
    if len(drawn) < MIN_BARS:
        return None
    note = _("Niet getekend, omdat het aantal niet precies wordt vermeld: {years}.").format(
        years=", ".join(left_out)) if left_out else ""
    title = _("Aantal meldingen per jaar")
    return Chart(TREND, title, _alt(title, drawn, note), tuple(drawn), note)


def hours_chart(figures: ReportFigures) -> Chart | None:
    """The hours spent (cases, activities, total: those given exactly) against the contract."""
    contract = figures.current.cell(CONTRACTUREN)
    if not contract.value:
        return None
    labels = {UREN_MELDINGEN: _("Meldingen"), UREN_ACTIVITEITEN: _("Voorlichting en advies"),
              UREN_TOTAAL: _("Totaal")}
    bars = tuple(Bar(labels[key], cell.value, cell.shown)
                 for key in (UREN_MELDINGEN, UREN_ACTIVITEITEN, UREN_TOTAAL)
                 if (cell := figures.current.cell(key)).value is not None)
    if not bars:
        return None
    reference = Bar(_("contract"), contract.value,
                    _("{hours} uur").format(hours=contract.shown))
    title = _("Uren in {year} tegenover het contract").format(year=figures.year)
    extra = _("Het contract omvat {hours}.").format(hours=reference.shown)
    return Chart(HOURS, title, _alt(title, bars, "", extra), bars, "", reference)


def report_charts(figures: ReportFigures, years: Sequence[YearFigures] = ()
                  ) -> tuple[Chart, ...]:
    """The charts of a client's report: none unless the year has enough cases for its
    tables (level 'volledig')."""
    if figures.level != VOLLEDIG:
        return ()
    made = (types_chart(figures), trend_chart(figures, years), hours_chart(figures))
    return tuple(chart for chart in made if chart is not None)


# --- drawing ---------------------------------------------------------------------------------

#: Drawn at this resolution and placed at CHART_WIDTH_CM: sharp on paper, cheap to draw.
DPI = 130
CHART_WIDTH_CM = 15.0
_INCH = 2.54
#: Per bar and around them, in inches.
_BAR_ROW, _MARGIN = 0.36, 0.35
_TREND_HEIGHT = 2.3
#: Characters of a bar's label per line.
_LABEL_WIDTH = 20
_FONT = {"font.family": "DejaVu Sans", "font.size": 9.0, "svg.fonttype": "none",
         "axes.unicode_minus": False}

_lock = threading.Lock()
_figures: dict[tuple[float, float], object] = {}


def _figure(width: float, height: float):
    """One reused figure per size: making a figure and its canvas is a large part of a
    small chart's cost."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = _figures.get((width, height))
    if figure is None:
        figure = Figure(figsize=(width, height), dpi=DPI)
        FigureCanvasAgg(figure)
        _figures[(width, height)] = figure
    figure.clear()
    return figure


def _plain(axes, palette: Palette) -> None:
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(palette.rule)
    axes.tick_params(length=0, colors=palette.text)


def _label(text: str) -> str:
    """A long label on two lines, so the bars keep their width."""
    return textwrap.fill(text, _LABEL_WIDTH, break_long_words=False)


def _draw_horizontal(figure, chart: Chart, palette: Palette) -> None:
    n = len(chart.bars)
    axes = figure.add_axes((0.3, 0.04, 0.6, 0.92))
    _plain(axes, palette)
    rows = list(range(n))[::-1]  # the first bar on top
    colours = [palette.second if chart.key == HOURS and b.label == _("Totaal") else palette.bar
               for b in chart.bars]
    axes.barh(rows, [b.value for b in chart.bars], height=0.62, color=colours, zorder=2)
    axes.set_yticks(rows, [_label(b.label) for b in chart.bars])
    axes.set_xticks([])
    top = max([b.value for b in chart.bars]
              + ([chart.reference.value] if chart.reference else []))
    for row, bar in zip(rows, chart.bars, strict=True):
        axes.text(bar.value + top * 0.012, row, bar.shown, va="center", color=palette.text,
                  zorder=4, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
    if chart.reference is not None:
        x = chart.reference.value
        axes.plot([x, x], [-0.5, n - 0.5], color=palette.reference, linewidth=1.6,
                  linestyle=(0, (4, 2)), zorder=3)
        axes.text(x, n - 0.4, f"{chart.reference.label}: {chart.reference.shown}",
                  ha="center", va="bottom", color=palette.reference)
    axes.set_xlim(0, top * 1.2)
    axes.set_ylim(-0.5, n - 0.5 + (0.7 if chart.reference else 0))


def _draw_vertical(figure, chart: Chart, palette: Palette) -> None:
    axes = figure.add_axes((0.08, 0.14, 0.84, 0.78))
    _plain(axes, palette)
    axes.spines["left"].set_visible(False)
    axes.spines["bottom"].set_visible(True)
    axes.spines["bottom"].set_color(palette.rule)
    columns = list(range(len(chart.bars)))
    colours = [palette.second] * (len(columns) - 1) + [palette.bar]  # the report year stands out
    axes.bar(columns, [b.value for b in chart.bars], width=0.6, color=colours)
    axes.set_xticks(columns, [b.label for b in chart.bars])
    axes.set_yticks([])
    top = max(b.value for b in chart.bars) or 1
    for column, bar in zip(columns, chart.bars, strict=True):
        axes.text(column, bar.value + top * 0.03, bar.shown, ha="center", va="bottom",
                  color=palette.text)
    axes.set_ylim(0, top * 1.2)
    axes.set_xlim(-0.6, max(len(columns), 4) - 0.4)


def size_of(chart: Chart) -> tuple[float, float]:
    """Width and height in inches."""
    width = CHART_WIDTH_CM / _INCH
    if chart.key == TREND:
        return width, _TREND_HEIGHT
    rows = len(chart.bars) + (1 if chart.reference else 0)
    return width, round(rows * _BAR_ROW + _MARGIN, 2)


def render(chart: Chart, palette: Palette = DEFAULT_PALETTE) -> bytes:
    """The chart as PNG bytes; the same chart and palette give the same bytes."""
    import matplotlib

    with _lock, matplotlib.rc_context(_FONT):
        figure = _figure(*size_of(chart))
        if chart.key == TREND:
            _draw_vertical(figure, chart, palette)
        else:
            _draw_horizontal(figure, chart, palette)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, facecolor="white",
                       metadata={"Software": None})
        figure.clear()
    return out.getvalue()


def rendered(figures: ReportFigures, years: Sequence[YearFigures] = (),
             palette: Palette = DEFAULT_PALETTE) -> tuple[RenderedChart, ...]:
    return tuple(RenderedChart(chart, render(chart, palette))
                 for chart in report_charts(figures, years))

