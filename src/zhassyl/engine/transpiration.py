"""Crop transpiration and root water uptake (AquaCrop reference manual ch. 3.7; FAO-56 ch. 7)."""

from __future__ import annotations

from zhassyl.engine.aeration import compartment_aeration_caps, root_zone_aeration_factor
from zhassyl.engine.canopy import cc_star
from zhassyl.engine.jit import jit
from zhassyl.engine.soil_water import stress_zone_water, zone_water_and_saturation
from zhassyl.engine.stress import ks_cold_transpiration, ks_curve


@jit
def kc_transpiration_co2_factor(co2_ppm):
    """Reduction of KcTr,x by elevated CO2 (stomatal closure), AquaCrop eq. 3.10d.

    1 - 0.05·(CO2 - 369.41)/(550 - 369.41) above the reference 369.41 ppm.
    """
    if co2_ppm <= 369.41:
        return 1.0
    return 1.0 - 0.05 * (co2_ppm - 369.41) / (550.0 - 369.41)


@jit
def kc_ageing(kctr_x, t_since_full, t_full_to_end, decline_pct, ccx_withered):
    """KcTr,x lowered by ageing after full canopy (AquaCrop eq. 3.10c).

    Kc = KcTr,x - (e^tRel - 1)/(e - 1)·decline/100·CCx_withered, tRel the
    fraction of the time from full canopy to the end of the cycle elapsed.
    """
    if t_since_full <= 0.0 or t_full_to_end <= 0.0:
        return kctr_x
    rel = min(t_since_full / t_full_to_end, 1.0)
    e = 2.718281828459045
    return kctr_x - (e ** rel - 1.0) / (e - 1.0) * decline_pct / 100.0 * ccx_withered


@jit
def smax_top_bottom(smax_top_quarter, smax_bottom_quarter):
    """Maximum root extraction at the top and bottom of the root zone [m3 m-3 d-1].

    Derived from the crop file's values for the top and bottom quarters so that
    the quarter averages of a linear profile match them (AquaCrop ch. 3.7.2).
    """
    v1 = smax_top_quarter
    v2 = smax_bottom_quarter
    if abs(v1 - v2) < 1e-12:
        return v1, v2
    x = 3.0 * v2 / (v1 - v2)
    if x < 0.5:
        return (4.0 / 3.5) * v1, 0.0
    return (x + 3.5) * v1 / (x + 3.0), (x - 0.5) * v2 / x


@jit
def extract_transpiration(tpot_mm, zr_m, theta, dz_m, fc, wp, p_sto, shape_sto,
                          smax_top, smax_bot, caps=None):
    """Withdraw actual transpiration from the rooted compartments [mm].

    Demand ``tpot_mm`` (already reduced for root-zone water stress) is shared
    over the compartments in proportion to their unstressed sink capacity
    Smax·dz (a linear profile from ``smax_top`` to ``smax_bot``); each
    compartment supplies at most its capacity reduced by a local stomatal
    stress factor (ks_curve between p_sto and 1, shape ``shape_sto``) and
    never below wilting point; unmet demand passes to deeper compartments
    (AquaCrop ch. 3.7.2).  ``caps`` (optional, per compartment) caps the stress
    factor further (aeration stress, :mod:`zhassyl.engine.aeration`).  Updates
    ``theta`` in place; returns Tact [mm].
    """
    if tpot_mm <= 0.0 or zr_m <= 0.0:
        return 0.0
    n = theta.shape[0]
    z = 0.0
    the_sum = 0.0
    s_top = smax_top
    for i in range(n):
        if z >= zr_m:
            break
        frac = min(dz_m[i], zr_m - z) / dz_m[i]
        z_bot = min(z + dz_m[i], zr_m)
        s_bot = smax_bot + (smax_top - smax_bot) * (zr_m - z_bot) / zr_m
        smax = min(0.06, 0.5 * (s_top + s_bot))
        s_top = s_bot
        the_sum += 1000.0 * frac * smax * dz_m[i]
        z += dz_m[i]
    if the_sum <= 0.0:
        return 0.0
    tact = 0.0
    residue = 0.0
    z = 0.0
    s_top = smax_top
    for i in range(n):
        if z >= zr_m or tact >= tpot_mm:
            break
        frac = min(dz_m[i], zr_m - z) / dz_m[i]
        z_bot = min(z + dz_m[i], zr_m)
        s_bot = smax_bot + (smax_top - smax_bot) * (zr_m - z_bot) / zr_m
        smax = min(0.06, 0.5 * (s_top + s_bot))
        s_top = s_bot
        z += dz_m[i]
        taw = fc[i] - wp[i]
        if theta[i] <= wp[i] or taw <= 0.0:
            alfa = 0.0
        else:
            alfa = ks_curve((fc[i] - theta[i]) / taw, p_sto, 1.0, shape_sto)
        if caps is not None:
            alfa = min(alfa, caps[i])
        cap = 1000.0 * alfa * frac * smax * dz_m[i]
        want = tpot_mm / the_sum * 1000.0 * frac * smax * dz_m[i]
        if want < cap:
            sink = min(cap, want + residue)
            residue -= sink - want
            if residue < 0.0:
                residue = 0.0
        else:
            sink = cap
            residue += want - cap
        sink = min(sink, tpot_mm - tact, max(theta[i] - wp[i], 0.0) * 1000.0 * dz_m[i])
        if sink > 0.0:
            theta[i] -= sink / (1000.0 * dz_m[i])
            tact += sink
    return tact


@jit(inline="always")
def potential_transpiration_mm(s, cp, cc, tcc, gdd, et0_mm, light):
    """The main crop's potential transpiration [mm] (AquaCrop eq. 3.10).

    Tpot = CC*·Ks,cold·KcTr,x·(ageing, eq. 3.9)·fCO2·ET0, times the ``light``
    the companion leaves; a forage's age counts from its last cut; a canopy
    below its withered maximum (after senescence or a cut) transpires in
    proportion CC/CCx,withered.
    """
    if cc <= 0.0:
        return 0.0
    if s.t_since_cut < tcc:
        t_age = s.t_since_cut
    else:
        t_age = tcc
    kc = kc_ageing(cp.kctr_x, t_age - s.t_full, s.t_harvest - s.t_full, cp.kc_decline_pct,
                   s.ccx_withered)
    kc *= s.kc_co2
    ks_cold = ks_cold_transpiration(gdd, cp.gdd_transp_low)
    tpot = cc_star(cc) * ks_cold * kc * et0_mm * light
    if cc < s.ccx_withered and s.ccx_withered > 0.01 and cc > 0.001:
        tpot *= cc / s.ccx_withered
    return tpot


@jit(inline="always")
def crop_transpiration(s, cp, st, tpot_mm, p_sto, ks_salt, ponded, smax_top, smax_bot,
                       theta, dz_m, sat, fc, wp, anaero_days, aeration_caps):
    """The main crop's actual transpiration [mm] and Ks,sto (AquaCrop ch. 3.7, eq. 3.10).

    Ks,sto from the relative depletion of the stress zone below the stomatal
    threshold p_sto (linear, shape 0; none under a pond), Ks,salt (FAO-56
    eq. 91), aeration stress of a waterlogged root zone and of each waterlogged
    compartment (:mod:`zhassyl.engine.aeration`; not under a pond; per-compartment
    waterlogged days in ``anaero_days``, caps in ``aeration_caps``), then
    extraction over the root zone (:func:`extract_transpiration`).
    Keeps Tact/(Tpot·Ks,salt) for tomorrow's root deepening (water stress, not
    salinity, slows the roots; AquaCrop ch. 3.6).

    Returns ``(tact_mm, ks_sto)``.
    """
    ks_sto = 1.0
    if not ponded:
        wrel, wc_a, wc_f, wc_w = stress_zone_water(theta, dz_m, fc, wp, max(s.zr, 1e-3),
                                                   st.top_soil_m)
        wc_thresh = wc_f - p_sto * (wc_f - wc_w)
        if wc_a < 0.999 * wc_thresh:
            ks_sto = ks_curve(wrel, p_sto, 1.0, 0.0)
    ks_aer = 1.0
    if cp.anaerobic_point_pct > 0.0 and not ponded:
        wact, wsat = zone_water_and_saturation(theta, dz_m, sat, s.zr)
        ks_aer = root_zone_aeration_factor(s, cp.anaerobic_point_pct, st.low_oxygen_delay_days,
                                           wsat, wact, s.zr)
        compartment_aeration_caps(theta, sat, cp.anaerobic_point_pct,
                                  st.low_oxygen_delay_days, anaero_days, aeration_caps)
    tact = extract_transpiration(tpot_mm * ks_sto * ks_salt * ks_aer, s.zr, theta, dz_m, fc,
                                 wp, p_sto, cp.shape_sto, smax_top, smax_bot, aeration_caps)
    s.tr_ratio_prev = tact / (tpot_mm * ks_salt) if ks_salt > 0.0 else 1.0
    return tact, ks_sto
