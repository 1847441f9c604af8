"""The `vp-tui` command: thin click commands that parse, call a service, print, and exit.

Every failure reaches the user as one line (see vp_tui.cli.base.VpGroup); tracebacks go to
the log file only.
"""

from __future__ import annotations

from vp_tui.cli.base import cli

# Command modules register themselves on `cli` when imported.
from vp_tui.cli import store_commands  # noqa: E402,F401  isort: skip
from vp_tui.cli import planning_commands  # noqa: E402,F401  isort: skip
from vp_tui.cli import admin_commands  # noqa: E402,F401  isort: skip
from vp_tui.cli import import_commands  # noqa: E402,F401  isort: skip
from vp_tui.cli import report_commands  # noqa: E402,F401  isort: skip
from vp_tui.cli import retention_commands  # noqa: E402,F401  isort: skip


def main() -> None:
    cli.main(prog_name="vp-tui")
