"""A modal form: ctrl+s saves through a service call, Esc closes (asking first when the form
was changed: save, discard or keep editing).

The screen owns no rule. `check` (optional) asks a service for errors and warnings before
saving; `submit` calls the service that saves and may refuse with a ValidationError naming the
field. Errors keep the form open with what was typed; warnings are shown once and a second
ctrl+s saves anyway.

A stale save (someone else saved the record since the form was filled) is refused with who and
when. With a `reload`, ctrl+r then loads the stored version into the form and keeps what the
user typed beside it, read-only and copyable: nothing is overwritten silently and nothing typed
is lost. While a form with long text (text areas) is open, that text is kept as a crash draft
(vp_tui.screens.drafts) until the form is saved or discarded.

The check and the save run on a database thread (vp_tui.screens.background): while another
session holds the write lock, the form stays open and editable, says that it waits, and takes
no second ctrl+s until the first has an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Select, Static, TextArea

from vp_tui.errors import ConflictError, ValidationError
from vp_tui.i18n import _
from vp_tui.screens.background import ServiceCalls
from vp_tui.screens.drafts import DraftKeeper, DraftTarget, LeaveQuestion, take_restored
from vp_tui.text import strip_controls
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.form import FieldSpec, Form, FormIssue, Issue
from vp_tui.widgets.safe import literal

Values = dict[str, Any]


@dataclass(frozen=True)
class FormSpec:
    """A form's fields (with the values to start from) and the save that goes with them; for an
    edit, the save expects the version the values were read at."""

    fields: Sequence[FieldSpec]
    submit: Callable[[Values], Any]


@dataclass(frozen=True)
class Reread:
    """After a stale save: `read` the record again (on a database thread), then `build` the
    form from what it returned (on the UI thread)."""

    read: Callable[[], Any]
    build: Callable[[Any], FormSpec]


@dataclass(frozen=True)
class _Unsaved:
    """The check's issues stopped the save of `values` (errors, or warnings not yet seen)."""

    issues: Sequence[Issue]
    values: Values


class FormScreen(ServiceCalls, ModalScreen[Any]):
    """Dismisses with whatever `submit` returned (usually the new id or version)."""

    CSS_PATH = "dialogs.tcss"
    #: The form's own keys before the field keys, in key bar and help (VpScreen.KEY_ORDER).
    KEY_ORDER = ("save", "cancel", "reload")
    BINDINGS = [
        Binding("ctrl+s", "save", _("Opslaan"), priority=True),
        Binding("escape", "cancel", _("Annuleren")),
        Binding("ctrl+r", "reload", _("Herladen"), priority=True),
        # A form is modal: the app's keys do not reach it, so its help key is its own.
        Binding("f1", "app.help", _("Help"), key_display="F1"),
        # Textual's own field keys, with Dutch descriptions for the help screen.
        Binding("tab", "app.focus_next", _("Volgend veld"), show=False),
        Binding("shift+tab", "app.focus_previous", _("Vorig veld"), show=False),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        submit: Callable[[Values], Any],
        check: Callable[[Values], Sequence[Issue]] | None = None,
        intro: str = "",
        on_change: Callable[[Form, str], None] | None = None,
        reload: Reread | None = None,
        draft: DraftTarget | None = None,
    ) -> None:
        """`reload` reads the record again after a stale save (see the module docstring);
        `draft` names the crash draft of the form's long text (vp_tui.screens.drafts)."""
        super().__init__()
        self._draft = draft
        self._keeper: DraftKeeper | None = None
        #: What the form showed when it opened: Esc asks only when that changed.
        self._opened: dict[str, tuple[str, str]] = {}
        self._on_change = on_change
        self._reload = reload
        self._stale = False
        self._title = title
        self.LABEL = title  # the help screen's title, as VpScreen.LABEL
        self._fields = fields
        self._submit = submit
        self._check = check
        self._intro = intro
        self._acknowledged: Values | None = None
        #: A save (or a reload) is on its way: ctrl+s waits for its answer.
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self._title), classes="dialog-title")
            if self._intro:
                yield Static(literal(self._intro), classes="dialog-hint")
            yield Form(self._fields)
            yield Static(_("Wacht op de database: een andere sessie schrijft…"),
                         id="form-waiting", classes="dialog-hint")
            with Vertical(id="unsaved"):
                yield Static(_("Uw niet-opgeslagen invoer (alleen-lezen; f7 selecteert alles, "
                               "ctrl+c kopieert, ctrl+v plakt in het formulier):"),
                             classes="dialog-hint")
                yield TextArea(id="unsaved-text", read_only=True, soft_wrap=True, compact=True)
        yield Footer()

    @property
    def form(self) -> Form:
        return self.query_one(Form)

    def on_mount(self) -> None:
        if self._fields:
            self.form.focus_field(self._fields[0].name)
        self._guard()

    def on_select_changed(self, event: Select.Changed) -> None:
        """Let the caller adjust dependent fields (e.g. categories that fit a case type)."""
        name = self.form.field_of(event.select)
        if self._on_change is not None and name:
            self._on_change(self.form, name)

    # --- nothing typed is lost: the question at Esc, the crash draft ----------------------

    def _guard(self) -> None:
        """Remember what the form opened with; keep its long text as a crash draft, starting
        from the draft being reopened, if any."""
        self._opened = self.form.shown_texts()
        areas = [s.name for s in self._fields if s.kind == "area"]
        if self._draft is None or not areas:
            return
        opened = {name: self._opened[name][1] for name in areas}
        restored = take_restored(self.app, self._draft.key)
        for name, text in (restored or {}).items():
            if name in areas:
                self.form.control(name).text = strip_controls(text)  # type: ignore[attr-defined]
        target = self._draft
        self._keeper = DraftKeeper(self, self.app.session.ctx, target.key,  # type: ignore[attr-defined]
                                   target.title, self._long_texts, opened,
                                   case_id=target.case_id, held=restored is not None)

    def _long_texts(self) -> dict[str, str] | None:
        """The text areas' texts; None while the form is being rebuilt (ctrl+r)."""
        forms = self.query(Form)
        if not forms:
            return None
        form = forms.first()
        return {name: str(form.read_field(name)) for name, spec in form.fields.items()
                if spec.kind == "area"}

    def action_cancel(self) -> None:
        """Close at once when nothing changed; else ask (keep editing is the default)."""
        if self.form.shown_texts() == self._opened:
            self.dismiss(None)
            return
        self.app.push_screen(LeaveQuestion(), self._answered)

    async def _answered(self, answer: str | None) -> None:
        if answer == "save":
            await self.run_action("save")
        elif answer == "discard":
            self.dismiss(None)

    def on_unmount(self) -> None:
        """Gone without a save or a discard (the session ends): the latest text is kept."""
        if self._keeper is not None:
            self._keeper.last()

    def on_text_area_changed(self) -> None:
        if self._keeper is not None:
            self._keeper.seen()

    def dismiss(self, result: Any = None) -> Any:
        """Saved or discarded: the crash draft goes."""
        if self._keeper is not None:
            self._keeper.stop()
            self._keeper = None
        return super().dismiss(result)

    def action_save(self) -> None:
        if self._busy:
            return
        values = self.form.read()
        if values is None:
            return
        self._set_busy(True)
        self.call_service(self._check_and_submit, values, then=self._saved,
                          error=self._refused_save, group="save", waiting=self._show_waiting)

    def _check_and_submit(self, values: Values) -> Any:
        """On a database thread: the check, then the save unless the check's issues stop it
        (errors, or warnings not yet shown for these values)."""
        if self._check is not None:
            issues = list(self._check(values))
            if any(not i.warning for i in issues) or (issues and values != self._acknowledged):
                return _Unsaved(issues, values)
        return self._submit(values)

    def _saved(self, result: Any) -> None:
        self._set_busy(False)
        if not isinstance(result, _Unsaved):
            self.dismiss(result)
            return
        self.form.show_issues(result.issues)
        if all(i.warning for i in result.issues):
            self._acknowledged = result.values
            self.notify(_("Let op de waarschuwing. Druk nogmaals ctrl+s om toch op te slaan."),
                        severity="warning")

    def _refused_save(self, error: Exception) -> None:
        self._set_busy(False)
        field = error.field if isinstance(error, ValidationError) else None
        issues = [FormIssue(field or "", str(error))]
        if isinstance(error, ConflictError) and self._reload is not None:
            self._stale = True
            issues.append(FormIssue("", _("ctrl+r laadt de opgeslagen versie; wat u typte "
                                          "blijft zichtbaar."), warning=True))
            self.refresh_bindings()
        self.form.show_issues(issues)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        if not busy:
            self.query_one("#form-waiting").remove_class("-shown")
        self.refresh_bindings()

    def _show_waiting(self) -> None:
        """The save waits (another session holds the write lock): say so, in the form."""
        self.query_one("#form-waiting").add_class("-shown")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "reload", "cancel") and self._busy:
            return False
        if action == "reload":
            return self._stale
        return True

    def action_reload(self) -> None:
        """The stored version into the form; what the user typed (where it differs) into the
        read-only area under it, to copy from."""
        assert self._reload is not None
        if self._busy:
            return
        self._set_busy(True)
        self.call_service(self._reload.read, then=self._reloaded, error=self._refused_reload,
                          group="save", waiting=self._show_waiting)

    def _refused_reload(self, error: Exception) -> None:
        self._set_busy(False)
        self.form.show_issues([FormIssue("", str(error))])

    async def _reloaded(self, record: Any) -> None:
        assert self._reload is not None
        self._set_busy(False)
        spec = self._reload.build(record)
        typed = self.form.shown_texts()
        self._fields, self._submit = spec.fields, spec.submit
        self._stale, self._acknowledged = False, None
        await self.form.remove()
        form = Form(spec.fields)
        await self.query_one(".dialog").mount(form, before="#form-waiting")
        stored = form.shown_texts()
        kept = [f"{label}:\n{text}" for name, (label, text) in typed.items()
                if text and stored.get(name, (label, ""))[1] != text]
        self.query_one("#unsaved-text", TextArea).load_text("\n\n".join(kept))
        self.query_one("#unsaved").set_class(bool(kept), "-shown")
        if spec.fields:
            form.focus_field(spec.fields[0].name)
        self.refresh_bindings()
        self.notify(_("De opgeslagen versie is geladen; sla opnieuw op wat u wilt houden."))
