"""Readers of AquaCrop's own output files, to validate Zhassyl's engine against them.

* ``<project>PRMday.OUT``: daily results, one table per run (``Run: n``).
* ``<project>PRMseason.OUT``: one line of totals per run (``Tot(n)``).
* ``<project>PRMharvests.OUT``: biomass and yield at each cut, per run.

Columns are found by their header names, never by position.  Some names occur
more than once in the daily file (e.g. ``Tr``, ``Z``, ``WC(3.05)``): they are
told apart by their occurrence, see :meth:`OutputTable.column`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zhassyl.aquacrop._common import LineFile
from zhassyl.i18n import _

_WORD = re.compile(r"\S+")
_RUN = re.compile(r"^\s*Run:\s*(\d+)\s*$")
_TOTAL = re.compile(r"^Tot\((\d+)\)$")


@dataclass(frozen=True, eq=False)
class OutputTable:
    """A table of an AquaCrop output file: named columns of numbers.

    ``units[i]`` is the text under column ``i`` in the second header line
    (empty when there is none; for the compartment columns ``WC01 ...`` and
    ``ECe01 ...`` of the daily file it is the depth of the compartment in m).
    """

    names: tuple[str, ...]
    units: tuple[str, ...]
    values: np.ndarray
    """Shape (rows, columns); -9 and -9.9 are kept as AquaCrop wrote them."""

    def column(self, name: str, occurrence: int = 1) -> np.ndarray:
        """The values of column ``name`` (the ``occurrence``-th one of that name)."""
        found = [i for i, n in enumerate(self.names) if n == name]
        if len(found) < occurrence:
            raise KeyError(f"no column {name!r} (occurrence {occurrence})")
        return self.values[:, found[occurrence - 1]]

    @property
    def columns(self) -> dict[str, np.ndarray]:
        """All columns by name; repeated names get ``#2``, ``#3`` ... appended."""
        out: dict[str, np.ndarray] = {}
        seen: dict[str, int] = {}
        for i, name in enumerate(self.names):
            seen[name] = seen.get(name, 0) + 1
            key = name if seen[name] == 1 else f"{name}#{seen[name]}"
            out[key] = self.values[:, i]
        return out


@dataclass(frozen=True, eq=False)
class DayOutputRun(OutputTable):
    """The daily results of one run."""

    run: int = 0

    @property
    def dates(self) -> np.ndarray:
        """Dates of the rows (``datetime64[D]``), from the Day, Month, Year columns."""
        return _dates(self.column("Day"), self.column("Month"), self.column("Year"))


@dataclass(frozen=True, eq=False)
class DayOutput:
    """AquaCrop daily output (``...PRMday.OUT``)."""

    source: str
    header: str
    """First line: AquaCrop version and the time the file was written."""
    runs: tuple[DayOutputRun, ...]

    def run(self, number: int) -> DayOutputRun:
        """The table of run ``number`` (from 1)."""
        for item in self.runs:
            if item.run == number:
                return item
        raise KeyError(f"no run {number}")


@dataclass(frozen=True, eq=False)
class SeasonOutput(OutputTable):
    """AquaCrop seasonal output (``...PRMseason.OUT``): one row per run."""

    source: str = ""
    header: str = ""
    run_numbers: tuple[int, ...] = ()
    project_files: tuple[str, ...] = ()
    """The project file named at the end of each row."""

    @property
    def first_dates(self) -> np.ndarray:
        """First day of each run (``datetime64[D]``)."""
        return _dates(self.column("Day1"), self.column("Month1"), self.column("Year1"))

    @property
    def last_dates(self) -> np.ndarray:
        """Last day of each run (``datetime64[D]``)."""
        return _dates(self.column("DayN"), self.column("MonthN"), self.column("YearN"))


@dataclass(frozen=True)
class HarvestRecord:
    """One line of the harvests output: a cut, or the start (0) / end (9999) of a run.

    Amounts of the single cut are NaN on the start and end lines, where
    AquaCrop leaves them blank.
    """

    cut_number: int
    """1, 2, ... for cuts; 0 for the start of the season, 9999 for its end."""
    date: dt.date
    days_after_planting: int | None
    interval_days: int | None
    """Days since the previous cut (or since the start of the season)."""
    biomass_t_ha: float
    """Dry above-ground biomass removed by this cut (ton/ha)."""
    cumulative_biomass_t_ha: float
    dry_yield_t_ha: float
    cumulative_dry_yield_t_ha: float
    fresh_yield_t_ha: float
    cumulative_fresh_yield_t_ha: float


@dataclass(frozen=True)
class HarvestRun:
    """The harvest records of one run."""

    run: int
    records: tuple[HarvestRecord, ...]

    @property
    def cuts(self) -> tuple[HarvestRecord, ...]:
        """The cuts only (without the start and end-of-season lines)."""
        return tuple(r for r in self.records if r.cut_number not in (0, 9999))


@dataclass(frozen=True)
class HarvestsOutput:
    """AquaCrop harvests output (``...PRMharvests.OUT``)."""

    source: str
    header: str
    runs: tuple[HarvestRun, ...]


def _dates(day: np.ndarray, month: np.ndarray, year: np.ndarray) -> np.ndarray:
    return np.array([np.datetime64(dt.date(int(y), int(m), int(d)).isoformat(), "D")
                     for d, m, y in zip(day, month, year, strict=True)])


def _header_names(line: str) -> list[tuple[int, str]]:
    """Column names and the position where each ends; ``WC 2`` is one name."""
    words = [(m.end(), m.group()) for m in _WORD.finditer(line)]
    merged: list[tuple[int, str]] = []
    for end, word in words:
        if merged and word.isdigit() and merged[-1][1].isalpha():
            merged[-1] = (end, merged[-1][1] + " " + word)
        else:
            merged.append((end, word))
    return merged


def _units(line: str, names: list[tuple[int, str]]) -> tuple[str, ...]:
    """Attach each word of the units line to the column whose name ends nearest."""
    units = [""] * len(names)
    ends = np.array([end for end, _name in names])
    for m in _WORD.finditer(line):
        i = int(np.argmin(np.abs(ends - m.end())))
        if not units[i]:
            units[i] = m.group()
    return tuple(units)


def _numbers(f: LineFile, words: list[str], row: int, names: list[str]) -> list[float]:
    return [f.to_float(w, row, n) for w, n in zip(words, names, strict=True)]


def read_day_output(path: str | Path) -> DayOutput:
    """Read AquaCrop's daily output file (``...PRMday.OUT``), one table per run.

    Raises
    ------
    zhassyl.errors.InputError
        No ``Run:`` section, rows whose number of values differs from the
        number of header names, values that do not parse.
    """
    f = LineFile(path)
    lines = f.lines
    starts = [(i, int(m.group(1))) for i, line in enumerate(lines)
              if (m := _RUN.match(line))]
    if not starts:
        raise f.fail(None, None, _("no 'Run:' section found"))
    runs = []
    for k, (start, number) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        runs.append(_read_block(f, start + 1, stop, number))
    f.finish()
    return DayOutput(str(path), lines[0].strip(), tuple(runs))


def _read_block(f: LineFile, header_index: int, stop: int, number: int) -> DayOutputRun:
    lines = f.lines
    if header_index + 1 >= stop:
        raise f.fail(header_index + 1, None, _("the table has no header"))
    names_at = _header_names(lines[header_index])
    names = [n for _end, n in names_at]
    units = _units(lines[header_index + 1], names_at)
    rows = []
    for i in range(header_index + 2, stop):
        words = lines[i].split()
        if not words:
            continue
        if len(words) != len(names):
            f.problem(i + 1, None, _("expected {count} values on this line, found {found}")
                      .format(count=len(names), found=len(words)))
            continue
        rows.append(_numbers(f, words, i + 1, names))
    values = np.asarray(rows, dtype=float).reshape(-1, len(names))
    return DayOutputRun(names=tuple(names), units=units, values=values, run=number)


def read_season_output(path: str | Path) -> SeasonOutput:
    """Read AquaCrop's seasonal output file (``...PRMseason.OUT``).

    Each data row starts with ``Tot(n)`` (the run number) and ends with the
    name of the project file.
    """
    f = LineFile(path)
    lines = f.lines
    header_index = next((i for i, line in enumerate(lines)
                         if line.split()[:1] == ["RunNr"]), None)
    if header_index is None or header_index + 1 >= len(lines):
        raise f.fail(None, "RunNr", _("no header line starting with RunNr"))
    names_at = _header_names(lines[header_index])
    names = [n for _end, n in names_at]
    units = _units(lines[header_index + 1], names_at)
    rows, run_numbers, projects = [], [], []
    for i in range(header_index + 2, len(lines)):
        words = lines[i].split()
        if not words:
            continue
        m = _TOTAL.match(words[0])
        if m is None or len(words) != len(names) + 1:
            f.problem(i + 1, None, _("expected {count} values on this line, found {found}")
                      .format(count=len(names) + 1, found=len(words)))
            continue
        run_numbers.append(int(m.group(1)))
        rows.append([float(m.group(1))] + _numbers(f, words[1:-1], i + 1, names[1:]))
        projects.append(words[-1])
    f.finish()
    values = np.asarray(rows, dtype=float).reshape(-1, len(names))
    return SeasonOutput(names=tuple(names), units=units, values=values, source=str(path),
                        header=lines[0].strip(), run_numbers=tuple(run_numbers),
                        project_files=tuple(projects))


def read_harvests_output(path: str | Path) -> HarvestsOutput:
    """Read AquaCrop's harvests output file (``...PRMharvests.OUT``).

    Full rows hold 12 values (Nr, Day, Month, Year, DAP, Interval, Biomass,
    Sum(B), Dry-Yield, Sum(Y), Fresh-Yield, Sum(Y)); the start (Nr 0) and
    end (Nr 9999) rows hold only Nr, the date and the three sums.
    """
    f = LineFile(path)
    lines = f.lines
    runs: list[HarvestRun] = []
    records: list[HarvestRecord] = []
    number = None
    for i, line in enumerate(lines):
        m = _RUN.match(line)
        if m:
            if number is not None:
                runs.append(HarvestRun(number, tuple(records)))
            number, records = int(m.group(1)), []
            continue
        words = line.split()
        if number is None or not words or not words[0].isdigit():
            continue
        record = _harvest_record(f, words, i + 1)
        if record is not None:
            records.append(record)
    if number is not None:
        runs.append(HarvestRun(number, tuple(records)))
    if not runs:
        f.problem(None, None, _("no 'Run:' section found"))
    f.finish()
    return HarvestsOutput(str(path), lines[0].strip() if lines else "", tuple(runs))


def _harvest_record(f: LineFile, words: list[str], row: int) -> HarvestRecord | None:
    nan = math.nan
    if len(words) == 12:
        v = _numbers(f, words, row, ["Nr", "Day", "Month", "Year", "DAP", "Interval",
                                     "Biomass", "Sum(B)", "Dry-Yield", "Sum(Y)",
                                     "Fresh-Yield", "Sum(Y)"])
    elif len(words) == 7:
        s = _numbers(f, words, row, ["Nr", "Day", "Month", "Year", "Sum(B)", "Sum(Y)",
                                     "Sum(Y)"])
        v = s[:4] + [nan, nan, nan, s[4], nan, s[5], nan, s[6]]
    else:
        f.problem(row, None, _("expected {count} values on this line, found {found}")
                  .format(count=12, found=len(words)))
        return None
    if any(math.isnan(x) for x in v[:4]):
        return None
    try:
        date = dt.date(int(v[3]), int(v[2]), int(v[1]))
    except ValueError:
        f.problem(row, "Day", _("{day}/{month}/{year} is not a date").format(
            day=int(v[1]), month=int(v[2]), year=int(v[3])))
        return None
    return HarvestRecord(
        cut_number=int(v[0]), date=date,
        days_after_planting=None if math.isnan(v[4]) else int(v[4]),
        interval_days=None if math.isnan(v[5]) else int(v[5]),
        biomass_t_ha=v[6], cumulative_biomass_t_ha=v[7], dry_yield_t_ha=v[8],
        cumulative_dry_yield_t_ha=v[9], fresh_yield_t_ha=v[10],
        cumulative_fresh_yield_t_ha=v[11])


__all__ = ["DayOutput", "DayOutputRun", "HarvestRecord", "HarvestRun", "HarvestsOutput",
           "OutputTable", "SeasonOutput", "read_day_output",
           "read_harvests_output", "read_season_output"]
