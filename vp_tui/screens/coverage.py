"""Vervanging: the coverage grid of the coming weeks, the gaps and the absences.

Enter or `a` on a gap (in the grid or in the list) opens its replacements, best first, with
what assigning the highlighted one would record: who covers whom at which organisation, from
when to when, and whether a man-and-woman organisation then has both. Enter or `j` assigns,
Esc goes back. `n` records an absence, `x` withdraws the highlighted absence, `[` and `]`
move the period a week. Below 120 columns the gaps and the absences are stacked under the
grid instead of side by side.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.screen import ModalScreen
from textual.widgets import Header, Label, Static

from vp_tui.i18n import _, fmt_date
from vp_tui.models.enums import ABSENCE_KINDS, DAY_PARTS, GENDERS
from vp_tui.screens.base import VpScreen
from vp_tui.screens.confirm import ConfirmScreen
from vp_tui.screens.errors import reports_errors, user_error
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
    CoverPlan,
    Gap,
    Suggestion,
    assign_cover,
    cover_text,
    coverage,
    describe_assignment,
    describe_cover,
    gap_text,
    suggest_replacements,
)
from vp_tui.widgets.coverage_grid import CoverageGrid, legend
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.form import FieldSpec
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.safe import literal

WEEKS = 4


def _gender_text(plan: CoverPlan, day: dt.date) -> str:
    """What the cover means for a man-and-woman organisation on the gap's day ('' otherwise)."""
    if not plan.missing:
        return ""
    if not plan.still_missing:
        return _("Op {day} heeft {org} dan een man en een vrouw.").format(
            day=fmt_date(day, "short"), org=plan.organisation)
    return _("Op {day} blijft {org} zonder {who}.").format(
        day=fmt_date(day, "short"), org=plan.organisation,
        who=_(" of ").join(GENDERS.label(g) for g in plan.still_missing))


def _covers_text(absence: AbsenceRow) -> str:
    """'CS (6)': who covers, and for how many organisations."""
    counts = Counter(c.replacement for c in absence.covers)
    return ", ".join(f"{who} ({n})" for who, n in sorted(counts.items())) or _("geen")


class AssignScreen(ModalScreen[int | None]):
    """The replacements for one gap and what assigning the highlighted one would record;
    dismisses with the chosen adviser's id, or None."""

    CSS_PATH = "coverage.tcss"
    BINDINGS = [Binding("j", "confirm", _("Toewijzen")),
                Binding("escape", "dismiss_none", _("Annuleren"))]

    def __init__(self, gap: Gap, suggestions: list[Suggestion],
                 describe: Callable[[int], CoverPlan]) -> None:
        super().__init__()
        self._gap = gap
        self._suggestions = suggestions
        self._describe = describe
        self._chosen: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="assign"):
            yield Static(literal(_("Vervanging voor {org}").format(org=self._gap.organisation)),
                         classes="dialog-title")
            yield Static(literal(f"{fmt_date(self._gap.day, 'short')}: {gap_text(self._gap)}"))
            yield RecordTable([(_("Adviseur"), "who"), (_("Bekend"), "known"),
                               (_("Open meldingen"), "load")], fit="who", id="suggestions")
            yield Static(id="plan")
            yield Static(_("Enter of j = toewijzen   ↑↓ = andere adviseur   Esc = annuleren"),
                         classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#suggestions", RecordTable)
        table.load(
            (s.adviser_id, [f"{s.initials} {s.name}", _("ja") if s.known else _("nee"),
                            str(s.open_cases)])
            for s in self._suggestions
        )
        table.focus()
        self.show_plan()

    def on_data_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        event.stop()
        self.show_plan()

    def show_plan(self) -> None:
        """The plan of the highlighted replacement; a refusal is shown in its place, and
        then nothing can be confirmed."""
        adviser_id = self.query_one("#suggestions", RecordTable).current_id
        self._chosen = None
        if adviser_id is None:
            return
        try:
            plan = self._describe(adviser_id)
        except Exception as error:
            shown = user_error(error)
            if shown is None:
                raise
            text = "✗ " + str(shown)
        else:
            self._chosen = adviser_id
            text = "\n".join(t for t in (cover_text(plan), _gender_text(plan, self._gap.day))
                             if t)
        self.query_one("#plan", Static).update(literal(text))

    def on_record_table_opened(self, event: RecordTable.Opened) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        if self._chosen is not None:
            self.dismiss(self._chosen)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class CoverageScreen(VpScreen):
    LABEL = _("Vervanging")
    AUTO_FOCUS = "CoverageGrid"  # see DashboardScreen
    CSS_PATH = "coverage.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("a", "assign", _("Toewijzen"), id="coverage-assign"),
        Binding("n", "new_absence", _("Afwezigheid"), id="coverage-absence"),
        Binding("x", "cancel_absence", _("Intrekken"), id="coverage-cancel"),
        Binding("u", "offboard", _("Vertrek adviseur"), show=False, id="coverage-offboard"),
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
        yield Static(id="holidays")
        yield Static(legend(), id="legend")
        yield CoverageGrid(id="grid")
        with Container(id="panels"):
            with Vertical(id="gaps-panel"):
                yield Label(_("Tekorten (Enter: vervanging kiezen)"), classes="section")
                yield RecordTable([(_("Datum"), "day"), (_("Organisatie"), "org"),
                                   (_("Tekort"), "kind")], fit="org", id="gaps")
            with Vertical(id="absences-panel"):
                yield Label(_("Afwezig in deze periode"), classes="section")
                yield RecordTable([(_("Adviseur"), "who"), (_("Van"), "start"),
                                   (_("Tot en met"), "end"), (_("Vervanging"), "covers")],
                                  fit="covers", id="absences")
        yield Footer()

    def on_mount(self) -> None:
        self.start = self.ctx.today
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    # --- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        if self.start is None:
            return  # not mounted yet: on_mount reads
        self.call_service(self._read, self.start, then=self._show)

    def _read(self, start: dt.date) -> tuple[Coverage, list[AbsenceRow]]:
        data = coverage(self.ctx, start, WEEKS)
        return data, list_absences(self.ctx, data.start, data.end)

    def _show(self, found: tuple[Coverage, list[AbsenceRow]]) -> None:
        data, absences = found
        self.data = data
        self.query_one("#period", Static).update(literal(
            _("{start} tot en met {end}: {n} tekorten").format(
                start=fmt_date(data.start), end=fmt_date(data.end), n=len(data.gaps))))
        holidays = self.query_one("#holidays", Static)
        holidays.display = bool(data.holidays)
        holidays.update(literal(_("feestdagen: {days}").format(days=", ".join(
            f"{d:%d-%m} {name}" for d, name in sorted(data.holidays.items())))))
        self.query_one(CoverageGrid).show(data)
        self.query_one("#gaps", RecordTable).load(
            (n, [fmt_date(g.day, "short"), g.organisation, gap_text(g)])
            for n, g in enumerate(data.gaps)
        )
        self.query_one("#absences", RecordTable).load(
            (a.id, [a.initials + ("" if a.day_part == "dag" else
                                  f" ({DAY_PARTS.label(a.day_part)})"),
                    fmt_date(a.start, "short"), fmt_date(a.end, "short"),
                    _covers_text(a)])
            for a in absences
        )
        self.refresh_bindings()  # withdrawing needs an absence in the period

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Withdrawing an absence is offered only while the period has one."""
        if action == "cancel_absence":
            return self.is_mounted and self.query_one("#absences", RecordTable).row_count > 0
        if action == "offboard":
            return self.ctx.actor.is_coordinator
        return True

    def selected_gap(self) -> Gap | None:
        return self.data.gap_at(*self.selected) if self.data and self.selected else None

    def choose(self, organisation_id: int, day: dt.date) -> None:
        self.selected = (organisation_id, day)

    def on_coverage_grid_cell_chosen(self, event: CoverageGrid.CellChosen) -> None:
        self.choose(event.organisation_id, event.day)

    def on_coverage_grid_cell_opened(self, event: CoverageGrid.CellOpened) -> None:
        self.choose(event.organisation_id, event.day)
        self.action_assign()

    def on_data_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        if event.data_table.id != "gaps" or self.data is None or event.row_key.value is None:
            return
        gap = self.data.gaps[int(event.row_key.value)]
        self.choose(gap.organisation_id, gap.day)
        self.query_one(CoverageGrid).select(gap.organisation_id, gap.day)

    def on_record_table_opened(self, event: RecordTable.Opened) -> None:
        if event.table.id == "gaps":
            self.action_assign()

    # --- actions ----------------------------------------------------------------------------

    def action_offboard(self) -> None:
        """An adviser who leaves takes their organisations' cover along: the leaving screen
        shows the gaps that remain."""
        from vp_tui.screens.offboarding import OffboardingScreen

        self.app.push_screen(OffboardingScreen())

    def action_shift(self, weeks: int) -> None:
        assert self.start is not None
        self.start += dt.timedelta(weeks=weeks)
        self.reload()

    @reports_errors
    def action_assign(self) -> None:
        gap = self.selected_gap()
        if gap is None:
            self.notify(_("Kies eerst een tekort."), severity="warning")
            return
        suggestions = suggest_replacements(self.ctx, gap.organisation_id, gap.day)
        if not suggestions:
            self.notify(_("Niemand is beschikbaar voor {org} op {day}.").format(
                org=gap.organisation, day=fmt_date(gap.day, "short")),
                severity="warning", markup=False)
            return
        describe = partial(describe_assignment, self.ctx, gap.organisation_id, gap.day)
        self.app.push_screen(AssignScreen(gap, suggestions, describe),
                             partial(self._assign, gap))

    def _assign(self, gap: Gap, adviser_id: int | None) -> None:
        if adviser_id is None:
            return

        def assign() -> CoverPlan:
            cover_id = assign_cover(self.ctx, gap.organisation_id, gap.day, adviser_id)
            return describe_cover(self.ctx, cover_id)

        self.call_service(assign, then=self._assigned, group="assign")

    def _assigned(self, plan: CoverPlan) -> None:
        self.notify(cover_text(plan), title=_("Vervanging geregeld"), markup=False)
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

    def _withdraw(self, absence_id: int, yes: bool | None) -> None:
        if yes:
            self.call_service(cancel_absence, self.ctx, absence_id, then=self._withdrawn,
                              group="withdraw")

    def _withdrawn(self, _result: object) -> None:
        self.notify(_("Afwezigheid ingetrokken."))
        self.reload()
