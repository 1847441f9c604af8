"""The value types of the CLI's options and arguments. click's own types refuse a value with an
English sentence; these say it in the interface's language, as one clause that
vp_tui.cli.base.usage_error puts after 'fout: ongeldige waarde voor --optie:'."""

from __future__ import annotations

import datetime as dt
import os
import stat

import click

from vp_tui.i18n import _


class Date(click.ParamType):
    """A calendar day written JJJJ-MM-DD."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return _("JJJJ-MM-DD")

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(_("'{value}' is geen datum (jjjj-mm-dd)").format(value=value), param, ctx)


class Integer(click.ParamType):
    """A whole number, optionally between `min` and `max` (both included)."""

    name = "integer"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return _("GETAL")

    def __init__(self, min: int | None = None, max: int | None = None) -> None:  # noqa: A002
        self.min, self.max = min, max

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(_("'{value}' is geen geheel getal").format(value=value), param, ctx)
        if self.min is not None and self.max is not None and not self.min <= number <= self.max:
            self.fail(_("{value} ligt niet tussen {min} en {max}").format(
                value=number, min=self.min, max=self.max), param, ctx)
        if self.min is not None and number < self.min:
            self.fail(_("{value} is kleiner dan {min}").format(value=number, min=self.min),
                      param, ctx)
        if self.max is not None and number > self.max:
            self.fail(_("{value} is groter dan {max}").format(value=number, max=self.max),
                      param, ctx)
        return number


class Choice(click.Choice):
    """One of a fixed list of words."""

    def get_invalid_choice_message(self, value: object, ctx: click.Context | None) -> str:
        return _("'{value}' is niet een van: {choices}").format(
            value=value, choices=", ".join(map(str, self.choices)))


class FilePath(click.Path):
    """A path, checked as click.Path checks it (exists, file or folder, readable, writable)."""

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        if not self.dir_okay:
            return _("BESTAND")
        return _("MAP") if not self.file_okay else _("PAD")

    def convert(self, value, param: click.Parameter | None, ctx: click.Context | None):  # noqa: ANN001
        if not (self.allow_dash and value in ("-", b"-")):
            problem = self._problem(os.fsdecode(value))
            if problem:
                self.fail(_("{path} {problem}").format(path=os.fsdecode(value), problem=problem),
                          param, ctx)
        return super().convert(value, param, ctx)

    def _problem(self, path: str) -> str | None:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return _("bestaat niet") if self.exists else None
        if not self.file_okay and stat.S_ISREG(mode):
            return _("is een bestand, geen map")
        if not self.dir_okay and stat.S_ISDIR(mode):
            return _("is een map, geen bestand")
        if self.readable and not os.access(path, os.R_OK):
            return _("is niet leesbaar")
        if self.writable and not os.access(path, os.W_OK):
            return _("is niet schrijfbaar")
        return None
