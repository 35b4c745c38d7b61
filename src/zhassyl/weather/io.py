"""Read, check and write daily weather CSV files.

File format
-----------
A comma-separated UTF-8 text file with one header line and one line per day:

=============== ======== ==========================================================
column          unit     meaning
=============== ======== ==========================================================
``date``        --       calendar day, ISO ``YYYY-MM-DD`` (required)
``tmax_c``      °C       daily maximum air temperature (required)
``tmin_c``      °C       daily minimum air temperature (required)
``precip_mm``   mm       daily precipitation, 0 on a dry day (required)
``rs_mj_m2``    MJ/m²/d  incoming solar (shortwave) radiation
``sunshine_h``  h        actual duration of bright sunshine
``rh_max_pct``  %        daily maximum relative humidity
``rh_min_pct``  %        daily minimum relative humidity
``rh_mean_pct`` %        daily mean relative humidity
``tdew_c``      °C       dew-point temperature
``wind_m_s``    m/s      mean wind speed (at the height the user gives to ET0)
=============== ======== ==========================================================

Optional columns may be left out altogether, or have empty cells: an empty cell
means "not measured on that day" and becomes NaN (the FAO-56 ET0 procedures fall
back to estimates for missing radiation, humidity and wind).  The days must form
an unbroken daily sequence in increasing order.

Checks
------
:func:`read_weather_csv` collects every problem in the file before raising one
:class:`~zhassyl.errors.InputError`; each problem names the file, the line number
in the file (the header is line 1) and the column.  It checks: missing required
columns (with hints for near-misses such as ``Tmax_C`` and for columns in other
units such as ``tmax_f`` or ``wind_km_h``), duplicated column names, an empty
file or a file without data lines, rows with the wrong number of cells,
unparsable dates and numbers, duplicate dates, dates out of order, missing days,
empty required values, values outside physical limits (the module constants
below, each with its source), columns whose values look like another unit
(kelvin, °F, W/m², minutes, fractions), ``tmin_c > tmax_c``,
``rh_min_pct > rh_max_pct`` and ``tdew_c > tmax_c``.  Unknown columns are
ignored with a :class:`WeatherWarning` that names them; temperatures inside the
world records but outside the band plausible for Kazakhstan also give a
:class:`WeatherWarning`.

Lenient mode
------------
With ``lenient=True`` gaps and bad values are repaired instead of raising, each
repair reported by a :class:`WeatherWarning` (one warning per column and kind
of repair, listing the rows).  The rule, applied in this order:

1. A value that cannot be parsed or breaks a physical limit is treated as
   missing.  A required temperature left empty is missing too.  Empty cells
   of optional columns are valid "not measured" values and stay NaN.
2. ``tmin_c > tmax_c`` (both valid) is taken as swapped columns: the two values
   are swapped back; likewise ``rh_min_pct > rh_max_pct``.  ``tdew_c > tmax_c``
   makes ``tdew_c`` missing.
3. Negative precipitation is set to 0 mm; missing precipitation (an empty or
   bad cell, or a day inserted in step 4) is set to 0 mm.
4. Missing days are inserted, so that the series is an unbroken daily
   sequence from the first to the last date of the file.
5. Missing values of ``tmax_c``, ``tmin_c`` and of the optional columns (from
   steps 1, 2 and 4) are filled by linear interpolation in time between the
   nearest valid days of the same column; before the first or after the last
   valid day the nearest valid value is repeated.  An optional column with no
   valid value at all stays NaN.
6. A filled value that ends up on the wrong side of its partner
   (``tmin_c > tmax_c``, ``rh_min_pct > rh_max_pct``, ``tdew_c > tmax_c``) is
   set equal to the partner.

:attr:`DailyWeather.filled` tells which values were changed or filled.  Even in
lenient mode these still raise, because they cannot be repaired safely: a
missing required column, duplicated column names, an empty file, rows with a
wrong number of cells, unparsable or empty dates, duplicate dates, dates out of
order (often a typo in the year), a column whose values look like another unit,
and a required temperature column without any valid value.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import math
import os
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import IO

import numpy as np

from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _

__all__ = [
    "DailyWeather",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "VALUE_COLUMNS",
    "WeatherWarning",
    "read_weather_csv",
    "write_weather_csv",
]

REQUIRED_COLUMNS: tuple[str, ...] = ("date", "tmax_c", "tmin_c", "precip_mm")
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "rs_mj_m2",
    "sunshine_h",
    "rh_max_pct",
    "rh_min_pct",
    "rh_mean_pct",
    "tdew_c",
    "wind_m_s",
)
#: Every numeric column, in file order (the ``date`` column excluded).
VALUE_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS[1:] + OPTIONAL_COLUMNS

# --- Physical limits ---------------------------------------------------------------
# Air temperature: the WMO Archive of Weather and Climate Extremes lists the lowest
# temperature ever measured at -89.2 °C (Vostok, Antarctica, 21 July 1983) and the
# highest at 56.7 °C (Furnace Creek, Death Valley, USA, 10 July 1913).  A daily value
# outside them is impossible.
WORLD_MIN_TEMPERATURE_C = -89.2
WORLD_MAX_TEMPERATURE_C = 56.7
# Plausibility band for Kazakhstan (warning only, values are kept): a little wider
# than the extremes reported for the country, e.g. absolute maximum 47.9 °C at
# Turkestan in July 1983 (Kazhydromet, "Climate change in the city of Turkestan") and
# -53 °C at Parygino, East Kazakhstan, on 16 January 2026 (Kazinform).
KAZAKHSTAN_MIN_TEMPERATURE_C = -60.0
KAZAKHSTAN_MAX_TEMPERATURE_C = 50.0
# Precipitation: the WMO archive's greatest 24-hour rainfall is 1825 mm (Foc-Foc,
# La Réunion, 7-8 January 1966).
WORLD_MAX_PRECIP_MM = 1825.0
# Wind: no daily mean wind speed comes near 75 m/s (the WMO record 3-second gust,
# not a daily mean, is 113 m/s at Barrow Island, Australia, 10 April 1996).
MAX_WIND_M_S = 75.0
# Sunshine duration cannot exceed the 24 hours of a day.
MAX_SUNSHINE_H = 24.0
# Solar radiation at the surface cannot exceed the extraterrestrial radiation Ra.  Ra
# peaks at a pole at the solstice: FAO-56 eq. 21 with the sun always up gives
# Ra = 1440 min x 0.0820 MJ/m²/min x dr x sin(23.44°) <= 48.5 MJ/m²/d (dr <= 1.033).
MAX_RS_MJ_M2 = 50.0
# Relative humidity is a percentage of saturation.
MIN_RH_PCT = 0.0
MAX_RH_PCT = 100.0

# Unit sanity (warnings): typical values that belong to another unit.
# - Temperature: the warmest month's mean daily minimum in Kazakhstan is about 22 °C
#   (Turkistan, July) and its mean daily maximum about 37 °C (Kyzylorda and Turkistan,
#   July; the regions' normals in data/regions); a median tmin above 30 or tmax above
#   45 over a file is out of reach in °C but ordinary in °F (e.g. 70 °F = 21 °C).
#   In December-February the mean daily maximum is below 10 °C everywhere in the
#   country (Turkistan, the mildest, about 5 °C in January): a winter median above
#   20 is °F.
# - Precipitation: the wettest stations of Kazakhstan (Zailiysky Alatau) receive about
#   1000-1500 mm a year; the median wet-day amount in the programme's regions is a few
#   mm (daily records of the regional stations).  Whole numbers with a wet-day median
#   above 10 "mm" are the signature of tenths of mm (GHCN-Daily stores PRCP in tenths).
# - Wind: daily mean wind at 2 m in Kazakhstan is 2-5 m/s (FAO-56 treats 2 m/s as
#   typical); a median above 10 m/s is a gale every day, i.e. km/h.
# - Solar radiation: clear-sky Rso (FAO-56 eq. 37) at 40-55 N in June is about
#   30-32 MJ/m²/d; a median above 35 MJ/m²/d is a daily mean in W/m² (x 0.0864).
UNIT_SANITY = {"min_days": 5, "tmin_median_c": 30.0, "tmax_median_c": 45.0,
               "winter_tmax_median_c": 20.0,
               "precip_mm_year": 3000.0, "wet_day_median_mm": 10.0,
               "wind_median_m_s": 10.0, "rs_median_mj_m2": 35.0}

# Numbers that data loggers and spreadsheets use to mean "no value".
_MISSING_CODES = frozenset({-99.0, -99.9, -99.99, -999.0, -999.9, -9999.0, -9999.9, -32768.0})

_TEMPERATURE_COLUMNS = ("tmax_c", "tmin_c", "tdew_c")
_RH_COLUMNS = ("rh_max_pct", "rh_min_pct", "rh_mean_pct")
# (low, high) pairs that must satisfy low <= high on every day.
_ORDERED_PAIRS = (("tmin_c", "tmax_c"), ("rh_min_pct", "rh_max_pct"), ("tdew_c", "tmax_c"))
_MAX_LISTED = 10  # rows listed in one warning


class WeatherWarning(UserWarning):
    """Something in a weather file was ignored, is doubtful or was repaired.

    ``problems`` lists the affected places (file, row, column, message).
    """

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems: list[Problem] = list(problems or [])


def _read_only(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class DailyWeather:
    """An unbroken daily weather series at one site.

    Arrays are read-only NumPy arrays of shape ``(n_days,)``; copy one to change it.

    Parameters
    ----------
    dates : numpy.ndarray of datetime64[D]
        Consecutive calendar days, one per element.
    tmax_c, tmin_c : numpy.ndarray of float
        Daily maximum and minimum air temperature [°C].
    precip_mm : numpy.ndarray of float
        Daily precipitation [mm].
    rs_mj_m2 : numpy.ndarray of float or None
        Incoming solar radiation [MJ m-2 d-1]; NaN where not measured, None when the
        file has no such column.  The other optional columns likewise:
    sunshine_h : numpy.ndarray of float or None
        Duration of bright sunshine [h].
    rh_max_pct, rh_min_pct, rh_mean_pct : numpy.ndarray of float or None
        Maximum, minimum and mean relative humidity [%].
    tdew_c : numpy.ndarray of float or None
        Dew-point temperature [°C].
    wind_m_s : numpy.ndarray of float or None
        Mean wind speed [m s-1].
    source : str
        Where the data come from (file name, or a description).
    filled : mapping of str to numpy.ndarray of bool
        For each column (and ``"date"`` for inserted days) in which lenient
        reading changed or filled something, a mask of the days concerned.
        Columns without repairs are absent; empty after a strict read.

    Examples
    --------
    >>> import numpy as np
    >>> w = DailyWeather(dates=np.array(["2024-02-28", "2024-02-29"], dtype="datetime64[D]"),
    ...                  tmax_c=[5.0, 7.5], tmin_c=[-3.0, -1.0], precip_mm=[0.0, 2.4])
    >>> w.n_days, w.doy.tolist(), w.years.tolist()
    (2, [59, 60], [2024])
    """

    dates: np.ndarray
    tmax_c: np.ndarray
    tmin_c: np.ndarray
    precip_mm: np.ndarray
    rs_mj_m2: np.ndarray | None = None
    sunshine_h: np.ndarray | None = None
    rh_max_pct: np.ndarray | None = None
    rh_min_pct: np.ndarray | None = None
    rh_mean_pct: np.ndarray | None = None
    tdew_c: np.ndarray | None = None
    wind_m_s: np.ndarray | None = None
    source: str = "<memory>"
    filled: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        dates = np.array(self.dates, dtype="datetime64[D]")
        if dates.ndim != 1 or dates.size == 0:
            raise ValueError(f"dates must be a non-empty 1-D array, got shape {dates.shape}")
        if np.isnat(dates).any():
            raise ValueError("dates must not contain NaT")
        if dates.size > 1 and not (np.diff(dates) == np.timedelta64(1, "D")).all():
            raise ValueError("dates must be consecutive days in increasing order")
        n_days = dates.size
        object.__setattr__(self, "dates", _read_only(dates))
        for name in VALUE_COLUMNS:
            value = getattr(self, name)
            if value is None:
                if name in REQUIRED_COLUMNS:
                    raise ValueError(f"{name} is required")
                continue
            array = np.array(value, dtype=np.float64)
            if array.shape != (n_days,):
                raise ValueError(f"{name} has shape {array.shape}, expected ({n_days},)")
            object.__setattr__(self, name, _read_only(array))
        filled: dict[str, np.ndarray] = {}
        for name, mask in dict(self.filled).items():
            if name != "date" and name not in VALUE_COLUMNS:
                raise ValueError(f"filled names an unknown column {name!r}")
            if name != "date" and getattr(self, name) is None:
                raise ValueError(f"filled names the absent column {name!r}")
            array = np.array(mask, dtype=bool)
            if array.shape != (n_days,):
                raise ValueError(f"filled[{name!r}] has shape {array.shape}, expected ({n_days},)")
            filled[name] = _read_only(array)
        object.__setattr__(self, "filled", MappingProxyType(filled))

    @property
    def n_days(self) -> int:
        """Number of days in the series."""
        return int(self.dates.size)

    @property
    def doy(self) -> np.ndarray:
        """Day of the year of each day, 1 (1 January) to 366, int array ``(n_days,)``."""
        return (self.dates - self.dates.astype("datetime64[Y]")).astype(np.int64) + 1

    @property
    def year(self) -> np.ndarray:
        """Calendar year of each day, int array ``(n_days,)``."""
        return self.dates.astype("datetime64[Y]").astype(np.int64) + 1970

    @property
    def years(self) -> np.ndarray:
        """The calendar years covered (also partly), sorted int array."""
        return np.unique(self.year)

    @property
    def columns(self) -> tuple[str, ...]:
        """Names of the columns present, in file order, ``date`` first."""
        return ("date",) + tuple(name for name in VALUE_COLUMNS if getattr(self, name) is not None)

    def column(self, name: str) -> np.ndarray | None:
        """The array of column ``name`` (``"date"`` gives :attr:`dates`).

        Returns None for a known optional column that is absent; raises
        :class:`KeyError` for an unknown name.
        """
        if name == "date":
            return self.dates
        if name not in VALUE_COLUMNS:
            known = ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
            raise KeyError(f"unknown weather column {name!r}; known columns: {known}")
        return getattr(self, name)


# --- Column name hints ---------------------------------------------------------------

# Other spellings of each column (after normalisation, see _normalise).
_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("day", "time", "datetime", "data", "dates"),
    # NASA POWER names (t2m_max, prectotcorr, ...) are included: a common data source.
    "tmax_c": ("tmax", "t_max", "max_temp", "temp_max", "maxtemp", "tempmax", "tx",
               "max_temperature", "temperature_max", "tmax_temp", "max_t", "t2m_max"),
    "tmin_c": ("tmin", "t_min", "min_temp", "temp_min", "mintemp", "tempmin", "tn",
               "min_temperature", "temperature_min", "tmin_temp", "min_t", "t2m_min"),
    "precip_mm": ("precip", "precipitation", "prcp", "prec", "rain", "rainfall", "ppt", "pr",
                  "precip_total", "prectotcorr", "prectot"),
    "rs_mj_m2": ("rs", "srad", "solar_radiation", "radiation", "solar", "rad", "sw_in",
                 "shortwave", "global_radiation", "allsky_sfc_sw_dwn"),
    "sunshine_h": ("sunshine", "sun", "sunshine_duration", "ssd", "sun_hours", "sunshine_hours"),
    "rh_max_pct": ("rh_max", "rhmax", "max_rh", "rhx", "rh_mx"),
    "rh_min_pct": ("rh_min", "rhmin", "min_rh", "rhn", "rh_mn"),
    "rh_mean_pct": ("rh_mean", "rhmean", "rh", "rh_avg", "mean_rh", "relative_humidity",
                    "humidity", "hum", "rh2m"),
    "tdew_c": ("tdew", "t_dew", "dewpoint", "dew_point", "td", "tdp", "dew", "dew_point_temp",
               "t2mdew"),
    "wind_m_s": ("wind", "wind_speed", "windspeed", "ws", "u2", "wspd", "u", "wind2m", "ws2m"),
}
# Unit suffixes meaning the unit Zhassyl expects (so only the spelling is off).
_OWN_UNITS: dict[str, tuple[str, ...]] = {
    "tmax_c": ("c", "degc", "celsius", "deg_c"),
    "tmin_c": ("c", "degc", "celsius", "deg_c"),
    "tdew_c": ("c", "degc", "celsius", "deg_c"),
    "precip_mm": ("mm", "mm_d", "mm_day"),
    "rs_mj_m2": ("mj_m2", "mj_m2_d", "mj_m2_day", "mj", "mjm2", "mj_m_2"),
    "sunshine_h": ("h", "hr", "hrs", "hours", "hour"),
    "rh_max_pct": ("pct", "percent"),
    "rh_min_pct": ("pct", "percent"),
    "rh_mean_pct": ("pct", "percent"),
    "wind_m_s": ("m_s", "ms", "mps", "m_s_1", "m_sec"),
}
_TEMPERATURE_UNITS = {"f": "°F", "degf": "°F", "deg_f": "°F", "fahrenheit": "°F",
                      "k": "K", "degk": "K", "kelvin": "K"}
_RH_UNITS = {"frac": "fraction", "fraction": "fraction", "ratio": "fraction"}
# Unit suffixes of other units: suffix -> unit label.
_FOREIGN_UNITS: dict[str, dict[str, str]] = {
    "tmax_c": _TEMPERATURE_UNITS,
    "tmin_c": _TEMPERATURE_UNITS,
    "tdew_c": _TEMPERATURE_UNITS,
    "precip_mm": {"in": "in", "inch": "in", "inches": "in", "cm": "cm", "m": "m"},
    "rs_mj_m2": {"w_m2": "W/m²", "wm2": "W/m²", "w_m_2": "W/m²", "w": "W/m²",
                 "j_cm2": "J/cm²", "jcm2": "J/cm²", "kwh_m2": "kWh/m²", "kwh": "kWh/m²",
                 "cal_cm2": "cal/cm²", "ly": "cal/cm²", "langley": "cal/cm²"},
    "sunshine_h": {"min": "min", "mins": "min", "minutes": "min"},
    "rh_max_pct": _RH_UNITS,
    "rh_min_pct": _RH_UNITS,
    "rh_mean_pct": _RH_UNITS,
    "wind_m_s": {"km_h": "km/h", "kmh": "km/h", "kph": "km/h", "kmph": "km/h",
                 "mph": "mph", "kn": "kn", "kt": "kn", "kts": "kn", "knots": "kn"},
}
# How to convert a unit label to the unit Zhassyl expects.
_CONVERSIONS: dict[str, str] = {
    "°F": "°C = (°F - 32) × 5/9",
    "K": "°C = K - 273.15",
    "in": "mm = in × 25.4",
    "cm": "mm = cm × 10",
    "m": "mm = m × 1000",
    "W/m²": "MJ/m²/d = daily mean W/m² × 0.0864",
    "J/cm²": "MJ/m² = J/cm² / 100",
    "kWh/m²": "MJ/m² = kWh/m² × 3.6",
    "cal/cm²": "MJ/m² = cal/cm² × 0.041868",
    "min": "h = min / 60",
    "fraction": "% = fraction × 100",
    "km/h": "m/s = km/h / 3.6",
    "mph": "m/s = mph × 0.44704",
    "kn": "m/s = kn × 0.514444",
}
_KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Stems (a column's other spellings, without unit) sorted longest first, so that
# "rh_max_..." is tried before "rh_...".
_STEMS: list[tuple[str, str]] = sorted(
    [("date", "date")]
    + [(alias, name) for name, aliases in _ALIASES.items() for alias in aliases],
    key=lambda item: -len(item[0]),
)


def _normalise(name: str) -> str:
    text = name.strip().lower().replace("°", "").replace("%", "_pct").replace("²", "2")
    text = re.sub(r"[^a-z0-9]+", "_", text)
    return text.strip("_")


def _column_hint(name: str) -> tuple[str, str] | None:
    """``(known column, hint)`` when header ``name`` looks like a known column."""
    norm = _normalise(name)
    if not norm:
        return None
    if norm in _KNOWN_COLUMNS:
        return norm, _("did you mean {column}?").format(column=norm)
    for stem, column in _STEMS:
        if norm == stem:
            return column, _("did you mean {column}?").format(column=column)
        if norm.startswith(stem + "_"):
            suffix = norm[len(stem) + 1:]
            if suffix in _OWN_UNITS.get(column, ()):
                return column, _("did you mean {column}?").format(column=column)
            unit = _FOREIGN_UNITS.get(column, {}).get(suffix)
            if unit is not None:
                return column, _(
                    "'{name}' looks like values in {unit}; convert them to the unit of "
                    "{column} ({rule}) and name the column {column}"
                ).format(name=name, unit=unit, column=column, rule=_CONVERSIONS[unit])
    close = difflib.get_close_matches(norm, [stem for stem, _c in _STEMS], n=1, cutoff=0.8)
    if close:
        column = dict(_STEMS)[close[0]]
        return column, _("did you mean {column}?").format(column=column)
    return None


# --- Parsing of cells ----------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_date(text: str) -> tuple[dt.date | None, str]:
    """The date in ``text`` or ``(None, message)``."""
    if not text:
        return None, _("the date is empty")
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text), ""
        except ValueError:
            return None, _("'{text}' is not a valid calendar date").format(text=text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        hint = _("it has a time of day; give only the date, e.g. {date}").format(date=text[:10])
    elif re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{4}", text):
        hint = _("day and month come first; write the year first, e.g. 2024-05-31")
    elif re.fullmatch(r"\d{4}[./]\d{1,2}[./]\d{1,2}", text):
        hint = _("separate year, month and day with '-' and use two-digit months and days")
    elif re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        hint = _("use two-digit months and days, e.g. 2024-05-01")
    elif re.fullmatch(r"\d{8}", text):
        hint = _("write it as {date}").format(date=f"{text[:4]}-{text[4:6]}-{text[6:]}")
    elif re.fullmatch(r"\d{5}(\.0*)?", text):
        hint = _("it looks like a spreadsheet day number; format the column as dates")
    else:
        hint = _("dates are written YYYY-MM-DD, e.g. 2024-05-31")
    return None, _("'{text}' is not a date in the form YYYY-MM-DD: {hint}").format(
        text=text, hint=hint)


def _parse_number(text: str) -> tuple[float, str]:
    """The number in ``text`` (NaN and no message when empty), or ``(nan, message)``."""
    if not text:
        return math.nan, ""
    try:
        value = float(text)
    except ValueError:
        if re.fullmatch(r"[+-]?\d*,\d+", text):
            return math.nan, _("'{text}' uses a decimal comma; write {fixed}").format(
                text=text, fixed=text.replace(",", "."))
        return math.nan, _("'{text}' is not a number").format(text=text)
    if not math.isfinite(value):
        return math.nan, _("'{text}' is not a finite number; leave the cell empty for a "
                           "missing value").format(text=text)
    return value, ""


def _fmt(value: float) -> str:
    return np.format_float_positional(value, trim="-")


# --- Range checks --------------------------------------------------------------------


def _limits(column: str) -> tuple[float, float]:
    if column in _TEMPERATURE_COLUMNS:
        return WORLD_MIN_TEMPERATURE_C, WORLD_MAX_TEMPERATURE_C
    if column in _RH_COLUMNS:
        return MIN_RH_PCT, MAX_RH_PCT
    return 0.0, {"precip_mm": WORLD_MAX_PRECIP_MM, "wind_m_s": MAX_WIND_M_S,
                 "sunshine_h": MAX_SUNSHINE_H, "rs_mj_m2": MAX_RS_MJ_M2}[column]


def _unit_hint(column: str, value: float) -> str:
    """A guess at the unit of a value above the upper limit of ``column``."""
    if column in _TEMPERATURE_COLUMNS:
        if value >= 150.0:
            return _("it looks like kelvin ({rule})").format(rule=_CONVERSIONS["K"])
        return _("it looks like degrees Fahrenheit ({rule})").format(rule=_CONVERSIONS["°F"])
    if column == "precip_mm":
        return _("check the unit: if it is in tenths of mm, divide by 10")
    if column == "wind_m_s":
        return _("if it is in km/h: {rule}").format(rule=_CONVERSIONS["km/h"])
    if column == "sunshine_h":
        return _("if it is in minutes: {rule}").format(rule=_CONVERSIONS["min"])
    if column == "rs_mj_m2":
        return _("if it is in W/m²: {rule}; if in J/cm²: {rule2}").format(
            rule=_CONVERSIONS["W/m²"], rule2=_CONVERSIONS["J/cm²"])
    return _("relative humidity is a percentage between 0 and 100")


def _range_message(column: str, value: float) -> str | None:
    """Why ``value`` is impossible in ``column``, or None if it is within limits."""
    low, high = _limits(column)
    v, lo, hi = _fmt(value), _fmt(low), _fmt(high)
    if value < low:
        if column in _TEMPERATURE_COLUMNS:
            text = _("{column} = {value} °C is below the lowest air temperature ever "
                     "recorded ({limit} °C, WMO)").format(column=column, value=v, limit=lo)
        elif column in _RH_COLUMNS:
            text = _("{column} = {value} % is negative; relative humidity is between 0 and "
                     "100 %").format(column=column, value=v)
        else:
            text = _("{column} = {value} is negative, which is impossible").format(
                column=column, value=v)
        if value in _MISSING_CODES:
            text += "; " + _("it looks like a missing-value code: leave the cell empty instead")
        return text
    if value > high:
        if column in _TEMPERATURE_COLUMNS:
            text = _("{column} = {value} °C is above the highest air temperature ever "
                     "recorded ({limit} °C, WMO)").format(column=column, value=v, limit=hi)
        elif column in _RH_COLUMNS:
            text = _("{column} = {value} % is above 100 %").format(column=column, value=v)
        elif column == "precip_mm":
            text = _("{column} = {value} mm is above the world record rainfall in one day "
                     "({limit} mm, WMO)").format(column=column, value=v, limit=hi)
        elif column == "wind_m_s":
            text = _("{column} = {value} m/s is above {limit} m/s, not a possible daily mean "
                     "wind speed").format(column=column, value=v, limit=hi)
        elif column == "sunshine_h":
            text = _("{column} = {value} h is more than the {limit} hours of a day").format(
                column=column, value=v, limit=hi)
        else:
            text = _("{column} = {value} MJ/m²/d is above {limit} MJ/m²/d, more than the "
                     "radiation reaching the top of the atmosphere anywhere on Earth").format(
                         column=column, value=v, limit=hi)
        return text + "; " + _unit_hint(column, value)
    return None


# --- Reading -------------------------------------------------------------------------


@dataclass
class _Table:
    """Rows of a file in file order, before any repair."""

    columns: tuple[str, ...]  # value columns present, in VALUE_COLUMNS order
    lines: np.ndarray  # int, line number of each row
    dates: list[dt.date | None]
    values: dict[str, np.ndarray]  # float, NaN where empty or unparsable
    empty: dict[str, np.ndarray]  # bool, cell empty


@dataclass
class _Issue:
    """A bad value: an error in strict mode, repaired in lenient mode."""

    index: int  # row index in the _Table
    column: str
    message: str
    fix: str  # "missing" (value becomes missing), "swap" (with its partner)
    partner: str | None = None


@dataclass(frozen=True)
class _Gap:
    """Missing days between two data lines."""

    first: dt.date
    last: dt.date
    n_days: int
    line_before: int
    line_after: int
    message: str


class _Reader:
    """One reading of one file: collects problems, warnings and repairs."""

    def __init__(self, source: str, lenient: bool):
        self.source = source
        self.lenient = lenient
        self.problems: list[Problem] = []
        self.warnings: list[WeatherWarning] = []

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.source, row, column, message))

    def warn(self, message: str, problems: list[Problem]) -> None:
        self.warnings.append(WeatherWarning(f"{self.source}: {message}", problems))

    def fail(self) -> InputError:
        """The error listing every problem, in file order."""
        ordered = sorted(self.problems, key=lambda p: -1 if p.row is None else p.row)
        return InputError(ordered)

    def read(self, stream: IO[str]) -> DailyWeather:
        reader = csv.reader(stream)
        header_line, index, n_names = self.read_header(reader)
        table, unparsable = self.read_rows(reader, index, n_names)
        gaps = self.check_dates(table)
        issues = self.check_values(table, unparsable)
        if not self.lenient:
            for issue in issues:
                self.problem(int(table.lines[issue.index]), issue.column, issue.message)
            for gap in gaps:
                self.problem(gap.line_after, "date", gap.message)
        if self.problems:
            raise self.fail()
        return self.build(table, gaps, issues)

    # -- header --------------------------------------------------------------------

    def read_header(self, reader) -> tuple[int, dict[str, int], int]:
        """Line number of the header, ``{known column: cell index}``, number of names."""
        cells = None
        for row in reader:
            if any(cell.strip() for cell in row):
                cells = row
                break
        if cells is None:
            self.problem(None, None, _(
                "the file is empty; it needs a header line '{header}' and one line per day"
            ).format(header=",".join(REQUIRED_COLUMNS)))
            raise self.fail()
        line = reader.line_num
        names = [cell.strip() for cell in cells]
        names[0] = names[0].lstrip("\ufeff").strip()
        while names and not names[-1]:
            names.pop()  # trailing commas
        if len(names) == 1:
            for sep in (";", "\t", "|"):
                if sep in names[0]:
                    self.problem(line, None, _(
                        "the header has a single column '{name}': the file seems to be "
                        "separated by '{sep}'; weather files must be comma-separated"
                    ).format(name=names[0], sep=sep))
                    raise self.fail()
        if _parse_date(names[0])[0] is not None:
            self.problem(line, None, _(
                "the first line looks like data, not a header; add the header line '{header}'"
            ).format(header=",".join(REQUIRED_COLUMNS)))
            raise self.fail()

        index: dict[str, int] = {}
        for i, name in enumerate(names):
            if name and name in index:
                self.problem(line, name, _(
                    "column '{name}' appears twice in the header (columns {first} and {second})"
                ).format(name=name, first=index[name] + 1, second=i + 1))
            else:
                index.setdefault(name, i)
        unknown = [(i, name) for i, name in enumerate(names) if name not in _KNOWN_COLUMNS]
        hinted: set[int] = set()
        for required in REQUIRED_COLUMNS:
            if required in index:
                continue
            hints = []
            for i, name in unknown:
                hint = _column_hint(name)
                if hint is not None and hint[0] == required:
                    hints.append(_("found '{name}': {hint}").format(name=name, hint=hint[1]))
                    hinted.add(i)
            message = _("missing required column '{column}'").format(column=required)
            if hints:
                message += "; " + "; ".join(hints)
            self.problem(line, required, message)
        unknown = [(i, name) for i, name in unknown if i not in hinted]
        if unknown:
            details, problems = [], []
            for i, name in unknown:
                if name:
                    text = "'" + name + "'"
                else:
                    text = _("column {number} (no name)").format(number=i + 1)
                hint = _column_hint(name)
                if hint is not None:
                    text += " (" + hint[1] + ")"
                details.append(text)
                problems.append(Problem(self.source, line, name, _("unknown column, ignored")))
            self.warn(_("unknown column(s) ignored: {columns}; known columns are {known}").format(
                columns=", ".join(details), known=", ".join(_KNOWN_COLUMNS)), problems)
        if self.problems:
            raise self.fail()
        known = {name: i for name, i in index.items() if name in _KNOWN_COLUMNS}
        return line, known, len(names)

    # -- rows ----------------------------------------------------------------------

    def read_rows(self, reader, index: dict[str, int], n_names: int
                  ) -> tuple[_Table, list[_Issue]]:
        """All data lines; unparsable numbers are returned as issues."""
        columns = tuple(name for name in VALUE_COLUMNS if name in index)
        lines: list[int] = []
        dates: list[dt.date | None] = []
        raw: dict[str, list[float]] = {name: [] for name in columns}
        empty: dict[str, list[bool]] = {name: [] for name in columns}
        unparsable: list[_Issue] = []
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self.problem(reader.line_num, None, _(
                    "the line cannot be read as CSV ({error})").format(error=exc))
                break
            line = reader.line_num
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue  # a blank line carries no data (a missing day is caught below)
            if len(cells) < n_names or any(cells[n_names:]):
                self.problem(line, None, _(
                    "the line has {n} cells but the header has {m} columns"
                ).format(n=len(cells), m=n_names))
                continue
            date, message = _parse_date(cells[index["date"]])
            if date is None:
                self.problem(line, "date", message)
            lines.append(line)
            dates.append(date)
            for name in columns:
                text = cells[index[name]]
                value, message = _parse_number(text)
                raw[name].append(value)
                empty[name].append(not text)
                if message:
                    unparsable.append(_Issue(len(lines) - 1, name, message, "missing"))
        if not lines:
            if not self.problems:
                self.problem(None, None, _("the file has a header but no data lines"))
            raise self.fail()
        table = _Table(
            columns=columns,
            lines=np.array(lines, dtype=np.int64),
            dates=dates,
            values={name: np.array(raw[name], dtype=np.float64) for name in columns},
            empty={name: np.array(empty[name], dtype=bool) for name in columns},
        )
        return table, unparsable

    # -- dates ---------------------------------------------------------------------

    def check_dates(self, table: _Table) -> list[_Gap]:
        """Report duplicate and out-of-order dates; return the gaps."""
        seen: dict[dt.date, int] = {}
        gaps: list[_Gap] = []
        previous: tuple[dt.date, int] | None = None
        for date, line in zip(table.dates, table.lines.tolist(), strict=True):
            if date is None:
                continue
            if date in seen:
                self.problem(line, "date", _(
                    "date {date} appears again (first on row {first}); each day must appear "
                    "once").format(date=date, first=seen[date]))
                continue
            seen[date] = line
            if previous is not None:
                before, before_line = previous
                if date < before:
                    self.problem(line, "date", _(
                        "date {date} is earlier than the date before it, {previous} (row "
                        "{row}); dates must increase one day at a time").format(
                            date=date, previous=before, row=before_line))
                elif (date - before).days > 1:
                    first = before + dt.timedelta(days=1)
                    last = date - dt.timedelta(days=1)
                    n = (date - before).days - 1
                    if n == 1:
                        message = _(
                            "missing day {first} (between rows {before} and {after}); dates "
                            "must follow one another without gaps"
                        ).format(first=first, before=before_line, after=line)
                    else:
                        message = _(
                            "{n} missing days from {first} to {last} (between rows {before} "
                            "and {after}); dates must follow one another without gaps"
                        ).format(n=n, first=first, last=last, before=before_line, after=line)
                    gaps.append(_Gap(first, last, n, before_line, line, message))
            previous = (date, line)
        return gaps

    # -- values --------------------------------------------------------------------

    def check_values(self, table: _Table, unparsable: list[_Issue]) -> list[_Issue]:
        """Bad values as issues; a column that looks like another unit is a problem."""
        issues: list[_Issue] = list(unparsable)
        n_rows = len(table.lines)
        bad = {name: np.zeros(n_rows, dtype=bool) for name in table.columns}
        for issue in issues:
            bad[issue.column][issue.index] = True
        for name in table.columns:
            values = table.values[name]
            if name in ("tmax_c", "tmin_c", "precip_mm"):
                for i in np.flatnonzero(table.empty[name]):
                    if name == "precip_mm":
                        message = _("precip_mm is empty; write 0 for a dry day")
                    else:
                        message = _("{column} is empty; a value is needed on every day "
                                    "(lenient reading fills it by interpolation)").format(
                                        column=name)
                    issues.append(_Issue(int(i), name, message, "missing"))
                    bad[name][i] = True
            if self.wrong_unit(table, name):
                bad[name][:] = True
                continue
            for i in np.flatnonzero(np.isfinite(values)):
                message = _range_message(name, float(values[i]))
                if message is not None:
                    issues.append(_Issue(int(i), name, message, "missing"))
                    bad[name][i] = True
        self.check_band(table, bad)
        self.check_units(table, bad)
        # Pairs: compare valid values only; tdew_c is compared with tmax_c after any
        # tmin_c/tmax_c swap, so that a swapped pair does not also condemn tdew_c.
        effective = {name: table.values[name] for name in table.columns}
        for low_name, high_name in _ORDERED_PAIRS:
            if low_name not in table.columns or high_name not in table.columns:
                continue
            lo, hi = effective[low_name], effective[high_name]
            both = np.isfinite(lo) & np.isfinite(hi) & ~bad[low_name] & ~bad[high_name]
            wrong = both & (lo > hi)
            for i in np.flatnonzero(wrong):
                message = _("{low} ({low_value}) is greater than {high} ({high_value})").format(
                    low=low_name, low_value=_fmt(lo[i]), high=high_name,
                    high_value=_fmt(hi[i]))
                if low_name == "tdew_c":
                    issues.append(_Issue(int(i), low_name, message, "missing"))
                    bad[low_name][i] = True
                else:
                    issues.append(_Issue(int(i), low_name, message, "swap", high_name))
            if low_name == "tmin_c":
                effective["tmax_c"] = np.where(wrong, lo, hi)
        return issues

    def wrong_unit(self, table: _Table, name: str) -> bool:
        """Report (and return True) if most values of column ``name`` are in another unit."""
        values = table.values[name]
        valid = np.isfinite(values)
        if not valid.any():
            return False
        if name in _RH_COLUMNS:
            if (values[valid] <= 1.0).all() and (values[valid] > 0.0).any():
                first = int(np.flatnonzero(valid)[0])
                self.problem(int(table.lines[first]), name, _(
                    "all values of {column} are between 0 and 1: they look like fractions; "
                    "relative humidity must be given in percent ({rule})").format(
                        column=name, rule=_CONVERSIONS["fraction"]))
                return True
            return False
        high = _limits(name)[1]
        above = valid & (values > high)
        if above.sum() * 2 <= valid.sum():
            return False
        first = int(np.flatnonzero(above)[0])
        self.problem(int(table.lines[first]), name, _(
            "{count} of {total} values of {column} are above {limit}, so the column seems to "
            "be in another unit: {hint}").format(
                count=int(above.sum()), total=int(valid.sum()), column=name,
                limit=_fmt(high), hint=_unit_hint(name, float(values[first]))))
        return True

    def check_units(self, table: _Table, bad: dict[str, np.ndarray]) -> None:
        """Warn, with the evidence, when a column is plausible only in another unit.

        The values pass the physical limits (else :meth:`wrong_unit` refuses
        them) but their typical size belongs to another unit: see
        :data:`UNIT_SANITY` for the thresholds and their sources.
        """
        def typical(name: str, wet_only: bool = False) -> tuple[float, int] | None:
            if name not in table.columns:
                return None
            v = table.values[name][~bad[name] & np.isfinite(table.values[name])]
            if wet_only:
                v = v[v > 0]
            return (float(np.median(v)), int(v.size)) if v.size >= UNIT_SANITY["min_days"] \
                else None

        tmin, tmax = typical("tmin_c"), typical("tmax_c")
        winter = np.array([d is not None and d.month in (12, 1, 2) for d in table.dates])
        winter_tmax = table.values["tmax_c"][winter & ~bad["tmax_c"]] \
            if "tmax_c" in table.columns else np.array([])
        winter_tmax = winter_tmax[np.isfinite(winter_tmax)]
        warm_winter = winter_tmax.size >= UNIT_SANITY["min_days"] and \
            float(np.median(winter_tmax)) > UNIT_SANITY["winter_tmax_median_c"]
        if warm_winter and tmax:
            tmax = (float(np.median(winter_tmax)), winter_tmax.size)
        if (tmin and tmin[0] > UNIT_SANITY["tmin_median_c"]) or warm_winter or \
                (tmax and tmax[0] > UNIT_SANITY["tmax_median_c"]):
            self.warn(_(
                "temperatures look like degrees Fahrenheit: the median tmin_c is {tmin} and "
                "the median tmax_c (in winter, if the file has winter days) is {tmax}, which "
                "no climate of Kazakhstan has in °C "
                "({rule})").format(tmin=_fmt(tmin[0]) if tmin else "-",
                                   tmax=_fmt(tmax[0]) if tmax else "-",
                                   rule=_CONVERSIONS["°F"]), [])
        wet = typical("precip_mm", wet_only=True)
        if "precip_mm" in table.columns:
            rain = table.values["precip_mm"][~bad["precip_mm"]]
            rain = rain[np.isfinite(rain)]
            whole = rain.size > 0 and bool((rain == np.round(rain)).all())
            per_year = float(rain.sum()) * 365.25 / max(rain.size, 1)
            if rain.size >= 365 and per_year > UNIT_SANITY["precip_mm_year"]:
                self.warn(_(
                    "precip_mm adds up to {total} mm a year, more than any station of "
                    "Kazakhstan records; if the values are tenths of a millimetre, divide "
                    "them by 10").format(total=_fmt(round(per_year))), [])
            elif wet and whole and wet[0] > UNIT_SANITY["wet_day_median_mm"]:
                self.warn(_(
                    "precip_mm holds only whole numbers and the median wet-day amount is "
                    "{median} mm, several times what falls in Kazakhstan; if the values are "
                    "tenths of a millimetre, divide them by 10").format(
                        median=_fmt(wet[0])), [])
        wind = typical("wind_m_s")
        if wind and wind[0] > UNIT_SANITY["wind_median_m_s"]:
            self.warn(_(
                "the median wind_m_s is {median} m/s, a gale every day; it looks like km/h "
                "({rule}: {converted} m/s)").format(
                    median=_fmt(wind[0]), rule=_CONVERSIONS["km/h"],
                    converted=_fmt(round(wind[0] / 3.6, 1))), [])
        rs = typical("rs_mj_m2")
        if rs and rs[0] > UNIT_SANITY["rs_median_mj_m2"]:
            self.warn(_(
                "the median rs_mj_m2 is {median}, above clear-sky radiation in Kazakhstan; "
                "it looks like a daily mean in W/m² ({rule})").format(
                    median=_fmt(rs[0]), rule=_CONVERSIONS["W/m²"]), [])

    def check_band(self, table: _Table, bad: dict[str, np.ndarray]) -> None:
        """Warn about temperatures possible on Earth but not plausible in Kazakhstan."""
        for name in _TEMPERATURE_COLUMNS:
            if name not in table.columns:
                continue
            values = table.values[name]
            outside = np.isfinite(values) & ~bad[name] & (
                (values < KAZAKHSTAN_MIN_TEMPERATURE_C) | (values > KAZAKHSTAN_MAX_TEMPERATURE_C))
            if not outside.any():
                continue
            rows = table.lines[outside].tolist()
            problems = [Problem(self.source, row, name, _(
                "{column} = {value} °C is outside the range plausible in Kazakhstan").format(
                    column=name, value=_fmt(value)))
                for row, value in zip(rows, values[outside].tolist(), strict=True)]
            self.warn(_(
                "{column}: {count} value(s) outside {low}..{high} °C, the range plausible in "
                "Kazakhstan; please check rows {rows}").format(
                    column=name, count=len(rows), low=_fmt(KAZAKHSTAN_MIN_TEMPERATURE_C),
                    high=_fmt(KAZAKHSTAN_MAX_TEMPERATURE_C), rows=_row_list(rows)), problems)

    # -- repair and build ------------------------------------------------------------

    def build(self, table: _Table, gaps: list[_Gap], issues: list[_Issue]) -> DailyWeather:
        """Apply the lenient rule (``issues`` and ``gaps`` are empty after a strict read)."""
        values = {name: table.values[name].copy() for name in table.columns}
        changed = {name: np.zeros(len(table.lines), dtype=bool) for name in table.columns}
        for issue in issues:  # rule 1 (and tdew_c of rule 2, and bad precipitation)
            if issue.fix == "missing":
                values[issue.column][issue.index] = math.nan
                changed[issue.column][issue.index] = True
        for issue in issues:  # rule 2: swap back
            if issue.fix == "swap" and issue.partner is not None:
                i, low, high = issue.index, issue.column, issue.partner
                values[low][i], values[high][i] = values[high][i], values[low][i]
                changed[low][i] = changed[high][i] = True

        # Rule 4: place the rows on an unbroken daily axis.
        start = np.datetime64(table.dates[0], "D")
        offsets = (np.array(table.dates, dtype="datetime64[D]") - start).astype(np.int64)
        n_days = int(offsets[-1]) + 1
        inserted = np.ones(n_days, dtype=bool)
        inserted[offsets] = False
        daily: dict[str, np.ndarray] = {}
        filled: dict[str, np.ndarray] = {}
        unfillable: list[str] = []
        for name in table.columns:
            series = np.full(n_days, math.nan)
            series[offsets] = values[name]
            done = inserted.copy()
            done[offsets] = changed[name]
            holes = done & np.isnan(series)
            if name == "precip_mm":  # rule 3
                series[holes] = 0.0
            else:  # rule 5
                valid = ~np.isnan(series)
                if holes.any() and valid.any():
                    days = np.arange(n_days)
                    series[holes] = np.interp(days[holes], days[valid], series[valid])
                elif holes.any():
                    if name in REQUIRED_COLUMNS:
                        self.problem(None, name, _(
                            "{column} has no valid value to fill the missing ones from"
                        ).format(column=name))
                        raise self.fail()
                    unfillable.append(name)
                    done &= ~holes
            daily[name] = series
            filled[name] = done
        for low_name, high_name in _ORDERED_PAIRS:  # rule 6
            if low_name not in daily or high_name not in daily:
                continue
            lo, hi = daily[low_name], daily[high_name]
            wrong = lo > hi
            fix_low = wrong & filled[low_name]
            lo[fix_low] = hi[fix_low]
            fix_high = wrong & ~fix_low & filled[high_name]
            hi[fix_high] = lo[fix_high]
        if self.lenient:
            self.report(table, gaps, issues, int(inserted.sum()), unfillable)
        masks = {name: mask for name, mask in filled.items() if mask.any()}
        if inserted.any():
            masks["date"] = inserted
        return DailyWeather(
            dates=start + np.arange(n_days),
            **daily,
            source=self.source,
            filled=masks,
        )

    def report(self, table: _Table, gaps: list[_Gap], issues: list[_Issue], n_inserted: int,
               unfillable: list[str]) -> None:
        """One WeatherWarning per gap, and per column and kind of repair."""
        for gap in gaps:
            self.warn(_(
                "{n} missing day(s) from {first} to {last} inserted (between rows {before} and "
                "{after}); their values are interpolated in time and precip_mm is set to 0 mm"
            ).format(n=gap.n_days, first=gap.first, last=gap.last, before=gap.line_before,
                     after=gap.line_after),
                [Problem(self.source, gap.line_after, "date", gap.message)])
        groups: dict[tuple[str, str], list[_Issue]] = {}
        for issue in issues:
            groups.setdefault((issue.column, issue.fix), []).append(issue)
        for (column, fix), items in groups.items():
            items.sort(key=lambda item: item.index)
            problems = [Problem(self.source, int(table.lines[item.index]), column, item.message)
                        for item in items]
            rows = [int(table.lines[item.index]) for item in items]
            details = "; ".join(_("row {row}: {message}").format(row=p.row, message=p.message)
                                for p in problems[:_MAX_LISTED])
            if len(problems) > _MAX_LISTED:
                details += "; " + _("and {n} more").format(n=len(problems) - _MAX_LISTED)
            if fix == "swap":
                text = _("{low} and {high}: {count} day(s) with the two values swapped were "
                         "swapped back (rows {rows}): {details}").format(
                             low=column, high=items[0].partner, count=len(items),
                             rows=_row_list(rows), details=details)
            elif column == "precip_mm":
                text = _("precip_mm: {count} missing or bad value(s) set to 0 mm (rows {rows}): "
                         "{details}").format(count=len(items), rows=_row_list(rows),
                                             details=details)
            else:
                text = _("{column}: {count} missing or bad value(s) replaced by linear "
                         "interpolation in time (rows {rows}): {details}").format(
                             column=column, count=len(items), rows=_row_list(rows),
                             details=details)
            self.warn(text, problems)
        if n_inserted and "precip_mm" in table.columns:
            self.warn(_("precip_mm: set to 0 mm on the {count} inserted day(s)").format(
                count=n_inserted), [])
        for column in unfillable:
            self.warn(_("{column} has no valid value to interpolate from: its missing values "
                        "stay empty").format(column=column), [])


def _row_list(rows: list[int]) -> str:
    text = ", ".join(str(row) for row in rows[:_MAX_LISTED])
    if len(rows) > _MAX_LISTED:
        text += ", ..."
    return text


def read_weather_csv(path: str | os.PathLike[str] | IO[str], *,
                     lenient: bool = False) -> DailyWeather:
    """Read and check a daily weather CSV file.

    Parameters
    ----------
    path : str, path-like or text stream
        The file (read as UTF-8; a byte-order mark is accepted), or an open text
        stream; a stream's ``name`` attribute, if any, is used in messages.
    lenient : bool, default False
        Repair gaps and bad values by the rule in the module documentation,
        reporting each repair with a :class:`WeatherWarning`, instead of raising.

    Returns
    -------
    DailyWeather
        The series; its ``filled`` marks repaired values (lenient mode only).

    Raises
    ------
    zhassyl.errors.InputError
        Listing every problem found, each with file, line number and column.

    Warns
    -----
    WeatherWarning
        Unknown columns (ignored), temperatures outside the band plausible for
        Kazakhstan, and in lenient mode every repair.

    Examples
    --------
    >>> import io
    >>> text = "date,tmax_c,tmin_c,precip_mm\\n2024-05-01,21.5,8,0\\n2024-05-02,19,9.5,3.2\\n"
    >>> w = read_weather_csv(io.StringIO(text))
    >>> w.n_days, w.tmax_c.tolist(), w.doy.tolist()
    (2, [21.5, 19.0], [122, 123])
    """
    if hasattr(path, "read"):
        reader = _Reader(str(getattr(path, "name", "<stream>")), lenient)
    else:
        reader = _Reader(os.fspath(path), lenient)
    try:
        if hasattr(path, "read"):
            return reader.read(path)  # type: ignore[arg-type]
        with open(reader.source, encoding="utf-8-sig", newline="") as stream:
            return reader.read(stream)
    except FileNotFoundError:
        reader.problem(None, None, _("file not found"))
        raise reader.fail() from None
    except IsADirectoryError:
        reader.problem(None, None, _("this is a directory, not a file"))
        raise reader.fail() from None
    except UnicodeDecodeError:
        reader.problem(None, None, _(
            "the file is not UTF-8 text; save it as 'CSV UTF-8' (in Excel: File > Save As > "
            "CSV UTF-8)"))
        raise reader.fail() from None
    finally:
        for warning in reader.warnings:
            warnings.warn(warning, stacklevel=2)


# --- Writing -------------------------------------------------------------------------


def _format_value(value: float) -> str:
    return "" if math.isnan(value) else np.format_float_positional(value, trim="-")


def write_weather_csv(weather: DailyWeather, path_or_stream: str | os.PathLike[str] | IO[str],
                      ) -> None:
    """Write ``weather`` as a daily weather CSV file that reads back identically.

    Columns are written in the order of :data:`REQUIRED_COLUMNS` then
    :data:`OPTIONAL_COLUMNS` (absent optional columns are left out); numbers use
    the shortest decimal form that reads back to the same float, NaN an empty cell.

    Parameters
    ----------
    weather : DailyWeather
        The series to write.
    path_or_stream : str, path-like or text stream
        A file name (created or replaced, UTF-8) or an open text stream.
    """
    if hasattr(path_or_stream, "write"):
        _write(weather, path_or_stream)  # type: ignore[arg-type]
        return
    with open(Path(path_or_stream), "w", encoding="utf-8", newline="") as stream:
        _write(weather, stream)


def _write(weather: DailyWeather, stream: IO[str]) -> None:
    columns = weather.columns
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    arrays = [weather.column(name).tolist() for name in columns[1:]]
    for i, day in enumerate(weather.dates.astype(str).tolist()):
        writer.writerow([day] + [_format_value(array[i]) for array in arrays])
