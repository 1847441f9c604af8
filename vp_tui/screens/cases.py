"""The case list: filters (organisation, status, type, owner, year), search on code and
organisation, sortable columns, and pages of PAGE rows with the total count shown.

The query, its filters and its order run in the store (services.cases.queries.list_cases);
the screen only holds the current filter and page.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input

from vp_tui.i18n import _, fmt_date, fmt_number
from vp_tui.models.enums import CASE_TYPES, STATUSES
from vp_tui.screens.base import VpScreen
from vp_tui.screens.case_detail import open_case
from vp_tui.screens.intake import open_intake
from vp_tui.services.advisers import list_advisers
from vp_tui.services.cases.queries import CaseFilter, CaseRow, case_page
from vp_tui.services.organisations import list_organisations
from vp_tui.services.years import filter_years
from vp_tui.widgets.footer import NAVIGATION, Footer
from vp_tui.widgets.record_table import RecordTable
from vp_tui.widgets.safe import literal
from vp_tui.widgets.search import SearchRow
from vp_tui.widgets.select import Select

PAGE = 100
#: Table column key -> sort key understood by services.cases.queries.list_cases.
COLUMNS = [
    ("code", "code"),
    ("org", "organisation"),
    ("date", "opened_on"),
    ("type", "type"),
    ("status", "status"),
    ("owner", "owner"),
]


class CasesScreen(VpScreen):
    CSS_PATH = "lists.tcss"
    LABEL = _("Meldingen")
    AUTO_FOCUS = "RecordTable"  # the list, not the search field (see DashboardScreen)
    #: Filtering, sorting and paging follow the way to the other main screens.
    KEY_ORDER = ("new_case", "focus_search", NAVIGATION)
    BINDINGS = [
        Binding("n", "new_case", _("Nieuwe melding")),
        Binding("slash", "focus_search", _("Zoeken")),
        Binding("f", "focus_filters", _("Filters")),
        Binding("c", "clear_filters", _("Filters wissen")),
        Binding("s", "sort", _("Sorteren")),
        Binding("S", "reverse", _("Omkeren"), show=False),
        Binding("right_square_bracket", "page(1)", _("Volgende"), key_display="]"),
        Binding("left_square_bracket", "page(-1)", _("Vorige"), key_display="["),
        Binding("u", "transfers", _("Overgedragen meldingen"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = CaseFilter(limit=PAGE)
        #: The filter of the rows shown, and their total: `filter` once its read is back.
        self.shown = self.filter
        self.total = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchRow(_("Zoek op code of organisatie…"))
        with Horizontal(id="filters"):
            yield Select([], prompt=_("Organisatie"), id="f-organisation", compact=True)
            yield Select([(literal(c.label), c.key) for c in STATUSES],
                         prompt=_("Status"), id="f-status", compact=True)
            yield Select([(literal(c.label), c.key) for c in CASE_TYPES],
                         prompt=_("Soort"), id="f-type", compact=True)
            yield Select([], prompt=_("VP"), id="f-owner", compact=True)
            yield Select([], prompt=_("Jaar"), id="f-year", compact=True)
        yield RecordTable(self._headers(), id="cases", fit=("org", "type"))
        yield Footer()

    def _headers(self) -> list[tuple[str, str]]:
        labels = {"code": _("Code"), "org": _("Organisatie"), "date": _("Datum"),
                  "type": _("Soort"), "status": _("Status"), "owner": _("VP")}
        return [(labels[key], key) for key, _sort in COLUMNS]

    def on_mount(self) -> None:
        self.query_one("#f-year", Select).set_options(
            (str(y), y) for y in filter_years(self.ctx.today)
        )
        self.call_service(lambda: (list_organisations(self.ctx), list_advisers()),
                          then=self._show_choices, group="choices")
        self.reload()

    def _show_choices(self, found: tuple[list, list]) -> None:
        organisations, advisers = found
        self.query_one("#f-organisation", Select).set_options(
            (literal(o.name), o.id) for o in organisations
        )
        self.query_one("#f-owner", Select).set_options(
            (literal(a.initials), a.id) for a in advisers
        )

    def on_screen_resume(self) -> None:
        self.reload()

    # --- filters -------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self._set_filter(search=event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        field = {"f-organisation": "organisation_id", "f-status": "status",
                 "f-type": "case_type", "f-owner": "owner_id", "f-year": "year"}.get(
            event.select.id or "")
        if field:
            value = None if event.select.is_blank() else event.value
            self._set_filter(**{field: value})

    def _set_filter(self, **changes) -> None:
        self.filter = self.filter._replace(offset=0, **changes)
        self.reload()

    def action_focus_search(self) -> None:
        self.query_one(SearchRow).field.focus()

    def action_focus_filters(self) -> None:
        self.query_one("#f-organisation", Select).focus()

    def action_clear_filters(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            for select in self.query("#filters Select").results(Select):
                select.clear()
            self.query_one(SearchRow).field.value = ""
        self.filter = self._unfiltered()
        self.reload()
        self.query_one(RecordTable).focus()

    # --- order and pages -----------------------------------------------------------------

    def action_sort(self) -> None:
        keys = [sort for _col, sort in COLUMNS]
        current = keys.index(self.filter.sort) if self.filter.sort in keys else -1
        self._sort_by(keys[(current + 1) % len(keys)])

    def action_reverse(self) -> None:
        self._set_filter(descending=not self.filter.descending)

    def _sort_by(self, sort: str) -> None:
        self._set_filter(sort=sort, descending=sort == "opened_on")

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        sort = dict(COLUMNS).get(str(event.column_key.value))
        if sort == self.filter.sort:
            self.action_reverse()
        elif sort:
            self._sort_by(sort)

    def action_page(self, step: int) -> None:
        offset = self.filter.offset + step * PAGE
        if 0 <= offset < self.total:
            self.filter = self.filter._replace(offset=offset)
            self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Paging and clearing the filters are offered only where they change the list."""
        if action == "page":
            offset = self.filter.offset + int(parameters[0]) * PAGE  # type: ignore[call-overload]
            return 0 <= offset < self.total
        if action == "clear_filters":
            return self._unfiltered() != self.filter._replace(offset=0)
        if action == "transfers":
            return self.ctx.actor.works_cases
        return True

    def action_transfers(self) -> None:
        """Cases an adviser who left passed on, waiting for their melders' consent."""
        from vp_tui.screens.transfers import TransfersScreen

        self.app.push_screen(TransfersScreen())

    def _unfiltered(self) -> CaseFilter:
        """The current filter without its conditions: the same order, from the first page."""
        return CaseFilter(limit=PAGE, sort=self.filter.sort, descending=self.filter.descending)

    # --- opening -------------------------------------------------------------------------

    def on_record_table_opened(self, event: RecordTable.Opened) -> None:
        open_case(self.app, event.record_id)

    def action_new_case(self) -> None:
        open_intake(self, self.filter.organisation_id)

    # --- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        """The page of the current filter, read off the UI thread: each keystroke in the
        search field starts a read that supersedes the one before (see ServiceCalls)."""
        f = self.filter
        self.call_service(case_page, self.ctx, f, then=lambda page: self._show(f, *page))

    def _show(self, f: CaseFilter, rows: list[CaseRow], total: int) -> None:
        self.shown, self.total = f, total
        table = self.query_one(RecordTable)
        self._show_order(table)
        table.load(
            (c.id, [c.code, c.organisation, fmt_date(c.opened_on, "short"),
                    CASE_TYPES.label(c.case_type), STATUSES.label(c.status), c.owner])
            for c in rows
        )
        self._show_count(len(rows))
        self.refresh_bindings()

    def _show_order(self, table: RecordTable) -> None:
        arrow = " ▼" if self.shown.descending else " ▲"
        for (label, key), (_col, sort) in zip(self._headers(), COLUMNS, strict=True):
            column = table.columns.get(key)  # type: ignore[call-overload]
            if column is not None:
                column.label = literal(label + (arrow if sort == self.shown.sort else ""))

    def _show_count(self, shown: int) -> None:
        first = self.shown.offset + 1 if shown else 0
        self.query_one(SearchRow).show_count(
            _("{first}–{last} van {total}").format(
                first=fmt_number(first, 0), last=fmt_number(self.shown.offset + shown, 0),
                total=fmt_number(self.total, 0)))
