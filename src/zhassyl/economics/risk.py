"""Scenario evaluation and Monte Carlo risk over weather years and price paths.

One Monte Carlo run draws a weather path (the farming simulation with the
weather generator seeded by the run's seed) and a price path (mean-one
lognormal factors per item and year, :func:`zhassyl.economics.prices.price_path`).
Per system it records, for each scenario year, hay and grain yield, irrigation
water and net income per hectare, and the NPV of the farm.  Summaries are
empirical percentiles (P10, P50, P90, numpy's linear interpolation) over all
run-years (yields, water, net income) or runs (NPV), and the probability of a
loss year = share of run-years with a negative net income.

The simulations of all runs are one batch of the scenario layer
(:func:`zhassyl.scenario.run.run_scenarios`): each run's weather is an extra
field of the same engine call (one call per soil-compartment layout,
whatever the number of runs), and each field gives the same numbers as a run
simulated alone.

Seeds: run ``k`` of a Monte Carlo with ``seed`` uses
``SeedSequence(seed, spawn_key=(k, 0))`` for the weather seed and
``(k, 1)`` for the price path, so a run does not depend on how many runs are
made, and the same seed reproduces the same result.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from zhassyl.economics.budget import Budget, enterprise_budget
from zhassyl.economics.data import parameters
from zhassyl.economics.finance import cash_flow, irr, loan_schedule, npv, payback_year
from zhassyl.economics.livestock import with_livestock
from zhassyl.economics.policy import Cooperative, Farm, LoanProduct, loan_reasons
from zhassyl.economics.prices import PriceBook, price_path
from zhassyl.errors import InputError, ParameterError, Problem
from zhassyl.farming.results import SystemYear
from zhassyl.i18n import _

Simulate = Callable[[str, list[str], int, int], list[SystemYear]]
#: ``simulate_runs(region, systems, years, weather_seeds) -> one list of records per seed``
SimulateRuns = Callable[[str, list[str], int, list[int]], list[list[SystemYear]]]
Progress = Callable[[int, int], None]


def default_simulate() -> Simulate:
    """One run's simulation: :func:`batch_simulate` of a single weather seed."""
    def simulate(region: str, systems: list[str], years: int, seed: int) -> list[SystemYear]:
        return batch_simulate(region, systems, years, [seed])[0]

    return simulate


def batch_simulate(region: str, systems: list[str], years: int, seeds: Sequence[int], *,
                   progress: Progress | None = None) -> list[list[SystemYear]]:
    """Records of every weather seed, simulated as one batch of the scenario layer."""
    from zhassyl.scenario.builders import field_scenario
    from zhassyl.scenario.run import run_scenarios

    batch = [field_scenario(f"run-{k + 1}", region, systems, years, weather_seed=int(seed),
                            baseline=systems[0])
             for k, seed in enumerate(seeds)]
    n = max(1, len(dict.fromkeys(systems)))

    def runs_done(done: int, total: int) -> None:
        if progress is not None:
            progress(done // n, total // n)

    results = run_scenarios(batch, baselines=False, progress=runs_done)
    by_run: dict[str, list[SystemYear]] = {sc.field_id: [] for sc in batch}
    for row, rec in zip(results.rows, results.records, strict=True):
        by_run[row["field_id"]].append(rec)
    return [by_run[sc.field_id] for sc in batch]


@dataclass(frozen=True)
class Scenario:
    """What to evaluate: a farm or cooperative, its systems and the money rules."""

    region: str
    systems: tuple[str, ...]
    years: int
    area_ha: float
    start_year: int = 2018
    entity: Farm | Cooperative | None = None
    programme: str | None = None
    livestock: str | None = None
    discount_rate: float = field(default_factory=lambda: parameters()["discount_rate"].value)
    loan: LoanProduct | None = None
    loan_amount_kzt: float = 0.0
    baseline: str | None = None    # reference of IRR and payback; default the first system

    @property
    def base(self) -> str:
        """The baseline system (the practice before)."""
        return self.baseline or self.systems[0]

    def __post_init__(self):
        if not self.systems:
            raise InputError(Problem("<input>", None, "systems", _("give at least one system")))
        if self.years < 1:
            raise InputError(Problem("<input>", None, "years", _(
                "the horizon must be at least 1 year, got {value}").format(value=self.years)))
        if not math.isfinite(self.area_ha) or self.area_ha <= 0:
            raise InputError(Problem("<input>", None, "area_ha", _(
                "area must be a positive number of hectares, got {value}").format(
                    value=self.area_ha)))
        if not math.isfinite(self.loan_amount_kzt) or self.loan_amount_kzt < 0:
            raise InputError(Problem("<input>", None, "loan_amount_kzt", _(
                "loan amount must be a non-negative number, got {value}").format(
                    value=self.loan_amount_kzt)))
        if self.baseline is not None and self.baseline not in self.systems:
            raise InputError(Problem("<input>", None, "baseline", _(
                "baseline system {name!r} not among the systems").format(name=self.baseline)))
        if self.loan is not None and self.entity is not None:
            reasons = loan_reasons(self.loan, self.entity)
            if reasons:
                raise InputError(Problem("<input>", None, "loan", _(
                    "not eligible for {product}: {reasons}").format(
                        product=self.loan.product, reasons="; ".join(reasons))))


def budgets(records: Sequence[SystemYear], scenario: Scenario,
            prices: PriceBook) -> dict[str, list[Budget]]:
    """Per-hectare budgets by system, ordered by scenario year.

    Raises
    ------
    ParameterError
        If a requested system has no records or misses a year.
    """
    out: dict[str, list[Budget]] = {s: [] for s in scenario.systems}
    for rec in sorted(records, key=lambda r: (r.system, r.year)):
        if rec.system not in out or rec.year > scenario.years:
            continue
        b = enterprise_budget(rec, prices, scenario.start_year + rec.year - 1,
                              entity=scenario.entity, programme=scenario.programme,
                              sell_hay=scenario.livestock is None)
        if scenario.livestock is not None and rec.hay_t_ha > 0:
            b = with_livestock(b, rec.hay_t_ha, scenario.livestock, prices)
        out[rec.system].append(b)
    for system, bs in out.items():
        if [b.year for b in bs] != list(range(1, scenario.years + 1)):
            raise ParameterError(_("unknown system {system!r} or missing years in the "
                                   "simulation results").format(system=system))
    return out


def farm_flows(net_income_ha: Sequence[float], scenario: Scenario) -> list[float]:
    """Farm cash flow ``[t0..tN]`` from per-hectare net income, with the loan if any."""
    per_farm = [v * scenario.area_ha for v in net_income_ha]
    if scenario.loan is None or scenario.loan_amount_kzt <= 0:
        return cash_flow(per_farm)
    sched = loan_schedule(scenario.loan_amount_kzt, scenario.loan.rate, scenario.loan.term_years,
                          scenario.loan.grace_years)
    # the loan finances year-1 operating costs: its inflow is at t0
    return cash_flow(per_farm, loan=sched, loan_amount=scenario.loan_amount_kzt)


@dataclass
class MonteCarloResult:
    """Per system arrays shaped ``(runs, years)`` (per hectare) and ``(runs,)`` (per farm)."""

    scenario: Scenario
    runs: int
    seed: int
    hay_t_ha: dict[str, np.ndarray]
    grain_t_ha: dict[str, np.ndarray]
    water_m3_ha: dict[str, np.ndarray]
    net_income_kzt_ha: dict[str, np.ndarray]
    npv_kzt: dict[str, np.ndarray]


def run_seeds(seed: int, k: int) -> tuple[int, np.random.Generator]:
    """Weather seed and price-path generator of run ``k`` (see module notes)."""
    weather = int(np.random.SeedSequence(seed, spawn_key=(k, 0)).generate_state(1)[0])
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(k, 1)))
    return weather, rng


def monte_carlo(scenario: Scenario, runs: int, seed: int = 1, *,
                prices: PriceBook | None = None, simulate: Simulate | None = None,
                simulate_runs: SimulateRuns | None = None,
                progress: Progress | bool | None = None,
                price_risk: bool = True) -> MonteCarloResult:
    """Monte Carlo over weather years and price paths.

    Parameters
    ----------
    scenario : Scenario
    runs : int
        Number of runs (>= 1), set by the user.
    seed : int
        Base seed; the same seed gives the same result.
    prices : PriceBook, optional
        Base prices (overrides); default: the data files.
    simulate : callable, optional
        ``run_systems(region, systems, years, seed) -> list[SystemYear]``
        called once per run (a test double, or the old sequential path).
    simulate_runs : callable, optional
        Every run's records at once; default :func:`batch_simulate` (one
        batch of the scenario layer) unless ``simulate`` is given.
    progress : callable, optional
        ``progress(runs_done, runs)``; booleans are accepted and ignored
        (this module draws no progress bar).
    price_risk : bool
        Draw price paths (``False``: base prices in every run).
    """
    if runs < 1:
        raise InputError(Problem("<input>", None, "runs", _(
            "the number of runs must be at least 1, got {value}").format(value=runs)))
    report = progress if callable(progress) else None
    base = prices or PriceBook()
    n, s = scenario.years, scenario.systems
    seeds = [run_seeds(seed, k) for k in range(runs)]
    if simulate is not None and simulate_runs is None:
        all_records = []
        for k, (weather_seed, _rng) in enumerate(seeds):
            all_records.append(simulate(scenario.region, list(s), n, weather_seed))
            if report is not None:
                report(k + 1, runs)
    else:
        simulate_runs = simulate_runs or batch_simulate
        kwargs = {"progress": report} if simulate_runs is batch_simulate else {}
        all_records = simulate_runs(scenario.region, list(s), n, [w for w, _r in seeds],
                                    **kwargs)
    arrays = {name: {sy: np.zeros((runs, n)) for sy in s}
              for name in ("hay", "grain", "water", "net")}
    npvs = {sy: np.zeros(runs) for sy in s}
    for k, ((_weather_seed, rng), records) in enumerate(zip(seeds, all_records, strict=True)):
        book = base.with_factors(price_path(rng, n)) if price_risk else base
        by_system = budgets(records, scenario, book)
        recs = {(r.system, r.year): r for r in records}
        for sy in s:
            for t in range(n):
                r = recs[(sy, t + 1)]
                arrays["hay"][sy][k, t] = r.hay_t_ha
                arrays["grain"][sy][k, t] = r.grain_t_ha
                arrays["water"][sy][k, t] = r.irrigation_m3_ha
                arrays["net"][sy][k, t] = by_system[sy][t].net_income_kzt
            npvs[sy][k] = npv(scenario.discount_rate,
                              farm_flows(arrays["net"][sy][k], scenario))
    return MonteCarloResult(scenario, runs, seed, arrays["hay"], arrays["grain"],
                            arrays["water"], arrays["net"], npvs)


def _pct(a: np.ndarray) -> tuple[float, float, float]:
    p10, p50, p90 = np.percentile(a, [10, 50, 90])
    return float(p10), float(p50), float(p90)


def summary(result: MonteCarloResult) -> list[dict[str, object]]:
    """One record per system: NPV, IRR, payback and the P10/P50/P90 spreads.

    ``npv_kzt`` is the mean NPV of the farm over the runs; ``irr`` and
    ``payback_year`` are those of switching from the baseline system
    to this one, computed on the mean farm cash flows (``None`` for the
    baseline itself).  ``net_income_*_kzt`` are per farm and year,
    ``*_kzt_ha`` per hectare and year.
    """
    sc = result.scenario
    base = sc.base
    mean_flows = {sy: farm_flows(result.net_income_kzt_ha[sy].mean(axis=0), sc)
                  for sy in sc.systems}
    out = []
    for sy in sc.systems:
        net = result.net_income_kzt_ha[sy]
        p = _pct(net)
        incr = [a - b for a, b in zip(mean_flows[sy], mean_flows[base], strict=True)]
        rate = irr(incr) if sy != base else math.nan
        pay = payback_year(incr) if sy != base else None
        hay, grain, water = (_pct(result.hay_t_ha[sy]), _pct(result.grain_t_ha[sy]),
                             _pct(result.water_m3_ha[sy]))
        out.append({
            "system": sy, "baseline": base, "runs": result.runs, "area_ha": sc.area_ha,
            "npv_kzt": float(result.npv_kzt[sy].mean()),
            "npv_p10_kzt": _pct(result.npv_kzt[sy])[0],
            "npv_p90_kzt": _pct(result.npv_kzt[sy])[2],
            "npv_vs_baseline_kzt": float(result.npv_kzt[sy].mean() - result.npv_kzt[base].mean()),
            "irr": None if math.isnan(rate) else rate,
            "payback_year": pay,
            "net_income_p10_kzt": p[0] * sc.area_ha, "net_income_p50_kzt": p[1] * sc.area_ha,
            "net_income_p90_kzt": p[2] * sc.area_ha,
            "net_income_p10_kzt_ha": p[0], "net_income_p50_kzt_ha": p[1],
            "net_income_p90_kzt_ha": p[2],
            "loss_probability": float((net < 0).mean()),
            "hay_p10_t_ha": hay[0], "hay_p50_t_ha": hay[1], "hay_p90_t_ha": hay[2],
            "grain_p10_t_ha": grain[0], "grain_p50_t_ha": grain[1], "grain_p90_t_ha": grain[2],
            "water_p10_m3_ha": water[0], "water_p50_m3_ha": water[1],
            "water_p90_m3_ha": water[2],
        })
    return out


def plot(result: MonteCarloResult, path: str) -> None:
    """Save a PNG: per system, the spread (box: P25-P75, whiskers: P10-P90) of
    annual net income per hectare, hay yield and irrigation water."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = list(result.scenario.systems)
    panels = ((result.net_income_kzt_ha, _("net income [thousand KZT/ha/yr]"), 1e-3),
              (result.hay_t_ha, _("hay [t/ha/yr]"), 1.0),
              (result.water_m3_ha, _("irrigation [m3/ha/yr]"), 1.0))
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2))
    for ax, (data, label, scale) in zip(axes, panels, strict=True):
        ax.boxplot([data[s].ravel() * scale for s in systems], whis=(10, 90), showfliers=False)
        ax.set_xticks(range(1, len(systems) + 1), systems, rotation=15)
        ax.set_ylabel(label)
        ax.grid(axis="y", alpha=0.3)
    axes[0].axhline(0, color="k", lw=0.8)
    fig.suptitle(_("{region}: {runs} runs (weather x prices), whiskers P10-P90").format(
        region=result.scenario.region, runs=result.runs))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
