"""The agency profile and the advisers' contact details: admins only, checked, audited,
and what a client's report gets of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import report_world
from tests.report_world import YEAR, add_admin, png
from vp_tui.errors import AccessDenied, ConflictError, ValidationError
from vp_tui.models import Adviser, AuditEvent, Engagement, Meta
from vp_tui.services import agency
from vp_tui.store import migrations, vault

START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


@pytest.fixture
def world(store) -> report_world.World:
    return report_world.build()


def test_only_an_admin_changes_or_reads_the_profile(world) -> None:
    for who in ("BJ", "KO"):  # an adviser, a coordinator
        with pytest.raises(AccessDenied, match="beheerder"):
            agency.save_profile(world.ctx(who), {"name": "X"}, 0)
        with pytest.raises(AccessDenied):
            agency.read_profile(world.ctx(who))
        with pytest.raises(AccessDenied):
            agency.save_contact(world.ctx(who), "BJ", {"phone": "030 1234567"}, 0)
    assert agency.get_profile().version == 0


def test_profile_saved_audited_and_versioned(world) -> None:
    admin = add_admin()
    v1 = agency.save_profile(admin, {"name": "  Bureau  Veilig Werk ",
                                     "address": "Kerkstraat 1\r\n3511 AB Utrecht",
                                     "email": "info@veiligwerk.nl"}, 0)
    profile = agency.read_profile(admin)
    assert (profile.name, profile.address, profile.email) == (
        "Bureau Veilig Werk", "Kerkstraat 1\n3511 AB Utrecht", "info@veiligwerk.nl")
    v2 = agency.save_profile(admin, {"phone": "+31 30 123 45 67"}, v1)
    assert agency.get_profile().name == "Bureau Veilig Werk"  # other fields kept
    with pytest.raises(ConflictError):
        agency.save_profile(admin, {"website": "www.veiligwerk.nl"}, v1)
    assert v2 == v1 + 1
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.actor == "AB")]
    assert actions.count("agency.update") == 2


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "info-at-bureau", "geen e-mailadres"),
    ("phone", "bel ons", "geen telefoonnummer"),
    ("website", "geen site", "geen website"),
    ("name", "x" * 121, "Te lang"),
])
def test_profile_fields_checked(world, field: str, value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as error:
        agency.save_profile(add_admin(), {field: value}, 0)
    assert error.value.field == field


def test_logo_checked_by_magic_bytes_and_size(world, tmp_path: Path) -> None:
    admin = add_admin()
    with pytest.raises(ValidationError, match="PNG- of JPEG"):
        agency.set_logo(admin, b"GIF89a" + b"\0" * 40, 0)
    with pytest.raises(ValidationError, match="PNG- of JPEG"):
        agency.set_logo(admin, b"<svg xmlns='http://www.w3.org/2000/svg'/>", 0)
    with pytest.raises(ValidationError, match="geen leesbare"):
        agency.set_logo(admin, b"\x89PNG\r\n\x1a\n" + b"\0" * 10, 0)
    with pytest.raises(ValidationError, match="te groot"):
        agency.set_logo(admin, png(10, 10) + b"\0" * agency.MAX_LOGO_BYTES, 0)
    big = tmp_path / "groot.png"
    big.write_bytes(png(10, 10) + b"\0" * (3 * agency.MAX_LOGO_BYTES))
    with pytest.raises(ValidationError, match="te groot"):
        agency.read_logo(big)
    version = agency.set_logo(admin, png(40, 20), 0)
    assert agency.get_profile().logo_kind == "png"
    agency.set_logo(admin, None, version)
    assert agency.get_profile().logo is None


def test_sender_of_a_report(world) -> None:
    """The VPs of the year, vaste VP first, with their own details or else the agency's."""
    admin = add_admin()
    agency.save_profile(admin, {"name": "Bureau", "phone": "030 1111111",
                                "email": "info@bureau.nl"}, 0)
    agency.save_contact(admin, "bj", {"email": "bram@bureau.nl",
                                      "availability": "ma t/m do"}, 0)
    Engagement.create(adviser=world.advisers["CS"], organisation=world.proef,
                      role="tweede_vp", start=dt.date(YEAR, 6, 1))
    Engagement.create(adviser=world.advisers["CS"], organisation=world.leeg,
                      role="tweede_vp", start=dt.date(YEAR + 1, 1, 1))  # after the year
    sender = agency.sender(world.proef, START, END)
    assert [(c.name, c.role, c.phone, c.email, c.availability, c.vaste)
            for c in sender.contacts] == [
        ("Bram Jansen", "vaste VP", "030 1111111", "bram@bureau.nl", "ma t/m do", True),
        ("Carla Smit", "tweede VP", "030 1111111", "info@bureau.nl", "", False)]
    assert [c.name for c in agency.sender(world.leeg, START, END).contacts] == [
        "Bram Jansen"]
    # An adviser who left is neither reachable nor signs.
    Adviser.update(active=False).where(Adviser.id == world.advisers["CS"]).execute()
    assert [c.name for c in agency.sender(world.proef, START, END).contacts] == [
        "Bram Jansen"]
    rows = {r.initials: r for r in agency.list_contacts(admin)}
    assert rows["BJ"].email == "bram@bureau.nl"
    assert list(rows) == ["BJ"]  # not who left (CS), nor who only manages (KO, AB)


def test_version_8_adds_the_profile_and_the_final_mark(store) -> None:
    assert migrations.SCHEMA_VERSION >= 8
    store.db.execute_sql("DROP TABLE agency_profile")
    store.db.execute_sql("DROP TABLE adviser_contact")
    store.db.execute_sql("ALTER TABLE report_draft DROP COLUMN final_at")
    store.db.execute_sql("ALTER TABLE report_draft DROP COLUMN final_by")
    Meta.replace(key="schema_version", value="7").execute()
    store.close()
    again = vault.open_store(store.path)
    assert {"agency_profile", "adviser_contact"} <= set(again.db.get_tables())
    assert {"final_at", "final_by"} <= {c.name for c in again.db.get_columns("report_draft")}
    assert Meta.get(Meta.key == "schema_version").value == str(migrations.SCHEMA_VERSION)
    again.close()


@given(st.binary(max_size=300), st.sampled_from([b"", agency.PNG_MAGIC, agency.JPEG_MAGIC,
                                                  report_world.png(3, 2)[:40]]))
def test_any_logo_bytes_are_accepted_or_refused_in_words(data: bytes, start: bytes) -> None:
    """Whatever file an admin points at, the check answers with a refusal, never a crash."""
    try:
        assert agency.check_logo(start + data) == start + data
    except ValidationError as error:
        assert error.field == "logo"
