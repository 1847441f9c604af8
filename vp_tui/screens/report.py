"""Jaarverslag: choose organisation and year, read the anonymous figures, edit the narrative
sections, save the draft and write the Word file.

The left list switches between the figures and one text per section. ctrl+s saves the draft
(optimistic concurrency: a stale save is refused and says who saved in between), ctrl+r
reloads it, ctrl+g saves if needed and writes the Word file, then shows where it went.
Unsaved texts are kept as a crash draft (vp_tui.screens.drafts). In a text, letters are text:
Esc leaves it for the list of sections, where the app's keys work again.
ctrl+f marks the saved texts final (the Word file then says CONCEPT no more); F9 and F10 open
the agency's details and the advisers' contact details for clients (admins, screens/agency.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import (
    ContentSwitcher,
    Header,
    Input,
    Label,
    OptionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from vp_tui.errors import ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.screens.agency import open_contacts, open_profile
from vp_tui.screens.base import VpScreen
from vp_tui.screens.coverage import ConfirmScreen
from vp_tui.screens.drafts import DraftKeeper, take_restored
from vp_tui.screens.errors import reports_errors
from vp_tui.services.context import Context
from vp_tui.services.drafts import META, report_key
from vp_tui.services.report_drafts import SECTIONS, Draft, get_draft, mark_final, save_draft
from vp_tui.services.report_figures import ReportFigures
from vp_tui.services.reporting import (
    OrganisationChoice,
    compute_figures,
    generate_into,
    report_organisations,
)
from vp_tui.services.years import default_report_year
from vp_tui.text import strip_controls
from vp_tui.widgets.footer import NAVIGATION, Footer
from vp_tui.widgets.safe import literal
from vp_tui.widgets.select import Select

FIGURES = "figures"
#: A report's crash draft also names the saved version its texts were typed over.
DRAFT_BASE = META + "versie"


def _table(*columns: str) -> Table:
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for n, column in enumerate(columns):
        table.add_column(literal(column), justify="right" if n else "left")
    return table


def _number(text: str) -> Text:
    """Right-aligned whatever the widget's own text alignment is."""
    return Text(text, justify="right")


def figures_view(figures: ReportFigures) -> RenderableType:
    """The figures as they will appear in the report; every label shown literally."""
    parts: list[RenderableType] = [Text(figures.summary, style="italic"), Text("")]
    key = _table(_("Kerncijfers"), str(figures.year), str(figures.previous.year))
    for now, before in zip(figures.current.figures, figures.previous.figures, strict=True):
        key.add_row(literal(now.label), _number(now.shown), _number(before.shown))
    parts += [key, Text("")]
    for breakdown in figures.breakdowns:
        table = _table(breakdown.title, _("Aantal"))
        if breakdown.withheld:
            table.add_row(literal(_("niet te geven zonder risico op herleidbaarheid")),
                          _number("–"))
        for cell in breakdown.cells:
            table.add_row(literal(cell.label), _number(cell.shown))
        if breakdown.partitions_total and not breakdown.withheld:
            table.add_row(Text(_("Totaal"), style="bold"), _number(figures.current.cases_shown))
        parts += [table, Text("")]
    activities = _table(_("Voorlichting en advies"), _("Aantal"), _("Uren"))
    for line in figures.activities:
        activities.add_row(literal(line.label), _number(str(line.count)),
                           _number(line.hours.shown))
    parts += [activities, Text("")]
    parts.append(Text(_("Afspraken die nog open staan"), style="bold"))
    parts += [literal(f"• {a.advice}") for a in figures.open_arrangements]
    if figures.checklist_note:
        parts.append(literal(figures.checklist_note))
    if not figures.open_arrangements and not figures.checklist_note:
        parts.append(literal(_("Alle afspraken uit de checklist zijn geregeld.")))
    return Group(*parts)


def _final_of(draft: Draft) -> tuple[str, dt.date] | None:
    if draft.final_at is None:
        return None
    return draft.final_by, draft.final_at.date()


def _mark_final(ctx: Context, org_id: int, year: int, version: int) -> Draft:
    mark_final(ctx, org_id, year, version)
    return get_draft(ctx, org_id, year)


class ReportScreen(VpScreen):
    LABEL = _("Jaarverslag")
    CSS_PATH = "report.tcss"
    #: In a text, leaving it comes right after saving it.
    KEY_ORDER = ("save", "leave_text", "generate", NAVIGATION)
    BINDINGS = [
        Binding("ctrl+s", "save", _("Opslaan"), priority=True, id="report-save"),
        Binding("ctrl+g", "generate", _("Word maken"), priority=True, id="report-generate"),
        Binding("ctrl+r", "reload", _("Herladen"), priority=True, id="report-reload"),
        Binding("ctrl+f", "final", _("Definitief maken"), priority=True, id="report-final"),
        Binding("f9", "agency", _("Bureaugegevens (beheer)"), key_display="F9",
                id="report-agency"),
        Binding("f10", "contacts", _("Contactgegevens adviseurs (beheer)"),
                key_display="F10", id="report-contacts"),
        # In a text, letters are text; Esc, F1 and the ctrl keys still act.
        Binding("escape", "leave_text", _("Tekst verlaten"), key_display="Esc",
                id="report-leave-text"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.org_id: int | None = None
        self.year: int | None = None
        self.version = 0
        self.loaded: dict[str, str] = {}
        #: (who, when) the shown report was marked final; None while it is a concept.
        self.final: tuple[str, dt.date] | None = None
        self._names: dict[int, str] = {}
        #: The (organisation, year) being read, until it is shown.
        self._loading: tuple[int, int] | None = None
        #: The crash draft of the shown report's texts (vp_tui.screens.drafts).
        self._keeper: DraftKeeper | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="choose"):
            yield Label(_("Organisatie"))
            yield Select([], prompt=_("Kies een organisatie"), id="org")
            yield Label(_("Jaar"))
            yield Input(type="integer", max_length=4, id="year")
        yield Static(id="state")
        with Horizontal(id="body"):
            yield OptionList(Option(_("Cijfers"), id=FIGURES),
                             *(Option(s.title, id=s.key) for s in SECTIONS), id="sections")
            with ContentSwitcher(initial=FIGURES, id="pane"):
                with VerticalScroll(id=FIGURES):
                    yield Static(id="figures-view")
                for section in SECTIONS:
                    yield TextArea(id=f"text-{section.key}", soft_wrap=True)
        yield Static(id="written")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#year", Input).value = str(default_report_year(self.ctx.today))
        self.fill_organisations()
        self.query_one("#sections", OptionList).highlighted = 0

    # --- loading -------------------------------------------------------------------------

    def chosen_year(self) -> int:
        text = self.query_one("#year", Input).value.strip()
        if not (text.isascii() and text.isdigit()):
            raise ValidationError(_("Geef een jaar, bijvoorbeeld 2025."), "year")
        return int(text)

    @reports_errors
    def fill_organisations(self, then: Callable[[], None] | None = None) -> None:
        """The organisations of the chosen year, then the report of the one chosen (kept
        when it is among them), then `then`; read on a database thread."""
        year = self.chosen_year()
        self.call_service(report_organisations, self.ctx, year, group="organisations",
                          then=lambda choices: self._show_organisations(year, choices, then))

    def _show_organisations(self, year: int, choices: list[OrganisationChoice],
                            then: Callable[[], None] | None) -> None:
        select = self.query_one("#org", Select)
        self._names = {c.id: c.name for c in choices}
        keep = self.org_id if any(c.id == self.org_id for c in choices) else None
        select.set_options((literal(c.name), c.id) for c in choices)
        if not choices:
            self.query_one("#figures-view", Static).update(
                literal(_("Geen organisaties om over te rapporteren in {year}.").format(
                    year=year)))
            return
        chosen = keep if keep is not None else choices[0].id
        self._loading = (chosen, year)
        select.value = chosen
        self.load(chosen, year, then)

    def load(self, org_id: int, year: int, then: Callable[[], None] | None = None, *,
             unless_typed: bool = False) -> None:
        """The report's figures (an audited read) and its draft, read on a database thread;
        then `then`. `unless_typed`: not shown when text was typed meanwhile."""
        self._loading = (org_id, year)

        def show(found: tuple[ReportFigures, Draft]) -> None:
            if unless_typed and self.dirty:
                self._loading = None
                return
            self._show(org_id, year, *found, then)

        self.call_service(self._read, org_id, year, then=show)

    def _read(self, org_id: int, year: int) -> tuple[ReportFigures, Draft]:
        figures = compute_figures(self.ctx, org_id, year)
        return figures, get_draft(self.ctx, org_id, year, figures)

    def _show(self, org_id: int, year: int, figures: ReportFigures, draft: Draft,
              then: Callable[[], None] | None) -> None:
        self._loading = None
        self.org_id, self.year, self.version = org_id, year, draft.version
        self.final = _final_of(draft)
        self.loaded = dict(draft.sections)
        for section in SECTIONS:
            self.query_one(f"#text-{section.key}", TextArea).load_text(
                draft.sections[section.key])
        self.query_one("#figures-view", Static).update(figures_view(figures))
        self.query_one("#written", Static).update("")
        self.show_state()
        self._keep_drafts()
        if then is not None:
            then()

    def _keep_drafts(self, *, held: bool = False) -> None:
        """Unsaved texts of the shown report are kept as a crash draft; the draft of the
        report shown before goes (it was saved, or dropped after the question)."""
        if self._keeper is not None:
            self._keeper.stop()
        assert self.org_id is not None and self.year is not None
        title = _("Jaarverslag {year}: {org}").format(
            year=self.year, org=self._names.get(self.org_id, ""))
        self._keeper = DraftKeeper(self, self.ctx, report_key(self.org_id, self.year), title,
                                   self._shown_texts, dict(self.loaded), held=held,
                                   stamp=lambda: {DRAFT_BASE: str(self.version)})

    def _shown_texts(self) -> dict[str, str] | None:
        """The texts; None once the screen's widgets are gone (the session ends)."""
        try:
            return self.texts()
        except NoMatches:
            return None

    def on_unmount(self) -> None:
        """The session ends: the latest unsaved texts are kept."""
        if self._keeper is not None:
            self._keeper.last()

    def on_text_area_changed(self) -> None:
        if self._keeper is not None:
            self._keeper.seen()

    def restore(self, org_id: int, year: int) -> None:
        """Show this report with the texts of its crash draft (offered at the start) over the
        saved ones; they count as unsaved."""
        texts = take_restored(self.app, report_key(org_id, year))
        if texts is None:
            return
        self.query_one("#year", Input).value = str(year)
        self.org_id = org_id  # fill_organisations keeps it chosen
        # Refused: `then` is not called, and the reason is shown.
        self.fill_organisations(then=lambda: self._restored(org_id, year, texts))

    def _restored(self, org_id: int, year: int, texts: dict[str, str]) -> None:
        if (self.org_id, self.year) != (org_id, year):
            return
        base = texts.get(DRAFT_BASE, "")
        if base.isdigit() and int(base) != self.version:
            # Saved by someone else after the draft's text was typed: saving it is refused as
            # stale, as it would have been in the session that typed it.
            self.version = int(base)
            self.notify(_("Het concept is intussen door een ander opgeslagen: opslaan wordt "
                          "geweigerd tot u herlaadt (ctrl+r). Kopieer eerst wat u wilt "
                          "houden."), severity="warning", timeout=12)
        for section in SECTIONS:
            if section.key in texts:
                self.query_one(f"#text-{section.key}", TextArea).load_text(
                    strip_controls(texts[section.key]))
        self._keep_drafts(held=True)

    def reload(self) -> None:
        """Another session saved: show its draft, unless text typed here is unsaved (saving it
        is then refused as stale, with who and when). Reads the draft first because loading
        also computes the figures, an audited read. Not while the screen is taken down (the
        session ends; its last crash draft is a change of the database too)."""
        if self._shown_texts() is None:
            return
        if self.org_id is None or self.year is None or self.dirty:
            return
        org_id, year, version = self.org_id, self.year, self.version
        self.call_service(
            get_draft, self.ctx, org_id, year,
            then=lambda draft: self.load(org_id, year, unless_typed=True)
            if draft.version != version else None)

    def show_state(self) -> None:
        state = (_("Concept opgeslagen (versie {v}).").format(v=self.version) if self.version
                 else _("Standaardteksten: nog niet opgeslagen."))
        if self.final is not None:
            who, when = self.final
            state = _("Definitief, gemarkeerd door {who} op {date}; een gewijzigde tekst "
                      "maakt het weer een concept.").format(who=who, date=fmt_date(when))
        self.query_one("#state", Static).update(literal(state))

    def texts(self) -> dict[str, str]:
        return {s.key: self.query_one(f"#text-{s.key}", TextArea).text for s in SECTIONS}

    @property
    def dirty(self) -> bool:
        return bool(self.loaded) and self.texts() != self.loaded

    def leave_draft(self, proceed: Callable[[], None], undo: Callable[[], None],
                    question: str = "") -> None:
        """Go elsewhere; unsaved text is only dropped on confirmation (else `undo`)."""
        if not self.dirty:
            proceed()
            return
        self.app.push_screen(
            ConfirmScreen(question or _("De teksten zijn gewijzigd en niet opgeslagen. "
                                        "Wijzigingen weggooien?")),
            lambda drop: proceed() if drop else undo())

    # --- events --------------------------------------------------------------------------

    def on_select_changed(self, event: Select.Changed) -> None:
        org_id, year = event.value, self.year
        if event.select.id != "org" or not isinstance(org_id, int) or year is None:
            return
        if org_id == self.org_id or (self._loading is not None and org_id == self._loading[0]):
            return  # shown, or being read

        def undo() -> None:
            event.select.value = self.org_id

        self.leave_draft(lambda: self.load(org_id, year), undo)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "year" or event.value.strip() == str(self.year):
            return

        def undo() -> None:
            event.input.value = str(self.year)

        self.leave_draft(self.fill_organisations, undo)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        key = event.option.id or FIGURES
        self.query_one("#pane", ContentSwitcher).current = (
            FIGURES if key == FIGURES else f"text-{key}")

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc leaves a text (to the list of sections); elsewhere it has nothing to do."""
        if action == "leave_text":
            return isinstance(self.focused, TextArea)
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_leave_text(self) -> None:
        self.query_one("#sections", OptionList).focus()

    def action_save(self, then: Callable[[], None] | None = None) -> None:
        """Save the texts (on a database thread); `then` once saved."""
        if self.org_id is None or self.year is None:
            return
        texts = self.texts()
        self.call_service(save_draft, self.ctx, self.org_id, self.year, texts, self.version,
                          then=lambda version: self._saved(texts, version, then),
                          group="save")

    def _saved(self, texts: dict[str, str], version: int,
               then: Callable[[], None] | None) -> None:
        if texts != self.loaded:
            self.final = None  # changed texts make it a concept again (report_drafts)
        self.version = version
        self.loaded = texts
        if self._keeper is not None:
            self._keeper.settled(texts)
        self.show_state()
        self.notify(_("Concept opgeslagen."))
        if then is not None:
            then()

    def action_final(self) -> None:
        """Mark the saved texts final (unsaved ones are saved first); refused, naming the
        sections, while one still holds a question of the default text."""
        if self.org_id is None or self.year is None:
            return
        if self.dirty:
            self.action_save(then=self.action_final)
            return
        self.call_service(_mark_final, self.ctx, self.org_id, self.year, self.version,
                          then=self._finalised, group="save")

    def _finalised(self, draft: Draft) -> None:
        self.version, self.final = draft.version, _final_of(draft)
        self.show_state()
        self.notify(_("Verslag definitief: het Word-bestand heeft geen CONCEPT meer."))

    def action_agency(self) -> None:
        open_profile(self)

    def action_contacts(self) -> None:
        open_contacts(self)

    def action_reload(self) -> None:
        """The stored draft (after a refused stale save, say); unsaved text only after a yes,
        with the hint how to keep it: the app's clipboard survives the reload."""
        if self.org_id is None or self.year is None:
            return
        org_id, year = self.org_id, self.year

        def reload() -> None:
            self.load(org_id, year,
                      then=lambda: self.notify(_("Concept opnieuw geladen.")))

        self.leave_draft(reload, lambda: None, _(
            "De teksten zijn gewijzigd en niet opgeslagen. De opgeslagen versie laden en uw "
            "wijzigingen weggooien? Kopieer eerst wat u wilt houden (f7 selecteert alles, "
            "ctrl+c kopieert; na het laden plakt ctrl+v)."))

    def action_generate(self) -> None:
        """The Word file, of the saved texts: unsaved ones are saved first."""
        if self.org_id is None or self.year is None:
            return
        if self.dirty:
            self.action_save(then=self.action_generate)
            return
        self.call_service(generate_into, self.ctx, self.org_id, self.year,
                          self.app.session.report_dir(),
                          then=self._generated, group="save")

    def _generated(self, path: Path) -> None:
        message = _("Word-bestand geschreven: {path}").format(path=path)
        self.query_one("#written", Static).update(literal(message))
        self.notify(message, timeout=10)
