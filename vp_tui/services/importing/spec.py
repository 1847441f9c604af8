"""How a kind of import is described: its columns, who may run it, and how one row is checked.

A kind's `apply` receives the row's typed values and its stable key, checks what the row
describes by the domain services' own rule functions (so their rules hold for imports too),
stages it, and returns False when the row was imported before or is already present, which
makes importing the same file twice harmless. Nothing is written until `finish`.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from vp_tui.i18n import _
from vp_tui.models import Adviser, Organisation
from vp_tui.models.enums import Enumeration
from vp_tui.models.organisations import name_key
from vp_tui.services import audit
from vp_tui.services.context import Context
from vp_tui.services.importing import cells
from vp_tui.services.importing.problems import RowError
from vp_tui.store.bulk import insert_rows

#: A row's typed values by column name (Any: each column's reader decides the type).
Values = Mapping[str, Any]

#: The optional column that gives a row its own stable key (otherwise a content hash is used).
CODE = "code"


@dataclass(frozen=True)
class Column:
    #: The Dutch header, as `reading.normalise_header` writes it.
    name: str
    read: cells.Reader
    required: bool = False
    default: object = None
    #: For enumerated columns: the choices, named in the message for a blank required cell.
    enum: Enumeration | None = None


def choice_column(name: str, enum: Enumeration, *, required: bool = False,
                  default: str = "") -> Column:
    return Column(name, cells.choice(enum), required, default, enum)


def choices_column(name: str, enum: Enumeration) -> Column:
    return Column(name, cells.choices(enum), False, [], enum)


@dataclass(frozen=True)
class Kind:
    name: str
    #: Dutch plural shown in reports ("meldingen").
    label: str
    columns: tuple[Column, ...]
    #: Raises AccessDenied when the actor may not import this kind at all.
    require: Callable[[Context], None]
    #: (ctx, values, lookups, stable key) -> True when staged, False when already there.
    #: Only reads: it runs outside the write lock.
    apply: Callable[[Context, Values, Lookups, str], bool]
    #: (ctx, lookups): writes what `apply` staged in `lookups.staged`, once after the last
    #: row, when no row had a problem, in one short write transaction.
    finish: Callable[[Context, Lookups], None]
    #: Service form fields -> column, so a service's ValidationError lands on its column.
    fields: Mapping[str, str] = field(default_factory=dict)
    #: The audit object types whose change between the check and the write could make a
    #: checked row break a rule (an absence saved meanwhile may overlap one of the file's):
    #: then the file is checked again. Unique keys need no watch: the insert fails on them.
    watches: tuple[str, ...] = ()

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def anyone(ctx: Context) -> None:
    """For kinds every adviser may import for themselves; the services refuse the rows that
    concern someone else."""


def code_column() -> Column:
    """Optional on every kind that has no natural key of its own."""
    return Column(CODE, cells.text(64))


def stable_key(kind: str, values: Values, occurrence: int) -> str:
    """The row's `code`, or a hash of its typed values. `occurrence` counts earlier rows of the
    file with the same content, so two identical rows stay two records and a re-import of the
    same file still finds both."""
    code = values.get(CODE)
    if code:
        return str(code)
    content = {k: v for k, v in values.items() if k != CODE}
    payload = json.dumps([kind, content, occurrence], sort_keys=True, default=str,
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class Lookups:
    """Organisations and advisers by the names people type, loaded once per import."""

    def __init__(self) -> None:
        self._orgs: dict[str, Organisation] = {}
        for org in Organisation.select():
            self.add_organisation(org)
        self._advisers = {a.initials.upper(): a for a in Adviser.select()}
        #: A kind's own state for this run (see Kind.finish).
        self.staged: dict[str, Any] = {}
        #: Notices about the row being checked: (column, message), no problem.
        self.notes: list[tuple[str, str]] = []

    def note(self, column: str, message: str) -> None:
        """Tell the user about the row being checked without refusing it (a cover that
        leaves a man-and-woman organisation without a woman)."""
        self.notes.append((column, message))

    def add_adviser(self, adviser: Adviser) -> None:
        """Known from now on by its initials."""
        self._advisers[adviser.initials.upper()] = adviser

    def known_adviser(self, initials: str) -> bool:
        return initials.strip().upper() in self._advisers

    def add_organisation(self, org: Organisation) -> None:
        """Known from now on by its name and by the code it was imported with."""
        self._orgs[name_key(org.name)] = org
        if org.import_key:
            self._orgs.setdefault(name_key(org.import_key), org)

    def known_organisation(self, name: str) -> bool:
        return name_key(name) in self._orgs

    def organisation(self, column: str, name: object) -> Organisation:
        """By name (any case) or by the `code` it was imported with."""
        org = self._orgs.get(name_key(str(name)))
        if org is None:
            names = {o.name for o in self._orgs.values()}
            raise RowError(column, str(cells.unknown_name(_("organisatie"), name, names)))
        return org

    def adviser(self, column: str, initials: object) -> Adviser:
        adviser = self._advisers.get(str(initials).strip().upper())
        if adviser is None:
            raise RowError(column, str(cells.unknown_name(
                _("adviseur"), initials, self._advisers)))
        return adviser


class Staged:
    """Rows of one kind, checked one by one and kept for a single insert at the end of the run
    (`Kind.finish`): the rows are checked outside the write lock, and the insert is one
    prepared statement instead of a statement per row. A kind whose rows have a natural key
    of their own (an adviser's initials) has no import key (`keyed`)."""

    def __init__(self, model: type[pw.Model], fields: Sequence[str], keyed: bool = True
                 ) -> None:
        self.model = model
        self.fields = tuple(fields)
        self.keyed = keyed
        self.keys: set[str] = set()
        if keyed:
            keys = model.select(model.import_key).where(model.import_key.is_null(False))
            self.keys = {k for (k,) in keys.tuples()}
        self.next_id = (model.select(pw.fn.MAX(model.id)).scalar() or 0) + 1
        self.rows: list[tuple] = []
        #: Unsaved instances (stored ones too, where a kind loads them) grouped as the kind's
        #: checks between rows of one file need them: an adviser's absences, an
        #: organisation's engagements.
        self.groups: defaultdict[object, list[pw.Model]] = defaultdict(list)

    @classmethod
    def of(cls, lookups: Lookups, kind: str, model: type[pw.Model],
           fields: Sequence[str], keyed: bool = True) -> Staged:
        """This run's staging for `kind`, made at its first row."""
        if kind not in lookups.staged:
            lookups.staged[kind] = cls(model, fields, keyed)
        return lookups.staged[kind]

    def add(self, ctx: Context, key: str, columns: Mapping[str, object]) -> pw.Model:
        """Stage one row under the import key `key`; returns it as an unsaved instance with
        the id it will have."""
        row_id = self.next_id
        self.next_id += 1
        values = tuple(columns[name] for name in self.fields)
        named = dict(zip(self.fields, values, strict=True))
        if self.keyed:
            self.keys.add(key)
            self.rows.append((row_id, ctx.actor.initials, *values, key))
            named["import_key"] = key
        else:
            self.rows.append((row_id, ctx.actor.initials, *values))
        return self.model(id=row_id, **named)

    def write(self, ctx: Context, action: str) -> None:
        """Insert every staged row, with one audit event per row (`action`)."""
        if not self.rows:
            return
        model = self.model
        fields = [model.id, model.updated_by, *(getattr(model, name) for name in self.fields)]
        insert_rows(model, fields + [model.import_key] if self.keyed else fields, self.rows)
        audit.record_many(ctx, action, model._meta.table_name, [row[0] for row in self.rows])
