"""GHG balance: IPCC Tier 1 arithmetic written out by hand, on hand-made records."""

from __future__ import annotations

import warnings

import pytest

from zhassyl.carbon.ghg import (
    GHG_SOURCES,
    diesel_emissions_kg,
    fuel_table,
    ghg_by_year,
    ghg_summary,
    gwp,
    n2o_direct_kg_ha,
    n2o_indirect_kg_ha,
    rice_ch4_kg_ha,
    rice_daily_ef_kg_ha_d,
)
from zhassyl.carbon.nitrogen import load_factor_table
from zhassyl.carbon.soil_carbon import SocYear
from zhassyl.errors import InputError
from zhassyl.farming.results import SystemYear


def test_every_factor_has_table_and_source():
    rows = load_factor_table("ghg_factors.csv")
    assert len(rows) > 30
    for r in rows:
        assert r["source"].strip() and r["table"].strip() and r["status"].strip(), r["name"]
    for r in load_factor_table("fuel_operations.csv"):
        assert r["source"].strip()


def test_rice_ch4_continuously_flooded_kyzylorda_season():
    # IPCC 2019 Refinement Vol. 4 ch. 5, Tier 1, one rice crop a year (dry > 180 d before):
    # EFc (Table 5.11, global) = 1.19 kg CH4/ha/d; SFw (Table 5.12, continuously flooded)
    # = 1.00; SFp (Table 5.13, non-flooded pre-season > 180 d) = 0.89; SFo (Eq. 5.3, no
    # amendment) = (1 + 0)^0.59 = 1.  Eq. 5.2: EF = 1.19 x 1.00 x 0.89 x 1 = 1.0591.
    # Season of 120 flooded days (Eq. 5.1 per ha): 1.0591 x 120 = 127.092 kg CH4/ha.
    # AR5 GWP 28 (WG1 Table 8.7): 127.092 x 28 / 1000 = 3.558576 t CO2e/ha.
    assert rice_daily_ef_kg_ha_d() == pytest.approx(1.19 * 1.00 * 0.89 * 1.0)
    assert rice_ch4_kg_ha(120) == pytest.approx(127.092)
    season = SystemYear(system="rice", region="kyzylorda", year=1, flooded_days=120,
                        grain_crop="rice")
    (year,) = ghg_by_year([season])
    assert year.ch4_kg == pytest.approx(127.092)
    assert year.rice_ch4_t_co2e == pytest.approx(3.558576)
    # AR6 (non-fossil CH4 27.0): 127.092 x 27 / 1000
    (ar6,) = ghg_by_year([season], gwp_report="AR6")
    assert ar6.rice_ch4_t_co2e == pytest.approx(127.092 * 27.0 / 1000)


def test_rice_scaling_factors_and_amendments():
    # Eq. 5.3 with 5 t/ha straw incorporated > 30 d before (CFOA 0.19, Table 5.14)
    sf_o = (1 + 5 * 0.19) ** 0.59
    assert rice_daily_ef_kg_ha_d(amendments_t_ha={"straw_long": 5.0}) == pytest.approx(
        1.19 * 0.89 * sf_o)
    assert rice_daily_ef_kg_ha_d("multiple_drainage", "non_flooded_lt180") == pytest.approx(
        1.19 * 0.55)
    assert rice_daily_ef_kg_ha_d("upland") == 0.0
    with pytest.raises(InputError, match="water regime"):
        rice_daily_ef_kg_ha_d("flooded-ish")
    with pytest.raises(InputError, match="negative"):
        rice_daily_ef_kg_ha_d(amendments_t_ha={"compost": -1.0})
    with pytest.raises(InputError):
        rice_ch4_kg_ha(-5)


def test_direct_n2o_eq_11_1():
    # 150 kg N fertiliser + 40 kg residue N, EF1 0.010 -> 1.9 kg N2O-N -> x 44/28
    assert n2o_direct_kg_ha(150, f_cr_kg=40) == pytest.approx(190 * 0.010 * 44 / 28)
    assert n2o_direct_kg_ha(150, flooded_rice=True) == pytest.approx(150 * 0.004 * 44 / 28)
    assert n2o_direct_kg_ha(100, f_cr_kg=100, climate="wet") == pytest.approx(
        (100 * 0.016 + 100 * 0.006) * 44 / 28)


def test_indirect_n2o_eq_11_9_and_11_10():
    atd, leach = n2o_indirect_kg_ha(150, f_cr_kg=50)
    assert atd == pytest.approx(150 * 0.11 * 0.010 * 44 / 28)
    assert leach == pytest.approx(200 * 0.24 * 0.011 * 44 / 28)
    _atd, none = n2o_indirect_kg_ha(150, leaching=False)
    assert none == 0.0


def test_diesel_per_litre():
    # 1 l x 0.84 kg/l x 43.0 TJ/Gg = 36.12 MJ; x 74 100 kg CO2/TJ = 2.676 kg CO2
    e = diesel_emissions_kg(1.0)
    assert e["co2"] == pytest.approx(0.84 * 43.0e-6 * 74100)
    assert e["ch4"] == pytest.approx(0.84 * 43.0e-6 * 4.15)
    assert e["n2o"] == pytest.approx(0.84 * 43.0e-6 * 28.6)


def test_gwps():
    assert (gwp("ch4"), gwp("n2o")) == (28, 265)
    assert (gwp("ch4", "AR6"), gwp("n2o", "AR6"), gwp("ch4_fossil", "AR6")) == (27.0, 273, 29.8)


def _rice(year):
    return SystemYear(system="rice", region="kyzylorda", year=year, grain_t_ha=5.0,
                      grain_crop="rice", fertiliser_n_kg_ha=180.0, flooded_days=110,
                      irrigation_method="flood", irrigation_m3_ha=25000.0,
                      operations=("plough", "disc", "level", "sow", "fertilise", "combine"))


def _alfalfa(year):
    return SystemYear(system="green-cover-alfalfa", region="kyzylorda", year=year,
                      hay_t_ha=9.0, alfalfa_shoot_dm_t_ha=11.0, n_cuts=4,
                      irrigation_method="sprinkler", irrigation_m3_ha=9000.0,
                      operations=("sow_direct",) if year == 1 else ("mow",) * 4 + ("bale",) * 4)


def test_minimal_tillage_saves_diesel():
    table = fuel_table().litres_per_ha
    rice = ghg_by_year([_rice(1)])[0]
    assert rice.diesel_l == pytest.approx(sum(table[o] for o in _rice(1).operations))
    alf = ghg_by_year([_alfalfa(1)])[0]
    assert alf.diesel_l == pytest.approx(table["sow_direct"])
    assert alf.diesel_l < rice.diesel_l


def test_unknown_operation_warns():
    r = SystemYear(system="x", region="r", year=1, operations=("teleport",))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        (y,) = ghg_by_year([r])
    assert y.diesel_l == 0.0 and any("teleport" in str(x.message) for x in w)


def test_summary_project_vs_baseline():
    records = [_rice(y) for y in (1, 2)] + [_alfalfa(y) for y in (1, 2)]
    soc = [SocYear("rice", "kyzylorda", y, 30.0, -0.1, 2.0, 2.1, 30.0) for y in (1, 2)]
    soc += [SocYear("green-cover-alfalfa", "kyzylorda", y, 30.0, 0.3, 3.0, 2.7, 30.0)
            for y in (1, 2)]
    years = ghg_by_year(records, soc)
    rice_y1 = years[0]
    assert rice_y1.soc_change_t_co2e == pytest.approx(0.1 * 44 / 12)
    # SOC loss mineralises N (Eq. 11.8, C:N 15): 0.1 t C -> 6.67 kg N counted in F_SOM
    assert rice_y1.n2o_direct_t_co2e > ghg_by_year([_rice(1)])[0].n2o_direct_t_co2e
    summary = ghg_summary(years)
    by = {(r["system"], r["source"]): r for r in summary}
    assert {s for s, _src in by} == {"rice", "green-cover-alfalfa"}
    for src in (*GHG_SOURCES, "total"):
        assert by[("rice", src)]["difference_vs_baseline"] == 0.0
    total_rice = by[("rice", "total")]["t_co2e_ha_yr"]
    total_alf = by[("green-cover-alfalfa", "total")]["t_co2e_ha_yr"]
    assert by[("green-cover-alfalfa", "total")]["difference_vs_baseline"] == pytest.approx(
        total_alf - total_rice)
    assert total_alf < total_rice
    assert by[("green-cover-alfalfa", "soc_change")]["t_co2e_ha_yr"] == pytest.approx(
        -0.3 * 44 / 12)
    for system in ("rice", "green-cover-alfalfa"):
        shares = [abs(by[(system, s)]["share_pct"]) for s in GHG_SOURCES]
        assert sum(shares) == pytest.approx(100.0)
    with pytest.raises(InputError, match="baseline"):
        ghg_summary(years, baseline="nothing")
