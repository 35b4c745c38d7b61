"""Stress coefficients (AquaCrop reference manual ch. 3; FAO-56 ch. 8 for p adjustment)."""

from __future__ import annotations

import math

from zhassyl.engine.jit import jit


@jit(inline="always")
def round_half_away(x):
    """Round to the nearest integer, halves away from zero (Fortran ``nint``, as AquaCrop)."""
    return math.floor(x + 0.5) if x >= 0.0 else -math.floor(-x + 0.5)


@jit
def ks_curve(rel, p_upper, p_lower, shape):
    """Stress coefficient between thresholds, convex or concave (AquaCrop eq. 3.5a).

    ``rel`` is the relative depletion (or any relative stress measure); Ks is 1
    at or below ``p_upper`` and 0 at or above ``p_lower``; in between
    Ks = 1 - (exp(s·f) - 1)/(exp(f) - 1) with s = (rel - p_upper)/(p_lower - p_upper)
    and f the shape factor (a shape of 0 means a straight line).
    """
    if rel <= p_upper:
        return 1.0
    if rel >= p_lower:
        return 0.0
    s = (rel - p_upper) / (p_lower - p_upper)
    f = shape
    if abs(f) < 0.05:  # AquaCrop treats |shape| < 0.05 as linear
        return 1.0 - s
    return 1.0 - (math.exp(s * f) - 1.0) / (math.exp(f) - 1.0)


@jit
def p_adjusted_for_et0(p, et0_mm):
    """Depletion fraction p adjusted to the evaporative demand.

    p_adj = p + 0.04 (5 - ET0) log10(10 - 9 p) (AquaCrop ch. 3; the ET-correction
    of FAO-56 table 22 footnote, written for the AquaCrop thresholds), in [0, 1].
    """
    v = p + 0.04 * (5.0 - et0_mm) * math.log10(10.0 - 9.0 * p)
    return min(max(v, 0.0), 1.0)


@jit
def ks_cold_transpiration(gdd, gdd_full):
    """Cold stress on transpiration from the day's growing degrees (AquaCrop eq. 3.11d).

    Logistic between 0 GDD (Ks = 0) and ``gdd_full`` (Ks = 1), as AquaCrop's
    KsTemperature with Mo = 0.02.
    """
    if gdd_full <= 0.0 or gdd >= gdd_full:
        return 1.0
    if gdd <= 0.0:
        return 0.0
    mo = 0.02
    mx = 1.0
    rel = gdd / gdd_full
    r = -math.log((mo * mx - 0.98 * mo) / (0.98 * (mx - mo)))
    return mo * mx / (mo + (mx - mo) * math.exp(-r * rel)) - mo * (1.0 - rel)


@jit
def fertility_reduction_pct(stress_pct, shape):
    """Reduction (%) of a crop parameter under soil-fertility stress (AquaCrop ch. 3.10).

    100·(1 - Ks) with Ks = ks_curve(stress, 0, 1, shape), rounded as AquaCrop does.
    """
    if stress_pct <= 0.0:
        return 0.0
    ks = ks_curve(stress_pct / 100.0, 0.0, 1.0, shape)
    return float(round_half_away(100.0 * (1.0 - ks)))


@jit
def salinity_relative_yield(ece_ds_m, threshold_ds_m, slope_pct):
    """Relative yield under root-zone salinity (Maas & Hoffman 1977; FAO-56 ch. 8, table 23).

    Yr = 1 - b/100·(ECe - ECe_threshold) for ECe above the threshold, in [0, 1].
    """
    if ece_ds_m <= threshold_ds_m or slope_pct <= 0.0:
        return 1.0
    return max(1.0 - slope_pct / 100.0 * (ece_ds_m - threshold_ds_m), 0.0)


@jit
def ks_salinity_et(ece_ds_m, threshold_ds_m, slope_pct, ky):
    """Salinity stress coefficient of crop transpiration (FAO-56 eq. 91).

    Ks = 1 - b/(Ky·100)·(ECe - ECe_threshold), in [0, 1]; together with the
    yield response Ya/Ym = 1 - Ky(1 - ETa/ETm) (FAO-33) it gives the
    Maas-Hoffman relative yield.
    """
    if ece_ds_m <= threshold_ds_m or slope_pct <= 0.0:
        return 1.0
    return max(1.0 - slope_pct / (ky * 100.0) * (ece_ds_m - threshold_ds_m), 0.0)
