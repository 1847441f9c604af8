"""A modal form: ctrl+s saves through a service call, Esc cancels.

The screen owns no rule. `check` (optional) asks a service for errors and warnings before
saving; `submit` calls the service that saves and may refuse with a ValidationError naming the
field. Errors keep the form open with what was typed; warnings are shown once and a second
ctrl+s saves anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Select, Static

from vp_tui.errors import ValidationError
from vp_tui.i18n import _
from vp_tui.screens.errors import user_error
from vp_tui.widgets.form import FieldSpec, Form, FormIssue, Issue
from vp_tui.widgets.safe import literal

Values = dict[str, Any]


class FormScreen(ModalScreen[Any]):
    """Dismisses with whatever `submit` returned (usually the new id or version)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", _("Opslaan"), priority=True),
        Binding("escape", "cancel", _("Annuleren")),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        submit: Callable[[Values], Any],
        check: Callable[[Values], Sequence[Issue]] | None = None,
        intro: str = "",
        on_change: Callable[[Form, str], None] | None = None,
    ) -> None:
        super().__init__()
        self._on_change = on_change
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
            self.form.show_issues([FormIssue(field or "", str(shown))])
            return
        self.dismiss(result)

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
