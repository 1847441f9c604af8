"""Probes that run in a fresh process each and print one JSON object: the store's open, one
TUI session (filter, detail, peak memory), one report.

`python -m vp_tui.bench.probes NAME DIR`; run.py starts them and takes the medians.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from vp_tui.bench import keyring_file
from vp_tui.bench.generate import AGENCY_DB, load_facts


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, int(-(-q * len(ordered) // 100)))
    return ordered[rank - 1]


def peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def probe_open(folder: Path) -> dict:
    """vault.open_store as the app does it: the id sidecar, the keyring look-up, the raw key,
    the first read and the schema check. The first open of this process is the figure."""
    from vp_tui.store import vault

    path = folder / AGENCY_DB
    began = time.perf_counter()
    store = vault.open_store(path)
    first = time.perf_counter() - began
    store.close()
    again = []
    for _ in range(5):
        began = time.perf_counter()
        vault.open_store(path).close()
        again.append(time.perf_counter() - began)
    return {"open_ms": _ms(first), "open_warm_ms": _ms(statistics.median(again))}


def _filter_terms(facts: dict, ctx) -> list[str]:  # noqa: ANN001
    """What an adviser types: the start of the name of their busiest organisation, then a case
    code prefix of last year."""
    from vp_tui.services.cases.queries import CaseFilter, list_cases

    rows = list_cases(ctx, CaseFilter())
    names: dict[str, int] = {}
    for row in rows:
        names[row.organisation] = names.get(row.organisation, 0) + 1
    name = max(sorted(names), key=names.get) if names else "Gemeente"
    return [name[:12], f"{facts['report_year']}-01"]


async def _settle(pilot, done) -> None:  # noqa: ANN001
    """Wait until `done()` holds and the app has nothing left to do, then render the frame as
    the refresh timer would.

    Nothing left to do: no other callback is ready to run on the event loop and no message
    pump of the screen has a message or a next-callback queued. Pilot's own waits would add
    their cost to every keystroke measured: `press` and `pause` sleep at least 20 ms, and
    `_wait_for_screen` posts a callback to every widget of the screen and waits for each
    (3 to 4 ms per call on the case list of 56 widgets, at least twice a keystroke)."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = time.monotonic() + 60
    while True:
        if not done():
            # The app, or a database thread, is at work: a short sleep rather than a spin
            # that would hold the interpreter lock against the thread.
            await asyncio.sleep(0.0002)
        else:
            await asyncio.sleep(0)
        if loop._ready or not done():  # noqa: SLF001 - callbacks are ready: still busy
            pass
        elif not any(
            pump._message_queue.qsize() or pump._next_callbacks  # noqa: SLF001
            for pump in (app, *app.screen.walk_children(with_self=True))
        ):
            break
        if time.monotonic() > deadline:
            raise TimeoutError("the screen never showed the expected state")
    app.screen._on_timer_update()


def _send_key(app, key: str) -> None:  # noqa: ANN001
    """A key as the terminal driver delivers it."""
    from textual import events

    event = events.Key(key, {"space": " "}.get(key, key if len(key) == 1 else None))
    event.set_sender(app)
    app._driver.send_message(event)


async def _keystroke(pilot, key: str, *done) -> list[float]:  # noqa: ANN001
    """Seconds from a key arriving from the terminal until the frame is drawn in which each
    of `done` first holds (the echo of the key, then the list filtered by it)."""
    began = time.perf_counter()
    _send_key(pilot.app, key)
    took = []
    for condition in done:
        await _settle(pilot, condition)
        took.append(time.perf_counter() - began)
    return took


async def _session(folder: Path, facts: dict) -> dict:
    from vp_tui.app import VpApp
    from vp_tui.screens.case_detail import CaseDetailScreen, open_case
    from vp_tui.services.cases.queries import CaseFilter, case_page
    from vp_tui.services.session import open_session

    session = open_session(folder / AGENCY_DB, facts["busiest"], env={}, command="bench")
    app = VpApp(session)
    visited: list[str] = []
    echoes: list[float] = []
    keystrokes: list[float] = []
    service: list[float] = []
    details: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for mode in app.MODES:
            await app.switch_mode(mode)
            await pilot.pause()
            visited.append(type(app.screen).__name__)
            if mode == "organisations":  # the file of the first organisation
                await pilot.press("enter")
                await pilot.pause()
                visited.append(type(app.screen).__name__)
                await pilot.press("escape")
                await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        visited.append(type(app.screen).__name__)
        await pilot.press("escape")
        await pilot.pause()

        # The case list's search field, one keystroke at a time: the screen runs case_page
        # (one query: the page, with the total on each row) and refills the table.
        await app.switch_mode("cases")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#search")
        terms = _filter_terms(facts, session.ctx)
        typed = [term[:end] for term in terms
                 for end in [*range(1, len(term) + 1), *range(len(term) - 1, -1, -1)]]
        before = ""
        for text in typed:
            key = ("backspace" if len(text) < len(before)
                   else "space" if text[-1] == " " else text[-1])
            echo, shown = await _keystroke(pilot, key, lambda t=text: field.value == t,
                                           lambda t=text: screen.shown.search == t)
            echoes.append(echo)
            keystrokes.append(shown)
            before = text
        # The same queries through the service the screen calls, without Textual.
        for term in terms:
            for end in range(1, len(term) + 1):
                f = CaseFilter(limit=100, search=term[:end])
                began = time.perf_counter()
                case_page(session.ctx, f)
                service.append(time.perf_counter() - began)

        # The first case of a session builds the case screen; later cases are loaded into it
        # (screens.case_detail.open_case). Both are reported; the budget is for the later.
        for _ in range(4):
            app.idle.touch()  # the key press that opens a case in use (Enter on a row)
            began = time.perf_counter()
            open_case(app, facts["long_case_id"])
            await _settle(pilot, lambda: isinstance(app.screen, CaseDetailScreen)
                          and app.screen.case is not None)
            details.append(time.perf_counter() - began)
            visited.append(type(app.screen).__name__)
            app.pop_screen()
            await pilot.pause()
        app.exit()
    session.close()
    return {
        "echo_p50_ms": _ms(percentile(echoes, 50)),
        "echo_p95_ms": _ms(percentile(echoes, 95)),
        "filter_p50_ms": _ms(percentile(keystrokes, 50)),
        "filter_p95_ms": _ms(percentile(keystrokes, 95)),
        "filter_service_p50_ms": _ms(percentile(service, 50)),
        "filter_service_p95_ms": _ms(percentile(service, 95)),
        "keystrokes": len(keystrokes),
        "detail_first_ms": _ms(details[0]),
        "detail_ms": _ms(statistics.median(details[1:])),
        "rss_mib": peak_rss_mib(),
        "screens": sorted(set(visited)),
    }


def probe_session(folder: Path) -> dict:
    return asyncio.run(_session(folder, load_facts(folder)))


#: How long the other session holds the write lock in the stall probe: the busy timeout.
HOLD_SECONDS = 10.0
#: The stall probe's watch on the event loop: a sleep of this long, again and again.
TICK_SECONDS = 0.005
#: What the stall probe's note says (and how it is found again).
STALL_NOTE = "Notitie terwijl een andere sessie schrijft"


def probe_hold(folder: Path) -> dict:
    """Another session: takes the write lock (BEGIN IMMEDIATE), says so with one line on
    stdout, and keeps it HOLD_SECONDS."""
    from vp_tui.store import vault

    store = vault.open_store(folder / AGENCY_DB)
    try:
        store.db.execute_sql("BEGIN IMMEDIATE")
        began = time.monotonic()
        print("held", flush=True)
        time.sleep(HOLD_SECONDS)
        store.db.execute_sql("ROLLBACK")
        return {"held_s": round(time.monotonic() - began, 2)}
    finally:
        store.close()


async def _until(condition, deadline: float) -> None:  # noqa: ANN001
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen never showed the expected state")
        await asyncio.sleep(0.01)


async def _stall(folder: Path, facts: dict) -> dict:
    """While another process holds the write lock for HOLD_SECONDS, the adviser opens a case
    (its audit event waits for the lock), adds a note, saves it (the save waits) and types on
    in the form. The figure is the longest the event loop was late on a TICK_SECONDS sleep
    over all of it, until the note is saved: the longest the screen could not answer."""
    import subprocess

    from textual.widgets import TextArea

    from vp_tui.app import VpApp
    from vp_tui.bench.startup import settled
    from vp_tui.screens.case_detail import CaseDetailScreen, open_case
    from vp_tui.screens.form_screen import FormScreen
    from vp_tui.services.cases.queries import get_case
    from vp_tui.services.session import open_session

    session = open_session(folder / AGENCY_DB, facts["busiest"], env={}, command="bench")

    def _notes() -> int:
        return sum(e.text == STALL_NOTE
                   for e in get_case(session.ctx, facts["long_case_id"]).timeline)

    app = VpApp(session)
    worst, worst_in, phase = 0.0, "", ""
    watching = True

    async def watch() -> None:
        nonlocal worst, worst_in
        while watching:
            began = time.perf_counter()
            await asyncio.sleep(TICK_SECONDS)
            late = time.perf_counter() - began - TICK_SECONDS
            if late > worst:
                worst, worst_in = late, phase

    async with app.run_test(size=(120, 40)) as pilot:
        # Once before, from the dashboard: the first case screen and the first form of a
        # session are built and their modules imported (detail_first_ms), which is not what
        # this probe is about. The case list's mode has a case screen of its own, shown at
        # once when its first case is opened.
        await settled(pilot)
        open_case(app, facts["long_case_id"])
        await settled(pilot)
        await pilot.press("n")
        await settled(pilot)
        await pilot.press("escape")
        await pilot.press("escape")
        await app.switch_mode("cases")
        await settled(pilot)
        notes_before = _notes()
        holder = subprocess.Popen(
            [sys.executable, "-m", "vp_tui.bench.probes", "hold", str(folder)],
            stdout=subprocess.PIPE, text=True)
        assert holder.stdout is not None
        await asyncio.to_thread(holder.stdout.readline)  # the lock is held
        deadline = time.monotonic() + 2 * HOLD_SECONDS + 30
        watcher = asyncio.create_task(watch())
        held = time.monotonic()
        phase = "open case"
        app.idle.touch()
        open_case(app, facts["long_case_id"])
        await _until(lambda: isinstance(app.screen, CaseDetailScreen), deadline)
        case_screen = app.screen
        phase = "open form"
        _send_key(app, "n")
        await _until(lambda: isinstance(app.screen, FormScreen)
                     and app.screen.query("#field-occurred_on")
                     and app.screen.focused is app.screen.query_one("#field-occurred_on"),
                     deadline)  # shown, its first field focused
        form = app.screen
        area = form.form.control("text")
        assert isinstance(area, TextArea)
        area.focus()
        await _until(lambda: form.focused is area, deadline)
        phase = "type note"
        for char in STALL_NOTE:
            _send_key(app, "space" if char == " " else char)
            await asyncio.sleep(0.03)
        phase = "save and type on"
        _send_key(app, "ctrl+s")
        saving = time.monotonic()
        waiting_shown = False
        for char in " en typt verder":  # in the form, while the save waits
            _send_key(app, "space" if char == " " else char)
            await asyncio.sleep(0.2)
            waiting_shown = waiting_shown or form.query_one("#form-waiting").has_class("-shown")
        await _until(lambda: app.screen is case_screen and case_screen.case is not None,
                     deadline)
        saved = time.monotonic()
        phase = "saved"
        watching = False
        await watcher
        app.exit()
    holder.wait()
    notes = _notes() - notes_before
    session.close()
    return {
        "stall_max_ms": _ms(worst),
        "stall_max_while": worst_in,
        "stall_save_waited_s": round(saved - saving, 2),
        "stall_lock_held_s": round(saved - held, 2),
        "stall_waiting_shown": waiting_shown,
        "stall_note_saved": notes == 1,
    }


def probe_stall(folder: Path) -> dict:
    return asyncio.run(_stall(folder, load_facts(folder)))


def probe_report(folder: Path) -> dict:
    """One annual report (Word) for the largest organisation, as its coordinator; the first
    report of a process, so python-docx's and matplotlib's imports are included.
    `report_charts_s` is the part of it spent drawing the charts (matplotlib's import
    included; the earlier years' publication models not)."""
    from vp_tui.services import reporting
    from vp_tui.services.reports import charts
    from vp_tui.services.session import open_session

    facts = load_facts(folder)
    session = open_session(folder / AGENCY_DB, facts["coordinator"], env={}, command="bench")
    drawing: list[float] = []
    rendered = charts.rendered

    def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        began = time.perf_counter()
        try:
            return rendered(*args, **kwargs)
        finally:
            drawing.append(time.perf_counter() - began)

    charts.rendered = timed  # generate_report imports it when called
    try:
        with tempfile.TemporaryDirectory() as tmp:
            began = time.perf_counter()
            reporting.generate_report(session.ctx, facts["largest_organisation_id"],
                                      facts["report_year"], Path(tmp) / "jaarverslag.docx")
            took = time.perf_counter() - began
    finally:
        charts.rendered = rendered
        session.close()
    return {"report_one_s": round(took, 3), "report_charts_s": round(sum(drawing), 3)}


PROBES = {"open": probe_open, "session": probe_session, "report": probe_report,
          "stall": probe_stall, "hold": probe_hold}


def main(argv: list[str]) -> None:
    name, folder = argv[0], Path(argv[1])
    keyring_file.install(folder)
    print(json.dumps(PROBES[name](folder)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
