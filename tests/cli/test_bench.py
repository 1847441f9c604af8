"""The benchmark runs end to end at the small scale and prints the figures it promises.

Benchmarks are not tests: nothing here looks at a time, only at the shape of the JSON (every
figure present, a number, the budget beside it). The full scale is run by hand; BENCHMARKS.md
holds its figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from vp_tui.bench.run import BUDGET, START_PAIRS_PER_RUN

FIGURES = {
    "start": {"vp_s", "minimal_s", "ratio"},
    "filter": {"echo_p50_ms", "echo_p95_ms", "p50_ms", "p95_ms", "service_p50_ms",
               "service_p95_ms"},
    "stall": {"max_ms", "save_waited_s"},
    "report": {"one_s", "one_generate_s", "one_charts_s", "all_s"},
}
SCALARS = {"open_ms", "open_warm_ms", "detail_ms", "detail_first_ms", "rss_mib", "import_s",
           "import_organisations_s"}


def _bench(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSH_")}
    return subprocess.run([sys.executable, "-m", "vp_tui.bench", *args], env=env,
                          capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def test_generate_and_run_at_small_scale(tmp_path: Path) -> None:
    folder = tmp_path / "bench"
    made = _bench("generate", "--scale", "small", "--today", "2026-11-27", str(folder))
    assert made.returncode == 0, made.stderr
    facts = json.loads(made.stdout)
    assert facts["counts"]["cases"] == facts["csv_rows"] > 0
    assert (folder / "keyring.json").stat().st_mode & 0o077 == 0

    ran = _bench("run", "--runs", "1", str(folder))
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout)  # one JSON object and nothing else on stdout

    assert result["scale"] == "small" and result["runs"] == 1
    assert result["start"]["pairs"] == START_PAIRS_PER_RUN
    for group, keys in FIGURES.items():
        assert keys <= set(result[group]), group
        assert all(_number(result[group][k]) for k in keys), group
    assert all(_number(result[key]) for key in SCALARS)
    assert result["stall"]["note_saved"] and result["stall"]["waiting_shown"]
    assert result["budget"] == BUDGET
    assert set(result["within_budget"]) == set(BUDGET)
    assert all(isinstance(v, bool) for v in result["within_budget"].values())
    assert {"DashboardScreen", "CasesScreen", "CaseDetailScreen"} <= set(
        result["screens_visited"])
