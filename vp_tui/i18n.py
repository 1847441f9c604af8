"""Message catalogue. Source strings are Dutch; other languages come from gettext catalogues.

Screens and services call `_()`; `set_language("en")` switches at start. A string missing from
a catalogue falls back to the Dutch source, so a partial translation never breaks a screen.
"""

from __future__ import annotations

import datetime as dt
import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "vp_tui"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_locale = "nl_NL"


def set_language(lang: str) -> None:
    global _translation, _locale
    lang = (lang or "nl").split("_")[0].lower()
    _locale = {"nl": "nl_NL", "en": "en_GB"}.get(lang, "nl_NL")
    # Dutch is the source language; its catalogue (empty unless wording is adjusted) and any
    # other language fall back to the source string for every message they lack.
    _translation = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True
    )


def _(message: str) -> str:
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Marks a source string for the catalogue where it is defined before the language is
    known (the CLI's help texts, read when a module is imported); it is translated with `_()`
    where it is shown."""
    return message


def language() -> str:
    return _locale.split("_")[0]


def fmt_date(value: dt.date | None, style: str = "long") -> str:
    """'3 maart 2025' (long) or '03-03-2025' (short); empty for None. The short form is the
    same in every language, so it needs no Babel: tables show hundreds of them at a time."""
    if value is None:
        return ""
    if style == "short":
        return value.strftime("%d-%m-%Y")
    # Babel is imported on first use: every command and the TUI's start import this module.
    from babel.dates import format_date

    return format_date(value, "d MMMM yyyy", locale=_locale)


def fmt_number(value: float | int | None, digits: int = 1) -> str:
    """'12,5' in Dutch, '12.5' in English; at most `digits` decimals, none when whole."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    from babel.numbers import format_decimal

    return format_decimal(value, pattern, locale=_locale)
