"""Calibrate a field's production level (soil-fertility stress) to its measured yields.

AquaCrop calibrates soil-fertility stress from the relative biomass of a reference
season (reference manual ch. 3.10); here the reference is the field's own yield
measurements, one per season.  The model's yield of every season is computed on a
grid of stress levels (one scenario run per level), the least-squares level is the
fit, its uncertainty a bootstrap over seasons (Efron & Tibshirani 1993, percentile
interval), and its predictive error the leave-one-season-out RMSE.

The science here takes the simulated yields as a function; reading the registry and
storing the result is :mod:`zhassyl.registry.calibrations`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _

#: Fewest seasons with a yield measurement a calibration needs (one to fit, one to check).
MIN_SEASONS = 2
#: Stress levels searched [%] (0 .. 90 in steps of 2.5).
STRESS_GRID_PCT = np.arange(0.0, 90.0 + 1e-9, 2.5)
BOOTSTRAP_RUNS = 200


@dataclass(frozen=True)
class Calibration:
    """A fitted fertility stress with its uncertainty and fit statistics."""

    fertility_stress_pct: float
    stress_low_pct: float          # 5th percentile of the bootstrap
    stress_high_pct: float         # 95th percentile
    n_seasons: int
    rmse_t_ha: float               # fit residual RMSE over the seasons
    loso_rmse_t_ha: float          # leave-one-season-out prediction RMSE
    observed_t_ha: tuple[float, ...]
    fitted_t_ha: tuple[float, ...]


def _best(grid: np.ndarray, sims: np.ndarray, obs: np.ndarray, idx: np.ndarray) -> float:
    sse = ((sims[:, idx] - obs[idx][None, :]) ** 2).sum(axis=1)
    return float(grid[int(np.argmin(sse))])


def fit_fertility(observed_t_ha: Sequence[float],
                  simulate: Callable[[float], Sequence[float]], *,
                  grid_pct: np.ndarray = STRESS_GRID_PCT, bootstrap_runs: int = BOOTSTRAP_RUNS,
                  seed: int = 1, what: str = "field") -> Calibration:
    """Least-squares fertility stress for a field's seasonal yields.

    Parameters
    ----------
    observed_t_ha : measured yield of each season [t/ha] (model basis: dry matter).
    simulate : stress [%] -> the model's yield of each season [t/ha], same order.
    grid_pct : stress levels searched [%].
    bootstrap_runs : resamples of the seasons for the uncertainty.
    what : name of the field in messages.

    Raises
    ------
    InputError
        With fewer than :data:`MIN_SEASONS` measured seasons.
    """
    obs = np.asarray(observed_t_ha, dtype=float)
    if obs.size < MIN_SEASONS or not np.all(np.isfinite(obs)):
        raise InputError(Problem(what, None, "yield_measurements", _(
            "{n} season(s) with a yield measurement; calibration needs at least {k}: the "
            "field keeps the farm level").format(n=int(obs.size), k=MIN_SEASONS)))
    sims = np.array([np.asarray(simulate(float(s)), dtype=float) for s in grid_pct])
    if sims.shape[1] != obs.size:
        raise ValueError("simulate() must return one yield per observed season")
    all_idx = np.arange(obs.size)
    best = _best(grid_pct, sims, obs, all_idx)
    rng = np.random.default_rng(seed)
    boots = [_best(grid_pct, sims, obs, rng.integers(0, obs.size, obs.size))
             for _ in range(bootstrap_runs)]
    fitted = sims[int(np.argmin(np.abs(grid_pct - best)))]
    loso = []
    for k in all_idx:
        s = _best(grid_pct, sims, obs, all_idx[all_idx != k])
        loso.append(sims[int(np.argmin(np.abs(grid_pct - s))), k] - obs[k])
    return Calibration(best, float(np.percentile(boots, 5)), float(np.percentile(boots, 95)),
                       int(obs.size), float(np.sqrt(np.mean((fitted - obs) ** 2))),
                       float(np.sqrt(np.mean(np.square(loso)))), tuple(obs.tolist()),
                       tuple(fitted.tolist()))


def scenario_yields(region: str, system: str, years: int, *, seed: int = 1,
                    soil: str | None = None, ece_ds_m: float | None = None,
                    ec_iw_ds_m: float | None = None) -> Callable[[float], list[float]]:
    """stress -> yield of each season of ``system`` on a field of ``region`` (hay or grain)."""
    from zhassyl.farming.scenario import run_scenario

    def yields(stress: float) -> list[float]:
        run = run_scenario(region, [system], years, seed, soil=soil, ece_ds_m=ece_ds_m,
                           ec_iw_ds_m=ec_iw_ds_m, level="calibrated",
                           fertility_stress_pct={system: stress}, daily=False)
        return [r.hay_t_ha + r.grain_t_ha for r in run.records]

    return yields
