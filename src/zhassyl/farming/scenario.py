"""Run management systems on a region's fields: build engine inputs, simulate, summarise.

:func:`run_systems` is the entry point used by ``zhassyl simulate``,
``zhassyl compare``, economics and carbon: it returns one
:class:`~zhassyl.farming.results.SystemYear` per system and year.

Regional defaults (soil texture, initial ECe, irrigation-water and
groundwater salinity, sowing dates) come from
``data/regions/farming_defaults.csv``; every value there is flagged as an
assumption until the Fund's own measurements replace it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from zhassyl.engine.layout import MANAGEMENT_DTYPE, S
from zhassyl.engine.perennial import PerennialCalendar, SeasonCriterion, perennial_seasons
from zhassyl.engine.simulate import (
    Fields,
    Horizon,
    SimulationResult,
    Weather,
    simulate,
    soil_table,
)
from zhassyl.errors import InputError, ParameterError, Problem
from zhassyl.farming.crops import load_crop
from zhassyl.farming.results import SystemYear
from zhassyl.farming.systems import System, load_system
from zhassyl.i18n import _

#: Atmospheric CO2 of the scenarios [ppm]: Mauna Loa annual mean 2016 (404.41), from
#: AquaCrop's MaunaLoa.CO2 in the reference test case; held constant.
SCENARIO_CO2_PPM = 404.41
IRR_MODES = {"none": 0, "depletion": 1, "interval": 2, "calendar": 3, "ponded": 4}


@dataclass(frozen=True)
class RegionDefaults:
    region: str
    soil_texture: str
    ece0_ds_m: float
    ec_iw_ds_m: float
    groundwater_depth_m: float
    ec_gw_ds_m: float
    sowing: dict[str, str]
    source: str


@cache
def _csv(name: str) -> list[dict[str, str]]:
    text = (resources.files("zhassyl") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def region_defaults(region: str) -> RegionDefaults:
    """Farming defaults of ``region`` (ParameterError when unknown)."""
    from zhassyl.weather.climate import region_id

    rid = region_id(region)
    for row in _csv("regions/farming_defaults.csv"):
        if row["region"] == rid:
            return RegionDefaults(
                rid, row["soil_texture"], float(row["ece0_ds_m"]), float(row["ec_iw_ds_m"]),
                float(row["groundwater_depth_m"]), float(row["ec_gw_ds_m"]),
                {k: row[k] for k in ("cereal_sowing", "alfalfa_sowing", "rice_sowing")},
                row["source"])
    raise ParameterError(_("no farming defaults for region {region}").format(region=rid))


def soil_texture(texture: str) -> tuple[list[Horizon], float, float, float, float]:
    """A uniform soil profile of ``texture`` (data/soils/textures.csv)."""
    rows = {r["texture"]: r for r in _csv("soils/textures.csv")}
    if texture not in rows:
        raise ParameterError(_("unknown soil texture '{name}'; known: {known}").format(
            name=texture, known=", ".join(rows)))
    r = rows[texture]
    h = Horizon(2.0, float(r["theta_sat"]), float(r["theta_fc"]), float(r["theta_wp"]),
                float(r["ksat_mm_day"]))
    return [h], float(r["curve_number"]), float(r["rew_mm"]), float(r["cr_a"]), float(r["cr_b"])


def soil_clay_pct(texture: str) -> float:
    """Representative clay content [%] of a texture class (data/soils/textures.csv)."""
    rows = {r["texture"]: r for r in _csv("soils/textures.csv")}
    if texture not in rows:
        raise ParameterError(_("unknown soil texture '{name}'; known: {known}").format(
            name=texture, known=", ".join(rows)))
    return float(rows[texture]["clay_pct"])


def perennial_calendar(crop: str) -> PerennialCalendar:
    """Restart/end criteria of a perennial crop (data/crops/perennial_calendar.csv)."""
    rec = load_crop(crop).record

    def crit(r, p):
        return SeasonCriterion(r[f"{p}_kind"], float(r[f"{p}_threshold"]),
                               int(r[f"{p}_run_days"]), int(r[f"{p}_occurrences"]),
                               int(r[f"{p}_window_month"]), int(r[f"{p}_window_day"]),
                               int(r[f"{p}_window_days"]))

    for r in _csv("crops/perennial_calendar.csv"):
        if r["crop"] == crop:
            return PerennialCalendar(crit(r, "restart"), crit(r, "end"), float(rec["tbase_c"]),
                                     float(rec["tupper_c"]))
    raise ParameterError(_("no perennial calendar for crop {crop}").format(crop=crop))


@cache
def residue_parameters() -> dict[str, dict[str, float]]:
    """Root:shoot ratio, stubble fraction and C fraction per crop (data/crops/residues.csv)."""
    return {r["crop"]: {k: float(r[k]) for k in ("root_shoot_ratio", "stubble_fraction",
                                                 "c_fraction")}
            for r in _csv("crops/residues.csv")}


@dataclass(frozen=True)
class ScenarioWeather:
    """Daily weather of one site for the scenario: engine weather plus mean temperature."""

    weather: Weather
    tavg_c: np.ndarray
    source: str


def scenario_weather(region: str, years: int, seed: int, weather_file: str | None = None,
                     start_year: int = 2001) -> ScenarioWeather:
    """Generated weather for ``region`` (or a daily weather file) with FAO-56 ET0."""
    from zhassyl.weather.climate import load_station
    from zhassyl.weather.et0 import et0_fao56_daily
    from zhassyl.weather.generator import generate
    from zhassyl.weather.io import read_weather_csv
    from zhassyl.weather.regional import (
        dew_offset_c,
        generator_parameters_for_regions,
        regional_et0,
    )

    st = load_station(region)
    if weather_file:
        w = read_weather_csv(weather_file)
        et0 = et0_fao56_daily(w.tmax_c, w.tmin_c, w.doy, lat_deg=st.lat_deg,
                              elevation_m=st.elevation_m, rs_mj_m2=w.rs_mj_m2,
                              sunshine_h=w.sunshine_h, rh_max_pct=w.rh_max_pct,
                              rh_min_pct=w.rh_min_pct, rh_mean_pct=w.rh_mean_pct, tdew_c=w.tdew_c,
                              wind_m_s=w.wind_m_s, krs=0.19 if st.coastal else 0.16,
                              dew_offset_c=dew_offset_c(st.region))
        dates, tmin, tmax, rain = w.dates, w.tmin_c, w.tmax_c, w.precip_mm
        source = str(weather_file)
        n_years = len(np.unique(dates.astype("datetime64[Y]")))
        if n_years < years:
            raise InputError(Problem(str(weather_file), None, "date", _(
                "covers {have} years; {need} were asked for").format(have=n_years, need=years)))
    else:
        gen = generate(generator_parameters_for_regions([st.region]), years=years, seed=seed,
                       start_year=start_year)
        et0 = regional_et0(gen, [st.region])[:, 0]
        dates, tmin, tmax, rain = gen.dates, gen.tmin_c[:, 0], gen.tmax_c[:, 0], gen.precip_mm[:, 0]
        source = f"generated ({st.region}, seed {seed})"
    wx = Weather(dates, tmin[None], tmax[None], np.asarray(et0, float)[None], rain[None],
                 np.full(len(dates), SCENARIO_CO2_PPM))
    return ScenarioWeather(wx, 0.5 * (np.asarray(tmin) + np.asarray(tmax)), source)


def _date_index(dates: np.ndarray, year: int, mmdd: str, what: str) -> int:
    try:
        d = np.datetime64(f"{year:04d}-{mmdd}", "D")
    except ValueError:
        raise ParameterError(_("{what}: '{value}' is not a MM-DD date").format(
            what=what, value=mmdd)) from None
    i = int((d - dates[0]).astype(int))
    if not 0 <= i < len(dates):
        raise InputError(Problem("weather", None, "date", _(
            "{date} is outside the weather period").format(date=d)))
    return i


@dataclass
class _Plan:
    """Seasons, companion and cut days of one system on the scenario calendar."""

    starts: list[int]
    ends: list[int]
    years: list[int]
    comp_start: list[int] = field(default_factory=list)
    comp_end: list[int] = field(default_factory=list)
    cut_days: list[int] = field(default_factory=list)
    irr_days: list[int] = field(default_factory=list)


def _plan(system: System, rd: RegionDefaults, sw: ScenarioWeather, years: int) -> _Plan:
    dates = sw.weather.dates
    y0 = int(dates[0].astype("datetime64[Y]").astype(int) + 1970)
    crop = load_crop(system.crop)
    mmdd = rd.sowing.get(system.sowing, system.sowing) if system.sowing in rd.sowing \
        else system.sowing
    if not mmdd:
        raise ParameterError(_("region {region} has no default for '{key}' (system {system})")
                             .format(region=rd.region, key=system.sowing, system=system.id))
    first = _date_index(dates, y0, mmdd, f"{system.id}: main.sowing")
    if crop.record["perennial"] == 1:
        cal = perennial_calendar(system.crop)
        starts, ends = perennial_seasons(dates, sw.weather.tmin_c[0], sw.weather.tmax_c[0], cal,
                                         dates[first])
        starts, ends = list(starts[:years]), list(ends[:years])
        yrs = list(range(1, len(starts) + 1))
    else:
        starts, ends, yrs = [], [], []
        length = int(crop.record["t_maturity"])
        for k in range(years):
            s = _date_index(dates, y0 + k, mmdd, f"{system.id}: main.sowing")
            e = min(s + length - 1, len(dates) - 1)
            starts.append(s)
            ends.append(e)
            yrs.append(1)
    plan = _Plan(starts, ends, yrs)
    c = system.companion
    for k, (s, e) in enumerate(zip(starts, ends, strict=True)):
        if c is not None and k == 0:
            crec = load_crop(c.crop).record
            days = c.harvest_days_after_sowing or int(crec["t_maturity"])
            plan.comp_start.append(s)
            plan.comp_end.append(min(s + days - 1, e))
        else:
            plan.comp_start.append(-1)
            plan.comp_end.append(-1)
        for md in system.cut_dates:
            i = _date_index(dates, y0 + k, md, f"{system.id}: cuts.dates")
            if s <= i <= e:
                plan.cut_days.append(i)
        for md in system.calendar:
            i = _date_index(dates, y0 + k, md, f"{system.id}: irrigation.calendar")
            if s <= i <= e:
                plan.irr_days.append(i)
    return plan


def _management(system: System, rd: RegionDefaults, ec_iw: float) -> np.ndarray:
    m = np.zeros(1, dtype=MANAGEMENT_DTYPE)[0]
    c = system.companion
    values = {
        "fertility_stress_pct": 0.0, "mulch_pct": 0.0, "mulch_effect_pct": 0.0,
        "cc_after_cut": system.cc_after_cut if system.cut_rule != "none" else 0.0,
        "cut_interval": system.cut_interval_gdd,
        "cut_cc_trigger": system.cut_cc_trigger if system.cut_rule == "canopy" else 0.0,
        "irr_mode": IRR_MODES[system.irrigation_rule],
        "irr_trigger_pct_taw": system.trigger_pct_taw, "irr_interval_days": system.interval_days,
        "irr_depth_mm": system.depth_mm,
        "irr_efficiency": system.irrigation.application_efficiency,
        "irr_wetted_fraction": system.irrigation.wetted_fraction,
        "irr_loss_to_air": int(system.irrigation.loss_to_air),
        "leaching_fraction": system.leaching_fraction,
        "sowing_irrigation_mm": system.sowing_irrigation_m3_ha / 10.0,
        "spring_irrigation_mm": system.spring_irrigation_m3_ha / 10.0,
        "irr_zone_m": system.management_depth_m,
        "irr_max_mm_day": system.irrigation.max_application_mm_day,
        "ec_iw_ds_m": ec_iw, "groundwater_depth_m": rd.groundwater_depth_m,
        "ec_gw_ds_m": rd.ec_gw_ds_m, "pond_min_mm": system.pond_min_mm,
        "pond_max_mm": system.pond_max_mm, "bund_height_mm": system.bund_height_mm,
        "percolation_mm_day": system.percolation_mm_day,
        "seepage_mm_day": system.seepage_mm_day,
        "drain_days_before_end": system.drain_days_before_harvest,
        "companion_cco_factor": c.cco_factor if c else 1.0,
        "companion_ccx": c.ccx if c else 0.0, "companion_shade": c.shade if c else 0.0,
        "companion_cut_main": int(c.cut_main_at_harvest) if c else 0,
    }
    if system.cut_rule == "dates":
        values["cut_interval"] = 0.0
    for k, v in values.items():
        m[k] = v
    return m


def leaching_requirement(ec_iw_ds_m: float, ece_target_ds_m: float) -> float:
    """Leaching requirement LR = ECiw/(5·ECe - ECiw) (FAO-29, Ayers & Westcot 1985, eq. 7)."""
    if ec_iw_ds_m <= 0:
        return 0.0
    if ece_target_ds_m <= ec_iw_ds_m / 5.0:
        raise ParameterError(_("target ECe {t} dS/m cannot be kept with irrigation water of "
                               "{iw} dS/m").format(t=ece_target_ds_m, iw=ec_iw_ds_m))
    return ec_iw_ds_m / (5.0 * ece_target_ds_m - ec_iw_ds_m)


@dataclass(frozen=True)
class ScenarioRun:
    """Engine inputs and outputs of a scenario, kept for daily output and inspection."""

    systems: list[System]
    weather: ScenarioWeather
    fields: Fields
    result: SimulationResult
    plans: list[_Plan]
    records: list[SystemYear]
    level: str = "potential"      # production level the run stands for (issue 12)


def run_scenario(region: str, systems: list[str], years: int, seed: int = 1, *,
                 weather_file: str | None = None, soil: str | None = None,
                 ece_ds_m: float | None = None, ec_iw_ds_m: float | None = None,
                 leaching: bool = False, daily: bool = True, level: str = "farm",
                 fertility_stress_pct: dict[str, float] | None = None,
                 weed_cover_pct: dict[str, float] | None = None) -> ScenarioRun:
    """Simulate ``systems`` side by side on one field each of ``region`` for ``years`` years.

    ``level`` is the production level the run stands for (potential, farm or
    calibrated; :mod:`zhassyl.farming.levels`); ``fertility_stress_pct`` (per system)
    replaces the farm level's stress for a calibrated run (``weed_cover_pct`` its weeds).

    ``soil`` (a texture of data/soils/textures.csv), ``ece_ds_m`` (initial
    root-zone ECe) and ``ec_iw_ds_m`` (irrigation water) override the regional
    defaults; with ``leaching`` each system adds the FAO-29 leaching
    requirement for its main crop's salinity threshold.
    """
    if years < 1 or years > 200:
        raise InputError(Problem("--years", None, None, _("years must be within 1..200")))
    if ece_ds_m is not None and not 0 <= ece_ds_m <= 50:
        raise InputError(Problem("--ece-ds-m", None, None, _(
            "initial ECe must be within 0..50 dS/m")))
    if not systems:
        raise InputError(Problem("--systems", None, None, _("no system given")))
    rd = region_defaults(region)
    loaded = [load_system(s) for s in systems]
    sw = scenario_weather(rd.region, years + 1, seed, weather_file)
    profile = soil_texture(soil or rd.soil_texture)
    ec_iw = rd.ec_iw_ds_m if ec_iw_ds_m is None else ec_iw_ds_m
    crop_names: list[str] = []
    for s in loaded:
        for name in [s.crop] + ([s.companion.crop] if s.companion else []):
            if name not in crop_names:
                crop_names.append(name)
    crops = np.array([load_crop(c).record for c in crop_names])
    zmax = float(max(c["zmax_m"] for c in crops))
    comps = soil_table([tuple(profile)], zmax)
    plans = [_plan(s, rd, sw, years) for s in loaded]
    n = len(loaded)
    n_s = max(len(p.starts) for p in plans)

    def pad(rows, fill=-1):
        width = max(1, max(len(r) for r in rows))
        return np.array([list(r) + [fill] * (width - len(r)) for r in rows], dtype=np.int64)

    mgmts = []
    for s in loaded:
        m = _management(s, rd, ec_iw)
        if leaching or s.leaching == "fao29":
            thr = float(load_crop(s.crop).record["salt_threshold_ds_m"])
            m["leaching_fraction"] = leaching_requirement(ec_iw, thr)
        mgmts.append(m)
    comp_crop = [[crop_names.index(s.companion.crop) if (s.companion and k == 0) else -1
                  for k in range(len(p.starts))] for s, p in zip(loaded, plans, strict=True)]
    comp_fodder = [[int(s.companion.harvest == "green-fodder") if s.companion else 0
                    for _k in p.starts] for s, p in zip(loaded, plans, strict=True)]
    # --- production level (issue 12, zhassyl.farming.levels) ---------------------------
    from zhassyl.farming.levels import apply_level, practice_cut_days

    forage = [load_crop(s.crop).record["forage"] == 1 for s in loaded]
    lv = apply_level(level, rd.region, [s.id for s in loaded], crop_names, crops,
                     np.array([crop_names.index(s.crop) for s in loaded]), np.array(mgmts),
                     forage=forage, fertility_stress_pct=fertility_stress_pct,
                     weed_cover_pct=weed_cover_pct)
    for p, is_forage, m in zip(plans, forage, lv.management, strict=True):
        if is_forage and lv.cut_practice is not None and m["cut_interval"] == 0.0 \
                and m["cut_cc_trigger"] == 0.0 and not p.cut_days:
            p.cut_days = practice_cut_days(lv.cut_practice, sw.weather.dates, p.starts, p.ends,
                                           p.years)
    crops, mgmts = lv.crop, lv.management
    # --- end of production level -------------------------------------------------------
    fields = Fields(
        crop=crops, crop_index=lv.crop_index,
        management=np.array(mgmts), management_index=np.arange(n),
        soil=comps, soil_index=np.zeros(n, np.int64), weather_index=np.zeros(n, np.int64),
        season_start=pad([p.starts for p in plans])[:, :n_s],
        season_end=pad([p.ends for p in plans])[:, :n_s],
        season_year=pad([p.years for p in plans], 1)[:, :n_s],
        companion_crop=pad(comp_crop)[:, :n_s], companion_start=pad([p.comp_start for p in plans]),
        companion_end=pad([p.comp_end for p in plans]), companion_fodder=pad(comp_fodder, 0),
        cut_days=pad([p.cut_days for p in plans]), irrigation_days=pad([p.irr_days for p in plans]),
        ece0_ds_m=rd.ece0_ds_m if ece_ds_m is None else ece_ds_m)
    res = simulate(fields, sw.weather, daily=daily)
    records = _records(rd.region, loaded, plans, fields, res, sw, years, daily)
    return ScenarioRun(loaded, sw, fields, res, plans, records, level)


def run_systems(region: str, systems: list[str], years: int, seed: int = 1,
                **kwargs) -> list[SystemYear]:
    """One :class:`SystemYear` per system and year (see :func:`run_scenario`)."""
    return run_scenario(region, systems, years, seed, **kwargs).records


def _monthly(values: np.ndarray, dates: np.ndarray, year: int, how: str) -> tuple[float, ...]:
    months = dates.astype("datetime64[M]").astype(int) % 12
    yrs = dates.astype("datetime64[Y]").astype(int) + 1970
    out = []
    for m in range(12):
        sel = (yrs == year) & (months == m)
        v = values[sel]
        out.append(float(v.sum() if how == "sum" else (v.mean() if v.size else np.nan)))
    return tuple(out)


def _records(region, systems, plans, fields, res, sw, years, daily) -> list[SystemYear]:
    out: list[SystemYear] = []
    dates = sw.weather.dates
    season = res.season
    resid = residue_parameters()
    for f, (s, p) in enumerate(zip(systems, plans, strict=True)):
        main_is_alfalfa = load_crop(s.crop).record["perennial"] == 1
        for k in range(min(len(p.starts), years)):
            v = {name: float(season[f, k, i]) for name, i in S.items()}
            a, b = p.starts[k], p.ends[k]
            year = int(dates[a].astype("datetime64[Y]").astype(int) + 1970)
            cuts = (res.cut_day[f] >= a) & (res.cut_day[f] <= b)
            hay = float(np.nansum(res.cut_biomass_t_ha[f][cuts])) if main_is_alfalfa else 0.0
            grain = straw = 0.0
            grain_crop = ""
            if s.companion and k == 0:
                if s.companion.harvest == "grain":
                    grain = v["companion_yield_t_ha"]
                    straw = v["companion_biomass_t_ha"] - grain
                    grain_crop = s.companion.crop
                else:
                    straw = v["companion_biomass_t_ha"]
            if not main_is_alfalfa:
                grain = v["yield_dry_t_ha"]
                straw = v["biomass_t_ha"] - grain
                grain_crop = s.crop
            ops = list(s.operations_sowing_year if k == 0 else s.operations_later_years)
            ops += list(s.operations_per_cut) * int(cuts.sum())
            if s.companion and k == 0:
                ops += list(s.operations_companion_harvest)
            seed = {s.crop: s.seed_kg_ha} if (k == 0 or not main_is_alfalfa) else {}
            if s.companion and k == 0:
                seed[s.companion.crop] = s.companion.seed_kg_ha
            fert = s.fertiliser_n_kg_ha if (k == 0 or not main_is_alfalfa) else 0.0
            monthly = {}
            if daily and res.daily is not None:
                d = res.daily
                r_main = resid.get(s.crop, resid["barley"])
                growth = np.diff(np.concatenate([[0.0], d["biomass_cum_t_ha"][f]]))
                growth = np.where(growth > 0, growth, 0.0)
                c_in = growth * r_main["root_shoot_ratio"] * r_main["c_fraction"]
                for day in res.cut_day[f][cuts]:
                    i = int(day)
                    c_in[i] += (float(res.cut_biomass_t_ha[f][res.cut_day[f] == day][0])
                                * r_main["stubble_fraction"] * r_main["c_fraction"])
                if s.companion and k == 0:
                    r_c = resid.get(s.companion.crop, resid["barley"])
                    cg = np.diff(np.concatenate([[0.0], d["companion_biomass_t_ha"][f]]))
                    c_in += np.where(cg > 0, cg, 0.0) * r_c["root_shoot_ratio"] * r_c["c_fraction"]
                cover = ((d["canopy_cover"][f] + d["companion_cc"][f]) > 0.1).astype(float)
                monthly = dict(
                    monthly_c_input_t_ha=_monthly(c_in, dates, year, "sum"),
                    monthly_cover=tuple(int(x >= 0.5) for x in _monthly(cover, dates, year,
                                                                       "mean")),
                    monthly_tavg_c=_monthly(sw.tavg_c, dates, year, "mean"),
                    monthly_rain_mm=_monthly(sw.weather.precip_mm[0] + d["irrigation_mm"][f],
                                             dates, year, "sum"),
                    monthly_et0_mm=_monthly(sw.weather.et0_mm[0], dates, year, "sum"))
            out.append(SystemYear(
                system=s.id, region=region, year=k + 1, hay_t_ha=hay, n_cuts=int(cuts.sum()),
                grain_t_ha=grain, grain_crop=grain_crop, straw_t_ha=max(straw, 0.0),
                irrigation_m3_ha=10.0 * v["irrigation_mm"], rain_mm=v["rain_mm"],
                leaching_m3_ha=10.0 * v["leaching_irrigation_mm"],
                # crop evapotranspiration (FAO-56 ETc: soil E + crop T); sprinkler water
                # lost to the air before it reaches the crop is not ET (issue 12)
                et_mm=v["evaporation_mm"] + v["transpiration_mm"]
                + v["companion_transpiration_mm"],
                drainage_mm=v["drainage_mm"] + v["seepage_mm"], ece_ds_m=v["ece_mean_ds_m"],
                irrigation_method=s.irrigation.method, seed_kg_ha=seed, operations=tuple(ops),
                fertiliser_n_kg_ha=fert, flooded_days=int(v["flooded_days"]),
                alfalfa_shoot_dm_t_ha=v["biomass_t_ha"] if main_is_alfalfa else 0.0,
                **monthly))
    return out
