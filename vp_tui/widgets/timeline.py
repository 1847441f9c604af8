"""A case's timeline: one row per entry, the full text of the highlighted entry below.

Rows come from services (TimelineItem); every piece of user text passes through `literal`,
so notes containing markup or escape sequences are shown as the characters typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from vp_tui.i18n import _, fmt_date
from vp_tui.models.enums import (
    CONVERSATION_MODES,
    ENTRY_KINDS,
    OUTCOMES,
    REFERRAL_DESTINATIONS,
    STATUSES,
    STEPS,
)
from vp_tui.services.timeline import TimelineItem as Entry
from vp_tui.services.timeline import consent_entry_label
from vp_tui.text import one_line
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.safe import literal


def entry_facts(item: Entry) -> str:
    """What kind of entry it is, in a few words: '45 min, telefonisch', 'mediation (met
    toestemming)', 'status: afgesloten, opgelost of verbeterd'."""
    if item.kind == "gesprek":
        return ", ".join(p for p in (_("{n} min").format(n=item.minutes) if item.minutes else "",
                                     CONVERSATION_MODES.label(item.mode)) if p)
    if item.kind == "toestemming":
        return consent_entry_label(item.consent)
    consent = _(" (met toestemming)") if item.consent else ""
    if item.kind == "stap":
        return STEPS.label(item.step) + consent
    if item.kind == "verwijzing":
        return REFERRAL_DESTINATIONS.label(item.destination) + consent
    if item.kind == "status":
        outcome = OUTCOMES.label(getattr(item, "outcome", ""))
        status = STATUSES.label(getattr(item, "status", ""))
        return ", ".join(p for p in (status, outcome) if p)
    return ""


#: No entry shown yet (not even the empty timeline's line).
_NOTHING = object()


class TimelineView(Vertical):
    """The table of entries and, under it, the highlighted entry in full."""

    DEFAULT_CSS = """
    TimelineView { height: 1fr; }
    TimelineView RecordTable { height: 1fr; min-height: 4; }
    TimelineView #entry-scroll { height: 7; border-top: solid $primary; }
    TimelineView #entry-head { text-style: bold; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._items: dict[int, Entry] = {}
        #: The entry shown in full (None: the empty timeline's line), or _NOTHING before any.
        self._shown: Entry | None | object = _NOTHING

    def compose(self) -> ComposeResult:
        yield RecordTable(
            [(_("Datum"), "date"), (_("Soort"), "kind"), (_("Door"), "author"),
             (_("Inhoud"), "content")],
            id="timeline-table", fit="content", openable=False,
        )
        with VerticalScroll(id="entry-scroll"):
            yield Static("", id="entry-head")
            yield Static("", id="entry-text")

    @property
    def table(self) -> RecordTable:
        return self.query_one("#timeline-table", RecordTable)

    def load(self, items: Sequence[Entry]) -> None:
        self._items = {item.id: item for item in items}
        self.table.load(
            (item.id, [
                fmt_date(item.occurred_on, "short"),  # type: ignore[arg-type]
                ENTRY_KINDS.label(item.kind) + (" ✎" if item.edited else ""),
                item.author,
                one_line(": ".join(p for p in (entry_facts(item), item.text) if p), 200),
            ])
            for item in items
        )
        self._show(self.current)

    def entry(self, entry_id: int) -> Entry | None:
        """An entry as last loaded (None when it is not in the timeline)."""
        return self._items.get(entry_id)

    @property
    def current(self) -> Entry | None:
        entry_id = self.table.current_id
        return self._items.get(entry_id) if entry_id is not None else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(self.current)

    def _show(self, item: Entry | None) -> None:
        """Show the entry in full, unless it is shown already: loading a case shows its first
        entry, and the table then highlights that row, which would update both lines again
        and lay out the screen a second time for every case opened."""
        if item == self._shown:
            return
        self._shown = item
        head = self.query_one("#entry-head", Static)
        body = self.query_one("#entry-text", Static)
        if item is None:
            head.update(literal(_("Nog niets in de tijdlijn.")))
            body.update("")
            return
        parts = [fmt_date(item.occurred_on),  # type: ignore[arg-type]
                 ENTRY_KINDS.label(item.kind), entry_facts(item), item.author]
        if item.edited:
            parts.append(_("bewerkt, h toont de geschiedenis"))
        head.update(literal(" · ".join(p for p in parts if p)))
        body.update(literal(item.text) if item.text else Text(_("(geen tekst)"), style="dim"))
