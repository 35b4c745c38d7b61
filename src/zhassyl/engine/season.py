"""Start of a season: sowing or a perennial's spring restart (AquaCrop reference manual ch. 3).

A season starts on its first day: the canopy and thermal-time parameters of
the season are derived (self-thinning of an ageing stand, soil-fertility
stress, CO2), a sown crop starts from nothing, a perennial regrows from the
canopy of its crown and keeps its roots, and the season's accumulators are
reset.  The functions act on one field's state record
(``layout.FIELD_STATE_DTYPE``).
"""

from __future__ import annotations

from zhassyl.engine.biomass import harvest_index_growth_coefficient, wp_co2_factor
from zhassyl.engine.canopy import (
    cc_growth,
    cc_growth_time,
    cc_star,
    self_thinning_cco_factor,
    self_thinning_ccx_factor,
)
from zhassyl.engine.jit import jit
from zhassyl.engine.stress import fertility_reduction_pct, ks_cold_transpiration, ks_curve
from zhassyl.engine.thermal import growing_degree_days
from zhassyl.engine.transpiration import kc_ageing, kc_transpiration_co2_factor

#: Share of the stored assimilates remobilised in the second year of the stand (the first
#: regrowth), against ``assim_mobilised_pct`` later.  AquaCrop 7.3 run.f90 (season
#: initialisation: in YearSeason 2, ToMobilize = Btotal·0.2·Assimilates_Mobilized/100).
MOBILISED_SHARE_YEAR2 = 0.2


@jit
def season_prepass(crop, tmin, tmax, co2, start, end, year, t_adj, t_full_sf):
    """Quantities AquaCrop derives for a season before simulating it.

    Returns (t_harvest, sum_kc_top, days_to_hi, co2_mean, days_full_sf): the
    season length in thermal units, the seasonal sum of the unstressed
    KcTr·CC* (AquaCrop SeasonalSumOfKcPot, used by the soil-fertility WP
    reduction, reference manual ch. 3.10), the number of days to accumulate
    the HI build-up time, the mean CO2 concentration, and the days until the
    canopy-time ``t_full_sf``.
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


@jit
def start_season(s, cp, mg, tmin, tmax, co2, day, end_day, year, profile_m):
    """Set the field state ``s`` for a season starting on ``day`` (AquaCrop ch. 3).

    Self-thinning lowers CCo and CCx with the age of the stand (AquaCrop 7
    perennials), scaled by the stand factor of a thin sowing-year stand (model
    assumption, see the crop data); soil-fertility stress lowers CGC, CCx and
    WP (reference manual ch. 3.10, the crop's shape factors) and brings the
    canopy decline CCxSFCD; CO2 sets KcTr and WP* for the season (eqs. 3.8,
    3.11).  A sown crop starts without canopy and roots; a regrowing perennial
    starts from its crown's canopy ``cc_ini`` at its full rooting depth and
    remobilises part of last season's stored assimilates.

    Returns ``(sown_today, restart_today)``.
    """
    s.in_crop = True
    s.year = year
    s.season_len = end_day - day + 1
    s.day_in_season = 0
    fi_ccx = self_thinning_ccx_factor(year, cp.years_ccx_90, cp.self_thin_shape)
    fi_cco = self_thinning_cco_factor(year, cp.years_ccx_90, cp.self_thin_shape)
    regrowth = cp.perennial == 1 and year > 1
    if regrowth:
        # a thin stand (poor establishment) has fewer plants: CCo, the regrowth
        # cover and CCx scale with the stand (model assumption, see crop data)
        fi_ccx *= s.stand
        fi_cco *= s.stand
    s.ccx_tot = cp.ccx * fi_ccx
    s.cco_tot = cp.cco * fi_cco
    red_cgc = fertility_reduction_pct(mg.fertility_stress_pct, cp.fert_shape_cgc)
    red_ccx = fertility_reduction_pct(mg.fertility_stress_pct, cp.fert_shape_ccx)
    s.red_wp = fertility_reduction_pct(mg.fertility_stress_pct, cp.fert_shape_wp)
    s.cgc_sf = cp.cgc * (1.0 - red_cgc / 100.0)
    s.ccx_sf = s.ccx_tot * (1.0 - red_ccx / 100.0)
    if regrowth:
        s.t_adj = cc_growth_time(cp.cc_ini, cp.cco, cp.cgc, cp.ccx)
    else:
        s.t_adj = 0.0
    s.t_full = cp.t_emergence + cc_growth_time(0.98 * cp.ccx, cp.cco, cp.cgc, cp.ccx)
    s.t_full_sf = cp.t_emergence + cc_growth_time(0.98 * s.ccx_sf, cp.cco, s.cgc_sf, s.ccx_sf)
    t_harvest, sum_kc_top, days_to_hi, co2_mean, days_full_sf = season_prepass(
        cp, tmin, tmax, co2, day, end_day, year, s.t_adj, s.t_full_sf)
    s.t_harvest = t_harvest
    s.c_decline = 0.0
    if mg.fertility_stress_pct > 0.0:
        s.c_decline = 1.0 - ks_curve(mg.fertility_stress_pct / 100.0, 0.0, 1.0,
                                     cp.fert_shape_decline)
    if cp.gdd_mode == 1 and t_harvest > s.t_full_sf:
        s.rat_d_gdd = (s.season_len - days_full_sf) / (t_harvest - s.t_full_sf)
    else:
        s.rat_d_gdd = 1.0
    s.sum_kc_top_stress = (1.0 - mg.fertility_stress_pct / 100.0) * sum_kc_top
    s.sum_kc_act = 0.0
    s.kc_co2 = kc_transpiration_co2_factor(co2_mean)
    s.wp_season = cp.wp_g_m2 / 100.0 * wp_co2_factor(co2_mean, cp.co2_sink_pct, cp.wp_g_m2)
    s.k_hi = harvest_index_growth_coefficient(cp.hi_ref_pct, days_to_hi)
    s.t_sum = 0.0
    if regrowth:
        s.cc_prev = cc_growth(s.t_adj, cp.cco * fi_ccx, s.cgc_sf, s.ccx_sf)
        zr = cp.zmax_m
        s.protected = False
    else:
        s.cc_prev = 0.0
        zr = 0.0
        s.protected = True
    s.zr = min(zr, profile_m)
    s.ccx_withered = s.cc_prev
    s.t_sen = 0.0
    s.sum_et0_stress = 0.0
    s.tr_ratio_prev = 1.0
    s.biomass = 0.0
    s.yield_dry = 0.0
    s.b_prev_cut = 0.0
    s.y_prev_cut = 0.0
    s.t_since_cut = 0.0
    s.cut_yesterday = False
    s.stored_total = 0.0
    if regrowth and cp.assim_on == 1 and s.stored_prev > 0.0:
        to_mobilize = s.stored_prev * cp.assim_mobilised_pct / 100.0
        if year == 2:
            to_mobilize *= MOBILISED_SHARE_YEAR2
        s.to_mobilize = to_mobilize
        s.mobilizing = round(1000.0 * to_mobilize) > 0
    else:
        s.to_mobilize = 0.0
        s.mobilizing = False
    s.mobilized = 0.0
    s.cc_max = 0.0
    s.zr_max = 0.0
    s.ece_sum = 0.0
    s.ece_n = 0.0
    return not regrowth, regrowth


@jit(inline="always")
def canopy_time(s, cp, dt):
    """Advance the season's clocks by ``dt``; return the canopy's thermal time.

    A regrowing perennial's canopy starts at the time equivalent of its crown's
    cover ``t_adj`` after emergence and stops at the season's end (AquaCrop 7
    perennials); a sown crop's canopy time is the time since sowing.
    """
    s.day_in_season += 1
    s.t_sum += dt
    s.t_since_cut += dt
    if cp.perennial == 1 and s.year > 1:
        return min(s.t_sum + s.t_adj + cp.t_emergence,
                   max(s.t_harvest, s.t_adj + cp.t_emergence))
    return s.t_sum
