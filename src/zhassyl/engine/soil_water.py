"""Soil water in compartments: drainage, runoff, infiltration, evaporation.

All functions act on ONE field's compartment arrays (shape ``(n_comp,)``):
``theta`` volumetric water content [m3 m-3], ``dz_m`` thickness [m],
``sat``/``fc``/``wp`` [m3 m-3], ``ksat_mm_day`` [mm d-1], ``tau`` [-].  They
update ``theta`` in place and return the fluxes [mm] so that the caller keeps
the water balance.  References: AquaCrop reference manual (Raes et al.,
version 7, ch. 3.2 "soil water balance"); USDA-SCS curve number (NRCS 2004,
National Engineering Handbook part 630 ch. 10).
"""

from __future__ import annotations

import math

import numba


@numba.njit(cache=True)
def tau_from_ksat(ksat_mm_day):
    """Drainage characteristic tau from Ksat: 0.0866·Ksat^0.35, in [0, 1] (AquaCrop eq. 3.2c)."""
    if ksat_mm_day <= 0.0:
        return 0.0
    return min(max(round(100.0 * 0.0866 * ksat_mm_day ** 0.35) / 100.0, 0.0), 1.0)


@numba.njit(cache=True)
def drainage_ability(theta, sat, fc, tau):
    """Drop in water content per day by free drainage [m3 m-3 d-1] (AquaCrop eq. 3.2a).

    dθ/dt = τ(θs - θfc)·(exp(θ - θfc) - 1)/(exp(θs - θfc) - 1) for θ > θfc, else 0.
    """
    if theta <= fc:
        return 0.0
    th = min(theta, sat)
    if sat - fc <= 1e-9:
        return th - fc
    return tau * (sat - fc) * (math.exp(th - fc) - 1.0) / (math.exp(sat - fc) - 1.0)


@numba.njit(cache=True)
def theta_draining_at(rate, sat, fc, tau):
    """Water content whose drainage ability equals ``rate`` [m3 m-3 d-1] (inverse of eq. 3.2a)."""
    if rate <= 0.0:
        return fc
    if tau <= 0.0 or sat - fc <= 1e-9:
        return sat
    x = 1.0 + rate * (math.exp(sat - fc) - 1.0) / (tau * (sat - fc))
    return min(fc + math.log(x), sat)


@numba.njit(cache=True)
def _push_up(theta, dz_m, sat, start, water_mm):
    """Store ``water_mm`` in compartments ``start``, ``start-1``, ... up to saturation.

    Returns what could not be stored (it leaves the profile at the surface).
    """
    i = start
    while water_mm > 0.0 and i >= 0:
        room = (sat[i] - theta[i]) * 1000.0 * dz_m[i]
        if room > 0.0:
            take = min(room, water_mm)
            theta[i] += take / (1000.0 * dz_m[i])
            water_mm -= take
        i -= 1
    return max(water_mm, 0.0)


@numba.njit(cache=True)
def drain_profile(theta, dz_m, sat, fc, ksat_mm_day, tau):
    """Free drainage through the profile for one day (AquaCrop ch. 3.2.1, cascading form).

    Each compartment receives the flux from above, then drains by its
    drainage ability (never below field capacity, never more than Ksat).
    Returns ``(deep_percolation_mm, surface_excess_mm)``.
    """
    flux = 0.0
    excess = 0.0
    n = theta.shape[0]
    for i in range(n):
        w = 1000.0 * dz_m[i]
        theta[i] += flux / w
        d = drainage_ability(theta[i], sat[i], fc[i], tau[i]) * w
        d = min(d, max(theta[i] - fc[i], 0.0) * w, ksat_mm_day[i])
        theta[i] -= d / w
        if theta[i] > sat[i]:
            over = (theta[i] - sat[i]) * w
            theta[i] = sat[i]
            excess += _push_up(theta, dz_m, sat, i - 1, over)
        flux = d
    return flux, excess


@numba.njit(cache=True)
def curve_number_runoff(precip_mm, cn, theta, dz_m, fc, wp, adjust_to_moisture, depth_m):
    """Surface runoff [mm] by the USDA-SCS curve number (NEH-630 ch. 10; AquaCrop ch. 3.2.2).

    S = 254·(100/CN - 1) mm, Ia = 0.05·S (AquaCrop's initial abstraction), and
    RO = (P - Ia)²/(P + S - Ia) for P > Ia.  With ``adjust_to_moisture`` the CN
    moves between CN_I and CN_III (NEH-630 table 10-1 fits, as in AquaCrop) by
    the relative wetness of the top ``depth_m`` of soil, each compartment
    weighted by 1.016·(1 - exp(-4.16·z/depth)).
    """
    if precip_mm <= 0.0 or cn <= 0.0:
        return 0.0
    cna = cn
    if adjust_to_moisture:
        cn1 = round(0.507 * cn - 0.00374 * cn ** 2 + 0.0000867 * cn ** 3)
        cn3 = round(2.33 * cn - 0.0209 * cn ** 2 + 0.000076 * cn ** 3)
        cn1 = min(cn1, cn)
        cn3 = max(cn3, cn)
        z = 0.0
        prev = 0.0
        wsum = 0.0
        for i in range(theta.shape[0]):
            if z >= depth_m:
                break
            z = min(z + dz_m[i], depth_m)
            cum = 1.016 * (1.0 - math.exp(-4.16 * z / depth_m))
            wi = min(cum, 1.0) - prev
            prev = min(cum, 1.0)
            rel = (max(theta[i], wp[i]) - wp[i]) / max(fc[i] - wp[i], 1e-9)
            wsum += wi * rel
        wsum = min(max(wsum, 0.0), 1.0)
        cna = round(cn1 + (cn3 - cn1) * wsum)
    cna = min(max(cna, 1.0), 100.0)
    s = 254.0 * (100.0 / cna - 1.0)
    ia = 0.05 * s
    if precip_mm <= ia:
        return 0.0
    return (precip_mm - ia) ** 2 / (precip_mm + s - ia)


@numba.njit(cache=True)
def infiltrate(water_mm, theta, dz_m, sat, fc, ksat_mm_day, tau):
    """Route ``water_mm`` infiltrating at the surface down the profile (AquaCrop ch. 3.2.3).

    Each compartment first fills to field capacity, then keeps the water
    content at which its drainage ability equals the flux still passing, and
    passes the rest on, at most Ksat.  Water that cannot pass is stored up to
    saturation, then pushed back up; what the profile cannot hold returns to
    the surface.  Returns ``(deep_percolation_mm, surface_excess_mm)``.
    """
    w_in = water_mm
    excess = 0.0
    n = theta.shape[0]
    for i in range(n):
        if w_in <= 0.0:
            return 0.0, excess
        w = 1000.0 * dz_m[i]
        if theta[i] < fc[i]:
            take = min(w_in, (fc[i] - theta[i]) * w)
            theta[i] += take / w
            w_in -= take
        if w_in <= 0.0:
            return 0.0, excess
        theta0 = theta_draining_at(w_in / w, sat[i], fc[i], tau[i])
        if theta0 > theta[i]:
            hold = min(w_in, (theta0 - theta[i]) * w)
            theta[i] += hold / w
            w_in -= hold
        if w_in > ksat_mm_day[i]:
            stuck = w_in - ksat_mm_day[i]
            w_in = ksat_mm_day[i]
            excess += _push_up(theta, dz_m, sat, i, stuck)
    return w_in, excess


@numba.njit(cache=True)
def layer_water(theta, dz_m, level, depth_m):
    """Water [mm] held between the surface and ``depth_m`` at the content ``level``.

    ``level`` is an array of volumetric contents per compartment (e.g. theta,
    fc or wp); the compartment cut by ``depth_m`` counts pro rata.
    """
    z = 0.0
    total = 0.0
    for i in range(theta.shape[0]):
        if z >= depth_m:
            break
        frac = min(dz_m[i], depth_m - z)
        total += 1000.0 * level[i] * frac
        z += dz_m[i]
    return total


@numba.njit(cache=True)
def soil_evaporation(epot_mm, stage1_mm, theta, dz_m, fc, wp, layer_m, decline_factor):
    """Soil evaporation for one day, two stages (AquaCrop ch. 3.5; Ritchie 1972).

    Stage 1 (energy-limited) takes ``stage1_mm`` of readily evaporable water
    left after the last wetting; stage 2 (falling rate) takes
    Kr·(Epot - E1) with Kr = (exp(fK·Wrel) - 1)/(exp(fK) - 1) and Wrel the
    relative water content of the evaporation layer between air dry (WP/2)
    and field capacity.  Water is taken from the layer's compartments in
    proportion to what each holds above air dry.
    Returns ``(evaporation_mm, stage1_left_mm)``.
    """
    if epot_mm <= 0.0:
        return 0.0, stage1_mm
    n = theta.shape[0]
    avail = 0.0
    w_fc = 0.0
    w_air = 0.0
    w_act = 0.0
    z = 0.0
    for i in range(n):
        if z >= layer_m:
            break
        frac = min(dz_m[i], layer_m - z)
        air = 0.5 * wp[i]
        avail += max(theta[i] - air, 0.0) * 1000.0 * frac
        w_fc += 1000.0 * fc[i] * frac
        w_air += 1000.0 * air * frac
        w_act += 1000.0 * theta[i] * frac
        z += dz_m[i]
    e1 = min(epot_mm, stage1_mm)
    stage1_left = stage1_mm - e1
    rest = epot_mm - e1
    e2 = 0.0
    if rest > 0.0 and w_fc > w_air:
        wrel = min(max((w_act - e1 - w_air) / (w_fc - w_air), 0.0), 1.0)
        kr = (math.exp(decline_factor * wrel) - 1.0) / (math.exp(decline_factor) - 1.0)
        e2 = kr * rest
    e = min(e1 + e2, avail)
    if e <= 0.0:
        return 0.0, stage1_left
    # withdraw in proportion to the water above air dry in each compartment
    z = 0.0
    share = e / avail
    for i in range(n):
        if z >= layer_m:
            break
        frac = min(dz_m[i], layer_m - z)
        air = 0.5 * wp[i]
        take = max(theta[i] - air, 0.0) * 1000.0 * frac * share
        theta[i] -= take / (1000.0 * dz_m[i])
        z += dz_m[i]
    return e, stage1_left
