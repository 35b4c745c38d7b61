"""Money and carbon as arrays give the numbers of the per-record path on the same inputs.

``economics.budget_arrays.budget_arrays`` against ``economics.budget.enterprise_budget``
record by record; ``carbon.soc_arrays.soc_arrays`` against ``carbon.soil_carbon.soc_by_year``
scenario by scenario.  Inputs: real simulated records of several regions, systems and
soils (the per-record path is itself tested against published values in
test_economics.py and test_soil_carbon.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from zhassyl.carbon.soc_arrays import soc_arrays
from zhassyl.carbon.soil_carbon import soc_by_year
from zhassyl.economics.budget import enterprise_budget
from zhassyl.economics.budget_arrays import budget_arrays
from zhassyl.economics.policy import Cooperative, Farm
from zhassyl.economics.prices import PriceBook
from zhassyl.scenario.builders import field_scenario
from zhassyl.scenario.run import run_scenarios


@pytest.fixture(scope="module")
def simulated():
    batch = [
        field_scenario("kz-rice", "kyzylorda", ["green-cover-alfalfa", "traditional-alfalfa"],
                       years=3, ece0_ds_m=6.0, weather_seed=3),
        field_scenario("kz-wheat", "kyzylorda", ["green-cover-alfalfa", "traditional-alfalfa"],
                       years=3, baseline="wheat-furrow", soil="clay-loam", ece0_ds_m=11.0,
                       soc0_t_c_ha=38.0, weather_seed=4),
        field_scenario("alm", "almaty", ["alfalfa-sole", "rice-flood"], years=3,
                       baseline="wheat-furrow", ece0_ds_m=3.0, weather_seed=5),
        field_scenario("akm", "akmola", ["green-cover-alfalfa", "traditional-alfalfa"],
                       years=3, soil="sandy-loam", weather_seed=6),
    ]
    return batch, run_scenarios(batch, monthly=True)


@pytest.mark.parametrize("entity,programme,year0", [
    (None, None, 2024),
    (Farm("f", 8.0, cooperative_member=True), None, 2016),          # apk from 2017
    (Cooperative("c", (Farm("a", 5.0), Farm("b", 7.0))), "apk_2017_2021", 2019),
    (Farm("f", 300.0), "pre_2017", 2014),
])
def test_budget_arrays_equal_per_record_budgets(simulated, entity, programme, year0):
    _batch, res = simulated
    recs = res.records
    cal = np.array([year0 + r.year for r in recs])
    prices = PriceBook({"hay_alfalfa": 55000.0})
    arr = budget_arrays(recs, cal, prices, entity=entity, programme=programme)
    ref = [enterprise_budget(r, prices, int(c), entity=entity, programme=programme)
           for r, c in zip(recs, cal, strict=True)]
    assert arr.n_profiles < len(recs)
    for name in ("revenue_kzt", "cost_kzt", "subsidy_kzt", "net_income_kzt"):
        want = np.array([getattr(b, name) for b in ref])
        np.testing.assert_allclose(getattr(arr, name), want, rtol=1e-12, atol=1e-6,
                                   err_msg=name)
    if entity is not None:
        assert (np.array([b.subsidy_kzt for b in ref]) > 0).any()


def test_budget_arrays_keep_hay_for_livestock(simulated):
    _batch, res = simulated
    recs = res.records
    cal = np.full(len(recs), 2020)
    arr = budget_arrays(recs, cal, PriceBook(), sell_hay=False, sell_straw=False)
    ref = [enterprise_budget(r, PriceBook(), 2020, sell_hay=False, sell_straw=False)
           for r in recs]
    np.testing.assert_allclose(arr.net_income_kzt, [b.net_income_kzt for b in ref],
                               rtol=1e-12, atol=1e-6)


def test_soc_arrays_equal_soc_by_year(simulated):
    batch, res = simulated
    groups = []
    for sc in batch:
        by: dict[str, list] = {}
        for r in res.for_field(sc.field_id):
            by.setdefault(r.system, []).append(r)
        groups.append([by[s] for s in sc.run_systems()])
    got = soc_arrays(groups, [sc.clay_pct for sc in batch],
                     soc_initial_t_c_ha=[sc.soc0_t_c_ha for sc in batch])
    assert got.shape == (4, 3, 3)
    for g, sc in enumerate(batch):
        ref = soc_by_year(res.for_field(sc.field_id), clay_pct=sc.clay_pct,
                          soc_initial_t_c_ha=sc.soc0_t_c_ha)
        want = np.array([s.soc_t_c_ha for s in ref]).reshape(3, 3)
        np.testing.assert_allclose(got[g], want, rtol=1e-12, atol=1e-12)
