"""The shallow aquifer under fields and blocks (issue 17): constructed cases.

Expected values come from the relations themselves solved by hand or analytically
(storage change = recharge ÷ drainable porosity; the transient of Hooghoudt's
equation with drains on the impervious base, dh/dt = -4·K·h²/(μ·L²), whose solution
is h(t) = h0/(1 + 4·K·h0·t/(μ·L²))), not from the model's own output.
"""

from dataclasses import replace

import numpy as np
import pytest

from zhassyl.engine.aquifer import (
    AquiferFluxes,
    AquiferParameters,
    equivalent_depth_m,
    hooghoudt_discharge_mm_day,
    run_aquifer,
    waterlogging_days,
)

P = AquiferParameters(drainable_porosity=0.07, total_porosity=0.45, drain_depth_m=2.0,
                      drain_spacing_m=100.0, drain_radius_m=0.1, k_above_m_day=0.5,
                      k_below_m_day=0.5, base_depth_m=10.0)


def _fluxes(n_days, recharge=0.0, rise=0.0, salt_down=0.0):
    z = np.zeros((1, n_days))
    return AquiferFluxes(z + recharge, z + rise, z, z + salt_down, z, z)


def test_recharge_without_drainage_raises_the_table_by_recharge_over_porosity():
    # table below the drains (no drain outflow): 10 days x 10 mm over mu = 0.07
    res = run_aquifer(_fluxes(10, recharge=10.0), P, depth0_m=4.0, ec0_ds_m=2.0)
    assert res.drain_mm.sum() == 0.0
    assert res.water_table_m[0, -1] == pytest.approx(4.0 - 0.100 / 0.07, rel=1e-12)
    assert np.all(np.diff(res.water_table_m[0]) < 0)      # rises every day
    assert np.abs(res.water_residual_mm).max() < 1e-9
    assert np.abs(res.salt_residual_t_ha).max() < 1e-12


def test_fresh_recharge_dilutes_the_groundwater_by_mass_balance():
    res = run_aquifer(_fluxes(10, recharge=10.0), P, depth0_m=4.0, ec0_ds_m=2.0)
    # salt unchanged, water between table and base grows: EC x (10-4)/(10-z)
    z = res.water_table_m[0, -1]
    assert res.ec_gw_ds_m[0, -1] == pytest.approx(2.0 * (10.0 - 4.0) / (10.0 - z), rel=1e-12)


def test_drains_on_the_impervious_base_follow_the_ellipse_equation_transient():
    # Kb = 0 (or D = 0): q = 4·Ka·h²/L² (Hooghoudt with d = 0: the ellipse equation,
    # Ritzema 1994 ch. 8); the falling table solves dh/dt = -4·K·h²/(μ·L²) exactly as
    # h0/(1 + 4·K·h0·t/(μ·L²)); the daily explicit step differs by its time error only
    p = replace(P, k_below_m_day=0.0)
    days = 100
    res = run_aquifer(_fluxes(days), p, depth0_m=1.0, ec0_ds_m=0.0)   # h0 = 1 m
    h = p.drain_depth_m - res.water_table_m[0]
    t = np.arange(1, days + 1)
    exact = 1.0 / (1.0 + 4.0 * 0.5 * 1.0 * t / (0.07 * 100.0 ** 2))
    assert h == pytest.approx(exact, rel=2e-3)   # Euler's error with a 1-day step
    assert np.abs(res.water_residual_mm).max() < 1e-9


def test_hooghoudt_discharge_by_hand():
    # q = (8·Kb·d·h + 4·Ka·h²)/L² with Moody's d for D = 8 m, L = 100 m, u = π·0.1 m
    big_d, length, u = 8.0, 100.0, np.pi * 0.1
    d = big_d / (1.0 + big_d / length * (8.0 / np.pi * np.log(big_d / u) - 3.4))
    assert equivalent_depth_m(big_d, length, 0.1) == pytest.approx(d, rel=1e-12)
    h = 0.5
    q = (8.0 * 0.5 * d * h + 4.0 * 0.5 * h * h) / length ** 2
    assert hooghoudt_discharge_mm_day(1.5, P) == pytest.approx(1000.0 * q, rel=1e-12)
    assert hooghoudt_discharge_mm_day(2.5, P) == 0.0        # table below the drains
    # D/L > 0.3: d = π·L/(8·(ln(L/u) - 1.15)), never more than D
    assert equivalent_depth_m(50.0, 20.0, 0.1) == pytest.approx(
        np.pi * 20.0 / (8.0 * (np.log(20.0 / u) - 1.15)), rel=1e-12)


def test_capillary_rise_lowers_the_table_and_takes_its_salt():
    res = run_aquifer(AquiferFluxes(np.zeros((1, 5)), np.full((1, 5), 2.0), np.zeros((1, 5)),
                                    np.zeros((1, 5)), np.full((1, 5), 0.01), np.zeros((1, 5))),
                      P, depth0_m=2.5, ec0_ds_m=5.0)
    assert res.water_table_m[0, -1] == pytest.approx(2.5 + 0.010 / 0.07, rel=1e-12)
    assert np.abs(res.salt_residual_t_ha).max() < 1e-12


def test_waterlogging_index_counts_days_above_the_critical_depth():
    z = np.array([[3.0, 2.4, 1.0, 2.5, 0.0, -1.0]])     # 0: at the surface; -1: no table
    assert waterlogging_days(z, 2.5).tolist() == [3]
    assert waterlogging_days(z, np.full((1, 6), 1.2)).tolist() == [2]


def test_parameters_are_checked():
    with pytest.raises(ValueError):
        replace(P, drainable_porosity=0.5)          # above the total porosity
    with pytest.raises(ValueError):
        replace(P, drain_depth_m=12.0)              # below the base


def test_packaged_parameters_have_sources():
    from zhassyl.groundwater import aquifer_parameters, critical_depth_m
    from zhassyl.groundwater.params import _rows

    p = aquifer_parameters("kyzylorda")
    assert 0.0 < p.drainable_porosity < p.total_porosity
    assert 1.5 <= critical_depth_m("kyzylorda") <= 4.0
    assert all(r["source"].strip() for r in _rows().values())


# --- engine fields on their aquifers --------------------------------------------------

@pytest.fixture(scope="module")
def kyzylorda():
    from zhassyl.groundwater import aquifer_parameters
    from zhassyl.scenario.builders import field_scenario
    from zhassyl.scenario.engine_inputs import engine_batch

    sc = field_scenario("f1", "kyzylorda", ["rice-flood", "green-cover-alfalfa"], years=2)
    eb = engine_batch([sc], [(0, s) for s in sc.systems])
    names = [eb.systems[u].id for g in eb.groups for u in g.units]
    return sc, [(g.fields, g.weather) for g in eb.groups], names, aquifer_parameters("kyzylorda")


def test_a_fixed_table_given_day_by_day_reproduces_the_constant_one(kyzylorda):
    from zhassyl.engine.simulate import simulate

    _sc, groups, _names, _p = kyzylorda
    fields, weather = groups[1]
    base = simulate(fields, weather, daily=True)
    mg = fields.management[np.asarray(fields.management_index)]
    series = replace(fields, gw_depth_m=np.repeat(mg["groundwater_depth_m"][:, None],
                                                  weather.n_days, axis=1),
                     gw_ec_ds_m=np.repeat(mg["ec_gw_ds_m"][:, None], weather.n_days, axis=1))
    again = simulate(series, weather, daily=True)
    np.testing.assert_array_equal(base.season, again.season)
    for k in base.daily:
        np.testing.assert_array_equal(base.daily[k], again.daily[k])


def test_rice_raises_its_neighbours_table_and_alfalfa_alone_keeps_it_deeper(kyzylorda):
    from zhassyl.engine.aquifer import waterlogging_days
    from zhassyl.groundwater import critical_depth_m
    from zhassyl.groundwater.coupling import Blocks, one_block_per_field, simulate_with_water_table

    sc, groups, names, p = kyzylorda
    alone = simulate_with_water_table(
        groups, one_block_per_field(2, [p, p], sc.groundwater_depth_m, sc.ec_gw_ds_m))
    block = simulate_with_water_table(
        groups, Blocks(np.array([0, 0]), np.ones(2), (p,), np.array([sc.groundwater_depth_m]),
                       np.array([sc.ec_gw_ds_m])))
    rice, alfalfa = names.index("rice-flood"), names.index("green-cover-alfalfa")
    assert alone.iterations == 1 and alone.converged
    assert block.converged and block.mismatch_m < 0.01
    z_alone, z_block = alone.water_table_m, block.water_table_m
    # rice basins hold the table higher than alfalfa does on its own
    assert z_alone[rice].mean() < z_alone[alfalfa].mean()
    # beside rice, the alfalfa field's table is higher than on its own
    assert z_block[alfalfa].mean() < z_alone[alfalfa].mean()
    crit = critical_depth_m("kyzylorda")
    assert waterlogging_days(z_block[alfalfa], crit) > waterlogging_days(z_alone[alfalfa], crit)
    # the aquifers' balances close every day
    assert alone.water_residual_mm < 1e-9 and block.water_residual_mm < 1e-9


def test_deep_roots_draw_the_table_down_on_days_without_recharge(kyzylorda):
    from zhassyl.groundwater.coupling import one_block_per_field, simulate_with_water_table

    sc, groups, names, p = kyzylorda
    # drains above the table (no outflow) and no canal seepage: the table moves only by
    # the field's own exchange
    q = replace(p, drain_depth_m=0.05, canal_loss_fraction=0.0)
    res = simulate_with_water_table(groups, one_block_per_field(2, [q, q], 1.8, 0.0))
    i = names.index("green-cover-alfalfa")
    daily = {k: np.concatenate([r.daily[k] for r in res.engine])[i]
             for k in ("capillary_rise_mm", "drainage_mm", "seepage_mm", "root_depth_m")}
    z = res.water_table_m[i]
    quiet = (daily["drainage_mm"][:-1] == 0.0) & (daily["capillary_rise_mm"][:-1] > 0.0) \
        & (daily["root_depth_m"][:-1] > 1.0)
    assert quiet.sum() > 10
    fall = (z[1:] - z[:-1])[quiet]
    assert np.all(fall > 0.0)
    np.testing.assert_allclose(fall, daily["capillary_rise_mm"][:-1][quiet] / (1000.0 * 0.07),
                               rtol=1e-9)


# --- through the scenario layer and the CLI ---------------------------------------------

def test_a_fixed_table_keeps_the_scenario_hash_and_dynamic_changes_it():
    from zhassyl.scenario.builders import field_scenario, with_water_table

    sc = field_scenario("f", "kyzylorda", ["green-cover-alfalfa"], years=1)
    assert "water_table" not in sc.inputs()
    dyn = with_water_table(sc, "dynamic")
    assert dyn.scenario_hash() != sc.scenario_hash()
    assert with_water_table(dyn, "fixed").scenario_hash() == sc.scenario_hash()


def test_compare_shows_the_water_table_under_rice_and_alfalfa(capsys):
    import csv
    import io

    from zhassyl.cli import main

    assert main(["compare", "--region", "kyzylorda", "--systems",
                 "rice-flood,green-cover-alfalfa", "--years", "2", "--water-table", "dynamic",
                 "--format", "csv"]) == 0
    out = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert {"water_table_m", "water_table_min_m", "ec_gw_ds_m", "waterlogging_days"} <= set(rows[0])
    by = {(r["system"], r["year"]): r for r in rows}
    for year in ("1", "2"):
        rice, alfalfa = by[("rice-flood", year)], by[("green-cover-alfalfa", year)]
        assert float(rice["water_table_m"]) < float(alfalfa["water_table_m"])
        assert int(rice["waterlogging_days"]) >= int(alfalfa["waterlogging_days"])
        assert float(rice["ec_gw_ds_m"]) > 0
    assert "water table: dynamic" in out.err


def test_a_dynamic_table_is_refused_where_the_region_has_no_aquifer(capsys):
    from zhassyl.cli import main

    assert main(["compare", "--region", "mangystau", "--systems", "green-cover-alfalfa",
                 "--years", "1", "--water-table", "dynamic"]) == 1
    err = capsys.readouterr().err
    assert "--water-table" in err and "Traceback" not in err


def test_a_broken_groundwater_balance_fails_loudly(kyzylorda):
    from zhassyl.engine.aquifer import kernel_parameters
    from zhassyl.engine.simulate import simulate
    from zhassyl.errors import BalanceError
    from zhassyl.groundwater.coupling import check_aquifer_balance

    sc, groups, _names, p = kyzylorda
    fields, weather = groups[1]
    rows = kernel_parameters(p, sc.groundwater_depth_m, sc.ec_gw_ds_m)[None]
    res = simulate(replace(fields, aquifer=rows), weather, daily=True)
    from zhassyl.scenario.run import irrigation_salt_g_l

    c_iw = irrigation_salt_g_l(fields)
    check_aquifer_balance(res.daily, rows, c_iw)           # water and salt close
    wrong = rows.copy()
    wrong[0, 0] *= 1.5                                     # another drainable porosity
    with pytest.raises(BalanceError, match="groundwater balance"):
        check_aquifer_balance(res.daily, wrong, c_iw)
    wrong = rows.copy()
    wrong[0, 1] *= 1.5                                     # another total porosity
    with pytest.raises(BalanceError, match="groundwater salt balance"):
        check_aquifer_balance(res.daily, wrong, c_iw)


def test_compare_with_a_block_puts_rice_and_alfalfa_on_one_table(capsys):
    import csv
    import io

    from zhassyl.cli import main

    def rows(mode):
        assert main(["compare", "--region", "kyzylorda", "--systems",
                     "rice-flood,green-cover-alfalfa", "--years", "2", "--water-table", mode,
                     "--format", "csv"]) == 0
        out = capsys.readouterr()
        return {(r["system"], r["year"]): r for r in csv.DictReader(io.StringIO(out.out))}, \
            out.err

    block, err = rows("block")
    alone, _err = rows("dynamic")
    assert "water table: block" in err
    for year in ("1", "2"):
        rice, alfalfa = block[("rice-flood", year)], block[("green-cover-alfalfa", year)]
        # one aquifer: the same table under both (to the coupling's tolerance, 1 cm)
        assert abs(float(rice["water_table_m"]) - float(alfalfa["water_table_m"])) <= 0.011
        # beside rice, the alfalfa's table is higher and waterlogged on more days
        assert float(alfalfa["water_table_m"]) < float(
            alone[("green-cover-alfalfa", year)]["water_table_m"])
        assert int(alfalfa["waterlogging_days"]) >= int(
            alone[("green-cover-alfalfa", year)]["waterlogging_days"])
