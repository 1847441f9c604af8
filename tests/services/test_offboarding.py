"""An adviser leaves: inventory, transfers with and without consent, the vaste VP role, the
gaps it leaves, retention of closed cases, deactivation, SSH key lines, and a crash between
steps of a real process followed by a resume."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import planning_world
from tests.planning_world import TODAY, World, open_case
from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.models import (
    Absence,
    Adviser,
    AuditEvent,
    Case,
    CaseTransfer,
    Cover,
    Engagement,
    Meta,
    Offboarding,
    TimelineEntry,
)
from vp_tui.services import offboarding, retention
from vp_tui.services.access import case_filter
from vp_tui.services.advisers import resolve_actor
from vp_tui.services.sshkeys import pins_adviser
from vp_tui.store import keys, migrations, vault

CONSENTED, ASK, CLOSED_CODE = "2026-0501", "2026-0502", "2023-0503"
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"


def leaver_world() -> World:
    """MA, vaste VP of Alfa (man and woman required, VE is tweede VP), holds two open cases
    there (one with the melder's consent), a closed one past its term, a holiday next month
    and a cover he is to give for MO at Beta."""
    world = planning_world.build()
    ma = world.advisers["MA"]
    consented = open_case(world.alfa, ma, dt.date(2026, 10, 5), CONSENTED)
    Case.update(consent_recorded=True, consent_on=dt.date(2026, 10, 5),
                melder_contact="06-11111111").where(Case.id == consented).execute()
    ask = open_case(world.alfa, ma, dt.date(2026, 11, 2), ASK)
    Case.update(melder_contact="melder@example.org", department="Geheime afdeling").where(
        Case.id == ask).execute()
    TimelineEntry.create(case=ask, kind="notitie", occurred_on=dt.date(2026, 11, 2),
                         text="Wat de melder vertelde", author=ma)
    Case.create(code=CLOSED_CODE, organisation=world.alfa, owner=ma,
                opened_on=dt.date(2023, 3, 1), closed_on=dt.date(2023, 6, 1), channel="telefoon",
                case_type="oo", status="afgesloten", outcome="opgelost",
                melder_contact="oud contact")
    Absence.create(adviser=ma, kind="vakantie", start=dt.date(2026, 12, 21),
                   end=dt.date(2026, 12, 24))
    mo_away = Absence.create(adviser=world.advisers["MO"], kind="cursus",
                             start=dt.date(2026, 12, 7), end=dt.date(2026, 12, 8))
    Cover.create(absence=mo_away, organisation=world.beta, replacement=ma,
                 start=dt.date(2026, 12, 7), end=dt.date(2026, 12, 8))
    world.advisers["AD"] = Adviser.create(name="Ad Min", initials="AD", gender="m",
                                          role="admin", is_adviser=False).id
    return world


@pytest.fixture
def world(store) -> World:
    return leaver_world()


def keys_file(tmp_path: Path) -> Path:
    path = tmp_path / "authorized_keys"
    path.write_text(
        f'command="/opt/vp/bin/vp-tui --db /srv/vp.db --as MA",restrict,pty {KEY} ma@laptop\n'
        f'command="/opt/vp/bin/vp-tui --db /srv/vp.db --as VE",restrict,pty {KEY} ve@laptop\n'
        f"# beheer\n"
        f'command="vp-tui --as=ma",restrict {KEY} ma@tablet\n', "utf-8")
    os.chmod(path, 0o644)
    return path


def successors(world: World, alfa: str = "WS") -> dict[int, int]:
    return {world.alfa: world.advisers[alfa]}


def test_the_inventory_lists_what_the_adviser_holds_and_no_content(world: World) -> None:
    held = offboarding.inventory(world.ctx("KO"), "MA")
    assert [(c.code, c.consent) for c in held.open_cases] == [(CONSENTED, True), (ASK, False)]
    assert [(c.code, c.due_on) for c in held.closed_cases] == [
        (CLOSED_CODE, dt.date(2025, 6, 1))]
    assert [(e.organisation, e.role) for e in held.engagements] == [("Alfa", "vaste_vp")]
    assert [(a.start, a.end) for a in held.absences] == [
        (dt.date(2026, 12, 21), dt.date(2026, 12, 24))]
    assert [(c.organisation, c.start) for c in held.covers] == [("Beta", dt.date(2026, 12, 7))]
    assert held.organisations == {world.alfa: "Alfa"}
    assert "melder@example.org" not in repr(held)
    with pytest.raises(AccessDenied):
        offboarding.inventory(world.ctx("VE"), "MA")


def test_the_plan_needs_a_successor_who_may_work_there(world: World) -> None:
    ko = world.ctx("KO")
    with pytest.raises(ValidationError, match="opvolger voor Alfa"):
        offboarding.start(ko, "MA", {})
    with pytest.raises(ValidationError, match="VI kan Alfa niet overnemen"):
        offboarding.start(ko, "MA", successors(world, "VI"))  # a conflict of interest
    with pytest.raises(ValidationError, match="eigen vertrek"):
        offboarding.start(ko, "KO", {})
    with pytest.raises(AccessDenied):
        offboarding.start(ko, "MA", successors(world), remove_keys=True)  # admins only
    assert not Offboarding.select().exists()


def test_leaving_transfers_reassigns_deactivates_and_shows_the_gaps(world: World,
                                                                    tmp_path: Path) -> None:
    ko = world.ctx("KO")
    path = keys_file(tmp_path)
    procedure = offboarding.start(ko, "MA", successors(world), keys_file=path)
    result = offboarding.run(ko, procedure)

    assert result.procedure.finished
    ma = Adviser.get_by_id(world.advisers["MA"])
    assert not ma.active
    with pytest.raises(AccessDenied):
        resolve_actor("MA", None)
    # With consent: WS owns the case. Without: it stays closed to everyone, flagged for WS.
    assert Case.get(Case.code == CONSENTED).owner_id == world.advisers["WS"]
    ask = Case.get(Case.code == ASK)
    assert ask.owner_id == world.advisers["MA"]
    assert [(t.code, t.successor, t.state) for t in result.transfers] == [
        (CONSENTED, "WS", "done"), (ASK, "WS", "waiting")]
    ws = world.ctx("WS")
    visible = {c.code for c in Case.select(Case.code).where(case_filter(ws))}
    assert visible == {CONSENTED}
    # The vaste VP role passes on from the next day; Alfa then lacks a man, at once visible.
    tomorrow = TODAY + dt.timedelta(days=1)
    assert Engagement.get(Engagement.adviser == ma.id).end == TODAY
    new = Engagement.get(Engagement.adviser == world.advisers["WS"])
    assert (new.organisation_id, new.role, new.start, new.end) == (
        world.alfa, "vaste_vp", tomorrow, None)
    assert result.gaps and {(g.organisation, g.kind, g.missing) for g in result.gaps} == {
        ("Alfa", "onvolledig", ("m",))}
    # His holiday and the cover he was to give are gone; MO's course at Beta is a gap again.
    assert not Absence.select().where(Absence.adviser == ma.id).exists()
    assert not Cover.select().where(Cover.replacement == ma.id).exists()
    # The key lines are shown, the file untouched (a coordinator, no file given to remove).
    assert len(result.key_lines) == 2 and not result.keys_removed
    assert "ve@laptop" in path.read_text("utf-8")
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.actor == "KO")]
    for step in offboarding.STEPS:
        assert f"offboarding.{step}" in actions
    assert {"offboarding.start", "offboarding.finish", "adviser.deactivate", "case.transfer",
            "case.transfer-waiting", "engagement.end", "engagement.create", "cover.delete",
            "absence.delete"} <= set(actions)


def test_the_successor_sees_only_how_to_ask_and_takes_over_with_consent(world: World) -> None:
    ko = world.ctx("KO")
    offboarding.run(ko, offboarding.start(ko, "MA", successors(world)))
    ws = world.ctx("WS")
    waiting = offboarding.waiting_transfers(ws)
    assert [(w.code, w.organisation, w.from_adviser, w.contact) for w in waiting] == [
        (ASK, "Alfa", "MA", "melder@example.org")]
    assert "Geheime afdeling" not in repr(waiting) and "vertelde" not in repr(waiting)
    assert AuditEvent.select().where(AuditEvent.action == "case.transfer-contact",
                                     AuditEvent.actor == "WS").count() == 1
    assert offboarding.waiting_transfers(world.ctx("VE")) == []
    with pytest.raises(NotFound):
        offboarding.accept_transfer(world.ctx("VE"), waiting[0].id)

    offboarding.accept_transfer(ws, waiting[0].id)

    case = Case.get(Case.code == ASK)
    assert (case.owner_id, case.consent_recorded, case.consent_on) == (
        world.advisers["WS"], True, TODAY)
    assert TimelineEntry.select().where(TimelineEntry.case == case.id,
                                        TimelineEntry.kind == "toestemming").count() == 1
    assert offboarding.waiting_transfers(ws) == []
    with pytest.raises(ValidationError, match="al overgedragen"):
        offboarding.accept_transfer(ws, waiting[0].id)


def test_a_melder_who_wants_no_successor_closes_the_case_unseen(world: World) -> None:
    ko = world.ctx("KO")
    procedure = offboarding.start(ko, "MA", successors(world))
    offboarding.run(ko, procedure)
    ws = world.ctx("WS")
    waiting = offboarding.waiting_transfers(ws)

    offboarding.decline_transfer(ws, waiting[0].id)

    case = Case.get(Case.code == ASK)
    assert (case.owner_id, case.status, case.closed_on, case.outcome) == (
        world.advisers["MA"], "afgesloten", TODAY, "geen")
    assert ASK not in {c.code for c in Case.select(Case.code).where(case_filter(ws))}
    assert offboarding.waiting_transfers(ws) == []
    with pytest.raises(ValidationError, match="geen opvolger"):
        offboarding.accept_transfer(ws, waiting[0].id)
    assert [t.state for t in offboarding.result(ko, procedure).transfers] == [
        "done", "declined"]
    # Closed and the leaver's: a coordinator destroys it when its term has passed.
    later = world.ctx("KO", today=TODAY.replace(year=TODAY.year + 3))
    assert ASK in [d.code for d in retention.due_cases(later)]


def test_a_leavers_closed_cases_are_purged_by_a_coordinator_when_due(world: World) -> None:
    ko = world.ctx("KO")
    closed = Case.get(Case.code == CLOSED_CODE)
    assert [d.code for d in retention.due_cases(ko)] == []
    with pytest.raises(AccessDenied):
        retention.purge(ko, closed.id)  # the owner is still there: his own duty

    offboarding.run(ko, offboarding.start(ko, "MA", successors(world)))

    assert [d.code for d in retention.due_cases(ko)] == [CLOSED_CODE]
    assert [d.code for d in retention.due_cases(world.ctx("VE"))] == []
    with pytest.raises(AccessDenied):
        retention.purge(world.ctx("VE"), closed.id)
    retention.purge(ko, closed.id)
    closed = Case.get_by_id(closed.id)
    assert closed.purged_at is not None and closed.melder_contact == ""


def test_running_again_changes_nothing(world: World) -> None:
    ko = world.ctx("KO")
    procedure = offboarding.start(ko, "MA", successors(world))
    first = offboarding.run(ko, procedure)
    events = AuditEvent.select().count()
    again = offboarding.run(ko, procedure)
    assert again.transfers == first.transfers
    assert CaseTransfer.select().count() == 2
    assert Engagement.select().where(Engagement.adviser == world.advisers["WS"]).count() == 1
    assert AuditEvent.select().count() == events
    done = CaseTransfer.get(CaseTransfer.done_on.is_null(False))
    with pytest.raises(ValidationError, match="al overgedragen"):
        offboarding.accept_transfer(world.ctx("WS"), done.id)


def test_an_admin_removes_the_key_lines_atomically_with_mode_0600(world: World,
                                                                   tmp_path: Path) -> None:
    path = keys_file(tmp_path)
    admin = world.ctx("AD")
    result = offboarding.run(admin, offboarding.start(admin, "MA", successors(world),
                                                      keys_file=path, remove_keys=True))
    assert result.keys_removed and len(result.key_lines) == 2
    left = path.read_text("utf-8")
    assert "ma@" not in left and "ve@laptop" in left and "# beheer" in left
    assert path.stat().st_mode & 0o777 == 0o600
    assert offboarding.result(admin, result.procedure.id).key_lines == ()


def test_version_10_adds_the_procedure_tables_to_an_older_database(store) -> None:
    store.db.execute_sql('DROP TABLE "case_transfer"')
    store.db.execute_sql('DROP TABLE "offboarding"')
    Meta.replace(key="schema_version", value="9").execute()
    store.close()
    again = vault.open_store(store.path)
    try:
        assert {"offboarding", "case_transfer"} <= set(again.db.get_tables())
        assert Meta.get(Meta.key == "schema_version").value == str(migrations.SCHEMA_VERSION)
        world = leaver_world()
        ko = world.ctx("KO")
        assert offboarding.run(ko, offboarding.start(ko, "MA", successors(world))).transfers
    finally:
        again.close()


# --- a crash between two steps ----------------------------------------------------------------


@pytest.fixture
def crash_world(tmp_path: Path):
    key = keys.new_key()
    path = tmp_path / "crash.db"
    store = vault.create(path, use_keyring=False, key=key)
    world = leaver_world()
    store.close()
    return path, key, world


def test_a_procedure_killed_between_steps_resumes_where_it_stopped(crash_world) -> None:
    path, key, world = crash_world
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.services.offboarding_worker", str(path), key.hex(),
         "KO", "MA", f"{world.alfa}={world.advisers['WS']}", TODAY.isoformat(), "cases"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2])
    try:
        lines = []
        for line in worker.stdout:  # waits on the worker's own report, not on a clock
            lines.append(line.strip())
            if line.startswith("stopped"):
                break
        assert lines[-1] == "stopped cases", lines
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait()
    assert worker.returncode == -signal.SIGKILL

    store = vault.open_with_key(path, key)
    try:
        ko = world.ctx("KO")
        procedure = offboarding.latest_procedure(world.advisers["MA"])
        assert procedure.done == ["account", "keys", "cases"] and not procedure.finished
        assert Case.get(Case.code == CONSENTED).owner_id == world.advisers["WS"]
        assert Engagement.get(Engagement.adviser == world.advisers["MA"]).end is None
        with pytest.raises(ValidationError, match="loopt al"):
            offboarding.start(ko, "MA", successors(world))

        result = offboarding.run(ko, procedure.id)

        assert result.procedure.finished
        assert CaseTransfer.select().count() == 2
        assert Engagement.get(Engagement.adviser == world.advisers["MA"]).end == TODAY
        assert Engagement.select().where(
            Engagement.adviser == world.advisers["WS"]).count() == 1
        steps = [e.action for e in AuditEvent.select().where(
            AuditEvent.action.startswith("offboarding.")).order_by(AuditEvent.id)]
        assert steps == ["offboarding.start", *(f"offboarding.{s}" for s in offboarding.STEPS),
                         "offboarding.finish"]
    finally:
        store.close()


def test_a_tweede_vp_who_succeeds_the_vaste_vp_moves_up(world: World) -> None:
    ko = world.ctx("KO")
    offboarding.run(ko, offboarding.start(ko, "MA", successors(world, "VE")))
    ve = {(e.role, e.start, e.end) for e in Engagement.select().where(
        Engagement.adviser == world.advisers["VE"])}
    assert ve == {("tweede_vp", planning_world.START, TODAY),
                  ("vaste_vp", TODAY + dt.timedelta(days=1), None)}


def test_a_successor_who_holds_the_higher_role_keeps_it(world: World) -> None:
    ko = world.ctx("KO")
    offboarding.run(ko, offboarding.start(ko, "VE", successors(world, "MA")))
    ma = [(e.role, e.end) for e in Engagement.select().where(
        Engagement.adviser == world.advisers["MA"])]
    assert ma == [("vaste_vp", None)]
    assert Engagement.get(Engagement.adviser == world.advisers["VE"]).end == TODAY


def test_a_successor_gone_before_the_resume_is_refused(world: World) -> None:
    ko = world.ctx("KO")
    procedure = offboarding.start(ko, "MA", successors(world))
    Adviser.update(active=False).where(Adviser.id == world.advisers["WS"]).execute()
    with pytest.raises(ValidationError, match="WS kan Alfa niet overnemen"):
        offboarding.run(ko, procedure)
    assert Case.get(Case.code == CONSENTED).owner_id == world.advisers["MA"]


_INITIALS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(leaver=_INITIALS, others=st.lists(_INITIALS, max_size=5),
       form=st.sampled_from(["--as {}", "--as={}", "--as '{}'"]),
       lower=st.booleans())
def test_only_the_lines_that_log_in_as_the_leaver_match(leaver: str, others: list[str],
                                                        form: str, lower: bool) -> None:
    def line(who: str) -> str:
        who = who.lower() if lower else who
        command = f"/opt/vp/bin/vp-tui --db /srv/vp.db {form.format(who)}"
        return f'command="{command}",restrict,pty {KEY} {who}@laptop'

    assert pins_adviser(line(leaver), leaver)
    assert not pins_adviser(line(leaver + "X"), leaver)  # initials that begin the same
    for other in others:
        assert pins_adviser(line(other), leaver) == (other.upper() == leaver.upper())
    # A comment or a key comment naming the adviser is no login as them.
    assert not pins_adviser(f"# command=\"vp-tui --as {leaver}\"", leaver)
    assert not pins_adviser(f'{KEY} command="vp-tui --as {leaver}"', leaver)
