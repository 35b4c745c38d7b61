"""Canopy cover growth and decline (AquaCrop reference manual ch. 3.3; Raes et al. 2009).

Times ``t`` are thermal time since emergence: growing degree days for crops
described in GDD, or days for crops described in calendar days.
"""

from __future__ import annotations

import math

from zhassyl.engine.jit import jit
from zhassyl.engine.soil_water import stress_zone_water
from zhassyl.engine.stress import ks_curve, p_adjusted_for_et0


@jit
def cc_growth(t, cco, cgc, ccx):
    """Canopy cover (fraction) at time ``t`` on the logistic growth curve.

    CC = CCo·exp(CGC·t) while CC <= CCx/2 (AquaCrop eq. 3.3a), else
    CC = CCx - 0.25·CCx²/CCo·exp(-CGC·t) (eq. 3.3b).
    """
    if t <= 0.0:
        return cco
    cc = cco * math.exp(cgc * t)
    if cc > 0.5 * ccx:
        cc = ccx - 0.25 * ccx * ccx / cco * math.exp(-cgc * t)
    return min(max(cc, 0.0), ccx)


@jit
def cc_growth_time(cc, cco, cgc, ccx):
    """Time at which the growth curve (cco, cgc, ccx) reaches ``cc`` (inverse of eq. 3.3)."""
    if cc <= cco:
        return 0.0
    if cc <= 0.5 * ccx:
        return math.log(cc / cco) / cgc
    if cc >= ccx:
        cc = ccx * 0.999999
    return math.log(0.25 * ccx * ccx / cco / (ccx - cc)) / cgc


@jit
def cc_decline(t, ccx, cdc):
    """Canopy cover ``t`` after the start of decline (AquaCrop eq. 3.4).

    CC = CCx·[1 - 0.05·(exp(3.33·CDC·t/(CCx + 2.29)) - 1)], floored at 0.
    """
    if t <= 0.0:
        return ccx
    cc = ccx * (1.0 - 0.05 * (math.exp(3.33 * cdc * t / (ccx + 2.29)) - 1.0))
    return max(cc, 0.0)


@jit
def cc_decline_time(cc, ccx, cdc):
    """Time on the decline curve (ccx, cdc) at which cover equals ``cc`` (inverse of eq. 3.4)."""
    if cc >= ccx:
        return 0.0
    return math.log(1.0 + (1.0 - cc / ccx) / 0.05) / (3.33 * cdc / (ccx + 2.29))


@jit
def cc_star(cc):
    """Canopy cover adjusted for micro-advection, CC* = 1.72 CC - CC² + 0.30 CC³ (eq. 3.10b)."""
    v = 1.72 * cc - cc * cc + 0.30 * cc * cc * cc
    return min(max(v, 0.0), 1.0)


@jit
def self_thinning_ccx_factor(year_of_stand, years_to_90pct, shape):
    """Multiplier of CCx in year ``year_of_stand`` of a perennial (AquaCrop 6+ perennials).

    f = 0.9 + 0.1·[1 - ((Y - 1)/(Yx - 1))^(1/shape)] with Yx the year at which
    CCx has declined to 90 %; 1 in the first year.
    """
    if year_of_stand < 2 or years_to_90pct <= 1.0:
        return 1.0
    year0 = 1.0 + (years_to_90pct - 1.0) * 10.0 ** shape
    if year_of_stand >= year0:
        return 0.0
    return 0.9 + 0.1 * (1.0 - ((year_of_stand - 1.0) / (years_to_90pct - 1.0)) ** (1.0 / shape))


@jit
def self_thinning_cco_factor(year_of_stand, years_to_90pct, shape):
    """Multiplier of CCo (plant density) in year ``year_of_stand`` (companion of the CCx factor)."""
    if year_of_stand < 2 or years_to_90pct <= 1.0:
        return 1.0
    year0 = 1.0 + (years_to_90pct - 1.0) * 10.0 ** shape
    return max(1.0 - (year_of_stand - 1.0) / (year0 - 1.0), 0.0)


@jit(inline="always")
def canopy_cover_day(s, cp, tcc, dt, ks_exp, light, companion_cc):
    """Canopy cover of the main crop at the end of the day, before early senescence.

    AquaCrop ch. 3.3 (eqs. 3.3a-b, 3.4): no canopy before emergence (a sown
    crop) or after maturity (an annual); a seedling canopy grows from CCo
    without water stress until it exceeds 1.25·CCo (AquaCrop's protected
    seedling stage) unless a companion covers it; an annual declines after
    senescence with the CDC scaled by (CCx,withered + 2.29)/(CCx + 2.29);
    otherwise the canopy grows from yesterday's cover with CGC slowed by the
    expansion stress ``ks_exp`` and the ``light`` the companion leaves, up to
    CCx under fertility stress, and under fertility stress declines after full
    cover (CCxSFCD, reference manual ch. 3.10).  ``s`` is the field state,
    ``tcc`` the canopy's thermal time.
    """
    cc = 0.0
    if tcc <= cp.t_emergence and not (cp.perennial == 1 and s.year > 1):
        cc = 0.0
    elif tcc > s.t_harvest and cp.perennial == 0 and cp.forage == 0:
        cc = 0.0
    elif s.protected and s.cc_prev <= 1.25 * s.cco_tot and companion_cc <= 0.0:
        cc = cc_growth(tcc - cp.t_emergence, s.cco_tot, s.cgc_sf, s.ccx_sf)
        if cc > 1.25 * s.cco_tot:
            s.protected = False
    elif cp.perennial == 0 and cp.forage == 0 and tcc > cp.t_senescence:
        # late-season decline of an annual crop (eq. 3.4)
        cdc_a = cp.cdc * (s.ccx_withered + 2.29) / (s.ccx_tot + 2.29)
        cc = cc_decline(tcc - cp.t_senescence, max(s.ccx_withered, 1e-6), cdc_a)
        cc = min(cc, s.cc_prev)
    else:
        s.protected = False
        cc_prev = s.cc_prev
        ccx_sf = s.ccx_sf
        if cc_prev < 0.98 * ccx_sf:
            # growth slowed by water stress and by the light the companion takes
            cgc_adj = s.cgc_sf * ks_exp * light
            if cgc_adj > 0.0 and cc_prev > 0.0:
                cco_use = min(s.cco_tot, cc_prev)
                t_star = cc_growth_time(cc_prev, cco_use, cgc_adj, ccx_sf)
                cc = cc_growth(t_star + dt, cco_use, cgc_adj, ccx_sf)
            elif cc_prev <= 0.0:
                cc = s.cco_tot
            else:
                cc = cc_prev
        else:
            cc = max(cc_prev, min(ccx_sf, cc_growth(tcc - cp.t_emergence, s.cco_tot,
                                                    s.cgc_sf, ccx_sf)))
        cc = min(cc, ccx_sf)
        # canopy decline under soil-fertility stress (AquaCrop ch. 3.10, CCxSFCD)
        if s.c_decline > 0.0 and s.t_full_sf < tcc < s.t_harvest:
            ccx_sfcd = cc_growth(tcc - cp.t_emergence, s.cco_tot, s.cgc_sf, ccx_sf) - (
                s.rat_d_gdd * s.c_decline / 100.0 * (tcc - s.t_full_sf) ** 2
                / (s.t_harvest - s.t_full_sf))
            cc = min(cc, max(ccx_sfcd, 0.0))
    return cc


@jit(inline="always")
def early_senescence(s, cp, st, cc, wrel, wc_act, wc_fc, wc_wp, p_sen, dt, et0_mm):
    """Canopy cover after early senescence by water stress (AquaCrop ch. 3.3.3).

    Once the zone's water falls below FC - p_sen·TAW (p_sen lowered by
    ``p_sen_beta_pct`` % after senescence started), the canopy declines from
    its cover at the start of senescence with CDC·(1 - Ks,sen^8) (at least
    0.0001); a canopy that drops below max(CCo, 5 %) stays dormant, between CCo
    and 5 %, while less than ``et0_dormancy_mm`` of ET0 has passed since
    (AquaCrop 7 "canopy below CCo"); rewetting stops senescence.  Updates the
    senescence clock ``s.t_sen``, ``s.cc_top_sen`` and ``s.sum_et0_stress``.
    """
    p_sen_eff = p_sen * (1.0 - st.p_sen_beta_pct / 100.0) if s.t_sen > 0.0 else p_sen
    if wc_act < wc_fc - p_sen_eff * (wc_fc - wc_wp):
        ks_sen = ks_curve(wrel, p_sen, 0.999, cp.shape_sen)
        cdc_adj = cp.cdc * (s.ccx_sf + 2.29) / (s.ccx_tot + 2.29) * (1.0 - ks_sen ** 8)
        cdc_adj = max(cdc_adj, 0.0001)
        if s.t_sen <= 0.0:
            s.cc_top_sen = max(cc, 1e-6)
        s.t_sen += dt
        cc_prev = s.cc_prev
        cc_top_sen = s.cc_top_sen
        t0 = cc_decline_time(min(cc_prev, cc_top_sen), cc_top_sen, cdc_adj)
        cc_s = cc_decline(t0 + dt, cc_top_sen, cdc_adj)
        floor = max(cp.cco, 0.05)
        sum_et0_stress = s.sum_et0_stress
        if sum_et0_stress <= cp.et0_dormancy_mm and cc_s < floor:
            cc_s = cp.cco + (1.0 - sum_et0_stress / cp.et0_dormancy_mm) * (0.05 - cp.cco)
        cc = min(cc, cc_s, cc_prev) if cc_prev > 0.0 else min(cc, cc_s)
        if cc_s <= 0.05 + 1e-4:
            s.sum_et0_stress += et0_mm
    else:
        s.t_sen = 0.0
        s.sum_et0_stress = 0.0
    return cc


@jit(inline="always")
def canopy_day(s, cp, st, tcc, dt, et0_mm, light, companion_cc, ponded, theta, dz_m, fc, wp):
    """The main crop's canopy for one day (AquaCrop ch. 3.3) with its water stresses.

    The relative depletion of the stress zone (:func:`~zhassyl.engine.soil_water.
    stress_zone_water`) gives Ks,exp between the thresholds p_exp,upper and
    p_exp,lower (adjusted to ET0 when ``p_adjust``, AquaCrop eq. 3.7b; none
    under a pond); :func:`canopy_cover_day`, then :func:`early_senescence`
    (not for a protected seedling, not under a pond).  Keeps the withered and
    the season's highest canopy cover.

    Returns ``(cc, p_sto)``: the canopy cover and the stomatal threshold of the day.
    """
    wrel, wc_a, wc_f, wc_w = stress_zone_water(theta, dz_m, fc, wp, max(s.zr, 1e-3),
                                               st.top_soil_m)
    if cp.p_adjust == 1:
        p_up = p_adjusted_for_et0(cp.p_exp_upper, et0_mm)
        p_lo = p_adjusted_for_et0(cp.p_exp_lower, et0_mm)
        p_sto = p_adjusted_for_et0(cp.p_sto, et0_mm)
        p_sen = p_adjusted_for_et0(cp.p_sen, et0_mm)
    else:
        p_up = cp.p_exp_upper
        p_lo = cp.p_exp_lower
        p_sto = cp.p_sto
        p_sen = cp.p_sen
    if ponded:
        ks_exp = 1.0
    elif wc_a >= wc_f:
        ks_exp = 1.0
    elif wc_a <= wc_w:
        ks_exp = 0.0
    else:
        ks_exp = ks_curve(wrel, p_up, p_lo, cp.shape_exp)
    cc = canopy_cover_day(s, cp, tcc, dt, ks_exp, light, companion_cc)
    if not s.protected and cc > 0.0 and not ponded:
        cc = early_senescence(s, cp, st, cc, wrel, wc_a, wc_f, wc_w, p_sen, dt, et0_mm)
    if cc > s.ccx_withered:
        s.ccx_withered = cc
    if cc > s.cc_max:
        s.cc_max = cc
    return cc, p_sto
