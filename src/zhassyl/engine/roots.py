"""Root deepening (AquaCrop reference manual ch. 3.6)."""

from __future__ import annotations

import math

from zhassyl.engine.jit import jit
from zhassyl.engine.soil_water import compartment_at
from zhassyl.engine.stress import ks_curve


@jit
def potential_root_depth(t, t_emergence, t_max_rooting, zmin_m, zmax_m, shape, start_pct):
    """Unstressed effective rooting depth [m] at thermal time ``t`` since sowing.

    Z = Zini + (Zx - Zini)·((t - t0/2)/(tx - t0/2))^(1/n) with Zini the starting
    depth (``start_pct`` % of Zmin), t0 the time to emergence, tx the time to
    maximum rooting and n the shape factor (AquaCrop eq. 3.6a; the exponent is
    written 10/n when n is given in tenths, as in the crop file's "15" = 1.5);
    never less than Zmin.
    """
    z_ini = start_pct / 100.0 * zmin_m
    t0 = 0.5 * t_emergence
    if t >= t_max_rooting:
        z = zmax_m
    elif t <= t0:
        z = z_ini
    else:
        rel = (t - t0) / max(t_max_rooting - t0, 1e-9)
        z = z_ini + (zmax_m - z_ini) * rel ** (10.0 / shape)
    return max(z, zmin_m)


@jit
def root_time_equivalent(z_m, t_emergence, t_max_rooting, zmin_m, zmax_m, shape, start_pct):
    """Thermal time at which the unstressed curve reaches ``z_m`` (inverse of eq. 3.6a)."""
    z_ini = start_pct / 100.0 * zmin_m
    t0 = 0.5 * t_emergence
    if zmax_m <= z_ini or z_m <= z_ini:
        return t0
    rel = min((z_m - z_ini) / (zmax_m - z_ini), 1.0)
    return rel ** (shape / 10.0) * (t_max_rooting - t0) + t0


@jit
def root_growth_stress_factor(tr_ratio, shape=-6.0):
    """Reduction of root deepening by water stress from yesterday's Tact/Tpot (AquaCrop ch. 3.6).

    f = (exp(r·s) - 1)/(exp(s) - 1) with r = Tact/Tpot and s the shape (-6).
    """
    if tr_ratio >= 1.0:
        return 1.0
    if tr_ratio <= 0.0:
        return 0.0
    return (math.exp(tr_ratio * shape) - 1.0) / (math.exp(shape) - 1.0)


@jit
def root_front_factor(theta_front, fc, wp, p_sto, shape_sto):
    """Reduction of root deepening by dry soil at the expanding root front (AquaCrop 7.3).

    The threshold depletion is p_Zexp = p_sto + (1 - p_sto)/2 of the compartment
    the root front grows into; wetter than FC - p_Zexp·TAW: 1; at or below WP: 0
    (no deepening into dry soil); in between Ks(Wrel, p_Zexp, 1, shape of the
    stomatal curve) (AquaCrop reference manual ch. 3, root zone expansion;
    ``AdjustedRootingDepth`` in ``rootunit.f90``, correction 3.2).
    """
    taw = fc - wp
    if taw <= 0.0:
        return 1.0
    p_zexp = p_sto + 0.5 * (1.0 - p_sto)
    if theta_front >= fc - p_zexp * taw:
        return 1.0
    if theta_front <= wp:
        return 0.0
    return ks_curve((fc - theta_front) / taw, p_zexp, 1.0, shape_sto)


@jit(inline="always")
def root_depth_day(zr_m, t_sum, dt, year, tr_ratio_prev, cp, st, theta, dz_m, fc, wp,
                   profile_m):
    """Effective rooting depth at the end of the day [m] (AquaCrop ch. 3.6, eqs. 3.6a-c).

    Roots follow the potential deepening curve from Zmin (``zmin_year1_m`` for
    a sown perennial) to Zmax (:func:`potential_root_depth`) from their time
    equivalent (:func:`root_time_equivalent`), slowed by yesterday's water
    stress Tact/Tpot (:func:`root_growth_stress_factor`) and not into a dry
    compartment at the root front (:func:`root_front_factor`; issue 11); never
    below Zmax or the profile.  A perennial after its sowing year keeps its
    roots (AquaCrop 7 perennials: full rooting depth at restart).
    """
    if cp.perennial == 1 and year > 1:
        return zr_m
    zmin = cp.zmin_year1_m if cp.perennial == 1 else cp.zmin_m
    zr = zr_m
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
            k = compartment_at(dz_m, zr + dzr)
            dzr *= root_front_factor(theta[k], fc[k], wp[k], cp.p_sto, cp.shape_sto)
        if dzr > 0.0:
            zr += dzr
    return min(zr, cp.zmax_m, profile_m)
