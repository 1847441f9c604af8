"""A form built from field specifications, with the Dutch message for a field right beside it.

The form only turns keystrokes into typed values (text, dates, numbers, choices); whether a
value is acceptable is decided by the services, whose `ValidationError.field` or `FieldIssue`
names the field the message belongs to. Field names are therefore the service form's attribute
names, so a message lands beside the right input without any mapping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, Static, TextArea

from vp_tui.i18n import _, fmt_date
from vp_tui.text import strip_controls
from vp_tui.widgets.checks import ReadableCheckbox, ReadableSelectionList
from vp_tui.widgets.choice import JumpList, JumpSelect
from vp_tui.widgets.safe import literal

FieldKind = Literal["text", "area", "date", "int", "choice", "multi", "check"]

_DATE_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


@dataclass(frozen=True)
class FieldSpec:
    """One field. `options` are (label, key) pairs for choice and multi fields; `none_if_blank`
    reads an unchosen choice as None (for ids) rather than ''."""

    name: str
    label: str
    kind: FieldKind = "text"
    options: Sequence[tuple[str, object]] = ()
    value: object = None
    placeholder: str = ""
    none_if_blank: bool = False

    @property
    def empty(self) -> object:
        """The value read from the field when nothing was entered or chosen."""
        if self.none_if_blank:
            return None
        return {"date": None, "int": None, "multi": [], "check": False}.get(self.kind, "")


class Issue(Protocol):
    """What a service reports about a field (services.validation.FieldIssue has this shape)."""

    field: str
    message: str
    warning: bool


@dataclass(frozen=True)
class FormIssue:
    field: str
    message: str
    warning: bool = False


def parse_date(text: str) -> dt.date | None:
    """'3-3-2025', '03-03-2025', '3/3/2025' or '2025-03-03'; None for an empty field.

    Raises ValueError for anything else, including dates that do not exist.
    """
    if not text.strip():
        return None
    if m := _DATE_DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _DATE_ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError(text)
    return dt.date(year, month, day)


class _TickList(JumpList, ReadableSelectionList):
    """Tick boxes that read as characters and jump as you type."""


class Form(VerticalScroll):
    """Label | input, with a message line under each input that is shown only when needed."""

    DEFAULT_CSS = """
    Form { height: 1fr; padding: 0 1; }
    Form .form-row { height: auto; margin-bottom: 1; }
    Form .form-label { width: 22; padding-right: 1; }
    Form .form-row:focus-within { background-tint: $foreground 4%; }
    Form .form-row:focus-within > .form-label { background: $accent; color: $text; }
    Form .form-input { width: 1fr; height: auto; }
    Form Input, Form TextArea, Form SelectionList { background: $boost; }
    Form TextArea { height: 5; }
    Form SelectionList { height: auto; max-height: 8; }
    Form .form-message { display: none; color: $text-error; }
    Form .form-message.-warning { color: $text-warning; }
    Form .form-message.-shown { display: block; }
    Form #form-general { margin-bottom: 1; }
    """

    def __init__(self, fields: Sequence[FieldSpec], **kwargs) -> None:
        super().__init__(**kwargs)
        self.fields = {f.name: f for f in fields}
        #: field name ('' for the general line) -> (message lines, all of them warnings)
        self._messages: dict[str, tuple[list[str], bool]] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="form-general", classes="form-message")
        for spec in self.fields.values():
            with Horizontal(classes="form-row"):
                yield Static(literal(spec.label), classes="form-label")
                with Vertical(classes="form-input"):
                    yield self._control(spec)
                    yield Static("", id=f"msg-{spec.name}", classes="form-message")

    def _control(self, spec: FieldSpec) -> Widget:
        wid = f"field-{spec.name}"
        # Stored text may hold terminal escapes: never hand them to an editing widget.
        text = strip_controls(str(spec.value or ""))
        if spec.kind == "area":
            area = TextArea(text, id=wid, soft_wrap=True, compact=True)
            area.show_line_numbers = False
            return area
        if spec.kind == "choice":
            options = [(literal(label), key) for label, key in spec.options]
            value = spec.value if spec.value not in (None, "") else Select.NULL
            return JumpSelect(options, value=value, prompt="—", compact=True, id=wid)
        if spec.kind == "multi":
            chosen = set(spec.value or ())
            return _TickList(
                *((literal(label), key, key in chosen) for label, key in spec.options),
                id=wid, compact=True,
            )
        if spec.kind == "check":
            return ReadableCheckbox(bool(spec.value), id=wid, compact=True)
        if spec.kind == "date":
            value = fmt_date(spec.value, "short") if isinstance(spec.value, dt.date) else ""
            return Input(value, placeholder=spec.placeholder or _("dd-mm-jjjj"), id=wid,
                         compact=True)
        if spec.kind == "int":
            value = "" if spec.value is None else str(spec.value)
            return Input(value, placeholder=spec.placeholder, type="integer", id=wid,
                         compact=True)
        return Input(text, placeholder=spec.placeholder, id=wid, compact=True)

    def set_options(self, name: str, options: Sequence[tuple[str, object]]) -> None:
        """New choices for a choice or multi field; chosen values that remain stay chosen."""
        widget = self.control(name)
        if isinstance(widget, SelectionList):
            chosen = set(widget.selected)
            widget.clear_options()
            widget.add_options([(literal(label), key, key in chosen) for label, key in options])
        elif isinstance(widget, Select):
            current = None if widget.is_blank() else widget.value
            widget.set_options((literal(label), key) for label, key in options)
            if current in {key for _label, key in options}:
                widget.value = current

    def field_of(self, widget: Widget) -> str | None:
        """The field name of one of this form's controls."""
        wid = widget.id or ""
        return wid.removeprefix("field-") if wid.startswith("field-") else None

    def control(self, name: str) -> Widget:
        return self.query_one(f"#field-{name}")

    def focus_field(self, name: str) -> None:
        self.control(name).focus()

    def _raw(self, spec: FieldSpec) -> object:
        widget = self.control(spec.name)
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return spec.empty if widget.is_blank() else widget.value
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        if isinstance(widget, Checkbox):
            return widget.value
        assert isinstance(widget, Input)
        return widget.value

    def read_field(self, name: str) -> object:
        """A choice, multi, check or text field's current value (dates and numbers unparsed)."""
        return self._raw(self.fields[name])

    def shown_texts(self) -> dict[str, tuple[str, str]]:
        """Field name -> (label, what the field shows as text): option labels for choices,
        'ja'/'nee' for a check, the raw text for the rest (dates and numbers as typed)."""
        shown: dict[str, tuple[str, str]] = {}
        for spec in self.fields.values():
            raw = self._raw(spec)
            labels = {key: label for label, key in spec.options}
            if spec.kind == "choice":
                text = labels.get(raw, "") if raw not in (None, "") else ""
            elif spec.kind == "multi":
                text = ", ".join(labels.get(key, str(key)) for key in raw)  # type: ignore[union-attr]
            elif spec.kind == "check":
                text = _("ja") if raw else _("nee")
            else:
                text = str(raw)
            shown[spec.name] = (spec.label, text)
        return shown

    def read(self) -> dict[str, object] | None:
        """The typed values, or None when a date or number could not be read (the reason is
        then shown beside the field)."""
        self.clear_issues()
        values: dict[str, object] = {}
        problems: list[FormIssue] = []
        for spec in self.fields.values():
            raw = self._raw(spec)
            if spec.kind == "date":
                try:
                    values[spec.name] = parse_date(str(raw))
                except ValueError:
                    problems.append(FormIssue(spec.name, _("Geen geldige datum; gebruik "
                                                           "dd-mm-jjjj.")))
            elif spec.kind == "int":
                text = str(raw).strip()
                try:
                    values[spec.name] = int(text) if text else None
                except ValueError:
                    problems.append(FormIssue(spec.name, _("Vul een heel getal in.")))
            else:
                values[spec.name] = raw
        if problems:
            self.show_issues(problems)
            return None
        return values

    def clear_issues(self) -> None:
        self._messages.clear()
        for message in self.query(".form-message"):
            message.update("")
            message.remove_class("-shown", "-warning")

    def show_issues(self, issues: Iterable[Issue]) -> None:
        """Each message beside its field; a message for no known field goes above the form.
        The first field with an error (or else a warning) gets the focus."""
        first: str | None = None
        first_warning: str | None = None
        for issue in issues:
            name = issue.field if issue.field in self.fields else ""
            lines, warning_only = self._messages.get(name, ([], True))
            lines.append(("⚠ " if issue.warning else "✗ ") + issue.message)
            self._messages[name] = (lines, warning_only and issue.warning)
            if name and issue.warning:
                first_warning = first_warning or name
            elif name:
                first = first or name
        for name, (lines, warning_only) in self._messages.items():
            target = self.query_one(f"#msg-{name}" if name else "#form-general", Static)
            target.update(literal("\n".join(lines)))
            target.add_class("-shown")
            target.set_class(warning_only, "-warning")
        focus = first or first_warning
        if focus:
            self.focus_field(focus)
            self.call_after_refresh(self._scroll_to_message, focus)

    def _scroll_to_message(self, name: str) -> None:
        self.query_one(f"#msg-{name}").scroll_visible()

    def message_for(self, name: str) -> str:
        """The message shown beside a field ('' when none; '' names the general line)."""
        return "\n".join(self._messages.get(name, ([], True))[0])
