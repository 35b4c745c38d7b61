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

from zhassyl.engine.layout import MANAGEMENT_DTYPE, IrrigationMode
from zhassyl.engine.perennial import PerennialCalendar, SeasonCriterion, perennial_seasons
from zhassyl.engine.simulate import (
    SimulationResult,
    Weather,
)
from zhassyl.errors import InputError, ParameterError, Problem
from zhassyl.farming.crops import load_crop
from zhassyl.farming.results import SystemYear
from zhassyl.farming.soils import soil_clay_pct, soil_texture  # noqa: F401 (moved)
from zhassyl.farming.systems import System
from zhassyl.i18n import _

#: Atmospheric CO2 of the scenarios [ppm]: Mauna Loa annual mean 2016 (404.41), from
#: AquaCrop's MaunaLoa.CO2 in the reference test case; held constant.
SCENARIO_CO2_PPM = 404.41
#: The engine's irrigation modes by the name a system file gives its irrigation rule.
IRR_MODES = {mode.name.lower(): int(mode) for mode in IrrigationMode}


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


@cache
def _generator_parameters(region: str):
    """Weather-generator parameters of a region's station (made once per process)."""
    from zhassyl.weather.regional import generator_parameters_for_regions

    return generator_parameters_for_regions([region])


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
    from zhassyl.weather.regional import dew_offset_c, regional_et0

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
        gen = generate(_generator_parameters(st.region), years=years, seed=seed,
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
class SeasonPlan:
    """Seasons, companion and cut days of one system on the scenario calendar."""

    starts: list[int]
    ends: list[int]
    years: list[int]
    comp_start: list[int] = field(default_factory=list)
    comp_end: list[int] = field(default_factory=list)
    cut_days: list[int] = field(default_factory=list)
    irr_days: list[int] = field(default_factory=list)


def season_plan(system: System, rd: RegionDefaults, sw: ScenarioWeather,
                years: int) -> SeasonPlan:
    """Season, companion, cut and calendar-irrigation days of ``system`` on the weather calendar."""
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
    plan = SeasonPlan(starts, ends, yrs)
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


def management_record(system: System, rd: RegionDefaults, ec_iw: float) -> np.ndarray:
    """The engine's management record of ``system`` on a site of ``rd`` with water ``ec_iw``."""
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
    """Engine inputs and outputs of one scenario's systems, for daily output and inspection.

    ``result`` holds one engine field per system, in the order given.
    """

    systems: list[System]
    weather: ScenarioWeather
    result: SimulationResult
    plans: list[SeasonPlan]
    records: list[SystemYear]
    scenario: object = None       # the FieldScenario simulated

    @property
    def level(self) -> str:
        """The production level the run stands for (:mod:`zhassyl.farming.levels`)."""
        return getattr(self.scenario, "level", "potential")


def run_scenario(region: str, systems: list[str], years: int, seed: int = 1, *,
                 weather_file: str | None = None, soil: str | None = None,
                 ece_ds_m: float | None = None, ec_iw_ds_m: float | None = None,
                 leaching: bool = False, daily: bool = True, level: str = "farm",
                 fertility_stress_pct: dict[str, float] | None = None,
                 weed_cover_pct: dict[str, float] | None = None) -> ScenarioRun:
    """Simulate ``systems`` side by side on one field of ``region`` for ``years`` years.

    ``level`` is the production level the run stands for (potential, farm or
    calibrated; :mod:`zhassyl.farming.levels`); ``fertility_stress_pct`` (per system)
    replaces the farm level's stress for a calibrated run (``weed_cover_pct`` its weeds).

    ``soil`` (a texture of data/soils/textures.csv), ``ece_ds_m`` (initial root-zone
    ECe) and ``ec_iw_ds_m`` (irrigation water) override the regional defaults;
    with ``leaching`` each system adds the FAO-29 leaching requirement for its
    main crop's salinity threshold.
    """
    from zhassyl.scenario.builders import field_scenario
    from zhassyl.scenario.run import simulate_one

    sc = field_scenario("field", region, systems, years, soil=soil, ece0_ds_m=ece_ds_m,
                        ec_iw_ds_m=ec_iw_ds_m, leaching=leaching, weather_seed=seed,
                        weather_file=weather_file, level=level,
                        fertility_stress_pct=fertility_stress_pct,
                        weed_cover_pct=weed_cover_pct, where="<input>")
    eb, res, records = simulate_one(sc, daily=daily, monthly=daily)
    return ScenarioRun(list(eb.systems), eb.stations[0], res, list(eb.plans),
                       [r for recs in records for r in recs], sc)


def run_systems(region: str, systems: list[str], years: int, seed: int = 1,
                **kwargs) -> list[SystemYear]:
    """One :class:`SystemYear` per system and year (see :func:`run_scenario`)."""
    return run_scenario(region, systems, years, seed, **kwargs).records


# older private names, kept for callers written before the scenario layer
_Plan = SeasonPlan
_plan = season_plan
_management = management_record
