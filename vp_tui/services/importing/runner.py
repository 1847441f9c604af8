"""Running an import: read the file, check the header, read every cell, check every row, write.

Every row is checked and staged in a read transaction, which leaves other sessions free to
save; a bad row does not hide the problems of the next. Only when no row had a problem and
this is not a dry run is the write lock taken, for the one short transaction that inserts
what was staged (`Kind.finish`), so a dry run goes through exactly the rules a real run would
and reports the same problems, and a file with a problem writes nothing.

The write is optimistic. What another session saved between the check and the write and that
the kind watches (`Kind.watches`, by the audit trail, which every change writes in its own
transaction) makes the file be checked again; when that keeps happening the import is refused
whole. Something saved in between that clashes with the file's unique keys makes the write
fail whole, with one problem.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import peewee as pw

from vp_tui.errors import AccessDenied, NotFound, ValidationError
from vp_tui.i18n import _
from vp_tui.models import AuditEvent, database
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


#: How often a file is checked before the import gives up on others' changes in between.
ATTEMPTS = 3


class _Changed(Exception):
    """What the file was checked against changed before the write lock was taken."""


def _apply(ctx: Context, kind: Kind, parsed: list[tuple[Row, dict[str, object]]],
           report: ImportReport) -> None:
    for _attempt in range(ATTEMPTS):
        lookups, mark, tally = _check(ctx, kind, parsed)
        report.created, report.existing = tally.created, tally.existing
        report.notices = tally.notices
        if tally.problems or report.problems or report.dry_run:
            report.problems += tally.problems  # with those of the cells, read before
            return
        try:
            _write_staged(ctx, kind, lookups, mark, report)
            return
        except _Changed:
            continue
    report.problems.append(Problem(0, "", _(
        "terwijl dit bestand werd gecontroleerd, hebben anderen {n} keer gegevens gewijzigd "
        "waarop het steunt; er is niets geschreven: importeer het opnieuw").format(
            n=ATTEMPTS)))


def _check(ctx: Context, kind: Kind, parsed: list[tuple[Row, dict[str, object]]]
           ) -> tuple[Lookups, int, ImportReport]:
    """Every row checked and staged in one read transaction; returns the staging, the newest
    audit event the check saw, and the rows' outcome (a report of its own: a check run again
    starts afresh)."""
    tally = ImportReport(kind.name, dry_run=True)
    occurrences: Counter[str] = Counter()
    codes: dict[str, int] = {}
    with database.atomic("DEFERRED") as txn:
        mark = _newest_event()  # first read: the transaction's snapshot starts here
        lookups = Lookups()
        for row, values in parsed:
            code = values.get(CODE)
            if code:
                if code in codes:
                    tally.problems.append(Problem(row.number, CODE, _(
                        "code '{code}' staat ook in rij {other}").format(
                            code=code, other=codes[code])))
                    continue
                codes[str(code)] = row.number
            content = _content(values)
            key = stable_key(kind.name, values, occurrences[content])
            occurrences[content] += 1
            problem = _apply_row(ctx, kind, values, lookups, key, row.number)
            tally.notices += [Problem(row.number, column, message)
                              for column, message in lookups.notes]
            lookups.notes.clear()
            if isinstance(problem, Problem):
                tally.problems.append(problem)
            elif problem:
                tally.created += 1
            else:
                tally.existing += 1
        txn.rollback()  # nothing was written: the read transaction ends
    return lookups, mark, tally


def _newest_event() -> int:
    return AuditEvent.select(pw.fn.MAX(AuditEvent.id)).scalar() or 0


def _write_staged(ctx: Context, kind: Kind, lookups: Lookups, mark: int,
                  report: ImportReport) -> None:
    """The one write transaction; raises _Changed (having written nothing) when something the
    kind watches was saved since the check."""
    try:
        with transaction():
            if kind.watches and AuditEvent.select().where(
                    AuditEvent.id > mark, AuditEvent.object_type.in_(kind.watches)).exists():
                raise _Changed
            kind.finish(ctx, lookups)
            if report.created:
                audit.record(ctx, "import.run", "import", kind.name)
    except pw.IntegrityError:
        report.problems.append(Problem(0, "", _(
            "intussen is er iets opgeslagen dat botst met dit bestand; er is niets "
            "geschreven: importeer het opnieuw")))


def _apply_row(ctx: Context, kind: Kind, values: Values, lookups: Lookups, key: str,
               number: int) -> bool | Problem:
    """True (staged), False (already there) or the row's problem; a kind stages a row only
    once every check of it passed."""
    try:
        return kind.apply(ctx, values, lookups, key)
    except RowError as exc:
        return Problem(number, exc.column, str(exc))
    except ValidationError as exc:
        return Problem(number, kind.fields.get(exc.field or "", ""), str(exc))
    except (AccessDenied, NotFound) as exc:
        return Problem(number, "", str(exc))
