"""A modal form: ctrl+s saves through a service call, Esc cancels.

The screen owns no rule. `check` (optional) asks a service for errors and warnings before
saving; `submit` calls the service that saves and may refuse with a ValidationError naming the
field. Errors keep the form open with what was typed; warnings are shown once and a second
ctrl+s saves anyway.

A stale save (someone else saved the record since the form was filled) is refused with who and
when. With a `reload`, ctrl+r then loads the stored version into the form and keeps what the
user typed beside it, read-only and copyable: nothing is overwritten silently and nothing typed
is lost.
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
from vp_tui.screens.errors import user_error
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


class FormScreen(ModalScreen[Any]):
    """Dismisses with whatever `submit` returned (usually the new id or version)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", _("Opslaan"), priority=True),
        Binding("escape", "cancel", _("Annuleren")),
        Binding("ctrl+r", "reload", _("Herladen"), priority=True),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        submit: Callable[[Values], Any],
        check: Callable[[Values], Sequence[Issue]] | None = None,
        intro: str = "",
        on_change: Callable[[Form, str], None] | None = None,
        reload: Callable[[], FormSpec] | None = None,
    ) -> None:
        """`reload` reads the record again after a stale save (see the module docstring)."""
        super().__init__()
        self._on_change = on_change
        self._reload = reload
        self._stale = False
        self._title = title
        self._fields = fields
        self._submit = submit
        self._check = check
        self._intro = intro
        self._acknowledged: Values | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self._title), classes="dialog-title")
            if self._intro:
                yield Static(literal(self._intro), classes="dialog-hint")
            yield Form(self._fields)
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

    def on_select_changed(self, event: Select.Changed) -> None:
        """Let the caller adjust dependent fields (e.g. categories that fit a case type)."""
        name = self.form.field_of(event.select)
        if self._on_change is not None and name:
            self._on_change(self.form, name)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        values = self.form.read()
        if values is None:
            return
        if self._check is not None and not self._passes_check(values):
            return
        try:
            result = self._submit(values)
        except Exception as error:
            shown = user_error(error)
            if shown is None:
                raise
            field = shown.field if isinstance(shown, ValidationError) else None
            issues = [FormIssue(field or "", str(shown))]
            if isinstance(shown, ConflictError) and self._reload is not None:
                self._stale = True
                issues.append(FormIssue("", _("ctrl+r laadt de opgeslagen versie; wat u typte "
                                              "blijft zichtbaar."), warning=True))
                self.refresh_bindings()
            self.form.show_issues(issues)
            return
        self.dismiss(result)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reload":
            return self._stale
        return True

    async def action_reload(self) -> None:
        """The stored version into the form; what the user typed (where it differs) into the
        read-only area under it, to copy from."""
        assert self._reload is not None
        try:
            spec = self._reload()
        except Exception as error:
            shown = user_error(error)
            if shown is None:
                raise
            self.form.show_issues([FormIssue("", str(shown))])
            return
        typed = self.form.shown_texts()
        self._fields, self._submit = spec.fields, spec.submit
        self._stale, self._acknowledged = False, None
        await self.form.remove()
        form = Form(spec.fields)
        await self.query_one(".dialog").mount(form, before="#unsaved")
        stored = form.shown_texts()
        kept = [f"{label}:\n{text}" for name, (label, text) in typed.items()
                if text and stored.get(name, (label, ""))[1] != text]
        self.query_one("#unsaved-text", TextArea).load_text("\n\n".join(kept))
        self.query_one("#unsaved").set_class(bool(kept), "-shown")
        if spec.fields:
            form.focus_field(spec.fields[0].name)
        self.refresh_bindings()
        self.notify(_("De opgeslagen versie is geladen; sla opnieuw op wat u wilt houden."))

    def _passes_check(self, values: Values) -> bool:
        try:
            issues = list(self._check(values))  # type: ignore[misc]
        except Exception as error:
            shown = user_error(error)
            if shown is None:
                raise
            self.form.show_issues([FormIssue("", str(shown))])
            return False
        errors = [i for i in issues if not i.warning]
        if errors:
            self.form.show_issues(issues)
            return False
        if issues and values != self._acknowledged:
            self.form.show_issues(issues)
            self._acknowledged = values
            self.notify(_("Let op de waarschuwing. Druk nogmaals ctrl+s om toch op te slaan."),
                        severity="warning")
            return False
        return True
