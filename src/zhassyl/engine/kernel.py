"""The daily loop of the engine, compiled with Numba, over N fields.

Fields are independent; ``numba.prange`` spreads them over the cores.  Each
field is simulated day by day with its state in one record
(``layout.FIELD_STATE_DTYPE``) and its soil water and salt in compartment
arrays.  The kernel does no I/O; it receives arrays and fills arrays.

Order of a day.  The processes run in sequence, each updating the state it
owns before the next one reads it, following the daily order of AquaCrop 7
(Raes et al., reference manual ch. 3; AquaCrop 7.3 ``AdvanceOneTimeStep``):

1. season start (sowing or a perennial's restart, :mod:`.season`) and the
   companion's sowing; the canopy's thermal time; root deepening from
   yesterday's soil water and water stress (:mod:`.roots`);
2. irrigation decided on yesterday's soil water (:mod:`.irrigation`);
3. drainage, then the pond (:mod:`.paddy`) or runoff and infiltration
   (:mod:`.soil_water`); capillary rise from a water table; root-zone ECe;
4. the companion's canopy and potential transpiration (:mod:`.companion`),
   then the main canopy (:mod:`.canopy`) on the soil water after infiltration;
   the main crop's potential transpiration (:mod:`.transpiration`);
5. evaporation (pond, else soil) before transpiration, companion first
   (it stands above the undersown crop), then the main crop;
6. biomass and yield (:mod:`.biomass`, assimilate storage :mod:`.assimilates`);
7. companion harvest and cuts at the end of the day (:mod:`.cutting`), the
   day's accounts, and the season's close.

So, as in AquaCrop, a day's rates are not all computed from the state at the
end of the previous day: each process sees the soil water left by the ones
before it on the same day.

Each process is a compiled function of its own module, reachable from tests;
this module only sequences them and keeps the accounts.  The processes that
run every day are compiled inline into the kernel (``inline="always"``):
called through Numba's calling convention with the state record in memory
they cost 25-35 % more CPU time per field-day (measured, issue 11).
"""

from __future__ import annotations

from collections import namedtuple

import numba
import numpy as np
from llvmlite import ir as llvm_ir
from numba.core import cgutils
from numba.extending import intrinsic

from zhassyl.engine.aquifer import aquifer_day, groundwater_conc_g_l
from zhassyl.engine.biomass import crop_biomass_day
from zhassyl.engine.canopy import canopy_day, cc_star
from zhassyl.engine.companion import (
    companion_biomass_day,
    companion_canopy_day,
    companion_development,
    companion_transpiration,
    sow_companion,
)
from zhassyl.engine.cutting import cut_due, take_cut
from zhassyl.engine.irrigation import (
    apply_irrigation,
    is_ponding,
    leaching_requirement_mm,
    net_irrigation_mm,
)
from zhassyl.engine.jit import jit
from zhassyl.engine.layout import (
    CROP_DTYPE,
    DAILY_VARS,
    DI,
    FIELD_STATE_DTYPE,
    MANAGEMENT_DTYPE,
    SEASON_VARS,
    SETTINGS_DTYPE,
    SI,
    SOIL_DTYPE,
)
from zhassyl.engine.paddy import pond_day
from zhassyl.engine.roots import root_depth_day
from zhassyl.engine.season import canopy_time, start_season
from zhassyl.engine.soil_water import (
    SALT_G_L_PER_DS_M,
    adjusted_field_capacity,
    capillary_rise,
    drain_profile,
    evaporation_day,
    infiltration_day,
    layer_water,
    root_zone_ece,
    zone_water,
)
from zhassyl.engine.stress import ks_salinity_et, salinity_relative_yield
from zhassyl.engine.thermal import growing_degree_days
from zhassyl.engine.transpiration import (
    crop_transpiration,
    potential_transpiration_mm,
    smax_top_bottom,
)

N_SEASON_VARS = len(SEASON_VARS)
N_DAILY_VARS = len(DAILY_VARS)

#: Season variables kept in g m-2 inside the kernel and reported in t ha-1.
_SALT_VARS = (SI.salt_in_t_ha, SI.salt_out_t_ha, SI.salt_start_t_ha, SI.salt_end_t_ha,
              SI.salt_residual_t_ha)

#: Parameter tables, each chosen per field by its index in :class:`Indices`.
Parameters = namedtuple("Parameters", "crop management soil settings")
#: Per-field indices into the parameter tables, the soil compartments and the weather.
Indices = namedtuple("Indices", "crop management soil weather")
#: Soil compartments of each soil profile, (n_soils, C) [m, m3 m-3, mm d-1, -].
Compartments = namedtuple("Compartments", "dz_m sat fc wp ksat_mm_day tau")
#: Daily weather (W, n_days) and CO2 (n_days,).
WeatherArrays = namedtuple("WeatherArrays", "tmin_c tmax_c et0_mm rain_mm co2_ppm")
#: Seasons, companion crops, listed cuts and irrigations of each field (day indices, -1 none).
Schedule = namedtuple("Schedule", "season_start season_end season_year companion_crop "
                                  "companion_start companion_end companion_fodder "
                                  "cut_days irrigation_days")
#: Output arrays, filled in place.
Outputs = namedtuple("Outputs", "daily season cut_day cut_biomass cut_yield theta_end salt_end")
#: The water table: its depth [m] (<= 0: none) and salinity [dS m-1] per field and day
#: (n, G; G = 1 for a constant table), or each field's own aquifer (its parameters, 1 or n
#: rows of ``aquifer.KERNEL_PARAMETERS``) with the inflow from the rest of its block
#: [mm, g m-2] (1 or n rows, 1 or n_days columns; issue 17).
Groundwater = namedtuple("Groundwater", "depth_m ec_ds_m aquifer inflow_mm salt_in_g_m2")

#: Depth the soil processes take for a table at the surface [m] (<= 0 means none).
_SURFACE_TABLE_M = 0.005


def run_fields(*, crop, crop_index, mgmt, mgmt_index, soil, dz, sat, fc, wp, ksat, tau,
               soil_index, settings, theta0, theta0_by_field, ece0, tmin, tmax, et0, rain, co2,
               weather_index, season_start, season_end, season_year, comp_crop, comp_start,
               comp_end, comp_fodder, cut_days, irr_days, gw_depth_m, gw_ec_ds_m, aq_par,
               aq_in_mm, aq_salt_in_g_m2, want_daily, daily, season_out, cut_day_out,
               cut_biomass_out, cut_yield_out, theta_end, salt_end):
    """Simulate every field over all days (see :func:`_run_fields`); arguments by name.

    Every input reaches the compiled kernel as a writable C-contiguous array of
    its layout's dtype (a copy where the caller's array is a read-only or
    strided view), so that all callers share one compiled specialisation: the
    one the set-up's warm-up has put in the cache.  Outputs are filled in place.
    """
    f8, i8 = np.float64, np.int64
    params = Parameters(_c(crop, CROP_DTYPE), _c(mgmt, MANAGEMENT_DTYPE), _c(soil, SOIL_DTYPE),
                        _c(settings, SETTINGS_DTYPE))
    index = Indices(_c(crop_index, i8), _c(mgmt_index, i8), _c(soil_index, i8),
                    _c(weather_index, i8))
    comp = Compartments(_c(dz, f8), _c(sat, f8), _c(fc, f8), _c(wp, f8), _c(ksat, f8),
                        _c(tau, f8))
    weather = WeatherArrays(_c(tmin, f8), _c(tmax, f8), _c(et0, f8), _c(rain, f8), _c(co2, f8))
    schedule = Schedule(_c(season_start, i8), _c(season_end, i8), _c(season_year, i8),
                        _c(comp_crop, i8), _c(comp_start, i8), _c(comp_end, i8),
                        _c(comp_fodder, i8), _c(cut_days, i8), _c(irr_days, i8))
    outputs = Outputs(_out(daily, f8), _out(season_out, f8), _out(cut_day_out, i8),
                      _out(cut_biomass_out, f8), _out(cut_yield_out, f8), _out(theta_end, f8),
                      _out(salt_end, f8))
    groundwater = Groundwater(_c(gw_depth_m, f8), _c(gw_ec_ds_m, f8), _c(aq_par, f8),
                              _c(aq_in_mm, f8), _c(aq_salt_in_g_m2, f8))
    _run_fields(params, index, comp, _c(theta0, f8), bool(theta0_by_field), _c(ece0, f8),
                weather, schedule, groundwater, bool(want_daily), outputs, new_field_state(),
                np.zeros(N_PROFILE_SECTIONS))


def _c(a, dtype) -> np.ndarray:
    """``a`` as a writable C-contiguous array of ``dtype`` (copied only when needed)."""
    return np.require(a, dtype=dtype, requirements=("C", "W"))


def _out(a: np.ndarray, dtype) -> np.ndarray:
    """An output array, which must already be writable, C-contiguous and of ``dtype``."""
    if a.dtype != dtype or not (a.flags.c_contiguous and a.flags.writeable):
        raise ValueError("kernel output arrays must be writable, C-contiguous, "
                         f"{np.dtype(dtype)}; got {a.dtype} {a.flags}")
    return a


def new_field_state() -> np.ndarray:
    """A one-record ``FIELD_STATE_DTYPE`` array with the state before the first day.

    Values that depend on the field's crop or settings are set by
    :func:`_init_field_state` in the kernel.
    """
    s = np.zeros(1, dtype=FIELD_STATE_DTYPE)
    s["year"] = 1
    s["rat_d_gdd"] = 1.0
    s["tr_ratio_prev"] = 1.0
    s["evap_start"] = -1.0          # stage 2 not started since the last wetting
    s["kc_co2"] = 1.0
    s["stand"] = 1.0
    s["c_idx"] = -1
    s["c_kc_co2"] = 1.0
    return s


#: Sections of the day timed by the profiling build, in the kernel's order.
PROFILE_SECTIONS = (
    "season start: perennial restart, self-thinning, season prepass",
    "roots (and the day's thermal time)",
    "irrigation decision",
    "soil water and salt transport: drainage, runoff, infiltration, pond",
    "salt: capillary rise, root-zone ECe",
    "companion crop canopy",
    "canopy: water stress, growth, decline, senescence, potential transpiration",
    "evaporation",
    "transpiration: water and salinity stress, root extraction",
    "biomass and yield, perennial assimilate storage",
    "cuts, season accounts, daily outputs, season end",
)
N_PROFILE_SECTIONS = len(PROFILE_SECTIONS)
(_P_SEASON, _P_ROOTS, _P_IRRIGATION, _P_WATER, _P_SALT, _P_COMPANION, _P_CANOPY,
 _P_EVAPORATION, _P_TRANSPIRATION, _P_BIOMASS, _P_ACCOUNTING) = range(N_PROFILE_SECTIONS)

#: False in the engine: the timing branches are removed at compile time.  The
#: profiling build (:func:`profiling_kernel`) is compiled with it true.
_PROFILE = False


@intrinsic
def _cycles(typingctx):
    """The CPU's cycle counter (LLVM ``readcyclecounter``; the TSC on x86)."""
    def codegen(context, builder, signature, args):
        fn = cgutils.get_or_insert_function(
            builder.module, llvm_ir.FunctionType(llvm_ir.IntType(64), []),
            "llvm.readcyclecounter")
        return builder.call(fn, [])
    return numba.types.int64(), codegen


@jit(inline="always")
def _tick(prof, section, c0):
    """Add the cycles since ``c0`` to ``prof[section]``; return the counter now."""
    c1 = _cycles()
    prof[section] += c1 - c0
    return c1


def profiling_kernel():
    """A serial build of the kernel with the per-section timing compiled in.

    For benchmarks only (compiled on each call, not cached): call it as
    ``_run_fields`` with a ``prof`` array of :data:`N_PROFILE_SECTIONS` zeros.
    """
    import types

    from zhassyl.engine.jit import FASTMATH

    fn = _run_fields.py_func
    glob = dict(fn.__globals__, _PROFILE=True)
    copy = types.FunctionType(fn.__code__, glob, fn.__name__, fn.__defaults__, fn.__closure__)
    return numba.njit(error_model="numpy", fastmath=set(FASTMATH))(copy)


@jit
def _init_field_state(s, cp, st):
    """Crop- and settings-dependent initial state (the rest: :func:`new_field_state`)."""
    s.evap_z = st.evap_layer_m
    s.cco_tot = cp.cco
    s.ccx_tot = cp.ccx
    s.cgc_sf = cp.cgc
    s.ccx_sf = cp.ccx


@jit
def _harvest_companion(s, acc, fodder, hi_ref_pct):
    """Book the companion's harvest in the season accounts and take it off the field.

    Green fodder: the whole above-ground biomass; grain: biomass x HI.
    """
    acc[SI.companion_biomass_t_ha] += s.c_b
    acc[SI.companion_yield_t_ha] += s.c_b if fodder == 1 else s.c_b * hi_ref_pct / 100.0
    s.c_on = False
    s.c_cc = 0.0
    s.c_zr = 0.0


@jit
def _salt_total(s, salt):
    """Salt in the pond and the profile [g m-2]."""
    total = s.pond_salt
    for i in range(salt.shape[0]):
        total += salt[i]
    return total


@jit(inline="always")
def _book_day(acc, rain, gross, runoff, infil, drain, evap, tact, c_tact, tpot, et0, gdd, bin_,
              bout, seep, app_loss, cr, salt_in, salt_out):
    """Add the day's fluxes to the season accounts ``acc`` (n_season_vars,)."""
    acc[SI.rain_mm] += rain
    acc[SI.irrigation_mm] += gross
    acc[SI.runoff_mm] += runoff
    acc[SI.infiltration_mm] += infil
    acc[SI.drainage_mm] += drain
    acc[SI.evaporation_mm] += evap
    acc[SI.transpiration_mm] += tact
    acc[SI.companion_transpiration_mm] += c_tact
    acc[SI.transpiration_pot_mm] += tpot
    acc[SI.et0_mm] += et0
    acc[SI.gdd] += gdd
    acc[SI.bin_t_ha] += bin_
    acc[SI.bout_t_ha] += bout
    acc[SI.seepage_mm] += seep
    acc[SI.application_loss_mm] += app_loss
    acc[SI.capillary_rise_mm] += cr
    acc[SI.salt_in_t_ha] += salt_in
    acc[SI.salt_out_t_ha] += salt_out


@jit(inline="always")
def _write_daily(out, s, in_crop, cc, tact, evap, drain, runoff, gross, storage, tpot, gdd,
                 ks_sto, ece, c_tact, light):
    """Write the day's outputs ``out`` (n_daily_vars,) of one field."""
    out[DI.canopy_cover] = cc
    out[DI.biomass_cum_t_ha] = s.biomass if in_crop else 0.0
    out[DI.yield_dry_cum_t_ha] = s.yield_dry if in_crop else 0.0
    out[DI.transpiration_mm] = tact
    out[DI.evaporation_mm] = evap
    out[DI.drainage_mm] = drain
    out[DI.runoff_mm] = runoff
    out[DI.irrigation_mm] = gross
    out[DI.root_depth_m] = s.zr if in_crop else 0.0
    out[DI.storage_mm] = storage
    out[DI.transpiration_pot_mm] = tpot
    out[DI.gdd] = gdd
    out[DI.ks_sto] = ks_sto
    out[DI.ece_ds_m] = ece
    out[DI.pond_mm] = s.pond
    out[DI.companion_cc] = s.c_cc
    out[DI.companion_biomass_t_ha] = s.c_b if s.c_on else 0.0
    out[DI.companion_transpiration_mm] = c_tact
    out[DI.light_to_main] = light


@jit
def _close_season(s, acc, cp, mg, st, storage, ece, salt, theta, dz_m, sat, fc, wp, profile_m,
                  out):
    """Write the season's accounts to ``out`` (n_season_vars,) and restart them.

    The water balance residual ΔS - (P + I + CR - RO - D - E - T - Tc - seepage -
    application losses) and the salt balance residual are computed here
    (checked by :func:`zhassyl.engine.simulate.check_water_balance`).  A sown
    perennial's stand factor is its first-season biomass over
    ``establishment_t_ha`` (model assumption, see the crop data); the
    post-season leaching irrigation is set (:func:`leaching_requirement_mm`).
    """
    salt_total = _salt_total(s, salt)
    acc[SI.biomass_t_ha] = s.biomass
    acc[SI.yield_dry_t_ha] = s.yield_dry
    acc[SI.storage_end_mm] = storage + s.pond
    acc[SI.cc_max] = s.cc_max
    acc[SI.zr_max_m] = s.zr_max
    acc[SI.balance_residual_mm] = (acc[SI.storage_end_mm] - acc[SI.storage_start_mm]) - (
        acc[SI.rain_mm] + acc[SI.irrigation_mm] + acc[SI.capillary_rise_mm]
        - acc[SI.runoff_mm] - acc[SI.drainage_mm] - acc[SI.evaporation_mm]
        - acc[SI.transpiration_mm] - acc[SI.companion_transpiration_mm] - acc[SI.seepage_mm]
        - acc[SI.application_loss_mm])
    acc[SI.salt_end_t_ha] = salt_total
    acc[SI.salt_residual_t_ha] = (acc[SI.salt_end_t_ha] - acc[SI.salt_start_t_ha]) - (
        acc[SI.salt_in_t_ha] - acc[SI.salt_out_t_ha])
    acc[SI.ece_mean_ds_m] = s.ece_sum / s.ece_n if s.ece_n > 0.0 else ece
    acc[SI.ece_end_ds_m] = root_zone_ece(salt, dz_m, sat, max(cp.zmax_m, st.salinity_zone_min_m))
    if cp.perennial == 1 and s.year == 1 and cp.establishment_t_ha > 0.0:
        s.stand = min(1.0, max(s.biomass / cp.establishment_t_ha, 0.05))
    acc[SI.stand_factor] = s.stand if cp.perennial == 1 else 1.0
    for v in range(N_SEASON_VARS):
        # salt is kept in g m-2 inside the kernel; reported in t ha-1
        if v in _SALT_VARS:
            out[v] = acc[v] * 0.01
        else:
            out[v] = acc[v]
        acc[v] = 0.0
    acc[SI.storage_start_mm] = storage + s.pond
    acc[SI.salt_start_t_ha] = salt_total
    s.stored_prev = s.stored_total if cp.perennial == 1 else 0.0
    if mg.leaching_fraction > 0.0:
        a, fcw, _wpw = zone_water(theta, dz_m, fc, wp, min(cp.zmax_m, profile_m))
        s.leach_due = leaching_requirement_mm(mg.leaching_fraction, fcw - a, s.et_for_leaching)
    s.et_for_leaching = 0.0
    s.in_crop = False
    s.cc_prev = 0.0
    s.zr = 0.0
    s.s_idx += 1


@jit(parallel=True)
def _run_fields(params, index, comp, theta0, theta0_by_field, ece0, weather, schedule,
                groundwater, want_daily, out, state0, prof):
    """Simulate every field over all days; fill the output arrays in place.

    Shapes: parameter tables ``params.crop`` (n_crops,), ``.management``
    (n_mgmt,), ``.soil`` (n_soils,), ``.settings`` (1,) with compartments
    ``comp.*`` (n_soils, C), each chosen per field by ``index.*`` (n,);
    ``theta0`` (n, C) per field when ``theta0_by_field``, else (n_soils, C), and
    ``ece0`` (n,) the initial water content and root-zone salinity; weather
    (W, n_days), CO2 (n_days,); ``schedule``: seasons (n, S) as day indices
    (-1 = none) with the companion crop of each season (crop index, sowing and
    harvest day, 1 = harvested as green fodder), cut and irrigation days (n, K)
    (-1 = none); ``groundwater`` (:class:`Groundwater`): the table's depth and
    salinity per field and day, or, for fields whose row of ``aquifer`` has a
    drainable porosity > 0, the table of their own aquifer, moved each day by
    :func:`aquifer.aquifer_day` with the field's exchange times its area share
    plus the inflow from the rest of its block; ``out.daily``
    (n_daily_vars, n, n_days) when ``want_daily``,
    ``out.season`` (n, S, n_season_vars), cut outputs (n, Kout), final state
    (n, C); ``state0`` a one-record ``FIELD_STATE_DTYPE`` array, the state
    before the first day (:func:`new_field_state`); ``prof``
    (N_PROFILE_SECTIONS,) CPU cycles per section of the day, accumulated only
    in the profiling build (``_PROFILE`` true, see :func:`profiling_kernel`).
    """
    crop = params.crop
    tmin = weather.tmin_c
    tmax = weather.tmax_c
    et0 = weather.et0_mm
    rain = weather.rain_mm
    co2 = weather.co2_ppm
    season_start = schedule.season_start
    season_end = schedule.season_end
    comp_crop = schedule.companion_crop
    comp_start = schedule.companion_start
    comp_end = schedule.companion_end
    # output arrays are taken out of their tuple before the parallel loop: written through
    # the tuple inside it, they are not filled (Numba parfors)
    daily = out.daily
    season_out = out.season
    cut_day_out = out.cut_day
    cut_biomass_out = out.cut_biomass
    cut_yield_out = out.cut_yield
    theta_end = out.theta_end
    salt_end = out.salt_end
    gw_depth_m = groundwater.depth_m
    gw_ec_ds_m = groundwater.ec_ds_m
    aq_par = groundwater.aquifer
    aq_in_mm = groundwater.inflow_mm
    aq_salt_in_g_m2 = groundwater.salt_in_g_m2
    n_fields = index.crop.shape[0]
    n_days = tmin.shape[1]
    n_comp = comp.dz_m.shape[1]
    n_seasons = season_start.shape[1]
    k_out = cut_day_out.shape[1]
    for f in numba.prange(n_fields):
        cp = crop[index.crop[f]]
        st = params.settings[0]     # records are taken inside the parallel loop
        mg = params.management[index.management[f]]
        isoil = index.soil[f]
        so = params.soil[isoil]
        w = index.weather[f]
        th = theta0[f].copy() if theta0_by_field else theta0[isoil].copy()
        dzf = comp.dz_m[isoil]
        satf = comp.sat[isoil]
        fcf = comp.fc[isoil]
        wpf = comp.wp[isoil]
        ksf = comp.ksat_mm_day[isoil]
        tauf = comp.tau[isoil]
        cut_days = schedule.cut_days[f]
        profile_m = 0.0
        for i in range(n_comp):
            profile_m += dzf[i]
        # initial salt: uniform ECe over the profile (salt = ECe·0.64·water at saturation)
        salt = np.empty(n_comp)
        for i in range(n_comp):
            salt[i] = ece0[f] * SALT_G_L_PER_DS_M * satf[i] * 1000.0 * dzf[i]
        smax_top, smax_bot = smax_top_bottom(cp.smax_top_q, cp.smax_bot_q)
        c_iw = mg.ec_iw_ds_m * SALT_G_L_PER_DS_M
        gw_daily = gw_depth_m.shape[1] > 1
        salty = ece0[f] > 0.0 or c_iw > 0.0
        for g in range(gw_depth_m.shape[1]):
            if gw_ec_ds_m[f, g] > 0.0 and gw_depth_m[f, g] > 0.0:
                salty = True
        fluxout = np.zeros(n_comp)
        # issue 17: the field's own shallow aquifer (drainable porosity > 0), else the
        # table is given per day
        ap = aq_par[f] if aq_par.shape[0] > 1 else aq_par[0]
        aq_on = ap[0] > 0.0
        z_aq = ap[9]
        salt_aq = 0.0
        c_gw = 0.0
        if aq_on:
            salt_aq = ap[10] * SALT_G_L_PER_DS_M * 1000.0 * ap[1] * max(ap[5] - z_aq, 0.01)
            salty = salty or ap[10] > 0.0
        aq_row = np.int64(f) if aq_in_mm.shape[0] > 1 else np.int64(0)
        aq_daily = aq_in_mm.shape[1] > 1
        # field capacity raised above a given table (AquaCrop's FCadj): drainage,
        # infiltration and capillary rise use it; recomputed when the table moves.  Not
        # above the field's own aquifer: that water is the aquifer's drainable porosity,
        # and raising and lowering it with the table would pump water between the two
        # day after day (issue 17)
        fca = np.empty(n_comp)
        z_gw = max(z_aq, _SURFACE_TABLE_M) if aq_on else gw_depth_m[f, 0]
        adjusted_field_capacity(fcf, satf, dzf, -1.0 if aq_on else z_gw, fca)

        # waterlogged days and aeration caps of each compartment (aeration stress)
        anaero_days = np.zeros(n_comp)
        aeration_caps = np.ones(n_comp)
        state = state0.copy()
        s = state[0]
        _init_field_state(s, cp, st)
        acc = np.zeros(N_SEASON_VARS)
        storage = layer_water(th, dzf, th, profile_m)
        acc[SI.storage_start_mm] = storage
        acc[SI.salt_start_t_ha] = _salt_total(s, salt)

        c0 = _cycles() if _PROFILE else 0
        for d in range(n_days):
            t_min = tmin[w, d]
            t_max = tmax[w, d]
            e0 = et0[w, d]
            p = rain[w, d]
            gdd = growing_degree_days(t_min, t_max, cp.tbase_c, cp.tupper_c)
            dt = gdd if cp.gdd_mode == 1 else 1.0
            tcc = 0.0
            sown_today = False
            restart_today = False
            s_idx = s.s_idx

            # --- 1. season start, companion sowing, clocks and roots ----------
            if s_idx < n_seasons and season_start[f, s_idx] == d:
                sown_today, restart_today = start_season(
                    s, cp, mg, tmin[w], tmax[w], co2, d, season_end[f, s_idx],
                    schedule.season_year[f, s_idx], profile_m)
                while s.next_cut < cut_days.shape[0] and 0 <= cut_days[s.next_cut] < d:
                    s.next_cut += 1
            if _PROFILE:
                c0 = _tick(prof, _P_SEASON, c0)
            if s.in_crop and comp_crop[f, s_idx] >= 0 and comp_start[f, s_idx] == d:
                sow_companion(s, crop[comp_crop[f, s_idx]], comp_crop[f, s_idx], mg, co2[d])
                sown_today = True
            in_crop = s.in_crop
            if in_crop:
                tcc = canopy_time(s, cp, dt)
                s.zr = root_depth_day(s.zr, s.t_sum, dt, s.year, s.tr_ratio_prev, cp, st, th,
                                      dzf, fcf, wpf, profile_m)
                if s.zr > s.zr_max:
                    s.zr_max = s.zr
            c_dt = 0.0
            c_gdd = 0.0
            if s.c_on:
                c_dt, c_gdd = companion_development(s, crop[s.c_idx], st, t_min, t_max,
                                                    profile_m)
            zr_any = max(s.zr if in_crop else 0.0, s.c_zr if s.c_on else 0.0)
            growing = in_crop or s.c_on

            if _PROFILE:
                c0 = _tick(prof, _P_ROOTS, c0)
            # --- 2. irrigation decided on yesterday's state --------------------
            ponding = is_ponding(mg, in_crop, s.day_in_season, s.season_len)
            net = net_irrigation_mm(s, mg, schedule.irrigation_days[f], d, growing, zr_any,
                                    ponding, th, dzf, fcf, wpf)
            gross, app_loss, leach = apply_irrigation(s, mg, st, net, growing, sown_today,
                                                      restart_today)
            acc[SI.leaching_irrigation_mm] += leach
            irr_in = gross - app_loss

            if _PROFILE:
                c0 = _tick(prof, _P_IRRIGATION, c0)
            # --- 3. soil water and salt: drainage, pond or runoff and infiltration
            for i in range(n_comp):
                fluxout[i] = 0.0
            if aq_on:
                z_new = max(z_aq, _SURFACE_TABLE_M)
                c_gw = groundwater_conc_g_l(salt_aq, z_aq, ap[1], ap[5])
            else:
                z_new = gw_depth_m[f, d] if gw_daily else z_gw
                c_gw = (gw_ec_ds_m[f, d] if gw_daily else gw_ec_ds_m[f, 0]) * SALT_G_L_PER_DS_M
            if z_new != z_gw:
                z_gw = z_new
                if not aq_on:
                    adjusted_field_capacity(fcf, satf, dzf, z_gw, fca)
            drain, excess1, sdrain, sexc1 = drain_profile(th, dzf, satf, fca, ksf, tauf, salt,
                                                          fluxout)
            salt_out = 0.0
            salt_out += sdrain + sexc1
            salt_down = sdrain
            runoff = excess1
            salt_in = 0.0
            seep = 0.0
            if ponding or s.pond > 0.0:
                seep, infil, drain, runoff, salt_in, salt_out, salt_down = pond_day(
                    s, mg, p, irr_in, c_iw, th, dzf, satf, fca, ksf, tauf, salt, fluxout, drain,
                    runoff, salt_in, salt_out, salt_down)
                if s.pond > 0.0:
                    acc[SI.flooded_days] += 1.0
            else:
                drain, runoff, infil, salt_in, salt_out, salt_down = infiltration_day(
                    p, irr_in, c_iw, so.cn, st.cn_adjust == 1, st.cn_depth_m, st.rain_event_mm,
                    th, dzf, satf, fcf, fca, wpf, ksf, tauf, salt, fluxout, drain, runoff,
                    salt_in, salt_out, salt_down, excess1)
                if irr_in > 0.0:
                    s.wet_by_irrigation = True
                if p > st.rain_event_mm:
                    s.wet_by_irrigation = False
            if infil > 0.0:
                # wetting resets stage 1 to the water infiltrated, at most REW, and the
                # evaporating layer (AquaCrop 7.3 PrepareStage1; issue 11)
                s.stage1 = min(so.rew_mm, infil)
                s.evap_z = st.evap_layer_m
                s.evap_start = -1.0
            if _PROFILE:
                c0 = _tick(prof, _P_WATER, c0)
            zone_m = max(zr_any, st.salinity_zone_min_m)
            cr = 0.0
            scr = 0.0
            if z_gw > 0.0:
                cr, scr = capillary_rise(th, dzf, fca, wpf, ksf, salt, fluxout, z_gw, so.cr_a,
                                         so.cr_b, c_gw)
                salt_in += scr
            gw_drain = 0.0
            gw_surface = 0.0
            z_aq_start = z_aq
            if aq_on:
                # the aquifer's day: this field's exchange (its share of the block) plus
                # the rest of the block's, given (zhassyl.groundwater.coupling)
                t_in = d if aq_daily else 0
                share = ap[8]
                canal = ap[7] * gross
                z_aq, salt_aq, gw_drain, gw_surface = aquifer_day(
                    z_aq, salt_aq, share * (drain + seep + canal) + aq_in_mm[aq_row, t_in],
                    share * (salt_down + canal * c_iw) + aq_salt_in_g_m2[aq_row, t_in],
                    share * cr, share * scr, ap[0], ap[1], ap[2], ap[3], ap[4], ap[5], ap[6])
            ece = root_zone_ece(salt, dzf, satf, zone_m) if salty else 0.0

            if _PROFILE:
                c0 = _tick(prof, _P_SALT, c0)
            # --- 4. canopies and potential transpiration -----------------------
            c_tpot = 0.0
            c_tact = 0.0
            c_sto = 1.0
            if s.c_on:
                c_tpot, c_sto = companion_canopy_day(s, crop[s.c_idx], st, e0, c_dt, c_gdd, th,
                                                     dzf, fcf, wpf)
            light = 1.0 - mg.companion_shade * s.c_cc if s.c_on else 1.0

            if _PROFILE:
                c0 = _tick(prof, _P_COMPANION, c0)
            cc = 0.0
            ks_sto = 1.0
            tpot = 0.0
            tact = 0.0
            p_sto = cp.p_sto
            if in_crop:
                cc, p_sto = canopy_day(s, cp, st, tcc, dt, e0, light, s.c_cc,
                                       ponding or s.pond > 0.0, th, dzf, fcf, wpf)
                tpot = potential_transpiration_mm(s, cp, cc, tcc, gdd, e0, light)

            if _PROFILE:
                c0 = _tick(prof, _P_CANOPY, c0)
            # --- 5. evaporation, then transpiration (companion first) ---------
            cover = 1.0 - (1.0 - cc_star(cc)) * (1.0 - cc_star(s.c_cc))
            evap = evaporation_day(s, st, mg, cp.cc_effect_evap_pct, so.rew_mm, cover, e0, th,
                                   dzf, satf, fcf, wpf)

            if _PROFILE:
                c0 = _tick(prof, _P_EVAPORATION, c0)
            if s.c_on and c_tpot > 0.0:
                c_tact = companion_transpiration(s, crop[s.c_idx], c_tpot, c_sto, ece, smax_top,
                                                 smax_bot, th, dzf, fcf, wpf)
            ks_salt = 1.0
            salt_yield = 1.0
            if in_crop:
                ks_salt = ks_salinity_et(ece, cp.salt_threshold_ds_m, cp.salt_slope_pct, cp.ky)
                salt_yield = salinity_relative_yield(ece, cp.salt_threshold_ds_m,
                                                     cp.salt_slope_pct)
                if tpot > 0.0:
                    tact, ks_sto = crop_transpiration(s, cp, st, tpot, p_sto, ks_salt,
                                                      ponding or s.pond > 0.0, smax_top,
                                                      smax_bot, th, dzf, satf, fcf, wpf,
                                                      anaero_days, aeration_caps)
                else:
                    s.tr_ratio_prev = 1.0

            if _PROFILE:
                c0 = _tick(prof, _P_TRANSPIRATION, c0)
            # --- 6. biomass and yield -------------------------------------------
            bin_ = 0.0
            bout = 0.0
            if s.c_on and e0 > 0.0 and c_tact > 0.0:
                companion_biomass_day(s, crop[s.c_idx], c_tact, e0, ece)
            if in_crop and e0 > 0.0:
                bin_, bout = crop_biomass_day(s, cp, cc, tact, e0, ks_salt, salt_yield)
            if in_crop:
                s.ece_sum += ece
                s.ece_n += 1.0

            if _PROFILE:
                c0 = _tick(prof, _P_BIOMASS, c0)
            # --- 7. companion harvest and cuts at the end of the day -----------
            s.cut_yesterday = False
            cc_after = cc
            cut_now = False
            if s.c_on and comp_end[f, s_idx] == d:
                _harvest_companion(s, acc, schedule.companion_fodder[f, s_idx],
                                   crop[s.c_idx].hi_ref_pct)
                if mg.companion_cut_main == 1 and in_crop and cc > 0.0:
                    cut_now = True
            if in_crop and not cut_now:
                cut_now = cut_due(s, mg, cut_days, d, cc)
            if cut_now and in_crop:
                n = s.n_cut_total
                if n < k_out:
                    cut_day_out[f, n] = d
                    cut_biomass_out[f, n] = s.biomass - s.b_prev_cut
                    cut_yield_out[f, n] = s.yield_dry - s.y_prev_cut
                s.n_cut_total = n + 1
                acc[SI.n_cuts] += 1.0
                cc_after = take_cut(s, mg, cc)

            # --- accounts ---------------------------------------------------------
            season_ends = s_idx < n_seasons and season_end[f, s_idx] == d
            if want_daily or season_ends:
                storage = layer_water(th, dzf, th, profile_m)
            if in_crop:
                s.et_for_leaching += evap + tact + c_tact
            _book_day(acc, p, gross, runoff, infil, drain, evap, tact, c_tact, tpot, e0, gdd,
                      bin_, bout, seep, app_loss, cr, salt_in, salt_out)
            if want_daily:
                _write_daily(daily[:, f, d], s, in_crop, cc, tact, evap, drain, runoff, gross,
                             storage, tpot, gdd, ks_sto, ece, c_tact, light)
                daily[DI.capillary_rise_mm, f, d] = cr
                daily[DI.seepage_mm, f, d] = seep
                daily[DI.salt_leached_t_ha, f, d] = salt_down * 0.01
                daily[DI.salt_capillary_t_ha, f, d] = scr * 0.01
                daily[DI.water_table_m, f, d] = z_aq_start if aq_on else z_gw
                daily[DI.ec_gw_ds_m, f, d] = c_gw / SALT_G_L_PER_DS_M
                daily[DI.gw_drain_mm, f, d] = gw_drain
                daily[DI.gw_surface_outflow_mm, f, d] = gw_surface
            s.cc_prev = cc_after

            # --- season end ----------------------------------------------------------
            if season_ends:
                if s.c_on:  # a companion still standing at the end is harvested with the season
                    _harvest_companion(s, acc, schedule.companion_fodder[f, s_idx],
                                       crop[s.c_idx].hi_ref_pct)
                _close_season(s, acc, cp, mg, st, storage, ece, salt, th, dzf, satf, fcf, wpf,
                              profile_m, season_out[f, s_idx])
            if _PROFILE:
                c0 = _tick(prof, _P_ACCOUNTING, c0)
        if theta_end.shape[0] == n_fields:
            for i in range(n_comp):
                theta_end[f, i] = th[i]
                salt_end[f, i] = salt[i]
