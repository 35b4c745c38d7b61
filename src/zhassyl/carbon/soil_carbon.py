"""Soil organic carbon of farming systems: RothC 26.3 driven by simulated years.

Turns lists of :class:`zhassyl.farming.results.SystemYear` (one per region,
system and year, with monthly RothC drivers) into soil organic carbon per
year.  RothC itself is :mod:`zhassyl.carbon.rothc`, used unchanged; this module
only builds its forcing, its initial state and the paddy-rice adjustment.

Coupling (see ``docs/carbon.md``)
---------------------------------
* C inputs: ``monthly_c_input_t_ha`` (plant C: roots, stubble, litter, cover-crop
  straw as simulated), DPM/RPM ratio 1.44 (RothC 26.3 description sect. 1.3,
  crops and improved grassland).  No farmyard manure in the contract (FYM 0).
* Cover: ``monthly_cover`` (1 when plants cover the soil), from the canopy.
* Climate: ``monthly_tavg_c`` and ``monthly_rain_mm`` (rain + irrigation).
* Evaporation: RothC expects open-pan evaporation and uses 0.75 x pan as the
  evapotranspiration of the topsoil (RothC 26.3 description sect. 1.6); the
  description advises dividing evapotranspiration by 0.75 when only that is
  known.  Hence pan = ET0 / 0.75, so that RothC's own 0.75 x pan = ET0.  The
  0.75 is also a Class A pan coefficient Kp within the range of FAO-56
  (Allen et al. 1998) ch. 3 Table 5 (ET0 = Kp x Epan, Kp 0.35-0.85).
* Flooded rice: RothC is for aerobic topsoils.  In months with at least half
  their days ponded the decomposition rate constants are multiplied by 0.2
  (Shirato & Yokozawa 2005, Soil Biol. Biochem. 37:2016-2023).
* Initial state: total SOC measured or, by default, IPCC Tier 1
  SOC = SOCref x FLU x FMG x FI (IPCC 2006 Vol. 4 Eq. 2.25, Tables 2.3 and
  5.5); IOM = 0.049 SOC^1.139 (Falloon et al. 1998); the pools are distributed
  as at equilibrium under the baseline system's first year, scaled to the
  initial SOC (inverse RothC initialisation as in FAO GSOCseq).  The
  equilibrium is computed exactly (the year map of RothC is affine in the
  pools) instead of by a 10 000-year spin-up.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from zhassyl.carbon.nitrogen import load_factor_table
from zhassyl.carbon.rothc import (
    BALANCE_TOLERANCE,
    RothCForcing,
    RothCParameters,
    RothCState,
    default_parameters,
    initial_state,
    iom_falloon,
    rate_modifier_moisture,
    rothc_month,
)
from zhassyl.errors import BalanceError, InputError, ParameterError, Problem
from zhassyl.farming.results import SystemYear
from zhassyl.i18n import _

__all__ = [
    "SocYear",
    "equilibrium_state",
    "extend_to_horizon",
    "flooded_month_fraction",
    "forcing_from_records",
    "ipcc_climate_zone",
    "ipcc_initial_soc_t_c_ha",
    "pan_evaporation_mm",
    "soc_by_year",
    "tier1_factors",
]

MONTHS = 12
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


@cache
def tier1_factors() -> dict[str, float]:
    """``kind/key -> value`` of ``data/carbon/soc_ipcc_tier1.csv``."""
    out = {}
    for i, row in enumerate(load_factor_table("soc_ipcc_tier1.csv"), start=2):
        try:
            out[f"{row['kind']}/{row['key']}"] = float(row["value"])
        except (KeyError, ValueError) as exc:
            raise ParameterError(_("{file}, row {row}: value is not a number").format(
                file="soc_ipcc_tier1.csv", row=i)) from exc
    return out


def pan_evaporation_mm(et0_mm, params: RothCParameters | None = None) -> np.ndarray:
    """Open-pan evaporation for RothC from reference evapotranspiration [mm].

    Notes
    -----
    pan = ET0 / 0.75: RothC 26.3 (description sect. 1.6) takes 0.75 x open-pan
    evaporation as the topsoil's evapotranspiration, so ET0 / 0.75 returns ET0
    inside the model.  0.75 is a Class A pan coefficient inside FAO-56 ch. 3
    Table 5's range (ET0 = Kp Epan, Eq. 3.2 of ch. 3).
    """
    p = default_parameters() if params is None else params
    return np.asarray(et0_mm, dtype=np.float64) / p.evap_pan_factor


def ipcc_climate_zone(mat_c: float, map_mm: float, pet_mm: float) -> str:
    """IPCC default climate zone of a temperate site (IPCC 2006 Vol. 4 ch. 3 Annex 3A.5).

    Warm temperate when the mean annual temperature exceeds 10 degC, cold
    (cool) temperate otherwise; dry when annual precipitation < potential
    evapotranspiration, moist otherwise.
    """
    warm = mat_c > tier1_factors()["climate/warm_temperate_min_mat_c"]
    dry = map_mm < pet_mm
    return f"{'warm' if warm else 'cold'}_temperate_{'dry' if dry else 'moist'}"


def ipcc_initial_soc_t_c_ha(climate_zone: str, soil_class: str = "HAC",
                            land_use: str = "long_term_cultivated",
                            tillage: str = "full_tillage", inputs: str = "medium") -> float:
    """IPCC Tier 1 SOC stock, 0-30 cm [t C/ha] = SOCref x FLU x FMG x FI.

    Notes
    -----
    IPCC 2006 Vol. 4 Eq. 2.25 (stock = SOCref x FLU x FMG x FI), SOCref of
    Table 2.3 and stock change factors of Table 5.5 (2006 values; the 2019
    Table 5.5 values were not verified, see ``soc_ipcc_tier1.csv``).
    """
    f = tier1_factors()
    moisture = "dry" if climate_zone.endswith("_dry") else "moist"
    keys = (f"socref/{climate_zone}/{soil_class}", f"flu/{land_use}/{moisture}",
            f"fmg/{tillage}", f"fi/{inputs}")
    missing = [k for k in keys if k not in f]
    if missing:
        raise ParameterError(_("no IPCC Tier 1 factor for {keys}").format(keys=", ".join(missing)))
    return f[keys[0]] * f[keys[1]] * f[keys[2]] * f[keys[3]]


def flooded_month_fraction(flooded_days, start_doy: float | None = None) -> np.ndarray:
    """Fraction of each month's days ponded, ``(12,) + shape(flooded_days)``.

    The ``flooded_days`` of a year are placed as one period starting on day
    ``start_doy`` (default mid-May, an assumption in ``soc_ipcc_tier1.csv``).
    """
    start = tier1_factors()["rothc/paddy_flood_start_doy"] if start_doy is None else start_doy
    days = np.asarray(flooded_days, dtype=np.float64)
    month_start = np.concatenate([[0.0], np.cumsum(_DAYS_IN_MONTH)[:-1]])  # day 0-based
    lo = start - 1.0
    hi = np.minimum(lo + days, 365.0)
    ms = month_start.reshape((MONTHS,) + (1,) * days.ndim)
    me = ms + _DAYS_IN_MONTH.reshape(ms.shape)
    overlap = np.clip(np.minimum(me, hi) - np.maximum(ms, lo), 0.0, None)
    return overlap / _DAYS_IN_MONTH.reshape(ms.shape)


def _check_records(rows: Sequence[SystemYear]) -> None:
    problems: list[Problem] = []
    where = "SystemYear"
    for i, r in enumerate(rows):
        name = f"{where} {r.region}/{r.system}/{r.year}"
        if i and r.year != rows[i - 1].year + 1:
            problems.append(Problem(name, None, "year", _(
                "years must follow each other without gaps or repeats; {year} comes after "
                "{previous}").format(year=r.year, previous=rows[i - 1].year)))
        monthly = {"monthly_c_input_t_ha": r.monthly_c_input_t_ha,
                   "monthly_cover": r.monthly_cover, "monthly_tavg_c": r.monthly_tavg_c,
                   "monthly_rain_mm": r.monthly_rain_mm, "monthly_et0_mm": r.monthly_et0_mm}
        for column, values in monthly.items():
            if len(values) != MONTHS:
                problems.append(Problem(name, None, column, _(
                    "expected 12 monthly values, got {n}").format(n=len(values))))
                continue
            for m, v in enumerate(values, start=1):
                if not math.isfinite(v):
                    problems.append(Problem(name, m, column, _("not a finite number")))
                elif column != "monthly_tavg_c" and v < 0:
                    problems.append(Problem(name, m, column, _(
                        "negative value {value} in month {month}").format(value=v, month=m)))
                elif column == "monthly_cover" and v not in (0, 1):
                    problems.append(Problem(name, m, column, _(
                        "plant cover must be 0 (bare) or 1 (covered), got {value}").format(
                            value=v)))
        if r.flooded_days < 0 or r.flooded_days > 366:
            problems.append(Problem(name, None, "flooded_days", _(
                "value {value} outside [{low}, {high}]").format(
                    value=r.flooded_days, low=0, high=366)))
    if problems:
        raise InputError(problems)


def forcing_from_records(fields: Sequence[Sequence[SystemYear]],
                         params: RothCParameters | None = None
                         ) -> tuple[RothCForcing, np.ndarray]:
    """RothC forcing ``(n_months, n_fields)`` and flooded-month fractions of the same shape.

    ``fields`` holds one list of consecutive years per field (all of the same length).
    """
    p = default_parameters() if params is None else params
    n_years = len(fields[0])
    if any(len(rows) != n_years for rows in fields):
        raise InputError(_("every field must have the same number of years"))
    for rows in fields:
        _check_records(rows)

    def stack(attr: str) -> np.ndarray:
        return np.array([[v for r in rows for v in getattr(r, attr)] for rows in fields],
                        dtype=np.float64).T

    n = n_years * MONTHS
    years = np.repeat(np.array([r.year for r in fields[0]]), MONTHS)
    months = np.tile(np.arange(1, MONTHS + 1), n_years)
    flooded = np.array([[r.flooded_days for r in rows] for rows in fields], dtype=np.float64)
    frac = flooded_month_fraction(flooded.T)  # (12, n_years, n_fields)
    frac = frac.transpose(1, 0, 2).reshape(n, len(fields))
    forcing = RothCForcing(
        year=years, month=months, modern_pct=np.full(n, 100.0),
        tmp_c=stack("monthly_tavg_c"), rain_mm=stack("monthly_rain_mm"),
        evap_mm=pan_evaporation_mm(stack("monthly_et0_mm"), p),
        c_input_t_c_ha=stack("monthly_c_input_t_ha"), fym_t_c_ha=np.zeros(n),
        plant_cover=stack("monthly_cover"), dpm_rpm_ratio=np.full(n, p.dpm_rpm_ratio_crop))
    return forcing, frac


def _flooded_params(p: RothCParameters) -> RothCParameters:
    factor = tier1_factors()["rothc/paddy_flooded_rate_factor"]
    return dataclasses.replace(p, k_dpm_per_yr=p.k_dpm_per_yr * factor,
                               k_rpm_per_yr=p.k_rpm_per_yr * factor,
                               k_bio_per_yr=p.k_bio_per_yr * factor,
                               k_hum_per_yr=p.k_hum_per_yr * factor)


def _select(mask: np.ndarray, a: RothCState, b: RothCState) -> RothCState:
    return RothCState(**{f.name: np.where(mask, getattr(a, f.name), getattr(b, f.name))
                         for f in dataclasses.fields(RothCState)})


def _month(state: RothCState, drivers: dict, flooded: np.ndarray, clay, depth,
           p: RothCParameters, p_flood: RothCParameters) -> tuple[RothCState, np.ndarray]:
    """One RothC month; fields ponded at least half the month decompose with p_flood."""
    step = rothc_month(state, clay_pct=clay, depth_cm=depth, params=p, **drivers)
    mask = flooded >= 0.5
    if not mask.any():
        return step.state, step.co2_t_c_ha
    wet = rothc_month(state, clay_pct=clay, depth_cm=depth, params=p_flood, **drivers)
    return (_select(mask, wet.state, step.state),
            np.where(mask, wet.co2_t_c_ha, step.co2_t_c_ha))


def equilibrium_state(forcing: RothCForcing, flooded, clay_pct, depth_cm, iom_t_c_ha, *,
                      params: RothCParameters | None = None, max_years: int = 1000
                      ) -> RothCState:
    """Exact RothC equilibrium under the repeated first 12 months of ``forcing``.

    Notes
    -----
    The moisture deficit does not depend on the pools, so it is first iterated
    to its periodic cycle.  With that cycle fixed, one year of RothC maps the
    active pools x = (DPM, RPM, BIO, HUM) affinely, x -> P x + q.  P and q are
    found by running the model itself from the zero state and the four unit
    states; the equilibrium is x* = (I - P)^-1 q.  It is the limit the
    reference spin-up approaches to within its 1e-6 t C/ha stopping rule.
    Radiocarbon ages of the returned pools are 0 (not modelled here).
    """
    p = default_parameters() if params is None else params
    p_flood = _flooded_params(p)
    first = forcing.months(slice(0, MONTHS))
    flooded = np.asarray(flooded, dtype=np.float64)[:MONTHS]
    n_fields = max(np.atleast_1d(np.asarray(clay_pct)).shape[0],
                   *(getattr(first, name).shape[1] if getattr(first, name).ndim == 2 else 1
                     for name in first._DRIVERS),
                   flooded.shape[1] if flooded.ndim == 2 else 1,
                   np.atleast_1d(np.asarray(iom_t_c_ha)).shape[0])
    clay = np.broadcast_to(np.asarray(clay_pct, dtype=np.float64), (n_fields,))
    depth = np.broadcast_to(np.asarray(depth_cm, dtype=np.float64), (n_fields,))
    drivers = [first.drivers(k) for k in range(MONTHS)]
    # 1. periodic moisture deficit (independent of the pools)
    smd = np.zeros(n_fields)
    for _year in range(max_years):
        start = smd
        for d in drivers:
            _rmf, smd = rate_modifier_moisture(d["rain_mm"], d["evap_mm"], smd, clay, depth,
                                               d["plant_cover"], p)
        if np.allclose(smd, start, rtol=0.0, atol=1e-12):
            break
    # 2. probe the affine year map with the zero state and the four unit states
    probes = 5
    eye = np.vstack([np.zeros(4), np.eye(4)])  # (5, 4)
    pools = np.repeat(eye, n_fields, axis=0)  # (5 * n_fields, 4), probe-major
    state = initial_state(pools[:, 0], pools[:, 1], pools[:, 2], pools[:, 3], 0.0,
                          smd_mm=np.tile(smd, probes), params=p)

    def tile(v):
        v = np.asarray(v, dtype=np.float64)
        return np.tile(np.broadcast_to(v, (n_fields,)), probes)

    for k, d in enumerate(drivers):
        d5 = {name: tile(value) for name, value in d.items()}
        f5 = tile(flooded[k] if flooded.ndim else flooded)
        state, _co2 = _month(state, d5, f5, np.tile(clay, probes), np.tile(depth, probes),
                             p, p_flood)
    end = np.stack([state.dpm_t_c_ha, state.rpm_t_c_ha, state.bio_t_c_ha, state.hum_t_c_ha],
                   axis=-1).reshape(probes, n_fields, 4)
    q = end[0]  # (n_fields, 4)
    big_p = (end[1:] - q[None]).transpose(1, 2, 0)  # (n_fields, 4 out, 4 in)
    x = np.linalg.solve(np.eye(4)[None] - big_p, q[..., None])[..., 0]
    return initial_state(x[:, 0], x[:, 1], x[:, 2], x[:, 3], iom_t_c_ha, smd_mm=smd,
                         n_fields=n_fields, params=p)


@dataclass(frozen=True)
class SocYear:
    """Soil organic carbon of one system at the end of one year [t C/ha, 0-depth]."""

    system: str
    region: str
    year: int
    soc_t_c_ha: float            # total SOC (incl. IOM) at the end of the year
    soc_change_t_c_ha: float     # change over the year (positive: gain)
    c_input_t_c_ha: float        # plant C entering the soil this year
    co2_c_t_c_ha: float          # C respired by the soil this year (as C)
    initial_soc_t_c_ha: float    # SOC at the start of year 1


def extend_to_horizon(records: Sequence[SystemYear], horizon_years: int) -> list[SystemYear]:
    """Records cycled (year 1, 2, ..., N, 1, 2, ...) to ``horizon_years`` per system.

    The simulated years are repeated in order; a horizon shorter than the
    simulation keeps the first ``horizon_years``.
    """
    if horizon_years < 1:
        raise InputError(_("the horizon must be at least 1 year, got {n}").format(
            n=horizon_years))
    out: list[SystemYear] = []
    for rows in _group(records).values():
        out += [dataclasses.replace(rows[i % len(rows)], year=i + 1)
                for i in range(horizon_years)]
    return out


def _group(records: Sequence[SystemYear]) -> dict[tuple[str, str], list[SystemYear]]:
    groups: dict[tuple[str, str], list[SystemYear]] = {}
    for r in records:
        groups.setdefault((r.region, r.system), []).append(r)
    return {k: sorted(v, key=lambda r: r.year) for k, v in groups.items()}


def soc_by_year(records: Sequence[SystemYear], *, clay_pct: float, depth_cm: float = 30.0,
                soc_initial_t_c_ha: float | None = None, soil_class: str = "HAC",
                climate_zone: str | None = None, params: RothCParameters | None = None,
                check_balance: bool = True) -> list[SocYear]:
    """Soil organic carbon per system and year from simulated records.

    Parameters
    ----------
    records : sequence of SystemYear
        Consecutive years of one or more systems (and regions), each with 12
        monthly RothC drivers.  The first system of each region is its baseline:
        the initial pools are at equilibrium under its first year.
    clay_pct : float
        Clay content of the topsoil [%], 0-100.
    depth_cm : float
        Depth of the modelled topsoil [cm] (30: the IPCC SOCref depth).
    soc_initial_t_c_ha : float, optional
        Measured SOC at the start [t C/ha]; default IPCC Tier 1
        SOCref x FLU x FMG x FI of the baseline's land use (paddy rice when its
        first year is flooded, else long-term cultivated, full tillage, medium
        input), climate zone from the records' temperature, rain and ET0.
    soil_class : str
        IPCC soil class of SOCref (HAC, LAC, sandy).
    climate_zone : str, optional
        IPCC climate zone (e.g. "warm_temperate_dry"); default derived.

    Returns
    -------
    list of SocYear
        In the order of the systems and years of ``records``.

    Raises
    ------
    InputError
        Clay outside 0-100, depth not positive, negative or missing monthly
        drivers, years out of order.
    BalanceError
        Inputs - respired C differs from the change of stocks in some month.
    """
    p = default_parameters() if params is None else params
    problems = []
    if not (isinstance(clay_pct, int | float) and 0.0 <= clay_pct <= 100.0):
        problems.append(Problem("soil", None, "clay_pct", _(
            "value {value} outside [{low}, {high}]").format(value=clay_pct, low=0, high=100)))
    if not (isinstance(depth_cm, int | float) and depth_cm > 0.0):
        problems.append(Problem("soil", None, "depth_cm", _("must be positive, got {value}").format(
            value=depth_cm)))
    if soc_initial_t_c_ha is not None and not soc_initial_t_c_ha > 0.0:
        problems.append(Problem("soil", None, "soc_initial_t_c_ha", _(
            "must be positive, got {value}").format(value=soc_initial_t_c_ha)))
    if problems:
        raise InputError(problems)
    if not records:
        return []
    groups = _group(records)
    out: list[SocYear] = []
    regions: dict[str, list[tuple[str, str]]] = {}
    for key in groups:
        regions.setdefault(key[0], []).append(key)
    for region, keys in regions.items():
        fields = [groups[k] for k in keys]
        n_years = min(len(rows) for rows in fields)
        if any(len(rows) != n_years for rows in fields):
            raise InputError(_("region {region}: every system needs the same number of "
                               "years").format(region=region))
        forcing, flooded = forcing_from_records(fields, p)
        baseline = fields[0]
        soc0 = soc_initial_t_c_ha
        if soc0 is None:
            zone = climate_zone or _climate_zone_of(baseline)
            land_use = "paddy_rice" if baseline[0].flooded_days > 0 else "long_term_cultivated"
            soc0 = ipcc_initial_soc_t_c_ha(zone, soil_class, land_use)
        iom = float(iom_falloon(soc0, p))
        base_forcing = forcing.months(slice(0, MONTHS))
        base_forcing = RothCForcing(**{
            f.name: (getattr(base_forcing, f.name)[:, :1]
                     if getattr(base_forcing, f.name).ndim == 2 else getattr(base_forcing, f.name))
            for f in dataclasses.fields(RothCForcing)})
        eq = equilibrium_state(base_forcing, flooded[:MONTHS, :1], clay_pct, depth_cm, iom,
                               params=p)
        active = float(eq.active_t_c_ha[0])
        if not active > 0.0:
            raise InputError(_("region {region}: the baseline's first year has no carbon "
                               "input, so the initial pools cannot be distributed").format(
                                   region=region))
        scale = (soc0 - iom) / active
        if scale <= 0.0:
            raise InputError(_("initial SOC {soc} t C/ha is not above the inert organic "
                               "matter {iom} t C/ha").format(soc=soc0, iom=iom))
        n_f = len(fields)
        state = initial_state(eq.dpm_t_c_ha * scale, eq.rpm_t_c_ha * scale,
                              eq.bio_t_c_ha * scale, eq.hum_t_c_ha * scale, iom,
                              smd_mm=eq.smd_mm, n_fields=n_f, params=p)
        soc_series, co2_series = _run(state, forcing, flooded, clay_pct, depth_cm, p,
                                      check_balance)
        soc_start = state.soc_t_c_ha
        for j, rows in enumerate(fields):
            previous = float(soc_start[j])
            for y, r in enumerate(rows):
                months = slice(y * MONTHS, (y + 1) * MONTHS)
                soc_end = float(soc_series[months.stop - 1, j])
                out.append(SocYear(
                    system=r.system, region=region, year=r.year, soc_t_c_ha=soc_end,
                    soc_change_t_c_ha=soc_end - previous,
                    c_input_t_c_ha=float(forcing.c_input_t_c_ha[months, j].sum()),
                    co2_c_t_c_ha=float(co2_series[months, j].sum()),
                    initial_soc_t_c_ha=float(soc_start[j])))
                previous = soc_end
    return out


def _climate_zone_of(rows: Sequence[SystemYear]) -> str:
    mat = float(np.mean([np.mean(r.monthly_tavg_c) for r in rows]))
    map_mm = float(np.mean([r.rain_mm for r in rows]))
    pet = float(np.mean([np.sum(r.monthly_et0_mm) for r in rows]))
    return ipcc_climate_zone(mat, map_mm, pet)


def _run(state: RothCState, forcing: RothCForcing, flooded: np.ndarray, clay, depth,
         p: RothCParameters, check_balance: bool) -> tuple[np.ndarray, np.ndarray]:
    p_flood = _flooded_params(p)
    n, n_fields = forcing.n_months, state.n_fields
    clay_f = np.full(n_fields, float(clay))
    depth_f = np.full(n_fields, float(depth))
    soc = np.empty((n, n_fields))
    co2 = np.empty((n, n_fields))
    before = state.soc_t_c_ha
    for i in range(n):
        state, co2[i] = _month(state, forcing.drivers(i), flooded[i], clay_f, depth_f, p,
                               p_flood)
        soc[i] = state.soc_t_c_ha
    if check_balance:
        previous = np.concatenate([before[None], soc[:-1]])
        c_in = np.broadcast_to(forcing.c_input_t_c_ha.reshape(n, -1), (n, n_fields))
        residual = c_in - co2 - (soc - previous)
        bad = ~(np.abs(residual) <= BALANCE_TOLERANCE * np.maximum(1.0, np.abs(soc)))
        if bad.any():
            month, field = np.argwhere(bad)[0]
            raise BalanceError(_("RothC carbon balance broken in month {month} of field {field}: "
                                 "residual {residual} t C/ha").format(
                month=int(month), field=int(field), residual=float(residual[month, field])))
    return soc, co2
