"""Run an AquaCrop 7 project (``.PRM``) with the Zhassyl engine.

The project's crop, soil, management and climate files are read with the
readers of this package and mapped onto the engine's parameter records.
The engine inputs are made by the scenario layer's one builder
(:func:`zhassyl.scenario.engine_inputs.assemble_fields`).  Consecutive runs that
keep the soil water of the previous run and share the crop, soil and management
files are simulated as one continuous chain (soil water, perennial stand and
stored assimilates carry over); any other run starts from a profile at field
capacity, as AquaCrop does.

Options that Zhassyl does not model are reported as an
:class:`~zhassyl.errors.InputError` naming the file and line, never ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from zhassyl.aquacrop._common import date_from_day_number
from zhassyl.aquacrop.climate import read_co2, read_eto, read_rain, read_temperature
from zhassyl.aquacrop.crop import CropParameters, CropType, read_crop
from zhassyl.aquacrop.fielddata import read_observations, read_program_parameters
from zhassyl.aquacrop.initial import read_groundwater, read_initial_conditions
from zhassyl.aquacrop.irrigation import IrrigationMode, read_irrigation
from zhassyl.aquacrop.management import CuttingCriterion, Management, read_management
from zhassyl.aquacrop.project import Project, ProjectRun, read_project
from zhassyl.aquacrop.soil import read_soil
from zhassyl.engine.layout import CROP_DTYPE, MANAGEMENT_DTYPE
from zhassyl.engine.layout import IrrigationMode as EngineIrrigation
from zhassyl.engine.simulate import (
    Horizon,
    SimulationResult,
    Weather,
    default_settings,
    simulate,
)
from zhassyl.errors import InputError, Problem
from zhassyl.farming.scenario import SeasonPlan
from zhassyl.i18n import _
from zhassyl.scenario.engine_inputs import EngineParameters, EngineUnit, assemble_fields

#: Columns of ``zhassyl aquacrop``'s daily output.
DAILY_COLUMNS = ("date", "run", "biomass_cum_t_ha", "yield_dry_cum_t_ha", "canopy_cover_pct",
                 "transpiration_mm", "evaporation_mm", "drainage_mm", "irrigation_mm",
                 "ece_root_zone_ds_m", "capillary_rise_mm", "water_table_m")
#: Further daily engine outputs kept in :attr:`RunResult.daily` (not in the CLI's table).
EXTRA_DAILY = ("storage_mm", "root_depth_m", "transpiration_pot_mm", "ks_sto", "ece_ds_m")


def _v(value, default=0.0) -> float:
    return float(default if value is None else value)


def crop_record(crop: CropParameters) -> np.ndarray:
    """Engine crop record (``CROP_DTYPE``) from an AquaCrop crop file."""
    gdd = crop.cycle_in_gdd
    rec = np.zeros(1, dtype=CROP_DTYPE)[0]
    forage = crop.crop_type == CropType.FORAGE
    t = (lambda g, d: _v(g)) if gdd else (lambda g, d: _v(d))
    values = {
        "gdd_mode": int(gdd), "tbase_c": crop.t_base_c, "tupper_c": crop.t_upper_c,
        "perennial": int(forage), "forage": int(forage),
        "cco": crop.cc0_fraction, "cc_ini": crop.cc_ini_regrowth_fraction,
        "ccx": crop.ccx_fraction,
        "cgc": _v(crop.cgc_per_gdd) if gdd else crop.cgc_per_day,
        "cdc": _v(crop.cdc_per_gdd) if gdd else crop.cdc_per_day,
        "t_emergence": t(crop.gdd_to_emergence_cday, crop.days_to_emergence),
        "t_max_rooting": t(crop.gdd_to_max_rooting_cday, crop.days_to_max_rooting),
        "t_senescence": t(crop.gdd_to_senescence_cday, crop.days_to_senescence),
        "t_maturity": t(crop.gdd_to_maturity_cday, crop.days_to_maturity),
        "t_hi_build": t(crop.gdd_to_hi_buildup_cday, crop.days_to_hi_buildup),
        "p_exp_upper": crop.p_expansion_upper, "p_exp_lower": crop.p_expansion_lower,
        "shape_exp": crop.ks_shape_expansion, "p_sto": crop.p_stomata_upper,
        "shape_sto": crop.ks_shape_stomata, "p_sen": crop.p_senescence_upper,
        "shape_sen": crop.ks_shape_senescence, "p_adjust": int(crop.p_adjusted_to_eto),
        "anaerobic_point_pct": float(crop.anaerobic_point_vol_pct),
        "et0_dormancy_mm": max(float(crop.sum_eto_dormancy_wilting_mm), 1.0),
        "kctr_x": crop.kc_tr_x, "kc_decline_pct": crop.kc_decline_cumulative_pct,
        "cc_effect_evap_pct": crop.cc_effect_evaporation_late_pct,
        "zmin_m": crop.zr_min_m, "zmax_m": crop.zr_max_m,
        "root_shape": crop.root_shape_factor,
        "smax_top_q": crop.sx_top_quarter_m3_m3_day,
        "smax_bot_q": crop.sx_bottom_quarter_m3_m3_day,
        "wp_g_m2": crop.wp_star_g_m2, "co2_sink_pct": crop.co2_sink_strength_pct,
        "hi_ref_pct": crop.hi0_pct, "gdd_transp_low": crop.gdd_min_full_transpiration_cday,
        # AquaCrop's linear salinity response between ECe_n and ECe_x as a threshold-slope
        # (Maas-Hoffman) response, Ky 1
        "salt_threshold_ds_m": crop.ece_min_ds_m,
        "salt_slope_pct": 100.0 / max(crop.ece_max_ds_m - crop.ece_min_ds_m, 1e-6),
        "ky": 1.0, "establishment_t_ha": 0.0,
        "years_ccx_90": crop.years_ccx_decline_90pct, "self_thin_shape": crop.ccx_decline_shape,
        "fert_shape_cgc": crop.fertility_shape_cgc, "fert_shape_ccx": crop.fertility_shape_ccx,
        "fert_shape_wp": crop.fertility_shape_wp,
        "fert_shape_decline": crop.fertility_shape_cdecline,
        "assim_on": int(bool(crop.assimilate_transfer) and forage),
        "assim_days": max(float(crop.assimilate_storage_days or 0), 1.0),
        "assim_stored_pct": _v(crop.assimilate_stored_pct),
        "assim_mobilised_pct": _v(crop.assimilate_remobilised_pct),
        "dry_matter_pct": _v(crop.dry_matter_content_pct, 100.0),
        "zmin_year1_m": _v(crop.zr_min_year1_m, crop.zr_min_m),
    }
    for k, v in values.items():
        rec[k] = v
    return rec


def _unsupported(source: str, row: int | None, column: str, what: str) -> Problem:
    return Problem(source, row, column, _("not supported by Zhassyl: {what}").format(what=what))


def management_record(man: Management, crop: CropParameters) -> tuple[np.ndarray, list[Problem]]:
    """Engine management record from an AquaCrop .MAN file, and the unsupported options."""
    rec = np.zeros(1, dtype=MANAGEMENT_DTYPE)[0]
    problems: list[Problem] = []
    src = man.source
    if man.bund_height_m > 0:
        problems.append(_unsupported(src, None, "bund_height_m", _("soil bunds (ponding)")))
    if man.weed_cover_at_closure_pct > 0:
        problems.append(_unsupported(src, None, "weed_cover_at_closure_pct",
                                     _("weed infestation")))
    if man.runoff_prevented:
        problems.append(_unsupported(src, None, "runoff_prevented",
                                     _("surface runoff prevented by field practices")))
    c = man.cuttings
    interval = 0.0
    if c.considered:
        if c.window_first_day != 1 or c.window_length_days is not None:
            problems.append(_unsupported(src, None, "window_first_day",
                                         _("a cutting window shorter than the growth cycle")))
        if c.generated:
            ok = {CuttingCriterion.INTERVAL_GDD: crop.cycle_in_gdd,
                  CuttingCriterion.INTERVAL_DAYS: not crop.cycle_in_gdd}
            if not ok.get(c.criterion, False) or len(c.rules) != 1:
                problems.append(_unsupported(src, None, "criterion", _(
                    "generated cuttings other than one fixed interval in the crop's time "
                    "unit")))
            else:
                r = c.rules[0]
                interval = _v(r.interval_gdd_cday if crop.cycle_in_gdd else r.interval_days)
        if c.harvest_at_maturity:
            problems.append(_unsupported(src, None, "harvest_at_maturity",
                                         _("a final harvest at crop maturity")))
    values = {
        "fertility_stress_pct": man.fertility_stress_pct,
        "mulch_pct": man.mulch_cover_pct, "mulch_effect_pct": man.mulch_evaporation_reduction_pct,
        "cc_after_cut": c.cc_after_cut_pct / 100.0 if c.considered else 0.0,
        "cut_interval": interval, "cut_cc_trigger": 0.0, "irr_mode": int(EngineIrrigation.NONE),
        "irr_trigger_pct_taw": 0.0, "irr_interval_days": 0.0, "irr_depth_mm": 0.0,
        "irr_efficiency": 1.0, "irr_wetted_fraction": 1.0, "irr_loss_to_air": 0,
        "leaching_fraction": 0.0, "sowing_irrigation_mm": 0.0,
        "spring_irrigation_mm": 0.0, "irr_zone_m": 0.0, "irr_max_mm_day": 0.0, "ec_iw_ds_m": 0.0,
        "groundwater_depth_m": 0.0, "ec_gw_ds_m": 0.0, "pond_min_mm": 0.0, "pond_max_mm": 0.0,
        "bund_height_mm": 0.0, "percolation_mm_day": 0.0, "seepage_mm_day": 0.0,
        "drain_days_before_end": 0.0, "companion_cco_factor": 1.0, "companion_ccx": 0.0,
        "companion_shade": 0.0, "companion_cut_main": 0,
    }
    for k, v in values.items():
        rec[k] = v
    return rec, problems


@dataclass(frozen=True)
class RunResult:
    """Engine output for the runs of a project.

    ``daily`` holds the rows of :data:`DAILY_COLUMNS`; ``seasons`` one dict per
    run with the season totals; ``harvests`` one dict per cut.
    """

    project: Project
    daily: dict[str, np.ndarray]
    seasons: list[dict]
    harvests: list[dict]


def _date(d: dt.date) -> np.datetime64:
    return np.datetime64(d.isoformat(), "D")


def _slice(series_dates: np.ndarray, values: np.ndarray, first: np.datetime64, n: int,
           source: str, column: str) -> np.ndarray:
    i0 = int((first - series_dates[0]).astype(int))
    if i0 < 0 or i0 + n > len(values):
        raise InputError(Problem(source, None, column, _(
            "the simulation period {first}..{last} is outside the data {a}..{b}").format(
                first=first, last=first + n - 1, a=series_dates[0], b=series_dates[-1])))
    return np.asarray(values[i0:i0 + n], dtype=float)


def _chains(project: Project) -> list[list[ProjectRun]]:
    chains: list[list[ProjectRun]] = []
    for run in project.runs:
        if chains:
            prev = chains[-1][-1]
            same = all(getattr(run, k).path == getattr(prev, k).path
                       for k in ("crop", "soil", "management", "temperature", "eto", "rain",
                                 "groundwater"))
            if (run.keep_soil_water_of_previous_run and same
                    and run.simulation_first_day_number == prev.simulation_last_day_number + 1):
                chains[-1].append(run)
                continue
            if run.keep_soil_water_of_previous_run:
                raise InputError(_unsupported(
                    project.source, run.first_row, "initial_conditions",
                    _("keeping the soil water of a previous run that is not directly before "
                      "it or uses another crop, soil, management or climate file")))
        chains.append([run])
    return chains


def run_project(path: str | Path) -> RunResult:
    """Read and simulate every run of the AquaCrop project ``path``."""
    project = read_project(path, strict=True)
    settings = default_settings()
    if project.program_parameters is not None:
        pp = read_program_parameters(project.program_parameters)
        if pp.gdd_method != 3:
            raise InputError(_unsupported(pp.source, None, "gdd_method",
                                          _("growing degree days by a method other than 3")))
        settings = default_settings(
            evap_decline=float(pp.evaporation_decline_factor), kex=pp.kex_wet_bare_soil,
            evap_zmax_m=max(pp.evaporation_depth_cm / 100.0, 0.15),
            root_start_pct=float(pp.root_expansion_start_pct_zmin),
            root_stress_shape=float(pp.ks_shape_root_expansion),
            top_soil_m=pp.top_soil_thickness_cm / 100.0, cn_depth_m=pp.cn_soil_depth_m,
            cn_adjust=int(pp.cn_adjusted_to_amc), p_sen_beta_pct=float(pp.p_sen_decrease_pct),
            low_oxygen_delay_days=float(max(pp.aeration_delay_days, 1)))
    cols = {k: [] for k in DAILY_COLUMNS + EXTRA_DAILY}
    seasons: list[dict] = []
    harvests: list[dict] = []
    for chain in _chains(project):
        first = chain[0]
        crop = read_crop(first.crop.path)
        soil = read_soil(first.soil.path)
        man, problems = management_record(read_management(first.management.path), crop)
        if problems:
            raise InputError(problems)
        crop_rec = crop_record(crop)
        for k, h in enumerate(soil.horizons):
            if h.penetrability_pct < 100:
                raise InputError(_unsupported(soil.source, None, f"horizon {k + 1} penetrability",
                                              _("a soil horizon that restricts root growth")))
        horizons = [Horizon(h.thickness_m, h.theta_sat_vol_pct / 100, h.theta_fc_vol_pct / 100,
                            h.theta_wp_vol_pct / 100, h.ksat_mm_day, h.tau)
                    for h in soil.horizons]
        start = _date(first.simulation_first_date)
        end = _date(chain[-1].simulation_last_date)
        n_days = int((end - start).astype(int)) + 1
        dates = start + np.arange(n_days)
        tnx = read_temperature(first.temperature.path)
        eto = read_eto(first.eto.path)
        plu = read_rain(first.rain.path)
        tmin = _slice(tnx.dates, tnx.tmin_c, start, n_days, tnx.source, "tmin_c")
        tmax = _slice(tnx.dates, tnx.tmax_c, start, n_days, tnx.source, "tmax_c")
        et0 = _slice(eto.dates, eto.eto_mm, start, n_days, eto.source, "eto_mm")
        rain = _slice(plu.dates, plu.rain_mm, start, n_days, plu.source, "rain_mm")
        if first.co2.path is not None:
            co2t = read_co2(first.co2.path)
            years = dates.astype("datetime64[Y]").astype(int) + 1970
            co2 = np.interp(years, co2t.year, co2t.co2_ppm)
        else:
            co2 = np.full(n_days, 369.41)  # AquaCrop's reference CO2 (year 2000)
        weather = Weather(dates, tmin[None], tmax[None], et0[None], rain[None], co2)
        ss, se, sy = [], [], []
        for run in chain:
            ss.append(weather.day_index(_date(run.crop_first_date)))
            se.append(weather.day_index(_date(run.crop_last_date)))
            sy.append(run.year_of_cultivation)
        m = read_management(first.management.path)
        cut_days = []
        if m.cuttings.considered and not m.cuttings.generated:
            for d in m.cuttings.cut_dates:
                i = int((_date(d) - start).astype(int))
                if 0 <= i < n_days:
                    cut_days.append(i)
        irr_days = _irrigation(chain, start, n_days, man)
        plan = SeasonPlan(ss, se, sy, [-1] * len(ss), [-1] * len(ss), cut_days, irr_days)
        profile = (horizons, float(soil.curve_number), float(soil.rew_mm))
        gwt = None
        if first.groundwater.path is not None:          # .GWT: a fixed or variable table
            gwt = read_groundwater(first.groundwater.path)
            profile = _with_groundwater(man, profile, soil, gwt)
        unit = EngineUnit(EngineParameters((Path(first.crop.path).stem,), (crop_rec,), man),
                          profile, first.soil.path, 0, plan, 0.0)
        fields = assemble_fields([unit], {0: 0}, settings=settings)
        if first.initial_conditions.path is not None:   # .SW0: initial water and salt
            fields = _with_initial_conditions(fields, read_initial_conditions(
                first.initial_conditions.path))
        if gwt is not None and gwt.variable:            # the table's depth day by day
            depth, ec = gwt.series(dates)
            fields = replace(fields, gw_depth_m=depth[None], gw_ec_ds_m=ec[None])
        res = simulate(fields, weather, daily=True)
        _collect(chain, res, dates, cols, seasons, harvests)
    daily = {k: np.asarray(v) for k, v in cols.items()}
    return RunResult(project=project, daily=daily, seasons=seasons, harvests=harvests)


def _irrigation(chain: list[ProjectRun], start: np.datetime64, n_days: int,
                man: np.ndarray) -> list[int]:
    """Irrigation days (indices from ``start``) of the chain's ``.IRR`` files; sets the
    management record's depth, ECw and wetted fraction (engine mode 3, a calendar of
    equal net depths).  AquaCrop applies listed events only inside the cropping period
    (``GetIrriParam`` in ``run.f90``), so events outside it are dropped."""
    days: list[int] = []
    depths: set[float] = set()
    ecws: set[float] = set()
    wetted: set[int] = set()
    for run in chain:
        if run.irrigation.path is None:
            continue
        irr = read_irrigation(run.irrigation.path)
        if irr.mode is IrrigationMode.NONE:
            continue
        if irr.mode is not IrrigationMode.EVENTS:
            raise InputError(_unsupported(irr.source, 5, "irrigation mode", _(
                "irrigation other than a list of events")))
        if irr.list_day1_day_number is None:
            day1 = _date(run.crop_first_date)
        else:
            day1 = _date(date_from_day_number(irr.list_day1_day_number))
        for ev in irr.events:
            d = day1 + (ev.day - 1)
            if ev.depth_mm <= 0 or not (_date(run.crop_first_date) <= d
                                        <= _date(run.crop_last_date)):
                continue
            days.append(int((d - start).astype(int)))
            depths.add(ev.depth_mm)
            ecws.add(ev.ecw_ds_m)
        wetted.add(irr.wetted_pct)
    if len(depths) > 1 or len(ecws) > 1 or len(wetted) > 1:
        source = next(str(r.irrigation.path) for r in chain if r.irrigation.path is not None)
        raise InputError(_unsupported(source, None, "depth (mm)", _(
            "irrigation events of different depths or water salinities")))
    if days:
        man["irr_mode"] = int(EngineIrrigation.CALENDAR)
        man["irr_depth_mm"] = depths.pop()
        man["ec_iw_ds_m"] = ecws.pop()
        man["irr_wetted_fraction"] = wetted.pop() / 100.0
        man["irr_efficiency"] = 1.0
    return sorted(days)


def _with_groundwater(man: np.void, profile: tuple, soil, gwt) -> tuple:
    """Put a ``.GWT`` table into the management record; the profile gains CRa, CRb.

    The capillary-rise parameters are those of the horizon holding the table
    (the deepest horizon when the table lies below the profile); for a variable
    table, the one holding its mean observed depth (the engine takes one pair per
    soil).  A variable table's days are set on the engine fields by the caller.
    """
    if gwt.depth_m is None:
        return profile
    man["groundwater_depth_m"] = gwt.depth_m
    man["ec_gw_ds_m"] = gwt.ec_ds_m
    depth = (sum(o[1] for o in gwt.observations) / len(gwt.observations) if gwt.variable
             else gwt.depth_m)
    top = 0.0
    horizon = soil.horizons[-1]
    for h in soil.horizons:
        if top <= depth < top + h.thickness_m:
            horizon = h
            break
        top += h.thickness_m
    return (*profile, float(horizon.cr_a), float(horizon.cr_b))


def _with_initial_conditions(fields, sw0):
    """The engine fields starting from a ``.SW0``'s water contents (per compartment, the
    layer holding the compartment's middle; the last layer continues below) and ECe."""
    dz = fields.soil.dz_m[fields.soil_index[0]]
    mid = np.cumsum(dz) - dz / 2.0
    bottoms = np.cumsum([layer.thickness_m for layer in sw0.layers])
    which = np.minimum(np.searchsorted(bottoms, mid, side="right"), len(sw0.layers) - 1)
    theta = np.array([sw0.layers[i].water_content_vol_pct / 100.0 for i in which])
    return replace(fields, theta0=theta[None, :], ece0_ds_m=np.array([sw0.ece_ds_m()]))


def _collect(chain: list[ProjectRun], res: SimulationResult, dates: np.ndarray,
             cols: dict, seasons: list[dict], harvests: list[dict]) -> None:
    d = res.daily
    for k, run in enumerate(chain):
        a = int((_date(run.simulation_first_date) - dates[0]).astype(int))
        b = int((_date(run.simulation_last_date) - dates[0]).astype(int)) + 1
        cols["date"].extend(dates[a:b].astype(str))
        cols["run"].extend([run.number] * (b - a))
        cols["biomass_cum_t_ha"].extend(d["biomass_cum_t_ha"][0, a:b])
        cols["yield_dry_cum_t_ha"].extend(d["yield_dry_cum_t_ha"][0, a:b])
        cols["canopy_cover_pct"].extend(100.0 * d["canopy_cover"][0, a:b])
        cols["transpiration_mm"].extend(d["transpiration_mm"][0, a:b])
        cols["evaporation_mm"].extend(d["evaporation_mm"][0, a:b])
        cols["drainage_mm"].extend(d["drainage_mm"][0, a:b])
        cols["irrigation_mm"].extend(d["irrigation_mm"][0, a:b])
        cols["capillary_rise_mm"].extend(d["capillary_rise_mm"][0, a:b])   # AquaCrop's CR
        cols["water_table_m"].extend(d["water_table_m"][0, a:b])           # AquaCrop's Zgwt
        for name in EXTRA_DAILY:
            cols[name].extend(d[name][0, a:b])
        cols["ece_root_zone_ds_m"].extend(d["ece_ds_m"][0, a:b])   # AquaCrop's ECe
        row = {"run": run.number}
        for name in ("biomass_t_ha", "yield_dry_t_ha", "transpiration_mm", "evaporation_mm",
                     "drainage_mm", "runoff_mm", "rain_mm", "et0_mm", "bin_t_ha", "bout_t_ha",
                     "n_cuts", "balance_residual_mm", "capillary_rise_mm"):
            row[name] = float(res.season_var(name)[0, k])
        seasons.append(row)
    for day, b, y in zip(res.cut_day[0], res.cut_biomass_t_ha[0], res.cut_yield_dry_t_ha[0],
                         strict=True):
        if day < 0:
            continue
        run = next(r for r in chain if _date(r.simulation_first_date) <= dates[day]
                   <= _date(r.simulation_last_date))
        harvests.append({"run": run.number, "date": str(dates[day]), "biomass_t_ha": float(b),
                         "yield_dry_t_ha": float(y)})


def observed_biomass(project: Project) -> list[tuple[int, np.datetime64, float]]:
    """(run, date, observed dry biomass t/ha) of the project's observation files."""
    out = []
    seen = set()
    for run in project.runs:
        p = run.observations.path
        if p is None or p in seen:
            continue
        seen.add(p)
        obs = read_observations(p)
        for date, b in zip(obs.dates, obs.biomass_t_ha, strict=True):
            if not np.isfinite(b):
                continue
            for r in project.runs:
                if _date(r.simulation_first_date) <= date <= _date(r.simulation_last_date):
                    out.append((r.number, date, float(b)))
    return out
