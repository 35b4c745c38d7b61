"""The daily loop of the engine, compiled with Numba, over N fields.

Each field is simulated day by day: every rate of a day is computed from the
state at the end of the previous day (plus the day's weather), then the state
is updated.  Fields are independent; ``numba.prange`` spreads them over the
cores.  The kernel does no I/O; it receives arrays and fills arrays.

Process equations live in the modules named after them (``canopy``,
``roots``, ``soil_water``, ``transpiration``, ``biomass``, ``stress``,
``thermal``); this module only sequences them, following the daily order of
AquaCrop 7 (Raes et al., reference manual ch. 3): roots, drainage, runoff,
infiltration, canopy, potential E and T, evaporation, transpiration,
biomass and yield, cuts.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from llvmlite import ir as llvm_ir
from numba.core import cgutils
from numba.extending import intrinsic

from zhassyl.engine.aquifer import aquifer_day, groundwater_conc_g_l
from zhassyl.engine.biomass import (
    harvest_index,
    harvest_index_growth_coefficient,
    wp_co2_factor,
    wp_fertility_factor,
)
from zhassyl.engine.canopy import (
    cc_decline,
    cc_decline_time,
    cc_growth,
    cc_growth_time,
    cc_star,
    self_thinning_cco_factor,
    self_thinning_ccx_factor,
)
from zhassyl.engine.jit import jit
from zhassyl.engine.layout import (
    CROP_DTYPE,
    DAILY_VARS,
    MANAGEMENT_DTYPE,
    SEASON_VARS,
    SETTINGS_DTYPE,
    SOIL_DTYPE,
)
from zhassyl.engine.roots import (
    potential_root_depth,
    root_front_factor,
    root_growth_stress_factor,
    root_time_equivalent,
)
from zhassyl.engine.soil_water import (
    adjusted_field_capacity,
    capillary_rise,
    curve_number_runoff,
    drain_profile,
    infiltrate,
    layer_water,
    soil_evaporation,
)
from zhassyl.engine.stress import (
    fertility_reduction_pct,
    ks_cold_transpiration,
    ks_curve,
    ks_salinity_et,
    p_adjusted_for_et0,
    salinity_relative_yield,
)
from zhassyl.engine.thermal import growing_degree_days
from zhassyl.engine.transpiration import (
    extract_transpiration,
    kc_ageing,
    kc_transpiration_co2_factor,
    smax_top_bottom,
)

N_SEASON_VARS = len(SEASON_VARS)
N_DAILY_VARS = len(DAILY_VARS)

# season-variable indices (see layout.SEASON_VARS)
_RAIN, _IRR, _RUNOFF, _INFIL, _DRAIN, _EVAP, _TR, _TPOT, _ET0, _GDD = range(10)
_BIOMASS, _YIELD, _BIN, _BOUT, _NCUTS, _ST0, _ST1, _RESID, _CCMAX, _ZRMAX = range(10, 20)
_CB, _CY, _CTR, _SEEP, _APPLOSS, _CR, _FLOOD = range(20, 27)
_SALT_IN, _SALT_OUT, _SALT0, _SALT1, _SALT_RESID, _ECE_MEAN, _ECE_END, _STAND = range(27, 35)
_LEACH = 35
# daily-variable indices (see layout.DAILY_VARS)
(_D_CC, _D_B, _D_Y, _D_TR, _D_E, _D_DRAIN, _D_RO, _D_IRR, _D_ZR, _D_STORE, _D_TPOT, _D_GDD,
 _D_KSSTO, _D_ECE, _D_POND, _D_CCC, _D_CB, _D_CTR, _D_LIGHT) = range(19)
# issue 17: the exchange with the groundwater (for the aquifer coupling)
_D_CR, _D_SEEP, _D_SALT_DOWN, _D_SALT_UP, _D_ZGW, _D_ECGW, _D_GWDRAIN, _D_GWSURF = range(19, 27)

#: Salt concentration per unit electrical conductivity, 0.64 g L-1 per dS m-1
#: (FAO-29, Ayers & Westcot 1985, table 3 footnote: TDS [mg/L] ≈ 640 × EC [dS/m]).
SALT_G_L_PER_DS_M = 0.64

#: Depth the soil processes take for a table at the surface [m] (<= 0 means none).
_SURFACE_TABLE_M = 0.005

# AquaCrop constants (reference manual ch. 3)
_CC_CUT_REF = 0.25   # canopy cover below which no assimilates are stored (AquaCrop storage rule)
_MOBIL_REGROW_YEAR2 = 0.2  # share of the stored assimilates remobilised in the 2nd year


@jit
def _zone_water(theta, dz, fc, wp, depth):
    """Water at actual, FC and WP contents over ``depth`` [mm] (AquaCrop root-zone sums).

    One pass over the compartments; the one cut by ``depth`` counts pro rata.
    """
    z = 0.0
    act = 0.0
    wfc = 0.0
    wwp = 0.0
    for i in range(theta.shape[0]):
        if z >= depth:
            break
        frac = 1000.0 * min(dz[i], depth - z)
        act += theta[i] * frac
        wfc += fc[i] * frac
        wwp += wp[i] * frac
        z += dz[i]
    return act, wfc, wwp


@jit
def _compartment_at(dz, depth):
    """Index of the compartment holding ``depth`` (the last one below the profile; issue 11)."""
    z = 0.0
    for i in range(dz.shape[0]):
        z += dz[i]
        if z >= depth:
            return i
    return dz.shape[0] - 1


@jit
def root_zone_ece(salt, dz, sat, zr):
    """Mean ECe of the root zone [dS m-1], each compartment weighted by its rooted thickness.

    ECe of a compartment = salt / (water at saturation) / 0.64, i.e. the EC of
    the soil water scaled to the saturation extract as AquaCrop does
    (ECe = ECsw·θ/θsat, reference manual ch. 3.9).
    """
    z = 0.0
    num = 0.0
    den = 0.0
    depth = max(zr, dz[0])
    for i in range(salt.shape[0]):
        if z >= depth:
            break
        frac = min(dz[i], depth - z)
        num += frac * salt[i] / (sat[i] * 1000.0 * dz[i]) / SALT_G_L_PER_DS_M
        den += frac
        z += dz[i]
    return num / den if den > 0.0 else 0.0


@jit
def _stress_zone(theta, dz, fc, wp, zr, top_m):
    """Relative depletion and water amounts of the zone that drives stress.

    The root zone, unless the top soil is relatively wetter (after rain), in
    which case the top soil is used (AquaCrop "top soil considered").
    Returns (wrel, wc_act, wc_fc, wc_wp).  Both zones are summed in one pass
    over the compartments, each in the same order as :func:`_zone_water`
    (identical results).
    """
    z = 0.0
    a = 0.0
    f = 0.0
    w = 0.0
    at = 0.0
    ft = 0.0
    wt = 0.0
    top = top_m < zr
    for i in range(theta.shape[0]):
        if z >= zr:
            break
        frac = 1000.0 * min(dz[i], zr - z)
        a += theta[i] * frac
        f += fc[i] * frac
        w += wp[i] * frac
        if top and z < top_m:
            frac_t = 1000.0 * min(dz[i], top_m - z)
            at += theta[i] * frac_t
            ft += fc[i] * frac_t
            wt += wp[i] * frac_t
        z += dz[i]
    rel = (f - a) / (f - w) if f > w else 0.0
    if top:
        relt = (ft - at) / (ft - wt) if ft > wt else 0.0
        if relt < rel:
            return relt, at, ft, wt
    return rel, a, f, w


@jit
def _season_prepass(crop, tmin, tmax, co2, start, end, year, t_adj, t_full_sf):
    """Quantities AquaCrop derives for a season before simulating it.

    Returns (t_harvest, sum_kc_top, days_to_hi, co2_mean, days_full_sf): the
    season length in thermal units, the seasonal sum of the unstressed
    KcTr·CC* (AquaCrop SeasonalSumOfKcPot, used by the soil-fertility WP
    reduction), the number of days to accumulate the HI build-up time, the
    mean CO2 concentration, and the days until the canopy-time ``t_full_sf``.
    """
    n = end - start + 1
    t = 0.0
    co2_sum = 0.0
    days_to_hi = -1.0
    for k in range(n):
        d = start + k
        g = growing_degree_days(tmin[d], tmax[d], crop.tbase_c, crop.tupper_c)
        t += g if crop.gdd_mode == 1 else 1.0
        if days_to_hi < 0.0 and t >= crop.t_hi_build:
            days_to_hi = k + 1.0
        co2_sum += co2[d]
    if days_to_hi < 0.0:
        days_to_hi = float(n)
    if crop.perennial == 1 or crop.forage == 1:
        t_harvest = t
    else:
        t_harvest = crop.t_maturity
    co2_mean = co2_sum / n
    # unstressed canopy and Kc over the season
    t_full = crop.t_emergence + cc_growth_time(0.98 * crop.ccx, crop.cco, crop.cgc, crop.ccx)
    kc_co2 = kc_transpiration_co2_factor(co2_mean)
    tt = 0.0
    total = 0.0
    days_full_sf = float(n)
    for k in range(n):
        d = start + k
        g = growing_degree_days(tmin[d], tmax[d], crop.tbase_c, crop.tupper_c)
        tt += g if crop.gdd_mode == 1 else 1.0
        tcc = tt + t_adj + (crop.t_emergence if year > 1 and crop.perennial == 1 else 0.0)
        if tcc >= t_full_sf and days_full_sf >= n:
            days_full_sf = k + 1.0
        if tcc <= crop.t_emergence:
            continue
        cc = cc_growth(tcc - crop.t_emergence, crop.cco, crop.cgc, crop.ccx)
        ccw = crop.ccx if tcc >= t_full else cc
        kc = kc_ageing(crop.kctr_x, tcc - t_full, t_harvest - t_full, crop.kc_decline_pct, ccw)
        total += cc_star(cc) * kc * kc_co2 * ks_cold_transpiration(g, crop.gdd_transp_low)
    return t_harvest, total, days_to_hi, co2_mean, days_full_sf


@jit(inline="always")
def _book_companion_harvest(acc, biomass_t_ha, fodder, hi_ref_pct):
    """Add a companion crop's harvest to the season accounts.

    Green fodder: the whole above-ground biomass; grain: biomass x HI.
    """
    acc[_CB] += biomass_t_ha
    acc[_CY] += biomass_t_ha if fodder == 1 else biomass_t_ha * hi_ref_pct / 100.0


@jit
def _companion_canopy(cp, cc_prev, t, dt, cco, ccx, ks_exp, ccx_withered):
    """Canopy cover of the companion (annual) crop for one day (AquaCrop eqs. 3.3-3.4)."""
    if t <= cp.t_emergence:
        return 0.0
    if t < cp.t_senescence:
        if cc_prev <= 0.0:
            return cc_growth(t - cp.t_emergence, cco, cp.cgc, ccx)
        cgc = cp.cgc * ks_exp
        if cgc <= 0.0:
            return cc_prev
        c0 = min(cco, cc_prev)
        tt = cc_growth_time(min(cc_prev, 0.999 * ccx), c0, cgc, ccx)
        return min(cc_growth(tt + dt, c0, cgc, ccx), ccx)
    cdc = cp.cdc * (ccx_withered + 2.29) / (ccx + 2.29)
    return min(cc_prev, cc_decline(t - cp.t_senescence, max(ccx_withered, 1e-6), cdc))


def run_fields(crop, crop_index, mgmt, mgmt_index, soil, dz, sat, fc, wp, ksat, tau,
               soil_index, settings, theta0, theta0_by_field, ece0, tmin, tmax, et0, rain, co2,
               weather_index,
               season_start, season_end, season_year, comp_crop, comp_start, comp_end,
               comp_fodder, cut_days, irr_days, gw_depth_m, gw_ec_ds_m,
               aq_par, aq_in_mm, aq_salt_in_g_m2,
               want_daily, daily, season_out, cut_day_out, cut_biomass_out, cut_yield_out,
               theta_end, salt_end):
    """Simulate every field over all days (see :func:`_run_fields`).

    Every input reaches the compiled kernel as a writable C-contiguous array of
    its layout's dtype (a copy where the caller's array is a read-only or
    strided view), so that all callers share one compiled specialisation: the
    one the set-up's warm-up has put in the cache.  Outputs are filled in place.
    """
    f8, i8 = np.float64, np.int64
    _run_fields(
        _c(crop, CROP_DTYPE), _c(crop_index, i8), _c(mgmt, MANAGEMENT_DTYPE),
        _c(mgmt_index, i8), _c(soil, SOIL_DTYPE), _c(dz, f8), _c(sat, f8), _c(fc, f8),
        _c(wp, f8), _c(ksat, f8), _c(tau, f8), _c(soil_index, i8), _c(settings, SETTINGS_DTYPE),
        _c(theta0, f8), bool(theta0_by_field), _c(ece0, f8), _c(tmin, f8), _c(tmax, f8),
        _c(et0, f8), _c(rain, f8), _c(co2, f8), _c(weather_index, i8),
        _c(season_start, i8), _c(season_end, i8), _c(season_year, i8), _c(comp_crop, i8),
        _c(comp_start, i8), _c(comp_end, i8), _c(comp_fodder, i8), _c(cut_days, i8),
        _c(irr_days, i8), _c(gw_depth_m, f8), _c(gw_ec_ds_m, f8), _c(aq_par, f8),
        _c(aq_in_mm, f8), _c(aq_salt_in_g_m2, f8), bool(want_daily),
        _out(daily, f8), _out(season_out, f8),
        _out(cut_day_out, i8), _out(cut_biomass_out, f8), _out(cut_yield_out, f8),
        _out(theta_end, f8), _out(salt_end, f8), np.zeros(N_PROFILE_SECTIONS))


def _c(a, dtype) -> np.ndarray:
    """``a`` as a writable C-contiguous array of ``dtype`` (copied only when needed)."""
    return np.require(a, dtype=dtype, requirements=("C", "W"))


def _out(a: np.ndarray, dtype) -> np.ndarray:
    """An output array, which must already be writable, C-contiguous and of ``dtype``."""
    if a.dtype != dtype or not (a.flags.c_contiguous and a.flags.writeable):
        raise ValueError("kernel output arrays must be writable, C-contiguous, "
                         f"{np.dtype(dtype)}; got {a.dtype} {a.flags}")
    return a


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


@jit(parallel=True)
def _run_fields(crop, crop_index, mgmt, mgmt_index, soil, dz, sat, fc, wp, ksat, tau,
               soil_index, settings, theta0, theta0_by_field, ece0, tmin, tmax, et0, rain, co2,
               weather_index,
               season_start, season_end, season_year, comp_crop, comp_start, comp_end,
               comp_fodder, cut_days, irr_days, gw_depth_m, gw_ec_ds_m,
               aq_par, aq_in_mm, aq_salt_in_g_m2,
               want_daily, daily, season_out, cut_day_out, cut_biomass_out, cut_yield_out,
               theta_end, salt_end, prof):
    """Simulate every field over all days; fill the output arrays in place.

    Shapes: parameter tables ``crop`` (n_crops,), ``mgmt`` (n_mgmt,), ``soil``
    (n_soils,) with compartments ``dz``..``tau`` (n_soils, C), each chosen per
    field by its ``*_index`` (n,); ``settings`` (1,); ``theta0`` (n, C) and
    ``ece0`` (n,) the initial water content and root-zone salinity; weather
    (W, n_days) chosen by ``weather_index`` (n,); ``co2`` (n_days,); seasons
    (n, S) as day indices (-1 = none) with the companion crop of each season
    (crop index, sowing and harvest day, 1 = harvested as green fodder);
    ``cut_days`` and ``irr_days`` (n, K) day indices (-1 = none); the water
    table's depth [m] (<= 0: none) and salinity [dS m-1] ``gw_depth_m`` and
    ``gw_ec_ds_m`` (n, G) per field and day, or G = 1 for a constant table; or,
    for fields whose row of ``aq_par`` (1 or n rows, columns
    ``aquifer.KERNEL_PARAMETERS``) has a drainable porosity > 0, the table of
    their own aquifer, moved each day by :func:`aquifer.aquifer_day` with the
    field's exchange times its area share plus the given inflow from the rest of
    its block ``aq_in_mm`` and ``aq_salt_in_g_m2`` (1 or n rows, 1 or n_days
    columns); ``daily``
    (n_daily_vars, n, n_days) when ``want_daily``; ``season_out``
    (n, S, n_season_vars); cut outputs (n, Kout); final state (n, C); ``prof``
    (N_PROFILE_SECTIONS,) CPU cycles per section of the day, accumulated only in
    the profiling build (``_PROFILE`` true, see :func:`profiling_kernel`).
    """
    n_fields = crop_index.shape[0]
    n_days = tmin.shape[1]
    n_comp = dz.shape[1]
    n_seasons = season_start.shape[1]
    k_out = cut_day_out.shape[1]
    for f in numba.prange(n_fields):
        cp = crop[crop_index[f]]
        mg = mgmt[mgmt_index[f]]
        so = soil[soil_index[f]]
        st = settings[0]
        w = weather_index[f]
        th = theta0[f].copy() if theta0_by_field else theta0[soil_index[f]].copy()
        dzf = dz[soil_index[f]]
        satf = sat[soil_index[f]]
        fcf = fc[soil_index[f]]
        wpf = wp[soil_index[f]]
        ksf = ksat[soil_index[f]]
        tauf = tau[soil_index[f]]
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

        # --- state -------------------------------------------------------
        s_idx = 0
        in_crop = False
        year = 1
        t_sum = 0.0
        t_adj = 0.0
        t_harvest = 0.0
        t_full = 0.0
        t_full_sf = 0.0
        c_decline = 0.0
        rat_d_gdd = 1.0
        cc_prev = 0.0
        ccx_withered = 0.0
        protected = False
        t_sen = 0.0
        cc_top_sen = 0.0
        sum_et0_stress = 0.0
        zr = 0.0
        tr_ratio_prev = 1.0
        stage1 = 0.0
        # issue 11: AquaCrop's stage-2 evaporating layer (depth, start wetness; -1 unset)
        evap_z = st.evap_layer_m
        evap_start = -1.0
        biomass = 0.0
        yield_dry = 0.0
        b_prev_cut = 0.0
        y_prev_cut = 0.0
        t_since_cut = 0.0
        cut_yesterday = False
        n_cut_total = 0
        next_cut = 0
        next_irr = 0
        sum_kc_act = 0.0
        sum_kc_top_stress = 0.0
        red_cgc = 0.0
        red_ccx = 0.0
        red_wp = 0.0
        cco_tot = cp.cco
        ccx_tot = cp.ccx
        cgc_sf = cp.cgc
        ccx_sf = cp.ccx
        wp_season = 0.0
        kc_co2 = 1.0
        k_hi = 0.0
        stored_total = 0.0
        stored_prev = 0.0
        to_mobilize = 0.0
        mobilized = 0.0
        mobilizing = False
        day_in_season = 0
        season_len = 0
        cc_max = 0.0
        zr_max = 0.0
        stand = 1.0
        wet_by_irrigation = False
        pond = 0.0
        pond_salt = 0.0
        ece_sum = 0.0
        ece_n = 0.0
        irr_remaining = 0.0
        leach_due = 0.0
        acc_et_for_leaching = 0.0
        # companion crop state
        c_on = False
        c_idx = -1
        c_t = 0.0
        c_cc = 0.0
        c_zr = 0.0
        c_b = 0.0
        c_ccx_w = 0.0
        c_wp = 0.0
        c_kc_co2 = 1.0
        c_cco = 0.0
        c_ccx = 0.0
        acc = np.zeros(N_SEASON_VARS)
        storage = layer_water(th, dzf, th, profile_m)
        salt_total = 0.0
        for i in range(n_comp):
            salt_total += salt[i]
        acc[_ST0] = storage
        acc[_SALT0] = salt_total

        c0 = _cycles() if _PROFILE else 0
        for d in range(n_days):
            t_min = tmin[w, d]
            t_max = tmax[w, d]
            e0 = et0[w, d]
            p = rain[w, d]
            gdd = growing_degree_days(t_min, t_max, cp.tbase_c, cp.tupper_c)
            dt = gdd if cp.gdd_mode == 1 else 1.0
            tcc = 0.0
            p_sto = cp.p_sto
            sown_today = False
            restart_today = False

            # --- season start ------------------------------------------
            if s_idx < n_seasons and season_start[f, s_idx] == d:
                in_crop = True
                year = season_year[f, s_idx]
                season_len = season_end[f, s_idx] - d + 1
                day_in_season = 0
                fi_ccx = self_thinning_ccx_factor(year, cp.years_ccx_90, cp.self_thin_shape)
                fi_cco = self_thinning_cco_factor(year, cp.years_ccx_90, cp.self_thin_shape)
                regrowth = cp.perennial == 1 and year > 1
                if regrowth:
                    # a thin stand (poor establishment) has fewer plants: CCo, the regrowth
                    # cover and CCx scale with the stand (model assumption, see crop data)
                    fi_ccx *= stand
                    fi_cco *= stand
                ccx_tot = cp.ccx * fi_ccx
                cco_tot = cp.cco * fi_cco
                red_cgc = fertility_reduction_pct(mg.fertility_stress_pct, cp.fert_shape_cgc)
                red_ccx = fertility_reduction_pct(mg.fertility_stress_pct, cp.fert_shape_ccx)
                red_wp = fertility_reduction_pct(mg.fertility_stress_pct, cp.fert_shape_wp)
                cgc_sf = cp.cgc * (1.0 - red_cgc / 100.0)
                ccx_sf = ccx_tot * (1.0 - red_ccx / 100.0)
                if regrowth:
                    t_adj = cc_growth_time(cp.cc_ini, cp.cco, cp.cgc, cp.ccx)
                    restart_today = True
                else:
                    t_adj = 0.0
                    sown_today = True
                t_full = cp.t_emergence + cc_growth_time(0.98 * cp.ccx, cp.cco, cp.cgc, cp.ccx)
                t_full_sf = cp.t_emergence + cc_growth_time(0.98 * ccx_sf, cp.cco, cgc_sf, ccx_sf)
                t_harvest, sum_kc_top, days_to_hi, co2_mean, days_full_sf = _season_prepass(
                    cp, tmin[w], tmax[w], co2, d, season_end[f, s_idx], year, t_adj, t_full_sf)
                c_decline = 0.0
                if mg.fertility_stress_pct > 0.0:
                    c_decline = 1.0 - ks_curve(mg.fertility_stress_pct / 100.0, 0.0, 1.0,
                                               cp.fert_shape_decline)
                if cp.gdd_mode == 1 and t_harvest > t_full_sf:
                    rat_d_gdd = (season_len - days_full_sf) / (t_harvest - t_full_sf)
                else:
                    rat_d_gdd = 1.0
                sum_kc_top_stress = (1.0 - mg.fertility_stress_pct / 100.0) * sum_kc_top
                sum_kc_act = 0.0
                kc_co2 = kc_transpiration_co2_factor(co2_mean)
                wp_season = cp.wp_g_m2 / 100.0 * wp_co2_factor(co2_mean, cp.co2_sink_pct,
                                                                cp.wp_g_m2)
                k_hi = harvest_index_growth_coefficient(cp.hi_ref_pct, days_to_hi)
                t_sum = 0.0
                if regrowth:
                    cc_prev = cc_growth(t_adj, cp.cco * fi_ccx, cgc_sf, ccx_sf)
                    zr = cp.zmax_m
                    protected = False
                else:
                    cc_prev = 0.0
                    zr = 0.0
                    protected = True
                zr = min(zr, profile_m)
                ccx_withered = cc_prev
                t_sen = 0.0
                sum_et0_stress = 0.0
                tr_ratio_prev = 1.0
                biomass = 0.0
                yield_dry = 0.0
                b_prev_cut = 0.0
                y_prev_cut = 0.0
                t_since_cut = 0.0
                cut_yesterday = False
                stored_total = 0.0
                if regrowth and cp.assim_on == 1 and stored_prev > 0.0:
                    to_mobilize = stored_prev * cp.assim_mobilised_pct / 100.0
                    if year == 2:
                        to_mobilize *= _MOBIL_REGROW_YEAR2
                    mobilizing = round(1000.0 * to_mobilize) > 0
                else:
                    to_mobilize = 0.0
                    mobilizing = False
                mobilized = 0.0
                cc_max = 0.0
                zr_max = 0.0
                ece_sum = 0.0
                ece_n = 0.0
                while next_cut < cut_days.shape[1] and cut_days[f, next_cut] >= 0 \
                        and cut_days[f, next_cut] < d:
                    next_cut += 1
            if _PROFILE:
                c0 = _tick(prof, _P_SEASON, c0)
            # --- companion crop sowing ---------------------------------
            if in_crop and comp_crop[f, s_idx] >= 0 and comp_start[f, s_idx] == d:
                c_on = True
                c_idx = comp_crop[f, s_idx]
                c_t = 0.0
                c_cc = 0.0
                c_zr = 0.0
                c_b = 0.0
                c_ccx_w = 0.0
                c_cco = crop[c_idx].cco * mg.companion_cco_factor
                c_ccx = mg.companion_ccx if mg.companion_ccx > 0.0 else crop[c_idx].ccx
                c_kc_co2 = kc_transpiration_co2_factor(co2[d])
                c_wp = crop[c_idx].wp_g_m2 / 100.0 * wp_co2_factor(
                    co2[d], crop[c_idx].co2_sink_pct, crop[c_idx].wp_g_m2)
                sown_today = True

            # --- rates of the day ----------------------------------------
            if in_crop:
                day_in_season += 1
                t_sum += dt
                t_since_cut += dt
                if cp.perennial == 1 and year > 1:
                    tcc = min(t_sum + t_adj + cp.t_emergence,
                              max(t_harvest, t_adj + cp.t_emergence))
                else:
                    tcc = t_sum
                # roots (AquaCrop ch. 3.6); perennials keep their full depth after year 1
                if not (cp.perennial == 1 and year > 1):
                    zmin = cp.zmin_year1_m if cp.perennial == 1 else cp.zmin_m
                    if zr <= 0.0:
                        zr = potential_root_depth(t_sum, cp.t_emergence, cp.t_max_rooting, zmin,
                                                  cp.zmax_m, cp.root_shape, st.root_start_pct)
                    else:
                        t_eq = root_time_equivalent(zr, cp.t_emergence, cp.t_max_rooting, zmin,
                                                    cp.zmax_m, cp.root_shape, st.root_start_pct)
                        t_new = min(t_eq + dt, t_sum)
                        dzr = (potential_root_depth(t_new, cp.t_emergence, cp.t_max_rooting, zmin,
                                                    cp.zmax_m, cp.root_shape, st.root_start_pct)
                               - potential_root_depth(t_eq, cp.t_emergence, cp.t_max_rooting,
                                                      zmin, cp.zmax_m, cp.root_shape,
                                                      st.root_start_pct))
                        if dzr > 0.0:
                            dzr *= root_growth_stress_factor(tr_ratio_prev, st.root_stress_shape)
                        if dzr > 0.001:
                            # issue 11: no deepening into dry soil at the root front
                            k = _compartment_at(dzf, zr + dzr)
                            dzr *= root_front_factor(th[k], fcf[k], wpf[k], cp.p_sto,
                                                     cp.shape_sto)
                        if dzr > 0.0:
                            zr += dzr
                    zr = min(zr, cp.zmax_m, profile_m)
            c_dt = 0.0
            c_gdd = 0.0
            if c_on:
                cq = crop[c_idx]
                c_gdd = growing_degree_days(t_min, t_max, cq.tbase_c, cq.tupper_c)
                c_dt = c_gdd if cq.gdd_mode == 1 else 1.0
                c_t += c_dt
                c_zr = min(potential_root_depth(c_t, cq.t_emergence, cq.t_max_rooting, cq.zmin_m,
                                                cq.zmax_m, cq.root_shape, st.root_start_pct),
                           profile_m)
            zr_any = max(zr if in_crop else 0.0, c_zr if c_on else 0.0)

            if _PROFILE:
                c0 = _tick(prof, _P_ROOTS, c0)
            # --- irrigation decided on yesterday's state ----------------
            ponding = (mg.irr_mode == 4 and in_crop
                       and day_in_season <= season_len - mg.drain_days_before_end)
            net = 0.0
            if (in_crop or c_on) and mg.irr_mode == 1 and zr_any > 0.0 and irr_remaining <= 0.0:
                zone = min(zr_any, mg.irr_zone_m) if mg.irr_zone_m > 0.0 else zr_any
                a, fcw, wpw = _zone_water(th, dzf, fcf, wpf, zone)
                depl = fcw - a
                if depl > mg.irr_trigger_pct_taw / 100.0 * (fcw - wpw) and depl > 0.0:
                    net = depl
            elif (in_crop or c_on) and mg.irr_mode == 2 and mg.irr_interval_days > 0:
                if day_in_season > 0 and (day_in_season - 1) % int(mg.irr_interval_days) == 0:
                    net = mg.irr_depth_mm
            elif mg.irr_mode == 3:
                while next_irr < irr_days.shape[1] and 0 <= irr_days[f, next_irr] < d:
                    next_irr += 1
                if next_irr < irr_days.shape[1] and irr_days[f, next_irr] == d:
                    net = mg.irr_depth_mm
                    next_irr += 1
            elif ponding and pond < mg.pond_min_mm:
                net = mg.pond_max_mm - pond
            gross = 0.0
            if net > 0.0:
                eff = max(mg.irr_efficiency, 0.05) if mg.irr_mode != 4 else 1.0
                irr_remaining += net / eff
            if irr_remaining > 0.0:
                # an application larger than the method's daily capacity continues next days
                gross = irr_remaining
                if mg.irr_max_mm_day > 0.0 and mg.irr_mode != 4:
                    gross = min(gross, mg.irr_max_mm_day)
                irr_remaining -= gross
                if not (in_crop or c_on):
                    irr_remaining = 0.0
            if sown_today and mg.sowing_irrigation_mm > 0.0:
                gross += mg.sowing_irrigation_mm
            elif restart_today and mg.spring_irrigation_mm > 0.0:
                gross += mg.spring_irrigation_mm
            app_loss = 0.0
            if gross > 0.0 and mg.irr_loss_to_air == 1 and mg.irr_mode != 4:
                app_loss = gross * (1.0 - mg.irr_efficiency)
            if leach_due > 0.0 and not in_crop:
                # leaching irrigation after the season (FAO-29 leaching requirement), flooded
                # onto the bare soil so that it passes below the root zone
                step = min(leach_due, 150.0)
                gross += step
                leach_due -= step
                acc[_LEACH] += step
            irr_in = gross - app_loss

            if _PROFILE:
                c0 = _tick(prof, _P_IRRIGATION, c0)
            # --- soil water and salt: drainage, runoff, infiltration ----
            salt_out = 0.0
            seep = 0.0
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
            salt_out += sdrain + sexc1
            salt_down = sdrain
            runoff = excess1
            infil = 0.0
            salt_in = 0.0
            if ponding or pond > 0.0:
                # paddy: rain and irrigation fill the pond; seepage, percolation, overflow
                pond += p + irr_in
                pond_salt += irr_in * c_iw
                salt_in += irr_in * c_iw
                if pond > 0.0:
                    seep = min(pond, mg.seepage_mm_day)
                    cpond = pond_salt / pond
                    pond -= seep
                    pond_salt -= seep * cpond
                    salt_out += seep * cpond
                    salt_down += seep * cpond
                    # the puddled layer lets through its percolation rate, plus what the
                    # profile still lacks to field capacity while it wets up
                    room = 0.0
                    for i in range(n_comp):
                        room += max(fca[i] - th[i], 0.0) * 1000.0 * dzf[i]
                    inf = min(pond, mg.percolation_mm_day + room)
                    if inf > 0.0:
                        pond -= inf
                        pond_salt -= inf * cpond
                        deep, excess2, sdeep, sexc2 = infiltrate(inf, th, dzf, satf, fca, ksf,
                                                                 tauf, salt, cpond, fluxout)
                        drain += deep
                        salt_out += sdeep
                        salt_down += sdeep
                        pond += excess2
                        pond_salt += sexc2
                        infil = inf - excess2
                    over = pond - mg.bund_height_mm
                    if over > 0.0:
                        cpond = pond_salt / pond
                        runoff += over
                        pond -= over
                        pond_salt -= over * cpond
                        salt_out += over * cpond
                if pond < 1e-12:
                    pond_salt = 0.0
                    pond = 0.0
                if pond > 0.0:
                    acc[_FLOOD] += 1.0
            else:
                if p > 0.1:
                    runoff += curve_number_runoff(p, so.cn, th, dzf, fcf, wpf,
                                                  st.cn_adjust == 1, st.cn_depth_m)
                rain_in = p - (runoff - excess1)
                water_in = rain_in + irr_in
                conc = irr_in * c_iw / water_in if water_in > 0.0 else 0.0
                salt_in += irr_in * c_iw
                deep, excess2, sdeep, sexc2 = infiltrate(water_in, th, dzf, satf, fca, ksf, tauf,
                                                         salt, conc, fluxout)
                drain += deep
                runoff += excess2
                salt_out += sdeep + sexc2
                salt_down += sdeep
                infil = water_in - excess2
                if irr_in > 0.0:
                    wet_by_irrigation = True
                if p > 0.1:
                    wet_by_irrigation = False
            if infil > 0.0:
                # issue 11: wetting resets stage 1 to the water infiltrated, at most REW,
                # and the evaporating layer (AquaCrop 7.3 PrepareStage1)
                stage1 = min(so.rew_mm, infil)
                evap_z = st.evap_layer_m
                evap_start = -1.0
            if _PROFILE:
                c0 = _tick(prof, _P_WATER, c0)
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
            ece = root_zone_ece(salt, dzf, satf, max(zr_any, 0.3)) if salty else 0.0

            if _PROFILE:
                c0 = _tick(prof, _P_SALT, c0)
            # --- companion canopy and potential transpiration ------------
            c_tpot = 0.0
            c_tact = 0.0
            c_sto = 1.0
            if c_on:
                cq = crop[c_idx]
                cw, cwa, cwf, cww = _stress_zone(th, dzf, fcf, wpf, max(c_zr, 1e-3),
                                                 st.top_soil_m)
                c_pup = p_adjusted_for_et0(cq.p_exp_upper, e0) if cq.p_adjust == 1 \
                    else cq.p_exp_upper
                c_plo = p_adjusted_for_et0(cq.p_exp_lower, e0) if cq.p_adjust == 1 \
                    else cq.p_exp_lower
                c_psto = p_adjusted_for_et0(cq.p_sto, e0) if cq.p_adjust == 1 else cq.p_sto
                c_kse = 1.0 if cwa >= cwf else (0.0 if cwa <= cww else
                                                ks_curve(cw, c_pup, c_plo, cq.shape_exp))
                c_cc = _companion_canopy(cq, c_cc, c_t, c_dt, c_cco, c_ccx, c_kse, c_ccx_w)
                if c_cc > c_ccx_w:
                    c_ccx_w = c_cc
                if c_cc > 0.0:
                    c_tpot = (cc_star(c_cc) * cq.kctr_x * c_kc_co2
                              * ks_cold_transpiration(c_gdd, cq.gdd_transp_low) * e0)
                    if cwa < 0.999 * (cwf - c_psto * (cwf - cww)):
                        c_sto = ks_curve(cw, c_psto, 1.0, 0.0)
            light = 1.0 - mg.companion_shade * c_cc if c_on else 1.0

            if _PROFILE:
                c0 = _tick(prof, _P_COMPANION, c0)
            # --- main canopy (AquaCrop ch. 3.3) --------------------------
            cc = 0.0
            ks_sto = 1.0
            tpot = 0.0
            tact = 0.0
            if in_crop:
                wrel, wc_a, wc_f, wc_w = _stress_zone(th, dzf, fcf, wpf, max(zr, 1e-3),
                                                      st.top_soil_m)
                if cp.p_adjust == 1:
                    p_up = p_adjusted_for_et0(cp.p_exp_upper, e0)
                    p_lo = p_adjusted_for_et0(cp.p_exp_lower, e0)
                    p_sto = p_adjusted_for_et0(cp.p_sto, e0)
                    p_sen = p_adjusted_for_et0(cp.p_sen, e0)
                else:
                    p_up = cp.p_exp_upper
                    p_lo = cp.p_exp_lower
                    p_sto = cp.p_sto
                    p_sen = cp.p_sen
                if ponding or pond > 0.0:
                    ks_exp = 1.0
                elif wc_a >= wc_f:
                    ks_exp = 1.0
                elif wc_a <= wc_w:
                    ks_exp = 0.0
                else:
                    ks_exp = ks_curve(wrel, p_up, p_lo, cp.shape_exp)
                if tcc <= cp.t_emergence and not (cp.perennial == 1 and year > 1):
                    cc = 0.0
                elif tcc > t_harvest and cp.perennial == 0 and cp.forage == 0:
                    cc = 0.0
                elif protected and cc_prev <= 1.25 * cco_tot and c_cc <= 0.0:
                    cc = cc_growth(tcc - cp.t_emergence, cco_tot, cgc_sf, ccx_sf)
                    if cc > 1.25 * cco_tot:
                        protected = False
                elif cp.perennial == 0 and cp.forage == 0 and tcc > cp.t_senescence:
                    # late-season decline of an annual crop (eq. 3.4)
                    cdc_a = cp.cdc * (ccx_withered + 2.29) / (ccx_tot + 2.29)
                    cc = cc_decline(tcc - cp.t_senescence, max(ccx_withered, 1e-6), cdc_a)
                    cc = min(cc, cc_prev)
                else:
                    protected = False
                    if cc_prev < 0.98 * ccx_sf:
                        # growth slowed by water stress and by the light the companion takes
                        cgc_adj = cgc_sf * ks_exp * light
                        if cgc_adj > 0.0 and cc_prev > 0.0:
                            cco_use = min(cco_tot, cc_prev)
                            t_star = cc_growth_time(cc_prev, cco_use, cgc_adj, ccx_sf)
                            cc = cc_growth(t_star + dt, cco_use, cgc_adj, ccx_sf)
                        elif cc_prev <= 0.0:
                            cc = cco_tot
                        else:
                            cc = cc_prev
                    else:
                        cc = max(cc_prev, min(ccx_sf, cc_growth(tcc - cp.t_emergence, cco_tot,
                                                                cgc_sf, ccx_sf)))
                    cc = min(cc, ccx_sf)
                    # canopy decline under soil-fertility stress (AquaCrop ch. 3.10, CCxSFCD)
                    if c_decline > 0.0 and t_full_sf < tcc < t_harvest:
                        ccx_sfcd = cc_growth(tcc - cp.t_emergence, cco_tot, cgc_sf, ccx_sf) - (
                            rat_d_gdd * c_decline / 100.0 * (tcc - t_full_sf) ** 2
                            / (t_harvest - t_full_sf))
                        cc = min(cc, max(ccx_sfcd, 0.0))
                # early senescence by water stress (AquaCrop ch. 3.3.3)
                if not protected and cc > 0.0 and not (ponding or pond > 0.0):
                    p_sen_eff = p_sen * (1.0 - st.p_sen_beta_pct / 100.0) if t_sen > 0.0 \
                        else p_sen
                    if wc_a < wc_f - p_sen_eff * (wc_f - wc_w):
                        ks_sen = ks_curve(wrel, p_sen, 0.999, cp.shape_sen)
                        cdc_adj = cp.cdc * (ccx_sf + 2.29) / (ccx_tot + 2.29) * (1.0 - ks_sen ** 8)
                        cdc_adj = max(cdc_adj, 0.0001)
                        if t_sen <= 0.0:
                            cc_top_sen = max(cc, 1e-6)
                        t_sen += dt
                        t0 = cc_decline_time(min(cc_prev, cc_top_sen), cc_top_sen, cdc_adj)
                        cc_s = cc_decline(t0 + dt, cc_top_sen, cdc_adj)
                        floor = max(cp.cco, 0.05)
                        if sum_et0_stress <= cp.et0_dormancy_mm and cc_s < floor:
                            cc_s = cp.cco + (1.0 - sum_et0_stress / cp.et0_dormancy_mm) * (
                                0.05 - cp.cco)
                        cc = min(cc, cc_s, cc_prev) if cc_prev > 0.0 else min(cc, cc_s)
                        if cc_s <= 0.05 + 1e-4:
                            sum_et0_stress += e0
                    else:
                        t_sen = 0.0
                        sum_et0_stress = 0.0
                if cc > ccx_withered:
                    ccx_withered = cc
                if cc > cc_max:
                    cc_max = cc
                if zr > zr_max:
                    zr_max = zr
                # potential transpiration (AquaCrop eq. 3.10), shaded by the companion
                if cc > 0.0:
                    if t_since_cut < tcc:
                        t_age = t_since_cut
                    else:
                        t_age = tcc
                    kc = kc_ageing(cp.kctr_x, t_age - t_full, t_harvest - t_full,
                                   cp.kc_decline_pct, ccx_withered)
                    kc *= kc_co2
                    ks_cold = ks_cold_transpiration(gdd, cp.gdd_transp_low)
                    tpot = cc_star(cc) * ks_cold * kc * e0 * light
                    if cc < ccx_withered and ccx_withered > 0.01 and cc > 0.001:
                        tpot *= cc / ccx_withered

            if _PROFILE:
                c0 = _tick(prof, _P_CANOPY, c0)
            # --- evaporation: pond first, else soil (AquaCrop ch. 3.5) -----
            cover = 1.0 - (1.0 - cc_star(cc)) * (1.0 - cc_star(c_cc))
            exposed = 1.0 - cover
            if wet_by_irrigation and mg.irr_wetted_fraction > 0.0:
                exposed = min(exposed, mg.irr_wetted_fraction)   # FAO-56 eq. 75, few
            epot = st.kex * exposed * e0
            if in_crop and t_sen > 0.0:
                epot = min(epot, st.kex * e0 * (1.0 - ccx_withered * cp.cc_effect_evap_pct / 100.0))
            epot *= 1.0 - mg.mulch_pct / 100.0 * mg.mulch_effect_pct / 100.0
            evap = 0.0
            if pond > 0.0:
                evap = min(pond, st.kex * (1.0 - cover) * e0)
                pond -= evap
                if pond < 1e-12:
                    pond = 0.0
            else:
                evap, stage1, evap_z, evap_start = soil_evaporation(
                    epot, stage1, evap_z, evap_start, th, dzf, satf, fcf, wpf, so.rew_mm,
                    st.evap_layer_m, st.evap_zmax_m, st.evap_decline)  # issue 11

            if _PROFILE:
                c0 = _tick(prof, _P_EVAPORATION, c0)
            # --- transpiration: companion first, then main (AquaCrop ch. 3.7) ---
            if c_on and c_tpot > 0.0:
                cq = crop[c_idx]
                c_kss = ks_salinity_et(ece, cq.salt_threshold_ds_m, cq.salt_slope_pct, cq.ky)
                c_tact = extract_transpiration(c_tpot * c_sto * c_kss, c_zr, th, dzf, fcf, wpf,
                                               cq.p_sto, cq.shape_sto, smax_top, smax_bot)
            ks_salt = 1.0
            salt_yield = 1.0
            if in_crop:
                ks_salt = ks_salinity_et(ece, cp.salt_threshold_ds_m, cp.salt_slope_pct, cp.ky)
                salt_yield = salinity_relative_yield(ece, cp.salt_threshold_ds_m,
                                                     cp.salt_slope_pct)
            if in_crop and tpot > 0.0:
                if not (ponding or pond > 0.0):
                    wrel, wc_a, wc_f, wc_w = _stress_zone(th, dzf, fcf, wpf, max(zr, 1e-3),
                                                          st.top_soil_m)
                    wc_thresh = wc_f - p_sto * (wc_f - wc_w)
                    if wc_a < 0.999 * wc_thresh:
                        ks_sto = ks_curve(wrel, p_sto, 1.0, 0.0)
                tact = extract_transpiration(tpot * ks_sto * ks_salt, zr, th, dzf, fcf, wpf,
                                             p_sto, cp.shape_sto, smax_top, smax_bot)
                # water stress (not salinity) slows root deepening (AquaCrop ch. 3.6)
                tr_ratio_prev = tact / (tpot * ks_salt) if ks_salt > 0.0 else 1.0
            elif in_crop:
                tr_ratio_prev = 1.0

            if _PROFILE:
                c0 = _tick(prof, _P_TRANSPIRATION, c0)
            # --- biomass and yield (AquaCrop ch. 3.8) --------------------
            bin_ = 0.0
            bout = 0.0
            if c_on and e0 > 0.0 and c_tact > 0.0:
                cq = crop[c_idx]
                c_kss = ks_salinity_et(ece, cq.salt_threshold_ds_m, cq.salt_slope_pct, cq.ky)
                c_yr = salinity_relative_yield(ece, cq.salt_threshold_ds_m, cq.salt_slope_pct)
                c_b += c_wp * c_tact / e0 * (c_yr / c_kss if c_kss > 0.0 else 0.0)
            if in_crop and e0 > 0.0:
                sum_kc_act += tact / e0
                wpi = wp_season * wp_fertility_factor(red_wp, sum_kc_act, sum_kc_top_stress)
                # salinity: transpiration is lowered by Ks_salt (FAO-56 eq. 91); the biomass
                # per unit transpiration by Yr/Ks_salt, so that yield follows Maas-Hoffman
                wpi *= salt_yield / ks_salt if ks_salt > 0.0 else 0.0
                db = wpi * tact / e0
                if cp.assim_on == 1 and cp.perennial == 1:
                    first_store_day = season_len - cp.assim_days + 1
                    if day_in_season >= first_store_day:
                        if cut_yesterday:
                            frac_sto = 0.0
                        elif _CC_CUT_REF < cc_prev < ccx_sf:
                            frac_sto = (cc_prev - _CC_CUT_REF) / (ccx_sf - _CC_CUT_REF)
                        else:
                            frac_sto = 1.0
                        x = (day_in_season - (season_len - cp.assim_days)) / cp.assim_days
                        frac = frac_sto * cp.assim_stored_pct / 100.0 * (
                            (math.exp(-5.0 * x) - 1.0) / (math.exp(-5.0) - 1.0))
                        bout = frac * db
                        stored_total += bout
                    elif mobilizing:
                        tmob = (to_mobilize - mobilized) / to_mobilize
                        frac = (math.exp(-5.0 * tmob) - 1.0) / (math.exp(-5.0) - 1.0)
                        if cc > 0.9 * ccx_sf:
                            frac *= max(ccx_sf - cc, 0.0) / (0.1 * ccx_sf)
                        bin_ = min(frac * db, to_mobilize - mobilized)
                        mobilized += bin_
                        if round(1000.0 * to_mobilize) <= round(1000.0 * mobilized):
                            mobilizing = False
                gain = db + bin_ - bout
                biomass += gain
                if cp.forage == 1:
                    if cp.perennial == 1 and year == 1:
                        alfa = harvest_index(float(day_in_season - 1), cp.hi_ref_pct, k_hi)
                    else:
                        alfa = cp.hi_ref_pct
                    yield_dry += gain * alfa / 100.0
                else:
                    yield_dry = biomass * cp.hi_ref_pct / 100.0
            if in_crop:
                ece_sum += ece
                ece_n += 1.0

            if _PROFILE:
                c0 = _tick(prof, _P_BIOMASS, c0)
            # --- companion harvest and cuts at the end of the day -----------
            cut_yesterday = False
            cc_after = cc
            cut_now = False
            if c_on and comp_end[f, s_idx] == d:
                _book_companion_harvest(acc, c_b, comp_fodder[f, s_idx], crop[c_idx].hi_ref_pct)
                c_on = False
                c_cc = 0.0
                c_zr = 0.0
                if mg.companion_cut_main == 1 and in_crop and cc > 0.0:
                    cut_now = True
            if in_crop and mg.cc_after_cut > 0.0 and not cut_now:
                if mg.cut_cc_trigger > 0.0:
                    cut_now = (cc >= mg.cut_cc_trigger * ccx_sf and t_since_cut >= mg.cut_interval
                               and not c_on)
                elif mg.cut_interval > 0.0:
                    cut_now = t_since_cut >= mg.cut_interval
                elif next_cut < cut_days.shape[1] and cut_days[f, next_cut] == d:
                    cut_now = True
                    next_cut += 1
            if cut_now and in_crop:
                if n_cut_total < k_out:
                    cut_day_out[f, n_cut_total] = d
                    cut_biomass_out[f, n_cut_total] = biomass - b_prev_cut
                    cut_yield_out[f, n_cut_total] = yield_dry - y_prev_cut
                n_cut_total += 1
                acc[_NCUTS] += 1.0
                b_prev_cut = biomass
                y_prev_cut = yield_dry
                cc_after = min(cc, mg.cc_after_cut) if mg.cc_after_cut > 0.0 else cc
                ccx_withered = 0.0
                t_since_cut = 0.0
                cut_yesterday = True

            # --- accounting ------------------------------------------------
            season_ends = s_idx < n_seasons and season_end[f, s_idx] == d
            if want_daily or season_ends:
                storage = layer_water(th, dzf, th, profile_m)
            if in_crop:
                acc_et_for_leaching += evap + tact + c_tact
            acc[_RAIN] += p
            acc[_IRR] += gross
            acc[_RUNOFF] += runoff
            acc[_INFIL] += infil
            acc[_DRAIN] += drain
            acc[_EVAP] += evap
            acc[_TR] += tact
            acc[_CTR] += c_tact
            acc[_TPOT] += tpot
            acc[_ET0] += e0
            acc[_GDD] += gdd
            acc[_BIN] += bin_
            acc[_BOUT] += bout
            acc[_SEEP] += seep
            acc[_APPLOSS] += app_loss
            acc[_CR] += cr
            acc[_SALT_IN] += salt_in
            acc[_SALT_OUT] += salt_out
            if want_daily:
                daily[_D_CC, f, d] = cc
                daily[_D_B, f, d] = biomass if in_crop else 0.0
                daily[_D_Y, f, d] = yield_dry if in_crop else 0.0
                daily[_D_TR, f, d] = tact
                daily[_D_E, f, d] = evap
                daily[_D_DRAIN, f, d] = drain
                daily[_D_RO, f, d] = runoff
                daily[_D_IRR, f, d] = gross
                daily[_D_ZR, f, d] = zr if in_crop else 0.0
                daily[_D_STORE, f, d] = storage
                daily[_D_TPOT, f, d] = tpot
                daily[_D_GDD, f, d] = gdd
                daily[_D_KSSTO, f, d] = ks_sto
                daily[_D_ECE, f, d] = ece
                daily[_D_POND, f, d] = pond
                daily[_D_CCC, f, d] = c_cc
                daily[_D_CB, f, d] = c_b if c_on else 0.0
                daily[_D_CTR, f, d] = c_tact
                daily[_D_LIGHT, f, d] = light
                daily[_D_CR, f, d] = cr
                daily[_D_SEEP, f, d] = seep
                daily[_D_SALT_DOWN, f, d] = salt_down * 0.01
                daily[_D_SALT_UP, f, d] = scr * 0.01
                daily[_D_ZGW, f, d] = z_aq_start if aq_on else z_gw
                daily[_D_ECGW, f, d] = c_gw / SALT_G_L_PER_DS_M
                daily[_D_GWDRAIN, f, d] = gw_drain
                daily[_D_GWSURF, f, d] = gw_surface
            cc_prev = cc_after

            # --- season end --------------------------------------------------
            if s_idx < n_seasons and season_end[f, s_idx] == d:
                if c_on:  # a companion still standing at the end is harvested with the season
                    _book_companion_harvest(acc, c_b, comp_fodder[f, s_idx],
                                            crop[c_idx].hi_ref_pct)
                    c_on = False
                    c_cc = 0.0
                    c_zr = 0.0
                salt_total = pond_salt
                for i in range(n_comp):
                    salt_total += salt[i]
                acc[_BIOMASS] = biomass
                acc[_YIELD] = yield_dry
                acc[_ST1] = storage + pond
                acc[_CCMAX] = cc_max
                acc[_ZRMAX] = zr_max
                acc[_RESID] = (acc[_ST1] - acc[_ST0]) - (
                    acc[_RAIN] + acc[_IRR] + acc[_CR] - acc[_RUNOFF] - acc[_DRAIN]
                    - acc[_EVAP] - acc[_TR] - acc[_CTR] - acc[_SEEP] - acc[_APPLOSS])
                acc[_SALT1] = salt_total
                acc[_SALT_RESID] = (acc[_SALT1] - acc[_SALT0]) - (acc[_SALT_IN] - acc[_SALT_OUT])
                acc[_ECE_MEAN] = ece_sum / ece_n if ece_n > 0.0 else ece
                acc[_ECE_END] = root_zone_ece(salt, dzf, satf, max(cp.zmax_m, 0.3))
                if cp.perennial == 1 and year == 1 and cp.establishment_t_ha > 0.0:
                    stand = min(1.0, max(biomass / cp.establishment_t_ha, 0.05))
                acc[_STAND] = stand if cp.perennial == 1 else 1.0
                for v in range(N_SEASON_VARS):
                    # salt is kept in g m-2 inside the kernel; reported in t ha-1
                    if v in (_SALT_IN, _SALT_OUT, _SALT0, _SALT1, _SALT_RESID):
                        season_out[f, s_idx, v] = acc[v] * 0.01
                    else:
                        season_out[f, s_idx, v] = acc[v]
                    acc[v] = 0.0
                acc[_ST0] = storage + pond
                acc[_SALT0] = salt_total
                stored_prev = stored_total if cp.perennial == 1 else 0.0
                if mg.leaching_fraction > 0.0:
                    # LR of FAO-29: drainage = LF x applied water, i.e. LF/(1 - LF) x crop ET,
                    # applied after refilling the root zone's deficit to field capacity
                    a, fcw, wpw = _zone_water(th, dzf, fcf, wpf, min(cp.zmax_m, profile_m))
                    leach_due = max(fcw - a, 0.0) + mg.leaching_fraction / (
                        1.0 - mg.leaching_fraction) * acc_et_for_leaching
                acc_et_for_leaching = 0.0
                in_crop = False
                cc_prev = 0.0
                zr = 0.0
                s_idx += 1
            if _PROFILE:
                c0 = _tick(prof, _P_ACCOUNTING, c0)
        if theta_end.shape[0] == n_fields:
            for i in range(n_comp):
                theta_end[f, i] = th[i]
                salt_end[f, i] = salt[i]
