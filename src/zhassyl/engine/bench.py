"""Synthetic alfalfa fields for measuring the engine's speed (``zhassyl bench engine``).

A benchmark case is N perennial alfalfa fields simulated over Y seasons
(year 1 sown, later years regrowth; season 15 April - 15 October; cuts at a
fixed growing-degree-day interval).  Fields share a few soil profiles,
management records and weather stations through the index arrays, as a
regional scenario would.  Every parameter is written out below with its
source, so the benchmark needs no file outside the package.

Speed is reported in *field-days per second*: fields x calendar days
simulated (the engine steps every day of the calendar, in season or not),
divided by the wall time of :func:`~zhassyl.engine.simulate.simulate` with
``daily=False``.  Numba compilation (or loading the compiled kernel from the
cache) is timed separately on a one-field warm-up run.

This module holds the benchmark's parameter sets and result records (pure
data and arithmetic); the weather set-up, the fields built through the
scenario layer's one builder and the timing are in :mod:`zhassyl.scenario.bench`.
"""

from __future__ import annotations

import resource
import sys
from dataclasses import dataclass

import numpy as np

from zhassyl.engine.layout import IrrigationMode
from zhassyl.engine.simulate import Fields, Horizon, Weather

#: AquaCrop 7.3 crop file ``AlfOttawaGDD.CRO`` (alfalfa, Ottawa variety, calibrated for
#: soil fertility; the Ottawa test case of AquaCrop) as mapped onto the engine's crop
#: record by :func:`zhassyl.aquacrop.run.crop_record`.  ``cc_ini`` is the regrowth canopy
#: 19.38 cm2 x 200 plants/m2; ``cco`` the 2.50 cm2 seedling x 200 plants/m2.
ALFALFA_OTTAWA_GDD = {
    "gdd_mode": 1, "tbase_c": 5.0, "tupper_c": 30.0, "perennial": 1, "forage": 1,
    "cco": 0.05, "cc_ini": 0.3876, "ccx": 0.95, "cgc": 0.012, "cdc": 0.006,
    "t_emergence": 5.0, "t_max_rooting": 1920.0, "t_senescence": 1920.0,
    "t_maturity": 1920.0, "t_hi_build": 118.0,
    "p_exp_upper": 0.15, "p_exp_lower": 0.55, "shape_exp": 3.0,
    "p_sto": 0.60, "shape_sto": 3.0, "p_sen": 0.70, "shape_sen": 3.0, "p_adjust": 1,
    "et0_dormancy_mm": 600.0, "kctr_x": 1.15, "kc_decline_pct": 11.0,
    "cc_effect_evap_pct": 60.0, "zmin_m": 0.30, "zmax_m": 3.00, "root_shape": 15.0,
    "smax_top_q": 0.020, "smax_bot_q": 0.010, "wp_g_m2": 15.0, "co2_sink_pct": 100.0,
    "hi_ref_pct": 100.0, "gdd_transp_low": 8.0,
    # ECe_n 2 and ECe_x 16 dS/m of the crop file as a threshold-slope response, Ky 1
    "salt_threshold_ds_m": 2.0, "salt_slope_pct": 100.0 / (16.0 - 2.0), "ky": 1.0,
    "establishment_t_ha": 0.0, "years_ccx_90": 9.0, "self_thin_shape": 0.50,
    "fert_shape_cgc": 2.35, "fert_shape_ccx": 0.79, "fert_shape_wp": -0.16,
    "fert_shape_decline": 6.26, "assim_on": 1, "assim_days": 100.0,
    "assim_stored_pct": 65.0, "assim_mobilised_pct": 60.0, "dry_matter_pct": 20.0,
    "zmin_year1_m": 0.30, "anaerobic_point_pct": 2.0,
}

#: Soil profiles ``(name, horizons, curve number, REW mm)``.  The sandy loam is the
#: AquaCrop Ottawa test case's ``Ottawa.SOL``; the others are AquaCrop's default
#: soil-class values (SAT/FC/WP vol %, Ksat mm/d, CN, REW), 2 m deep.
SOIL_PROFILES = (
    ("sandy loam (Ottawa.SOL)", (Horizon(1.50, 0.46, 0.29, 0.13, 1200.0),), 46.0, 7.0),
    ("loam (AquaCrop class)", (Horizon(2.00, 0.46, 0.31, 0.15, 500.0),), 61.0, 9.0),
    ("silt loam (AquaCrop class)", (Horizon(2.00, 0.46, 0.33, 0.13, 575.0),), 61.0, 11.0),
    ("clay loam (AquaCrop class)", (Horizon(2.00, 0.50, 0.39, 0.23, 125.0),), 72.0, 11.0),
)

#: Growing degree days (base 5 degC) between cuts.  An assumption for the benchmark
#: (early-bloom cutting of alfalfa), not a calibrated value.
CUT_INTERVAL_GDD = 550.0

#: Management common to every record.  Fertility stress, mulch effect and the 25 % canopy
#: left by a cut are the AquaCrop Ottawa test case's ``Ottawa.MAN``; no water table, no
#: ponding, no companion crop.  Fields of ``MANAGEMENT_DTYPE`` not named here are 0,
#: the layout's "off" value (see :func:`management_rows`).
_BASE_MANAGEMENT = {
    "fertility_stress_pct": 50.0, "mulch_pct": 0.0, "mulch_effect_pct": 50.0,
    "cc_after_cut": 0.25, "cut_interval": CUT_INTERVAL_GDD, "cut_cc_trigger": 0.0,
    "irr_mode": int(IrrigationMode.NONE), "irr_trigger_pct_taw": 0.0, "irr_interval_days": 0.0,
    "irr_depth_mm": 0.0,
    "irr_efficiency": 1.0, "irr_wetted_fraction": 1.0, "irr_loss_to_air": 0,
    "leaching_fraction": 0.0, "sowing_irrigation_mm": 0.0, "ec_iw_ds_m": 0.0,
    "groundwater_depth_m": 0.0, "ec_gw_ds_m": 0.0, "pond_min_mm": 0.0, "pond_max_mm": 0.0,
    "bund_height_mm": 0.0, "percolation_mm_day": 0.0, "seepage_mm_day": 0.0,
    "drain_days_before_end": 0.0, "companion_cco_factor": 1.0, "companion_ccx": 0.0,
    "companion_shade": 0.0, "companion_cut_main": 0,
}

#: Management records: rainfed (Ottawa.MAN); sprinkler irrigation at 50 % depletion of
#: TAW (sprinklers as in the case study; 75 % application efficiency, an assumption);
#: the same with slightly saline water (1.5 dS/m) and a 10 % leaching fraction.
MANAGEMENTS = (
    dict(_BASE_MANAGEMENT),
    dict(_BASE_MANAGEMENT, fertility_stress_pct=0.0, irr_mode=int(IrrigationMode.DEPLETION),
         irr_trigger_pct_taw=50.0, irr_efficiency=0.75, irr_loss_to_air=1),
    dict(_BASE_MANAGEMENT, fertility_stress_pct=25.0, irr_mode=int(IrrigationMode.DEPLETION),
         irr_trigger_pct_taw=50.0, irr_efficiency=0.75, irr_loss_to_air=1, ec_iw_ds_m=1.5,
         leaching_fraction=0.10),
)


def management_rows() -> list[dict]:
    """:data:`MANAGEMENTS` with every other field of the engine's layout set to 0 (off)."""
    from zhassyl.engine.layout import MANAGEMENT_DTYPE

    return [{**dict.fromkeys(MANAGEMENT_DTYPE.names, 0), **m} for m in MANAGEMENTS]


SEASON_FIRST = (4, 15)   # month, day of the first crop day of each season
SEASON_LAST = (10, 15)   # month, day of the last crop day of each season
CO2_PPM = 369.41         # AquaCrop's reference CO2 concentration (year 2000)


@dataclass(frozen=True)
class BenchCase:
    """Inputs of one benchmark run and the work they represent."""

    fields: Fields
    weather: Weather
    weather_source: str
    max_cuts: int
    field_days: int          # fields x calendar days simulated
    season_field_days: int   # fields x crop days (in season)


@dataclass(frozen=True)
class EngineBenchmark:
    """Result of :func:`run_engine_benchmark`; times in seconds."""

    n_fields: int
    years: int
    n_days: int
    n_stations: int
    n_threads: int
    weather_source: str
    field_days: int
    season_field_days: int
    warmup_s: float             # one-field run: Numba compilation or cache load
    build_s: float              # building the inputs (not timed in the rate)
    run_s: float                # best wall time of simulate(daily=False)
    field_days_per_s: float
    season_field_days_per_s: float
    peak_rss_mb: float          # peak resident memory of this process so far
    run_cpu_s: float            # CPU time of all threads in the timed run (best run's)
    arrays_mb: float            # input and output arrays of the timed run
    mean_yield_dry_t_ha: float  # per season, all fields (a sanity check, not a result)
    mean_cuts: float            # per season
    mean_irrigation_mm: float   # per season


def season_days(weather: Weather, years: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last crop-day indices of each season, shaped (years,)."""
    start_year = int(weather.dates[0].astype("datetime64[Y]").astype(int)) + 1970
    first = [weather.day_index(f"{start_year + y:04d}-{SEASON_FIRST[0]:02d}-"
                               f"{SEASON_FIRST[1]:02d}") for y in range(years)]
    last = [weather.day_index(f"{start_year + y:04d}-{SEASON_LAST[0]:02d}-"
                              f"{SEASON_LAST[1]:02d}") for y in range(years)]
    return np.array(first, np.int64), np.array(last, np.int64)


def _max_cuts(weather: Weather, ss: np.ndarray, se: np.ndarray) -> int:
    """Room for every cut: the largest seasonal GDD of any station over the cut interval."""
    crop = ALFALFA_OTTAWA_GDD
    tmean = np.clip((np.clip(weather.tmax_c, crop["tbase_c"], crop["tupper_c"])
                     + np.clip(weather.tmin_c, crop["tbase_c"], crop["tupper_c"])) / 2.0,
                    crop["tbase_c"], None)
    gdd = np.cumsum(tmean - crop["tbase_c"], axis=1)
    per_season = [float(np.max(gdd[:, b] - gdd[:, a] + (tmean[:, a] - crop["tbase_c"])))
                  for a, b in zip(ss, se, strict=True)]
    interval = min(m["cut_interval"] for m in MANAGEMENTS)
    return int(sum(np.ceil(g / interval) + 1 for g in per_season))


def peak_rss_mb() -> float:
    """Peak resident set size of this process [MiB] (``getrusage``)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024.0


def _arrays_mb(case: BenchCase, n: int) -> float:
    """Memory of the per-field input and output arrays of one simulate call [MiB]."""
    years = case.fields.season_start.shape[1]
    n_comp = case.fields.soil.dz_m.shape[1]
    from zhassyl.engine.layout import SEASON_VARS

    per_field = 8 * (4                        # index arrays
                     + 3 * years + 1          # season bounds and cut list
                     + 2 * n_comp             # theta0, theta_end
                     + years * len(SEASON_VARS)
                     + 3 * case.max_cuts)     # cut day, biomass, yield
    return n * per_field / 2**20
