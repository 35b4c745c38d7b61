"""A shallow aquifer under a block of fields: storage, water-table depth, drains, salt.

The unconfined groundwater under one field, or under an irrigation block of
fields sharing collector drains, as one well-mixed store (a "reservoir"
aquifer, as the groundwater reservoir of SaltMod: Oosterbaan 2001, ch. 2).
Each day, with the fluxes of the root-zone model (engine) area-weighted over
the block's fields:

    Δstorage = recharge + canal seepage - drain outflow - capillary rise - deep leakage

with recharge the water leaving the bottom of the simulated profile (drainage
and the rice basins' seepage), and capillary rise the water rising into the
profile, which includes what deep roots take from the capillary fringe and
below the table (the engine refills those compartments from the groundwater,
AquaCrop ch. 3.2.6).  The table moves by Δstorage ÷ drainable porosity
(specific yield): Δz = -Δstorage/μ (Ritzema 1994, ILRI Publication 16,
ch. 8; SWAP's groundwater level from the storage change, Kroes et al. 2017,
section 6.3).  The drains take the Hooghoudt (1940) discharge of the head
midway between them, day by day (pseudo-steady state, as DRAINMOD: Skaggs
1980, and SWAP's drainage option 2: Kroes et al. 2017, section 6.2).

Salt is mixed in the water between the table and the aquifer's base (the
total porosity times that thickness): in with recharge and canal seepage, out
with drain outflow and deep leakage at the groundwater's concentration, up
with the capillary water at the concentration the engine used.  Both balances
close every day by construction; :func:`run_aquifer` returns the residuals.

Arrays are shaped ``(n_blocks, n_days)`` for fluxes and results and
``(n_blocks,)`` for states.  Pure functions; no I/O.

References
----------
Hooghoudt, S.B. (1940). Bijdragen tot de kennis van enige natuurkundige grootheden van
de grond, 7. Verslagen Landbouwkundig Onderzoek 46: 515-707.
Moody, W.T. (1966). Nonlinear differential equation of drain spacing. J. Irrig. Drain.
Div. ASCE 92(IR2): 1-9.
Ritzema, H.P. (1994). Subsurface flow to drains. In: Drainage Principles and
Applications, ILRI Publication 16, 2nd ed., ch. 8, 263-304.
Oosterbaan, R.J. (2001). SaltMod: description of principles, user manual and examples
of application. ILRI, Wageningen.
Skaggs, R.W. (1980). DRAINMOD reference report. USDA-SCS.
Kroes, J.G. et al. (2017). SWAP version 4. Wageningen Environmental Research report 2780.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from zhassyl.engine.jit import jit

#: Salt concentration per unit electrical conductivity [g L-1 per dS m-1] (FAO-29,
#: Ayers & Westcot 1985, table 3 footnote; the engine's conversion).
SALT_G_L_PER_DS_M = 0.64


@dataclass(frozen=True)
class AquiferParameters:
    """One block's shallow aquifer and its drains (values and sources in package data).

    Depths are below the soil surface [m]; conductivities [m d-1]; porosities [-].
    """

    drainable_porosity: float       # specific yield μ: water released per unit fall [-]
    total_porosity: float           # water-filled pore space of the saturated zone [-]
    drain_depth_m: float            # depth of the drains (collectors) [m]
    drain_spacing_m: float          # spacing L between drains [m]
    drain_radius_m: float           # radius r0 of the drain (wetted perimeter π·r0) [m]
    k_above_m_day: float            # horizontal conductivity above drain level [m d-1]
    k_below_m_day: float            # horizontal conductivity below drain level [m d-1]
    base_depth_m: float             # depth of the impervious base [m]
    deep_leakage_mm_day: float = 0.0    # loss to the regional aquifer [mm d-1]
    canal_loss_fraction: float = 0.0    # canal seepage per mm of irrigation delivered [-]

    def __post_init__(self):
        problems = []
        if not 0.0 < self.drainable_porosity <= self.total_porosity < 1.0:
            problems.append("need 0 < drainable porosity <= total porosity < 1")
        if not 0.0 < self.drain_depth_m < self.base_depth_m:
            problems.append("need 0 < drain depth < base depth")
        if self.drain_spacing_m <= 0 or self.drain_radius_m <= 0:
            problems.append("drain spacing and radius must be positive")
        if self.k_above_m_day < 0 or self.k_below_m_day < 0 or self.deep_leakage_mm_day < 0:
            problems.append("conductivities and leakage must not be negative")
        if not 0.0 <= self.canal_loss_fraction < 1.0:
            problems.append("canal loss fraction must be within 0..1")
        if problems:
            raise ValueError("; ".join(problems))


def equivalent_depth_m(depth_below_drains_m, spacing_m, radius_m):
    """Hooghoudt's equivalent depth d [m], by Moody's (1966) approximations.

    With D the depth of the impervious base below the drains, L the spacing and
    u = π·r0 the wetted perimeter of the drain (as given in Ritzema 1994, ch. 8):
    d = D / (1 + D/L·(8/π·ln(D/u) - 3.4)) for D/L <= 0.3, and
    d = π·L / (8·(ln(L/u) - 1.15)) for D/L > 0.3; d never exceeds D.
    """
    big_d = np.asarray(depth_below_drains_m, dtype=float)
    length = np.asarray(spacing_m, dtype=float)
    u = math.pi * np.asarray(radius_m, dtype=float)
    ratio = big_d / length
    with np.errstate(divide="ignore", invalid="ignore"):
        shallow = big_d / (1.0 + ratio * (8.0 / math.pi * np.log(big_d / u) - 3.4))
        deep = math.pi * length / (8.0 * (np.log(length / u) - 1.15))
    d = np.where(ratio <= 0.3, shallow, deep)
    return np.minimum(np.where(big_d > 0.0, d, 0.0), big_d)


def hooghoudt_coefficients(p: AquiferParameters) -> tuple[float, float]:
    """Hooghoudt's q = a1·h + a2·h² [m d-1]: a1 = 8·Kb·d/L² [d-1], a2 = 4·Ka/L² [m-1 d-1]."""
    d = float(equivalent_depth_m(p.base_depth_m - p.drain_depth_m, p.drain_spacing_m,
                                 p.drain_radius_m))
    length2 = p.drain_spacing_m ** 2
    return 8.0 * p.k_below_m_day * d / length2, 4.0 * p.k_above_m_day / length2


@jit
def drain_outflow_mm(depth_m, drain_depth_m, a1, a2, drainable_porosity):
    """One day's drain discharge [mm] from the table at ``depth_m``: Hooghoudt's
    1000·(a1·h + a2·h²) with h = drain depth - table depth (>= 0), at most the
    water above drain level (1000·μ·h), so that an explicit day never drains below it."""
    h = max(drain_depth_m - depth_m, 0.0)
    return min(1000.0 * (a1 * h + a2 * h * h), 1000.0 * drainable_porosity * h)


@jit
def groundwater_conc_g_l(salt_g_m2, depth_m, total_porosity, base_depth_m):
    """Salt concentration of the groundwater [g L-1]: salt over the water between the table
    and the base (total porosity × thickness, at least 1 cm)."""
    return salt_g_m2 / (1000.0 * total_porosity * max(base_depth_m - depth_m, 0.01))


@jit
def aquifer_day(depth_m, salt_g_m2, inflow_mm, salt_in_g_m2, rise_mm, salt_up_g_m2,
                drainable_porosity, total_porosity, drain_depth_m, a1, a2, base_depth_m,
                deep_leakage_mm):
    """Advance one aquifer by one day; returns ``(depth_m, salt_g_m2, drain_mm, surface_mm)``.

    ``inflow_mm`` recharge and seepage in, ``rise_mm`` capillary rise out; the drains
    take :func:`drain_outflow_mm` of the day's starting table, the regional aquifer
    ``deep_leakage_mm``; Δz = -(net inflow)/(1000·μ); a table that would rise
    above the surface stays there and the rest leaves as surface outflow.  Salt:
    ``salt_in_g_m2`` in, ``salt_up_g_m2`` up with the capillary water, and the
    outflows at the day's starting concentration (complete mixing).
    """
    conc = groundwater_conc_g_l(salt_g_m2, depth_m, total_porosity, base_depth_m)
    drain = drain_outflow_mm(depth_m, drain_depth_m, a1, a2, drainable_porosity)
    net = inflow_mm - rise_mm - drain - deep_leakage_mm
    z = depth_m - net / (1000.0 * drainable_porosity)
    surface = 0.0
    if z < 0.0:
        surface = -z * 1000.0 * drainable_porosity
        z = 0.0
    salt = salt_g_m2 + salt_in_g_m2 - salt_up_g_m2 - (drain + deep_leakage_mm + surface) * conc
    return z, salt, drain, surface


def hooghoudt_discharge_mm_day(water_table_m, p: AquiferParameters):
    """Drain discharge [mm d-1] at a mid-spacing water table ``water_table_m`` below the surface.

    Hooghoudt's equation (Ritzema 1994, ch. 8): q = (8·Kb·d·h + 4·Ka·h²)/L², with
    h the head midway between the drains above drain level [m] (0 when the table
    lies below the drains) and d the equivalent depth (:func:`equivalent_depth_m`).
    """
    h = np.maximum(p.drain_depth_m - np.asarray(water_table_m, dtype=float), 0.0)
    a1, a2 = hooghoudt_coefficients(p)
    return 1000.0 * (a1 * h + a2 * h * h)


@dataclass(frozen=True)
class AquiferFluxes:
    """A block's daily exchange with its root zones, area-weighted [mm d-1, t ha-1 d-1].

    ``recharge_mm`` water leaving the simulated profiles downwards (drainage and
    basin seepage), ``capillary_rise_mm`` water rising into them (with the deep
    roots' uptake), ``irrigation_mm`` gross irrigation delivered (for the canal
    seepage), ``salt_down_t_ha`` salt carried down with the recharge,
    ``salt_up_t_ha`` salt carried up with the capillary water, ``irrigation_salt_g_l``
    the concentration of the canal water; all shaped (n_blocks, n_days).
    """

    recharge_mm: np.ndarray
    capillary_rise_mm: np.ndarray
    irrigation_mm: np.ndarray
    salt_down_t_ha: np.ndarray
    salt_up_t_ha: np.ndarray
    irrigation_salt_g_l: np.ndarray


@dataclass(frozen=True)
class AquiferResult:
    """Daily states and fluxes of the blocks' aquifers, each (n_blocks, n_days).

    ``water_table_m`` and ``ec_gw_ds_m`` at the end of each day; fluxes [mm d-1]:
    ``drain_mm`` to the drains, ``canal_seepage_mm``, ``deep_leakage_mm``,
    ``surface_outflow_mm`` groundwater pushed out at the surface when the table
    would rise above it; ``water_residual_mm`` and ``salt_residual_t_ha`` the
    daily balances (storage change minus net inflow).
    """

    water_table_m: np.ndarray
    ec_gw_ds_m: np.ndarray
    drain_mm: np.ndarray
    canal_seepage_mm: np.ndarray
    deep_leakage_mm: np.ndarray
    surface_outflow_mm: np.ndarray
    water_residual_mm: np.ndarray
    salt_residual_t_ha: np.ndarray


def run_aquifer(fluxes: AquiferFluxes, p: AquiferParameters, depth0_m, ec0_ds_m) -> AquiferResult:
    """Integrate the blocks' aquifers day by day (:func:`aquifer_day`) from the initial state.

    The same daily step the engine's kernel takes for a field on its own aquifer;
    here the fluxes are given (e.g. the area-weighted exchange of a block's fields).
    """
    rch = np.atleast_2d(np.asarray(fluxes.recharge_mm, dtype=float))
    n_blocks, n_days = rch.shape
    cr, irr, s_down, s_up, c_irr = (np.broadcast_to(np.asarray(a, float), rch.shape) for a in (
        fluxes.capillary_rise_mm, fluxes.irrigation_mm, fluxes.salt_down_t_ha,
        fluxes.salt_up_t_ha, fluxes.irrigation_salt_g_l))
    a1, a2 = hooghoudt_coefficients(p)
    z0 = np.broadcast_to(np.asarray(depth0_m, dtype=float), (n_blocks,))
    ec0 = np.broadcast_to(np.asarray(ec0_ds_m, dtype=float), (n_blocks,))
    out = {k: np.zeros((n_blocks, n_days)) for k in AquiferResult.__dataclass_fields__}
    for b in range(n_blocks):
        z = float(z0[b])
        salt = float(ec0[b]) * SALT_G_L_PER_DS_M * 1000.0 * p.total_porosity * max(
            p.base_depth_m - z, 0.01)
        for d in range(n_days):
            canal = p.canal_loss_fraction * irr[b, d]
            inflow = rch[b, d] + canal
            salt_in = 100.0 * s_down[b, d] + canal * c_irr[b, d]
            z1, salt1, drain, surface = aquifer_day(
                z, salt, inflow, salt_in, cr[b, d], 100.0 * s_up[b, d], p.drainable_porosity,
                p.total_porosity, p.drain_depth_m, a1, a2, p.base_depth_m, p.deep_leakage_mm_day)
            conc = groundwater_conc_g_l(salt, z, p.total_porosity, p.base_depth_m)
            out["water_residual_mm"][b, d] = (z - z1) * 1000.0 * p.drainable_porosity - (
                inflow - cr[b, d] - drain - p.deep_leakage_mm_day - surface)
            out["salt_residual_t_ha"][b, d] = 0.01 * ((salt1 - salt) - (
                salt_in - 100.0 * s_up[b, d] - (drain + p.deep_leakage_mm_day + surface) * conc))
            z, salt = z1, salt1
            out["water_table_m"][b, d] = z
            out["ec_gw_ds_m"][b, d] = groundwater_conc_g_l(
                salt, z, p.total_porosity, p.base_depth_m) / SALT_G_L_PER_DS_M
            out["drain_mm"][b, d] = drain
            out["canal_seepage_mm"][b, d] = canal
            out["deep_leakage_mm"][b, d] = p.deep_leakage_mm_day
            out["surface_outflow_mm"][b, d] = surface
    return AquiferResult(**out)


#: Columns of the per-field aquifer parameter array the engine's kernel takes.
KERNEL_PARAMETERS = ("drainable_porosity", "total_porosity", "drain_depth_m", "a1", "a2",
                     "base_depth_m", "deep_leakage_mm_day", "canal_loss_fraction",
                     "area_share", "depth0_m", "ec0_ds_m")


def kernel_parameters(p: AquiferParameters, depth0_m: float, ec0_ds_m: float,
                      area_share: float = 1.0) -> np.ndarray:
    """One field's row of the kernel's aquifer array (:data:`KERNEL_PARAMETERS`).

    ``area_share``: the field's share of its block's area (1 when alone); the
    kernel adds its own exchange times this share to the aquifer, the rest of
    the block's comes in as a given daily inflow.
    """
    a1, a2 = hooghoudt_coefficients(p)
    return np.array([p.drainable_porosity, p.total_porosity, p.drain_depth_m, a1, a2,
                     p.base_depth_m, p.deep_leakage_mm_day, p.canal_loss_fraction,
                     area_share, depth0_m, ec0_ds_m])


def waterlogging_days(water_table_m, critical_depth_m, axis=-1):
    """Days with the table shallower than ``critical_depth_m`` (the waterlogging index).

    ``critical_depth_m`` may be a number (a published critical depth) or an
    array broadcasting with ``water_table_m`` (e.g. the day's root depth, for
    days with the table within the root zone).  A table at the surface (depth 0)
    counts; negative depths (no table) do not.
    """
    z = np.asarray(water_table_m, dtype=float)
    return np.sum((z >= 0.0) & (z < critical_depth_m), axis=axis)   # 0: at the surface
