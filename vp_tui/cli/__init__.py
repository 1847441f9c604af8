"""The `vp-tui` command: thin click commands that parse, call a service, print, and exit.

Every failure reaches the user as one line (see vp_tui.cli.base.VpGroup); tracebacks go to
the log file only.
"""

from __future__ import annotations

import gc

from vp_tui.cli.base import cli

# Command modules register themselves on `cli` when imported: on first use of one of their
# commands (vp_tui.cli.base.COMMAND_MODULES).


def main() -> None:
    # Start-up runs without the garbage collector: it makes almost only objects that live as
    # long as the process. It is switched on again before a subcommand runs
    # (VpGroup.resolve_command) and, for the TUI, once its first frame is drawn
    # (vp_tui.screens.session_timers.IdleCollector).
    gc.disable()
    cli.main(prog_name="vp-tui")
