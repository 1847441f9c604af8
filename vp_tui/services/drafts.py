"""Crash drafts: the long text of an open form, kept in the encrypted database every few seconds
so that a killed process or a dropped connection loses at most the last seconds of typing.

A draft is its adviser's own: every function here reads, writes and deletes only the acting
adviser's drafts, so another adviser never learns that one exists, not even how many. A draft
typed for a case is tied to it: it needs a case the adviser may see, and a purge of the case
deletes it (services/retention.py; the database refuses one on a purged case). Saving or
deliberately discarding the form deletes its draft. The audit trail records that a draft was
made and deleted (ids only), not each keep while typing and never its text.

A form is named by a stable key, so that the offer at the next start can build the form again:
`case_key` (a form on a case), `report_key` (the annual report's sections), INTAKE_KEY.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import NamedTuple

from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import Case, Draft, Organisation, utcnow
from vp_tui.services import audit
from vp_tui.services.access import case_filter, organisation_filter
from vp_tui.services.context import Context
from vp_tui.services.writes import transaction

#: Longest text kept per draft, all fields together (a report's sections included).
MAX_TEXT = 200_000
#: A draft's entry whose name starts with this is no text but about it (the version of the
#: record the text was typed over, say).
META = "_"
INTAKE_KEY = "intake"


def case_key(case_id: int, form: str) -> str:
    """A form on a case: `form` is the case screen's action that opens it ('conversation')."""
    return f"case:{case_id}:{form}"


def report_key(org_id: int, year: int) -> str:
    return f"report:{org_id}:{year}"


class FormRef(NamedTuple):
    """What a key names: kind 'case' (id = case id, form), 'report' (id = organisation id,
    year) or 'intake'."""

    kind: str
    id: int = 0
    form: str = ""
    year: int = 0


def parse_key(key: str) -> FormRef | None:
    """None for a key this version does not know how to open."""
    parts = key.split(":")
    if parts == [INTAKE_KEY]:
        return FormRef(INTAKE_KEY)
    if len(parts) == 3 and parts[0] == "case" and parts[1].isdigit():
        return FormRef("case", int(parts[1]), parts[2])
    if len(parts) == 3 and parts[0] == "report" and parts[1].isdigit() and parts[2].isdigit():
        return FormRef("report", int(parts[1]), year=int(parts[2]))
    return None


class DraftInfo(NamedTuple):
    form_key: str
    title: str
    updated_at: dt.datetime
    #: The adviser may still open what the form was for (the case, the organisation's file).
    reachable: bool


class DraftText(NamedTuple):
    form_key: str
    title: str
    updated_at: dt.datetime
    #: Field name -> text, and the META entries.
    texts: dict[str, str]

    @property
    def typed(self) -> list[str]:
        """The texts themselves, without the META entries."""
        return [text for name, text in self.texts.items() if not name.startswith(META)]


def _may_see_case(ctx: Context, case_id: int) -> bool:
    """Need-to-know without an audited read: a draft names the case, it shows none of it."""
    return Case.select(Case.id).where((Case.id == case_id) & case_filter(ctx)).exists()


def _clean(texts: Mapping[str, str]) -> dict[str, str]:
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
        raise ValidationError(_("Een concept bestaat uit teksten."))
    if sum(len(v) for v in texts.values()) > MAX_TEXT:
        raise ValidationError(_("Het concept is te lang om te bewaren (hoogstens {n} "
                                "tekens).").format(n=MAX_TEXT))
    return dict(texts)


def keep(ctx: Context, form_key: str, title: str, texts: Mapping[str, str],
         case_id: int | None = None) -> None:
    """Store (or replace) the actor's draft of the form `form_key`; `case_id` ties it to the
    case it was typed for."""
    payload = json.dumps(_clean(texts))  # ASCII escapes: a lone surrogate cannot break it
    if case_id is not None and not _may_see_case(ctx, case_id):
        raise AccessDenied(_("U heeft geen toegang tot deze melding."))
    with transaction():
        updated = (Draft.update(texts=payload, title=title[:300], updated_at=utcnow())
                   .where(Draft.adviser == ctx.actor.id, Draft.form_key == form_key)
                   .execute())
        if not updated:
            row = Draft.create(adviser=ctx.actor.id, form_key=form_key, title=title[:300],
                               case=case_id, texts=payload)
            audit.record(ctx, "draft.create", "draft", row.id)


def _reachable(ctx: Context, row: Draft) -> bool:
    ref = parse_key(row.form_key)
    if ref is None:
        return False
    if ref.kind == "case":
        return _may_see_case(ctx, ref.id)
    if ref.kind == "report":
        return Organisation.select().where(
            (Organisation.id == ref.id) & organisation_filter(ctx)).exists()
    return True


def mine(ctx: Context) -> list[DraftInfo]:
    """The actor's drafts, newest first."""
    rows = (Draft.select(Draft.form_key, Draft.title, Draft.updated_at)
            .where(Draft.adviser == ctx.actor.id).order_by(Draft.updated_at.desc()))
    return [DraftInfo(r.form_key, r.title, r.updated_at, _reachable(ctx, r)) for r in rows]


def read(ctx: Context, form_key: str) -> DraftText:
    row = Draft.get_or_none(Draft.adviser == ctx.actor.id, Draft.form_key == form_key)
    if row is None:
        raise NotFound(_("Dit concept bestaat niet (meer)."))
    return DraftText(row.form_key, row.title, row.updated_at, json.loads(row.texts))


def discard(ctx: Context, form_key: str) -> None:
    """Delete the actor's draft of the form, if there is one."""
    with transaction():
        row = Draft.get_or_none(Draft.adviser == ctx.actor.id, Draft.form_key == form_key)
        if row is not None:
            row.delete_instance()
            audit.record(ctx, "draft.delete", "draft", row.id)
