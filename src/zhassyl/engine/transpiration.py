"""Crop transpiration and root water uptake (AquaCrop reference manual ch. 3.7; FAO-56 ch. 7)."""

from __future__ import annotations

from zhassyl.engine.jit import jit
from zhassyl.engine.stress import ks_curve


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
                          smax_top, smax_bot):
    """Withdraw actual transpiration from the rooted compartments [mm].

    Demand ``tpot_mm`` (already reduced for root-zone water stress) is shared
    over the compartments in proportion to their unstressed sink capacity
    Smax·dz (a linear profile from ``smax_top`` to ``smax_bot``); each
    compartment supplies at most its capacity reduced by a local stomatal
    stress factor (ks_curve between p_sto and 1, shape ``shape_sto``) and
    never below wilting point; unmet demand passes to deeper compartments
    (AquaCrop ch. 3.7.2).  Updates ``theta`` in place; returns Tact [mm].
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
