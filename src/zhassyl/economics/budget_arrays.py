"""Enterprise budgets over a results table, as arrays.

:func:`zhassyl.economics.budget.enterprise_budget` builds a budget line by
line for one :class:`~zhassyl.farming.results.SystemYear` (a dozen price
look-ups).  At national scale the same budget is needed for a million
field-years, so this module splits it into what depends only on a row's
*profile* and what is linear in its simulated quantities:

* a profile is everything that selects prices and lines: system, region,
  calendar and scenario year, the operations listed, the number of cuts, the
  seed sown, mineral N, the grain crop, the irrigation method, whether
  alfalfa is grown (``crops_of``), the programme and the year whose rules
  apply.  The few distinct profiles of a table are budgeted once, with the
  per-record function itself, on a template record whose hay, grain, straw
  and irrigation are zero: that gives the fixed costs (seed, fertiliser, fuel
  and lubricants, labour, machinery services) and the subsidies (a share of
  the seed and fuel costs, :func:`zhassyl.economics.policy.subsidy_share`);
* each row then adds its quantities times the profile's unit prices:
  irrigation [m3/ha] x tariff, hay, grain and straw [t/ha] x price.

The numbers are those of the per-record path, summed in the same order
(``tests/test_scale_arrays.py`` compares the two on simulated records).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from zhassyl.economics.budget import _per_unit, crops_of, enterprise_budget
from zhassyl.economics.policy import Cooperative, Farm, subsidy_share
from zhassyl.economics.prices import PriceBook
from zhassyl.errors import ParameterError
from zhassyl.farming.results import SystemYear
from zhassyl.i18n import _


@dataclass(frozen=True)
class BudgetArrays:
    """Per-hectare budget totals of each row [KZT/ha], shape ``(n_rows,)``."""

    revenue_kzt: np.ndarray
    cost_kzt: np.ndarray
    subsidy_kzt: np.ndarray
    n_profiles: int

    @property
    def net_income_kzt(self) -> np.ndarray:
        """Revenue + subsidies - costs [KZT/ha]."""
        return self.revenue_kzt + self.subsidy_kzt - self.cost_kzt


def _profile_key(r: SystemYear, calendar_year: int, programme, rule_year: int) -> tuple:
    return (r.system, r.region, calendar_year, r.year, r.operations, r.n_cuts,
            tuple(sorted(r.seed_kg_ha.items())), r.fertiliser_n_kg_ha, r.grain_crop,
            r.irrigation_method, r.hay_t_ha > 0 or r.alfalfa_shoot_dm_t_ha > 0, programme,
            rule_year)


def budget_arrays(records: Sequence[SystemYear], calendar_year: Sequence[int] | np.ndarray,
                  prices: PriceBook, *, entity: Farm | Cooperative | None = None,
                  programme: Sequence[str | None] | str | None = None,
                  rule_year: Sequence[int] | np.ndarray | None = None,
                  sell_hay: bool = True, sell_straw: bool = True) -> BudgetArrays:
    """Revenue, costs and subsidies [KZT/ha] of every record, as arrays.

    Parameters
    ----------
    records : sequence of SystemYear
        Simulated quantities per hectare.
    calendar_year : array of int
        Calendar year of each record (prices, tariffs).
    prices : PriceBook
    entity : Farm or Cooperative, optional
        Who farms (subsidy eligibility); ``None``: no subsidies.
    programme : str, sequence of str or None, optional
        The programme whose subsidies apply, one for all rows or one per row
        (``None``: any programme in force, as ``enterprise_budget``).
    rule_year : array of int, optional
        Year at which the programme's rules (years in force, eligibility) are
        read, per row; default ``calendar_year`` (as ``enterprise_budget``).
        A scale-up applying a programme beyond its data window passes a year
        inside the window.
    sell_hay, sell_straw : bool
        As :func:`~zhassyl.economics.budget.enterprise_budget`.

    Returns
    -------
    BudgetArrays
    """
    n = len(records)
    cal = np.broadcast_to(np.asarray(calendar_year, dtype=np.int64), (n,))
    rule = cal if rule_year is None else np.broadcast_to(np.asarray(rule_year, np.int64), (n,))
    progs = (list(programme) if isinstance(programme, list | tuple | np.ndarray)
             else [programme] * n)
    keys: dict[tuple, int] = {}
    code = np.empty(n, dtype=np.int64)
    hay = np.empty(n)
    grain = np.empty(n)
    straw = np.empty(n)
    irr = np.empty(n)
    for i, r in enumerate(records):
        code[i] = keys.setdefault(_profile_key(r, int(cal[i]), progs[i], int(rule[i])),
                                  len(keys))
        hay[i], grain[i], straw[i], irr[i] = (r.hay_t_ha, r.grain_t_ha, r.straw_t_ha,
                                              r.irrigation_m3_ha)
    first = np.full(len(keys), -1, dtype=np.int64)
    first[code[::-1]] = np.arange(n)[::-1]          # first row of each profile
    fixed_cost = np.empty(len(keys))
    fixed_sub = np.empty(len(keys))
    p_hay = np.zeros(len(keys))
    p_grain = np.zeros(len(keys))
    p_straw = np.zeros(len(keys))
    p_water = np.zeros(len(keys))
    for key, p in keys.items():
        rows = code == p
        r = records[first[p]]
        cy, prog, ry = key[2], key[11], key[12]
        template = replace(r, hay_t_ha=0.0, grain_t_ha=0.0, straw_t_ha=0.0,
                           irrigation_m3_ha=0.0,
                           alfalfa_shoot_dm_t_ha=1.0 if key[10] else 0.0)
        b = enterprise_budget(template, prices, cy, entity=None)
        fixed_cost[p] = b.cost_kzt
        sub = 0.0
        if entity is not None:
            crops = crops_of(template)
            for item, category in (("seed", "seed"), ("fuel", "fuel")):
                share, _prog = subsidy_share(item, entity, ry, crops, prog)
                base = b.category(category)
                if share > 0 and base > 0:
                    sub += base * share
        fixed_sub[p] = sub
        t = r.year
        if sell_hay and np.any(hay[rows] > 0):
            p_hay[p] = _per_unit(prices.price("hay_alfalfa", r.region, cy, t), "t")
        if np.any(grain[rows] > 0):
            p_grain[p] = _per_unit(prices.price(f"grain_{r.grain_crop}", r.region, cy, t), "t")
        if sell_straw and np.any(straw[rows] > 0):
            p_straw[p] = _per_unit(prices.price("straw", r.region, cy, t), "t")
        if np.any(irr[rows] > 0):
            if not r.irrigation_method:
                raise ParameterError(_("system {system!r} year {year}: irrigation without a "
                                       "method").format(system=r.system, year=t))
            p_water[p] = prices.water_tariff(r.irrigation_method, cy, t).value
    cost = fixed_cost[code] + irr * p_water[code]
    revenue = hay * p_hay[code] + grain * p_grain[code] + straw * p_straw[code]
    return BudgetArrays(revenue, cost, fixed_sub[code], len(keys))
