"""Soil organic carbon of many field scenarios at once (RothC 26.3 over arrays).

:func:`zhassyl.carbon.soil_carbon.soc_by_year` runs RothC for one scenario
(its baseline and systems on one soil): one equilibrium, one monthly loop.
A national scale-up has thousands of scenarios, each on its own soil (clay,
initial SOC); this module stacks every field of every scenario into one
RothC state and steps all of them month by month together, with the same
method:

1. initial pools at equilibrium under the first year of each scenario's
   baseline (:func:`~zhassyl.carbon.soil_carbon.equilibrium_state`, solved for
   all scenarios at once), scaled so that their total is the scenario's
   initial SOC (given, or IPCC Tier 1 SOCref x factors under the baseline's
   land use), inert organic matter by Falloon et al. (1998);
2. every field of a scenario (baseline first, then its systems) starts from
   those pools and runs its own monthly drivers; ponded months decompose at the
   paddy rate.

The results are those of ``soc_by_year`` scenario by scenario
(``tests/test_scale_arrays.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from zhassyl.carbon.rothc import (
    BALANCE_TOLERANCE,
    RothCForcing,
    RothCParameters,
    default_parameters,
    initial_state,
    iom_falloon,
)
from zhassyl.carbon.soil_carbon import (
    MONTHS,
    _climate_zone_of,
    _flooded_params,
    _month,
    equilibrium_state,
    forcing_from_records,
    ipcc_initial_soc_t_c_ha,
)
from zhassyl.errors import BalanceError, InputError
from zhassyl.farming.results import SystemYear
from zhassyl.i18n import _


def soc_arrays(scenarios: Sequence[Sequence[Sequence[SystemYear]]], clay_pct, *,
               soc_initial_t_c_ha: Sequence[float | None] | None = None,
               depth_cm: float = 30.0, soil_class: str = "HAC",
               params: RothCParameters | None = None,
               check_balance: bool = True) -> np.ndarray:
    """SOC at the end of each year [t C/ha] of every field of every scenario.

    Parameters
    ----------
    scenarios : sequence
        Per scenario, its fields (baseline first, then its systems), each a
        list of consecutive :class:`SystemYear` with the 12 monthly RothC
        drivers; every scenario has the same number of fields and years.
    clay_pct : array_like
        Topsoil clay of each scenario [%].
    soc_initial_t_c_ha : sequence, optional
        Initial SOC of each scenario [t C/ha]; ``None`` entries (or no
        sequence) take IPCC Tier 1 under the scenario's baseline.
    depth_cm : float
        Depth of the modelled topsoil [cm].

    Returns
    -------
    ndarray, shape (n_scenarios, n_fields, n_years)
    """
    p = default_parameters() if params is None else params
    n_sc = len(scenarios)
    if n_sc == 0:
        return np.zeros((0, 0, 0))
    n_f = len(scenarios[0])
    if any(len(fields) != n_f for fields in scenarios):
        raise InputError(_("every scenario must have the same number of fields"))
    fields = [rows for sc in scenarios for rows in sc]          # scenario-major
    n_years = len(fields[0])
    forcing, flooded = forcing_from_records(fields, p)
    clay = np.broadcast_to(np.asarray(clay_pct, dtype=np.float64), (n_sc,))
    given = [None] * n_sc if soc_initial_t_c_ha is None else list(soc_initial_t_c_ha)
    soc0 = np.empty(n_sc)
    for g, sc in enumerate(scenarios):
        if given[g] is not None:
            soc0[g] = given[g]
        else:
            base = sc[0]
            land_use = "paddy_rice" if base[0].flooded_days > 0 else "long_term_cultivated"
            soc0[g] = ipcc_initial_soc_t_c_ha(_climate_zone_of(base), soil_class, land_use)
    iom = np.asarray(iom_falloon(soc0, p), dtype=np.float64)
    base_cols = np.arange(n_sc) * n_f
    first = forcing.months(slice(0, MONTHS))
    base_forcing = RothCForcing(**{
        f.name: (getattr(first, f.name)[:, base_cols] if getattr(first, f.name).ndim == 2
                 else getattr(first, f.name))
        for f in dataclasses.fields(RothCForcing)})
    eq = equilibrium_state(base_forcing, flooded[:MONTHS, base_cols], clay, depth_cm, iom,
                           params=p)
    active = np.asarray(eq.active_t_c_ha, dtype=np.float64)
    if not np.all(active > 0.0):
        raise InputError(_("a baseline's first year has no carbon input, so the initial pools "
                           "cannot be distributed"))
    scale = (soc0 - iom) / active
    if not np.all(scale > 0.0):
        raise InputError(_("an initial SOC is not above the inert organic matter"))
    owner = np.repeat(np.arange(n_sc), n_f)
    state = initial_state((eq.dpm_t_c_ha * scale)[owner], (eq.rpm_t_c_ha * scale)[owner],
                          (eq.bio_t_c_ha * scale)[owner], (eq.hum_t_c_ha * scale)[owner],
                          iom[owner], smd_mm=np.asarray(eq.smd_mm)[owner],
                          n_fields=n_sc * n_f, params=p)
    p_flood = _flooded_params(p)
    clay_f = clay[owner]
    depth_f = np.full(n_sc * n_f, float(depth_cm))
    n = forcing.n_months
    soc = np.empty((n, n_sc * n_f))
    co2 = np.empty((n, n_sc * n_f))
    before = state.soc_t_c_ha
    for i in range(n):
        state, co2[i] = _month(state, forcing.drivers(i), flooded[i], clay_f, depth_f, p,
                               p_flood)
        soc[i] = state.soc_t_c_ha
    if check_balance:
        previous = np.concatenate([before[None], soc[:-1]])
        residual = forcing.c_input_t_c_ha - co2 - (soc - previous)
        bad = ~(np.abs(residual) <= BALANCE_TOLERANCE * np.maximum(1.0, np.abs(soc)))
        if bad.any():
            month, field = np.argwhere(bad)[0]
            raise BalanceError(_("RothC carbon balance broken in month {month} of field {field}: "
                                 "residual {residual} t C/ha").format(
                month=int(month), field=int(field), residual=float(residual[month, field])))
    ends = soc[MONTHS - 1::MONTHS][:n_years]                   # (n_years, n_fields)
    return ends.T.reshape(n_sc, n_f, n_years)
