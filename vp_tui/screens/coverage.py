"""Vervanging: the coverage grid of the coming weeks, the gaps, suggestions and absences.

Choosing a gap (in the grid or in the list) ranks replacements for it; `a` assigns the
highlighted suggestion (the best one unless another is chosen). `n` records an absence, `x`
withdraws the highlighted absence, `[` and `]` move the period a week.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Header, Label, Static

from vp_tui.i18n import _, fmt_date
from vp_tui.models.enums import ABSENCE_KINDS, DAY_PARTS, GENDERS
from vp_tui.screens.base import VpScreen
from vp_tui.screens.errors import reports_errors
from vp_tui.screens.form_screen import FormScreen
from vp_tui.services.absences import (
    AbsenceForm,
    AbsenceRow,
    cancel_absence,
    list_absences,
    record_absence,
)
from vp_tui.services.advisers import list_advisers
from vp_tui.services.coverage import (
    Coverage,
    Gap,
    assign_cover,
    coverage,
    suggest_replacements,
)
from vp_tui.widgets.coverage_grid import CoverageGrid, legend
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.form import FieldSpec
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.safe import literal

WEEKS = 4


def _gap_text(gap: Gap) -> str:
    """'onbezet', 'onbezet (ochtend)', 'onvolledig: geen man'."""
    text = gap.kind
    if gap.day_part != "dag":
        text += f" ({DAY_PARTS.label(gap.day_part)})"
    if gap.kind == "onvolledig":
        text += ": " + _("geen {who}").format(
            who=_(" of ").join(GENDERS.label(g) for g in gap.missing))
    return text


def _covers_text(absence: AbsenceRow) -> str:
    """'CS (6)': who covers, and for how many organisations."""
    counts = Counter(c.replacement for c in absence.covers)
    return ", ".join(f"{who} ({n})" for who, n in sorted(counts.items())) or _("geen")


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question for an action that removes something."""

    CSS_PATH = "coverage.tcss"
    BINDINGS = [Binding("j,y", "answer(True)", _("Ja")),
                Binding("n,escape", "answer(False)", _("Nee"))]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="confirm"):
            yield Static(literal(self._question))
            yield Static(_("j = ja, n = nee"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class CoverageScreen(VpScreen):
    LABEL = _("Vervanging")
    AUTO_FOCUS = "CoverageGrid"  # see DashboardScreen
    CSS_PATH = "coverage.tcss"
    BINDINGS = [
        Binding("a", "assign", _("Toewijzen"), id="coverage-assign"),
        Binding("n", "new_absence", _("Afwezigheid"), id="coverage-absence"),
        Binding("x", "cancel_absence", _("Intrekken"), id="coverage-cancel"),
        Binding("left_square_bracket", "shift(-1)", _("Week terug"), show=False,
                id="coverage-back"),
        Binding("right_square_bracket", "shift(1)", _("Week verder"), show=False,
                id="coverage-on"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.start: dt.date | None = None
        self.data: Coverage | None = None
        self.selected: tuple[int, dt.date] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="period")
        yield Static(legend(), id="legend")
        yield CoverageGrid(id="grid")
        with Horizontal(id="panels"):
            with Vertical(id="gaps-panel"):
                yield Label(_("Tekorten"), classes="section")
                yield RecordTable([(_("Datum"), "day"), (_("Organisatie"), "org"),
                                   (_("Tekort"), "kind")], id="gaps")
            with Vertical(id="side-panel"):
                yield Label(_("Voorstellen"), id="suggestions-title", classes="section")
                yield RecordTable([(_("Adviseur"), "who"), (_("Bekend"), "known"),
                                   (_("Open meldingen"), "load")], id="suggestions")
                yield Label(_("Afwezig in deze periode"), classes="section")
                yield RecordTable([(_("Adviseur"), "who"), (_("Van"), "start"),
                                   (_("Tot en met"), "end"), (_("Vervanging"), "covers")],
                                  id="absences")
        yield Footer()

    def on_mount(self) -> None:
        self.start = self.ctx.today
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    # --- data ----------------------------------------------------------------------------

    @reports_errors
    def reload(self) -> None:
        assert self.start is not None
        self.data = data = coverage(self.ctx, self.start, WEEKS)
        period = _("{start} tot en met {end}: {n} tekorten").format(
            start=fmt_date(data.start), end=fmt_date(data.end), n=len(data.gaps))
        if data.holidays:
            period += "   " + _("feestdagen: {days}").format(days=", ".join(
                f"{fmt_date(d, 'short')} {name}" for d, name in sorted(data.holidays.items())))
        self.query_one("#period", Static).update(literal(period))
        self.query_one(CoverageGrid).show(data)
        self.query_one("#gaps", RecordTable).load(
            (n, [fmt_date(g.day, "short"), g.organisation, _gap_text(g)])
            for n, g in enumerate(data.gaps)
        )
        self.query_one("#absences", RecordTable).load(
            (a.id, [a.initials + ("" if a.day_part == "dag" else
                                  f" ({DAY_PARTS.label(a.day_part)})"),
                    fmt_date(a.start, "short"), fmt_date(a.end, "short"),
                    _covers_text(a)])
            for a in list_absences(self.ctx, data.start, data.end)
        )
        self.show_suggestions()

    @reports_errors
    def show_suggestions(self) -> None:
        title = self.query_one("#suggestions-title", Label)
        table = self.query_one("#suggestions", RecordTable)
        gap = self.data.gap_at(*self.selected) if self.data and self.selected else None
        if gap is None:
            title.update(_("Voorstellen: kies een tekort"))
            table.load([])
            return
        suggestions = suggest_replacements(self.ctx, gap.organisation_id, gap.day)
        heading = (_("{org}, {day}: voorstellen") if suggestions
                   else _("{org}, {day}: niemand beschikbaar")).format(
            org=gap.organisation, day=fmt_date(gap.day, "short"))
        title.update(literal(heading))
        table.load(
            (s.adviser_id, [f"{s.initials} {s.name}", _("ja") if s.known else _("nee"),
                            str(s.open_cases)])
            for s in suggestions
        )
        if table.row_count:
            table.move_cursor(row=0)

    def choose(self, organisation_id: int, day: dt.date) -> None:
        if self.selected != (organisation_id, day):
            self.selected = (organisation_id, day)
            self.show_suggestions()

    def on_coverage_grid_cell_chosen(self, event: CoverageGrid.CellChosen) -> None:
        self.choose(event.organisation_id, event.day)

    def on_data_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        if event.data_table.id != "gaps" or self.data is None or event.row_key.value is None:
            return
        gap = self.data.gaps[int(event.row_key.value)]
        self.choose(gap.organisation_id, gap.day)
        self.query_one(CoverageGrid).select(gap.organisation_id, gap.day)

    # --- actions ----------------------------------------------------------------------------

    def action_shift(self, weeks: int) -> None:
        assert self.start is not None
        self.start += dt.timedelta(weeks=weeks)
        self.reload()

    @reports_errors
    def action_assign(self) -> None:
        gap = self.data.gap_at(*self.selected) if self.data and self.selected else None
        adviser_id = self.query_one("#suggestions", RecordTable).current_id
        if gap is None or adviser_id is None:
            self.notify(_("Kies eerst een tekort met een voorstel."), severity="warning")
            return
        assign_cover(self.ctx, gap.organisation_id, gap.day, adviser_id)
        self.notify(_("Vervanging geregeld voor {org}.").format(org=gap.organisation))
        self.reload()

    def action_new_absence(self) -> None:
        actor = self.ctx.actor
        people = [(f"{a.initials} {a.name}", a.id) for a in list_advisers()
                  if actor.is_coordinator or a.id == actor.id]
        day = self.selected[1] if self.selected else self.ctx.today
        fields = [
            FieldSpec("adviser_id", _("Adviseur"), "choice", people, actor.id),
            FieldSpec("kind", _("Soort"), "choice", ABSENCE_KINDS.as_options(), "vakantie"),
            FieldSpec("start", _("Van"), "date", value=day),
            FieldSpec("end", _("Tot en met"), "date", value=day),
            FieldSpec("day_part", _("Dagdeel"), "choice", DAY_PARTS.as_options(), "dag"),
            FieldSpec("note", _("Notitie"), "text"),
        ]

        def submit(values: dict[str, Any]) -> int:
            return record_absence(self.ctx, AbsenceForm(**values))

        def done(result: int | None) -> None:
            if result is not None:
                self.notify(_("Afwezigheid vastgelegd."))
                self.reload()

        self.app.push_screen(FormScreen(_("Afwezigheid vastleggen"), fields, submit), done)

    def action_cancel_absence(self) -> None:
        absence_id = self.query_one("#absences", RecordTable).current_id
        if absence_id is not None:
            self.app.push_screen(
                ConfirmScreen(_("Deze afwezigheid en de vervanging ervoor intrekken?")),
                partial(self._withdraw, absence_id))

    @reports_errors
    def _withdraw(self, absence_id: int, yes: bool | None) -> None:
        if yes:
            cancel_absence(self.ctx, absence_id)
            self.notify(_("Afwezigheid ingetrokken."))
            self.reload()
