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


#: Irrigation-water salinities searched when soil samples allow it [dS/m].
EC_IW_GRID_DS_M = np.arange(0.5, 6.0 + 1e-9, 0.5)


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
    ec_iw_ds_m: float | None = None          # fitted irrigation-water salinity, if fitted
    ec_iw_low_ds_m: float | None = None
    ec_iw_high_ds_m: float | None = None


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


def fit_fertility_and_salinity(observed_t_ha: Sequence[float], observed_ece_ds_m: Sequence[float],
                               simulate: Callable[[float, float], tuple[Sequence[float],
                                                                        Sequence[float]]], *,
                               grid_pct: np.ndarray = STRESS_GRID_PCT,
                               grid_ec_iw: np.ndarray = EC_IW_GRID_DS_M,
                               bootstrap_runs: int = BOOTSTRAP_RUNS, seed: int = 1,
                               what: str = "field") -> Calibration:
    """Fertility stress and irrigation-water salinity fitted together.

    The objective is the sum of squared relative errors of the seasonal yields and of
    the seasonal root-zone ECe of the soil samples (each divided by its observed mean,
    so that t/ha and dS/m weigh alike); ``simulate(stress, ec_iw)`` returns the model's
    (yields, ECe) of the observed seasons.  Bootstrap and leave-one-season-out as in
    :func:`fit_fertility` (the prediction error is that of the yields).
    """
    obs = np.asarray(observed_t_ha, dtype=float)
    ece = np.asarray(observed_ece_ds_m, dtype=float)
    if obs.size < MIN_SEASONS or ece.size != obs.size:
        raise InputError(Problem(what, None, "yield_measurements", _(
            "{n} season(s) with a yield measurement; calibration needs at least {k}: the "
            "field keeps the farm level").format(n=int(obs.size), k=MIN_SEASONS)))
    pairs = [(s, e) for s in grid_pct for e in grid_ec_iw]
    runs = [simulate(float(s), float(e)) for s, e in pairs]
    ys = np.array([np.asarray(r[0], float) for r in runs])
    es = np.array([np.asarray(r[1], float) for r in runs])
    sy, se = max(obs.mean(), 1e-6), max(ece.mean(), 1e-6)

    def best(idx: np.ndarray) -> int:
        cost = (((ys[:, idx] - obs[idx]) / sy) ** 2).sum(axis=1) + (
            ((es[:, idx] - ece[idx]) / se) ** 2).sum(axis=1)
        return int(np.argmin(cost))

    all_idx = np.arange(obs.size)
    k = best(all_idx)
    rng = np.random.default_rng(seed)
    boots = [pairs[best(rng.integers(0, obs.size, obs.size))] for _ in range(bootstrap_runs)]
    loso = [ys[best(all_idx[all_idx != j]), j] - obs[j] for j in all_idx]
    b_s = [b[0] for b in boots]
    b_e = [b[1] for b in boots]
    return Calibration(float(pairs[k][0]), float(np.percentile(b_s, 5)),
                       float(np.percentile(b_s, 95)), int(obs.size),
                       float(np.sqrt(np.mean((ys[k] - obs) ** 2))),
                       float(np.sqrt(np.mean(np.square(loso)))), tuple(obs.tolist()),
                       tuple(ys[k].tolist()), float(pairs[k][1]), float(np.percentile(b_e, 5)),
                       float(np.percentile(b_e, 95)))


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


def scenario_yields_and_ece(region: str, system: str, years: int, *, seed: int = 1,
                            soil: str | None = None, ece_ds_m: float | None = None
                            ) -> Callable[[float, float], tuple[list[float], list[float]]]:
    """(stress, ec_iw) -> (yield, season-mean root-zone ECe) of each season."""
    from zhassyl.farming.scenario import run_scenario

    def run(stress: float, ec_iw: float) -> tuple[list[float], list[float]]:
        r = run_scenario(region, [system], years, seed, soil=soil, ece_ds_m=ece_ds_m,
                         ec_iw_ds_m=ec_iw, level="calibrated",
                         fertility_stress_pct={system: stress}, daily=False)
        return ([x.hay_t_ha + x.grain_t_ha for x in r.records],
                [x.ece_ds_m for x in r.records])

    return run
