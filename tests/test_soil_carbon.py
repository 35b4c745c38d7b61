"""RothC coupled to SystemYear records: forcing, initial state, balance, bad input."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from zhassyl.carbon.rothc import RothCForcing, spin_up
from zhassyl.carbon.soil_carbon import (
    equilibrium_state,
    extend_to_horizon,
    flooded_month_fraction,
    forcing_from_records,
    ipcc_climate_zone,
    ipcc_initial_soc_t_c_ha,
    pan_evaporation_mm,
    soc_by_year,
)
from zhassyl.errors import InputError
from zhassyl.farming.results import SystemYear

# A hand-made continental year (shaped like the Syr Darya lowland, not measured data).
TAVG = (-7.0, -5.0, 3.0, 13.0, 20.0, 25.0, 27.0, 25.0, 18.0, 10.0, 2.0, -4.0)
RAIN = (12.0, 12.0, 18.0, 15.0, 10.0, 4.0, 3.0, 2.0, 3.0, 8.0, 12.0, 14.0)
ET0 = (10.0, 20.0, 50.0, 100.0, 160.0, 200.0, 215.0, 190.0, 130.0, 70.0, 25.0, 10.0)
IRRIGATION = (0, 0, 0, 60, 150, 200, 220, 180, 80, 0, 0, 0)


def _year(system, year, c_input=2.4, cover=(0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0), **kw):
    monthly_c = tuple(c_input * c / sum(cover) for c in cover)
    return SystemYear(
        system=system, region="kyzylorda", year=year, rain_mm=sum(RAIN),
        monthly_c_input_t_ha=monthly_c, monthly_cover=tuple(cover), monthly_tavg_c=TAVG,
        monthly_rain_mm=tuple(r + i for r, i in zip(RAIN, IRRIGATION, strict=True)),
        monthly_et0_mm=ET0, **kw)


def test_pan_evaporation_is_et0_over_075():
    assert pan_evaporation_mm(150.0) == pytest.approx(200.0)
    forcing, _flood = forcing_from_records([[_year("a", 1)]])
    assert forcing.evap_mm[:, 0] == pytest.approx(np.array(ET0) / 0.75)
    assert forcing.rain_mm[6, 0] == RAIN[6] + IRRIGATION[6]


def test_flooded_days_placed_from_mid_may():
    frac = flooded_month_fraction(120)  # days 135..254: 17 May .. 11 Sep
    assert frac.sum() * 30.4 == pytest.approx(120, rel=0.02)
    assert frac[5] == 1.0 and frac[6] == 1.0 and frac[7] == 1.0  # Jun, Jul, Aug
    assert frac[0] == 0.0 and frac[11] == 0.0
    assert frac[4] == pytest.approx(17 / 31)  # May: 15th..31st


def test_exact_equilibrium_matches_reference_spin_up():
    # a short hand-made year; the reference spin-up stops at |dSOC| <= 1e-6 per year
    n = 12
    forcing = RothCForcing(year=np.ones(n), month=np.arange(1, n + 1), modern_pct=np.full(n, 100),
                           tmp_c=np.array(TAVG), rain_mm=np.array(RAIN) + IRRIGATION,
                           evap_mm=np.array(ET0) / 0.75, c_input_t_c_ha=np.full(n, 0.2),
                           fym_t_c_ha=np.zeros(n), plant_cover=np.ones(n),
                           dpm_rpm_ratio=np.full(n, 1.44))
    reference = spin_up(forcing, 20.0, 23.0, 2.0, tolerance_t_c_ha=1e-7).state
    exact = equilibrium_state(forcing, np.zeros(n), 20.0, 23.0, 2.0)
    for name in ("dpm_t_c_ha", "rpm_t_c_ha", "bio_t_c_ha", "hum_t_c_ha", "smd_mm"):
        assert getattr(exact, name) == pytest.approx(getattr(reference, name), rel=2e-4,
                                                     abs=1e-9), name


def _equilibrium_soc(row, clay):
    forcing, flooded = forcing_from_records([[row]])
    active = float(equilibrium_state(forcing, flooded, clay, 30.0, 0.0).active_t_c_ha[0])
    soc = active
    for _ in range(200):  # SOC = active + IOM(SOC) (Falloon), a contraction
        soc = active + 0.049 * soc ** 1.139
    return soc


def test_system_at_its_equilibrium_stays_there():
    rows = [_year("baseline", y) for y in range(1, 6)]
    soc_eq = _equilibrium_soc(rows[0], 25.0)
    out = soc_by_year(rows, clay_pct=25.0, soc_initial_t_c_ha=soc_eq)
    assert [s.year for s in out] == [1, 2, 3, 4, 5]
    assert out[0].initial_soc_t_c_ha == pytest.approx(soc_eq)
    for s in out:
        assert s.soc_t_c_ha == pytest.approx(soc_eq, abs=1e-9)
        assert s.co2_c_t_c_ha == pytest.approx(2.4, abs=1e-9)  # inputs = respiration


def test_baseline_above_its_equilibrium_declines_towards_it():
    rows = [_year("baseline", y) for y in range(1, 21)]
    soc_eq = _equilibrium_soc(rows[0], 25.0)
    out = soc_by_year(rows, clay_pct=25.0, soc_initial_t_c_ha=soc_eq * 1.2)
    series = [s.soc_t_c_ha for s in out]
    assert all(np.diff(series) < 0) and series[-1] > soc_eq


def test_more_input_builds_soc_and_balance_closes():
    rows = ([_year("baseline", y) for y in range(1, 11)]
            + [_year("green-cover-alfalfa", y, c_input=4.0,
                     cover=(0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0)) for y in range(1, 11)])
    out = soc_by_year(rows, clay_pct=25.0, soc_initial_t_c_ha=30.0)
    base = [s for s in out if s.system == "baseline"]
    proj = [s for s in out if s.system == "green-cover-alfalfa"]
    assert proj[0].initial_soc_t_c_ha == base[0].initial_soc_t_c_ha
    assert all(np.diff([s.soc_t_c_ha for s in proj]) > 0)
    gain = proj[-1].soc_t_c_ha - 30.0
    assert 0.5 < gain < 15.0
    # carbon mass balance per year: input - respired = change of stock
    for s in out:
        assert s.c_input_t_c_ha - s.co2_c_t_c_ha == pytest.approx(s.soc_change_t_c_ha, abs=1e-9)


def test_flooding_slows_decomposition():
    dry = [_year("a", y) for y in range(1, 4)]
    wet = [_year("b", y, flooded_days=120) for y in range(1, 4)]
    kwargs = dict(clay_pct=25.0, soc_initial_t_c_ha=40.0)
    soc_dry = soc_by_year(dry + wet, **kwargs)
    a = [s for s in soc_dry if s.system == "a"][-1].soc_t_c_ha
    b = [s for s in soc_dry if s.system == "b"][-1].soc_t_c_ha
    assert b > a


def test_ipcc_tier1_initial_soc():
    assert ipcc_climate_zone(12.0, 150.0, 1200.0) == "warm_temperate_dry"
    assert ipcc_climate_zone(6.0, 900.0, 600.0) == "cold_temperate_moist"
    # IPCC 2006 Table 2.3 SOCref 38 (warm temperate dry, HAC) x Table 5.5 FLU 0.80
    assert ipcc_initial_soc_t_c_ha("warm_temperate_dry") == pytest.approx(38 * 0.80)
    assert ipcc_initial_soc_t_c_ha("warm_temperate_dry", land_use="paddy_rice") == \
        pytest.approx(38 * 1.10)
    rows = [_year("rice", y, flooded_days=110) for y in (1, 2)]
    out = soc_by_year(rows, clay_pct=30.0)  # MAT 10.6 degC, rain < ET0: warm temperate dry
    assert out[0].initial_soc_t_c_ha == pytest.approx(38 * 1.10)


def test_extend_to_horizon_cycles_the_years():
    rows = [_year("a", y, c_input=float(y)) for y in (1, 2, 3)]
    out = extend_to_horizon(rows, 7)
    assert [r.year for r in out] == list(range(1, 8))
    assert [sum(r.monthly_c_input_t_ha) for r in out] == pytest.approx([1, 2, 3, 1, 2, 3, 1])
    with pytest.raises(InputError):
        extend_to_horizon(rows, 0)


@pytest.mark.parametrize("clay", [-1.0, 100.1, float("nan")])
def test_clay_outside_0_100(clay):
    with pytest.raises(InputError, match="clay_pct"):
        soc_by_year([_year("a", 1)], clay_pct=clay)


def test_negative_input_names_system_year_and_month():
    bad = dataclasses.replace(_year("a", 2), monthly_c_input_t_ha=(0.1,) * 6 + (-0.2,) + (0.1,) * 5)
    with pytest.raises(InputError) as e:
        soc_by_year([_year("a", 1), bad], clay_pct=20.0)
    (p,) = e.value.problems
    assert (p.row, p.column) == (7, "monthly_c_input_t_ha")
    assert "kyzylorda/a/2" in str(p) and "negative" in str(p)


def test_years_out_of_order_and_wrong_month_count():
    with pytest.raises(InputError, match="years must follow"):
        soc_by_year([_year("a", 1), _year("a", 3)], clay_pct=20.0)
    short = dataclasses.replace(_year("a", 1), monthly_tavg_c=TAVG[:11])
    with pytest.raises(InputError, match="expected 12 monthly values"):
        soc_by_year([short], clay_pct=20.0)
    with pytest.raises(InputError, match="plant cover"):
        soc_by_year([dataclasses.replace(_year("a", 1), monthly_cover=(2,) * 12)], clay_pct=20.0)


def test_carbon_command_on_the_scenario_layer(tmp_path, capsys):
    """The command on the real simulation: the baseline (rice) is the reference, whatever
    the order of --systems, and rice's methane makes its balance the larger one."""
    import csv
    import json

    from zhassyl.cli import main

    out = tmp_path / "ghg.csv"
    assert main(["carbon", "--region", "kyzylorda", "--systems",
                 "green-cover-alfalfa,rice-flood", "--baseline", "rice-flood", "--years", "2",
                 "--horizon", "6", "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 2 * 6
    total = {r["system"]: r for r in rows if r["source"] == "total"}
    assert float(total["rice-flood"]["difference_vs_baseline"]) == 0.0
    assert float(total["green-cover-alfalfa"]["difference_vs_baseline"]) < 0.0
    assert {r["years"] for r in rows} == {"6"}
    assert {r["level"] for r in rows} == {"farm"}     # the default production level
    capsys.readouterr()
    assert main(["carbon", "--region", "kyzylorda", "--systems", "rice-flood", "--years", "2",
                 "--horizon", "5", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["source"] for d in data} == {"rice_ch4", "n2o_direct", "n2o_indirect", "diesel",
                                           "soc_change", "total"}
