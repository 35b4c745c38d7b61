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

from zhassyl.engine.jit import jit
from zhassyl.engine.stress import round_half_away

#: Salt concentration per unit electrical conductivity, 0.64 g L-1 per dS m-1
#: (FAO-29, Ayers & Westcot 1985, table 3 footnote: TDS [mg/L] ≈ 640 × EC [dS/m]).
SALT_G_L_PER_DS_M = 0.64


@jit
def zone_water(theta, dz_m, fc, wp, depth_m):
    """Water [mm] at the actual, FC and WP contents over the top ``depth_m`` (AquaCrop's
    root-zone sums, reference manual ch. 3.2.7); the compartment cut by ``depth_m`` counts
    pro rata.  Returns ``(actual_mm, fc_mm, wp_mm)``.
    """
    z = 0.0
    act = 0.0
    wfc = 0.0
    wwp = 0.0
    for i in range(theta.shape[0]):
        if z >= depth_m:
            break
        frac = 1000.0 * min(dz_m[i], depth_m - z)
        act += theta[i] * frac
        wfc += fc[i] * frac
        wwp += wp[i] * frac
        z += dz_m[i]
    return act, wfc, wwp


@jit(inline="always")
def zone_water_and_saturation(theta, dz_m, sat, depth_m):
    """Water [mm] at the actual and the saturated contents over the top ``depth_m``
    (AquaCrop's root-zone sums WC_Actual and WC_SAT): :func:`zone_water` with the
    saturated contents in place of field capacity."""
    act, wsat, _wsat = zone_water(theta, dz_m, sat, sat, depth_m)
    return act, wsat


@jit
def compartment_at(dz_m, depth_m):
    """Index of the compartment holding ``depth_m`` (the last one below the profile)."""
    z = 0.0
    for i in range(dz_m.shape[0]):
        z += dz_m[i]
        if z >= depth_m:
            return i
    return dz_m.shape[0] - 1


@jit
def root_zone_ece(salt, dz_m, sat, zr_m):
    """Mean ECe of the root zone [dS m-1], each compartment weighted by its rooted thickness.

    ECe of a compartment = salt / (water at saturation) / 0.64, i.e. the EC of
    the soil water scaled to the saturation extract as AquaCrop does
    (ECe = ECsw·θ/θsat, reference manual ch. 3.9).  At least the top
    compartment counts.
    """
    z = 0.0
    num = 0.0
    den = 0.0
    depth = max(zr_m, dz_m[0])
    for i in range(salt.shape[0]):
        if z >= depth:
            break
        frac = min(dz_m[i], depth - z)
        num += frac * salt[i] / (sat[i] * 1000.0 * dz_m[i]) / SALT_G_L_PER_DS_M
        den += frac
        z += dz_m[i]
    return num / den if den > 0.0 else 0.0


@jit
def stress_zone_water(theta, dz_m, fc, wp, zr_m, top_m):
    """Relative depletion and water amounts of the zone that drives water stress.

    The root zone, unless the top soil ``top_m`` is relatively wetter (after
    rain), in which case the top soil is used (AquaCrop 7 "top soil
    considered", reference manual ch. 3.2.7; program parameter 10 cm).
    Returns ``(wrel, wc_act_mm, wc_fc_mm, wc_wp_mm)`` with
    wrel = (W_FC - W)/(W_FC - W_WP).  Both zones are summed in one pass
    over the compartments, each in the same order as :func:`zone_water`.
    """
    z = 0.0
    a = 0.0
    f = 0.0
    w = 0.0
    at = 0.0
    ft = 0.0
    wt = 0.0
    top = top_m < zr_m
    for i in range(theta.shape[0]):
        if z >= zr_m:
            break
        frac = 1000.0 * min(dz_m[i], zr_m - z)
        a += theta[i] * frac
        f += fc[i] * frac
        w += wp[i] * frac
        if top and z < top_m:
            frac_t = 1000.0 * min(dz_m[i], top_m - z)
            at += theta[i] * frac_t
            ft += fc[i] * frac_t
            wt += wp[i] * frac_t
        z += dz_m[i]
    rel = (f - a) / (f - w) if f > w else 0.0
    if top:
        relt = (ft - at) / (ft - wt) if ft > wt else 0.0
        if relt < rel:
            return relt, at, ft, wt
    return rel, a, f, w


@jit
def tau_from_ksat(ksat_mm_day):
    """Drainage characteristic tau from Ksat: 0.0866·Ksat^0.35, in [0, 1] (AquaCrop eq. 3.2c)."""
    if ksat_mm_day <= 0.0:
        return 0.0
    return min(max(round_half_away(100.0 * 0.0866 * ksat_mm_day ** 0.35) / 100.0, 0.0), 1.0)


@jit
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


@jit
def theta_draining_at(rate, sat, fc, tau):
    """Water content whose drainage ability equals ``rate`` [m3 m-3 d-1] (inverse of eq. 3.2a)."""
    if rate <= 0.0:
        return fc
    if tau <= 0.0 or sat - fc <= 1e-9:
        return sat
    x = 1.0 + rate * (math.exp(sat - fc) - 1.0) / (tau * (sat - fc))
    return min(fc + math.log(x), sat)


@jit
def _push_up(theta, dz_m, sat, salt, start, water_mm, salt_g):
    """Store ``water_mm`` (carrying ``salt_g`` g m-2) in compartments ``start``, ``start-1``...

    Up to saturation, with its salt pro rata.  Returns the water and salt that
    could not be stored (they leave the profile at the surface).
    """
    i = start
    while water_mm > 0.0 and i >= 0:
        room = (sat[i] - theta[i]) * 1000.0 * dz_m[i]
        if room > 0.0:
            take = min(room, water_mm)
            s = salt_g * take / water_mm
            theta[i] += take / (1000.0 * dz_m[i])
            salt[i] += s
            salt_g -= s
            water_mm -= take
        i -= 1
    if water_mm <= 0.0:
        return 0.0, max(salt_g, 0.0)
    return water_mm, salt_g


@jit
def _concentration(theta_i, salt_i, w):
    """Salt concentration of a compartment's soil water [g L-1] (``w`` = 1000·dz mm)."""
    water = theta_i * w
    return salt_i / water if water > 1e-12 else 0.0


@jit
def drain_profile(theta, dz_m, sat, fc, ksat_mm_day, tau, salt, fluxout_mm=None):
    """Free drainage through the profile for one day (AquaCrop ch. 3.2.1, cascading form).

    Each compartment receives the flux from above and mixes it with its water
    (complete mixing of salt, AquaCrop ch. 3.9), then drains by its drainage
    ability (never below field capacity, never more than Ksat).  ``salt``
    [g m-2 per compartment] moves with the water.  ``fluxout_mm`` (optional,
    shape ``(n_comp,)``) receives the water leaving each compartment downwards
    [mm] (AquaCrop's ``Compartment.fluxout``, which stops capillary rise).  Returns
    ``(deep_percolation_mm, surface_excess_mm, salt_out_g_m2, surface_salt_g_m2)``.
    """
    flux = 0.0
    sflux = 0.0
    excess = 0.0
    sexcess = 0.0
    n = theta.shape[0]
    for i in range(n):
        if flux == 0.0 and sflux == 0.0 and theta[i] <= fc[i] and theta[i] <= sat[i]:
            continue    # nothing comes in, nothing drains: the compartment stays as it is
        w = 1000.0 * dz_m[i]
        theta[i] += flux / w
        salt[i] += sflux
        d = drainage_ability(theta[i], sat[i], fc[i], tau[i]) * w
        d = min(d, max(theta[i] - fc[i], 0.0) * w, ksat_mm_day[i])
        sd = d * _concentration(theta[i], salt[i], w)
        theta[i] -= d / w
        salt[i] -= sd
        if theta[i] > sat[i]:
            over = (theta[i] - sat[i]) * w
            so = over * _concentration(theta[i], salt[i], w)
            theta[i] = sat[i]
            salt[i] -= so
            ex, sx = _push_up(theta, dz_m, sat, salt, i - 1, over, so)
            excess += ex
            sexcess += sx
        if fluxout_mm is not None:
            fluxout_mm[i] += d
        flux = d
        sflux = sd
    return flux, excess, sflux, sexcess


@jit
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
        cn1 = round_half_away(0.507 * cn - 0.00374 * cn ** 2 + 0.0000867 * cn ** 3)
        cn3 = round_half_away(2.33 * cn - 0.0209 * cn ** 2 + 0.000076 * cn ** 3)
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
        cna = round_half_away(cn1 + (cn3 - cn1) * wsum)
    cna = min(max(cna, 1.0), 100.0)
    s = 254.0 * (100.0 / cna - 1.0)
    ia = 0.05 * s
    if precip_mm <= ia:
        return 0.0
    return (precip_mm - ia) ** 2 / (precip_mm + s - ia)


@jit
def infiltrate(water_mm, theta, dz_m, sat, fc, ksat_mm_day, tau, salt, conc_g_l,
               fluxout_mm=None):
    """Route ``water_mm`` infiltrating at the surface down the profile (AquaCrop ch. 3.2.3).

    Each compartment first fills to field capacity, then keeps the water
    content at which its drainage ability equals the flux still passing, and
    passes the rest on, at most Ksat.  Water that cannot pass is stored up to
    saturation, then pushed back up; what the profile cannot hold returns to
    the surface.  The water carries salt at ``conc_g_l`` [g L-1]; it mixes
    completely with each compartment's water before passing on.  ``fluxout_mm``
    (optional) accumulates the water passing out of each compartment [mm], as in
    :func:`drain_profile`.  Returns
    ``(deep_percolation_mm, surface_excess_mm, salt_out_g_m2, surface_salt_g_m2)``.
    """
    w_in = water_mm
    s_in = water_mm * conc_g_l
    excess = 0.0
    sexcess = 0.0
    n = theta.shape[0]
    for i in range(n):
        if w_in <= 0.0:
            return 0.0, excess, 0.0, sexcess
        w = 1000.0 * dz_m[i]
        stays = 0.0
        th = theta[i]
        if th < fc[i]:
            take = min(w_in, (fc[i] - th) * w)
            th += take / w
            stays += take
        rest = w_in - stays
        if rest > 0.0:
            theta0 = theta_draining_at(rest / w, sat[i], fc[i], tau[i])
            if theta0 > th:
                hold = min(rest, (theta0 - th) * w)
                stays += hold
        # mix everything, then the passing water leaves at the mixed concentration
        theta[i] += w_in / w
        salt[i] += s_in
        passing = w_in - stays
        stuck = 0.0
        if passing > ksat_mm_day[i]:
            stuck = passing - ksat_mm_day[i]
            passing = ksat_mm_day[i]
        c = _concentration(theta[i], salt[i], w)
        theta[i] -= (passing + stuck) / w
        salt[i] -= (passing + stuck) * c
        if stuck > 0.0:
            ex, sx = _push_up(theta, dz_m, sat, salt, i, stuck, stuck * c)
            excess += ex
            sexcess += sx
        if fluxout_mm is not None:
            fluxout_mm[i] += passing
        w_in = passing
        s_in = passing * c
    return w_in, excess, s_in, sexcess


#: Largest capillary rise AquaCrop allows at any depth [mm d-1] (AquaCrop 7.3 ``MaxCRatDepth``).
CR_MAX_MM_DAY = 99.0
#: Water tables deeper than this below a compartment give it no capillary rise [m]
#: (AquaCrop 7.3 ``MaxCRatDepth``).
CR_REACH_M = 4.0
#: Shape of the soil-water gradient's effect on capillary rise (AquaCrop's program
#: parameter, default 16 in ``Soil.PAR``; AquaCrop 7.3 ``initialsettings``).
CR_SHAPE_DEFAULT = 16.0


@jit
def max_capillary_rise_mm(depth_below_m, cr_a, cr_b, ksat_mm_day):
    """Largest capillary rise into a point ``depth_below_m`` above the water table [mm d-1].

    CRmax = exp((ln(z) - b)/a) with z the distance to the water table [m] and a, b the
    soil's capillary-rise parameters (Raes & Deproost 2003; AquaCrop reference manual
    ch. 3.2.6), at most 99 mm; 99 mm at or below the table, 0 more than 4 m above it
    or in a soil without Ksat (AquaCrop 7.3 ``MaxCRatDepth``).
    """
    if ksat_mm_day <= 0.0 or cr_a >= 0.0 or depth_below_m >= CR_REACH_M:
        return 0.0
    if depth_below_m <= 0.0:
        return CR_MAX_MM_DAY
    return min(math.exp((math.log(depth_below_m) - cr_b) / cr_a), CR_MAX_MM_DAY)


@jit
def fc_adjustment_reach_m(fc):
    """Height above a water table within which field capacity is raised [m].

    1 m for FC <= 10 vol%, 2 m for FC >= 30 vol%, else 10^pF/100 m with
    pF = 2 + 0.3·(FC - 10)/20 (AquaCrop reference manual ch. 3.2.6, "field
    capacity adjusted for a shallow water table"; 7.3 ``NoAdjustment``).
    """
    pct = 100.0 * fc
    if pct <= 10.0:
        return 1.0
    if pct >= 30.0:
        return 2.0
    return 10.0 ** (2.0 + 0.3 * (pct - 10.0) / 20.0) / 100.0


@jit
def adjusted_field_capacity(fc, sat, dz_m, depth_gw_m, out):
    """Field capacity of each compartment above a shallow water table [m3 m-3], into ``out``.

    A compartment whose mid-depth z lies within the reach Xmax above the table
    (:func:`fc_adjustment_reach_m`) holds FC + (SAT - FC)·((z - (zgw - Xmax))/Xmax)²;
    others keep FC (AquaCrop reference manual ch. 3.2.6; 7.3 ``CalculateAdjustedFC``,
    applied from the bottom up until the first compartment out of reach).
    ``depth_gw_m`` <= 0: no table.

    Unlike AquaCrop, which holds compartments at or below the table saturated
    (FCadj = SAT, so that water reaching the table stays in the profile), they
    keep FC here: the saturated zone is the aquifer's (``zhassyl.engine.aquifer``),
    water draining into it leaves the profile as recharge, and its drainable
    water is the aquifer's storage.
    """
    n = fc.shape[0]
    for i in range(n):
        out[i] = fc[i]
    if depth_gw_m <= 0.0:
        return out
    z = 0.0
    for i in range(n):
        z += dz_m[i]
    for i in range(n - 1, -1, -1):
        mid = z - dz_m[i] / 2.0
        reach = fc_adjustment_reach_m(fc[i])
        if depth_gw_m - mid >= reach:
            break
        if fc[i] < sat[i] and mid < depth_gw_m:
            out[i] = fc[i] + (sat[i] - fc[i]) / reach ** 2 * (mid - (depth_gw_m - reach)) ** 2
        z -= dz_m[i]
    return out


@jit
def capillary_rise(theta, dz_m, fc, wp, ksat_mm_day, salt, fluxout_mm, depth_gw_m, cr_a, cr_b,
                   conc_gw_g_l, shape=CR_SHAPE_DEFAULT):
    """Capillary rise from a water table ``depth_gw_m`` below the surface [mm] (AquaCrop ch. 3.2.6).

    As AquaCrop 7 computes it (reference manual ch. 3.2.6; 7.3 ``calculate_CapillaryRise``):
    starting with the deepest compartment above the table, the rise allowed is
    CRmax at that compartment's mid-depth (:func:`max_capillary_rise_mm`); each
    compartment below field capacity stores at most Krel·DF·CRmax, with the relative
    conductivity Krel = (θ - θwp)/(θthr - θwp) below θthr = (θwp + θfc)/2 (1 above it)
    and the driving force DF = 1 - ((θ - θwp)/(θfc - θwp))^shape; what it cannot store
    (limited by its room to field capacity) rises on, at most the CRmax of each
    compartment passed.  The rise stops at the first compartment that drained
    today (``fluxout_mm`` > 0): no water rises and drains on the same day.
    Compartments at or below the table are refilled to field capacity too (up to
    99 mm): AquaCrop holds them saturated instead (see
    :func:`adjusted_field_capacity`), so water roots take there is groundwater in
    both.  The water carries groundwater salt at ``conc_gw_g_l`` [g L-1].  Returns
    ``(water_mm, salt_g_m2)``.
    """
    if depth_gw_m <= 0.0 or cr_a >= 0.0:
        return 0.0, 0.0
    n = theta.shape[0]
    z_bottom = 0.0
    for i in range(n):
        z_bottom += dz_m[i]
    i = n - 1
    max_mm = max_capillary_rise_mm(depth_gw_m - (z_bottom - dz_m[i] / 2.0), cr_a, cr_b,
                                   ksat_mm_day[i])
    total = 0.0
    while round_half_away(max_mm * 1000.0) > 0 and i >= 0 \
            and round_half_away(fluxout_mm[i] * 1000.0) == 0:
        span = fc[i] - wp[i]
        if theta[i] >= wp[i] and shape > 0.0 and span > 0.0:
            force = 1.0 - (max(theta[i] - wp[i], 0.0) / span) ** shape
        else:
            force = 1.0
        thr = (wp[i] + fc[i]) / 2.0
        if theta[i] < thr:
            krel = 0.0 if (theta[i] <= wp[i] or thr <= wp[i]) else \
                (theta[i] - wp[i]) / (thr - wp[i])
        else:
            krel = 1.0
        room = fc[i] - theta[i]
        if room > 0.0:
            w = 1000.0 * dz_m[i]
            step = krel * force * max_mm / w
            if room >= step:
                theta[i] += step
                got = step * w
                max_mm = 0.0
            else:
                theta[i] = fc[i]
                got = room * w
                max_mm = krel * max_mm - got
            total += got
            salt[i] += got * conc_gw_g_l
        z_bottom -= dz_m[i]
        i -= 1
        if i < 0:
            break
        max_mm = min(max_mm, max_capillary_rise_mm(depth_gw_m - (z_bottom - dz_m[i] / 2.0),
                                                   cr_a, cr_b, ksat_mm_day[i]))
    return total, total * conc_gw_g_l


@jit
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


@jit(inline="always")
def _evaporating_layer(theta, dz_m, sat, fc, wp, z_m):
    """Water [mm] in the top ``z_m`` at the actual, SAT, FC and WP contents (pro rata in
    the compartment cut by ``z_m``; AquaCrop 7.3 ``WCEvapLayer``)."""
    z = 0.0
    act = 0.0
    wsat = 0.0
    wfc = 0.0
    wwp = 0.0
    for i in range(theta.shape[0]):
        if z >= z_m - 1e-9:
            break
        frac = 1000.0 * min(dz_m[i], z_m - z)
        act += theta[i] * frac
        wsat += sat[i] * frac
        wfc += fc[i] * frac
        wwp += wp[i] * frac
        z += dz_m[i]
    return act, wsat, wfc, wwp


@jit(inline="always")
def _take_top_down(theta, dz_m, wp, z_m, amount_mm):
    """Remove up to ``amount_mm`` from the top ``z_m``, each compartment to air dry (WP/2)
    before the one below it (AquaCrop 7.3 ``ExtractWaterFromEvapLayer``); returns mm taken."""
    z = 0.0
    left = amount_mm
    for i in range(theta.shape[0]):
        if z >= z_m - 1e-9 or left <= 0.0:
            break
        frac = min(dz_m[i], z_m - z)
        take = min(max(theta[i] - 0.5 * wp[i], 0.0) * 1000.0 * frac, left)
        theta[i] -= take / (1000.0 * dz_m[i])
        left -= take
        z += dz_m[i]
    return amount_mm - left


@jit
def evaporation_stage2_start_pct(theta, dz_m, sat, fc, wp, rew_mm, z_min_m):
    """Wetness of the evaporating layer when stage 2 starts [%] (AquaCrop 7.3 ``PrepareStage2``).

    100·(W - (W_FC - REW))/(W_SAT - (W_FC - REW)) over the minimum evaporating
    layer, rounded, and 0 when W <= W_FC - REW (reference manual ch. 3, soil
    evaporation stage II: its upper limit).
    """
    act, wsat, wfc, _wwp = _evaporating_layer(theta, dz_m, sat, fc, wp, z_min_m)
    base = wfc - rew_mm
    if act - base <= 2.220446049250313e-16 or wsat <= base:
        return 0.0
    return float(round_half_away(100.0 * (act - base) / (wsat - base)))


@jit
def soil_evaporation(epot_mm, stage1_mm, evap_z_m, start_pct, theta, dz_m, sat, fc, wp,
                     rew_mm, z_min_m, z_max_m, decline_factor):
    """Soil evaporation for one day, two stages (AquaCrop 7.3; reference manual ch. 3).

    Stage 1 (energy limited) takes what is left of the readily evaporable water
    ``stage1_mm`` from the minimum evaporating layer ``z_min_m``.  Once it is gone
    stage 2 starts (:func:`evaporation_stage2_start_pct`) and runs in 20 steps:
    Wrel = (W - W_lower)/(W_upper - W_lower) over the evaporating layer ``evap_z_m``,
    with W_lower air dry (WP/2) and W_upper = x·(W_SAT - (W_FC - REW)) + W_FC - REW
    for the start wetness x; the layer deepens 1 mm at a time (up to ``z_max_m``)
    while Wrel < 0.4·(z_max - z)/(z_max - z_min); each step evaporates
    Kr·(Epot - E1)/20 with Kr = (exp(fK·Wrel) - 1)/(exp(fK) - 1) (1 when Wrel >= 1).
    Water always leaves the top compartment first, down to air dry
    (``ExtractWaterFromEvapLayer``).  AquaCrop 7.3 ``CalculateSoilEvaporationStage1/2``.

    Returns ``(evaporation_mm, stage1_left_mm, evap_z_m, start_pct)``; a negative
    ``start_pct`` means stage 2 has not started since the last wetting.

    Notes
    -----
    The 20 steps are AquaCrop's explicit sub-steps, kept as they are; for speed
    (issue 15) exp(fK·Wrel) is carried from one step to the next by the factor
    exp(-fK·ΔWrel) of the step's withdrawal, a fifth-order series when
    fK·ΔWrel < 0.05 (relative error < 2e-11 per step), else recomputed, and the
    divisions by W_upper - W_lower and exp(fK) - 1 are multiplications by their
    reciprocals.  Outputs differ from the step-by-step exp by rounding only
    (largest relative change of a season total measured on the oracle cases:
    see benchmarks/RESULTS.md).
    """
    if epot_mm <= 0.0:
        return 0.0, stage1_mm, evap_z_m, start_pct
    e = 0.0
    if stage1_mm > 0.0:
        want = min(stage1_mm, epot_mm)
        got = _take_top_down(theta, dz_m, wp, z_min_m, want)
        e += got
        stage1_mm -= got
        if abs(want - got) > 1e-4:
            stage1_mm = 0.0          # not enough water left to hold the rest
        if stage1_mm < 1e-6:
            stage1_mm = 0.0
            evap_z_m = z_min_m
            start_pct = evaporation_stage2_start_pct(theta, dz_m, sat, fc, wp, rew_mm,
                                                     z_min_m)
    rest = epot_mm - e
    if rest <= 1e-6:
        return e, stage1_mm, evap_z_m, start_pct
    if start_pct < 0.0:
        evap_z_m = z_min_m
        start_pct = evaporation_stage2_start_pct(theta, dz_m, sat, fc, wp, rew_mm, z_min_m)
    n_steps = 20
    total = 0.0
    per_step = rest / n_steps
    inv_kr_den = 1.0 / (math.exp(decline_factor) - 1.0)
    can_deepen = z_max_m > z_min_m
    act, wsat, wfc, wwp = _evaporating_layer(theta, dz_m, sat, fc, wp, evap_z_m)
    upper = start_pct / 100.0 * (wsat - (wfc - rew_mm)) + (wfc - rew_mm)
    lower = 0.5 * wwp
    inv_range = 1.0 / (upper - lower) if upper > lower else 0.0
    wrel = (act - lower) * inv_range
    # exp(fK·Wrel), carried from step to step (see the Notes)
    e_w = math.exp(decline_factor * wrel)
    # the layer deepens while Wrel < 0.4 (z_max - z)/(z_max - z_min) (-1: it cannot)
    deepen_below = (0.4 * (z_max_m - evap_z_m) / (z_max_m - z_min_m)
                    if can_deepen and evap_z_m < z_max_m - 1e-9 else -1.0)
    for _step in range(n_steps):
        if wrel < deepen_below:
            # deepen 1 mm at a time; the sums grow by the 1 mm slice of the compartment
            # holding the new layer bottom
            k = 0
            zb = dz_m[0]
            while zb < evap_z_m + 1e-9 and k < theta.shape[0] - 1:
                k += 1
                zb += dz_m[k]
            while (wrel < 0.4 * (z_max_m - evap_z_m) / (z_max_m - z_min_m)
                   and evap_z_m < z_max_m - 1e-9):
                step = min(0.001, z_max_m - evap_z_m)
                while evap_z_m >= zb - 1e-9 and k < theta.shape[0] - 1:
                    k += 1
                    zb += dz_m[k]
                evap_z_m += step
                act += 1000.0 * theta[k] * step
                wsat += 1000.0 * sat[k] * step
                wfc += 1000.0 * fc[k] * step
                wwp += 1000.0 * wp[k] * step
                upper = start_pct / 100.0 * (wsat - (wfc - rew_mm)) + (wfc - rew_mm)
                lower = 0.5 * wwp
                wrel = (act - lower) / (upper - lower) if upper > lower else 0.0
            inv_range = 1.0 / (upper - lower) if upper > lower else 0.0
            e_w = math.exp(decline_factor * wrel)
            deepen_below = (0.4 * (z_max_m - evap_z_m) / (z_max_m - z_min_m)
                            if evap_z_m < z_max_m - 1e-9 else -1.0)
        if wrel <= 1e-5:
            kr = 0.0
        elif wrel >= 0.99999:
            kr = 1.0
        else:
            kr = (e_w - 1.0) * inv_kr_den
        # water above air dry in the layer is act - lower (no compartment is ever drier than
        # air dry); taking the steps' amounts top-down one by one or all at once at the end
        # leaves the same profile, since the layer only deepens
        got = min(kr * per_step, max(act - lower, 0.0))
        if got <= 0.0:
            # nothing moved: the layer cannot deepen further this day (it has just been
            # deepened as far as its wetness allows), so every later step is the same
            break
        total += got
        act -= got
        x = decline_factor * got * inv_range      # fK·ΔWrel of this step
        wrel = (act - lower) * inv_range
        if x < 0.05:
            # exp(-x) to 5th order (relative error < x^6/720 < 2e-11), in Estrin's form
            # (a shorter chain of dependent operations than Horner's)
            x2 = x * x
            e_w *= ((1.0 - x) + x2 * (0.5 - x * (1.0 / 6.0))
                    + x2 * x2 * (1.0 / 24.0 - x * (1.0 / 120.0)))
        else:
            e_w = math.exp(decline_factor * wrel)
    e += _take_top_down(theta, dz_m, wp, evap_z_m, total)
    return e, stage1_mm, evap_z_m, start_pct


@jit(inline="always")
def infiltration_day(rain_mm, irr_in_mm, conc_iw_g_l, cn, adjust_cn, cn_depth_m,
                     rain_event_mm, theta, dz_m, sat, fc, fc_adj, wp, ksat_mm_day, tau, salt,
                     fluxout_mm, drain_mm, runoff_mm, salt_in_g, salt_out_g, salt_down_g,
                     excess1_mm):
    """Rain and irrigation into a soil without a pond, for one day (AquaCrop ch. 3.2.2-3.2.3).

    Runoff by the curve number (:func:`curve_number_runoff`, on the soil's own
    field capacity ``fc``) on days with more than ``rain_event_mm`` of rain
    (AquaCrop: 0.1 mm); the rest of the rain and the irrigation infiltrate
    (:func:`infiltrate`, on the field capacity ``fc_adj`` raised near a water
    table, :func:`adjusted_field_capacity`) carrying the irrigation water's salt;
    ``fluxout_mm`` accumulates the water passing out of each compartment.
    ``excess1_mm`` is the water the morning's drainage returned to the surface,
    already counted in ``runoff_mm``.  The day's sums ``drain_mm``,
    ``runoff_mm``, ``salt_in_g``, ``salt_out_g`` and ``salt_down_g`` (salt
    leaving the profile's bottom) [g m-2] are carried on (returned updated, in
    the kernel's order of additions).

    Returns ``(drain_mm, runoff_mm, infiltration_mm, salt_in_g, salt_out_g, salt_down_g)``.
    """
    if rain_mm > rain_event_mm:
        runoff_mm += curve_number_runoff(rain_mm, cn, theta, dz_m, fc, wp, adjust_cn,
                                         cn_depth_m)
    rain_in = rain_mm - (runoff_mm - excess1_mm)
    water_in = rain_in + irr_in_mm
    conc = irr_in_mm * conc_iw_g_l / water_in if water_in > 0.0 else 0.0
    salt_in_g += irr_in_mm * conc_iw_g_l
    deep, excess2, sdeep, sexc2 = infiltrate(water_in, theta, dz_m, sat, fc_adj, ksat_mm_day,
                                             tau, salt, conc, fluxout_mm)
    drain_mm += deep
    runoff_mm += excess2
    salt_out_g += sdeep + sexc2
    salt_down_g += sdeep
    return drain_mm, runoff_mm, water_in - excess2, salt_in_g, salt_out_g, salt_down_g


@jit(inline="always")
def potential_soil_evaporation_mm(et0_mm, kex, cover, wetted_fraction, wet_by_irrigation,
                                  senescing, ccx_withered, cc_effect_evap_pct, mulch_pct,
                                  mulch_effect_pct):
    """Potential soil evaporation [mm] (AquaCrop eq. 3.5a-c; FAO-56 eq. 75).

    Epot = Kex·(1 - CC*)·ET0 over the exposed soil, limited to the wetted
    fraction after irrigation (FAO-56 eq. 75, few), under a senescing canopy
    to Kex·(1 - CCx,withered·effect)·ET0 (AquaCrop eq. 3.5b), and reduced by
    mulch (AquaCrop eq. 3.5c).  ``cover`` is the combined CC* of the crops.
    """
    exposed = 1.0 - cover
    if wet_by_irrigation and wetted_fraction > 0.0:
        exposed = min(exposed, wetted_fraction)
    epot = kex * exposed * et0_mm
    if senescing:
        epot = min(epot, kex * et0_mm * (1.0 - ccx_withered * cc_effect_evap_pct / 100.0))
    epot *= 1.0 - mulch_pct / 100.0 * mulch_effect_pct / 100.0
    return epot


@jit(inline="always")
def evaporation_day(s, st, mg, cc_effect_evap_pct, rew_mm, cover, et0_mm, theta, dz_m, sat, fc,
                    wp):
    """Evaporation of the day [mm]: from the pond when there is one, else from the soil.

    The pond evaporates Kex·(1 - CC*)·ET0 (open water under the canopy's gaps);
    the soil its potential (:func:`potential_soil_evaporation_mm`) in two stages
    (:func:`soil_evaporation`, AquaCrop ch. 3.5).  ``cover`` is the combined CC*
    of the main and the companion crop; ``s`` the field state (pond, stage 1,
    evaporating layer).
    """
    if s.pond > 0.0:
        evap = min(s.pond, st.kex * (1.0 - cover) * et0_mm)
        s.pond -= evap
        if s.pond < 1e-12:
            s.pond = 0.0
        return evap
    epot = potential_soil_evaporation_mm(
        et0_mm, st.kex, cover, mg.irr_wetted_fraction, s.wet_by_irrigation,
        s.in_crop and s.t_sen > 0.0, s.ccx_withered, cc_effect_evap_pct, mg.mulch_pct,
        mg.mulch_effect_pct)
    evap, stage1, evap_z, evap_start = soil_evaporation(
        epot, s.stage1, s.evap_z, s.evap_start, theta, dz_m, sat, fc, wp, rew_mm,
        st.evap_layer_m, st.evap_zmax_m, st.evap_decline)
    s.stage1 = stage1
    s.evap_z = evap_z
    s.evap_start = evap_start
    return evap
