"""Command modules load on first use (vp_tui.cli.base.COMMAND_MODULES): the map must name every
command each module defines, and importing the CLI to start the TUI must load none of them (nor
cryptography or Babel, which only some commands and screens use)."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click

from vp_tui.cli import cli
from vp_tui.cli.base import COMMAND_MODULES


def test_every_command_is_found_in_the_module_the_map_names() -> None:
    modules = sorted(set(COMMAND_MODULES.values()))
    for module in modules:
        importlib.import_module(f"vp_tui.cli.{module}")
    assert set(cli.commands) == set(COMMAND_MODULES)  # nothing defined that the map misses
    for name, module in COMMAND_MODULES.items():
        command = cli.commands[name]
        defined_in = getattr(command.callback, "__module__", "") if command.callback else ""
        if isinstance(command, click.Group) and not defined_in:
            defined_in = command.commands[next(iter(command.commands))].callback.__module__
        assert defined_in == f"vp_tui.cli.{module}", name


def test_help_lists_every_command() -> None:
    shown = cli.get_help(click.Context(cli))
    assert all(f"  {name} " in shown for name in COMMAND_MODULES), shown


def test_starting_the_cli_loads_no_command_module() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, vp_tui.cli; print(sorted(m for m in sys.modules "
         "if m.startswith(('vp_tui.cli.', 'cryptography', 'babel'))))"],
        capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['vp_tui.cli.base', 'vp_tui.cli.types']", loaded
