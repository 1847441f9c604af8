"""The absence and cover schedule as an iCalendar file that Outlook and Google Calendar import.

Every absence and every cover is one all-day event (DTEND is the day after the last day, as
RFC 5545 wants for dates). UIDs are built from the database id and the row id, and SEQUENCE from
the row version, so importing a newer export updates events instead of duplicating them.
Events are TRANSPARENT: a coordinator importing the agency's schedule is not shown as busy.
"""

from __future__ import annotations

import datetime as dt

from vp_tui.errors import NotFound
from vp_tui.i18n import _
from vp_tui.models import Adviser, Meta
from vp_tui.models.enums import ABSENCE_KINDS, DAY_PARTS
from vp_tui.services.absences import AbsenceRow, CoverRow, list_absences
from vp_tui.services.context import Context

#: How far back an export reaches; the future is exported in full.
HISTORY_DAYS = 365


def _stamp(moment: dt.datetime) -> dt.datetime:
    """DTSTAMP from the row's last change (stored in UTC), so an unchanged row exports the same."""
    return moment.replace(tzinfo=dt.UTC)


def _absence_summary(a: AbsenceRow) -> str:
    what = ABSENCE_KINDS.label(a.kind)
    if a.day_part != "dag":
        what += ", " + DAY_PARTS.label(a.day_part)
    return _("Afwezig: {name} ({what})").format(name=a.adviser, what=what)


def _cover_summary(a: AbsenceRow, c: CoverRow) -> str:
    return _("Vervanging {org}: {replacement} voor {absent}").format(
        org=c.organisation, replacement=c.replacement, absent=a.initials)


def schedule_ics(ctx: Context, adviser_initials: str | None = None) -> bytes:
    """The schedule of everyone, or of one adviser (their absences and the covers they take
    or receive), from a year back on."""
    from icalendar import Calendar, Event

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
        ev.add("summary", summary)
        ev.add("sequence", version - 1)
        ev.add("transp", "TRANSPARENT")
        if description:
            ev.add("description", description)
        return ev

    for a in list_absences(ctx, since, dt.date.max):
        mine = adviser_id is None or a.adviser_id == adviser_id
        covers = [c for c in a.covers if mine or c.replacement_id == adviser_id]
        if mine:
            description = "\n".join(f"{c.organisation}: {c.replacement}" for c in a.covers)
            cal.add_component(event(f"absence-{a.id}", _absence_summary(a), a.start, a.end,
                                    a.version, a.updated_at, description))
        for c in covers:
            cal.add_component(event(f"cover-{c.id}", _cover_summary(a, c), c.start, c.end,
                                    c.version, c.updated_at))
    return cal.to_ical()
