"""A command line the CLI cannot use is refused with one line in the interface's language and
exit code 2, without click's usage block; the group's --db, --as and --lang may also follow the
command's name, but never in what an SSH client asks for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tests.loopback_sshd import loopback_sshd, needs_sshd
from vp_tui.cli import cli
from vp_tui.cli.base import hoist_global_options
from vp_tui.i18n import set_language
from vp_tui.models import AuditEvent
from vp_tui.services.identity import split_globals
from vp_tui.store import vault

ROOT = Path(__file__).resolve().parents[2]
NO_SSH = {"SSH_CONNECTION": None, "SSH_CLIENT": None, "SSH_ORIGINAL_COMMAND": None}


@pytest.fixture(autouse=True)
def dutch_afterwards():
    """`--lang en` switches the process's language; the tests after these expect Dutch."""
    yield
    set_language("nl")


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env={**NO_SSH, **(env or {})}, prog_name="vp-tui")


def assert_one_line(result, line: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == line + "\n"


MISTAKES = [
    (["coverage", "--from", "2026-13-01"],
     "fout: ongeldige waarde voor --from: '2026-13-01' is geen datum (jjjj-mm-dd)",
     "error: invalid value for --from: '2026-13-01' is not a date (yyyy-mm-dd)"),
    (["coverage", "--weeks", "99"],
     "fout: ongeldige waarde voor --weeks: 99 ligt niet tussen 1 en 53",
     "error: invalid value for --weeks: 99 is not between 1 and 53"),
    (["stats", "1", "--year", "twintig"],
     "fout: ongeldige waarde voor --year: 'twintig' is geen geheel getal",
     "error: invalid value for --year: 'twintig' is not a whole number"),
    (["stats", "--year", "2025"], "fout: ORG ontbreekt", "error: ORG is missing"),
    (["stats", "1"], "fout: --year ontbreekt", "error: --year is missing"),
    (["stats", "1", "--year"], "fout: --year verwacht een waarde",
     "error: --year needs a value"),
    (["stats", "1", "--year", "2025", "--json=ja"], "fout: --json neemt geen waarde",
     "error: --json takes no value"),
    (["stats", "1", "--yaer", "2025"], "fout: onbekende optie --yaer (bedoeld: --year?)",
     "error: unknown option --yaer (did you mean: --year?)"),
    (["stats", "1", "2", "--year", "2025"], "fout: onverwacht argument: 2",
     "error: unexpected argument: 2"),
    (["rapport"], "fout: onbekend commando: rapport (zie vp-tui --help)",
     "error: unknown command: rapport (see vp-tui --help)"),
    (["key", "frob"], "fout: onbekend commando: frob (zie vp-tui key --help)",
     "error: unknown command: frob (see vp-tui key --help)"),
    (["init", "--gender", "q"],
     "fout: ongeldige waarde voor --gender: 'q' is niet een van: m, v, x",
     "error: invalid value for --gender: 'q' is not one of: m, v, x"),
    (["admin", "ssh-line", "BJ", "/nergens/sleutel.pub"],
     "fout: ongeldige waarde voor PUBKEY: /nergens/sleutel.pub bestaat niet",
     "error: invalid value for PUBKEY: /nergens/sleutel.pub does not exist"),
    (["report", "--year", "2025"], "fout: Geef óf een organisatie óf --all.",
     "error: Give either an organisation or --all."),
]


@pytest.mark.parametrize(("args", "dutch", "english"), MISTAKES)
def test_a_usage_error_is_one_line_in_the_chosen_language(
        args: list[str], dutch: str, english: str) -> None:
    assert_one_line(run(*args), dutch)
    assert_one_line(run("--lang", "en", *args), english)
    assert_one_line(run(*args, "--lang", "en"), english)


def test_a_usage_error_from_the_real_entry_point(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSH_")}
    env["PYTHONPATH"] = str(ROOT)
    for lang, line in (("nl", MISTAKES[0][1]), ("en", MISTAKES[0][2])):
        proc = subprocess.run([sys.executable, "-m", "vp_tui", "--lang", lang, *MISTAKES[0][0]],
                              capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
        assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", line + "\n")


@pytest.mark.parametrize("args", [[], ["stats"], ["admin"], ["audit", "list"]])
def test_help_speaks_the_chosen_language(args: list[str]) -> None:
    dutch = run(*args, "--help")
    assert dutch.exit_code == 0
    assert dutch.output.startswith("Gebruik: vp-tui") and "Opties:" in dutch.output
    assert "Toon deze hulp en stop." in dutch.output
    for english_word in ("Usage", "Options", "Show this", "[default", "[required", "TEXT",
                         "Commands:"):
        assert english_word not in dutch.output
    english = run("--lang", "en", *args, "--help")
    assert english.output.startswith("Usage: vp-tui") and "Options:" in english.output
    assert "Show this help and exit." in english.output
    for dutch_word in ("Gebruik", "Opties", "Toon ", "standaard", "verplicht", "TEKST"):
        assert dutch_word not in english.output


def test_version_in_both_languages() -> None:
    assert run("--version").output.startswith("vp-tui, versie ")
    assert run("--lang", "en", "--version").output.startswith("vp-tui, version ")


# --- the group's options after the command's name --------------------------------------------


def test_db_and_as_may_follow_the_command(demo_store, file_keyring) -> None:
    demo_store.close()
    db = str(demo_store.path)
    before = run("--db", db, "--as", "BJ", "stats", "1", "--year", "2025")
    assert before.exit_code == 0, before.output
    after = run("stats", "1", "--year", "2025", "--db", db, "--as", "BJ")
    assert (after.exit_code, after.stdout) == (0, before.stdout)
    mixed = run("--db", db, "stats", "1", "--as=BJ", "--year", "2025")
    assert (mixed.exit_code, mixed.stdout) == (0, before.stdout)
    twice = run("--db", db, "--as", "BJ", "stats", "1", "--year", "2025", "--as", "ADV")
    assert twice.exit_code == 3 and twice.stderr.startswith("fout: --as mag maar")


def test_init_accepts_db_after_the_command(tmp_path: Path, file_keyring) -> None:
    target = tmp_path / "nieuw.db"
    result = run("init", "--db", str(target))
    assert result.exit_code == 0, result.output
    assert target.exists() and str(target) in result.stdout


def _events(db: Path) -> list[AuditEvent]:
    store = vault.open_store(db)
    try:
        return list(AuditEvent.select().order_by(AuditEvent.id))
    finally:
        store.close()


@pytest.mark.parametrize("requested", [
    "stats 1 --year 2025 --as ADV", "stats 1 --year 2025 --as=ADV",
    "coverage --weeks 1 --db /tmp/ander.db", "coverage --db=/tmp/ander.db",
    "retention --due --as ADV",
])
def test_the_client_names_neither_db_nor_as_wherever_they_stand(
        demo_store, file_keyring, requested: str) -> None:
    demo_store.close()
    env = {"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22", "SSH_ORIGINAL_COMMAND": requested}
    result = run("--db", str(demo_store.path), "--as", "BJ", env=env)
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith("fout: Identiteit en database liggen vast")
    assert _events(demo_store.path)[-1].action == "session.refused-command"


@needs_sshd
def test_over_real_ssh_db_and_as_after_the_command_are_refused(
        demo_store, file_keyring, tmp_path: Path) -> None:
    """The forced command of an agency's authorized_keys, through sshd on the loopback address:
    the client's --as or --db after the command's name is refused, audited, and nothing runs."""
    demo_store.close()
    env = (f"PYTHONPATH={ROOT} PYTHON_KEYRING_BACKEND=tests.keyring_backend.JsonFileKeyring "
           f"VP_TUI_BENCH_KEYRING={file_keyring.path}")
    command = (f"cd {ROOT} && {env} exec {sys.executable} -m vp_tui "
               f"--db {demo_store.path} --as BJ")
    with loopback_sshd(tmp_path, command) as prefix:
        ssh = [prefix[0], "-T", *prefix[1:]]
        allowed = subprocess.run([*ssh, "stats 1 --year 2025"], capture_output=True,
                                 text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert allowed.returncode == 0, allowed.stderr
        for requested in ("stats 1 --year 2025 --as ADV", "stats 1 --db /tmp/x --year 2025"):
            before = len(_events(demo_store.path))
            done = subprocess.run([*ssh, requested], capture_output=True, text=True,
                                  timeout=60, stdin=subprocess.DEVNULL)
            assert done.returncode == 3 and done.stdout == "", done.stderr
            assert done.stderr.startswith("fout: Identiteit en database liggen vast")
            after = _events(demo_store.path)
            assert len(after) == before + 1
            assert after[-1].action == "session.refused-command"


def test_a_question_left_unanswered_ends_with_one_dutch_line(demo_store, file_keyring,
                                                             tmp_path: Path) -> None:
    demo_store.close()
    target = tmp_path / "herstel.bin"
    result = CliRunner().invoke(cli, ["--db", str(demo_store.path), "key", "export-recovery",
                                      str(target)], input="wachtzin-1\nwachtzin-2\n",
                                env=NO_SSH, prog_name="vp-tui")
    assert result.exit_code == 1 and not target.exists()
    assert "De twee wachtzinnen verschillen; probeer het opnieuw." in result.stderr
    assert result.stderr.endswith("\nAfgebroken.\n")
    assert "Aborted" not in result.output and "Error" not in result.output



WORDS = st.sampled_from(["stats", "1", "--year", "2025", "--json", "report", "-", "X"])
GLOBALS = st.sampled_from([["--db", "a.db"], ["--db=b.db"], ["--as", "BJ"], ["--as=ADV"],
                           ["--lang", "en"]])


@given(before=st.lists(GLOBALS, max_size=2), words=st.lists(WORDS, min_size=1, max_size=6),
       after=st.lists(st.tuples(st.integers(1, 6), GLOBALS), max_size=3))
def test_hoisting_moves_the_groups_options_and_nothing_else(before, words, after) -> None:
    """--db, --as and --lang anywhere after the command's name end up before it, the rest of
    the line unchanged and in its order."""
    line = [token for option in before for token in option]
    for index, word in enumerate([*words, None]):
        line.extend(t for position, option in after
                    if min(position, len(words)) == index for t in option)
        if word is not None:
            line.append(word)
    head, tail = split_globals(hoist_global_options(line))
    assert tail == words
    assert sorted(head) == sorted(t for o in (*before, *(o for _p, o in after)) for t in o)
