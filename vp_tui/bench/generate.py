"""`python -m vp_tui.bench generate`: the benchmark folder.

DIR/agency.db       the synthetic agency (SQLCipher, key in the benchmark keyring)
DIR/import-base.db  the same advisers and organisations without cases (import target)
DIR/cases.csv       the agency's cases in the format of `vp-tui import cases`
DIR/keyring.json    the benchmark keyring (mode 0600; see keyring_file)
DIR/bench.json      scale, seed, date, counts and where the benchmark finds things
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from pathlib import Path

from vp_tui.bench import agency, keyring_file
from vp_tui.bench.casefile import write_cases_csv
from vp_tui.errors import StoreError
from vp_tui.store import vault

AGENCY_DB = "agency.db"
BASE_DB = "import-base.db"
CASES_CSV = "cases.csv"
FACTS = "bench.json"


def generate(folder: Path, scale: str, today: dt.date, seed: int) -> dict:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / AGENCY_DB).exists() or (folder / BASE_DB).exists():
        raise StoreError(f"{folder} holds a benchmark already; choose an empty folder")
    keyring_file.install(folder)
    began = time.perf_counter()
    store = vault.create(folder / AGENCY_DB)
    try:
        facts = agency.generate(scale, today, seed)
        rows = write_cases_csv(folder / CASES_CSV)
        store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    base = vault.create(folder / BASE_DB)
    try:
        agency.generate_base(scale, today, seed)
        base.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        base.close()
    out = dataclasses.asdict(facts)
    out["today"] = today.isoformat()
    out["csv_rows"] = rows
    out["generate_s"] = round(time.perf_counter() - began, 1)
    (folder / FACTS).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return out


def load_facts(folder: Path) -> dict:
    path = Path(folder) / FACTS
    if not path.exists():
        raise StoreError(f"{path} not found: run 'python -m vp_tui.bench generate' first")
    return json.loads(path.read_text(encoding="utf-8"))
