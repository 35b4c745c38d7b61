"""Thermal time: growing degree days (AquaCrop, Raes et al. 2009; FAO-56 is silent on GDD)."""

from __future__ import annotations

import numpy as np

from zhassyl.engine.jit import jit


@jit(inline="always")
def growing_degree_days(tmin_c, tmax_c, tbase_c, tupper_c):
    """Daily growing degree days [degC day], AquaCrop method 3.

    Tmax is clipped to [Tbase, Tupper], Tmin capped at Tupper only, and their
    mean floored at Tbase (Raes et al., AquaCrop reference manual, ch. 3,
    "growing degree days", method 3 — the AquaCrop default).
    """
    tx = min(max(tmax_c, tbase_c), tupper_c)
    tn = min(tmin_c, tupper_c)
    tavg = max(0.5 * (tx + tn), tbase_c)
    return tavg - tbase_c


def growing_degree_days_array(tmin_c, tmax_c, tbase_c, tupper_c):
    """Vectorised :func:`growing_degree_days` over arrays (same method)."""
    tmin_c = np.asarray(tmin_c, dtype=float)
    tmax_c = np.asarray(tmax_c, dtype=float)
    tx = np.minimum(np.maximum(tmax_c, tbase_c), tupper_c)
    tn = np.minimum(tmin_c, tupper_c)
    return np.maximum(0.5 * (tx + tn), tbase_c) - tbase_c
