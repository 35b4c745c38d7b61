"""Aeration stress: too little air in a waterlogged root zone (AquaCrop 7 reference manual
ch. 3.7, "aeration stress"; AquaCrop 7.3 simul.f90 ``DetermineRootZoneAnaeroConditions`` and
``Correction_Anaeroby``).

When the soil water content exceeds SAT minus the crop's anaerobiotic point (vol %),
transpiration is reduced; the full reduction is reached after ``delay_days`` days of
waterlogging (AquaCrop program parameter "delay of low oxygen stress", 3 days).  A crop
with an anaerobiotic point of 0 has no aeration stress (AquaCrop's convention).
"""

from __future__ import annotations

from zhassyl.engine.jit import jit


@jit(inline="always")
def root_zone_aeration_factor(s, anaero_pct, delay_days, wsat_mm, wact_mm, zr_m):
    """Reduction factor of the root zone's transpiration by aeration stress [0-1].

    With the root zone's water at saturation and actual content as volumes
    SAT = W_SAT/(10·Zr), ACT = min(W/(10·Zr), SAT) [vol %]: when ACT > SAT - anaero,
    the waterlogging day count ``s.day_anaero`` grows (at most ``delay_days``) and
    Ks,aer = 1 - (1 - (SAT - ACT)/anaero)·days/delay; otherwise the count restarts
    and Ks,aer = 1 (AquaCrop 7.3 ``DetermineRootZoneAnaeroConditions``).
    """
    if anaero_pct <= 0.0 or zr_m <= 0.0:
        s.day_anaero = 0.0
        return 1.0
    sat_vol = wsat_mm / (10.0 * zr_m)
    act_vol = min(wact_mm / (10.0 * zr_m), sat_vol)
    if act_vol > sat_vol - anaero_pct:
        s.day_anaero = min(s.day_anaero + 1.0, delay_days)
        return 1.0 - (1.0 - (sat_vol - act_vol) / anaero_pct) * (s.day_anaero / delay_days)
    s.day_anaero = 0.0
    return 1.0


@jit(inline="always")
def compartment_aeration_caps(theta, sat, anaero_pct, delay_days, days, caps):
    """Largest share of its root extraction each compartment allows under aeration stress.

    A compartment wetter than SAT - anaero counts its waterlogged days ``days``
    (at most ``delay_days``); its cap is (SAT - θ)/anaero, averaged with 1 over
    the days before the full effect: (ini + (n - 1)·cap)/(ini + n - 1), ini = 1
    before ``delay_days`` is reached, 0 after (AquaCrop 7.3 ``Correction_Anaeroby``);
    a drier compartment restarts its count and has cap 1.  Fills ``caps``.
    """
    a = anaero_pct / 100.0
    for i in range(theta.shape[0]):
        if a > 0.0 and theta[i] > sat[i] - a:
            days[i] += 1.0
            if days[i] >= delay_days:
                ini = 0.0
                days[i] = delay_days
            else:
                ini = 1.0
            cap = max((sat[i] - theta[i]) / a, 0.0)
            if delay_days > 1.0:
                cap = (ini + (days[i] - 1.0) * cap) / (ini + days[i] - 1.0)
            caps[i] = cap
        else:
            days[i] = 0.0
            caps[i] = 1.0
