"""Helpers for Pilot tests: what the terminal shows, filling a form, opening a case."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Awaitable, Callable

from textual.notifications import Notification
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from tests.apps import TODAY
from vp_tui.bench.startup import settled
from vp_tui.screens.case_detail import CaseDetailScreen
from vp_tui.screens.form_screen import FormScreen
from vp_tui.services import timeline
from vp_tui.services.cases.queries import CaseFilter, list_cases
from vp_tui.widgets.form import Form
from vp_tui.widgets.timeline import TimelineView

#: User text with Rich markup, a link and an ANSI colour escape: must show as typed, minus
#: the escape sequence.
NASTY = "[bold]x[/] [link=http://e]y[/link] \x1b[31mz"
NASTY_SHOWN = "[bold]x[/] [link=http://e]y[/link] z"

_TEXT = re.compile(r'<text[^>]*\bx="([\d.]+)"[^>]*\by="([\d.]+)"[^>]*>(.*?)</text>', re.S)
_TAG = re.compile(r"<[^>]+>")


def screen_text(app) -> str:
    """The characters on the terminal, line by line, read from an SVG screenshot (so what the
    user sees after all rendering, not what a widget was given)."""
    svg = app.export_screenshot()
    lines: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, content in _TEXT.findall(svg):
        lines[float(y)].append((float(x), html.unescape(_TAG.sub("", content))))
    return "\n".join(
        "".join(part for _x, part in sorted(parts)).replace("\xa0", " ")
        for _y, parts in sorted(lines.items())
    )


def notices(app) -> list[Notification]:
    """The notifications raised so far, oldest first. Textual keeps them only privately (its
    `notify` returns nothing, and a toast's text is drawn for a few seconds only): this is the
    one place the tests read that record."""
    return list(app._notifications)


def fill(form: Form, **values: object) -> None:
    """Set form controls as a user would leave them (dates and numbers as typed text)."""
    for name, value in values.items():
        widget = form.control(name)
        if isinstance(widget, Select):
            if value is None:
                widget.clear()
            else:
                widget.value = value
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for key in value:  # type: ignore[union-attr]
                widget.select(key)
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, TextArea):
            widget.text = str(value)
        else:
            assert isinstance(widget, Input)
            widget.value = str(value)


def current_form(app) -> Form:
    assert isinstance(app.screen, FormScreen), app.screen
    return app.screen.form


#: Until every service call of the screens (vp_tui.screens.background) has come back and what
#: it brought is shown: the start probe's wait, shared.
settle = settled


async def press(pilot: Pilot, *keys: str) -> None:
    """The screen settled, then each key, and what it started settled, before the next."""
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def pressed(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """For snap_compare's run_before: the first screen settled, then each key pressed and
    settled (snap_compare's own `press` does not wait for service calls)."""

    async def run(pilot: Pilot) -> None:
        await press(pilot, *keys)

    return run


async def save(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def open_case(pilot: Pilot, case_id: int) -> CaseDetailScreen:
    screen = CaseDetailScreen(case_id)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def my_open_case(app) -> int:
    ctx = app.session.ctx
    rows = list_cases(ctx, CaseFilter(open_only=True, owner_id=ctx.actor.id))
    return rows[0].id


async def form_on_my_case(pilot: Pilot, key: str) -> tuple[int, Form]:
    """One of my open cases opened and `key` pressed on it: its form is showing. Returns the
    case's id and the form."""
    case_id = my_open_case(pilot.app)
    await open_case(pilot, case_id)
    await pilot.press(key)
    await pilot.pause()
    return case_id, current_form(pilot.app)


async def edit_new_note(pilot: Pilot, text: str) -> tuple[int, TimelineView]:
    """A note with `text` on one of my open cases, its case opened and `e` pressed on it: the
    edit form is showing. Returns the note's id and the case's timeline."""
    app = pilot.app
    case_id = my_open_case(app)
    note = timeline.add_note(app.session.ctx, case_id, TODAY, text)
    screen = await open_case(pilot, case_id)
    view = screen.query_one(TimelineView)
    view.table.move_cursor(row=view.table.get_row_index(str(note)))
    await pilot.press("e")
    await pilot.pause()
    return note, view
