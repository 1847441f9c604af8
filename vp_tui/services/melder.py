"""The melder's rights for one case: access to everything stored about them, and erasure.

The access copy is a plain UTF-8 text document in Dutch: readable on any device, easy to print
or hand over, and unable to hide anything in formatting. It holds every field of the case, the
whole timeline with every earlier version of an edited text, the follow-ups and the handovers.
Erasure on request goes through the retention purge (vp_tui.services.retention.purge), so the
anonymous skeleton stays counted exactly as at the end of a retention term.
"""

from __future__ import annotations

import os
from pathlib import Path

from vp_tui.errors import NotFound, ValidationError
from vp_tui.i18n import _, fmt_date
from vp_tui.models import Adviser, Case, Handover
from vp_tui.models.enums import (
    CASE_TYPES,
    CATEGORIES,
    CHANNELS,
    CONVERSATION_MODES,
    ENTRY_KINDS,
    MELDER_ROLES,
    OUTCOMES,
    REFERRAL_DESTINATIONS,
    RELATIONS,
    STATUSES,
    STEPS,
)
from vp_tui.services import audit, retention
from vp_tui.services.cases.queries import CaseDetail, consent_state, get_case
from vp_tui.services.context import Context
from vp_tui.services.timeline import TimelineItem, consent_entry_label, entry_history
from vp_tui.services.writes import transaction
from vp_tui.text import strip_controls


def find_case(code: str) -> int:
    """The id of the case with this code; access is checked by whoever uses it."""
    case = Case.get_or_none(Case.code == code.strip())
    if case is None:
        raise NotFound(_("Geen melding met code {code}.").format(code=code.strip()))
    return case.id


def _yes_no(value: bool) -> str:
    return _("ja") if value else _("nee")


def _fields(pairs: list[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _value in pairs)
    return [f"{label + ':':<{width + 1}} {value or '-'}" for label, value in pairs]


def _case_part(case: CaseDetail) -> list[str]:
    return _fields([
        (_("Code"), case.code),
        (_("Organisatie"), case.organisation),
        (_("Vertrouwenspersoon"), f"{case.owner_name} ({case.owner})"),
        (_("Datum melding"), fmt_date(case.opened_on)),
        (_("Datum afgesloten"), fmt_date(case.closed_on)),
        (_("Kanaal"), CHANNELS.label(case.channel)),
        (_("Soort"), CASE_TYPES.label(case.case_type)),
        (_("Categorieën"), ", ".join(CATEGORIES.label(c) for c in case.categories)),
        (_("Status"), STATUSES.label(case.status)),
        (_("Uitkomst"), OUTCOMES.label(case.outcome)),
        (_("Aantal gesprekken"), str(case.conversation_count)),
        (_("Tijd besteed"), _("{m} minuten").format(m=case.minutes_spent)),
    ])


def _melder_part(case: CaseDetail) -> list[str]:
    pairs = [
        (_("Melderscode"), case.melder_code),
        (_("Contactgegevens"), case.melder_contact),
        (_("Rol"), MELDER_ROLES.label(case.melder_role)),
        (_("Afdeling"), case.department),
        (_("Uit dienst sinds"), fmt_date(case.left_employment_on)),
        (_("Relatie tot de veroorzaker"), RELATIONS.label(case.relation)),
        (_("Toestemming"), consent_state(case)),
    ]
    if case.case_type == "integriteit":
        pairs += [(_("Ontvangst bevestigd"), fmt_date(case.receipt_confirmed_on)),
                  (_("Terugkoppeling gegeven"), fmt_date(case.feedback_given_on))]
    return _fields(pairs)


def _entry_heading(item: TimelineItem) -> str:
    details = [ENTRY_KINDS.label(item.kind)]
    if item.minutes:
        details.append(_("{m} minuten").format(m=item.minutes))
    if item.mode:
        details.append(CONVERSATION_MODES.label(item.mode))
    if item.step:
        details.append(STEPS.label(item.step))
    if item.destination:
        details.append(_("verwezen naar {d}").format(
            d=REFERRAL_DESTINATIONS.label(item.destination)))
    if item.kind in ("stap", "verwijzing"):
        details.append(_("met toestemming") if item.consent else _("zonder toestemming"))
    if item.kind == "toestemming":
        details.append(consent_entry_label(item.consent))
    if item.status:
        details.append(STATUSES.label(item.status))
    if item.outcome:
        details.append(OUTCOMES.label(item.outcome))
    return f"{fmt_date(item.occurred_on)} — {', '.join(details)} ({item.author})"


def _indented(text: str) -> list[str]:
    return ["    " + line for line in strip_controls(text).splitlines()] or ["    -"]


def _timeline_part(ctx: Context, case: CaseDetail) -> list[str]:
    lines: list[str] = []
    for item in case.timeline:
        lines.append(_entry_heading(item))
        if item.text:
            lines += _indented(item.text)
        if item.edited:
            for earlier in entry_history(ctx, item.id)[:-1]:
                lines.append("    " + _("Eerdere tekst (versie {v}, gewijzigd door {who} op "
                                        "{day}):").format(v=earlier.version, who=earlier.changed_by,
                                                          day=fmt_date(earlier.changed_at.date())))
                lines += ["    " + line for line in _indented(earlier.text)]
        lines.append("")
    return lines or [_("Geen.")]


def _followup_part(case: CaseDetail) -> list[str]:
    lines = []
    for f in case.followups:
        done = _("gedaan op {day}").format(day=fmt_date(f.done_on)) if f.done_on else _("open")
        lines.append(f"{fmt_date(f.due_on)} ({done})")
        lines += _indented(f.description)
    return lines or [_("Geen.")]


def _handover_part(case_id: int) -> list[str]:
    query = (Handover.select(Handover, Adviser)
             .join(Adviser, on=(Handover.to_adviser == Adviser.id))
             .where(Handover.case == case_id).order_by(Handover.start))
    lines = [
        _("Overgedragen aan {name} ({initials}) van {start} tot {end}, toestemming: {c}").format(
            name=h.to_adviser.name, initials=h.to_adviser.initials, start=fmt_date(h.start),
            end=fmt_date(h.end) if h.end else _("nader te bepalen"), c=_yes_no(h.consent))
        for h in query
    ]
    return lines or [_("Geen.")]


def melder_document(ctx: Context, case_id: int) -> str:
    """Everything stored about the melder of a case, as a Dutch text; access-checked (the
    reader must be allowed to see the case) and audited."""
    case = get_case(ctx, case_id)
    title = _("Overzicht van de gegevens over de melder — melding {code}").format(code=case.code)
    intro = _("Dit overzicht bevat alles wat bij melding {code} over u is vastgelegd (recht op "
              "inzage, artikel 15 AVG). Opgesteld op {day} door {name}.").format(
                  code=case.code, day=fmt_date(ctx.today), name=ctx.actor.name)
    if case.purged:
        intro += " " + _("De persoonlijke inhoud van deze melding is vernietigd; alleen de "
                         "anonieme gegevens hieronder zijn bewaard.")
    parts = [
        (_("De melding"), _case_part(case)),
        (_("Gegevens over u"), _melder_part(case)),
        (_("Verloop"), _timeline_part(ctx, case)),
        (_("Afspraken"), _followup_part(case)),
        (_("Overdrachten aan een andere vertrouwenspersoon"), _handover_part(case.id)),
    ]
    lines = [title, "=" * len(title), "", intro, ""]
    for heading, body in parts:
        lines += [heading, "-" * len(heading), *body, ""]
    with transaction():
        audit.record(ctx, "melder.export", "case", case.id)
    return "\n".join(lines).rstrip() + "\n"


def export_melder(ctx: Context, code: str, target: Path) -> Path:
    """Write the melder's document to a new file, readable by its owner only."""
    target = Path(target)
    if target.exists():
        raise ValidationError(_("{path} bestaat al; kies een nieuw bestand.").format(path=target))
    text = melder_document(ctx, find_case(code))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return target


def erase_melder(ctx: Context, code: str) -> retention.PurgeResult:
    """Erasure at the melder's request: the retention purge, before the term has passed."""
    return retention.purge(ctx, find_case(code))
