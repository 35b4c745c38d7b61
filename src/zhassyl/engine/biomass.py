"""Biomass from normalised water productivity (AquaCrop manual ch. 3.8; Steduto et al. 2009)."""

from __future__ import annotations

import math

from zhassyl.engine.assimilates import assimilate_flows
from zhassyl.engine.jit import jit


@jit
def wp_co2_factor(co2_ppm, sink_strength_pct, wp_star_g_m2=15.0):
    """Multiplier of WP* for the atmospheric CO2 concentration (AquaCrop eq. 3.12b-c, v6+).

    Reference 369.41 ppm (year 2000, Mauna Loa).  Combines the original
    Steduto et al. (2007) correction, weighted by the crop's sink strength up to
    550 ppm, with the FACE-based logistic response of AquaCrop 6 above it, and
    takes the smaller of the two below 550 ppm, as AquaCrop does.  The response
    applies fully to C3 crops (WP* <= 20 g m-2), not at all to C4 crops
    (WP* >= 40), linearly in between (AquaCrop fAdjustedForCO2, fType).
    """
    if wp_star_g_m2 >= 40.0:
        f_type = 0.0
    elif wp_star_g_m2 <= 20.0:
        f_type = 1.0
    else:
        f_type = (40.0 - wp_star_g_m2) / 20.0
    ref = 369.41
    if abs(co2_ppm - ref) < 0.005:
        return 1.0
    f_sink = sink_strength_pct / 100.0
    if co2_ppm <= ref:
        f_w = 0.0
    elif co2_ppm >= 550.0:
        f_w = 1.0
    else:
        f_w = 1.0 - (550.0 - co2_ppm) / (550.0 - ref)
    f_old = (co2_ppm / ref) / (1.0 + (co2_ppm - ref) * ((1.0 - f_w) * 0.000138
                                                      + f_w * (0.000138 * f_sink
                                                               + 0.001165 * (1.0 - f_sink))))
    if co2_ppm > ref:
        f_shape = -4.61824 - 3.43831 * f_sink - 5.32587 * f_sink * f_sink
        rel = (co2_ppm - ref) / (2000.0 - ref)
        f_adj = 1.0 + 0.58 * (math.exp(rel * f_shape) - 1.0) / (math.exp(f_shape) - 1.0)
    else:
        f_adj = f_old
    f_co2 = f_adj
    if co2_ppm <= 550.0 and f_old < f_adj:
        f_co2 = f_old
    return 1.0 + f_type * (f_co2 - 1.0)


@jit
def wp_fertility_factor(red_wp_pct, sum_kc_actual, sum_kc_top_stress):
    """Progressive reduction of WP under soil-fertility stress (AquaCrop ch. 3.10).

    WP is multiplied by 1 - RedWP·(ΣKc_act/ΣKc_top,stress)² until the season's
    cumulated relative transpiration reaches the stressed potential, then by
    1 - RedWP.
    """
    if red_wp_pct <= 0.0:
        return 1.0
    if sum_kc_top_stress <= 0.0:
        return 1.0 - red_wp_pct / 100.0
    rel = sum_kc_actual / sum_kc_top_stress
    if rel < 1.0:
        return 1.0 - red_wp_pct / 100.0 * rel * rel
    return 1.0 - red_wp_pct / 100.0


@jit
def harvest_index_growth_coefficient(hi_ref_pct, days_to_build):
    """Coefficient of the logistic HI build-up reaching 98 % of HIref in ``days_to_build``.

    HI(t) = HIo·HIref/(HIo + (HIref - HIo)·exp(-k·t)) with HIo = 1 % (AquaCrop eq. 3.13).
    """
    if days_to_build <= 0.0 or hi_ref_pct <= 1.0:
        return 10.0
    hio = 1.0
    return -math.log(hio * (1.0 / 0.98 - 1.0) / (hi_ref_pct - hio)) / days_to_build


@jit
def harvest_index(t_days, hi_ref_pct, k):
    """Harvest index [%] ``t_days`` after the start of its build-up (logistic, eq. 3.13)."""
    if t_days <= 0.0:
        return 0.0
    hio = 1.0
    hi = hio * hi_ref_pct / (hio + (hi_ref_pct - hio) * math.exp(-k * t_days))
    if hi >= 0.9799 * hi_ref_pct:
        return hi_ref_pct
    return hi


@jit(inline="always")
def crop_biomass_day(s, cp, cc, tact_mm, et0_mm, ks_salt, salt_yield):
    """Biomass and yield of the main crop for one day (AquaCrop ch. 3.8, eq. 3.12).

    dB = WP*·fWP,fert·(Yr/Ks,salt)·Tact/ET0 with WP* after CO2 (``s.wp_season``)
    and the soil-fertility reduction growing with the season's sum of Tact/ET0
    (:func:`wp_fertility_factor`); salinity lowers transpiration by Ks,salt
    (FAO-56 eq. 91) and the biomass per unit transpiration by Yr/Ks,salt, so
    that yield follows Maas-Hoffman (FAO-56 eq. 89).  A perennial forage
    stores or remobilises assimilates (:func:`~zhassyl.engine.assimilates.
    assimilate_flows`).  Forage yield grows with the day's gain times the
    harvest index (building up in the sowing year, eq. 3.13); grain yield is
    biomass x HI.  ``cc`` is today's canopy cover.  Updates ``s.biomass``,
    ``s.yield_dry``, ``s.sum_kc_act``.

    Returns ``(bin_t_ha, bout_t_ha)``.
    """
    bin_ = 0.0
    bout = 0.0
    s.sum_kc_act += tact_mm / et0_mm
    wpi = s.wp_season * wp_fertility_factor(s.red_wp, s.sum_kc_act, s.sum_kc_top_stress)
    wpi *= salt_yield / ks_salt if ks_salt > 0.0 else 0.0
    db = wpi * tact_mm / et0_mm
    if cp.assim_on == 1 and cp.perennial == 1:
        bin_, bout = assimilate_flows(s, cp, db, cc)
    gain = db + bin_ - bout
    s.biomass += gain
    if cp.forage == 1:
        if cp.perennial == 1 and s.year == 1:
            alfa = harvest_index(float(s.day_in_season - 1), cp.hi_ref_pct, s.k_hi)
        else:
            alfa = cp.hi_ref_pct
        s.yield_dry += gain * alfa / 100.0
    else:
        s.yield_dry = s.biomass * cp.hi_ref_pct / 100.0
    return bin_, bout
