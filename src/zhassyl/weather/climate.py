"""Regional climate normals: one representative station per programme region.

Two package data files hold the parameters, each row with its source and a
quality flag (see ``zhassyl/data/regions/README.md``):

* ``stations.csv`` -- region, station name, WMO id, latitude, longitude,
  elevation, whether the site is coastal in the sense of FAO-56 eq. 50;
* ``climate_normals.csv`` -- long format, one row per region, month and
  variable.

Monthly normals that could not be found are stored as gaps (empty ``value``,
``quality`` = ``gap``) and load as ``NaN``; nothing is filled in silently.
Use :meth:`MonthlyNormals.missing` to list them or ``require_complete=True``
to refuse them.

Examples
--------
>>> from zhassyl.weather.climate import load_normals, load_station
>>> load_station("shymkent").region
'turkistan'
>>> load_normals("turkistan").tmax_c.shape
(12,)
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from zhassyl.errors import ParameterError
from zhassyl.i18n import _

REGION_IDS = (
    "akmola",
    "almaty",
    "east-kazakhstan",
    "turkistan",
    "karaganda",
    "kyzylorda",
    "mangystau",
)

#: Variables of :class:`MonthlyNormals` and the unit each must carry in the data file.
VARIABLE_UNITS = {
    "tmax_c": "degC",
    "tmin_c": "degC",
    "precip_mm": "mm/month",
    "wet_days": "days/month",
    "sunshine_h": "h/day",
    "rh_mean_pct": "%",
    "wind_m_s": "m/s",
}

#: Quality flags allowed in ``climate_normals.csv``.
QUALITY_FLAGS = (
    "normal-1991-2020",
    "normal-other-period",
    "analog",
    "analog-distant",
    "approximate",
    "fallback",
    "gap",
)

# Upper bound of the mean number of days in each month (February may have 29).
_MAX_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_ALIASES = {
    "akmola": "akmola",
    "aqmola": "akmola",
    "astana": "akmola",
    "nur-sultan": "akmola",
    "almaty": "almaty",
    "alma-ata": "almaty",
    "east-kazakhstan": "east-kazakhstan",
    "vko": "east-kazakhstan",
    "ust-kamenogorsk": "east-kazakhstan",
    "oskemen": "east-kazakhstan",
    "öskemen": "east-kazakhstan",
    "turkistan": "turkistan",
    "turkestan": "turkistan",
    "shymkent": "turkistan",
    "chimkent": "turkistan",
    "south-kazakhstan": "turkistan",
    "karaganda": "karaganda",
    "karagandy": "karaganda",
    "qaraghandy": "karaganda",
    "kyzylorda": "kyzylorda",
    "qyzylorda": "kyzylorda",
    "kzyl-orda": "kyzylorda",
    "mangystau": "mangystau",
    "mangistau": "mangystau",
    "aktau": "mangystau",
    "aqtau": "mangystau",
}

_STATION_COLUMNS = ("region", "name", "wmo_id", "lat_deg", "lon_deg", "elevation_m", "coastal",
                    "source", "notes")
_NORMALS_COLUMNS = ("region", "month", "variable", "value", "unit", "period", "source", "quality",
                    "notes")


@dataclass(frozen=True)
class Station:
    """Representative weather station of a region.

    ``coastal`` is true only for sites next to a large water body, where
    FAO-56 eq. 50 uses the coastal Hargreaves coefficient kRs = 0.19.
    """

    region: str
    name: str
    wmo_id: str
    lat_deg: float
    lon_deg: float
    elevation_m: float
    coastal: bool
    source: str


@dataclass(frozen=True)
class MonthlyNormals:
    """Monthly climate normals of a region, January..December.

    Attributes
    ----------
    tmax_c, tmin_c : numpy.ndarray
        Mean daily maximum / minimum air temperature [degC], shape (12,).
    precip_mm : numpy.ndarray
        Mean monthly precipitation total [mm].
    wet_days : numpy.ndarray
        Mean number of days with precipitation >= 1.0 mm [days/month].
    sunshine_h : numpy.ndarray
        Mean daily bright-sunshine duration n [h/day] (monthly total / days).
    rh_mean_pct : numpy.ndarray
        Mean relative humidity [%].
    wind_m_s : numpy.ndarray
        Mean wind speed at the station's 10 m height [m/s].
    sources, quality : dict[str, str]
        Per variable: a summary of the sources and of the quality flags
        (several, separated by ``"; "``, when months differ).

    ``NaN`` marks a month whose normal was not found (quality ``gap``).
    """

    region: str
    tmax_c: np.ndarray
    tmin_c: np.ndarray
    precip_mm: np.ndarray
    wet_days: np.ndarray
    sunshine_h: np.ndarray
    rh_mean_pct: np.ndarray
    wind_m_s: np.ndarray
    sources: dict[str, str] = field(default_factory=dict)
    quality: dict[str, str] = field(default_factory=dict)

    def missing(self) -> dict[str, list[int]]:
        """Months (1..12) without a value, per variable; empty when complete."""
        gaps = {}
        for name in VARIABLE_UNITS:
            months = [int(i) + 1 for i in np.flatnonzero(np.isnan(getattr(self, name)))]
            if months:
                gaps[name] = months
        return gaps

    @property
    def complete(self) -> bool:
        """True when every variable has a value for every month."""
        return not self.missing()


def region_id(name: str) -> str:
    """Canonical region id for a region id, city or alias (case-insensitive).

    Raises
    ------
    ParameterError
        If the name is not a known region or alias; the message lists the
        known region ids.
    """
    key = " ".join(str(name).strip().lower().replace("_", " ").split()).replace(" ", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    raise ParameterError(
        _("Unknown region '{name}'. Known regions: {known}.").format(
            name=name, known=", ".join(REGION_IDS))
    )


def _read_table(path: str | Path | None, default_name: str, columns: tuple[str, ...]):
    """Rows of a data file as (line number, dict) pairs, with the file label for messages."""
    if path is None:
        resource = resources.files("zhassyl") / "data" / "regions" / default_name
        label = f"zhassyl/data/regions/{default_name}"
        text = resource.read_text(encoding="utf-8")
    else:
        label = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ParameterError(
                _("{file}: cannot read the file ({reason}).").format(file=label, reason=exc)
            ) from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != columns:
        raise ParameterError(
            _("{file}, row 1: the header must be {expected}, found {found}.").format(
                file=label, expected=",".join(columns), found=",".join(header or []))
        )
    rows = []
    for line, values in enumerate(reader, start=2):
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(columns):
            raise ParameterError(
                _("{file}, row {row}: expected {n} columns, found {m}.").format(
                    file=label, row=line, n=len(columns), m=len(values))
            )
        rows.append((line, dict(zip(columns, (v.strip() for v in values), strict=True))))
    return label, rows


def _bad(label: str, row: int, column: str, problem: str) -> ParameterError:
    return ParameterError(
        _("{file}, row {row}, column '{column}': {problem}").format(
            file=label, row=row, column=column, problem=problem)
    )


def _number(label: str, row: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _bad(label, row, column, _("'{value}' is not a number.").format(value=text)) from None
    if not math.isfinite(value):
        raise _bad(label, row, column, _("'{value}' is not a finite number.").format(value=text))
    return value


def _parse_station(label: str, line: int, rec: dict[str, str]) -> Station:
    if rec["region"] not in REGION_IDS:
        raise _bad(label, line, "region",
                   _("unknown region '{value}'.").format(value=rec["region"]))
    for col in ("name", "source"):
        if not rec[col]:
            raise _bad(label, line, col, _("must not be empty."))
    lat = _number(label, line, "lat_deg", rec["lat_deg"])
    lon = _number(label, line, "lon_deg", rec["lon_deg"])
    elev = _number(label, line, "elevation_m", rec["elevation_m"])
    if not -90.0 <= lat <= 90.0:
        raise _bad(label, line, "lat_deg", _("latitude must be within -90..90 degrees."))
    if not -180.0 <= lon <= 180.0:
        raise _bad(label, line, "lon_deg", _("longitude must be within -180..180 degrees."))
    if not -500.0 <= elev <= 9000.0:
        raise _bad(label, line, "elevation_m", _("elevation must be within -500..9000 m."))
    coastal = rec["coastal"].lower()
    if coastal not in ("true", "false"):
        raise _bad(label, line, "coastal", _("must be 'true' or 'false'."))
    return Station(region=rec["region"], name=rec["name"], wmo_id=rec["wmo_id"], lat_deg=lat,
                   lon_deg=lon, elevation_m=elev, coastal=coastal == "true", source=rec["source"])


def load_all_stations(path: str | Path | None = None) -> list[Station]:
    """All regional stations, in the order of :data:`REGION_IDS`.

    Parameters
    ----------
    path : str or Path, optional
        Stations CSV to read instead of the packaged ``stations.csv``.

    Raises
    ------
    ParameterError
        If the file is malformed; the message names the file, row and column.
    """
    label, rows = _read_table(path, "stations.csv", _STATION_COLUMNS)
    stations: dict[str, Station] = {}
    for line, rec in rows:
        station = _parse_station(label, line, rec)
        if station.region in stations:
            raise _bad(label, line, "region",
                       _("region '{value}' appears twice.").format(value=station.region))
        stations[station.region] = station
    missing = [r for r in REGION_IDS if r not in stations]
    if missing:
        raise ParameterError(
            _("{file}: no station for region(s) {regions}.").format(
                file=label, regions=", ".join(missing))
        )
    return [stations[r] for r in REGION_IDS]


def load_station(region: str, path: str | Path | None = None) -> Station:
    """The representative station of ``region`` (id, city or alias)."""
    rid = region_id(region)
    return next(s for s in load_all_stations(path) if s.region == rid)


def _summary(texts: list[str]) -> str:
    """Distinct texts in order of first appearance, joined by '; '."""
    return "; ".join(dict.fromkeys(t for t in texts if t))


def _check_value(label: str, line: int, variable: str, month: int, value: float) -> None:
    if variable in ("precip_mm", "wind_m_s") and value < 0.0:
        raise _bad(label, line, "value", _("{variable} must not be negative.").format(
            variable=variable))
    if variable == "wet_days" and not 0.0 <= value <= _MAX_DAYS[month - 1]:
        raise _bad(label, line, "value", _(
            "wet_days must be between 0 and the {days} days of month {month}.").format(
            days=_MAX_DAYS[month - 1], month=month))
    if variable == "rh_mean_pct" and not 0.0 <= value <= 100.0:
        raise _bad(label, line, "value", _("rh_mean_pct must be within 0..100 %."))
    if variable == "sunshine_h" and not 0.0 <= value <= 24.0:
        raise _bad(label, line, "value", _("sunshine_h must be within 0..24 h per day."))
    if variable in ("tmax_c", "tmin_c") and not -70.0 <= value <= 60.0:
        raise _bad(label, line, "value", _("{variable} must be within -70..60 degC.").format(
            variable=variable))


def _parse_normals(path: str | Path | None) -> tuple[str, dict[str, dict]]:
    """Validate the whole normals file; return per region {variable: [(line, rec, value)]*12}."""
    label, rows = _read_table(path, "climate_normals.csv", _NORMALS_COLUMNS)
    table: dict[str, dict[str, list]] = {
        r: {v: [None] * 12 for v in VARIABLE_UNITS} for r in REGION_IDS}
    for line, rec in rows:
        if rec["region"] not in REGION_IDS:
            raise _bad(label, line, "region",
                       _("unknown region '{value}'.").format(value=rec["region"]))
        variable = rec["variable"]
        if variable not in VARIABLE_UNITS:
            raise _bad(label, line, "variable", _("unknown variable '{value}'; expected one of "
                                                  "{known}.").format(
                value=variable, known=", ".join(VARIABLE_UNITS)))
        try:
            month = int(rec["month"])
        except ValueError:
            month = 0
        if not 1 <= month <= 12:
            raise _bad(label, line, "month", _("month must be an integer 1..12, found '{value}'.")
                       .format(value=rec["month"]))
        if rec["unit"] != VARIABLE_UNITS[variable]:
            raise _bad(label, line, "unit", _("unit of {variable} must be '{unit}', found "
                                              "'{value}'.").format(
                variable=variable, unit=VARIABLE_UNITS[variable], value=rec["unit"]))
        if not rec["source"]:
            raise _bad(label, line, "source", _("must not be empty."))
        quality = rec["quality"]
        if quality not in QUALITY_FLAGS:
            raise _bad(label, line, "quality", _("unknown quality flag '{value}'; expected one of "
                                                 "{known}.").format(
                value=quality, known=", ".join(QUALITY_FLAGS)))
        if rec["value"] == "":
            if quality != "gap":
                raise _bad(label, line, "value",
                           _("an empty value is only allowed with quality 'gap'."))
            value = math.nan
        else:
            if quality == "gap":
                raise _bad(label, line, "quality", _("quality 'gap' requires an empty value."))
            value = _number(label, line, "value", rec["value"])
            _check_value(label, line, variable, month, value)
        slot = table[rec["region"]][variable]
        if slot[month - 1] is not None:
            raise _bad(label, line, "month", _("{region} {variable} month {month} appears twice.")
                       .format(region=rec["region"], variable=variable, month=month))
        slot[month - 1] = (line, rec, value)
    for region, variables in table.items():
        for variable, slot in variables.items():
            absent = [m + 1 for m, item in enumerate(slot) if item is None]
            if absent:
                raise ParameterError(
                    _("{file}: {region} {variable} has no row for month(s) {months}; all 12 "
                      "months are required (use quality 'gap' with an empty value).").format(
                        file=label, region=region, variable=variable,
                        months=", ".join(str(m) for m in absent))
                )
        for m in range(12):
            tmax_line, _tmax_rec, tmax = variables["tmax_c"][m]
            tmin_line, _tmin_rec, tmin = variables["tmin_c"][m]
            if not (math.isnan(tmax) or math.isnan(tmin)) and tmin >= tmax:
                raise _bad(label, tmin_line, "value", _(
                    "{region} month {month}: tmin_c {tmin} must be below tmax_c {tmax} (row "
                    "{tmax_row}).").format(region=region, month=m + 1, tmin=tmin, tmax=tmax,
                                           tmax_row=tmax_line))
    return label, table


def load_normals(region: str, path: str | Path | None = None, *,
                 require_complete: bool = False) -> MonthlyNormals:
    """Monthly climate normals of ``region`` (id, city or alias).

    Parameters
    ----------
    region : str
        Region id (see :data:`REGION_IDS`), city or alias, case-insensitive.
    path : str or Path, optional
        Normals CSV to read instead of the packaged ``climate_normals.csv``.
        The whole file is validated, not only the requested region.
    require_complete : bool
        Raise :class:`~zhassyl.errors.ParameterError` if any month of any
        variable is a gap.

    Returns
    -------
    MonthlyNormals
    """
    rid = region_id(region)
    label, table = _parse_normals(path)
    arrays = {}
    sources = {}
    quality = {}
    for variable, slot in table[rid].items():
        arrays[variable] = np.array([item[2] for item in slot], dtype=np.float64)
        sources[variable] = _summary([item[1]["source"] for item in slot])
        quality[variable] = _summary([item[1]["quality"] for item in slot])
    normals = MonthlyNormals(region=rid, sources=sources, quality=quality, **arrays)
    if require_complete and not normals.complete:
        gaps = "; ".join(f"{v}: {', '.join(map(str, ms))}" for v, ms in normals.missing().items())
        raise ParameterError(
            _("{file}: the normals of {region} have gaps (months per variable: {gaps}).").format(
                file=label, region=rid, gaps=gaps)
        )
    return normals
