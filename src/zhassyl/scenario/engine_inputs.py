"""The one builder of the engine's inputs for a batch of field scenarios.

A *unit* is one engine field: a scenario and one of its systems.  Units are
grouped so that each group is one call of
:func:`zhassyl.engine.simulate.simulate`: the same weather calendar and the
same number of soil compartments (a soil profile is divided down to the
deepest root zone of the unit's own crops, so a unit's inputs never depend
on which other units share its batch).  Parameter tables (crops, managements,
soil profiles, weather stations) are shared through index arrays, and each
group's :class:`~zhassyl.engine.simulate.Fields` can be cut into chunks with
:func:`take_fields` (what a Dask worker would receive).

Engine inputs are built here and nowhere else: the farming scenarios, the
economics risk analysis, the AquaCrop project runner and the benchmark all
come through :func:`engine_batch` or :func:`assemble_fields`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from zhassyl.engine.layout import MANAGEMENT_DTYPE
from zhassyl.engine.simulate import Fields, SoilCompartments, Weather, default_settings, soil_table
from zhassyl.farming.crops import load_crop
from zhassyl.farming.levels import CutPractice, apply_level, practice_cut_days
from zhassyl.farming.scenario import (
    RegionDefaults,
    ScenarioWeather,
    SeasonPlan,
    leaching_requirement,
    management_record,
    region_defaults,
    scenario_weather,
    season_plan,
)
from zhassyl.farming.soils import soil_texture
from zhassyl.farming.systems import System, load_system
from zhassyl.scenario.model import FieldScenario


@dataclass(frozen=True)
class EngineParameters:
    """Crop parameter rows (main crop first, then the companion) and the management row.

    ``cut_practice`` is the region's cutting practice when the scenario's
    production level dates the cuts of a forage crop (:func:`plan_at_level`).
    """

    crop_names: tuple[str, ...]
    crops: tuple[np.void, ...]
    management: np.void
    cut_practice: CutPractice | None = None


def engine_parameters(scenario: FieldScenario, system: System,
                      crop_records: dict | None = None) -> EngineParameters:
    """Crop and management rows of ``system`` on the field of ``scenario``.

    The one place where these rows are made for the engine.  The FAO-29
    leaching requirement for the main crop's salinity threshold is added when
    the scenario or the system asks for it.  The production level
    (``scenario.level``) is applied last by
    :func:`zhassyl.farming.levels.apply_level`: at ``potential`` the rows are
    unchanged; at ``farm`` the region's soil-fertility stress and weed cover
    (``data/levels/farm_levels.csv``) and the crops' fertility response; at
    ``calibrated`` the stress fitted to the field's measurements
    (``scenario.fertility_stress_pct``).  ``crop_records`` caches the packaged
    crop records by name across calls.
    """
    names = (system.crop,) + ((system.companion.crop,) if system.companion else ())
    cache = {} if crop_records is None else crop_records
    for c in names:
        if c not in cache:
            cache[c] = load_crop(c).record.copy()
    crops = tuple(cache[c].copy() for c in names)   # a level may change its own copy
    rd = _site_defaults(scenario)
    m = management_record(system, rd, scenario.ec_iw_ds_m)
    if scenario.leaching or system.leaching == "fao29":
        thr = float(crops[0]["salt_threshold_ds_m"])
        m["leaching_fraction"] = leaching_requirement(scenario.ec_iw_ds_m, thr)
    if scenario.level == "potential":
        return EngineParameters(names, crops, m)
    forage = bool(crops[0]["forage"] == 1)
    lv = apply_level(scenario.level, rd.region, [system.id], list(names), np.array(crops),
                     np.zeros(1, np.int64), np.array([m]), forage=[forage],
                     fertility_stress_pct=dict(scenario.fertility_stress_pct) or None,
                     weed_cover_pct=dict(scenario.weed_cover_pct) or None)
    main = lv.crop[int(lv.crop_index[0])]
    level_crops = (main,) + tuple(lv.crop[k] for k in range(1, len(names)))
    return EngineParameters(names, level_crops, lv.management[0], lv.cut_practice)


def plan_at_level(plan: SeasonPlan, params: EngineParameters,
                  dates: np.ndarray) -> SeasonPlan:
    """``plan`` with the cuts of the region's practice when the level dates them.

    A forage crop at the farm or calibrated level is cut on the days of the
    region's practice (:func:`zhassyl.farming.levels.practice_cut_days`) unless
    its system gives its own cut dates; when the system mows the alfalfa with
    its green cover, the sowing year's next cut follows the cover's cut after
    a full regrowth interval.  ``plan`` itself is not changed.
    """
    if params.cut_practice is None or plan.cut_days:
        return plan
    covers = None
    if int(params.management["companion_cut_main"]) == 1 and plan.comp_end:
        covers = list(plan.comp_end)
    return replace(plan, cut_days=practice_cut_days(params.cut_practice, dates, plan.starts,
                                                    plan.ends, plan.years, covers))


def _site_defaults(scenario: FieldScenario) -> RegionDefaults:
    """Region defaults with the scenario's own site values (water table, sowing dates)."""
    rd = region_defaults(scenario.region)
    return replace(rd, soil_texture=scenario.soil_texture, ece0_ds_m=scenario.ece0_ds_m,
                   ec_iw_ds_m=scenario.ec_iw_ds_m,
                   groundwater_depth_m=scenario.groundwater_depth_m,
                   ec_gw_ds_m=scenario.ec_gw_ds_m)


def station_key(scenario: FieldScenario) -> tuple:
    """What determines a scenario's daily weather."""
    if scenario.weather_file:
        return (scenario.region, "file", scenario.weather_file, scenario.years)
    return (scenario.region, "seed", scenario.weather_seed, scenario.years + 1,
            scenario.start_year)


def station_weather(scenario: FieldScenario) -> ScenarioWeather:
    """Daily weather of the scenario's site: generated (seeded) or from its file.

    Generated weather has one calendar year more than the scenario's years, so
    that a perennial's last season can end in the following spring; a measured
    file need only cover the years asked for (issue 18: a one-year station
    record is usable).
    """
    years = scenario.years if scenario.weather_file else scenario.years + 1
    return scenario_weather(scenario.region, years, scenario.weather_seed,
                            scenario.weather_file, start_year=scenario.start_year)


@dataclass
class EngineUnit:
    """The engine inputs of one field: parameter rows, soil, weather station, calendar."""

    params: EngineParameters
    soil_profile: tuple           # (horizons, CN, REW, CRa, CRb)
    soil_key: object
    station: int                  # index into the batch's stations
    plan: SeasonPlan
    ece0_ds_m: float
    companion_fodder: bool = False


@dataclass(frozen=True)
class EngineGroup:
    """Inputs of one engine call: fields, weather, and which units they are."""

    fields: Fields
    weather: Weather
    units: np.ndarray             # positions of the group's units in the batch
    stations: tuple[int, ...]     # batch station of each weather row


def _zmax(params: EngineParameters) -> float:
    return float(max(c["zmax_m"] for c in params.crops))


def assemble_fields(units: Sequence[EngineUnit], station_rows: dict[int, int],
                    n_comp_profiles: dict | None = None,
                    settings: np.ndarray | None = None) -> Fields:
    """:class:`Fields` of ``units`` sharing de-duplicated parameter tables.

    ``station_rows`` maps a unit's station to its row in the weather arrays.
    """
    crop_rows: dict[bytes, int] = {}
    crops: list[np.void] = []
    mgmt_rows: dict[bytes, int] = {}
    mgmts: list[np.void] = []
    soil_rows: dict[object, int] = {}
    profiles: list[tuple] = []
    zmaxes: list[float] = []

    def crop_index(rec) -> int:
        key = rec.tobytes()
        if key not in crop_rows:
            crop_rows[key] = len(crops)
            crops.append(rec)
        return crop_rows[key]

    n = len(units)
    ci = np.zeros(n, np.int64)
    mi = np.zeros(n, np.int64)
    si = np.zeros(n, np.int64)
    wi = np.zeros(n, np.int64)
    comp_crop: list[list[int]] = []
    for k, u in enumerate(units):
        ci[k] = crop_index(u.params.crops[0])
        key = u.params.management.tobytes()
        if key not in mgmt_rows:
            mgmt_rows[key] = len(mgmts)
            mgmts.append(u.params.management)
        mi[k] = mgmt_rows[key]
        skey = (u.soil_key, _zmax(u.params))
        if skey not in soil_rows:
            soil_rows[skey] = len(profiles)
            profiles.append(u.soil_profile)
            zmaxes.append(_zmax(u.params))
        si[k] = soil_rows[skey]
        wi[k] = station_rows[u.station]
        comp = crop_index(u.params.crops[1]) if len(u.params.crops) > 1 else -1
        comp_crop.append([comp if (c >= 0 and j == 0) else -1
                          for j, c in enumerate(u.plan.comp_start)])
    plans = [u.plan for u in units]
    n_s = max(1, max(len(p.starts) for p in plans))

    def pad(rows, fill=-1, width=None):
        width = width or max(1, max(len(r) for r in rows))
        return np.array([list(r)[:width] + [fill] * (width - len(r)) for r in rows],
                        dtype=np.int64)

    soils = soil_table(profiles, zmaxes)
    return Fields(
        crop=np.array(crops), crop_index=ci, management=np.array(mgmts, dtype=MANAGEMENT_DTYPE),
        management_index=mi, soil=soils, soil_index=si, weather_index=wi,
        season_start=pad([p.starts for p in plans], width=n_s),
        season_end=pad([p.ends for p in plans], width=n_s),
        season_year=pad([p.years for p in plans], 1, width=n_s),
        companion_crop=pad(comp_crop, width=n_s),
        companion_start=pad([p.comp_start for p in plans], width=n_s),
        companion_end=pad([p.comp_end for p in plans], width=n_s),
        companion_fodder=pad([[int(u.companion_fodder)] * len(u.plan.starts) for u in units], 0,
                             width=n_s),
        cut_days=pad([p.cut_days for p in plans]),
        irrigation_days=pad([p.irr_days for p in plans]),
        ece0_ds_m=np.array([u.ece0_ds_m for u in units], float),
        settings=default_settings() if settings is None else settings)


def n_compartments(profile: tuple, zmax_m: float) -> int:
    """Number of compartments of ``profile`` divided down to ``zmax_m``."""
    return soil_table([profile], zmax_m).dz_m.shape[1]


@dataclass(frozen=True)
class EngineBatch:
    """Every unit of a batch: (scenario index, system), its system, weather and groups."""

    units: tuple[tuple[int, str], ...]
    systems: tuple[System, ...]
    plans: tuple[SeasonPlan, ...]
    stations: tuple[ScenarioWeather, ...]
    unit_station: np.ndarray
    groups: tuple[EngineGroup, ...]


def keeps_irrigation(system: System, method: str) -> bool:
    """True when ``system`` keeps its own irrigation whatever method is chosen.

    A ponded paddy (rule ``ponded``: rice under flooding) is a basin by
    definition; and a system already irrigated by ``method`` is unchanged.
    """
    return system.irrigation_rule == "ponded" or system.irrigation.method == method


def with_irrigation(system: System, method: str) -> System:
    """``system`` irrigated by ``method`` (efficiency, wetted fraction, daily cap from
    ``data/irrigation/methods.csv``); its rule, trigger and operations unchanged."""
    from dataclasses import replace

    from zhassyl.farming.systems import irrigation_methods

    return replace(system, irrigation=irrigation_methods()[method])


def engine_batch(scenarios: Sequence[FieldScenario],
                 units: Sequence[tuple[int, str]]) -> EngineBatch:
    """Engine inputs of ``units`` (scenario index, system) of ``scenarios``.

    Weather stations, systems, plans and soil profiles are made once per
    distinct key and shared.
    """
    station_of: dict[tuple, int] = {}
    stations: list[ScenarioWeather] = []
    systems: dict[str, System] = {}
    plans: dict[tuple, SeasonPlan] = {}
    profiles: dict[str, tuple] = {}
    ncomp: dict[tuple, int] = {}
    built: list[EngineUnit] = []
    unit_systems: list[System] = []
    crop_records: dict = {}
    for si, name in units:
        sc = scenarios[si]
        key = station_key(sc)
        if key not in station_of:
            station_of[key] = len(stations)
            stations.append(station_weather(sc))
        st = station_of[key]
        skey = sc.system_key(name)  # a user's file: its id and digest
        if skey not in systems:
            systems[skey] = load_system(sc.system_source(name))
        method = sc.irrigation_for(name)
        if method is not None and not keeps_irrigation(systems[skey], method):
            skey = f"{skey}|irrigation={method}"
            if skey not in systems:
                systems[skey] = with_irrigation(systems[sc.system_key(name)], method)
        system = systems[skey]
        pkey = (st, skey, sc.years)
        if pkey not in plans:
            plans[pkey] = season_plan(system, region_defaults(sc.region), stations[st], sc.years)
        if sc.soil_texture not in profiles:
            profiles[sc.soil_texture] = tuple(soil_texture(sc.soil_texture))
        params = engine_parameters(sc, system, crop_records)
        lkey = pkey + (params.cut_practice,)
        if lkey not in plans:
            plans[lkey] = plan_at_level(plans[pkey], params, stations[st].weather.dates)
        profile = profiles[sc.soil_texture]
        built.append(EngineUnit(params, profile, sc.soil_texture, st, plans[lkey],
                                sc.ece0_ds_m,
                                bool(system.companion
                                     and system.companion.harvest == "green-fodder")))
        unit_systems.append(system)
    groups: dict[tuple, list[int]] = {}
    for k, u in enumerate(built):
        zkey = (u.soil_key, _zmax(u.params))
        if zkey not in ncomp:
            ncomp[zkey] = n_compartments(u.soil_profile, zkey[1])
        w = stations[u.station].weather
        gkey = (str(w.dates[0]), w.n_days, ncomp[zkey])
        groups.setdefault(gkey, []).append(k)
    out = []
    for members in groups.values():
        sts = sorted({built[k].station for k in members})
        rows = {s: i for i, s in enumerate(sts)}
        ws = [stations[s].weather for s in sts]
        weather = Weather(ws[0].dates, np.vstack([w.tmin_c for w in ws]),
                          np.vstack([w.tmax_c for w in ws]), np.vstack([w.et0_mm for w in ws]),
                          np.vstack([w.precip_mm for w in ws]), ws[0].co2_ppm)
        fields = assemble_fields([built[k] for k in members], rows)
        out.append(EngineGroup(fields, weather, np.array(members, np.int64), tuple(sts)))
    return EngineBatch(tuple(units), tuple(unit_systems), tuple(u.plan for u in built),
                       tuple(stations), np.array([u.station for u in built], np.int64),
                       tuple(out))


def take_fields(fields: Fields, idx) -> Fields:
    """The fields ``idx`` of ``fields`` (shared parameter tables kept whole).

    What one worker needs to simulate a chunk: per-field arrays are cut, the
    crop, management and soil tables and the settings are shared.
    """
    idx = np.asarray(idx, np.int64)
    n = fields.n

    def cut(a):
        if a is None:
            return None
        a = np.asarray(a)
        if a.ndim == 0:
            return a
        if a.shape[0] == n:
            return np.ascontiguousarray(a[idx])
        return np.ascontiguousarray(np.broadcast_to(a, (n,) + a.shape[1:])[idx])

    return replace(
        fields, crop_index=cut(fields.crop_index), management_index=cut(fields.management_index),
        soil_index=cut(fields.soil_index), weather_index=cut(fields.weather_index),
        season_start=cut(fields.season_start), season_end=cut(fields.season_end),
        season_year=cut(fields.season_year), cut_days=cut(fields.cut_days),
        theta0=cut(fields.theta0), ece0_ds_m=cut(fields.ece0_ds_m),
        companion_crop=cut(fields.companion_crop), companion_start=cut(fields.companion_start),
        companion_end=cut(fields.companion_end), companion_fodder=cut(fields.companion_fodder),
        irrigation_days=cut(fields.irrigation_days), gw_depth_m=cut(fields.gw_depth_m),
        gw_ec_ds_m=cut(fields.gw_ec_ds_m), aquifer=_cut_rows(fields.aquifer, n, idx),
        aquifer_inflow_mm=_cut_rows(fields.aquifer_inflow_mm, n, idx),
        aquifer_salt_in_g_m2=_cut_rows(fields.aquifer_salt_in_g_m2, n, idx))


def _cut_rows(a, n, idx):
    """Rows ``idx`` of a per-field array, or the array itself when it has one row for all."""
    if a is None or np.shape(a)[0] != n or n == 1 and len(idx) == 1:
        return a
    return np.ascontiguousarray(np.asarray(a)[idx])


__all__ = ["EngineBatch", "EngineGroup", "EngineParameters", "EngineUnit", "SoilCompartments",
           "assemble_fields", "engine_batch", "engine_parameters", "plan_at_level",
           "take_fields"]
