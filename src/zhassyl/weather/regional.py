"""Weather for the programme's regions: normals -> generator -> daily weather and ET0.

Gap rules (the normals found are listed in ``data/regions/README.md``):

* **wet days** missing for a region are derived from its monthly
  precipitation and the mean wet-day amount (mm per wet day, month by month)
  of the nearest region that has both — :data:`WET_DAY_ANALOG` — and flagged
  as derived in :func:`normals_status`;
* **sunshine** missing: solar radiation from the temperature range
  (Hargreaves, FAO-56 eq. 50, kRs 0.16 interior / 0.19 coastal), inside the
  generator;
* **humidity** missing: vapour pressure from Tmin (FAO-56 eq. 48) with the
  dew-point offset FAO-56 Annex 6 recommends for arid and semi-arid sites
  (Tdew ≈ Tmin − 2 °C) where annual precipitation is below 400 mm
  (:data:`ARID_PRECIP_MM`), else Tdew = Tmin;
* **wind** normals are for the station height (10 m) and converted to 2 m by
  FAO-56 eq. 47 before generation.

A region whose temperature or precipitation normals are missing cannot be
generated from normals; it is reported, never filled with invented values.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from zhassyl.errors import ParameterError
from zhassyl.i18n import _
from zhassyl.weather.climate import MonthlyNormals, load_normals, load_station
from zhassyl.weather.et0 import et0_fao56_daily, wind_speed_2m_m_s
from zhassyl.weather.generator import GeneratedWeather, generate, parameters_from_monthly
from zhassyl.weather.io import DailyWeather, write_weather_csv

#: Region whose mean wet-day amount fills a region's missing wet-day normals
#: (nearest region with both precipitation and wet days in the data).
WET_DAY_ANALOG = {
    "akmola": "east-kazakhstan",
    "karaganda": "east-kazakhstan",
    "almaty": "turkistan",
    "mangystau": "kyzylorda",
}

#: Annual precipitation below which a site is treated as arid/semi-arid for
#: the Tdew = Tmin - 2 °C rule of FAO-56 Annex 6 [mm].
ARID_PRECIP_MM = 400.0
#: Dew-point offset for arid and semi-arid sites (FAO-56 Annex 6) [°C].
ARID_DEW_OFFSET_C = 2.0
#: Height of the wind normals (standard station anemometer) [m].
WIND_NORMALS_HEIGHT_M = 10.0

REQUIRED = ("tmax_c", "tmin_c", "precip_mm")
_DAYS_IN_MONTH = np.array([31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def has_required_normals(region: str) -> bool:
    """True when ``region`` has temperature and precipitation normals for every month."""
    n = load_normals(region)
    return not any(np.any(np.isnan(getattr(n, v))) for v in REQUIRED)


def normals_status(region: str) -> str:
    """'ok', 'wet days derived from <analog>', or what is missing for ``region``."""
    n = load_normals(region)
    missing = [v for v in REQUIRED if np.any(np.isnan(getattr(n, v)))]
    if missing:
        return _("normals missing: {names}").format(names=", ".join(missing))
    if np.any(np.isnan(n.wet_days)):
        return _("wet days derived from {analog}").format(
            analog=WET_DAY_ANALOG.get(n.region, "?"))
    return "ok"


def _wet_days(n: MonthlyNormals) -> np.ndarray:
    if not np.any(np.isnan(n.wet_days)):
        return n.wet_days
    analog = WET_DAY_ANALOG.get(n.region)
    if analog is None:
        raise ParameterError(_("region {region}: wet-day normals missing and no analog "
                               "region defined").format(region=n.region))
    a = load_normals(analog)
    amount = np.where(a.wet_days > 0, a.precip_mm / np.maximum(a.wet_days, 1e-9), np.nan)
    derived = np.minimum(n.precip_mm / amount, _DAYS_IN_MONTH - 1)
    return np.where(np.isnan(n.wet_days), derived, n.wet_days)


def generator_parameters_for_regions(regions: list[str]):
    """Generator parameters for the stations of ``regions`` from their normals."""
    stations = [load_station(r) for r in regions]
    normals = [load_normals(r) for r in regions]
    for n in normals:
        missing = [v for v in REQUIRED if np.any(np.isnan(getattr(n, v)))]
        if missing:
            raise ParameterError(_(
                "region {region}: monthly normals of {names} were not found (see "
                "data/regions/README.md); fit the generator to a daily weather file with "
                "--fit instead").format(region=n.region, names=", ".join(missing)))
    stack = lambda name: np.stack([getattr(n, name) for n in normals])  # noqa: E731
    sunshine = stack("sunshine_h")
    rh = stack("rh_mean_pct")
    wind10 = stack("wind_m_s")
    wind2 = np.where(np.isnan(wind10), 2.0, wind_speed_2m_m_s(wind10, WIND_NORMALS_HEIGHT_M))
    return parameters_from_monthly(
        lat_deg=np.array([s.lat_deg for s in stations]),
        elevation_m=np.array([s.elevation_m for s in stations]),
        tmax_c=stack("tmax_c"), tmin_c=stack("tmin_c"), precip_mm=stack("precip_mm"),
        wet_days=np.stack([_wet_days(n) for n in normals]),
        sunshine_h=None if np.all(np.isnan(sunshine)) else sunshine,
        rh_mean_pct=None if np.any(np.isnan(rh)) else rh,
        wind_m_s=wind2, sites=[s.region for s in stations])


def to_daily_weather(gen: GeneratedWeather, site: int, source: str) -> DailyWeather:
    """One site of a generated series as a :class:`DailyWeather` (wind at 2 m)."""
    col = lambda a: None if a is None else np.asarray(a[:, site], dtype=float)  # noqa: E731
    return DailyWeather(
        dates=gen.dates, tmax_c=col(gen.tmax_c), tmin_c=col(gen.tmin_c),
        precip_mm=col(gen.precip_mm), rs_mj_m2=col(gen.rs_mj_m2),
        rh_mean_pct=col(gen.rh_mean_pct), wind_m_s=col(gen.wind_m_s), source=source)


def dew_offset_c(region: str) -> float:
    """FAO-56 Annex 6 dew-point offset for ``region`` (2 °C where arid, else 0)."""
    n = load_normals(region)
    return ARID_DEW_OFFSET_C if np.nansum(n.precip_mm) < ARID_PRECIP_MM else 0.0


def regional_et0(gen: GeneratedWeather, regions: list[str]) -> np.ndarray:
    """Daily FAO-56 ET0 (n_days, n_sites) of generated weather for ``regions``."""
    stations = [load_station(r) for r in regions]
    doy = (gen.dates - gen.dates.astype("datetime64[Y]")).astype(int) + 1
    lat = np.array([s.lat_deg for s in stations])
    elev = np.array([s.elevation_m for s in stations])
    krs = np.array([0.19 if s.coastal else 0.16 for s in stations])
    offset = np.array([dew_offset_c(r) for r in regions])
    return et0_fao56_daily(
        gen.tmax_c, gen.tmin_c, doy[:, None], lat_deg=lat, elevation_m=elev,
        rs_mj_m2=gen.rs_mj_m2, rh_mean_pct=gen.rh_mean_pct, wind_m_s=gen.wind_m_s,
        krs=krs, dew_offset_c=offset if gen.rh_mean_pct is None else 0.0)


def regional_demo(regions: list[str], *, years: int, seed: int,
                  daily_dir: Path | None = None) -> list[dict]:
    """Climate and water-demand summary per region from generated weather.

    Regions without usable normals get a row that says so.  With
    ``daily_dir``, each region's daily weather plus ``et0_mm`` is written to
    ``daily_dir/<region>.csv``.
    """
    ok = [r for r in regions if has_required_normals(r)]
    records = []
    gen = et0 = None
    if ok:
        gen = generate(generator_parameters_for_regions(ok), years=years, seed=seed)
        et0 = regional_et0(gen, ok)
    for r in regions:
        st = load_station(r)
        rec = {"region": r, "station": st.name}
        if r not in ok:
            rec.update({k: float("nan") for k in (
                "precip_mm_yr", "et0_mm_yr", "aridity_p_et0", "et0_peak_mm_d", "tmax_jul_c",
                "tmin_jan_c", "gdd5_yr")})
            rec["status"] = normals_status(r)
            records.append(rec)
            continue
        i = ok.index(r)
        month = gen.dates.astype("datetime64[M]").astype(int) % 12
        p = gen.precip_mm[:, i]
        e = et0[:, i]
        tavg = 0.5 * (gen.tmax_c[:, i] + gen.tmin_c[:, i])
        monthly_e = np.array([e[month == m].mean() for m in range(12)])
        rec.update({
            "precip_mm_yr": float(p.sum() / years),
            "et0_mm_yr": float(e.sum() / years),
            "aridity_p_et0": float(p.sum() / e.sum()),
            "et0_peak_mm_d": float(monthly_e.max()),
            "tmax_jul_c": float(gen.tmax_c[month == 6, i].mean()),
            "tmin_jan_c": float(gen.tmin_c[month == 0, i].mean()),
            "gdd5_yr": float(np.maximum(tavg - 5.0, 0.0).sum() / years),
            "status": normals_status(r),
        })
        records.append(rec)
        if daily_dir is not None:
            daily_dir.mkdir(parents=True, exist_ok=True)
            w = to_daily_weather(gen, i, source=f"zhassyl demo seed={seed}")
            path = daily_dir / f"{r}.csv"
            write_weather_csv(w, path)
            lines = path.read_text(encoding="utf-8").splitlines()
            lines = [lines[0] + ",et0_mm"] + [
                f"{line},{v:.3f}" for line, v in zip(lines[1:], e, strict=True)]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return records
