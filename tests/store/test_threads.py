"""The screens' database threads (vp_tui.screens.background) each get their own connection
from peewee: it must be opened with the store's key and pragmas, as the first one was."""

from __future__ import annotations

import threading

from vp_tui.models import Meta
from vp_tui.models import database as proxy
from vp_tui.services.writes import transaction
from vp_tui.store.database import BUSY_TIMEOUT_MS


def in_thread(fn):  # noqa: ANN001, ANN201
    """fn() on a new thread, its result or exception back here."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_a_new_thread_connects_with_the_key_and_the_pragmas(store) -> None:
    main = proxy.connection()

    def read() -> tuple:
        conn = proxy.connection()
        pragma = {name: proxy.execute_sql(f"PRAGMA {name}").fetchone()[0]
                  for name in ("busy_timeout", "journal_mode", "foreign_keys", "secure_delete")}
        tables = proxy.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()[0]
        proxy.close()
        return conn is not main, pragma, tables

    own, pragma, tables = in_thread(read)
    assert own  # peewee keeps a connection per thread
    assert pragma == {"busy_timeout": BUSY_TIMEOUT_MS, "journal_mode": "wal",
                      "foreign_keys": 1, "secure_delete": 1}
    assert tables > 0  # the key opened the encrypted file


def test_a_write_in_a_thread_is_seen_by_the_first_connection(store) -> None:
    def write() -> None:
        with transaction():
            Meta.replace(key="from-thread", value="1").execute()
        proxy.close()

    in_thread(write)
    assert Meta.get(Meta.key == "from-thread").value == "1"
