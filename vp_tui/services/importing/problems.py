"""What an import reports: problems pinned to a row and a column, and what it did."""

from __future__ import annotations

from dataclasses import dataclass, field

from vp_tui.i18n import _


@dataclass(frozen=True)
class Problem:
    #: The spreadsheet row (the header is row 1); 0 for the file as a whole.
    row: int
    #: The column as named in the header; "" when the problem is the whole row.
    column: str
    message: str

    def __str__(self) -> str:
        where = _("rij {row}").format(row=self.row) if self.row else _("bestand")
        if self.column:
            where += ", " + _("kolom '{column}'").format(column=self.column)
        return f"{where}: {self.message}"


class CellError(ValueError):
    """A cell that cannot be read as its column asks; the message says what is accepted."""


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    #: Rows already imported earlier (same stable key) or already present (same natural key).
    existing: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: What the user should know about rows that were accepted (in the problems' shape).
    notices: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run and self.created > 0


class RowError(ValueError):
    """A row whose cells read well but break a rule; `column` is where to look ("" = row)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
