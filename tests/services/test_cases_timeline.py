"""The case file and its timeline: access on every read and write, date order, conversations,
notes, steps and referrals (consent), follow-ups, and edits that keep history."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY, ctx_for
from tests.services.casework import coordinator_only, new_case
from vp_tui.errors import AccessDenied, ConflictError, NotFound, ValidationError
from vp_tui.models import AuditEvent, Case, FollowUp, Referral, TimelineEntry, TimelineRevision
from vp_tui.services.cases.queries import get_case
from vp_tui.services.cases.status import change_status
from vp_tui.services.context import Context
from vp_tui.services.followups import add_followup, complete_followup
from vp_tui.services.timeline import (
    add_conversation,
    add_note,
    add_referral,
    add_step,
    edit_entry,
    entry_history,
)

OPENED = TODAY - dt.timedelta(days=20)
DAY = dt.timedelta(days=1)


@pytest.fixture
def case_id(ctx: Context) -> int:
    return new_case(ctx, opened_on=OPENED, conversation_minutes=60)


def outsider() -> Context:
    """DB: an adviser who neither owns, covers nor received the case."""
    return ctx_for("DB")


# --- access --------------------------------------------------------------------------------

def test_owner_reads_the_case_and_the_read_is_audited(ctx, case_id) -> None:
    before = AuditEvent.select().where(AuditEvent.action == "case.read").count()
    detail = get_case(ctx, case_id)
    assert detail.id == case_id and detail.owner == "ADV"
    assert AuditEvent.select().where(AuditEvent.action == "case.read").count() == before + 1


@pytest.mark.parametrize("who", ["other adviser", "coordinator"])
def test_others_cannot_read_or_write_case_content(ctx, case_id, who) -> None:
    other = outsider() if who == "other adviser" else coordinator_only()
    entry_id = get_case(ctx, case_id).timeline[0].id
    attempts = [
        lambda: get_case(other, case_id),
        lambda: add_note(other, case_id, TODAY, "x"),
        lambda: add_conversation(other, case_id, TODAY, 30, "telefoon", "x"),
        lambda: add_step(other, case_id, "leidinggevende", TODAY, True),
        lambda: add_referral(other, case_id, "huisarts", TODAY, "x", True),
        lambda: add_followup(other, case_id, TODAY, "x"),
        lambda: change_status(other, case_id, 1, "begeleiding"),
        lambda: edit_entry(other, entry_id, 1, "x"),
        lambda: entry_history(other, entry_id),
    ]
    denied_before = AuditEvent.select().where(AuditEvent.action == "case.denied").count()
    entries_before = TimelineEntry.select().count()
    for attempt in attempts:
        with pytest.raises(AccessDenied):
            attempt()
    assert TimelineEntry.select().count() == entries_before
    denied = AuditEvent.select().where(AuditEvent.action == "case.denied").count()
    assert denied == denied_before + len(attempts)  # refusals are audited, not rolled back


def test_unknown_case_is_not_found(ctx) -> None:
    with pytest.raises(NotFound):
        get_case(ctx, 999_999)
    with pytest.raises(NotFound):
        edit_entry(ctx, 999_999, 1, "x")


# --- the timeline --------------------------------------------------------------------------

def test_timeline_is_in_date_order_whatever_the_order_of_recording(ctx, case_id) -> None:
    add_note(ctx, case_id, OPENED + 10 * DAY, "later")
    add_conversation(ctx, case_id, OPENED + 2 * DAY, 30, "video", "earlier")
    add_note(ctx, case_id, OPENED + 10 * DAY, "same day, recorded after")
    items = get_case(ctx, case_id).timeline
    assert [i.occurred_on for i in items] == sorted(i.occurred_on for i in items)
    assert [i.text for i in items] == ["", "earlier", "later", "same day, recorded after"]


def test_conversation_updates_the_case_counters(ctx, case_id) -> None:
    add_conversation(ctx, case_id, TODAY, 45, "persoonlijk", "Tweede gesprek.")
    detail = get_case(ctx, case_id)
    assert (detail.conversation_count, detail.minutes_spent) == (2, 105)
    last = detail.timeline[-1]
    assert (last.kind, last.minutes, last.mode, last.author) == (
        "gesprek", 45, "persoonlijk", "ADV")


@pytest.mark.parametrize(("minutes", "ok"), [(0, False), (-5, False), (1, True), (600, True),
                                             (601, False), (None, False)])
def test_conversation_minutes_bounds(ctx, case_id, minutes, ok) -> None:
    if ok:
        add_conversation(ctx, case_id, TODAY, minutes, "telefoon")
    else:
        with pytest.raises(ValidationError) as err:
            add_conversation(ctx, case_id, TODAY, minutes, "telefoon")
        assert err.value.field == "minutes"


@pytest.mark.parametrize(("day", "field"), [(TODAY + DAY, "occurred_on"),
                                            (OPENED - DAY, "occurred_on")])
def test_entries_are_neither_in_the_future_nor_before_the_report(ctx, case_id, day,
                                                                 field) -> None:
    for add in (lambda: add_conversation(ctx, case_id, day, 30, "telefoon"),
                lambda: add_note(ctx, case_id, day, "x"),
                lambda: add_step(ctx, case_id, "zelf_aanspreken", day, False)):
        with pytest.raises(ValidationError) as err:
            add()
        assert err.value.field == field
    with pytest.raises(ValidationError) as err:
        add_referral(ctx, case_id, "huisarts", day, "", True)
    assert err.value.field == "referred_on"


def test_note_needs_text_and_mode_must_be_known(ctx, case_id) -> None:
    with pytest.raises(ValidationError) as err:
        add_note(ctx, case_id, TODAY, "  \n ")
    assert err.value.field == "text"
    with pytest.raises(ValidationError) as err:
        add_conversation(ctx, case_id, TODAY, 30, "postduif")
    assert err.value.field == "mode"


# --- steps and referrals: consent -----------------------------------------------------------

def test_outward_step_is_refused_without_consent(ctx, case_id) -> None:
    before = TimelineEntry.select().count()
    with pytest.raises(ValidationError) as err:
        add_step(ctx, case_id, "klacht", TODAY, consent=False)
    assert err.value.field == "consent"
    assert TimelineEntry.select().count() == before
    entry_id = add_step(ctx, case_id, "klacht", TODAY, consent=True, text="Klacht ingediend.")
    item = get_case(ctx, case_id).timeline[-1]
    assert (item.id, item.kind, item.step, item.consent) == (entry_id, "stap", "klacht", True)


def test_inward_step_needs_no_consent(ctx, case_id) -> None:
    add_step(ctx, case_id, "zelf_aanspreken", TODAY, consent=False)
    assert get_case(ctx, case_id).timeline[-1].step == "zelf_aanspreken"
    with pytest.raises(ValidationError) as err:
        add_step(ctx, case_id, "toveren", TODAY, consent=True)
    assert err.value.field == "step"


def test_referral_is_refused_without_consent_and_accepted_with_it(ctx, case_id) -> None:
    with pytest.raises(ValidationError) as err:
        add_referral(ctx, case_id, "bedrijfsarts", TODAY, "Afspraak gemaakt.", consent=False)
    assert err.value.field == "consent"
    assert Referral.select().where(Referral.case == case_id).count() == 0
    entry_id = add_referral(ctx, case_id, "Bedrijfsarts", TODAY, "Afspraak gemaakt.",
                            consent=True)
    referral = Referral.get(Referral.case == case_id)
    assert (referral.entry_id, referral.destination, referral.consent, referral.referred_on) == (
        entry_id, "bedrijfsarts", True, TODAY)
    item = get_case(ctx, case_id).timeline[-1]
    assert (item.kind, item.destination, item.text, item.consent) == (
        "verwijzing", "bedrijfsarts", "Afspraak gemaakt.", True)


def test_referral_destination_must_come_from_the_list(ctx, case_id) -> None:
    with pytest.raises(ValidationError) as err:
        add_referral(ctx, case_id, "waarzegger", TODAY, "", True)
    assert err.value.field == "destination"


# --- closed cases ---------------------------------------------------------------------------

def test_closed_case_takes_notes_only(ctx, case_id) -> None:
    change_status(ctx, case_id, 1, "afgesloten", "opgelost")
    add_note(ctx, case_id, TODAY, "Nagekomen bericht.")
    for add in (lambda: add_conversation(ctx, case_id, TODAY, 30, "telefoon"),
                lambda: add_step(ctx, case_id, "klacht", TODAY, True),
                lambda: add_referral(ctx, case_id, "huisarts", TODAY, "", True),
                lambda: add_followup(ctx, case_id, TODAY, "Bellen")):
        with pytest.raises(ValidationError):
            add()


# --- edits keep history ---------------------------------------------------------------------

def test_edit_keeps_the_earlier_text_in_history(ctx, case_id) -> None:
    entry_id = add_note(ctx, case_id, TODAY, "Eerste versie.")
    v2 = edit_entry(ctx, entry_id, 1, "Tweede versie.")
    v3 = edit_entry(ctx, entry_id, v2, "Derde versie.")
    assert (v2, v3) == (2, 3)
    item = next(i for i in get_case(ctx, case_id).timeline if i.id == entry_id)
    assert (item.text, item.version, item.edited) == ("Derde versie.", 3, True)
    history = entry_history(ctx, entry_id)
    assert [(r.version, r.text) for r in history] == [
        (1, "Eerste versie."), (2, "Tweede versie."), (3, "Derde versie.")]
    assert all(r.changed_by == "ADV" for r in history)


def test_stale_edit_is_a_conflict_and_leaves_no_trace(ctx, case_id) -> None:
    entry_id = add_note(ctx, case_id, TODAY, "Origineel.")
    edit_entry(ctx, entry_id, 1, "Eerste correctie.")
    with pytest.raises(ConflictError) as err:
        edit_entry(ctx, entry_id, 1, "Gelijktijdige correctie.")
    assert err.value.changed_by == "ADV"
    assert TimelineEntry.get_by_id(entry_id).text == "Eerste correctie."
    assert TimelineRevision.select().where(TimelineRevision.entry == entry_id).count() == 1


def test_referral_note_is_edited_with_history(ctx, case_id) -> None:
    entry_id = add_referral(ctx, case_id, "mediator", TODAY, "Eerst.", True)
    edit_entry(ctx, entry_id, 1, "Daarna.")
    assert [r.text for r in entry_history(ctx, entry_id)] == ["Eerst.", "Daarna."]
    assert get_case(ctx, case_id).timeline[-1].destination == "mediator"


# --- follow-ups -----------------------------------------------------------------------------

def test_followup_lifecycle(ctx, case_id) -> None:
    fid = add_followup(ctx, case_id, TODAY + 7 * DAY, "Melder terugbellen.")
    item = next(f for f in get_case(ctx, case_id).followups if f.id == fid)
    assert (item.due_on, item.description, item.done_on, item.version) == (
        TODAY + 7 * DAY, "Melder terugbellen.", None, 1)
    with pytest.raises(ValidationError) as err:
        complete_followup(ctx, fid, 1, TODAY + DAY)
    assert err.value.field == "done_on"
    assert complete_followup(ctx, fid, 1) == 2
    assert FollowUp.get_by_id(fid).done_on == TODAY
    for version in (1, 2):  # stale or current: it is done already
        with pytest.raises(ValidationError) as err:
            complete_followup(ctx, fid, version)
        assert err.value.field == "done_on"


@pytest.mark.parametrize(("due", "description", "field"), [
    (TODAY - DAY, "Bellen", "due_on"), (None, "Bellen", "due_on"), (TODAY, " ", "description"),
])
def test_followup_validation(ctx, case_id, due, description, field) -> None:
    with pytest.raises(ValidationError) as err:
        add_followup(ctx, case_id, due, description)
    assert err.value.field == field


def test_followup_of_someone_elses_case_cannot_be_completed(ctx, case_id) -> None:
    fid = add_followup(ctx, case_id, TODAY, "Bellen")
    with pytest.raises(AccessDenied):
        complete_followup(outsider(), fid, 1)


# --- properties -----------------------------------------------------------------------------

HOSTILE = st.lists(
    st.one_of(st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
              st.sampled_from(["[bold]", "[/]", "[link=http://x]", "\x1b[31m", "\x00", "\r\n",
                               "\t", "\u202e", "'; DROP TABLE case; --"])),
    min_size=1, max_size=10,
).map("".join).filter(lambda s: s.strip() != "")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE)
def test_note_text_round_trips_unchanged(ctx, case_id, text) -> None:
    """Markup, escape sequences, NULs and quotes are stored and returned exactly as typed."""
    entry_id = add_note(ctx, case_id, TODAY, text)
    assert TimelineEntry.get_by_id(entry_id).text == text
    assert next(i for i in get_case(ctx, case_id).timeline if i.id == entry_id).text == text
    new_text = text[::-1] if text[::-1].strip() else text
    edit_entry(ctx, entry_id, 1, new_text)
    assert [r.text for r in entry_history(ctx, entry_id)] == [text, new_text]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_note_dates_are_accepted_exactly_between_report_and_today(ctx, case_id, day) -> None:
    valid = OPENED <= day <= TODAY
    if valid:
        add_note(ctx, case_id, day, "datum")
    else:
        with pytest.raises(ValidationError) as err:
            add_note(ctx, case_id, day, "datum")
        assert err.value.field == "occurred_on"
    assert Case.get_by_id(case_id).status == "intake"
