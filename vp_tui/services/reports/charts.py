"""The charts of a client's annual report: the types, the trend over up to five years, and the
hours against the contract.

Each chart is first a `Chart`: the bars it will draw, taken only from cells the publication
model shows exactly (`Cell.value` not None). A hidden cell ("< k", "≥ k", withheld) is never
drawn, not even as a small bar; the chart's note says what is left out. Tests read these
objects before anything is drawn.

matplotlib is imported only when a chart is drawn (its import costs a noticeable part of a
second, which the TUI's and the CLI's start must not pay). Drawing goes through its Agg
renderer under a lock (matplotlib is not thread-safe, and a report may be written from a
database thread), with the font shipped with matplotlib, fixed sizes and no metadata in the
PNG, so the same figures give the same bytes.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
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
    #: Drawn in the second colour (a total beside its parts).
    second: bool = False


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
    """The hours spent against the contract: the parts given exactly and not zero, and the
    total given exactly unless it would repeat the only part."""
    contract = figures.current.cell(CONTRACTUREN)
    if not contract.value:
        return None
    labels = {UREN_MELDINGEN: _("Meldingen"), UREN_ACTIVITEITEN: _("Voorlichting en advies")}
    bars = [Bar(labels[key], cell.value, cell.shown) for key in labels
            if (cell := figures.current.cell(key)).value]
    total = figures.current.cell(UREN_TOTAAL)
    if total.value and len(bars) != 1:
        bars.append(Bar(_("Totaal"), total.value, total.shown, second=True))
    if not bars:
        return None
    bars = tuple(bars)
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
#
# Drawn with matplotlib's Agg renderer directly: a few rectangles, one line and some text need
# no Figure and Axes, whose import and layout would cost most of a report's time budget.
# Coordinates are pixels from the bottom left, as matplotlib's renderers take them.

#: Drawn at this resolution and placed at CHART_WIDTH_CM: sharp on paper, cheap to draw.
DPI = 150
CHART_WIDTH_CM = 15.0
_INCH = 2.54
FONT_FILE, FONT_SIZE = "DejaVuSans.ttf", 10.0
#: A line of text, in points.
_LINE = FONT_SIZE * 1.25
#: Characters of a bar's label per line.
_LABEL_WIDTH = 22
#: In points: the height of a bar's row, the space around the drawing, between text and bar.
_ROW, _PAD, _GAP = 20.0, 6.0, 4.0
_TREND_HEIGHT, _BAR_SHARE = 150.0, 0.62

_lock = threading.Lock()


class _Canvas:
    """An Agg renderer with the few shapes a chart needs."""

    def __init__(self, width_pt: float, height_pt: float) -> None:
        import matplotlib
        from matplotlib.backends.backend_agg import RendererAgg
        from matplotlib.font_manager import FontProperties

        self.scale, self.height = DPI / 72, height_pt
        self.renderer = RendererAgg(round(width_pt * self.scale),
                                    round(height_pt * self.scale), DPI)
        # The font shipped with matplotlib, never a system font of the same name.
        self.font = FontProperties(
            fname=Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FONT_FILE,
            size=FONT_SIZE)
        self.rectangle((0, 0), (width_pt, height_pt), "#ffffff")

    def _gc(self, colour: str):
        from matplotlib.colors import to_rgb

        gc = self.renderer.new_gc()
        gc.set_foreground(to_rgb(colour))
        return gc

    def rectangle(self, corner: tuple[float, float], size: tuple[float, float],
                  colour: str) -> None:
        from matplotlib.path import Path
        from matplotlib.transforms import Affine2D

        gc = self._gc(colour)
        gc.set_linewidth(0)
        (x, y), (w, h) = corner, size
        transform = Affine2D().scale(w * self.scale, h * self.scale).translate(
            x * self.scale, y * self.scale)
        self.renderer.draw_path(gc, Path.unit_rectangle(), transform,
                                gc.get_rgb())
        gc.restore()

    def line(self, start: tuple[float, float], end: tuple[float, float], colour: str,
             width: float = 0.8, dashes: tuple[float, float] | None = None) -> None:
        from matplotlib.path import Path
        from matplotlib.transforms import IdentityTransform

        gc = self._gc(colour)
        gc.set_linewidth(width)
        gc.set_capstyle("butt")
        if dashes:
            gc.set_dashes(0, list(dashes))
        points = [(x * self.scale, y * self.scale) for x, y in (start, end)]
        self.renderer.draw_path(gc, Path(points), IdentityTransform())
        gc.restore()

    def measure(self, text: str) -> tuple[float, float]:
        """Width and height in points of one or more lines."""
        lines = text.split("\n")
        sizes = [self.renderer.get_text_width_height_descent(line, self.font, False)
                 for line in lines]
        return (max(w for w, _h, _d in sizes) / self.scale,
                len(lines) * _LINE)

    def text(self, at: tuple[float, float], text: str, colour: str, align: str = "left",
             valign: str = "center") -> None:
        """Text at a point: aligned left, centre or right of it, its middle (or bottom) on it;
        several lines stacked."""
        gc = self._gc(colour)
        lines = text.split("\n")
        height = len(lines) * _LINE
        x, y = at
        top = y + (height / 2 if valign == "center" else height)
        for n, line in enumerate(lines):
            width = self.measure(line)[0]
            left = {"left": x, "center": x - width / 2, "right": x - width}[align]
            baseline = top - (n + 1) * _LINE + FONT_SIZE * 0.3
            # Text is placed from the top, shapes from the bottom.
            self.renderer.draw_text(gc, left * self.scale, (self.height - baseline) * self.scale,
                                    line, self.font, 0)
        gc.restore()

    def png(self) -> bytes:
        from PIL import Image

        out = io.BytesIO()
        image = Image.frombuffer("RGBA", (self.renderer.width, self.renderer.height),
                                 bytes(self.renderer.buffer_rgba()), "raw", "RGBA", 0, 1)
        # The fastest compression: a chart is mostly flat colour, and its encoding was
        # most of its drawing time.
        image.convert("RGB").save(out, format="PNG", dpi=(DPI, DPI), compress_level=1)
        return out.getvalue()


def _label(text: str) -> str:
    """A long label on two lines, so the bars keep their width."""
    return textwrap.fill(text, _LABEL_WIDTH, break_long_words=False)


def _width_pt() -> float:
    return CHART_WIDTH_CM / _INCH * 72


def _draw_horizontal(chart: Chart, palette: Palette) -> bytes:
    """Bars from a rule on the left, labels before them and figures after; the contract as
    a dashed line with its figure above."""
    bars, reference = chart.bars, chart.reference
    labels = [_label(b.label) for b in bars]
    row = max(_ROW, max(label.count("\n") + 1 for label in labels) * _LINE + _GAP)
    note = f"{reference.label}: {reference.shown}" if reference else ""
    height = _PAD * 2 + (_ROW if reference else 0.0) + row * len(bars)
    canvas = _Canvas(_width_pt(), height)
    left = _PAD + max(canvas.measure(label)[0] for label in labels) + 2 * _GAP
    right = _width_pt() - _PAD - max([canvas.measure(b.shown)[0] + 2 * _GAP for b in bars]
                                     + [canvas.measure(note)[0] / 2 if note else 0])
    top = max([b.value for b in bars] + ([reference.value] if reference else [])) or 1
    per = (right - left) / top
    middles = [_PAD + row * (len(bars) - n - 0.5) for n in range(len(bars))]
    for bar, middle in zip(bars, middles, strict=True):
        canvas.rectangle((left, middle - row * _BAR_SHARE / 2),
                         (bar.value * per, row * _BAR_SHARE),
                         palette.second if bar.second else palette.bar)
    canvas.line((left, _PAD), (left, _PAD + row * len(bars)), palette.rule)
    if reference is not None:
        x = left + reference.value * per
        canvas.line((x, _PAD), (x, _PAD + row * len(bars)), palette.reference, 1.6, (4, 2))
        canvas.text((x, _PAD + row * len(bars) + _GAP), note, palette.reference, "center",
                    "bottom")
    for bar, label, middle in zip(bars, labels, middles, strict=True):
        canvas.text((left - _GAP * 2, middle), label, palette.text, "right")
        # On white, so that the contract line never runs through a figure.
        width = canvas.measure(bar.shown)[0]
        canvas.rectangle((left + bar.value * per + _GAP / 2, middle - _LINE / 2),
                         (width + _GAP, _LINE), "#ffffff")
        canvas.text((left + bar.value * per + _GAP, middle), bar.shown, palette.text)
    return canvas.png()


def _draw_vertical(chart: Chart, palette: Palette) -> bytes:
    """Columns on a base line, the year under each and the figure above; the report year in
    the full colour."""
    bars = chart.bars
    canvas = _Canvas(_width_pt(), _TREND_HEIGHT)
    base, roof = _PAD + _ROW, _TREND_HEIGHT - _PAD - _ROW
    slots = max(len(bars), 4)
    slot = (_width_pt() - 2 * _PAD) / slots
    start = _PAD + (slots - len(bars)) * slot / 2
    top = max(b.value for b in bars) or 1
    for n, bar in enumerate(bars):
        middle = start + slot * (n + 0.5)
        height = (roof - base) * bar.value / top
        colour = palette.bar if n == len(bars) - 1 else palette.second
        canvas.rectangle((middle - slot * 0.3, base), (slot * 0.6, height), colour)
        canvas.text((middle, base + height + _GAP), bar.shown, palette.text, "center",
                    "bottom")
        canvas.text((middle, _PAD + _ROW / 2), bar.label, palette.text, "center")
    canvas.line((_PAD, base), (_width_pt() - _PAD, base), palette.rule)
    return canvas.png()


def render(chart: Chart, palette: Palette = DEFAULT_PALETTE) -> bytes:
    """The chart as PNG bytes; the same chart and palette give the same bytes."""
    with _lock:
        if chart.key == TREND:
            return _draw_vertical(chart, palette)
        return _draw_horizontal(chart, palette)


def rendered(figures: ReportFigures, years: Sequence[YearFigures] = (),
             palette: Palette = DEFAULT_PALETTE) -> tuple[RenderedChart, ...]:
    return tuple(RenderedChart(chart, render(chart, palette))
                 for chart in report_charts(figures, years))

