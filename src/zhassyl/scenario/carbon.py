"""The greenhouse-gas balance of one scenario's simulated records.

The records of :func:`zhassyl.scenario.run.run_scenarios` (with ``monthly``
RothC drivers) are cycled over the accounting horizon, soil carbon is run
from equilibrium under the scenario's baseline (RothC 26.3, initial pools from
the baseline's inputs, IPCC Tier 1 SOC unless measured) and the balance is
summed by source (rice CH4, direct and indirect N2O, diesel CO2 and the SOC
change as CO2; IPCC 2019 Refinement Tier 1 factors).  ``zhassyl carbon`` and
the impact figures both use :func:`ghg_balance`.
"""

from __future__ import annotations

from collections.abc import Sequence

from zhassyl.farming.results import SystemYear
from zhassyl.scenario.model import FieldScenario


def ghg_balance(sc: FieldScenario, records: Sequence[SystemYear], horizon_years: int,
                gwp: str = "AR5", baseline_id: str | None = None) -> list[dict]:
    """Mean t CO2e/ha/yr per system and source over ``horizon_years`` (``ghg_summary`` rows).

    Parameters
    ----------
    sc : FieldScenario
        The scenario simulated (its baseline, clay % and initial SOC).
    records : sequence of SystemYear
        Its records from ``run_scenarios(..., monthly=True)`` including the
        baseline's.
    horizon_years : int
        Accounting horizon [years]; the simulated years are repeated.
    gwp : str
        Global warming potentials, ``AR5`` or ``AR6``.
    baseline_id : str, optional
        System id of the baseline's records (default: the system of the first
        record; ``run_scenarios`` returns a scenario's baseline first).
    """
    from zhassyl.carbon.ghg import ghg_by_year, ghg_summary
    from zhassyl.carbon.soil_carbon import extend_to_horizon, soc_by_year

    base_id = baseline_id or records[0].system
    long = extend_to_horizon(records, horizon_years)
    # the baseline's records first: it sets the initial pools (see soil_carbon.soc_by_year)
    long.sort(key=lambda r: r.system != base_id)
    soc = soc_by_year(long, clay_pct=sc.clay_pct, soc_initial_t_c_ha=sc.soc0_t_c_ha)
    return ghg_summary(ghg_by_year(long, soc, gwp_report=gwp), baseline=base_id)
