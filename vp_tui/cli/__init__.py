"""The `vp-tui` command: thin click commands that parse, call a service, print, and exit.

Every failure reaches the user as one line (see vp_tui.cli.base.VpGroup); tracebacks go to
the log file only.
"""

from __future__ import annotations

import gc
import sys

from click.utils import PacifyFlushWrapper

from vp_tui.cli.base import BROKEN_PIPE_EXIT, cli, silence_stdout

# Command modules register themselves on `cli` when imported: on first use of one of their
# commands (vp_tui.cli.base.COMMAND_MODULES).


def main() -> None:
    # Start-up runs without the garbage collector: it makes almost only objects that live as
    # long as the process. It is switched on again before a subcommand runs
    # (VpGroup.resolve_command) and, for the TUI, once its first frame is drawn
    # (vp_tui.screens.session_timers.IdleCollector).
    gc.disable()
    try:
        cli.main(prog_name="vp-tui")
    except SystemExit:
        # A closed pipe on standard output is a quiet exit (base.BROKEN_PIPE_EXIT) also when it
        # shows only now: output still buffered at exit, or click's own --help and --version
        # (click then wraps stdout in a PacifyFlushWrapper and exits 1).
        broken = isinstance(sys.stdout, PacifyFlushWrapper)
        try:
            if sys.stdout is not None:
                sys.stdout.flush()
        except BrokenPipeError:
            broken = True
        if broken:
            silence_stdout()
            sys.exit(BROKEN_PIPE_EXIT)
        raise
