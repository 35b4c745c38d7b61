"""Physical bounds of the command line's numeric options, as argparse ``type=`` callables.

Each validator turns the option's text into a number and refuses values that
are not numbers, are NaN or infinite, or lie outside the physically or
practically meaningful range, with the unit in the message::

    p.add_argument("--ec-iw-ds-m", type=EC_IW_DS_M)
    $ zhassyl simulate ... --ec-iw-ds-m -1
    zhassyl simulate: error: argument --ec-iw-ds-m: must be within 0..60 dS/m, got -1

Bounds and their sources
------------------------
- ECe of the saturation extract: 0..100 dS/m (FAO-29 and FAO-56 table 23: crops
  fail long before 30 dS/m; the most saline solonchaks measure 50-100 dS/m).
- Irrigation water EC: 0..60 dS/m (sea water is about 50-55 dS/m, FAO-29 table 1).
- Latitude -90..90 degrees; elevation -500..9000 m (Dead Sea shore to Himalaya).
- Anemometer height 0.5..100 m (FAO-56 eq. 47 is meant for heights of a few metres).
- Clay 0..100 %; soil organic carbon 0..1000 t C/ha (peat soils hold a few hundred).
- Areas > 0..1e7 ha (Kazakhstan's irrigated land is about 1.5 million ha);
  money 0..1e13 KZT; yearly rates 0..1 (a discount rate of 100 % a year is
  already beyond any bank's).
- Monte Carlo runs 1..100000 (each run is one more simulated field).
- Random seeds 0..2**32-1 (NumPy's ``SeedSequence`` entropy of one word).
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass

from zhassyl.i18n import N_, _


def _shown(text: str) -> str:
    """``text`` on one line (control characters escaped), for a message."""
    return text if text.isprintable() else repr(text)[1:-1]


def _number_text(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Bounded:
    """An argparse ``type`` accepting a finite number within ``[low, high]`` (in ``unit``).

    Parameters
    ----------
    kind : type
        ``int`` or ``float``.
    low, high : float or None
        Inclusive bounds (``None``: unbounded on that side).
    unit : str
        The unit shown in messages (a message id: translated when shown).
    low_open : bool
        Whether ``low`` itself is refused (e.g. an area must be > 0).
    """

    kind: type
    low: float | None
    high: float | None
    unit: str = ""
    low_open: bool = False

    @property
    def __name__(self) -> str:  # argparse names the type in some messages
        return self.kind.__name__

    def accepts(self, value: float) -> bool:
        """Whether a parsed ``value`` lies within the bounds (finite)."""
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return self.high is None or value <= self.high

    def range_text(self) -> str:
        """``0..60 dS/m``, ``> 0 ha``, ``>= 1`` in the current language."""
        unit = f" {_(self.unit)}" if self.unit else ""
        if self.low is not None and self.high is not None and not self.low_open:
            return f"{_number_text(self.low)}..{_number_text(self.high)}{unit}"
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.low_open else '>='} {_number_text(self.low)}")
        if self.high is not None:
            parts.append(f"<= {_number_text(self.high)}")
        return " ".join(parts) + unit

    def __call__(self, text: str) -> int | float:
        raw = str(text).strip()
        try:
            value = self.kind(raw)
        except (TypeError, ValueError):
            if self.kind is int:
                raise argparse.ArgumentTypeError(
                    _("'{value}' is not a whole number").format(value=_shown(text))) from None
            raise argparse.ArgumentTypeError(
                _("'{value}' is not a number").format(value=_shown(text))) from None
        if not self.accepts(value):
            raise argparse.ArgumentTypeError(_("must be within {range}, got {value}").format(
                range=self.range_text(), value=_shown(text)))
        return value


#: Number of simulated years.
YEARS = Bounded(int, 1, 200, N_("years"))
#: Years of generated weather.
WEATHER_YEARS = Bounded(int, 1, 10000, N_("years"))
#: A calendar year.
CALENDAR_YEAR = Bounded(int, 1800, 2300)
#: A random seed.
SEED = Bounded(int, 0, 2**32 - 1)
#: A count of things (members, entries), at least one.
COUNT = Bounded(int, 1, 10**9)
#: Monte Carlo runs (each a simulated field: memory grows with them).
RUNS = Bounded(int, 1, 100_000)
#: Number of simulated fields of a benchmark.
FIELDS = Bounded(int, 1, 100_000_000)
#: A database id.
ROW_ID = Bounded(int, 1, 2**31 - 1)  # PostgreSQL integer
#: Soil salinity, electrical conductivity of the saturation extract.
ECE_DS_M = Bounded(float, 0.0, 100.0, N_("dS/m"))
#: Irrigation water salinity.
EC_IW_DS_M = Bounded(float, 0.0, 60.0, N_("dS/m"))
#: Latitude.
LAT_DEG = Bounded(float, -90.0, 90.0, N_("degrees"))
#: Elevation above sea level.
ELEVATION_M = Bounded(float, -500.0, 9000.0, N_("m"))
#: Height of a wind measurement.
WIND_HEIGHT_M = Bounded(float, 0.5, 100.0, N_("m"))
#: A field or farm area.
AREA_HA = Bounded(float, 0.0, 1e7, N_("ha"), low_open=True)
#: Clay content.
CLAY_PCT = Bounded(float, 0.0, 100.0, N_("%"))
#: Soil organic carbon stock.
SOC_T_C_HA = Bounded(float, 0.0, 1000.0, N_("t C/ha"))
#: An amount of money.
MONEY_KZT = Bounded(float, 0.0, 1e13, N_("KZT"))
#: Field slope (erosion).
SLOPE_PCT = Bounded(float, 0.0, 50.0, N_("%"))
#: Slope or furrow length (erosion).
SLOPE_LENGTH_M = Bounded(float, 1.0, 5000.0, N_("m"))
#: Furrow inflow stream (erosion).
FURROW_STREAM_L_MIN = Bounded(float, 0.0, 1000.0, N_("L/min"))
#: Years of a benchmark (seasons per field).
BENCH_YEARS = Bounded(int, 1, 100, N_("years"))
#: A TCP port (IANA: 1..65535).
PORT = Bounded(int, 1, 65535)
#: Server worker processes.
SERVER_WORKERS = Bounded(int, 1, 64)
#: Dask workers of a local cluster.
SCALE_WORKERS = Bounded(int, 1, 256)
#: Representative fields per stratum, climate sequences (scale-up sampling).
SAMPLE_COUNT = Bounded(int, 1, 100_000)
#: A yearly rate as a fraction (0.1 = 10 %).
RATE_FRACTION = Bounded(float, 0.0, 1.0)
