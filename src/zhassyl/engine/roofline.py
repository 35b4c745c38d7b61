"""Memory roofline of the daily engine: bytes per field-day, measured bandwidth, bound.

The bound answers: if every byte of state the kernel touches for a field-day had to
come from and go back to main memory, how many field-days per second could the
machine's memory system carry?  Bytes are counted by construction from the arrays
:func:`zhassyl.engine.kernel.run_fields` touches for one field and one day (see
:func:`state_bytes_per_field_day`); bandwidth is measured with a STREAM-like
triad ``a = b + s c`` (McCalpin's STREAM convention: 24 bytes per element, writes
counted once) compiled with the engine's options.

The kernel steps each field through all its days before the next field, so this
state stays in the core's L1 cache and the traffic that must reach main memory is
far smaller (:func:`compulsory_bytes_per_field_day`: the per-field inputs and
outputs and the shared weather).  The state-sweep bound is therefore the limit of
a layout that streams all fields' state once per day; a kernel below it is limited
by its arithmetic and branches, not by memory.

Pure computation and timing: no I/O, no printing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numba
import numpy as np

from zhassyl.engine.jit import jit
from zhassyl.engine.layout import (
    CROP_DTYPE,
    DAILY_VARS,
    MANAGEMENT_DTYPE,
    SEASON_VARS,
    SETTINGS_DTYPE,
    SOIL_DTYPE,
)

F8 = 8                     # bytes per float64 / int64
N_COMPARTMENT_ARRAYS = 6   # dz, theta_sat, theta_fc, theta_wp, ksat, tau of the field's soil
N_WEATHER_VARS = 4         # tmin, tmax, et0, precipitation of the field's station


def state_bytes_per_field_day(n_comp: int, *, daily: bool = False) -> dict[str, int]:
    """Bytes the kernel reads and writes for one field and one day, by array.

    Parameters
    ----------
    n_comp : int
        Soil compartments per field.
    daily : bool
        Whether daily outputs are written.

    Returns
    -------
    dict
        ``water_salt`` (theta and salt per compartment, read and written),
        ``season_accumulators`` (the season sums, read and written),
        ``compartment_properties`` and ``parameter_records`` (read),
        ``weather`` (read), ``daily_outputs`` (written) and ``total`` [bytes].
    """
    parts = {
        "water_salt": 2 * 2 * n_comp * F8,
        "season_accumulators": 2 * len(SEASON_VARS) * F8,
        "compartment_properties": N_COMPARTMENT_ARRAYS * n_comp * F8,
        "parameter_records": (CROP_DTYPE.itemsize + MANAGEMENT_DTYPE.itemsize
                              + SOIL_DTYPE.itemsize + SETTINGS_DTYPE.itemsize),
        "weather": N_WEATHER_VARS * F8,
        "daily_outputs": len(DAILY_VARS) * F8 if daily else 0,
    }
    parts["total"] = sum(parts.values())
    return parts


def compulsory_bytes_per_field_day(n_days: int, n_seasons: int, n_comp: int, max_cuts: int,
                                   n_stations: int, n_fields: int, *, daily: bool = False,
                                   keep_state: bool = False) -> float:
    """Bytes per field-day that must cross main memory in the field-by-field kernel.

    Per field: the index arrays, season and companion records, the season
    outputs, the cut records and (``keep_state``) the final water and salt; the
    weather of all stations once; daily outputs when asked.  Soil and parameter
    tables are a few kilobytes shared by all fields and stay in cache.
    """
    per_field = F8 * (4                                  # crop, management, soil, station index
                      + 7 * n_seasons                    # season start/end/year, companion x4
                      + n_seasons * len(SEASON_VARS)     # season outputs
                      + 3 * max_cuts                     # cut day, biomass, yield
                      + (2 * n_comp if keep_state else 0))
    per_field_day = per_field / n_days + (len(DAILY_VARS) * F8 if daily else 0)
    weather = n_stations * n_days * N_WEATHER_VARS * F8 / (n_fields * n_days)
    return per_field_day + weather


@jit(parallel=True)
def _triad(a, b, c, s):
    for i in numba.prange(a.shape[0]):
        a[i] = b[i] + s * c[i]


def triad_bandwidth_bytes_s(n_elements: int = 1 << 24, repeat: int = 5) -> float:
    """Memory bandwidth [bytes/s] from the best of ``repeat`` triads over three arrays.

    ``n_elements`` per array (default 16 Mi: 3 x 128 MiB, far beyond any cache).
    """
    b = np.full(n_elements, 1.0)
    c = np.full(n_elements, 2.0)
    a = np.empty(n_elements)
    _triad(a, b, c, 3.0)                 # compile or load, and touch every page
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        _triad(a, b, c, 3.0)
        best = min(best, time.perf_counter() - t0)
    return 3 * F8 * n_elements / best


@dataclass(frozen=True)
class Roofline:
    """Achieved rate against the memory bound."""

    bytes_per_field_day: int          # state touched per field-day (state-sweep model)
    bandwidth_bytes_s: float          # measured triad bandwidth
    bound_field_days_per_s: float     # bandwidth / bytes per field-day
    achieved_field_days_per_s: float
    fraction_of_bound: float
    compulsory_bytes_per_field_day: float | None = None
    compulsory_bound_field_days_per_s: float | None = None


def roofline(achieved_field_days_per_s: float, n_comp: int, bandwidth_bytes_s: float, *,
             daily: bool = False, compulsory_bytes: float | None = None) -> Roofline:
    """The bound and the achieved fraction (see the module docstring)."""
    nbytes = state_bytes_per_field_day(n_comp, daily=daily)["total"]
    bound = bandwidth_bytes_s / nbytes
    return Roofline(
        bytes_per_field_day=nbytes, bandwidth_bytes_s=bandwidth_bytes_s,
        bound_field_days_per_s=bound, achieved_field_days_per_s=achieved_field_days_per_s,
        fraction_of_bound=achieved_field_days_per_s / bound,
        compulsory_bytes_per_field_day=compulsory_bytes,
        compulsory_bound_field_days_per_s=(None if not compulsory_bytes
                                           else bandwidth_bytes_s / compulsory_bytes))
