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
    from vp_tui.services.cases import CaseFilter, list_cases

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
        await asyncio.sleep(0)
        if loop._ready:  # noqa: SLF001 - other callbacks are ready: the app is still busy
            continue
        if done() and not any(
            pump._message_queue.qsize() or pump._next_callbacks  # noqa: SLF001
            for pump in (app, *app.screen.walk_children(with_self=True))
        ):
            break
        if time.monotonic() > deadline:
            raise TimeoutError("the screen never showed the expected state")
    app.screen._on_timer_update()


async def _keystroke(pilot, key: str, done) -> float:  # noqa: ANN001
    """Seconds from a key arriving from the terminal until its frame is drawn."""
    from textual import events

    began = time.perf_counter()
    event = events.Key(key, {"space": " "}.get(key, key if len(key) == 1 else None))
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)
    await _settle(pilot, done)
    return time.perf_counter() - began


async def _session(folder: Path, facts: dict) -> dict:
    from vp_tui.app import VpApp
    from vp_tui.screens.case_detail import CaseDetailScreen, open_case
    from vp_tui.services.cases import CaseFilter, case_page
    from vp_tui.services.session import open_session

    session = open_session(folder / AGENCY_DB, facts["busiest"], env={}, command="bench")
    app = VpApp(session)
    visited: list[str] = []
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
        terms = _filter_terms(facts, session.ctx)
        for term in terms:
            for end in range(1, len(term) + 1):
                typed = term[:end]
                key = "space" if typed[-1] == " " else typed[-1]
                keystrokes.append(await _keystroke(
                    pilot, key, lambda t=typed: screen.filter.search == t))
            for end in range(len(term) - 1, -1, -1):
                keystrokes.append(await _keystroke(
                    pilot, "backspace", lambda t=term[:end]: screen.filter.search == t))
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


def probe_report(folder: Path) -> dict:
    """One annual report (Word) for the largest organisation, as its coordinator; the first
    report of a process, so python-docx's import is included."""
    from vp_tui.services import reporting
    from vp_tui.services.session import open_session

    facts = load_facts(folder)
    session = open_session(folder / AGENCY_DB, facts["coordinator"], env={}, command="bench")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            began = time.perf_counter()
            reporting.generate_report(session.ctx, facts["largest_organisation_id"],
                                      facts["report_year"], Path(tmp) / "jaarverslag.docx")
            took = time.perf_counter() - began
    finally:
        session.close()
    return {"report_one_s": round(took, 3)}


PROBES = {"open": probe_open, "session": probe_session, "report": probe_report}


def main(argv: list[str]) -> None:
    name, folder = argv[0], Path(argv[1])
    keyring_file.install(folder)
    print(json.dumps(PROBES[name](folder)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
