"""The monthly RothC drivers of a record are sums and means over its calendar year's months.

``scenario.run`` forms them for every field of an engine call at once
(``_monthly_drivers``: per-month sums by ``np.add.reduceat``, then a month
table per calendar year).  Here they are recomputed month by month from the
daily engine outputs and the station's daily weather with plain boolean masks,
for a system with a companion crop (carbon from both crops in the sowing year)
and one without, over several years.
"""

from __future__ import annotations

import numpy as np
import pytest

from zhassyl.farming.scenario import residue_parameters
from zhassyl.scenario.builders import field_scenario
from zhassyl.scenario.run import run_scenarios, simulate_one


@pytest.fixture(scope="module")
def one_field():
    sc = field_scenario("m", "kyzylorda", ["green-cover-alfalfa", "wheat-furrow"], years=3,
                        baseline="rice-flood", ece0_ds_m=5.0, weather_seed=11)
    return sc, simulate_one(sc, daily=True, monthly=True)


def _expected(eb, res, j, records):
    """Month-by-month drivers of unit ``j``'s records from the daily series."""
    d = {k: v[j] for k, v in res.daily.items()}
    station = eb.stations[eb.unit_station[j]]
    system = eb.systems[j]
    dates = res.dates
    year_of_day = dates.astype("datetime64[Y]").astype(int) + 1970
    month_of_day = dates.astype("datetime64[M]").astype(int) % 12
    resid = residue_parameters()
    main = resid.get(system.crop, resid["barley"])
    growth = np.diff(np.concatenate([[0.0], d["biomass_cum_t_ha"]]))
    c_main = np.clip(growth, 0.0, None) * main["root_shoot_ratio"] * main["c_fraction"]
    for day, biomass in zip(res.cut_day[j], res.cut_biomass_t_ha[j], strict=True):
        if day >= 0:
            c_main[day] += biomass * main["stubble_fraction"] * main["c_fraction"]
    c_comp = np.zeros_like(c_main)
    if system.companion:
        comp = resid.get(system.companion.crop, resid["barley"])
        cg = np.diff(np.concatenate([[0.0], d["companion_biomass_t_ha"]]))
        c_comp = np.clip(cg, 0.0, None) * comp["root_shoot_ratio"] * comp["c_fraction"]
    covered = (d["canopy_cover"] + d["companion_cc"]) > 0.1
    rain = station.weather.precip_mm[0] + d["irrigation_mm"]
    out = []
    for k in range(len(records)):
        year = int(year_of_day[eb.plans[j].starts[k]])
        carbon = c_main + c_comp if (system.companion and k == 0) else c_main
        months = [(year_of_day == year) & (month_of_day == m) for m in range(12)]
        out.append({
            "monthly_c_input_t_ha": [carbon[m].sum() for m in months],
            "monthly_cover": [int(covered[m].mean() >= 0.5) for m in months],
            "monthly_tavg_c": [station.tavg_c[m].mean() for m in months],
            "monthly_rain_mm": [rain[m].sum() for m in months],
            "monthly_et0_mm": [station.weather.et0_mm[0][m].sum() for m in months]})
    return out


def test_monthly_drivers_are_month_by_month_sums_and_means(one_field):
    sc, (eb, res, records) = one_field
    assert [s.id for s in eb.systems] == ["green-cover-alfalfa", "wheat-furrow"]
    for j, recs in enumerate(records):
        assert len(recs) == sc.years
        for rec, want in zip(recs, _expected(eb, res, j, recs), strict=True):
            for name, values in want.items():
                got = getattr(rec, name)
                assert len(got) == 12
                if name == "monthly_cover":
                    assert list(got) == values, (rec.system, rec.year, name)
                else:
                    np.testing.assert_allclose(got, values, rtol=1e-12, atol=1e-12,
                                               err_msg=f"{rec.system} {rec.year} {name}")
    # the sowing year of the green cover carries the companion's roots too
    first = records[0][0].monthly_c_input_t_ha
    assert sum(first) > 0.0


def test_a_batch_gives_the_drivers_of_the_single_field(one_field):
    """Several fields in one engine call: each field's drivers are its own."""
    sc, (_eb, _res, records) = one_field
    other = field_scenario("o", "almaty", ["green-cover-alfalfa", "wheat-furrow"], years=3,
                           baseline="wheat-furrow", ece0_ds_m=2.0, weather_seed=12)
    res = run_scenarios([other, sc], monthly=True, baselines=False)
    mine = res.for_field("m")
    assert [repr(r) for r in mine] == [repr(r) for recs in records for r in recs]


def test_without_erosion_the_records_carry_no_soil_loss(one_field):
    sc, _ = one_field
    with_loss = run_scenarios([sc], monthly=True, baselines=False)
    without = run_scenarios([sc], monthly=True, baselines=False, erosion=False)
    assert all(r.soil_loss_t_ha is not None for r in with_loss.records)
    assert all(r.soil_loss_t_ha is None for r in without.records)
    for a, b in zip(with_loss.records, without.records, strict=True):
        assert a.monthly_rain_mm == b.monthly_rain_mm and a.hay_t_ha == b.hay_t_ha
