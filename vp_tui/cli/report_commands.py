"""The annual report from the command line: `report`, `stats` and `export figures`.

All figures come from the year's publication model through vp_tui.services.reporting, which
runs the publication gate before anything is returned; these commands only format them (Word,
JSON, text, CSV).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click

from vp_tui.cli.base import (
    VpSubGroup,
    cli,
    echo,
    echo_json,
    require_session,
    terminal_safe,
)
from vp_tui.cli.types import FilePath, Integer
from vp_tui.files import private_dir, write_private
from vp_tui.i18n import N_, _, fmt_number

_year = click.option("--year", type=Integer(), required=True, metavar=N_("JAAR"),
                     help=N_("Het verslagjaar, bijvoorbeeld 2025."))


def _context(ctx: click.Context):
    return require_session(ctx).ctx


@cli.command(help=N_(
    "Schrijf het jaarverslag van ORG (naam of nummer) als Word-concept, of met --all dat "
    "van alle organisaties."))
@click.argument("organisation", metavar=N_("ORG"), required=False)
@_year
@click.option("--all", "every", is_flag=True,
              help=N_("Alle organisaties, plus een anoniem overzicht van het bureau."))
@click.option("--out", type=FilePath(dir_okay=False, allow_dash=True, path_type=Path),
              help=N_("Het Word-bestand voor één organisatie; - voor stdout (over SSH)."))
@click.option("--outdir", type=FilePath(file_okay=False, path_type=Path),
              help=N_("De map voor --all (wordt zo nodig gemaakt)."))
@click.option("--template", type=FilePath(dir_okay=False, path_type=Path),
              help=N_("Een Word-sjabloon (.docx) van het bureau: stijlen, logo, koptekst."))
@click.option("--force", is_flag=True, help=N_("Overschrijf bestaande bestanden."))
@click.option("--final", "mark_final", is_flag=True,
              help=N_("Markeer het verslag van ORG eerst als definitief (zonder CONCEPT); "
                      "geweigerd zolang een onderdeel nog de vragen van de standaardtekst "
                      "bevat."))
@click.option("--pdf", is_flag=True,
              help=N_("Maak naast elk Word-bestand ook een PDF (met LibreOffice)."))
@click.pass_context
def report(ctx: click.Context, organisation: str | None, year: int, every: bool,
           out: Path | None, outdir: Path | None, template: Path | None, force: bool,
           mark_final: bool, pdf: bool) -> None:
    from vp_tui.services import report_drafts, reporting
    from vp_tui.services.reports.pdf import require_soffice, to_pdf

    if every == (organisation is not None):
        raise click.UsageError(_("Geef óf een organisatie óf --all."))
    if organisation is not None and out is None:
        raise click.UsageError(_("Geef met --out het Word-bestand om te schrijven."))
    if every and outdir is None:
        raise click.UsageError(_("Geef met --outdir de map voor de verslagen."))
    if every and mark_final:
        raise click.UsageError(_("--final geldt voor het verslag van één organisatie."))
    if pdf and str(out) == "-":
        raise click.UsageError(_("--pdf schrijft bestanden; niet samen met --out -."))
    if pdf:
        require_soffice()  # says how to install it, before anything is written
    session_ctx = _context(ctx)
    reporting.check_template(template)
    if organisation is not None:
        org_id = reporting.find_organisation(session_ctx, organisation)
        if mark_final:
            version = report_drafts.get_draft(session_ctx, org_id, year).version
            report_drafts.mark_final(session_ctx, org_id, year, version)
            echo(_("Verslag gemarkeerd als definitief."))
        if str(out) == "-":
            _report_to_stdout(session_ctx, org_id, year, template)
            return
        target = _writable(out, force)
        if pdf:
            _writable(target.with_suffix(".pdf"), force)
        path = reporting.generate_report(session_ctx, org_id, year, target, template)
        echo(_("Jaarverslag geschreven: {path}").format(path=path))
        for made in to_pdf([path]) if pdf else ():
            echo(_("PDF geschreven: {path}").format(path=made))
        return
    organisations = reporting.agency_organisations(session_ctx, year)
    names = reporting.report_filenames(organisations, year,
                                       report_drafts.final_reports(
                                           [o.id for o in organisations], year))
    targets = [_writable(outdir / name, force) for name in names]
    # The overview is the agency's own: a folder of its own, never beside the clients' files.
    overview = _writable(outdir / reporting.overview_filename(year), force)
    if pdf:
        for target in (*targets, overview):
            _writable(target.with_suffix(".pdf"), force)
    # The whole year's publication passes the gate before the first file is written.
    models = reporting.agency_publication(session_ctx, year)
    private_dir(outdir)
    private_dir(overview.parent)
    with click.progressbar(list(zip(organisations, targets, strict=True)),
                           label=_("Jaarverslagen {year}").format(year=year),
                           item_show_func=_progress_name) as bar:
        for org, target in bar:
            reporting.generate_report(session_ctx, org.id, year, target, template, models)
    reporting.generate_overview(session_ctx, year, overview, template, models)
    echo(_("{n} jaarverslagen geschreven in {dir}; het interne overzicht in {overview}").format(
        n=len(organisations), dir=outdir.resolve(), overview=overview.parent.resolve()))
    if pdf:
        made = to_pdf([*targets, overview])
        echo(_("{n} PDF's geschreven naast de Word-bestanden.").format(n=len(made)))


def _progress_name(item) -> str:  # noqa: ANN001 - (OrganisationChoice, Path) or None
    return terminal_safe(item[0].name) if item else ""


def _report_to_stdout(session_ctx, org_id: int, year: int, template: Path | None) -> None:
    """A forced SSH command may not write files on the server: the .docx goes to stdout
    (`ssh vp@server report ORG --year 2026 --out - > verslag.docx`)."""
    import tempfile

    from vp_tui.services import reporting

    with tempfile.TemporaryDirectory(prefix="vp-tui-report-") as tmp:
        path = reporting.generate_report(session_ctx, org_id, year, Path(tmp) / "r.docx",
                                         template)
        click.get_binary_stream("stdout").write(path.read_bytes())


def _writable(path: Path, force: bool) -> Path:
    if path.exists() and not force:
        raise click.UsageError(
            _("{path} bestaat al; gebruik --force om te overschrijven.").format(path=path))
    return path


@cli.command(help=N_(
    "De anonieme cijfers van ORG (naam of nummer) over een jaar, zoals in het jaarverslag."))
@click.argument("organisation", metavar=N_("ORG"))
@_year
@click.option("--json", "as_json", is_flag=True, help=N_("Uitvoer als JSON."))
@click.pass_context
def stats(ctx: click.Context, organisation: str, year: int, as_json: bool) -> None:
    from vp_tui.services import reporting

    session_ctx = _context(ctx)
    org_id = reporting.find_organisation(session_ctx, organisation)
    figures = reporting.compute_figures(session_ctx, org_id, year, purpose="report.stats")
    if as_json:
        echo_json(figures.as_dict())
        return
    echo(f"{figures.organisation} — {year}")
    echo(figures.summary)
    sections: dict[str, list[tuple[str, str]]] = {}  # in the order they first appear
    for section, label, _value, shown in figures.rows():
        sections.setdefault(section, []).append((label, shown))
    for section, lines in sections.items():
        echo("")
        echo(section)
        for label, shown in lines:
            echo(f"  {label:<48} {shown:>8}")


def _export_group() -> click.Group:
    """`vp-tui export …` is shared with other topics: join the group if it exists."""
    group = cli.commands.get("export")
    if not isinstance(group, click.Group):
        group = VpSubGroup("export", help=N_("Gegevens naar buiten brengen."))
        cli.add_command(group)
    return group


@_export_group().command("figures", help=N_(
    "Schrijf de anonieme cijfers van het jaarverslag als CSV (puntkomma, UTF-8 met BOM, "
    "zoals Nederlandse Excel die opent)."))
@_year
@click.option("--org", "organisation", metavar=N_("ORG"),
              help=N_("Eén organisatie (naam of nummer); zonder: alle (coördinator)."))
@click.argument("target", metavar=N_("FILE.csv"), type=FilePath(dir_okay=False, path_type=Path))
@click.pass_context
def export_figures(ctx: click.Context, year: int, organisation: str | None,
                   target: Path) -> None:
    from vp_tui.services import reporting

    session_ctx = _context(ctx)
    org_id = reporting.find_organisation(session_ctx, organisation) if organisation else None
    rows = reporting.export_rows(session_ctx, year, org_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("organisatie"), _("jaar"), _("onderdeel"), _("waarde"), _("aantal"),
                     _("weergave")])
    for org, row_year, section, label, value, shown in rows:
        number = "" if value is None else str(value).replace(".", ",")
        writer.writerow([_cell(org), row_year, _cell(section), _cell(label), number, shown])
    write_private(target, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    echo(_("{n} regels geschreven naar {path}").format(n=fmt_number(len(rows), 0),
                                                         path=target))


def _cell(text: str) -> str:
    """A cell without control characters (terminal_safe), which a spreadsheet does not run as
    a formula (CSV injection)."""
    text = terminal_safe(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
