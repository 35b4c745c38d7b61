"""Readers of AquaCrop climate files: ``.CLI``, ``.Tnx``/``.TMP``, ``.ETo``, ``.PLU``, ``.CO2``.

A temperature, ETo or rain file has eight header lines (description, record
type, first day, first month, first year, an empty line, column titles, a
rule) followed by one record per line, as AquaCrop's ``LoadClim`` reads them.
A ``.CO2`` file has three header lines and one ``year ppm`` pair per line.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zhassyl.aquacrop._common import (
    YEAR_NOT_LINKED,
    LineFile,
    date_from_day_number,
    day_number,
    find_file,
)
from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _


class RecordType(enum.Enum):
    """Time step of the records of a climate file (line 2)."""

    DAILY = 1
    TEN_DAY = 2
    MONTHLY = 3


@dataclass(frozen=True, eq=False)
class ClimateSeries:
    """Header of a daily climate file, shared by temperature, ETo and rain series."""

    source: str
    description: str
    record_type: RecordType
    """Always DAILY: 10-day and monthly files are refused."""
    first_day: int
    first_month: int
    first_year: int
    """1901 means the data are not linked to a specific year (AquaCrop convention)."""

    @property
    def year_linked(self) -> bool:
        """False when the record is a generic year (first year 1901)."""
        return self.first_year != YEAR_NOT_LINKED

    @property
    def first_day_number(self) -> int:
        """AquaCrop day number of the first record."""
        return day_number(self.first_day, self.first_month, self.first_year)

    @property
    def first_date(self) -> dt.date:
        return dt.date(self.first_year, self.first_month, self.first_day)

    def _count(self) -> int:
        raise NotImplementedError

    @property
    def n_days(self) -> int:
        """Number of daily records."""
        return self._count()

    @property
    def last_day_number(self) -> int:
        """AquaCrop day number of the last record."""
        return self.first_day_number + self.n_days - 1

    @property
    def last_date(self) -> dt.date:
        return date_from_day_number(self.last_day_number)

    @property
    def dates(self) -> np.ndarray:
        """Dates of the records (``datetime64[D]``)."""
        start = np.datetime64(self.first_date.isoformat(), "D")
        return start + np.arange(self.n_days)


@dataclass(frozen=True, eq=False)
class TemperatureSeries(ClimateSeries):
    """Daily minimum and maximum air temperature (``.Tnx`` or ``.TMP``)."""

    tmin_c: np.ndarray
    tmax_c: np.ndarray

    def _count(self) -> int:
        return len(self.tmin_c)


@dataclass(frozen=True, eq=False)
class EToSeries(ClimateSeries):
    """Daily reference evapotranspiration (``.ETo``)."""

    eto_mm: np.ndarray

    def _count(self) -> int:
        return len(self.eto_mm)


@dataclass(frozen=True, eq=False)
class RainSeries(ClimateSeries):
    """Daily rainfall (``.PLU``)."""

    rain_mm: np.ndarray

    def _count(self) -> int:
        return len(self.rain_mm)


@dataclass(frozen=True, eq=False)
class CO2Series:
    """Mean annual atmospheric CO2 concentration (``.CO2``).

    AquaCrop interpolates linearly between the listed years.
    """

    source: str
    description: str
    year: np.ndarray
    co2_ppm: np.ndarray


@dataclass(frozen=True)
class ClimateFiles:
    """The files named in an AquaCrop climate file (``.CLI``), resolved to paths.

    ``None`` where the ``.CLI`` file says ``(None)``.
    """

    source: str
    description: str
    version: float
    temperature: Path | None
    eto: Path | None
    rain: Path | None
    co2: Path | None


def _read_header(f: LineFile) -> tuple[str, RecordType, int, int, int]:
    description = f.next_text("description").strip()
    record_type = f.next_code("record type", {t.value: t for t in RecordType})
    type_row = f.row
    day = f.next_int("first day", 1, 31)
    month = f.next_int("first month", 1, 12)
    year = f.next_int("first year", 1901, 2200)
    if record_type is not RecordType.DAILY:
        kind = _("10-day") if record_type is RecordType.TEN_DAY else _("monthly")
        raise f.fail(type_row, "record type",
                     _("{kind} records are not supported; convert the file to daily "
                       "records").format(kind=kind))
    f.skip(3, "title of the data")
    try:
        dt.date(year, month, day)
    except ValueError:
        f.problem(3, "first day", _("{day}/{month}/{year} is not a date").format(
            day=day, month=month, year=year))
    return description, record_type, day, month, year


def _read_table(f: LineFile, names: list[str], low: list[float | None],
                high: list[float | None]) -> list[np.ndarray]:
    """Records after the header: one line per day, ``len(names)`` numbers each."""
    end = len(f.lines)
    while end > f.row and not f.lines[end - 1].strip():
        end -= 1
    start = f.row
    columns: list[list[float]] = [[] for _n in names]
    for row in range(start + 1, end + 1):
        words = f.lines[row - 1].split()
        if len(words) < len(names):
            f.problem(row, names[len(words)] if words else names[0],
                      _("expected {count} values on this line, found {found}").format(
                          count=len(names), found=len(words)))
            for column in columns:
                column.append(np.nan)
            continue
        for i, name in enumerate(names):
            columns[i].append(f.to_float(words[i], row, name, low[i], high[i]))
    f.row = end
    if end == start and not f.problems:
        f.problem(None, names[0], _("the file holds no records"))
    return [np.asarray(c, dtype=float) for c in columns]


def read_temperature(path: str | Path) -> TemperatureSeries:
    """Read a daily AquaCrop air temperature file (``.Tnx`` or ``.TMP``).

    Raises
    ------
    zhassyl.errors.InputError
        Bad header, 10-day or monthly records (not supported), lines that do
        not hold two numbers, Tmin > Tmax.
    """
    f = LineFile(path)
    header = _read_header(f)
    tmin, tmax = _read_table(f, ["Tmin", "Tmax"], [-90, -90], [60, 60])
    for i in np.flatnonzero(tmin > tmax):
        f.problem(9 + int(i), "Tmin", _("Tmin {tmin} is above Tmax {tmax}").format(
            tmin=tmin[i], tmax=tmax[i]))
    f.finish()
    return TemperatureSeries(str(path), *header, tmin_c=tmin, tmax_c=tmax)


def read_eto(path: str | Path) -> EToSeries:
    """Read a daily AquaCrop reference evapotranspiration file (``.ETo``, mm/day)."""
    f = LineFile(path)
    header = _read_header(f)
    (eto,) = _read_table(f, ["ETo"], [0], [30])
    f.finish()
    return EToSeries(str(path), *header, eto_mm=eto)


def read_rain(path: str | Path) -> RainSeries:
    """Read a daily AquaCrop rainfall file (``.PLU``, mm/day)."""
    f = LineFile(path)
    header = _read_header(f)
    (rain,) = _read_table(f, ["Rain"], [0], [1000])
    f.finish()
    return RainSeries(str(path), *header, rain_mm=rain)


def read_co2(path: str | Path) -> CO2Series:
    """Read an AquaCrop CO2 file (``.CO2``: description, 2 title lines, ``year ppm``).

    Raises
    ------
    zhassyl.errors.InputError
        Lines that do not hold a year and a concentration, years not increasing.
    """
    f = LineFile(path)
    description = f.next_text("description").strip()
    f.skip(2, "title of the data")
    year, ppm = _read_table(f, ["year", "CO2"], [1, 0], [3000, 5000])
    for i in np.flatnonzero(np.diff(year) <= 0):
        f.problem(5 + int(i), "year", _("years must increase: {first} is followed by "
                                        "{second}").format(first=int(year[i]),
                                                           second=int(year[i + 1])))
    f.finish()
    return CO2Series(str(path), description, year.astype(int), ppm)


def read_climate(path: str | Path) -> ClimateFiles:
    """Read an AquaCrop climate file (``.CLI``) and locate the files it names.

    Each name is looked for in the folder of the ``.CLI`` file, then in
    ``DATA/`` and ``SIMUL/`` of the AquaCrop folder holding it (the parent of
    that folder), accepting a difference of letter case.

    Raises
    ------
    zhassyl.errors.InputError
        Missing lines or a named file that cannot be found (the problem names
        the line of the ``.CLI`` file).
    """
    f = LineFile(path)
    description = f.next_text("description").strip()
    version = f.next_float("AquaCrop version", 0)
    here = Path(path).resolve().parent
    search = [here, here.parent / "DATA", here.parent / "SIMUL"]
    found: list[Path | None] = []
    for what in ("temperature file", "ETo file", "rain file", "CO2 file"):
        name = f.next_text(what).strip()
        if name == "(None)":
            found.append(None)
            continue
        if name in ("", "(External)"):
            f.problem(f.row, what, _("'{name}' is not a file name that Zhassyl can "
                                     "read").format(name=name))
            found.append(None)
            continue
        hit = find_file(name, search)
        if hit is None:
            f.problem(f.row, what, _("file '{name}' not found in: {places}").format(
                name=name, places=", ".join(str(d) for d in search)))
        found.append(hit)
    f.finish()
    return ClimateFiles(str(path), description, version, *found)


def load_climate_series(files: ClimateFiles) -> tuple[TemperatureSeries | None,
                                                       EToSeries | None,
                                                       RainSeries | None,
                                                       CO2Series | None]:
    """Read the four series named by a :class:`ClimateFiles` (``None`` if absent).

    Problems from all four files are reported together.
    """
    problems: list[Problem] = []
    out: list[object] = []
    for reader, source in ((read_temperature, files.temperature), (read_eto, files.eto),
                           (read_rain, files.rain), (read_co2, files.co2)):
        try:
            out.append(None if source is None else reader(source))
        except InputError as exc:
            problems.extend(exc.problems)
            out.append(None)
    if problems:
        raise InputError(problems)
    return tuple(out)  # type: ignore[return-value]
