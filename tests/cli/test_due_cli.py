"""`vp-tui due` for cron: exit codes, silence when nothing is due, codes and dates only, plain
text off a terminal, JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests import planning_world
from tests.planning_world import open_case
from vp_tui.cli import cli
from vp_tui.models import Case, FollowUp, Organisation

SECRET = "\x1b[2JGEHEIME AFSPRAAK"


@pytest.fixture
def due_db(store, db_path: Path) -> Path:
    """On the real today: VE has an integrity report whose receipt confirmation is overdue;
    WS a follow-up in three days and nothing else; MO nothing at all."""
    today = dt.date.today()
    world = planning_world.build()
    Organisation.update(name="Alfa \x1b]0;titel\x07").where(
        Organisation.id == world.alfa).execute()
    late = open_case(world.alfa, world.advisers["VE"], today - dt.timedelta(days=9), "2026-0801")
    Case.update(case_type="integriteit", last_conversation_on=today).where(
        Case.id == late).execute()
    soon = open_case(world.alfa, world.advisers["WS"], today, "2026-0802")
    FollowUp.create(case=soon, due_on=today + dt.timedelta(days=3), description=SECRET)
    store.close()
    return db_path


def run(db: Path, who: str, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--as", who, "due", *args])


def test_something_overdue_exits_1_with_codes_and_what_is_due(due_db: Path) -> None:
    result = run(due_db, "VE")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"VE     2026-0801    {(dt.date.today() - dt.timedelta(days=2)).isoformat()}  "
        "ontvangstbevestiging (Wbk, 7 dagen) (2 dagen over tijd)"]


def test_due_soon_only_exits_10_and_never_prints_free_text(due_db: Path) -> None:
    result = run(due_db, "WS", "--days", "7")
    assert result.exit_code == 10, result.output
    assert "2026-0802" in result.output and "afspraak" in result.output
    for leak in ("GEHEIM", "Alfa", "\x1b", "\x07"):
        assert leak not in result.output


def test_nothing_due_is_silent_and_exits_0(due_db: Path) -> None:
    result = run(due_db, "MO")
    assert (result.exit_code, result.output) == (0, "")
    result = run(due_db, "WS", "--days", "2")
    assert (result.exit_code, result.output) == (0, "")


def test_json_for_every_adviser_by_a_coordinator(due_db: Path) -> None:
    result = run(due_db, "KO", "--all", "--days", "7", "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert {(d["adviseur"], d["code"], d["soort"], d["over_tijd"]) for d in data} >= {
        ("VE", "2026-0801", "ontvangstbevestiging", True),
        ("WS", "2026-0802", "opvolging", False)}
    assert set(data[0]) == {"adviseur", "code", "soort", "datum", "over_tijd", "dagen"}
    assert run(due_db, "MO", "--json").output.strip() == "[]"


def test_an_adviser_may_not_ask_for_others(due_db: Path) -> None:
    result = run(due_db, "VE", "--all")
    assert result.exit_code == 3 and result.output.startswith("fout: ")
