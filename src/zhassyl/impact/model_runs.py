"""Every model call of the impact figures goes through :func:`simulate_practices`.

It runs farming systems of a region over several weather seeds with today's
scenario runner (:func:`zhassyl.farming.scenario.run_scenario`) and the carbon
modules (RothC soil carbon, IPCC Tier 1 greenhouse gases), and returns per
system the mean and the P10-P90 spread over weather of what the impact figures
need.  When the programme's one scenario layer (``zhassyl.scenario``) lands,
this is the one place to switch.

What the figures stand for: production level ``potential`` (water- and
salt-limited yields, no nutrient, pest or management shortfall), regional
default soils and water salinity (``data/regions/farming_defaults.csv``),
generated weather of the seeds listed, IPCC Tier 1 initial SOC.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zhassyl import __version__
from zhassyl.errors import ParameterError

#: Production level of today's simulations (the realism issue adds 'farm' and 'calibrated').
PRODUCTION_LEVEL = "potential"
#: Weather seeds and stand years simulated by default.
DEFAULT_SEEDS = (1, 2, 3, 4, 5)
DEFAULT_YEARS = 4


@dataclass(frozen=True)
class Spread:
    """Mean and the 10th and 90th percentiles over weather seeds."""

    mean: float
    p10: float
    p90: float

    @staticmethod
    def of(values) -> Spread:
        a = np.asarray(values, float)
        return Spread(float(a.mean()), float(np.percentile(a, 10)), float(np.percentile(a, 90)))

    def scaled(self, factor: float) -> Spread:
        lo, hi = sorted((self.p10 * factor, self.p90 * factor))
        return Spread(self.mean * factor, lo, hi)

    def __add__(self, other: Spread) -> Spread:
        # fields of a region share the weather seeds, so their figures rise and fall together
        # (comonotonic) and percentiles add; across regions this bounds the spread from above
        return Spread(self.mean + other.mean, self.p10 + other.p10, self.p90 + other.p90)

    def __sub__(self, other: Spread) -> Spread:
        return Spread(self.mean - other.mean, self.p10 - other.p90, self.p90 - other.p10)


ZERO = Spread(0.0, 0.0, 0.0)


@dataclass(frozen=True)
class PracticeFigures:
    """Simulated figures of one farming system in one region, per hectare.

    ``irrigation_m3_ha[k]``, ``hay_t_ha[k]`` and ``grain_t_ha[k]`` (dry grain of the
    main crop or cover) are stand year ``k + 1``;
    ``ghg_t_co2e_ha_yr`` is the mean annual balance over a 20-year horizon.
    ``missing`` says why the system could not be simulated (then the figures
    are empty).
    """

    region: str
    system: str
    level: str
    seeds: tuple[int, ...]
    years: int
    version: str
    irrigation_m3_ha: tuple[Spread, ...] = ()
    hay_t_ha: tuple[Spread, ...] = ()
    grain_t_ha: tuple[Spread, ...] = ()
    ghg_t_co2e_ha_yr: Spread | None = None
    missing: str | None = None

    @property
    def run_id(self) -> str:
        seeds = ",".join(str(s) for s in self.seeds)
        return (f"{self.system}@{self.region} level={self.level} seeds={seeds} "
                f"years={self.years} zhassyl={self.version}")

    def year(self, values: tuple[Spread, ...], stand_year: int) -> Spread:
        """The figure of ``stand_year`` (1-based; later years repeat the last one)."""
        return values[min(max(stand_year, 1), len(values)) - 1]


def simulate_practices(region: str, systems: tuple[str, ...], *,
                       seeds: tuple[int, ...] = DEFAULT_SEEDS,
                       years: int = DEFAULT_YEARS) -> dict[str, PracticeFigures]:
    """Simulate ``systems`` in ``region`` for each weather seed; figures per system.

    Parameters
    ----------
    region : str
        Region id (``data/regions``).
    systems : tuple of str
        Farming system ids (``data/systems``).
    seeds : tuple of int
        Weather generator seeds; the spread over them is the P10-P90 range.
    years : int
        Stand years simulated.

    Returns
    -------
    dict
        ``{system: PracticeFigures}``; a system that cannot be simulated in
        the region (for example rice where the region has no rice sowing date)
        comes back with ``missing`` set instead of raising.
    """
    from zhassyl.carbon.ghg import ghg_by_year, ghg_summary
    from zhassyl.carbon.soil_carbon import extend_to_horizon, soc_by_year
    from zhassyl.farming.scenario import region_defaults, run_scenario, soil_clay_pct

    out: dict[str, PracticeFigures] = {}
    runnable = []
    for system in systems:
        try:
            run_scenario(region, [system], 1, seeds[0], daily=False)
            runnable.append(system)
        except ParameterError as exc:
            out[system] = PracticeFigures(region, system, PRODUCTION_LEVEL, tuple(seeds), years,
                                          __version__, missing=str(exc))
    if not runnable:
        return out
    clay = soil_clay_pct(region_defaults(region).soil_texture)
    irr: dict[str, list[list[float]]] = {s: [] for s in runnable}
    hay: dict[str, list[list[float]]] = {s: [] for s in runnable}
    grain: dict[str, list[list[float]]] = {s: [] for s in runnable}
    ghg: dict[str, list[float]] = {s: [] for s in runnable}
    for seed in seeds:
        records = run_scenario(region, runnable, years, seed).records
        for s in runnable:
            rows = sorted((r for r in records if r.system == s), key=lambda r: r.year)
            irr[s].append([r.irrigation_m3_ha for r in rows])
            hay[s].append([r.hay_t_ha for r in rows])
            grain[s].append([r.grain_t_ha for r in rows])
        long = extend_to_horizon(records, 20)
        soc = soc_by_year(long, clay_pct=clay)
        for row in ghg_summary(ghg_by_year(long, soc)):
            if row["source"] == "total":
                ghg[row["system"]].append(row["t_co2e_ha_yr"])
    for s in runnable:
        n = min(len(v) for v in irr[s])
        out[s] = PracticeFigures(
            region, s, PRODUCTION_LEVEL, tuple(seeds), years, __version__,
            irrigation_m3_ha=tuple(Spread.of([v[k] for v in irr[s]]) for k in range(n)),
            hay_t_ha=tuple(Spread.of([v[k] for v in hay[s]]) for k in range(n)),
            grain_t_ha=tuple(Spread.of([v[k] for v in grain[s]]) for k in range(n)),
            ghg_t_co2e_ha_yr=Spread.of(ghg[s]))
    return out
