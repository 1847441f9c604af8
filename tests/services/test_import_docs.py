"""README's 'Importeren' table names every column of every kind, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from vp_tui.services.importing import KINDS

README = Path(__file__).resolve().parents[2] / "README.md"


def documented_columns() -> dict[str, set[str]]:
    table = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `(\w+)` \| (.*) \|$", line)
        if match and match[1] in KINDS:
            cells = re.sub(r"\([^)]*\)", "", match[2]).replace("*", "")
            table[match[1]] = {c.strip() for c in cells.split(",") if c.strip()}
    return table


def test_readme_documents_every_column_of_every_kind() -> None:
    documented = documented_columns()
    assert set(documented) == set(KINDS)
    for name, kind in KINDS.items():
        assert documented[name] == {c.name for c in kind.columns}, name


def test_readme_marks_exactly_the_required_columns() -> None:
    text = README.read_text(encoding="utf-8")
    for name, kind in KINDS.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{name}` |"))
        assert set(re.findall(r"\*\*(\w+)\*\*", row)) == {
            c.name for c in kind.columns if c.required}, name
