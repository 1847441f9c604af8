"""What a report is made of, complete: the writers (Word, CSV, the report screen) only format
these, and never compute or ask for a figure of their own."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from vp_tui.i18n import _
from vp_tui.services.publication import (
    WITHHELD_MARK,
    ActivityLine,
    Breakdown,
    OverviewRow,
    YearFigures,
    format_count,
)


@dataclass(frozen=True)
class OpenArrangement:
    """A checklist item recorded as not arranged, with the advice the report gives."""

    item: str
    label: str
    advice: str


@dataclass(frozen=True)
class ReportFigures:
    organisation_id: int | None
    organisation: str
    year: int
    k: int
    summary: str
    current: YearFigures
    previous: YearFigures
    breakdowns: tuple[Breakdown, ...]
    activities: tuple[ActivityLine, ...]
    open_arrangements: tuple[OpenArrangement, ...]
    #: One sentence when checklist items were never filled in (or recorded as unknown).
    checklist_note: str
    advisers: tuple[str, ...]

    @property
    def level(self) -> str:
        return self.current.level

    def as_dict(self) -> dict:
        return asdict(self)

    def rows(self) -> list[tuple[str, str, int | float | None, str]]:
        """(section, label, value or None, shown) for flat exports such as CSV."""
        out: list[tuple[str, str, int | float | None, str]] = []
        for year in (self.current, self.previous):
            section = _("kerncijfers {year}").format(year=year.year)
            out.extend((section, c.label, c.value, c.shown) for c in year.figures)
        for line in self.activities:
            out.append((_("activiteiten (aantal)"), line.label, line.count,
                        format_count(line.count)))
            if line.hours.value is not None:
                out.append((_("activiteiten (uren)"), line.label, line.hours.value,
                            line.hours.shown))
        for breakdown in self.breakdowns:
            if breakdown.withheld:
                out.append((breakdown.title, _("niet uitgesplitst"), None, WITHHELD_MARK))
            out.extend((breakdown.title, c.label, c.value, c.shown) for c in breakdown.cells)
        return out


@dataclass(frozen=True)
class AgencyOverview:
    year: int
    k: int
    summary: str
    current: YearFigures
    previous: YearFigures
    organisations: tuple[OverviewRow, ...]
    breakdowns: tuple[Breakdown, ...]
    activities: tuple[ActivityLine, ...]
