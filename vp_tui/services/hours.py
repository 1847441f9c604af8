"""How hours are shown, in every output: one rounding, so the same figure reads the same on the
organisation's file, the report screen, the Word report and `stats`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def shown_hours(hours: float | Decimal) -> Decimal:
    """Hours with the precision the data has: recorded in quarter hours they are exact
    (7.25, 7.5, 1234); other values rounded half up to one decimal (7.35 → 7.4), never half
    to even as floats and Babel round. Shown with up to two decimals (vp_tui.i18n.fmt_number
    with digits=2), a sum of shown hours reads exactly as their sum."""
    value = Decimal(str(round(hours, 2)))
    digits = 2 if value * 4 == (value * 4).to_integral_value() else 1
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def minutes_as_hours(minutes: int) -> Decimal:
    return shown_hours(Decimal(minutes) / 60)
