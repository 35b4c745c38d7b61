"""The companion (annual, "green cover") crop sown under the main crop.

It is an AquaCrop annual crop of its own (canopy, roots, stresses, biomass;
reference manual ch. 3) sharing the soil water and salt with the main crop:
it transpires first, and its canopy shades the main crop.  The functions act
on one field's state record (``layout.FIELD_STATE_DTYPE``, fields ``c_*``).
"""

from __future__ import annotations

from zhassyl.engine.biomass import wp_co2_factor
from zhassyl.engine.canopy import cc_decline, cc_growth, cc_growth_time, cc_star
from zhassyl.engine.jit import jit
from zhassyl.engine.roots import potential_root_depth
from zhassyl.engine.soil_water import stress_zone_water
from zhassyl.engine.stress import (
    ks_cold_transpiration,
    ks_curve,
    ks_salinity_et,
    p_adjusted_for_et0,
    salinity_relative_yield,
)
from zhassyl.engine.thermal import growing_degree_days
from zhassyl.engine.transpiration import extract_transpiration, kc_transpiration_co2_factor


@jit
def sow_companion(s, cq, c_idx, mg, co2_ppm):
    """Sow the companion crop ``cq`` (record ``c_idx``) today.

    Its CCo scales with the sowing density (``companion_cco_factor``), its CCx
    is the management's (or the crop's own when 0); KcTr and WP* are adjusted
    to the day's CO2 (AquaCrop eqs. 3.8 and 3.11).
    """
    s.c_on = True
    s.c_idx = c_idx
    s.c_t = 0.0
    s.c_cc = 0.0
    s.c_zr = 0.0
    s.c_b = 0.0
    s.c_ccx_w = 0.0
    s.c_cco = cq.cco * mg.companion_cco_factor
    s.c_ccx = mg.companion_ccx if mg.companion_ccx > 0.0 else cq.ccx
    s.c_kc_co2 = kc_transpiration_co2_factor(co2_ppm)
    s.c_wp = cq.wp_g_m2 / 100.0 * wp_co2_factor(co2_ppm, cq.co2_sink_pct, cq.wp_g_m2)


@jit
def companion_development(s, cq, st, tmin_c, tmax_c, profile_m):
    """Advance the companion's thermal time and roots (AquaCrop ch. 3.6, no stress).

    Returns ``(dt, gdd)``: the day's time step in the crop's unit and its GDD.
    """
    gdd = growing_degree_days(tmin_c, tmax_c, cq.tbase_c, cq.tupper_c)
    dt = gdd if cq.gdd_mode == 1 else 1.0
    s.c_t += dt
    s.c_zr = min(potential_root_depth(s.c_t, cq.t_emergence, cq.t_max_rooting, cq.zmin_m,
                                      cq.zmax_m, cq.root_shape, st.root_start_pct),
                 profile_m)
    return dt, gdd


@jit
def companion_canopy(cp, cc_prev, t, dt, cco, ccx, ks_exp, ccx_withered):
    """Canopy cover of the companion (annual) crop for one day (AquaCrop eqs. 3.3-3.4).

    Exponential then exponential-approach growth with CGC slowed by the
    expansion stress ``ks_exp`` (time-shifted from yesterday's cover), and the
    late-season decline with the CDC adjusted to the withered CCx.
    """
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


@jit
def companion_canopy_day(s, cq, st, et0_mm, dt, gdd, theta, dz_m, fc, wp):
    """The companion's canopy and potential transpiration today (AquaCrop ch. 3.3, 3.7).

    Water stress on expansion Ks,exp and on the stomata Ks,sto from the
    relative depletion of its stress zone (:func:`stress_zone_water`), the
    thresholds adjusted to ET0 when the crop asks for it; Tpot = CC*·KcTr,x·
    fCO2·Ks,cold·ET0 (eq. 3.10).  Updates ``s.c_cc``, ``s.c_ccx_w``.

    Returns ``(tpot_mm, ks_sto)``.
    """
    tpot = 0.0
    ks_sto = 1.0
    cw, cwa, cwf, cww = stress_zone_water(theta, dz_m, fc, wp, max(s.c_zr, 1e-3), st.top_soil_m)
    c_pup = p_adjusted_for_et0(cq.p_exp_upper, et0_mm) if cq.p_adjust == 1 else cq.p_exp_upper
    c_plo = p_adjusted_for_et0(cq.p_exp_lower, et0_mm) if cq.p_adjust == 1 else cq.p_exp_lower
    c_psto = p_adjusted_for_et0(cq.p_sto, et0_mm) if cq.p_adjust == 1 else cq.p_sto
    c_kse = 1.0 if cwa >= cwf else (0.0 if cwa <= cww else
                                    ks_curve(cw, c_pup, c_plo, cq.shape_exp))
    s.c_cc = companion_canopy(cq, s.c_cc, s.c_t, dt, s.c_cco, s.c_ccx, c_kse, s.c_ccx_w)
    if s.c_cc > s.c_ccx_w:
        s.c_ccx_w = s.c_cc
    if s.c_cc > 0.0:
        tpot = (cc_star(s.c_cc) * cq.kctr_x * s.c_kc_co2
                * ks_cold_transpiration(gdd, cq.gdd_transp_low) * et0_mm)
        if cwa < 0.999 * (cwf - c_psto * (cwf - cww)):
            ks_sto = ks_curve(cw, c_psto, 1.0, 0.0)
    return tpot, ks_sto


@jit
def companion_transpiration(s, cq, tpot_mm, ks_sto, ece_ds_m, smax_top, smax_bot, theta, dz_m,
                            fc, wp):
    """The companion's actual transpiration [mm], taken from the soil first (AquaCrop ch. 3.7).

    Tpot x Ks,sto x Ks,salt (FAO-56 eq. 91) extracted over its root zone
    (:func:`extract_transpiration`) with the extraction pattern ``smax_*``.
    """
    kss = ks_salinity_et(ece_ds_m, cq.salt_threshold_ds_m, cq.salt_slope_pct, cq.ky)
    return extract_transpiration(tpot_mm * ks_sto * kss, s.c_zr, theta, dz_m, fc, wp,
                                 cq.p_sto, cq.shape_sto, smax_top, smax_bot)


@jit
def companion_biomass_day(s, cq, tact_mm, et0_mm, ece_ds_m):
    """Add the companion's biomass of the day [t ha-1]: WP*·Tact/ET0·Yr/Ks,salt (eq. 3.12)."""
    kss = ks_salinity_et(ece_ds_m, cq.salt_threshold_ds_m, cq.salt_slope_pct, cq.ky)
    yr = salinity_relative_yield(ece_ds_m, cq.salt_threshold_ds_m, cq.salt_slope_pct)
    s.c_b += s.c_wp * tact_mm / et0_mm * (yr / kss if kss > 0.0 else 0.0)
