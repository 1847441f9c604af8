"""Reading one cell as what its column asks for.

Each reader takes the raw cell (text from CSV; text, number, date or boolean from XLSX) and
returns a typed value or raises CellError whose message names the accepted values. Blank cells
never reach a reader: the column specification decides whether blank is allowed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from vp_tui.i18n import _
from vp_tui.models.enums import Enumeration
from vp_tui.services.importing.problems import CellError

Reader = Callable[[object], object]

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
#: Optional sign, digits with optional thousands dots, optional decimal comma; or a plain
#: decimal point number.
_DUTCH_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+(,\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")

_TRUE = {"ja", "j", "yes", "y", "waar", "true", "1", "x"}
_FALSE = {"nee", "n", "no", "onwaar", "false", "0"}


def _show(value: object) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def text(max_length: int) -> Reader:
    def read(value: object) -> str:
        result = str(value).strip()
        if len(result) > max_length:
            raise CellError(_("maximaal {n} tekens (nu {m})").format(n=max_length,
                                                                     m=len(result)))
        return result
    return read


def date(value: object) -> dt.date:
    """A date as JJJJ-MM-DD or DD-MM-JJJJ (also with / or .), or an Excel date cell."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip()
    iso, dmy = _ISO.match(raw), _DMY.match(raw)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return dt.date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    except ValueError:
        raise CellError(_("'{value}' bestaat niet als datum").format(value=_show(raw))) from None
    raise CellError(_("'{value}' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ").format(
        value=_show(raw)))


def decimal(value: object) -> Decimal:
    """A number with a decimal comma ('1,5', '1.234,5') or point ('1.5'), or a number cell."""
    if isinstance(value, bool):
        raise CellError(_("'{value}' is geen getal").format(value=_show(value)))
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite():
            raise CellError(_("'{value}' is geen getal").format(value=_show(value)))
        return number
    raw = str(value).strip().replace(" ", "")
    if _DUTCH_NUMBER.match(raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif not _PLAIN_NUMBER.match(raw):
        raise CellError(_("'{value}' is geen getal; schrijf bijvoorbeeld 1,5").format(
            value=_show(value)))
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise CellError(_("'{value}' is geen getal").format(value=_show(value))) from None


#: Larger than any count an agency records; keeps values inside SQLite's integers.
INTEGER_MAX = 1_000_000
#: Hours on one case or activity.
HOURS_MAX = 10_000


def integer(minimum: int = 0, maximum: int = INTEGER_MAX) -> Reader:
    def read(value: object) -> int:
        not_whole = CellError(_("'{value}' is geen geheel getal; schrijf bijvoorbeeld 3").format(
            value=_show(value)))
        try:
            number = decimal(value)
        except CellError:
            raise not_whole from None
        if number != number.to_integral_value():
            raise not_whole
        if not minimum <= number <= maximum:
            raise CellError(_("{value} valt buiten het bereik (van {lo} tot en met {hi})").format(
                value=_show(value), lo=minimum, hi=maximum))
        return int(number)
    return read


def hours(value: object) -> int:
    """Hours with a decimal comma, as whole minutes ('1,5' -> 90)."""
    number = decimal(value)
    if not 0 <= number <= HOURS_MAX:
        raise CellError(_("{value} uur valt buiten het bereik (van 0 tot en met {hi})").format(
            value=_show(value), hi=HOURS_MAX))
    return int((number * 60).to_integral_value())


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raw = str(value).strip().casefold()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise CellError(_("'{value}' is geen ja of nee; kies uit: ja; nee").format(
        value=_show(value)))


def accepted(enum: Enumeration) -> str:
    """'pesten; seksuele intimidatie (seksuele_intimidatie); …': labels, and the key where it
    differs; semicolons because some labels hold a comma."""
    return "; ".join(c.label if c.label == c.key else f"{c.label} ({c.key})" for c in enum)


def choice(enum: Enumeration) -> Reader:
    def read(value: object) -> str:
        key = enum.parse(str(value))
        if key is None:
            raise CellError(_("onbekende {what} '{value}'; kies uit: {choices}").format(
                what=enum.name, value=_show(value), choices=accepted(enum)))
        return key
    return read


def choices(enum: Enumeration) -> Reader:
    """Several values separated by commas. A label that itself holds a comma ('misbruik van
    bevoegdheden, middelen of positie') is recognised by trying the longest run of pieces
    first."""
    def read(value: object) -> list[str]:
        pieces = str(value).split(",")
        keys: list[str] = []
        start = 0
        while start < len(pieces):
            for end in range(len(pieces), start, -1):
                candidate = ",".join(pieces[start:end]).strip()
                key = enum.parse(candidate) if candidate else None
                if key is not None:
                    if key not in keys:
                        keys.append(key)
                    start = end
                    break
            else:
                if pieces[start].strip():
                    raise CellError(_("onbekende {what} '{value}'; kies uit: {choices}").format(
                        what=enum.name, value=_show(pieces[start]), choices=accepted(enum)))
                start += 1
        return keys
    return read


def unknown_name(what: str, value: object, known: Iterable[str]) -> CellError:
    """'onbekende organisatie X': lists every known name when there are few, else the nearest."""
    names = sorted(known, key=str.casefold)
    if len(names) <= 12:
        hint = _("bekend zijn: {names}").format(names="; ".join(names) or "-")
    else:
        near = difflib.get_close_matches(str(value).strip(), names, n=3, cutoff=0.5)
        hint = _("bedoelt u: {names}").format(names="; ".join(near)) if near else \
            _("{n} namen bekend; controleer de spelling").format(n=len(names))
    return CellError(_("onbekende {what} '{value}'; {hint}").format(
        what=what, value=_show(value), hint=hint))
