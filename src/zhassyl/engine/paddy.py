"""The water and salt of a rice paddy's pond for one day.

Rain and irrigation fill the pond; it loses lateral seepage through the bunds,
percolation through the puddled layer into the profile, and overflow above
the bunds (a ponded paddy water balance like AquaCrop 7's surface water stored
between soil bunds).  Salt is mixed completely in the pond water.
"""

from __future__ import annotations

from zhassyl.engine.jit import jit
from zhassyl.engine.soil_water import infiltrate


@jit
def pond_day(s, mg, rain_mm, irr_in_mm, conc_iw_g_l, theta, dz_m, sat, fc, ksat_mm_day, tau,
             salt, fluxout_mm, drain_mm, runoff_mm, salt_in_g, salt_out_g, salt_down_g):
    """One day of the pond ``s.pond`` [mm] with its salt ``s.pond_salt`` [g m-2].

    Seepage is at most ``seepage_mm_day``; the puddled layer lets through its
    percolation rate ``percolation_mm_day`` plus what the profile still lacks
    to field capacity while it wets up, routed by :func:`infiltrate`; what the
    profile cannot take stays in the pond; water above ``bund_height_mm``
    overflows (counted as runoff).  The day's sums ``drain_mm``,
    ``runoff_mm``, ``salt_in_g``, ``salt_out_g`` and ``salt_down_g`` (the salt
    leaving downwards with seepage and percolation, towards the groundwater) are
    carried on; ``fluxout_mm`` accumulates the water passing out of each
    compartment (:func:`infiltrate`).

    Returns ``(seepage_mm, infiltration_mm, drain_mm, runoff_mm, salt_in_g, salt_out_g,
    salt_down_g)``.
    """
    seep = 0.0
    infil = 0.0
    s.pond += rain_mm + irr_in_mm
    s.pond_salt += irr_in_mm * conc_iw_g_l
    salt_in_g += irr_in_mm * conc_iw_g_l
    if s.pond > 0.0:
        seep = min(s.pond, mg.seepage_mm_day)
        cpond = s.pond_salt / s.pond
        s.pond -= seep
        s.pond_salt -= seep * cpond
        salt_out_g += seep * cpond
        salt_down_g += seep * cpond
        # the puddled layer lets through its percolation rate, plus what the
        # profile still lacks to field capacity while it wets up
        room = 0.0
        for i in range(theta.shape[0]):
            room += max(fc[i] - theta[i], 0.0) * 1000.0 * dz_m[i]
        inf = min(s.pond, mg.percolation_mm_day + room)
        if inf > 0.0:
            s.pond -= inf
            s.pond_salt -= inf * cpond
            deep, excess2, sdeep, sexc2 = infiltrate(inf, theta, dz_m, sat, fc, ksat_mm_day,
                                                     tau, salt, cpond, fluxout_mm)
            drain_mm += deep
            salt_out_g += sdeep
            salt_down_g += sdeep
            s.pond += excess2
            s.pond_salt += sexc2
            infil = inf - excess2
        over = s.pond - mg.bund_height_mm
        if over > 0.0:
            cpond = s.pond_salt / s.pond
            runoff_mm += over
            s.pond -= over
            s.pond_salt -= over * cpond
            salt_out_g += over * cpond
    if s.pond < 1e-12:
        s.pond_salt = 0.0
        s.pond = 0.0
    return seep, infil, drain_mm, runoff_mm, salt_in_g, salt_out_g, salt_down_g
