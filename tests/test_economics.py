"""Economics: budgets traceable by hand, policy tables, finance vs numpy-financial, prices."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import numpy_financial as npf
import pytest

from zhassyl.economics import policy
from zhassyl.economics.budget import enterprise_budget
from zhassyl.economics.finance import cash_flow, irr, loan_schedule, npv, payback_year
from zhassyl.economics.livestock import heads_fed, with_livestock
from zhassyl.economics.policy import Cooperative, Farm, eligibility, subsidy_share
from zhassyl.economics.prices import PriceBook, exchange_rate, kzt_to, price_path
from zhassyl.errors import InputError, ParameterError
from zhassyl.farming.results import SystemYear

# ---------------------------------------------------------------- budgets

PRICES = PriceBook({"seed_alfalfa": 2000.0, "seed_barley": 60000.0, "diesel": 250.0,
                    "labour": 500.0, "water_sprinkler": 30.0, "hay_alfalfa": 30000.0,
                    "grain_barley": 35000.0, "straw": 10000.0, "lubricants_share": 0.1})
RECORD = SystemYear("green-cover-alfalfa", "kyzylorda", 1, hay_t_ha=5.0, n_cuts=2,
                    grain_t_ha=2.0, grain_crop="barley", straw_t_ha=1.0,
                    irrigation_m3_ha=1000.0, irrigation_method="sprinkler",
                    seed_kg_ha={"alfalfa": 10.0, "barley": 50.0},
                    operations=("disc-harrowing", "direct-drilling", "mowing", "raking", "baling"))
# By hand, with operations.csv: disc-harrowing 4.21 l, 0.7 h, 4000 KZT; direct-drilling 3.27 l,
# 0.6 h, 5000 KZT; per cut (x2): mowing 5 l, 0.7 h, 3000; raking 2 l, 0.4 h, 1500;
# baling 5 l, 0.8 h, 5000.
FUEL_L = 4.21 + 3.27 + 2 * (5 + 2 + 5)               # 31.48 l/ha
FUEL = FUEL_L * 250                                  # 7870
LUBRICANTS = 0.1 * FUEL                              # 787
LABOUR = (0.7 + 0.6 + 2 * (0.7 + 0.4 + 0.8)) * 500   # 2550
MACHINERY = 4000 + 5000 + 2 * (3000 + 1500 + 5000)   # 28000
SEED = 10 * 2000 + 50 * 60                           # 23000
WATER = 1000 * 30                                    # 30000
REVENUE = 5 * 30000 + 2 * 35000 + 1 * 10000          # 230000


def test_budget_by_hand():
    b = enterprise_budget(RECORD, PRICES, 2018)
    assert b.category("seed") == pytest.approx(SEED)
    assert b.category("fuel") == pytest.approx(FUEL + LUBRICANTS)
    assert b.category("labour") == pytest.approx(LABOUR)
    assert b.category("machinery") == pytest.approx(MACHINERY)
    assert b.category("water") == pytest.approx(WATER)
    assert b.revenue_kzt == pytest.approx(REVENUE)
    assert b.cost_kzt == pytest.approx(SEED + FUEL + LUBRICANTS + LABOUR + MACHINERY + WATER)
    assert b.net_income_kzt == pytest.approx(REVENUE - b.cost_kzt)
    for line in b.lines:  # every line = quantity x price, with a source
        assert line.amount_kzt == pytest.approx(line.quantity * line.price_kzt)
        assert line.source


@pytest.mark.parametrize("entity, year, expected", [
    (Cooperative("c", (Farm("a", 5, True),)), 2018, 1.0),   # 2017-2021 programme, cooperative
    (Farm("f", 5), 2015, 0.5),                              # before 2017: 50 %
    (Farm("f", 5), 2018, 0.0),                              # individual farm under 2017-2021
])
def test_budget_subsidy(entity, year, expected):
    b = enterprise_budget(RECORD, PRICES, year, entity=entity)
    assert b.subsidy_kzt == pytest.approx(expected * (SEED + FUEL + LUBRICANTS))


def test_budget_rejects_unknown_operation_and_missing_method():
    with pytest.raises(ParameterError, match="teleport"):
        enterprise_budget(SystemYear("s", "r", 1, operations=("teleport",)), PRICES, 2018)
    with pytest.raises(ParameterError, match="method"):
        enterprise_budget(SystemYear("s", "r", 1, irrigation_m3_ha=10.0), PRICES, 2018)


def test_livestock_feed_balance():
    # 10 t hay x 0.49 FU/kg = 4,900 FU; cow needs 3,125 FU/yr, half from hay -> 3.136 cows
    assert heads_fed(10.0, "cows") == pytest.approx(4900 / (3125 * 0.5))
    b = enterprise_budget(RECORD, PRICES, 2018)
    lb = with_livestock(b, RECORD.hay_t_ha, "cows", PRICES)
    assert all(li.category != "hay" for li in lb.lines)
    assert {li.item for li in lb.lines} >= {"milk_raw", "yoghurt", "cottage_cheese",
                                            "sour_cream", "beef_live"}
    with pytest.raises(InputError, match="livestock"):
        heads_fed(1.0, "camels")

# ---------------------------------------------------------------- policy


@pytest.mark.parametrize("entity, product, eligible", [
    (Farm("5 ha farm", 5.0), "kaf_leasing", False),
    (Farm("10 ha farm", 10.0), "kaf_leasing", False),
    (Farm("250 ha farm", 250.0), "kaf_leasing", True),
    (Cooperative("30 farms of 5 ha", tuple(Farm(f"m{i}", 5.0, True) for i in range(30))),
     "kaf_leasing", True),
    (Farm("5 ha farm", 5.0), "agrocredit_agrobusiness_nf", True),  # no area rule in the data
])
def test_loan_eligibility(entity, product, eligible):
    rows = {r["id"]: r for r in eligibility(entity, 2018)}
    assert rows[product]["eligible"] is eligible
    if not eligible:
        assert "200" in rows[product]["reasons"]


def test_cooperative_pools_land():
    coop = Cooperative("c", tuple(Farm(f"m{i}", 5.0, True) for i in range(30)))
    assert coop.irrigated_area_ha == 150.0


@pytest.mark.parametrize("entity, year, crops, share", [
    (Farm("f", 5), 2013, ("alfalfa",), 0.5),
    (Farm("f", 5), 2016, ("rice",), 0.5),
    (Farm("f", 5), 2017, ("alfalfa",), 0.0),
    (Farm("f", 5, cooperative_member=True), 2017, ("alfalfa",), 1.0),
    (Farm("f", 5, cooperative_member=True), 2021, ("alfalfa",), 1.0),
    (Farm("f", 5, cooperative_member=True), 2021, ("rice",), 0.0),
    (Farm("f", 5, cooperative_member=True), 2022, ("alfalfa",), 0.0),
    (Farm("f", 5), 2012, ("alfalfa",), 0.0),
])
def test_subsidy_share_by_year(entity, year, crops, share):
    assert subsidy_share("seed", entity, year, crops)[0] == share
    assert subsidy_share("fuel", entity, year, crops)[0] == share


def test_eligibility_says_why_not():
    rows = {r["id"]: r for r in eligibility(Farm("f", 5), 2018, ("alfalfa",))}
    assert not rows["apk_2017_2021"]["eligible"]
    assert "cooperative" in rows["apk_2017_2021"]["reasons"]
    assert "2013-2016" in rows["pre_2017"]["reasons"]


def test_policy_bad_input():
    with pytest.raises(InputError, match="programme"):
        policy.get_programme("free-money-2030")
    with pytest.raises(InputError, match="programme"):
        subsidy_share("seed", Farm("f", 5), 2018, ("alfalfa",), only="nope")
    with pytest.raises(InputError, match="irrigated_area_ha"):
        Farm("f", -5.0)
    with pytest.raises(InputError, match="loan"):
        policy.get_loan_product("nope")

# ---------------------------------------------------------------- finance

FLOWS = [-1000.0, 200.0, 300.0, 400.0, 500.0]


@pytest.mark.parametrize("rate", [0.0, 0.05, 0.145, 0.3])
def test_npv_matches_numpy_financial(rate):
    assert npv(rate, FLOWS) == pytest.approx(npf.npv(rate, FLOWS))


@pytest.mark.parametrize("flows", [FLOWS, [-500, 100, 100, 100, 100, 100, 100],
                                   [-100, 150], [-1000, -200, 600, 700, 800]])
def test_irr_matches_numpy_financial(flows):
    assert irr(flows) == pytest.approx(npf.irr(flows), abs=1e-7)


def test_irr_without_sign_change_is_nan():
    assert math.isnan(irr([100, 100])) and math.isnan(irr([-1, -1]))


def test_npv_hand_case():
    # -100 + 110/1.1 = 0
    assert npv(0.1, [-100, 110]) == pytest.approx(0.0, abs=1e-12)


def test_payback():
    assert payback_year(FLOWS) == 4          # cumulative -800, -500, -100, +400
    assert payback_year([-10, 5, 5]) == 2
    assert payback_year([-10, 1]) is None
    assert payback_year([5, -1, 3]) == 0


def test_loan_schedule_annuity_and_grace():
    rows = loan_schedule(1_000_000, 0.145, 7, 1)
    assert rows[0].payment == pytest.approx(145_000) and rows[0].principal == pytest.approx(0)
    assert rows[1].payment == pytest.approx(-npf.pmt(0.145, 6, 1_000_000))
    assert sum(r.principal for r in rows) == pytest.approx(1_000_000)
    assert rows[-1].closing == 0.0
    zero = loan_schedule(600, 0.0, 3)
    assert [r.payment for r in zero] == pytest.approx([200, 200, 200])
    with pytest.raises(InputError, match="term_years"):
        loan_schedule(100, 0.1, 0)
    with pytest.raises(InputError, match="principal"):
        loan_schedule(-1, 0.1, 3)


def test_cash_flow_with_loan_settles_in_horizon():
    sched = loan_schedule(1000, 0.1, 5, 0)
    flows = cash_flow([500, 500], loan=sched, loan_amount=1000)
    assert flows[0] == 1000
    assert flows[1] == pytest.approx(500 - sched[0].payment)
    assert flows[2] == pytest.approx(500 - sched[1].payment - sched[1].closing)
    assert sum(flows) == pytest.approx(1000 - sum(r.interest for r in sched[:2]))

# ---------------------------------------------------------------- prices


def test_exchange_rate_is_dated():
    d, r = exchange_rate("USD", dt.date(2020, 1, 1))
    assert d == dt.date(2019, 8, 23) and r.value == 386.04
    assert kzt_to(386.04, "usd", dt.date(2019, 9, 1)) == pytest.approx(1.0)
    with pytest.raises(InputError, match="currency"):
        exchange_rate("XYZ")


def test_negative_or_unknown_price_rejected():
    with pytest.raises(InputError, match="hay_alfalfa"):
        PriceBook({"hay_alfalfa": -1.0})
    with pytest.raises(InputError, match="unobtainium"):
        PriceBook({"unobtainium": 1.0})


def test_price_path_is_mean_one_lognormal():
    f = price_path(np.random.default_rng(0), 20000, ("hay_alfalfa",))
    x = np.array(list(f.values()))
    assert x.mean() == pytest.approx(1.0, abs=0.01)
    assert np.log(x).std() == pytest.approx(0.30, abs=0.01)
