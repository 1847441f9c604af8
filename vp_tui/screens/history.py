"""The history of a timeline entry: every earlier text, oldest first, the current one last."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from vp_tui.i18n import _, fmt_date
from vp_tui.text import one_line
from vp_tui.widgets.footer import Footer
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.safe import literal


class Revision(Protocol):
    version: int
    text: str
    changed_by: str
    changed_at: dt.datetime


def local_time(moment: dt.datetime) -> str:
    """A stored UTC moment as local date and time: '3 maart 2025 14:05'."""
    local = moment.replace(tzinfo=dt.UTC).astimezone()
    return f"{fmt_date(local.date())} {local:%H:%M}"


class HistoryScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss", _("Sluiten"))]

    def __init__(self, title: str, revisions: Sequence[Revision]) -> None:
        super().__init__()
        self._title = title
        self._revisions = {r.version: r for r in revisions}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(_("Geschiedenis van de tekst · {what}").format(
                what=self._title)), classes="dialog-title")
            yield RecordTable([(_("Versie"), "version"), (_("Door"), "who"),
                               (_("Wanneer"), "when"), (_("Tekst"), "text")], id="revisions",
                              fit="text", openable=False)
            with VerticalScroll(id="revision-scroll"):
                yield Static("", id="revision-text")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        last = max(self._revisions, default=0)
        table.load(
            (r.version, [
                str(r.version) + (" " + _("(huidig)") if r.version == last else ""),
                r.changed_by, local_time(r.changed_at), one_line(r.text, 40),
            ])
            for r in self._revisions.values()
        )
        table.focus()
        self._show()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show()

    def _show(self) -> None:
        version = self.query_one(RecordTable).current_id
        revision = self._revisions.get(version) if version is not None else None
        self.query_one("#revision-text", Static).update(
            literal(revision.text if revision else ""))
