"""Importing spreadsheets: every kind from CSV and XLSX, bad rows pinned to row and column with
nothing written, dry runs, idempotent re-imports, and who may import what."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY
from tests.services.importfiles import example_rows, write_csv, write_xlsx
from vp_tui.errors import AccessDenied, ValidationError
from vp_tui.models import (
    Absence,
    Activity,
    Adviser,
    AuditEvent,
    Case,
    CaseCategory,
    Engagement,
    Organisation,
    Referral,
)
from vp_tui.services.advisers import add_adviser, resolve_actor
from vp_tui.services.context import Context
from vp_tui.services.importing import KINDS, import_file
from vp_tui.services.importing.reading import read_table

MODELS = (Adviser, Organisation, Engagement, Absence, Activity, Case, CaseCategory, Referral)


def counts() -> dict[str, int]:
    return {m.__name__: m.select().count() for m in MODELS}


@pytest.fixture
def admin(store) -> Context:
    """An empty agency with its first account, an admin who also works as adviser."""
    add_adviser(None, "Beheerder", "ADM", "x", role="admin")
    return Context(resolve_actor("ADM", None), today=TODAY)


def _typed(cell: str) -> object:
    """What Excel would hold: real dates and numbers rather than text."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        return dt.date.fromisoformat(cell)
    if re.fullmatch(r"\d{2}-\d{2}-\d{4}", cell):
        return dt.datetime.strptime(cell, "%d-%m-%Y")
    if re.fullmatch(r"\d+(,\d+)?", cell):
        return float(cell.replace(",", ".")) if "," in cell else int(cell)
    return cell or None


def write_example(kind: str, fmt: str, folder: Path) -> Path:
    rows = example_rows(kind)
    if fmt == "xlsx":
        return write_xlsx(folder / f"{kind}.xlsx", [rows[0]] + [[_typed(c) for c in r]
                                                               for r in rows[1:]])
    return write_csv(folder / f"{kind}.csv", rows, delimiter=";" if fmt == "semicolon" else ",",
                     bom=fmt == "comma-bom")


@pytest.mark.parametrize("fmt", ["semicolon", "comma-bom", "xlsx"])
def test_every_kind_imports_from_csv_and_xlsx(admin: Context, tmp_path: Path, fmt: str) -> None:
    for kind in KINDS:
        report = import_file(admin, kind, write_example(kind, fmt, tmp_path))
        assert report.problems == [], (kind, [str(p) for p in report.problems])
        assert report.created == len(example_rows(kind)) - 1, kind
    assert {a.initials for a in Adviser.select()} == {"ADM", "EM", "FEA"}
    anker = Organisation.get(Organisation.name == "Stichting Kinderopvang Het Anker")
    assert (anker.staff_size, anker.contract_hours, anker.vp_types, anker.retention_years,
            anker.contract_start) == (140, Decimal("12.50"), "oo", 2, dt.date(2025, 1, 1))
    assert anker.import_key == "ORG-001"
    assert Engagement.select().count() == 3
    assert Absence.get(Absence.import_key == "AFW-2026-02").day_part == "ochtend"
    assert sorted(a.minutes for a in Activity.select()) == [60, 90]
    first = Case.get(Case.import_key == "2025-17")
    assert (first.status, first.outcome, first.conversation_count, first.minutes_spent,
            first.channel, first.melder_code) == ("afgesloten", "opgelost", 3, 150, "telefoon", "")
    assert {c.category for c in first.category_rows} == {"pesten", "intimidatie"}
    second = Case.get(Case.import_key == "2025-18")
    assert (second.status, second.opened_on) == ("begeleiding", dt.date(2025, 5, 14))
    assert [c.category for c in second.category_rows] == ["misbruik"]  # label with a comma
    third = Case.get(Case.import_key == "2025-19")
    assert sorted(r.destination for r in third.referrals) == ["juridisch", "p_en_o"]
    assert third.owner.initials == "EM"


def test_a_comma_file_quotes_its_multi_value_cells(admin: Context, tmp_path: Path) -> None:
    for kind in ("advisers", "organisations", "engagements"):
        import_file(admin, kind, write_example(kind, "semicolon", tmp_path))
    path = write_example("cases", "comma", tmp_path)
    assert '"pesten, intimidatie"' in path.read_text(encoding="utf-8")
    report = import_file(admin, "cases", path)
    assert (report.created, report.problems) == (3, [])


CASE_HEADER = ["organisatie", "vp", "datum_melding", "datum_afgesloten", "soort", "categorieen",
               "uitkomst", "gesprekken", "uren"]
GOOD = ["Gemeente Zuidvliet", "ADV", "2026-03-02", "2026-05-01", "oo", "pesten", "opgelost",
        "2", "1,5"]


def case_file(tmp_path: Path, *rows: list[str], name: str = "meldingen.csv") -> Path:
    return write_csv(tmp_path / name, [CASE_HEADER, *rows])


def changed(**cells: str) -> list[str]:
    row = list(GOOD)
    for column, value in cells.items():
        row[CASE_HEADER.index(column)] = value
    return row


@pytest.mark.parametrize(("cells", "column", "says"), [
    ({"organisatie": "Gemeente Noordvliet"}, "organisatie", "Gemeente Zuidvliet"),
    ({"categorieen": "pesten, roddelen"}, "categorieen", "seksuele intimidatie"),
    ({"datum_melding": "2026-12-01", "datum_afgesloten": ""}, "datum_melding", "toekomst"),
    ({"gesprekken": "twee"}, "gesprekken", "geen geheel getal"),
    ({"uren": "anderhalf"}, "uren", "1,5"),
    ({"soort": "klacht"}, "soort", "ongewenste omgangsvormen"),
    ({"datum_melding": "31-02-2026"}, "datum_melding", "bestaat niet"),
    ({"uitkomst": ""}, "uitkomst", "opgelost of verbeterd"),
    ({"categorieen": "fraude"}, "categorieen", "past niet"),
    ({"vp": "ZZ"}, "vp", "ADV"),
])
def test_a_bad_row_is_reported_at_its_row_and_column_and_nothing_is_written(
        ctx: Context, tmp_path: Path, cells: dict[str, str], column: str, says: str) -> None:
    before = counts()
    path = case_file(tmp_path, GOOD, changed(**cells), GOOD)
    report = import_file(ctx, "cases", path)
    assert [(p.row, p.column) for p in report.problems] == [(3, column)]
    assert says in report.problems[0].message
    assert not report.written
    assert counts() == before
    assert not AuditEvent.select().where(AuditEvent.action.startswith("import")).exists()


def test_every_problem_of_a_file_is_reported_at_once(ctx: Context, tmp_path: Path) -> None:
    path = case_file(tmp_path, changed(gesprekken="veel"), GOOD,
                     changed(organisatie="Onbekend B.V.", uren="x"))
    report = import_file(ctx, "cases", path)
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "gesprekken"), (4, "uren")]  # a row with a bad cell is not looked up further
    assert str(report.problems[0]).startswith("rij 2, kolom 'gesprekken': 'veel' is geen")


def test_an_empty_file_is_refused(ctx: Context, tmp_path: Path) -> None:
    path = tmp_path / "leeg.csv"
    path.write_bytes(b"\xef\xbb\xbf\n \n")
    with pytest.raises(ValidationError, match="leeg"):
        import_file(ctx, "cases", path)


def test_a_header_without_rows_is_a_problem(ctx: Context, tmp_path: Path) -> None:
    report = import_file(ctx, "cases", case_file(tmp_path))
    assert [(p.row, p.column) for p in report.problems] == [(1, "")]


def test_a_wrong_header_names_the_column_and_the_known_ones(ctx: Context, tmp_path: Path
                                                            ) -> None:
    header = [("organisation" if c == "organisatie" else c) for c in CASE_HEADER]
    path = write_csv(tmp_path / "m.csv", [header, GOOD])
    before = counts()
    report = import_file(ctx, "cases", path)
    assert [(p.row, p.column) for p in report.problems] == [
        (1, "organisation"), (1, "organisatie")]
    assert "bekende kolommen: organisatie, vp," in report.problems[0].message
    assert "verplichte kolom ontbreekt" in report.problems[1].message
    assert counts() == before


def test_headers_match_without_accents_or_case(ctx: Context, tmp_path: Path) -> None:
    header = ["Organisatie", "VP", "Datum melding", "datum_afgesloten", "Soort", "Categorieën",
              "uitkomst", "gesprekken", "uren"]
    report = import_file(ctx, "cases", write_csv(tmp_path / "m.csv", [header, GOOD]))
    assert (report.created, report.problems) == (1, [])


def test_a_row_with_more_cells_than_the_header_is_a_problem(ctx: Context, tmp_path: Path
                                                            ) -> None:
    report = import_file(ctx, "cases", case_file(tmp_path, GOOD, GOOD + ["extra"]))
    assert [(p.row, p.column) for p in report.problems] == [(3, "")]
    assert not report.written


def test_dry_run_reports_what_would_be_created_and_writes_nothing(ctx: Context, tmp_path: Path
                                                                  ) -> None:
    before = counts()
    report = import_file(ctx, "cases", case_file(tmp_path, GOOD, changed(vp="BJ")),
                         dry_run=True)
    assert (report.created, report.existing, report.problems) == (2, 0, [])
    assert counts() == before


def test_reimport_creates_nothing_twice_and_keeps_identical_rows(ctx: Context, tmp_path: Path
                                                                 ) -> None:
    before = Case.select().count()
    path = case_file(tmp_path, GOOD, GOOD, changed(vp="BJ"))
    first = import_file(ctx, "cases", path)
    assert (first.created, first.existing) == (3, 0)  # two identical rows are two cases
    again = import_file(ctx, "cases", path)
    assert (again.created, again.existing, again.problems) == (0, 3, [])
    xlsx = write_xlsx(tmp_path / "m.xlsx", [CASE_HEADER, GOOD, GOOD, changed(vp="BJ")])
    assert import_file(ctx, "cases", xlsx).existing == 3  # the key is the content, not the file
    assert Case.select().count() == before + 3
    assert AuditEvent.select().where(AuditEvent.action == "import.run").count() == 1


def test_a_code_column_is_the_stable_key_and_must_be_unique(ctx: Context, tmp_path: Path
                                                            ) -> None:
    header = CASE_HEADER + ["code"]
    path = write_csv(tmp_path / "m.csv", [header, GOOD + ["A1"], changed(uren="2") + ["A2"]])
    assert import_file(ctx, "cases", path).created == 2
    edited = write_csv(tmp_path / "m2.csv", [header, changed(uren="3") + ["A1"]])
    assert import_file(ctx, "cases", edited).existing == 1  # same code: the same case
    twice = write_csv(tmp_path / "m3.csv", [header, GOOD + ["B1"], GOOD + ["B1"]])
    report = import_file(ctx, "cases", twice)
    assert [(p.row, p.column) for p in report.problems] == [(3, "code")]


def test_an_adviser_imports_only_their_own_cases(ctx: Context, tmp_path: Path) -> None:
    bj = Context(resolve_actor("BJ", None), today=TODAY)
    path = case_file(tmp_path, changed(vp="BJ"), changed(vp="CS"))
    report = import_file(bj, "cases", path)
    assert [(p.row, p.column) for p in report.problems] == [(3, "vp")]
    assert "eigen meldingen" in report.problems[0].message


def test_only_coordinators_import_organisations_and_only_admins_advisers(
        ctx: Context, tmp_path: Path) -> None:
    bj = Context(resolve_actor("BJ", None), today=TODAY)
    orgs = write_example("organisations", "semicolon", tmp_path)
    with pytest.raises(AccessDenied):
        import_file(bj, "organisations", orgs)
    with pytest.raises(AccessDenied):
        import_file(ctx, "advisers", write_example("advisers", "semicolon", tmp_path))
    assert import_file(ctx, "organisations", orgs).created == 2  # ADV is coordinator


def test_a_service_rule_lands_on_its_column(ctx: Context, tmp_path: Path) -> None:
    """record_absence refuses an overlap: the import reports it at the 'begin' column."""
    rows = [["vp", "soort", "begin", "eind"], ["BJ", "vakantie", "2027-01-04", "2027-01-08"],
            ["BJ", "ziek", "2027-01-06", "2027-01-06"]]
    report = import_file(ctx, "absences", write_csv(tmp_path / "a.csv", rows))
    assert [(p.row, p.column) for p in report.problems] == [(3, "begin")]
    assert "Overlapt" in report.problems[0].message


def test_unknown_kind_lists_the_kinds(ctx: Context, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="advisers, organisations, engagements"):
        import_file(ctx, "melders", case_file(tmp_path, GOOD))


def test_a_non_utf8_file_gets_a_clear_message(ctx: Context, tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes(";".join(CASE_HEADER).encode() + "\nPriv\xe9;".encode("cp1252"))
    with pytest.raises(ValidationError, match="CSV UTF-8"):
        import_file(ctx, "cases", path)


CELL = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=6),
       delimiter=st.sampled_from([";", ",", "\t"]), bom=st.booleans())
def test_the_csv_reader_returns_any_cell_text_as_written(tmp_path: Path, rows, delimiter,
                                                         bom) -> None:
    path = write_csv(tmp_path / "h.csv", [["a", "b", "c"], *rows], delimiter, bom)
    table = read_table(path)
    assert table.headers == ["a", "b", "c"]
    expected = [r for r in rows if any(c.strip() for c in r)]
    assert [[row.cells[h] for h in "abc"] for row in table.rows] == expected


ALL_COLUMNS = [(kind, c.name) for kind in KINDS.values() for c in kind.columns]


@settings(max_examples=500, deadline=None)
@given(where=st.sampled_from(ALL_COLUMNS),
       value=st.one_of(CELL, st.integers(), st.floats(), st.booleans(), st.dates(),
                       st.datetimes(), st.decimals()))
def test_any_cell_value_is_read_or_reported_never_a_crash(where, value: object) -> None:
    from vp_tui.services.importing.reading import Row
    from vp_tui.services.importing.runner import read_row

    kind, column = where
    values, problems = read_row(kind, Row(2, {column: value}))
    assert all(p.row == 2 for p in problems)
    assert column in values or any(p.column == column for p in problems)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e300, "NaN", "-1", "1e5"])
def test_numbers_outside_what_sqlite_and_sense_hold_are_refused(value: object) -> None:
    from vp_tui.services.importing import cells
    from vp_tui.services.importing.problems import CellError

    for reader in (cells.hours, cells.integer(0)):
        with pytest.raises(CellError):
            reader(value)


@pytest.mark.parametrize("where", ALL_COLUMNS, ids=[f"{k.name}-{c}" for k, c in ALL_COLUMNS])
@pytest.mark.parametrize("control", ["\x1b[2J", "\x1b]0;x\x07", "\x9b", "\x00", "\r", "\x7f"])
def test_a_control_character_in_any_cell_is_refused_at_its_row_and_column(
        where, control: str) -> None:
    from vp_tui.services.importing.reading import Row
    from vp_tui.services.importing.runner import read_row

    kind, column = where
    values, problems = read_row(kind, Row(7, {column: "Evil" + control + " [red]x[/red]"}))
    mine = [p for p in problems if p.column == column]  # others: required columns left empty
    assert [(p.row, p.message) for p in mine] == [
        (7, f"bevat een stuurteken (U+{ord(control[0]):04X}) op positie 5; haal het weg")]
    assert column not in values


def test_a_file_with_an_escape_sequence_writes_nothing(admin: Context, tmp_path: Path) -> None:
    rows = example_rows("organisations")
    name = rows[0].index("naam")
    rows[2][name] = "\x1b[2J\x1b]0;pwned\x07Evil"
    before = counts()
    report = import_file(admin, "organisations", write_csv(tmp_path / "o.csv", rows))
    assert [str(p) for p in report.problems] == [
        "rij 3, kolom 'naam': bevat een stuurteken (U+001B) op positie 1; haal het weg"]
    assert counts() == before


def test_line_breaks_tabs_and_markup_are_text(admin: Context, tmp_path: Path) -> None:
    rows = [["naam", "sector"], ["[red]Rood[/red] B.V.", "zorg\r\nen welzijn\tnoord"]]
    report = import_file(admin, "organisations", write_csv(tmp_path / "o.csv", rows))
    assert report.problems == [] and report.created == 1
    org = Organisation.get(Organisation.name == "[red]Rood[/red] B.V.")
    assert org.sector == "zorg\nen welzijn\tnoord"


def _example_agency(admin: Context, tmp_path: Path, *kinds: str) -> None:
    for kind in kinds:
        assert import_file(admin, kind, write_example(kind, "semicolon", tmp_path)).ok, kind


@pytest.mark.parametrize(("kind", "action"), [
    ("advisers", "adviser.create"), ("engagements", "engagement.create"),
    ("absences", "absence.create")])
def test_an_import_records_what_a_form_records_and_twice_changes_nothing(
        admin: Context, tmp_path: Path, kind: str, action: str) -> None:
    _example_agency(admin, tmp_path, *[k for k in ("advisers", "organisations")
                                       if k != kind])
    model = {"advisers": Adviser, "engagements": Engagement, "absences": Absence}[kind]
    before = {row.id for row in model.select()}
    path = write_example(kind, "semicolon", tmp_path)
    assert import_file(admin, kind, path, dry_run=True).created == len(example_rows(kind)) - 1
    assert {row.id for row in model.select()} == before
    report = import_file(admin, kind, path)
    assert (report.created, report.problems) == (len(example_rows(kind)) - 1, [])
    new = {row.id for row in model.select()} - before
    events = AuditEvent.select().where(AuditEvent.action == action)
    assert {int(e.object_id) for e in events if int(e.object_id) in new} == new
    assert {e.object_type for e in events} == {model._meta.table_name}
    assert AuditEvent.select().where(AuditEvent.action == "import.run",
                                     AuditEvent.object_id == kind).count() == 1
    counted = counts(), AuditEvent.select().count()
    again = import_file(admin, kind, path)
    assert (again.created, again.existing, again.problems) == (0, report.created, [])
    assert (counts(), AuditEvent.select().count()) == counted


ADVISER_HEADER = ["naam", "initialen", "geslacht", "os_gebruiker"]


def test_an_os_account_belongs_to_one_adviser_also_within_a_file(admin: Context,
                                                                  tmp_path: Path) -> None:
    _example_agency(admin, tmp_path, "advisers")  # EM has the account 'eva'
    rows = [ADVISER_HEADER, ["Jan", "JV", "man", "jan"], ["Joke", "JK", "vrouw", "jan"],
            ["Els", "EV", "vrouw", "eva"], ["Jan", "jv", "man", "anders"]]
    before = counts()
    report = import_file(admin, "advisers", write_csv(tmp_path / "a.csv", rows))
    assert [str(p) for p in report.problems] == [
        "rij 3, kolom 'os_gebruiker': OS-gebruiker 'jan' hoort al bij adviseur JV",
        "rij 4, kolom 'os_gebruiker': OS-gebruiker 'eva' hoort al bij adviseur EM"]
    assert report.existing == 1  # row 5: initials are the key, earlier in the file too
    assert counts() == before


ENGAGEMENT_HEADER = ["organisatie", "vp", "functie", "begin", "eind"]
ANKER = "Stichting Kinderopvang Het Anker"


@pytest.mark.parametrize(("second", "column", "says"), [
    (["EM", "tweede VP", "2025-06-01", ""], "vp", "al aan deze organisatie verbonden"),
    (["ADM", "vaste VP", "2025-12-31", ""], "functie", "al een vaste VP"),
])
def test_engagements_of_one_file_keep_the_rules_between_them(
        admin: Context, tmp_path: Path, second: list[str], column: str, says: str) -> None:
    _example_agency(admin, tmp_path, "advisers", "organisations")
    rows = [ENGAGEMENT_HEADER, [ANKER, "FEA", "vaste VP", "2025-01-01", "2025-12-31"],
            [ANKER, "EM", "tweede VP", "2025-01-01", ""], [ANKER, *second]]
    before = counts()
    report = import_file(admin, "engagements", write_csv(tmp_path / "k.csv", rows))
    assert [(p.row, p.column) for p in report.problems] == [(4, column)]
    assert says in report.problems[0].message
    assert counts() == before
