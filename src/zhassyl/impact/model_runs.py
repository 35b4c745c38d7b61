"""Every model call of the impact figures goes through :func:`simulate_practices`.

It runs farming systems of a region over several weather seeds through the
programme's one scenario layer: one :class:`~zhassyl.scenario.model.FieldScenario`
per weather seed (the seeds are extra fields of the batch) with all the
systems side by side, one :func:`~zhassyl.scenario.run.run_scenarios` call per
region, and the carbon modules exactly as ``zhassyl carbon`` uses them
(:func:`zhassyl.scenario.carbon.ghg_balance`).  It returns per system the mean
and the P10-P90 spread over weather of what the impact figures need.

What the figures stand for: the production level given (default ``farm``,
:data:`zhassyl.farming.levels.DEFAULT_LEVEL`; ``potential`` is water- and
salt-limited with no nutrient, weed or management shortfall), regional default
soils and water salinity (``data/regions/farming_defaults.csv``), the region's
default practice before (``data/regions/default_practice.csv``) as the
baseline that sets the initial soil carbon pools, generated weather of the
seeds listed, IPCC Tier 1 initial SOC.  The potential hay of each system is
simulated too (it is the bound of the restoration criterion and of the yield
claims, whatever the level of the other figures).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zhassyl import __version__
from zhassyl.errors import InputError, Problem
from zhassyl.farming.levels import DEFAULT_LEVEL
from zhassyl.i18n import _

#: Weather seeds and stand years simulated by default.
DEFAULT_SEEDS = (1, 2, 3, 4, 5)
DEFAULT_YEARS = 4
#: Accounting horizon of the greenhouse-gas balance [years] (as ``zhassyl carbon``).
GHG_HORIZON_YEARS = 20
POTENTIAL = "potential"


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
    main crop or cover) are stand year ``k + 1`` at production ``level``;
    ``potential_hay_t_ha[k]`` the same stand year's hay at the potential level
    (equal to ``hay_t_ha`` when ``level`` is potential);
    ``ghg_t_co2e_ha_yr`` is the mean annual balance over a 20-year horizon.
    ``scenario_hashes`` are the scenarios simulated at ``level`` (one per seed)
    and ``potential_hashes`` those at the potential level; ``baseline`` the
    practice before that set the initial soil carbon.
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
    potential_hay_t_ha: tuple[Spread, ...] = ()
    scenario_hashes: tuple[str, ...] = ()
    potential_hashes: tuple[str, ...] = ()
    baseline: str | None = None

    def _run(self, level: str, hashes: tuple[str, ...]) -> str:
        seeds = ",".join(str(s) for s in self.seeds)
        text = (f"{self.system}@{self.region} level={level} seeds={seeds} "
                f"years={self.years} zhassyl={self.version}")
        if self.baseline:
            text += f" baseline={self.baseline}"
        if hashes:
            text += f" scenarios={','.join(hashes)}"
        return text

    @property
    def run_id(self) -> str:
        """The model runs of the figures at ``level``: system, region, level, seeds, years,
        engine version, baseline and scenario hashes."""
        return self._run(self.level, self.scenario_hashes)

    @property
    def potential_run_id(self) -> str:
        """The model runs of ``potential_hay_t_ha`` (as :attr:`run_id`)."""
        if self.level == POTENTIAL:
            return self.run_id
        return self._run(POTENTIAL, self.potential_hashes)

    def potential_hay(self) -> tuple[Spread, ...]:
        """Hay at the potential level per stand year."""
        return self.potential_hay_t_ha or (self.hay_t_ha if self.level == POTENTIAL else ())

    def year(self, values: tuple[Spread, ...], stand_year: int) -> Spread:
        """The figure of ``stand_year`` (1-based; later years repeat the last one)."""
        return values[min(max(stand_year, 1), len(values)) - 1]


def _spreads(per_seed: list[list[float]]) -> tuple[Spread, ...]:
    n = min(len(v) for v in per_seed)
    return tuple(Spread.of([v[k] for v in per_seed]) for k in range(n))


def simulate_practices(region: str, systems: tuple[str, ...], *,
                       seeds: tuple[int, ...] = DEFAULT_SEEDS,
                       years: int = DEFAULT_YEARS,
                       level: str = DEFAULT_LEVEL) -> dict[str, PracticeFigures]:
    """Simulate ``systems`` in ``region`` for each weather seed; figures per system.

    One :func:`~zhassyl.scenario.run.run_scenarios` call: a scenario per
    weather seed at ``level`` (all systems and the region's default practice
    as baseline on the same field), and, when ``level`` is not potential, the
    same scenarios at the potential level for the potential hay.

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
    level : str
        Production level (``potential`` or ``farm``; ``calibrated`` needs a
        field's stored calibration and is refused with an InputError for these
        regional figures).

    Returns
    -------
    dict
        ``{system: PracticeFigures}``; a system that cannot be simulated in
        the region (for example rice where the region has no rice sowing date)
        comes back with ``missing`` set instead of raising.
    """
    from zhassyl.farming.levels import check_level
    from zhassyl.scenario.builders import field_scenario, sowing_problem
    from zhassyl.scenario.carbon import ghg_balance
    from zhassyl.scenario.run import run_scenarios

    level = check_level(level)
    if level == "calibrated":
        raise InputError(Problem("--level", None, None, _(
            "the impact figures are simulated per region and system; the calibrated level "
            "belongs to one field (zhassyl simulate --field ID --level calibrated)")))
    seeds = tuple(seeds)
    out: dict[str, PracticeFigures] = {}
    runnable = []
    for system in systems:
        problem = sowing_problem(system, region)
        if problem:
            out[system] = PracticeFigures(region, system, level, seeds, years, __version__,
                                          missing=problem)
        else:
            runnable.append(system)
    if not runnable:
        return out
    levels = (level,) if level == POTENTIAL else (level, POTENTIAL)
    batch = [field_scenario(f"{region}:{lv}:seed{seed}", region, runnable, years, level=lv,
                            weather_seed=seed, where=f"impact model run {region}")
             for lv in levels for seed in seeds]
    results = run_scenarios(batch, monthly=True)
    by_field: dict[str, list] = {}
    for row, rec in zip(results.rows, results.records, strict=True):
        by_field.setdefault(row["field_id"], []).append(rec)
    at_level = [sc for sc in batch if sc.level == level]
    irr: dict[str, list[list[float]]] = {s: [] for s in runnable}
    hay: dict[str, list[list[float]]] = {s: [] for s in runnable}
    grain: dict[str, list[list[float]]] = {s: [] for s in runnable}
    pot: dict[str, list[list[float]]] = {s: [] for s in runnable}
    ghg: dict[str, list[float]] = {s: [] for s in runnable}
    for sc in batch:
        records = by_field[sc.field_id]
        for s in runnable:
            rows = sorted((r for r in records if r.system == s), key=lambda r: r.year)
            if sc.level == POTENTIAL:
                pot[s].append([r.hay_t_ha for r in rows])
            if sc.level != level:
                continue
            irr[s].append([r.irrigation_m3_ha for r in rows])
            hay[s].append([r.hay_t_ha for r in rows])
            grain[s].append([r.grain_t_ha for r in rows])
        if sc.level == level:
            for row in ghg_balance(sc, records, GHG_HORIZON_YEARS):
                if row["source"] == "total" and row["system"] in ghg:
                    ghg[row["system"]].append(row["t_co2e_ha_yr"])
    hashes = tuple(sc.scenario_hash() for sc in at_level)
    pot_hashes = tuple(sc.scenario_hash() for sc in batch if sc.level == POTENTIAL)
    for s in runnable:
        out[s] = PracticeFigures(
            region, s, level, seeds, years, __version__,
            irrigation_m3_ha=_spreads(irr[s]), hay_t_ha=_spreads(hay[s]),
            grain_t_ha=_spreads(grain[s]), ghg_t_co2e_ha_yr=Spread.of(ghg[s]),
            potential_hay_t_ha=_spreads(pot[s]), scenario_hashes=hashes,
            potential_hashes=pot_hashes, baseline=at_level[0].baseline)
    return out
