"""vp-tui starts without the garbage collector (vp_tui.cli.main) and every subcommand runs with
it: a long import or `report --all` must not grow without collection."""

from __future__ import annotations

import os
import subprocess
import sys

SNIPPET = """
import gc, sys
import click
import vp_tui.cli as entry
from vp_tui.cli.base import cli

@cli.command("gc-state")
def gc_state():
    click.echo(f"command: {gc.isenabled()}")

group_main = cli.main
def main(**kwargs):
    click.echo(f"start: {gc.isenabled()}")
    group_main(**kwargs)
cli.main = main
sys.argv = ["vp-tui", "gc-state"]
entry.main()
"""


def test_start_up_runs_without_the_collector_and_a_subcommand_with_it() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSH_")}
    done = subprocess.run([sys.executable, "-c", SNIPPET], capture_output=True, text=True,
                          env=env)
    assert done.stdout.split("\n")[:2] == ["start: False", "command: True"], done.stderr
