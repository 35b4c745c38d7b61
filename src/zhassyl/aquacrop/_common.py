"""Shared machinery of the AquaCrop file readers: line access, numbers, day numbers.

AquaCrop input files are plain text with one value per line, the value first
and a comment after it (``"   5.0   : Base temperature ..."``).  Files written
by the Windows program may be in a Windows code page, so text that is not
valid UTF-8 is read as cp1252.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _

#: AquaCrop writes -9 (``undef_int``) for "not applicable / not set".
UNDEFINED = -9

#: Calendar year that AquaCrop uses for data "not linked to a specific year".
YEAR_NOT_LINKED = 1901

# Days elapsed before the first of each month in AquaCrop's day-number formula
# (a quarter day added from March onwards spreads the leap day over four years).
_ELAPSED_DAYS = (0.0, 31.0, 59.25, 90.25, 120.25, 151.25, 181.25, 212.25, 243.25,
                 273.25, 304.25, 334.25)


def day_number(day: int, month: int, year: int) -> int:
    """AquaCrop's absolute day number of a date (day 1 = 1 January 1901).

    Parameters
    ----------
    day, month, year : int
        The date.  Year 1901 is AquaCrop's year for data not linked to a
        specific year.

    Returns
    -------
    int
        ``trunc((year - 1901) * 365.25 + elapsed(month) + day + 0.05)`` where
        ``elapsed`` counts 365.25/4-spread days before each month.  For dates
        from 1 January 1901 to 28 February 2100 this equals the number of days
        since 31 December 1900.

    Examples
    --------
    >>> day_number(21, 5, 2014)
    41414
    """
    return math.trunc((year - 1901) * 365.25 + _ELAPSED_DAYS[month - 1] + day + 0.05)


def date_from_day_number(number: int) -> dt.date:
    """The date of an AquaCrop absolute day number (inverse of :func:`day_number`).

    Examples
    --------
    >>> date_from_day_number(41577)
    datetime.date(2014, 10, 31)
    """
    years = math.trunc((number - 0.05) / 365.25)
    in_year = number - years * 365.25
    month = 1
    while month < 12 and in_year > _ELAPSED_DAYS[month]:
        month += 1
    # AquaCrop rounds half away from zero; the value is never negative here.
    day = math.floor(in_year - _ELAPSED_DAYS[month - 1] + 0.31 + 0.5)
    return dt.date(1901 + years, month, day)


def read_lines(path: Path) -> list[str]:
    """The lines of a text file (UTF-8, falling back to cp1252)."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.splitlines()


class LineFile:
    """Sequential access to the lines of one AquaCrop file, collecting problems.

    ``next_*`` methods read the next line (1-based ``row`` numbers in problems);
    a missing line raises :class:`~zhassyl.errors.InputError` at once, other
    problems are collected and raised by :meth:`finish`.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.name = str(path)
        try:
            self.lines = read_lines(self.path)
        except OSError as exc:
            raise InputError([Problem(self.name, None, None,
                                      _("cannot read the file: {reason}").format(
                                          reason=exc.strerror or exc))]) from exc
        self.row = 0
        self.problems: list[Problem] = []

    # -- low level -------------------------------------------------------------
    def problem(self, row: int | None, column: str | None, message: str) -> None:
        """Record a problem at ``row`` (1-based) about parameter ``column``."""
        self.problems.append(Problem(self.name, row, column, message))

    def fail(self, row: int | None, column: str | None, message: str) -> InputError:
        """An error carrying the problems so far plus this one (to ``raise``)."""
        self.problem(row, column, message)
        return InputError(self.problems)

    def finish(self) -> None:
        """Raise :class:`~zhassyl.errors.InputError` if any problem was recorded."""
        if self.problems:
            raise InputError(self.problems)

    def next_text(self, column: str) -> str:
        """The next line, whole; raises if the file has ended."""
        self.row += 1
        if self.row > len(self.lines):
            raise self.fail(self.row, column,
                            _("the file ends before this line; expected: {what}").format(
                                what=column))
        return self.lines[self.row - 1]

    def skip(self, count: int = 1, column: str = "(comment line)") -> None:
        """Skip ``count`` lines that must exist (titles, dummies)."""
        for _i in range(count):
            self.next_text(column)

    # -- values ------------------------------------------------------------------
    def next_token(self, column: str) -> str:
        """The first word of the next line (the value before the comment)."""
        text = self.next_text(column)
        words = text.split()
        if not words:
            self.problem(self.row, column, _("the line is empty; expected a value"))
            return ""
        return words[0].rstrip(":,")

    def next_float(self, column: str, low: float | None = None,
                   high: float | None = None) -> float:
        """The value of the next line as a float, range-checked (NaN if bad)."""
        token = self.next_token(column)
        return self.to_float(token, self.row, column, low, high)

    def next_int(self, column: str, low: int | None = None, high: int | None = None,
                 allowed: tuple[int, ...] = ()) -> int:
        """The value of the next line as an integer (``allowed`` lists extra codes)."""
        token = self.next_token(column)
        return self.to_int(token, self.row, column, low, high, allowed)

    def next_code(self, column: str, codes: dict[int, object]) -> object:
        """The next line's integer code, translated by ``codes`` (error if unknown)."""
        row_before = self.row + 1
        value = self.next_int(column)
        if value in codes:
            return codes[value]
        if not any(p.row == row_before for p in self.problems):
            self.problem(row_before, column,
                         _("unknown code {code}; expected one of {codes}").format(
                             code=value, codes=", ".join(str(c) for c in codes)))
        return next(iter(codes.values()))

    def to_float(self, token: str, row: int, column: str, low: float | None = None,
                 high: float | None = None) -> float:
        """Parse ``token`` as a float and check it against ``[low, high]``."""
        if token == "":
            return math.nan
        try:
            value = float(token.replace("D", "E").replace("d", "e"))
        except ValueError:
            self.problem(row, column, _("'{text}' is not a number").format(text=token))
            return math.nan
        if not math.isfinite(value):
            self.problem(row, column, _("'{text}' is not a number").format(text=token))
            return math.nan
        self.check_range(value, row, column, low, high)
        return value

    def to_int(self, token: str, row: int, column: str, low: int | None = None,
               high: int | None = None, allowed: tuple[int, ...] = ()) -> int:
        """Parse ``token`` as a whole number and check it against ``[low, high]``."""
        value = self.to_float(token, row, column)
        if math.isnan(value):
            return UNDEFINED
        if value != int(value):
            self.problem(row, column,
                         _("'{text}' is not a whole number").format(text=token))
            return UNDEFINED
        number = int(value)
        if number not in allowed:
            self.check_range(number, row, column, low, high)
        return number

    def check_range(self, value: float, row: int, column: str, low: float | None,
                    high: float | None) -> None:
        """Record a problem if ``value`` lies outside ``[low, high]``."""
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(row, column,
                         _("{value} is outside the allowed range {low} to {high}").format(
                             value=value,
                             low="-inf" if low is None else low,
                             high="+inf" if high is None else high))

    def check_version(self, version: float, minimum: float) -> None:
        """Record a problem if the file's AquaCrop version is older than ``minimum``."""
        if not math.isnan(version) and round(version * 10) < round(minimum * 10):
            self.problem(2, "AquaCrop version",
                         _("files of AquaCrop version {version} are not supported "
                           "(version {minimum} or later is required)").format(
                             version=version, minimum=minimum))
            raise InputError(self.problems)


def optional(value: float | int) -> float | int | None:
    """``None`` for AquaCrop's "not applicable" value -9, else the value."""
    return None if value == UNDEFINED else value


def version_tenths(version: float) -> int:
    """Version 7.3 -> 73, as AquaCrop compares versions."""
    return round(version * 10) if math.isfinite(version) else 0


def find_file(name: str, directories: list[Path]) -> Path | None:
    """The first ``directory / name`` that exists, matching the name's case loosely.

    Files written on Windows often differ in letter case from the names cited
    in the files that refer to them, so when the exact name is absent a file
    whose name differs only in case is accepted.
    """
    for directory in directories:
        candidate = directory / name
        if candidate.is_file():
            return candidate
        if directory.is_dir():
            lowered = name.lower()
            for entry in sorted(directory.iterdir()):
                if entry.name.lower() == lowered and entry.is_file():
                    return entry
    return None
