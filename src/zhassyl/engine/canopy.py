"""Canopy cover growth and decline (AquaCrop reference manual ch. 3.3; Raes et al. 2009).

Times ``t`` are thermal time since emergence: growing degree days for crops
described in GDD, or days for crops described in calendar days.
"""

from __future__ import annotations

import math

from zhassyl.engine.jit import jit


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
