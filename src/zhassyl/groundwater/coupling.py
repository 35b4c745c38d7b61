"""The root-zone engine and the shallow aquifers under its fields, coupled.

Each engine field carries its own aquifer (``Fields.aquifer``): the kernel
moves the field's table every day with the field's own exchange (recharge,
capillary rise, salt; :func:`zhassyl.engine.aquifer.aquifer_day`), so that a
field alone on its aquifer is coupled day by day without iteration, and the
aquifer's water and salt balances close every day.

Fields sharing one aquifer (an irrigation block draining to the same
collectors) are coupled by sequential iteration (operator splitting, as the
coupling of SWAP with MODFLOW: Xu et al. 2012, J. Hydrol. 412-413: 170-181): each
field's kernel takes its own exchange times its share of the block's area, and
the rest of the block's exchange, from the previous iteration, as a given daily
inflow; the iteration repeats, relaxed, until no field's table moves more than
``tol_m`` on any day.  At the fixed point every field of a block sees the same
table; the largest difference between the tables of a block's fields at the end
is reported as ``mismatch_m``, the residual of the coupling.

Why not iterate the whole depth series against an aquifer run outside the
engine: tried first, that (Jacobi waveform) iteration settles only one more day
per iteration (a table near the root zone makes the capillary rise a stiff
feedback), i.e. as many engine runs as days.  Inside the kernel the field's own
feedback is taken implicitly in time; only the neighbours' part lags.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from zhassyl.engine.aquifer import (
    SALT_G_L_PER_DS_M,
    AquiferParameters,
    kernel_parameters,
)
from zhassyl.engine.simulate import BALANCE_RTOL, Fields, SimulationResult, Weather, simulate
from zhassyl.errors import BalanceError
from zhassyl.i18n import _

#: Stop when no day's table moves more than this between iterations [m].
DEFAULT_TOLERANCE_M = 0.01
#: Under-relaxation of the depth between iterations (1: plain Picard).
DEFAULT_RELAXATION = 0.5
#: Iterations at most.
DEFAULT_MAX_ITERATIONS = 40


@dataclass(frozen=True)
class Blocks:
    """Which block's aquifer each engine field sits on.

    ``block`` (n_fields,) block index; ``area_ha`` (n_fields,) area of each field
    in its block (weights of the fluxes); per block (n_blocks,): ``parameters``,
    the initial table ``depth0_m`` [m] and salinity ``ec0_ds_m`` [dS m-1].
    """

    block: np.ndarray
    area_ha: np.ndarray
    parameters: tuple[AquiferParameters, ...]
    depth0_m: np.ndarray
    ec0_ds_m: np.ndarray

    @property
    def n(self) -> int:
        return len(self.parameters)


def one_block_per_field(n: int, parameters: Sequence[AquiferParameters], depth0_m,
                        ec0_ds_m) -> Blocks:
    """``n`` fields, each alone on its own aquifer."""
    return Blocks(np.arange(n), np.ones(n), tuple(parameters),
                  np.broadcast_to(np.asarray(depth0_m, float), (n,)).copy(),
                  np.broadcast_to(np.asarray(ec0_ds_m, float), (n,)).copy())


@dataclass(frozen=True)
class CoupledResult:
    """The final engine runs, how the iteration ended, and the balances.

    ``water_table_m`` and ``ec_gw_ds_m`` (n_fields, n_days): each field's table at
    the start of each day; ``block_water_table_m`` (n_blocks, n_days) the
    area-weighted mean over each block's fields.
    """

    engine: tuple[SimulationResult, ...]   # one per engine group, in order
    water_table_m: np.ndarray
    ec_gw_ds_m: np.ndarray
    block_water_table_m: np.ndarray
    iterations: int
    change_m: float        # largest change of a table between the last two iterations [m]
    mismatch_m: float      # largest difference between the tables of one block's fields [m]
    converged: bool
    water_residual_mm: float   # largest daily residual of the fields' aquifer balances


def _field_parameters(blocks: Blocks) -> tuple[np.ndarray, np.ndarray]:
    """Kernel aquifer rows of every field and each field's share of its block's area."""
    w = np.zeros(blocks.n)
    np.add.at(w, blocks.block, blocks.area_ha)
    share = blocks.area_ha / w[blocks.block]
    rows = np.vstack([kernel_parameters(blocks.parameters[b], blocks.depth0_m[b],
                                        blocks.ec0_ds_m[b], share[i])
                      for i, b in enumerate(blocks.block)])
    return rows, share


def _own_exchange(daily: dict[str, np.ndarray], rows: np.ndarray,
                  irr_salt_g_l: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each field's net contribution to its block's aquifer [mm d-1, g m-2 d-1] (its share)."""
    share, canal = rows[:, 8:9], rows[:, 7:8] * daily["irrigation_mm"]
    water = share * (daily["drainage_mm"] + daily["seepage_mm"] + canal
                     - daily["capillary_rise_mm"])
    salt = share * (100.0 * daily["salt_leached_t_ha"] + canal * irr_salt_g_l[:, None]
                    - 100.0 * daily["salt_capillary_t_ha"])
    return water, salt


def aquifer_residual_mm(daily: dict[str, np.ndarray], rows: np.ndarray,
                        inflow_mm: np.ndarray) -> np.ndarray:
    """Daily residual of every field's aquifer balance [mm] (n_fields, n_days - 1).

    Storage change from the table's depths at the start of consecutive days
    (1000·μ·(z_d - z_d+1)) minus the fluxes the engine reported for day d.
    """
    z = daily["water_table_m"]
    mu, share, canal_f, deep = rows[:, 0:1], rows[:, 8:9], rows[:, 7:8], rows[:, 6:7]
    inflow = np.broadcast_to(inflow_mm, z.shape)
    flux = (share * (daily["drainage_mm"] + daily["seepage_mm"]
                     + canal_f * daily["irrigation_mm"] - daily["capillary_rise_mm"])
            + inflow - daily["gw_drain_mm"] - deep - daily["gw_surface_outflow_mm"])
    return (1000.0 * mu * (z[:, :-1] - z[:, 1:]) - flux[:, :-1])


def aquifer_salt_residual_g_m2(daily: dict[str, np.ndarray], rows: np.ndarray,
                               irrigation_salt_g_l: np.ndarray,
                               salt_inflow_g_m2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Daily residual of every field's groundwater salt balance [g m-2] and its scale.

    Salt at the start of each day from the reported depth and salinity (EC·0.64 g/L
    per dS/m times the water between table and base); its change against salt in
    with recharge and canal water, up with the capillary water, out with the
    drains, deep leakage and surface outflow at the day's concentration.
    """
    z, ec = daily["water_table_m"], daily["ec_gw_ds_m"]
    ntot, base, deep = rows[:, 1:2], rows[:, 5:6], rows[:, 6:7]
    share, canal_f = rows[:, 8:9], rows[:, 7:8]
    conc = ec * SALT_G_L_PER_DS_M
    salt = conc * 1000.0 * ntot * np.maximum(base - z, 0.01)
    canal = canal_f * daily["irrigation_mm"]
    s_in = share * (100.0 * daily["salt_leached_t_ha"] + canal * irrigation_salt_g_l[:, None]) \
        + np.broadcast_to(salt_inflow_g_m2, z.shape)
    s_out = share * 100.0 * daily["salt_capillary_t_ha"] \
        + (daily["gw_drain_mm"] + deep + daily["gw_surface_outflow_mm"]) * conc
    resid = (salt[:, 1:] - salt[:, :-1]) - (s_in - s_out)[:, :-1]
    return resid, np.maximum(salt[:, :-1] + np.abs(s_in[:, :-1]) + np.abs(s_out[:, :-1]), 1e-3)


def check_aquifer_balance(daily: dict[str, np.ndarray], rows: np.ndarray,
                          irrigation_salt_g_l: np.ndarray, inflow_mm=0.0,
                          salt_inflow_g_m2=0.0, rtol: float = BALANCE_RTOL) -> None:
    """Raise BalanceError when a field's aquifer water or salt balance misses by more than
    ``rtol`` times the day's turnover (water: at least 1 mm), for fields with an aquifer."""
    on = rows[:, 0] > 0.0
    if not on.any():
        return
    sub = {k: v[on] for k, v in daily.items()}
    shape = daily["water_table_m"].shape
    inflow = np.broadcast_to(inflow_mm, shape)[on]
    resid = aquifer_residual_mm(sub, rows[on], inflow)
    scale = np.maximum(1.0, (sub["drainage_mm"] + sub["seepage_mm"] + sub["capillary_rise_mm"]
                             + sub["gw_drain_mm"] + sub["gw_surface_outflow_mm"]
                             + np.abs(inflow))[:, :-1])
    bad = np.abs(resid) > rtol * scale
    if bad.any():
        f, d = np.argwhere(bad)[0]
        raise BalanceError(_(
            "groundwater balance does not close on {count} field-days; first: field {field}, "
            "day {day}, residual {resid:.3g} mm").format(count=int(bad.sum()), field=int(f),
                                                          day=int(d), resid=float(resid[f, d])))
    sresid, sscale = aquifer_salt_residual_g_m2(
        sub, rows[on], np.broadcast_to(irrigation_salt_g_l, (len(rows),))[on],
        np.broadcast_to(salt_inflow_g_m2, shape)[on])
    bad = np.abs(sresid) > rtol * sscale
    if bad.any():
        f, d = np.argwhere(bad)[0]
        raise BalanceError(_(
            "groundwater salt balance does not close on {count} field-days; first: field "
            "{field}, day {day}, residual {resid:.3g} g/m2").format(
                count=int(bad.sum()), field=int(f), day=int(d), resid=float(sresid[f, d])))


def simulate_with_water_table(groups: Sequence[tuple[Fields, Weather]], blocks: Blocks, *,
                              tol_m: float = DEFAULT_TOLERANCE_M,
                              relaxation: float = DEFAULT_RELAXATION,
                              max_iterations: int = DEFAULT_MAX_ITERATIONS,
                              trace: list | None = None,
                              **simulate_options) -> CoupledResult:
    """Simulate engine field groups, each field on its block's moving table (module notes).

    ``groups`` are engine calls on one calendar (e.g. crops needing different
    compartments); ``blocks.block`` indexes their fields in order.  ``trace``, when
    given, receives the largest change of a table in each iteration.
    """
    n_days = groups[0][1].n_days
    if any(w.n_days != n_days or w.dates[0] != groups[0][1].dates[0] for _f, w in groups):
        raise ValueError("coupled engine groups must share one calendar")
    bounds = np.cumsum([0] + [f.n for f, _w in groups])
    if bounds[-1] != len(blocks.block):
        raise ValueError("blocks must name the block of every engine field")
    irr_salt = np.concatenate([f.management["ec_iw_ds_m"][np.broadcast_to(
        np.asarray(f.management_index), (f.n,))] * SALT_G_L_PER_DS_M for f, _w in groups])
    rows, _share = _field_parameters(blocks)
    shared = np.bincount(blocks.block, minlength=blocks.n)[blocks.block] > 1
    inflow = np.zeros((len(rows), n_days if shared.any() else 1))
    salt_in = np.zeros_like(inflow)
    simulate_options = {**simulate_options, "daily": True}
    prev = None
    it = 0
    change = 0.0
    while True:
        it += 1
        results = [simulate(replace(f, aquifer=rows[a:b], aquifer_inflow_mm=inflow[a:b],
                                    aquifer_salt_in_g_m2=salt_in[a:b]), w, **simulate_options)
                   for (f, w), a, b in zip(groups, bounds[:-1], bounds[1:], strict=True)]
        daily = {k: np.concatenate([r.daily[k] for r in results]) for k in results[0].daily}
        z = daily["water_table_m"]
        change = 0.0 if prev is None else float(np.max(np.abs(z - prev)))
        if trace is not None:
            trace.append(change)
        if not shared.any() or (prev is not None and change < tol_m) or it >= max_iterations:
            break
        prev = z
        water, salt = _own_exchange(daily, rows, irr_salt)
        block_w = np.zeros((blocks.n, n_days))
        block_s = np.zeros((blocks.n, n_days))
        np.add.at(block_w, blocks.block, water)
        np.add.at(block_s, blocks.block, salt)
        inflow = inflow + relaxation * ((block_w[blocks.block] - water) - inflow)
        salt_in = salt_in + relaxation * ((block_s[blocks.block] - salt) - salt_in)
    z = daily["water_table_m"]
    w = np.zeros(blocks.n)
    np.add.at(w, blocks.block, blocks.area_ha)
    zb = np.zeros((blocks.n, n_days))
    np.add.at(zb, blocks.block, z * (blocks.area_ha / w[blocks.block])[:, None])
    mismatch = float(np.max(np.abs(z - zb[blocks.block]))) if n_days else 0.0
    resid = aquifer_residual_mm(daily, rows, inflow)
    check_aquifer_balance(daily, rows, irr_salt, inflow, salt_in)
    return CoupledResult(tuple(results), z, daily["ec_gw_ds_m"], zb, it, change, mismatch,
                         bool(not shared.any() or change < tol_m),
                         float(np.max(np.abs(resid))) if resid.size else 0.0)
