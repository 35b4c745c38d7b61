"""Assimilate storage in the roots of a perennial forage and its remobilisation in spring.

AquaCrop 7 (reference manual ch. 3, perennial herbaceous forage crops; AquaCrop
7.3 run.f90 ``FracAssim`` and simul.f90 "Transfer of assimilates"): in the last
``assim_days`` of a season a growing share of the day's biomass is stored
below ground (Bout); in the next season the stored mass, or a share of it, is
moved back to the shoots (Bin) until all of it is remobilised.  Both follow
the convex function (exp(-5·x) - 1)/(exp(-5) - 1) of AquaCrop's KsAny with
shape -5.
"""

from __future__ import annotations

import math

from zhassyl.engine.jit import jit

#: Canopy cover below which no assimilates are stored [fraction].  AquaCrop 7.3 (run.f90,
#: FracSto) takes the management's canopy cover after a cut (CCcut); the engine uses 0.25,
#: the CCcut of AquaCrop's Ottawa alfalfa test case (Ottawa.MAN), for every field.
CC_STORAGE_REF = 0.25


@jit
def convex_share(x):
    """(exp(-5·x) - 1)/(exp(-5) - 1): AquaCrop's KsAny(x, 0, 1, -5) complement, 0 at 0, 1 at 1."""
    return (math.exp(-5.0 * x) - 1.0) / (math.exp(-5.0) - 1.0)


@jit(inline="always")
def assimilate_flows(s, cp, db_t_ha, cc):
    """Assimilates stored (Bout) or remobilised (Bin) today [t ha-1] (AquaCrop 7 perennials).

    Storage in the last ``assim_days`` days of the season: Bout = FracSto·
    Stored%/100·convex(x)·dB, with x the share of the storage period elapsed and
    FracSto the canopy's position between :data:`CC_STORAGE_REF` and CCx (0 the
    day after a cut, 1 at or outside those bounds).  Remobilisation before that:
    Bin = convex(share still to move)·dB, scaled down linearly once the canopy
    exceeds 90 % of CCx, at most what is left; it stops when the (rounded to
    1 kg ha-1) mobilised mass reaches the amount due.  ``s`` is the field state
    (yesterday's canopy in ``s.cc_prev``); ``cc`` today's canopy.

    Returns ``(bin_t_ha, bout_t_ha)``.
    """
    bin_ = 0.0
    bout = 0.0
    first_store_day = s.season_len - cp.assim_days + 1
    if s.day_in_season >= first_store_day:
        if s.cut_yesterday:
            frac_sto = 0.0
        elif CC_STORAGE_REF < s.cc_prev < s.ccx_sf:
            frac_sto = (s.cc_prev - CC_STORAGE_REF) / (s.ccx_sf - CC_STORAGE_REF)
        else:
            frac_sto = 1.0
        x = (s.day_in_season - (s.season_len - cp.assim_days)) / cp.assim_days
        frac = frac_sto * cp.assim_stored_pct / 100.0 * (
            (math.exp(-5.0 * x) - 1.0) / (math.exp(-5.0) - 1.0))
        bout = frac * db_t_ha
        s.stored_total += bout
    elif s.mobilizing:
        tmob = (s.to_mobilize - s.mobilized) / s.to_mobilize
        frac = (math.exp(-5.0 * tmob) - 1.0) / (math.exp(-5.0) - 1.0)
        if cc > 0.9 * s.ccx_sf:
            frac *= max(s.ccx_sf - cc, 0.0) / (0.1 * s.ccx_sf)
        bin_ = min(frac * db_t_ha, s.to_mobilize - s.mobilized)
        s.mobilized += bin_
        if round(1000.0 * s.to_mobilize) <= round(1000.0 * s.mobilized):
            s.mobilizing = False
    return bin_, bout
