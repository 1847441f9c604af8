"""Inserting thousands of rows at once: one prepared INSERT run with executemany.

peewee's insert_many composes the SQL text for every value in Python, which made it most of
the time of a 60,000-case import; with a prepared statement SQLite does that work. Used by the
case import and by the benchmark's synthetic agency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import peewee as pw

from vp_tui.models import database

BATCH = 5_000


def stored(value: object) -> object:
    """A Python value in the form peewee stores it (ISO dates, decimals as text)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def insert_rows(model: type[pw.Model], fields: Sequence[pw.Field], rows: Iterable[tuple]
                ) -> int:
    """Insert `rows` (tuples in the order of `fields`); a column left out gets the model's
    default, as Model.create would give it. Call inside a transaction; returns the count."""
    given = {f.name for f in fields}  # a peewee Field's == builds SQL, so compare names
    rest = [f for f in model._meta.sorted_fields
            if f.name not in given and f.default is not None and not f.primary_key]
    defaults = tuple(stored(f.default() if callable(f.default) else f.default) for f in rest)
    columns = ", ".join(f'"{f.column_name}"' for f in [*fields, *rest])
    marks = ", ".join("?" * (len(fields) + len(rest)))
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
    cursor = database.cursor()
    count = 0
    for batch in pw.chunked(rows, BATCH):
        cursor.executemany(sql, [tuple(stored(v) for v in row) + defaults for row in batch])
        count += len(batch)
    return count
