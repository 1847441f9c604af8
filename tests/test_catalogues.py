"""The message catalogues are complete and current.

Complete: English translates every message; Dutch is the source language, so an empty msgstr
there shows the source (README in vp_tui/locale) and a filled one must keep its placeholders.
Neither language has fuzzy (guessed) entries. Current: the template holds exactly the strings
the code marks with `_()` or `N_()`, each .po holds exactly the template's, and each .mo is
compiled from its .po. A string added to the code without a catalogue pass fails here.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from vp_tui.i18n import DOMAIN, LOCALE_DIR

PACKAGE = LOCALE_DIR.parent
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _catalogue(path: Path, lang: str | None = None):
    with open(path, "rb") as source:
        return read_po(source, locale=lang)


def _ids(catalogue) -> set[str]:
    return {message.id for message in catalogue if message.id}


def _source_ids() -> set[str]:
    with open(LOCALE_DIR / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {message for _file, _line, message, *_rest in extract_from_dir(
        PACKAGE, method_map, options_map, keywords=DEFAULT_KEYWORDS)}


def test_the_template_holds_exactly_the_marked_strings_of_the_code() -> None:
    template = _ids(_catalogue(LOCALE_DIR / f"{DOMAIN}.pot"))
    source = _source_ids()
    assert not source - template, f"not in the catalogue (run the pass in the README): " \
                                  f"{sorted(source - template)[:10]}"
    assert not template - source, f"no longer in the code: {sorted(template - source)[:10]}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_language_covers_the_template_without_guesses(lang: str) -> None:
    template = _ids(_catalogue(LOCALE_DIR / f"{DOMAIN}.pot"))
    catalogue = _catalogue(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po", lang)
    assert _ids(catalogue) == template
    assert not [m.id for m in catalogue if m.id and m.fuzzy], "fuzzy entries"
    assert not catalogue.obsolete, "obsolete entries"
    for message in catalogue:
        if message.id and message.string:
            assert sorted(PLACEHOLDER.findall(message.string)) == \
                sorted(PLACEHOLDER.findall(message.id)), (lang, message.id)


def test_english_translates_every_message() -> None:
    catalogue = _catalogue(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", "en")
    missing = [m.id for m in catalogue if m.id and not m.string]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_compiled_catalogue_is_compiled_from_the_current_po(lang: str) -> None:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    catalogue = _catalogue(folder / f"{DOMAIN}.po", lang)
    with open(folder / f"{DOMAIN}.mo", "rb") as compiled:
        translation = gettext.GNUTranslations(compiled)
    translated = {m.id: m.string for m in catalogue if m.id and m.string}
    compiled_ids = {key for key in translation._catalog if key}  # noqa: SLF001 - no public list
    assert compiled_ids == set(translated), lang
    for msgid, text in translated.items():
        assert translation.gettext(msgid) == text, (lang, msgid)
