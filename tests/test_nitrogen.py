"""Nitrogen: alfalfa fixation, hay N, N credit, residue N (hand-made SystemYear records)."""

from __future__ import annotations

import pytest

from zhassyl.carbon.nitrogen import (
    alfalfa_n_fixed_kg_ha,
    alfalfa_renewal_fraction,
    crop_residue_n_kg_ha,
    hay_n_removed_kg_ha,
    load_factor_table,
    n_credit_kg_ha,
    nitrogen_balance,
)
from zhassyl.farming.results import SystemYear


def test_every_factor_row_names_a_source():
    for name in ("nitrogen_factors.csv", "crop_residue_n.csv"):
        rows = load_factor_table(name)
        assert rows and all(r["source"].strip() for r in rows)


def test_fixation_is_20_kg_n_per_t_shoot_dm():
    # Unkovich et al. 2010: ~20 kg shoot N fixed per t shoot DM -> 12 t DM: 240 kg N/ha,
    # inside the reference pack's 200-300 kg N/ha/yr for lucerne hay systems.
    assert alfalfa_n_fixed_kg_ha(12.0) == pytest.approx(240.0)
    assert list(alfalfa_n_fixed_kg_ha([0.0, 5.0])) == [0.0, 100.0]
    assert alfalfa_n_fixed_kg_ha(10.0, kg_n_per_t_shoot_dm=25.0) == pytest.approx(250.0)


def test_hay_n_uses_27_kg_per_t():
    assert hay_n_removed_kg_ha(8.0) == pytest.approx(8.0 * 27.0)


def test_barley_residue_n_by_ipcc_eq_11_6():
    # IPCC 2006 Table 11.2 barley: DRY 0.89, slope 0.98, intercept 0.59, N_AG 0.007,
    # R_BG-BIO 0.22, N_BG 0.014; 3 t/ha grain, 1 t DM straw removed.
    crop_dm = 3.0 * 0.89
    ag = 0.98 * crop_dm + 0.59
    expected = ((ag - 1.0) * 0.007 + 0.22 * (ag + crop_dm) * 0.014) * 1000.0
    assert crop_residue_n_kg_ha("barley", 3.0, removed_ag_t_ha=1.0) == pytest.approx(expected)
    assert crop_residue_n_kg_ha("barley", 0.0) == 0.0
    # unknown cover crops use the generic 'grains' row
    assert crop_residue_n_kg_ha("safflower", 2.0) == crop_residue_n_kg_ha("grains", 2.0)


def test_credit_first_and_second_year():
    assert list(n_credit_kg_ha([0, 1, 2, 3])) == [0.0, 168.0, 84.0, 0.0]


def _year(system, year, **kw):
    return SystemYear(system=system, region="kyzylorda", year=year, **kw)


def test_balance_over_a_rotation():
    alf = dict(hay_t_ha=9.0, alfalfa_shoot_dm_t_ha=11.0, n_cuts=4)
    wheat = dict(grain_t_ha=4.0, grain_crop="wheat", fertiliser_n_kg_ha=120.0)
    rows = ([_year("green-cover-alfalfa", y, **alf) for y in (1, 2, 3)]
            + [_year("green-cover-alfalfa", y, **wheat) for y in (4, 5, 6)])
    out = nitrogen_balance(rows)
    assert [n.year for n in out] == [1, 2, 3, 4, 5, 6]
    assert [n.credit_n_kg_ha for n in out] == [0, 0, 0, 168, 84, 0]
    assert [n.fertiliser_n_after_credit_kg_ha for n in out] == [0, 0, 0, 0, 36, 120]
    assert out[0].fixed_n_kg_ha == pytest.approx(220.0)
    assert out[0].hay_n_removed_kg_ha == pytest.approx(243.0)
    assert out[3].fixed_n_kg_ha == 0.0 and out[3].residue_n_kg_ha > 0.0
    # one stand over three years: Frac_Renew = 1/3 of alfalfa residue N each year
    assert alfalfa_renewal_fraction(rows) == pytest.approx(1 / 3)
    full = crop_residue_n_kg_ha("alfalfa", 9.0 / 0.90)
    assert out[0].residue_n_kg_ha == pytest.approx(full / 3)


def test_baseline_fertiliser_passes_through():
    rows = [_year("rice", y, grain_t_ha=5.0, grain_crop="rice", fertiliser_n_kg_ha=180.0,
                  flooded_days=110) for y in (1, 2)]
    out = nitrogen_balance(rows)
    assert [n.fertiliser_n_kg_ha for n in out] == [180.0, 180.0]
    assert all(n.credit_n_kg_ha == 0 and n.fixed_n_kg_ha == 0 for n in out)
