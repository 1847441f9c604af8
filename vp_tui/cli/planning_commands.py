"""Planning from the command line: coverage gaps (for cron) with the proposed replacements,
covers, and the schedule as iCalendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from vp_tui.cli.base import cli, echo, echo_json, require_session
from vp_tui.cli.types import Date, FilePath, Integer
from vp_tui.files import write_private
from vp_tui.i18n import N_, _, fmt_date, fmt_number
from vp_tui.models.enums import DAY_PARTS, GENDERS


def _gap_line(gap) -> str:  # noqa: ANN001 - services.coverage.Gap
    from vp_tui.services.coverage import gap_text

    return f"{gap.day.isoformat()}  {gap.organisation}  {gap_text(gap)}"


def _suggestion_line(s) -> str:  # noqa: ANN001 - services.coverage.Suggestion
    known = _("kent de organisatie") if s.known else _("nieuw bij de organisatie")
    return "    " + _("voorstel: {who} ({gender}, {known}, {n} open meldingen)").format(
        who=f"{s.initials} {s.name}", gender=GENDERS.label(s.gender), known=known,
        n=fmt_number(s.open_cases, 0))


def _gap_json(gap, suggestions) -> dict:  # noqa: ANN001 - services.coverage.Gap, Suggestion
    data = {"organisation_id": gap.organisation_id, "organisation": gap.organisation,
            "date": gap.day.isoformat(), "kind": gap.kind, "day_part": gap.day_part,
            "missing": list(gap.missing),
            "other_half": {"day_part": gap.other_part, "kind": gap.other_kind,
                           "missing": list(gap.other_missing)} if gap.other_kind else None}
    if suggestions is not None:
        data["suggestions"] = [{"initials": s.initials, "name": s.name, "gender": s.gender,
                                "known": s.known, "open_cases": s.open_cases}
                               for s in suggestions]
    return data


@cli.command(help=N_(
    "Toon de dagen waarop een organisatie onbezet of onvolledig is; exit 1 bij een tekort."))
@click.option("--from", "start", type=Date(), default=None,
              help=N_("Eerste dag, JJJJ-MM-DD (standaard: vandaag)."))
@click.option("--weeks", type=Integer(1, 53), default=4, show_default=True,
              help=N_("Aantal weken."))
@click.option("--suggest", is_flag=True,
              help=N_("Met de voorgestelde vervangers per tekort, de beste eerst."))
@click.option("--json", "as_json", is_flag=True, help=N_("Uitvoer als JSON."))
@click.pass_context
def coverage(ctx: click.Context, start: dt.datetime | None, weeks: int, suggest: bool,
             as_json: bool) -> None:
    from vp_tui.services.coverage import coverage as compute
    from vp_tui.services.coverage import suggest_replacements

    session = require_session(ctx)
    result = compute(session.ctx, start or session.ctx.today, weeks)
    proposals = {(g.organisation_id, g.day): suggest_replacements(
        session.ctx, g.organisation_id, g.day) for g in result.gaps} if suggest else {}
    if as_json:
        names = {o.id: o.name for o in result.organisations}
        echo_json({
            "from": result.start.isoformat(),
            "to": result.end.isoformat(),
            "working_days": len(result.days),
            "gaps": [_gap_json(g, proposals.get((g.organisation_id, g.day)) if suggest
                               else None) for g in result.gaps],
            "closed": [{"organisation_id": org_id, "organisation": names[org_id],
                        "date": day.isoformat(), "name": name}
                       for org_id, days in result.closed.items()
                       for day, name in sorted(days.items())],
        })
    elif result.gaps:
        echo(_("{n} tekorten van {start} tot en met {end}:").format(
            n=fmt_number(len(result.gaps), 0), start=fmt_date(result.start),
            end=fmt_date(result.end)))
        for gap in result.gaps:
            echo(_gap_line(gap))
            if suggest:
                found = proposals[(gap.organisation_id, gap.day)]
                for suggestion in found:
                    echo(_suggestion_line(suggestion))
                if not found:
                    echo("    " + _("geen voorstel: niemand is vrij zonder belangenconflict"))
    else:
        echo(_("Geen tekorten van {start} tot en met {end}.").format(
            start=fmt_date(result.start), end=fmt_date(result.end)))
    if result.gaps:
        ctx.exit(1)


@cli.group(help=N_("Vervanging bij afwezigheid: toevoegen, tonen, verwijderen."))
def cover() -> None:
    pass


@cover.command("add", help=N_(
    "Laat VERVANGER de organisatie ORGANISATIE van de afwezige VP overnemen, van --from tot "
    "en met --to, met dezelfde regels als in de TUI."))
@click.argument("vp", metavar=N_("VP"))
@click.argument("organisation", metavar=N_("ORGANISATIE"))
@click.argument("replacement", metavar=N_("VERVANGER"))
@click.option("--from", "start", type=Date(), required=True,
              help=N_("Eerste dag, JJJJ-MM-DD."))
@click.option("--to", "end", type=Date(), default=None,
              help=N_("Laatste dag, JJJJ-MM-DD (standaard: de eerste dag)."))
@click.pass_context
def cover_add(ctx: click.Context, vp: str, organisation: str, replacement: str,
              start: dt.date, end: dt.date | None) -> None:
    from vp_tui.services.coverage import (
        cover_by_names,
        cover_shortfall,
        cover_text,
        describe_cover,
    )

    session_ctx = require_session(ctx).ctx
    cover_id, made = cover_by_names(session_ctx, vp, organisation, replacement, start,
                                    end or start)
    plan = describe_cover(session_ctx, cover_id)
    if made:
        echo(_("Vervanging {id} vastgelegd: {plan}").format(id=cover_id, plan=cover_text(plan)))
    else:
        echo(_("Vervanging {id} bestond al: {plan}").format(id=cover_id, plan=cover_text(plan)))
    shortfall = cover_shortfall(cover_id)
    if shortfall is not None:
        echo(_("let op: {notice}").format(notice=shortfall))


@cover.command("list", help=N_("Toon de vervangingen in een periode, met hun nummer."))
@click.option("--from", "start", type=Date(), default=None,
              help=N_("Eerste dag, JJJJ-MM-DD (standaard: vandaag)."))
@click.option("--weeks", type=Integer(1, 53), default=4, show_default=True,
              help=N_("Aantal weken."))
@click.pass_context
def cover_list(ctx: click.Context, start: dt.date | None, weeks: int) -> None:
    from vp_tui.services.coverage import list_covers, period_end

    session_ctx = require_session(ctx).ctx
    first = start or session_ctx.today
    last = period_end(first, weeks)
    rows = list_covers(session_ctx, first, last)
    if not rows:
        echo(_("Geen vervangingen van {start} tot en met {end}.").format(
            start=fmt_date(first), end=fmt_date(last)))
        return
    for row in rows:
        part = "" if row.day_part == "dag" else f" ({DAY_PARTS.label(row.day_part)})"
        echo(_("{id}  {start} t/m {end}  {org}  {replacement} voor {absent}{part}").format(
            id=row.id, start=row.start.isoformat(), end=row.end.isoformat(),
            org=row.organisation, replacement=row.replacement, absent=row.absent, part=part))


@cover.command("remove", help=N_("Verwijder vervanging NUMMER (zie cover list)."))
@click.argument("cover_id", metavar=N_("NUMMER"), type=Integer(1))
@click.pass_context
def cover_remove(ctx: click.Context, cover_id: int) -> None:
    from vp_tui.services.coverage import remove_cover

    remove_cover(require_session(ctx).ctx, cover_id)
    echo(_("Vervanging {id} verwijderd.").format(id=cover_id))


@cli.command(help=N_(
    "Schrijf afwezigheid en vervanging als agenda voor Outlook of Google Agenda, zonder "
    "redenen van afwezigheid."))
@click.option("--ics", "target", required=True,
              type=FilePath(dir_okay=False, writable=True, allow_dash=True, path_type=Path),
              help=N_("Het iCalendar-bestand dat geschreven wordt (wordt vervangen); "
                      "- voor stdout."))
@click.option("--adviser", metavar=N_("INITIALEN"),
              help=N_("Alleen het rooster van deze adviseur."))
@click.option("--with-reasons", is_flag=True,
              help=N_("Met de reden en notitie van elke afwezigheid (alleen coördinator; de "
                   "bestandsnaam moet 'met-redenen' bevatten)."))
@click.pass_context
def schedule(ctx: click.Context, target: Path, adviser: str | None,
             with_reasons: bool) -> None:
    from vp_tui.services import schedule as service

    session_ctx = require_session(ctx).ctx
    if with_reasons:
        service.require_reasons_allowed(session_ctx)
        service.check_reasons_target(target.name if str(target) != "-" else "-")
    data = service.schedule_ics(session_ctx, adviser, with_reasons)
    if str(target) == "-":
        click.get_binary_stream("stdout").write(data)
        return
    write_private(target, data)
    echo(_("Rooster geschreven: {path}").format(path=target))
