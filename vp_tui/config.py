"""Paths and settings from the environment. `--db` beats VP_TUI_DB beats platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP = "vp-tui"


def default_db_path() -> Path:
    env = os.environ.get("VP_TUI_DB")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir(APP, appauthor=False)) / "vp-tui.db"


def log_path() -> Path:
    return Path(user_log_dir(APP, appauthor=False)) / "vp-tui.log"


def report_dir(default: Path | None = None) -> Path:
    """Where the report screen writes Word files: VP_TUI_REPORT_DIR, else `default`, else
    ~/jaarverslagen."""
    env = os.environ.get("VP_TUI_REPORT_DIR")
    if env:
        return Path(env).expanduser()
    return default or Path.home() / "jaarverslagen"
