"""The absence and cover schedule as an iCalendar file that Outlook and Google Calendar import.

Every absence and every cover is one all-day event (DTEND is the day after the last day, as
RFC 5545 wants for dates). UIDs are built from the database id and the row id, and SEQUENCE from
the row version, so importing a newer export updates events instead of duplicating them.
Events are TRANSPARENT: a coordinator importing the agency's schedule is not shown as busy.
A cover's event names the weekdays in it on which the client is closed, by the client's own
calendar (services.calendars): nobody needs to be there then.

An absence's reason (its kind: *ziek* is health data) and note are left out: an event says
only who is away. A coordinator may ask for them (`with_reasons`); the file must then say so
in its name (`REASONS_MARK`), so it is not passed on as an ordinary calendar. Every text is
stripped of control characters (a calendar client may show them to a terminal user).
"""

from __future__ import annotations

import datetime as dt

from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.models import Absence, Adviser, Meta, Organisation
from vp_tui.models.enums import ABSENCE_KINDS, DAY_PARTS
from vp_tui.services.absences import AbsenceRow, CoverRow, list_absences
from vp_tui.services.calendars import Calendar, calendar_of
from vp_tui.services.context import Context
from vp_tui.text import strip_controls

#: How far back an export reaches; the future is exported in full.
HISTORY_DAYS = 365

#: A calendar with the reasons of absences must carry this in its file name.
REASONS_MARK = "met-redenen"


def require_reasons_allowed(ctx: Context) -> None:
    """Only a coordinator (or admin) may export the reasons of absences."""
    if not ctx.actor.is_coordinator:
        raise AccessDenied(
            _("Alleen een coördinator mag de redenen van afwezigheid exporteren."))


def check_reasons_target(name: str) -> None:
    """A file with reasons names itself so: 'met-redenen' in the file name, no stdout."""
    if name == "-" or REASONS_MARK not in name.casefold():
        raise ValidationError(
            _("Een rooster met redenen van afwezigheid moet '{mark}' in de bestandsnaam hebben, "
              "bijvoorbeeld rooster-{mark}.ics.").format(mark=REASONS_MARK), "ics")


def _stamp(moment: dt.datetime) -> dt.datetime:
    """DTSTAMP from the row's last change (stored in UTC), so an unchanged row exports the same."""
    return moment.replace(tzinfo=dt.UTC)


def _absence_summary(a: AbsenceRow, with_reason: bool) -> str:
    parts = [ABSENCE_KINDS.label(a.kind)] if with_reason else []
    if a.day_part != "dag":
        parts.append(DAY_PARTS.label(a.day_part))
    if not parts:
        return _("Afwezig: {name}").format(name=a.adviser)
    return _("Afwezig: {name} ({what})").format(name=a.adviser, what=", ".join(parts))


def _cover_summary(a: AbsenceRow, c: CoverRow) -> str:
    return _("Vervanging {org}: {replacement} voor {absent}").format(
        org=c.organisation, replacement=c.replacement, absent=a.initials)


def _closed_during(c: CoverRow, calendar: Calendar) -> str:
    """The weekdays of the cover on which its client is closed, as the event's description."""
    closed = [(d, name) for d, name in calendar.holidays(c.start, c.end).items()
              if d.weekday() < 5]
    if not closed:
        return ""
    return _("{org} is gesloten op: {days}").format(org=c.organisation, days=", ".join(
        f"{fmt_date(d)} ({name})" for d, name in closed))


def schedule_ics(ctx: Context, adviser_initials: str | None = None,
                 with_reasons: bool = False) -> bytes:
    """The schedule of everyone, or of one adviser (their absences and the covers they take
    or receive), from a year back on; with the reasons and notes of absences only when a
    coordinator asks (`with_reasons`)."""
    from icalendar import Calendar, Event

    if with_reasons:
        require_reasons_allowed(ctx)
    adviser_id = None
    if adviser_initials:
        adviser = Adviser.get_or_none(Adviser.initials == adviser_initials.strip().upper())
        if adviser is None:
            raise NotFound(_("Onbekende adviseur: {who}").format(who=adviser_initials))
        adviser_id = adviser.id
    db_id = Meta.get(Meta.key == "db_id").value
    since = ctx.today - dt.timedelta(days=HISTORY_DAYS)

    cal = Calendar()
    cal.add("prodid", "-//vp-tui//vervangingsrooster//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Afwezigheid en vervanging"))

    def event(uid: str, summary: str, start: dt.date, end: dt.date, version: int,
              stamp: dt.datetime, description: str = "") -> Event:
        ev = Event()
        ev.add("uid", f"{uid}-{db_id}@vp-tui")
        ev.add("dtstamp", _stamp(stamp))
        ev.add("dtstart", start)
        ev.add("dtend", end + dt.timedelta(days=1))
        ev.add("summary", strip_controls(summary))
        ev.add("sequence", version - 1)
        ev.add("transp", "TRANSPARENT")
        if description:
            ev.add("description", strip_controls(description))
        return ev

    absences = list_absences(ctx, since, dt.date.max)
    notes: dict[int, str] = {}
    if with_reasons and absences:
        notes = {row.id: row.note for row in Absence.select(Absence.id, Absence.note).where(
            Absence.id.in_([a.id for a in absences]))}
    covered = {c.organisation_id for a in absences for c in a.covers}
    calendars = {o.id: calendar_of(o.days_off) for o in Organisation.select(
        Organisation.id, Organisation.days_off).where(Organisation.id.in_(covered))}
    for a in absences:
        mine = adviser_id is None or a.adviser_id == adviser_id
        covers = [c for c in a.covers if mine or c.replacement_id == adviser_id]
        if mine:
            lines = [f"{c.organisation}: {c.replacement}" for c in a.covers]
            if notes.get(a.id, "").strip():
                lines.insert(0, notes[a.id].strip())
            cal.add_component(event(f"absence-{a.id}", _absence_summary(a, with_reasons),
                                    a.start, a.end, a.version, a.updated_at, "\n".join(lines)))
        for c in covers:
            cal.add_component(event(f"cover-{c.id}", _cover_summary(a, c), c.start, c.end,
                                    c.version, c.updated_at,
                                    _closed_during(c, calendars[c.organisation_id])))
    return cal.to_ical()
