"""One case: its facts, the timeline, follow-ups; adding to it, changing its status, and
correcting an entry with its history kept.

Each key opens a small form whose save is one service call; the services hold every rule
(consent for outward steps and referrals, an outcome on closing, no dates in the future, …)
and the form shows their message beside the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static, TabbedContent, TabPane, Tabs

from vp_tui.errors import NotFound
from vp_tui.i18n import _, fmt_date
from vp_tui.models.enums import (
    CASE_TYPES,
    CATEGORIES,
    CHANNELS,
    CONVERSATION_MODES,
    MELDER_ROLES,
    OUTCOMES,
    REFERRAL_DESTINATIONS,
    RELATIONS,
    STATUSES,
    STEPS,
)
from vp_tui.screens.base import VpScreen
from vp_tui.screens.form_screen import FormSpec
from vp_tui.screens.history import HistoryScreen
from vp_tui.services import drafts, followups, handovers, stamps, timeline
from vp_tui.services.cases import queries, rules, status
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.form import FieldSpec
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.safe import literal
from vp_tui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from textual.app import App

    from vp_tui.services.advisers import AdviserRow

#: What the case screen reads: the case's change stamp and the case itself.
CaseRecord = tuple[stamps.CaseStamp, queries.CaseDetail]


def open_case(app: App, case_id: int) -> None:
    """Show a case. Each mode keeps one case screen and loads the next case into it: building
    the screen (its widgets, their styles, their layout) costs more than reading and drawing
    a case of 200 entries (BENCHMARKS.md, detail). Reading a case writes its audit event,
    which may wait for the write lock: the first case screen shows at once and its case once
    read; a later case shows once read, unless the user went elsewhere meanwhile. A refused
    case is not shown and says why."""
    name = f"case:{app.current_mode}"
    if not app.is_screen_installed(name):
        app.install_screen(CaseDetailScreen(case_id), name)
        app.push_screen(name)
        return
    screen = cast(CaseDetailScreen, app.get_screen(name))
    if screen in app.screen_stack:  # not expected: then a screen of its own
        app.push_screen(CaseDetailScreen(case_id))
        return
    origin = app.screen
    screen.show(case_id, lambda: app.push_screen(name) if app.screen is origin else None)


class CaseDetailScreen(VpScreen):
    CSS_PATH = "case_detail.tcss"
    BINDINGS = [
        Binding("escape", "back", _("Terug")),
        Binding("g", "conversation", _("Gesprek")),
        Binding("n", "note", _("Notitie")),
        Binding("s", "step", _("Stap")),
        Binding("r", "referral", _("Verwijzing")),
        Binding("f", "followup", _("Vervolgactie")),
        Binding("x", "status", _("Status")),
        Binding("e", "edit_entry", _("Bewerken")),
        Binding("h", "history", _("Geschiedenis")),
        Binding("a", "complete_followup", _("Afgerond")),
        Binding("b", "confirm_receipt", _("Ontvangst bevestigd")),
        Binding("k", "feedback", _("Terugkoppeling gegeven")),
        Binding("w", "handover", _("Overdragen")),
        Binding("c", "consent", _("Toestemming")),
        Binding("1", "tab('tijdlijn')", _("Tijdlijn"), show=False),
        Binding("2", "tab('vervolg')", _("Vervolgacties"), show=False),
        Binding("3", "tab('gegevens')", _("Gegevens"), show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.case: queries.CaseDetail | None = None
        self._stamp: stamps.CaseStamp | None = None
        self.LABEL = _("Melding")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="case-summary")
        with TabbedContent(id="case-tabs"):
            with TabPane(_("Tijdlijn"), id="tijdlijn"):
                yield TimelineView(id="timeline")
            with TabPane(_("Vervolgacties"), id="vervolg"):
                yield RecordTable(
                    [(_("Vóór"), "due"), (_("Actie"), "what"), (_("Gedaan"), "done")],
                    id="followups", fit="what", openable=False,
                )
            with TabPane(_("Gegevens"), id="gegevens"):
                yield Static("", id="case-facts")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TimelineView).table.focus()
        self.query_one("#case-summary", Static).update(_("Laden…"))
        self.load_record()

    def show(self, case_id: int, then: Callable[[], None]) -> None:
        """Read another case for this (hidden) screen; once read, show it from its first tab
        and its first entry and call `then` (which shows the screen). Refused: not shown, the
        reason is. A read that waits for the database says so after a moment."""
        self.call_service(
            self._read, case_id, then=lambda record: self._show_other(case_id, record, then),
            error=self.notify_refusal, waiting=self._notify_waiting)

    def _show_other(self, case_id: int, record: tuple[stamps.CaseStamp, queries.CaseDetail],
                    then: Callable[[], None]) -> None:
        self.case_id = case_id
        self.query_one(TabbedContent).active = "tijdlijn"
        self.query_one(TimelineView).table.focus()
        for table in self.query(RecordTable):
            table.reset()
        self.show_record(record)
        then()

    def _notify_waiting(self) -> None:
        self.app.notify(_("Wacht op de database: een andere sessie schrijft…"))

    def reload(self) -> None:
        self.load_record()

    def changed_elsewhere(self) -> None:
        """Read the case again only when it changed: reading it is audited, and the audit row
        would wake every other open case screen, and theirs this one, without end."""
        self.call_service(self._read_if_changed, self.case_id, self._stamp,
                          then=self._show_if_read, error=self._leave)

    def _read_if_changed(self, case_id: int, seen: stamps.CaseStamp | None) -> CaseRecord | None:
        if stamps.case_stamp(self.ctx, case_id) == seen:
            return None
        return self._read(case_id)

    def _show_if_read(self, record: CaseRecord | None) -> None:
        if record is not None:
            self.show_record(record)

    def read_record(self) -> CaseRecord:
        return self._read(self.case_id)

    def _read(self, case_id: int) -> CaseRecord:
        # The stamp first: a change between the two reads then shows at the next poll.
        return stamps.case_stamp(self.ctx, case_id), queries.get_case(self.ctx, case_id)

    def show_record(self, record: CaseRecord) -> None:
        self._stamp, case = record
        self.case = case
        self.LABEL = _("Melding {code}").format(code=case.code)
        self.query_one("#case-summary", Static).update(self._summary(case))
        self.query_one("#case-facts", Static).update(self._facts(case))
        self.query_one(TimelineView).load(case.timeline)
        self.query_one("#followups", RecordTable).load(
            (f.id, [fmt_date(f.due_on, "short"), f.description, fmt_date(f.done_on, "short")])
            for f in case.followups
        )
        self.refresh_bindings()  # the handover key depends on the case's owner

    # --- what the case is ----------------------------------------------------------------

    def _summary(self, case: queries.CaseDetail) -> Text:
        line1 = " · ".join([case.code, case.organisation, STATUSES.label(case.status)])
        if case.outcome:
            line1 += f" ({OUTCOMES.label(case.outcome)})"
        line2 = " · ".join(p for p in [
            CASE_TYPES.label(case.case_type),
            _("geopend {day}").format(day=fmt_date(case.opened_on)),
            _("VP {who}").format(who=case.owner),
        ] if p)
        text = Text()
        text.append_text(literal(line1, "bold"))
        text.append("\n")
        text.append_text(literal(line2))
        text.append("\n")
        text.append_text(literal(_("Toestemming melder: {state}").format(
            state=queries.consent_state(case))))
        if case.receipt_due_on is not None:
            text.append("\n")
            text.append_text(literal(self._whistleblower_line(case)))
        return text

    @staticmethod
    def _whistleblower_line(case: queries.CaseDetail) -> str:
        """The statutory dates of an integrity report, as the service computed them."""
        receipt = (_("ontvangst bevestigd {day}").format(day=fmt_date(case.receipt_confirmed_on))
                   if case.receipt_confirmed_on else
                   _("ontvangst bevestigen vóór {day}").format(day=fmt_date(case.receipt_due_on)))
        feedback = (_("teruggekoppeld {day}").format(day=fmt_date(case.feedback_given_on))
                    if case.feedback_given_on else
                    _("terugkoppeling vóór {day}").format(day=fmt_date(case.feedback_due_on)))
        return _("Wbk: {receipt} · {feedback}").format(receipt=receipt, feedback=feedback)

    def _facts(self, case: queries.CaseDetail) -> Text:
        rows = [
            (_("Code"), case.code),
            (_("Organisatie"), case.organisation),
            (_("Status"), STATUSES.label(case.status)),
            (_("Uitkomst"), OUTCOMES.label(case.outcome)),
            (_("Geopend"), fmt_date(case.opened_on)),
            (_("Gesloten"), fmt_date(case.closed_on)),
            (_("VP"), case.owner),
            (_("Kanaal"), CHANNELS.label(case.channel)),
            (_("Soort"), CASE_TYPES.label(case.case_type)),
            (_("Categorieën"), ", ".join(CATEGORIES.label(c) for c in case.categories)),
            (_("Code melder"), case.melder_code),
            (_("Contact"), case.melder_contact),
            (_("Rol melder"), MELDER_ROLES.label(case.melder_role)),
            (_("Relatie"), RELATIONS.label(case.relation)),
            (_("Afdeling"), case.department),
            (_("Toestemming"), queries.consent_state(case)),
            (_("Ontvangst bevestigd"), fmt_date(case.receipt_confirmed_on)),
            (_("Terugkoppeling"), fmt_date(case.feedback_given_on)),
        ]
        text = Text()
        for label, value in rows:
            text.append_text(literal(f"{label}:".ljust(22), "bold"))
            text.append_text(literal(value or "—"))
            text.append("\n")
        return text

    # --- navigation ----------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_tab(self, tab: str) -> None:
        tabbed = self.query_one(TabbedContent)
        tabbed.active = tab
        # Focus into the shown tab: focus left on a widget of the hidden tab fell back into
        # that tab, and TabbedContent then showed it again, so the key seemed to do nothing.
        tables = self.query_one(f"#{tab}", TabPane).query(RecordTable)
        (tables.first() if tables else tabbed.query_one(Tabs)).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key is offered (in the key bar, help and palette) only where it acts, else it is
        hidden: the entry keys on the timeline tab, the follow-up key on its tab while a
        follow-up is open; the whistleblower act's dates on integrity reports, the feedback
        once the receipt is confirmed; the handover on the actor's own cases."""
        case = self.case
        if action == "handover":
            return case is not None and handovers.may_hand_over(self.ctx, case.owner_id)
        if action in ("edit_entry", "history"):
            return self._active_tab() == "tijdlijn"
        if action == "complete_followup":
            return (self._active_tab() == "vervolg" and case is not None
                    and any(f.done_on is None for f in case.followups))
        if action == "confirm_receipt":
            return case is not None and case.receipt_due_on is not None
        if action == "feedback":
            return (case is not None and case.receipt_due_on is not None
                    and case.receipt_confirmed_on is not None)
        return True

    def _active_tab(self) -> str:
        return self.query_one(TabbedContent).active if self.is_mounted else ""

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    # --- adding to the timeline ----------------------------------------------------------

    def form_intro(self) -> str:
        return "" if self.case is None else f"{self.case.code} · {self.case.organisation}"

    def draft_target(self, form: str) -> tuple[str, int | None]:
        return drafts.case_key(self.case_id, form), self.case_id

    def _date(self, name: str, label: str | None = None) -> FieldSpec:
        return FieldSpec(name, label or _("Datum"), "date", value=self.ctx.today)

    def action_conversation(self) -> None:
        self.open_form(
            _("Gesprek toevoegen"),
            [self._date("occurred_on"),
             FieldSpec("minutes", _("Duur (minuten)"), "int"),
             FieldSpec("mode", _("Vorm"), "choice", CONVERSATION_MODES.as_options()),
             FieldSpec("text", _("Verslag"), "area")],
            lambda v: timeline.add_conversation(self.ctx, self.case_id, v["occurred_on"],
                                                v["minutes"], v["mode"], v["text"]),
            _("Gesprek toegevoegd."),
            draft="conversation",
        )

    def action_note(self) -> None:
        self.open_form(
            _("Notitie toevoegen"),
            [self._date("occurred_on"), FieldSpec("text", _("Notitie"), "area")],
            lambda v: timeline.add_note(self.ctx, self.case_id, v["occurred_on"], v["text"]),
            _("Notitie toegevoegd."),
            draft="note",
        )

    def action_step(self) -> None:
        self.open_form(
            _("Stap van de melder vastleggen"),
            [FieldSpec("step", _("Stap"), "choice", STEPS.as_options()),
             self._date("occurred_on"),
             FieldSpec("consent", _("Melder stemt in"), "check"),
             FieldSpec("text", _("Toelichting"), "area")],
            lambda v: timeline.add_step(self.ctx, self.case_id, v["step"], v["occurred_on"],
                                        v["consent"], v["text"]),
            _("Stap vastgelegd."),
            draft="step",
        )

    def action_referral(self) -> None:
        self.open_form(
            _("Verwijzing vastleggen"),
            [FieldSpec("destination", _("Verwezen naar"), "choice",
                       REFERRAL_DESTINATIONS.as_options()),
             self._date("referred_on"),
             FieldSpec("consent", _("Melder stemt in"), "check"),
             FieldSpec("note", _("Toelichting"), "area")],
            lambda v: timeline.add_referral(self.ctx, self.case_id, v["destination"],
                                            v["referred_on"], v["note"], v["consent"]),
            _("Verwijzing vastgelegd."),
            draft="referral",
        )

    def action_followup(self) -> None:
        self.open_form(
            _("Vervolgactie plannen"),
            [FieldSpec("due_on", _("Uiterlijk"), "date",
                       value=followups.default_due(self.ctx.today)),
             FieldSpec("description", _("Wat"))],
            lambda v: followups.add_followup(self.ctx, self.case_id, v["due_on"], v["description"]),
            _("Vervolgactie gepland."),
        )

    def action_handover(self) -> None:
        if self.case is not None:
            self.call_service(handovers.recipients, self.ctx, self.case.organisation_id,
                              then=self._handover_form, group="handover")

    def _handover_form(self, recipients: list[AdviserRow]) -> None:
        advisers = [(f"{a.name} ({a.initials})", a.id) for a in recipients]
        self.open_form(
            _("Melding overdragen"),
            [FieldSpec("to_adviser", _("Aan"), "choice", advisers, none_if_blank=True),
             FieldSpec("consent", _("Melder stemt in"), "check"),
             self._date("start", _("Vanaf")),
             FieldSpec("end", _("Tot en met (optioneel)"), "date")],
            lambda v: handovers.hand_over(self.ctx, self.case_id, v["to_adviser"],
                                          v["consent"], v["start"], v["end"]),
            _("Melding overgedragen."),
        )

    def action_consent(self) -> None:
        """Record the melder's consent, or withdraw it when it is recorded (a dated entry)."""
        if self.case is None:
            return
        withdrawing = self.case.consent_recorded

        def build() -> FormSpec:
            version = self.case.version
            return FormSpec(
                [self._date("on"), FieldSpec("note", _("Toelichting"), "area")],
                lambda v: status.change_consent(self.ctx, self.case_id, version,
                                                not withdrawing, v["on"], v["note"]),
            )

        # Kept, but offered as text only: by the next session the consent may have changed.
        draft = "consent-withdrawal" if withdrawing else "consent"
        if withdrawing:
            self.open_edit(_("Toestemming melder intrekken"), build,
                           _("Intrekking van de toestemming vastgelegd."), draft=draft,
                           intro=self.form_intro() + "\n" + _(
                               "Overdrachten van deze melding eindigen; stappen naar buiten, "
                               "verwijzingen en overdragen wachten op nieuwe toestemming."))
        else:
            self.open_edit(_("Toestemming melder vastleggen"), build,
                           _("Toestemming vastgelegd."), draft=draft)

    def action_status(self) -> None:
        if self.case is None:
            return

        def build() -> FormSpec:
            case = self.case
            options = [(STATUSES.label(s), s) for s in rules.allowed_statuses(case.status)]
            return FormSpec(
                [FieldSpec("status", _("Nieuwe status"), "choice", options),
                 FieldSpec("outcome", _("Uitkomst (bij afsluiten)"), "choice",
                           OUTCOMES.as_options()),
                 self._date("on"),
                 FieldSpec("note", _("Toelichting"), "area")],
                lambda v: status.change_status(self.ctx, self.case_id, case.version,
                                               v["status"], v["outcome"], v["on"], v["note"]),
            )

        self.open_edit(_("Status wijzigen"), build, _("Status gewijzigd."), draft="status",
                       check=lambda v: status.status_issues(self.ctx, self.case_id, v["status"],
                                                     v["outcome"]))

    # --- corrections ---------------------------------------------------------------------

    def action_edit_entry(self) -> None:
        view = self.query_one(TimelineView)
        if view.current is None:
            return
        entry_id = view.current.id

        def build() -> FormSpec:
            entry = view.entry(entry_id)
            if entry is None:
                raise NotFound(_("Deze regel bestaat niet (meer)."))
            return FormSpec(
                [FieldSpec("text", _("Tekst"), "area", value=entry.text)],
                lambda v: timeline.edit_entry(self.ctx, entry.id, entry.version, v["text"]),
            )

        self.open_edit(_("Tekst corrigeren (de vorige tekst blijft bewaard)"), build,
                       _("Tekst gecorrigeerd; de vorige versie staat in de geschiedenis."),
                       draft=f"entry-{entry_id}")

    def action_history(self) -> None:
        entry = self.query_one(TimelineView).current
        if entry is not None:
            # Reading the history is audited: off the UI thread, as any write.
            self.call_service(
                timeline.entry_history, self.ctx, entry.id, group="history",
                then=lambda revisions: self.app.push_screen(
                    HistoryScreen(self.form_intro(), revisions)))

    # --- follow-ups and statutory dates --------------------------------------------------

    def action_complete_followup(self) -> None:
        if self.case is None:
            return
        table = self.query_one("#followups", RecordTable)
        item = next((f for f in self.case.followups if f.id == table.current_id), None)
        if item is not None:
            self.call_service(followups.complete_followup, self.ctx, item.id, item.version,
                              then=self._followup_completed, group="complete")

    def _followup_completed(self, _version: int) -> None:
        self.notify(_("Vervolgactie afgerond."))
        self.reload()

    def action_confirm_receipt(self) -> None:
        self._date_edit(_("Ontvangst van de melding bevestigd"), _("Bevestigd op"),
                        status.confirm_receipt, _("Ontvangstbevestiging vastgelegd."))

    def action_feedback(self) -> None:
        self._date_edit(_("Terugkoppeling aan de melder gegeven"), _("Gegeven op"),
                        status.record_feedback, _("Terugkoppeling vastgelegd."))

    def _date_edit(self, title: str, label: str, save: Callable[..., int], done: str) -> None:
        """A statutory date on the case: `save(ctx, case_id, version, day)`."""
        if self.case is None:
            return

        def build() -> FormSpec:
            version = self.case.version
            return FormSpec([self._date("on", label)],
                            lambda v: save(self.ctx, self.case_id, version, v["on"]))

        self.open_edit(title, build, done)
