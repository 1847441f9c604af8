"""Running an import: read the file, check the header, read every cell, apply every row.

All rows are applied inside one transaction, each in its own savepoint so that one bad row
does not hide the problems of the next. The transaction is committed only when no row had a
problem and this is not a dry run; otherwise it is rolled back, so nothing is written. A dry run
therefore goes through exactly the rules a real run would, and reports the same problems.

A kind that stages its rows (cases, organisations: `Kind.finish`) only reads while it checks
them, in a read transaction that leaves other sessions free to save; the write lock is taken
for the one short transaction that inserts what was staged. Something saved in between that
clashes with the file (a unique key) makes that transaction fail whole, with one problem.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import peewee as pw

from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import database
from vp_tui.services import audit
from vp_tui.services.context import Context
from vp_tui.services.importing.problems import CellError, ImportReport, Problem, RowError
from vp_tui.services.importing.reading import Row, Table, is_blank, read_table
from vp_tui.services.importing.spec import CODE, Kind, Lookups, Values, stable_key
from vp_tui.services.writes import transaction
from vp_tui.text import first_control


def run_import(ctx: Context, kind: Kind, path: Path, dry_run: bool = False) -> ImportReport:
    kind.require(ctx)
    table = read_table(path)
    report = ImportReport(kind.name, dry_run, rows=len(table.rows))
    report.problems += header_problems(kind, table)
    if report.problems:
        return report
    report.problems += table.problems
    if not table.rows and not table.problems:
        report.problems.append(Problem(table.header_row, "", _(
            "onder de kopregel staan geen rijen met gegevens")))
        return report
    parsed = []
    for row in table.rows:
        values, problems = read_row(kind, row)
        report.problems += problems
        if not problems:
            parsed.append((row, values))
    _apply(ctx, kind, parsed, report)
    report.problems.sort(key=lambda p: p.row)
    return report


def header_problems(kind: Kind, table: Table) -> list[Problem]:
    known = [c.name for c in kind.columns]
    problems = []
    seen: set[str] = set()
    for index, name in enumerate(table.headers, start=1):
        if not name:
            problems.append(Problem(table.header_row, "", _(
                "kolom {n} heeft geen naam").format(n=index)))
        elif name in seen:
            problems.append(Problem(table.header_row, name, _("deze kolom staat er twee keer")))
        elif name not in known:
            problems.append(Problem(table.header_row, name, _(
                "onbekende kolom voor {kind}; bekende kolommen: {known}").format(
                    kind=kind.label, known=", ".join(known))))
        seen.add(name)
    for column in kind.columns:
        if column.required and column.name not in seen:
            problems.append(Problem(table.header_row, column.name, _(
                "verplichte kolom ontbreekt")))
    return problems


def read_row(kind: Kind, row: Row) -> tuple[dict[str, object], list[Problem]]:
    """Every cell read as its column asks; text with a control character (an escape sequence
    would reach terminals and exports) is refused at its row and column."""
    values: dict[str, object] = {}
    problems = []
    for column in kind.columns:
        raw = row.cells.get(column.name)
        if is_blank(raw):
            if column.required:
                hint = _("; kies uit: {choices}").format(
                    choices="; ".join(c.label for c in column.enum)) if column.enum else ""
                problems.append(Problem(row.number, column.name, _(
                    "verplicht, maar leeg{hint}").format(hint=hint)))
            values[column.name] = column.default
            continue
        if isinstance(raw, str):
            raw = raw.replace("\r\n", "\n")  # a Windows line break inside a quoted cell
            at = first_control(raw)
            if at >= 0:
                problems.append(Problem(row.number, column.name, _(
                    "bevat een stuurteken (U+{code:04X}) op positie {pos}; haal het weg"
                    ).format(code=ord(raw[at]), pos=at + 1)))
                continue
        try:
            values[column.name] = column.read(raw)
        except CellError as exc:
            problems.append(Problem(row.number, column.name, str(exc)))
    return values, problems


def _content(values: Values) -> str:
    return json.dumps({k: v for k, v in values.items() if k != CODE}, sort_keys=True,
                      default=str)


def _apply(ctx: Context, kind: Kind, parsed: list[tuple[Row, dict[str, object]]],
           report: ImportReport) -> None:
    lookups = Lookups()
    occurrences: Counter[str] = Counter()
    codes: dict[str, int] = {}
    staging = kind.finish is not None
    with (database.atomic("DEFERRED") if staging else transaction()) as txn:
        for row, values in parsed:
            code = values.get(CODE)
            if code:
                if code in codes:
                    report.problems.append(Problem(row.number, CODE, _(
                        "code '{code}' staat ook in rij {other}").format(
                            code=code, other=codes[code])))
                    continue
                codes[str(code)] = row.number
            content = _content(values)
            key = stable_key(kind.name, values, occurrences[content])
            occurrences[content] += 1
            problem = _apply_row(ctx, kind, values, lookups, key, row.number)
            if isinstance(problem, Problem):
                report.problems.append(problem)
            elif problem:
                report.created += 1
            else:
                report.existing += 1
        if staging:
            txn.rollback()  # nothing was written: the read transaction ends
        elif report.problems or report.dry_run:
            txn.rollback()
        elif report.created:
            audit.record(ctx, "import.run", "import", kind.name)
    if staging and not report.problems and not report.dry_run:
        _write_staged(ctx, kind, lookups, report)


def _write_staged(ctx: Context, kind: Kind, lookups: Lookups, report: ImportReport) -> None:
    """The one write transaction of a staging kind."""
    assert kind.finish is not None
    try:
        with transaction():
            kind.finish(ctx, lookups)
            if report.created:
                audit.record(ctx, "import.run", "import", kind.name)
    except pw.IntegrityError:
        report.problems.append(Problem(0, "", _(
            "intussen is er iets opgeslagen dat botst met dit bestand; er is niets "
            "geschreven: importeer het opnieuw")))


def _apply_row(ctx: Context, kind: Kind, values: Values, lookups: Lookups, key: str,
               number: int) -> bool | Problem:
    """True (created), False (already there) or the row's problem; a failed row leaves
    nothing behind (its savepoint is rolled back)."""
    try:
        with database.atomic():
            return kind.apply(ctx, values, lookups, key)
    except RowError as exc:
        return Problem(number, exc.column, str(exc))
    except ValidationError as exc:
        return Problem(number, kind.fields.get(exc.field or "", ""), str(exc))
    except (AccessDenied, NotFound) as exc:
        return Problem(number, "", str(exc))
    except pw.IntegrityError as exc:
        return Problem(number, "", _("botst met gegevens die er al zijn ({error})").format(
            error=exc))
