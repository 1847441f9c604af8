"""One set of rules for every new case: the intake form and the case import refuse the same
rows, with the same words, because both call services/cases/admission.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TODAY, ctx_for
from tests.services.casework import ZUIDVLIET, intake, org_id
from vp_tui.models import Adviser, ConflictOfInterest, Organisation
from vp_tui.services.cases.intake import validate_intake
from vp_tui.services.importing import import_file

WONINGCORPORATIE = "Woningcorporatie Thuis aan de Maas"  # BJ serves it not


def _no_conflict() -> None:
    pass


def _conflict() -> None:
    ConflictOfInterest.create(adviser=Adviser.get(Adviser.initials == "BJ"),
                              organisation=org_id(), reason="familie")


def _inactive() -> None:
    Organisation.update(active=False).where(Organisation.id == org_id()).execute()


#: (what makes the row bad, organisation, type, categories, form field, import column)
BAD_ROWS: list[tuple[str, Callable[[], None], str, str, list[str], str, str]] = [
    ("not-served", _no_conflict, WONINGCORPORATIE, "oo", ["pesten"], "organisation_id",
     "organisatie"),
    ("conflict", _conflict, ZUIDVLIET, "oo", ["pesten"], "organisation_id", "organisatie"),
    ("inactive", _inactive, ZUIDVLIET, "oo", ["pesten"], "organisation_id", "organisatie"),
    ("category", _no_conflict, ZUIDVLIET, "integriteit", ["pesten"], "categories",
     "categorieen"),
]

_LABELS = {"oo": "ongewenste omgangsvormen", "integriteit": "integriteit", "pesten": "pesten"}


@pytest.mark.parametrize(("name", "prepare", "org", "case_type", "categories", "field",
                          "column"), BAD_ROWS, ids=[row[0] for row in BAD_ROWS])
def test_intake_and_import_refuse_the_same_rows_alike(
        demo_store, tmp_path: Path, name: str, prepare: Callable[[], None], org: str,
        case_type: str, categories: list[str], field: str, column: str) -> None:
    prepare()
    bj = ctx_for("BJ")
    issues = [i for i in validate_intake(bj, intake(
        organisation_id=Organisation.get(Organisation.name == org).id, case_type=case_type,
        categories=categories)) if not i.warning]
    assert [i.field for i in issues] == [field], issues
    path = tmp_path / "meldingen.csv"
    path.write_text(
        "organisatie;vp;datum_melding;soort;categorieen\n"
        f"{org};BJ;{TODAY.isoformat()};{_LABELS[case_type]};"
        f"{', '.join(_LABELS[c] for c in categories)}\n", encoding="utf-8")
    report = import_file(bj, "cases", path)
    assert report.created == 0
    assert [(p.column, p.message) for p in report.problems] == [(column, issues[0].message)]


def test_a_good_row_passes_both(demo_store, tmp_path: Path) -> None:
    bj = ctx_for("BJ")
    assert validate_intake(bj, intake()) == []
    path = tmp_path / "meldingen.csv"
    path.write_text("organisatie;vp;datum_melding;soort;categorieen\n"
                    f"{ZUIDVLIET};BJ;{TODAY.isoformat()};ongewenste omgangsvormen;pesten\n",
                    encoding="utf-8")
    report = import_file(bj, "cases", path)
    assert (report.created, report.problems) == (1, [])


def test_an_import_asks_about_the_cases_own_date(demo_store, tmp_path: Path) -> None:
    """A historical case is judged by the day it was reported: BJ's engagement at Zuidvliet
    began on a known day, and a case from before it is refused."""
    from vp_tui.models import Engagement

    start = min(e.start for e in Engagement.select().join(Adviser).where(
        Adviser.initials == "BJ", Engagement.organisation == org_id()))
    before = start.replace(year=start.year - 1)
    path = tmp_path / "meldingen.csv"
    path.write_text("organisatie;vp;datum_melding;soort;categorieen\n"
                    f"{ZUIDVLIET};BJ;{before.isoformat()};ongewenste omgangsvormen;pesten\n"
                    f"{ZUIDVLIET};BJ;{start.isoformat()};ongewenste omgangsvormen;pesten\n",
                    encoding="utf-8")
    report = import_file(ctx_for("BJ"), "cases", path)
    assert [(p.row, p.column) for p in report.problems] == [(2, "organisatie")]
