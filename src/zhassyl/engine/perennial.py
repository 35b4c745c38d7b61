"""Growing seasons of a perennial: spring restart and autumn end (winter dormancy).

A perennial forage such as alfalfa is dormant in winter and restarts in
spring.  As in AquaCrop 7's internal crop calendar for perennials (reference
manual ch. 2, "perennial crops"), each year's restart is searched in a time
window opening on a given date, and the end of growth in a window closing on a
given date, with a criterion on air temperature:

* ``"gdd"``: the sum of growing degree days over ``run_days`` successive days
  (restart: reaches ``threshold``; end: falls to ``threshold`` or below);
* ``"tmean"``: the mean air temperature over ``run_days`` successive days
  (restart: reaches ``threshold`` degC; end: falls to it or below).

An *occurrence* is a spell of consecutive days on which the criterion holds.
The event is the first day of the ``occurrences``-th spell in the window; the
restart (first crop day) and the end (last crop day) fall on the day after it.
This reading reproduces the crop periods of AquaCrop 7.3's Ottawa alfalfa
project from its crop file's criteria (tested).  Without an event in the
window, the restart falls on the window's last day and the end on the
window's last day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zhassyl.engine.thermal import growing_degree_days_array
from zhassyl.errors import ParameterError
from zhassyl.i18n import _


@dataclass(frozen=True)
class SeasonCriterion:
    """One criterion of the perennial calendar (restart or end of growth)."""

    kind: str                 # "gdd" or "tmean"
    threshold: float          # degC day for "gdd", degC for "tmean"
    run_days: int             # successive days over which the criterion is evaluated
    occurrences: int          # event at the first day of this spell (1..3)
    window_month: int         # restart: first day of the window; end: its last day
    window_day: int
    window_days: int          # length of the window [days]

    def __post_init__(self):
        if self.kind not in ("gdd", "tmean"):
            raise ParameterError(_("season criterion must be 'gdd' or 'tmean', got {k}").format(
                k=self.kind))
        if self.run_days < 1 or self.occurrences < 1 or self.window_days < 1:
            raise ParameterError(_("season criterion: successive days, occurrences and window "
                                   "length must be at least 1"))


@dataclass(frozen=True)
class PerennialCalendar:
    """Restart and end criteria, with the crop's base and upper temperatures."""

    restart: SeasonCriterion
    end: SeasonCriterion
    tbase_c: float
    tupper_c: float


def _criterion_series(c: SeasonCriterion, tmin_c, tmax_c, tbase_c, tupper_c) -> np.ndarray:
    if c.kind == "gdd":
        daily = growing_degree_days_array(tmin_c, tmax_c, tbase_c, tupper_c)
        # rolling sum over run_days ending on each day (NaN before enough days)
        cs = np.concatenate([[0.0], np.cumsum(daily)])
        out = np.full(len(daily), np.nan)
        out[c.run_days - 1:] = cs[c.run_days:] - cs[:-c.run_days]
        return out
    tavg = 0.5 * (np.asarray(tmin_c, float) + np.asarray(tmax_c, float))
    cs = np.concatenate([[0.0], np.cumsum(tavg)])
    out = np.full(len(tavg), np.nan)
    out[c.run_days - 1:] = (cs[c.run_days:] - cs[:-c.run_days]) / c.run_days
    return out


def _event(holds: np.ndarray, occurrences: int) -> int | None:
    """Index of the first day of the ``occurrences``-th spell of True in ``holds``."""
    starts = np.flatnonzero(holds & ~np.concatenate([[False], holds[:-1]]))
    if len(starts) >= occurrences:
        return int(starts[occurrences - 1])
    return None


def perennial_seasons(dates: np.ndarray, tmin_c, tmax_c, calendar: PerennialCalendar,
                      first_day: np.datetime64) -> tuple[np.ndarray, np.ndarray]:
    """Start and end day indices of each growing season from ``first_day`` on.

    ``first_day`` is the sowing (or first restart) day: the first season
    starts there.  Every following season starts by the restart criterion of
    its calendar year; each season ends by the end criterion of its year.
    Returns ``(start_index, end_index)`` arrays (inclusive), one entry per
    season that fits in ``dates``.
    """
    dates = np.asarray(dates, dtype="datetime64[D]")
    tmin_c = np.asarray(tmin_c, float)
    tmax_c = np.asarray(tmax_c, float)
    restart = _criterion_series(calendar.restart, tmin_c, tmax_c, calendar.tbase_c,
                                calendar.tupper_c)
    end = _criterion_series(calendar.end, tmin_c, tmax_c, calendar.tbase_c, calendar.tupper_c)
    first = int((np.datetime64(first_day, "D") - dates[0]).astype(int))
    if not 0 <= first < len(dates):
        raise ParameterError(_("first season day {d} is outside the weather period").format(
            d=first_day))
    years = dates.astype("datetime64[Y]").astype(int) + 1970
    starts, ends = [], []
    start = first
    year = int(years[first])
    while True:
        # end of growth in this year's window
        c = calendar.end
        w_last = np.datetime64(f"{year:04d}-{c.window_month:02d}-{c.window_day:02d}", "D")
        lo = int((w_last - c.window_days + 1 - dates[0]).astype(int))
        hi = int((w_last - dates[0]).astype(int))
        if hi >= len(dates):
            break
        lo = max(lo, start + 1)
        holds = np.nan_to_num(end[lo:hi + 1], nan=np.inf) <= c.threshold
        ev = _event(holds, c.occurrences)
        stop = min(lo + ev + 1, hi) if ev is not None else hi
        starts.append(start)
        ends.append(stop)
        # restart next year
        year += 1
        c = calendar.restart
        w_first = np.datetime64(f"{year:04d}-{c.window_month:02d}-{c.window_day:02d}", "D")
        lo = int((w_first - dates[0]).astype(int))
        hi = lo + c.window_days - 1
        if hi + 1 >= len(dates):
            break
        holds = np.nan_to_num(restart[lo:hi + 1], nan=-np.inf) >= c.threshold
        ev = _event(holds, c.occurrences)
        start = lo + ev + 1 if ev is not None else hi
    return np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
