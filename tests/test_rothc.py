"""RothC 26.3 against the Rothamsted reference and the published equations.

Sources: the RothC 26.3 model description (Coleman, Prout & Milne 2024,
``RothC_description.pdf`` of Rothamsted-Models/RothC_Py, sects. 1.3-1.8) and
the reference's published example output (``month_results.csv``,
``year_results.csv``), kept in ../shared/reference/rothc-example.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from zhassyl.carbon.rothc import (
    MONTH_RESULT_COLUMNS,
    RothCForcing,
    RothCParameters,
    carbon_balance_residual_t_c_ha,
    check_carbon_balance,
    co2_partition_ratio,
    default_parameters,
    delta14c_permil,
    initial_state,
    iom_falloon,
    load_rothc_parameters,
    max_tsmd_mm,
    month_results_rows,
    rate_modifier_cover,
    rate_modifier_moisture,
    rate_modifier_temperature,
    read_rothc_input,
    rothc_month,
    run_rothc,
    run_rothc_input,
    spin_up,
)
from zhassyl.cli import main
from zhassyl.errors import BalanceError, InputError, ParameterError

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "rothc-example"
RTOL = 1e-9



def _read_table(path: Path) -> np.ndarray:
    return np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64)


@pytest.fixture(scope="module")
def reference_run():
    data = read_rothc_input(REFERENCE / "RothC_input.dat")
    return data, run_rothc_input(data)


# --- the reference example ---------------------------------------------------------------


def test_header_of_reference_month_results_matches():
    header = (REFERENCE / "month_results.csv").read_text().splitlines()[0]
    assert tuple(header.split(",")) == MONTH_RESULT_COLUMNS


def test_reproduces_reference_month_results(reference_run):
    _, result = reference_run
    expected = _read_table(REFERENCE / "month_results.csv")
    got = np.array(month_results_rows(result), dtype=np.float64)
    assert got.shape == expected.shape == (828, 9)
    np.testing.assert_array_equal(got[:, :2], expected[:, :2])
    # Pools and SOC: 1e-9 relative (observed: ~1e-14).
    np.testing.assert_allclose(got[:, 2:8], expected[:, 2:8], rtol=RTOL, atol=0.0)
    # delta-14C: 1e-9 relative; it crosses zero in 2005 (-0.0039 per mil), where
    # platform rounding in the published file shows as 9.1e-10 relative, hence a
    # 1e-10 per mil absolute floor.
    np.testing.assert_allclose(got[:, 8], expected[:, 8], rtol=RTOL, atol=1e-10)


def test_spin_up_matches_reference_year_results(reference_run):
    _, result = reference_run
    years = _read_table(REFERENCE / "year_results.csv")
    # First row: the equilibrium state; its "Month" is the number of spin-up months.
    assert result.spin_up_months.tolist() == [int(years[0, 1])] == [19872]
    s = result.initial
    got = [s.dpm_t_c_ha[0], s.rpm_t_c_ha[0], s.bio_t_c_ha[0], s.hum_t_c_ha[0],
           s.iom_t_c_ha[0], s.soc_t_c_ha[0], delta14c_permil(s.soc_age_yr)[0]]
    np.testing.assert_allclose(got, years[0, 2:], rtol=RTOL)
    # Other rows: the December states.
    december = result.month == 12
    np.testing.assert_allclose(result.soc_t_c_ha[december, 0], years[1:, 7], rtol=RTOL)


def test_carbon_balance_closes_every_month_of_reference(reference_run):
    _, result = reference_run
    residual = carbon_balance_residual_t_c_ha(result)
    assert np.abs(residual).max() < 1e-9
    assert (result.co2_t_c_ha > 0).all()


def test_restart_from_measured_pools_continues_the_run(reference_run):
    data, result = reference_run
    rest = run_rothc(data.forcing.months(slice(12, None)), data.clay_pct, data.depth_cm,
                     initial=result.initial)
    np.testing.assert_allclose(rest.soc_t_c_ha, result.soc_t_c_ha, rtol=1e-13)
    np.testing.assert_allclose(rest.delta14c_permil, result.delta14c_permil, rtol=1e-12)


def test_cli_writes_reference_table(tmp_path):
    out = tmp_path / "month.csv"
    assert main(["rothc", str(REFERENCE / "RothC_input.dat"), "-o", str(out)]) == 0
    header = out.read_text().splitlines()[0]
    assert tuple(header.split(",")) == MONTH_RESULT_COLUMNS
    expected = _read_table(REFERENCE / "month_results.csv")
    np.testing.assert_allclose(_read_table(out), expected, rtol=RTOL, atol=1e-10)


# --- vectorised over fields --------------------------------------------------------------


def _synthetic_forcing(n_years: int = 3, n_fields: int | None = None) -> RothCForcing:
    n = 12 * n_years
    months = np.tile(np.arange(1, 13), n_years)
    tmp = 10.0 - 12.0 * np.cos(2 * np.pi * (months - 1) / 12)
    rain = np.full(n, 20.0)
    evap = 10.0 + 100.0 * np.clip(np.sin(np.pi * (months - 3) / 9), 0.0, None)
    c_inp = np.where((months >= 4) & (months <= 9), 0.4, 0.0)
    fym = np.where(months == 3, 2.0, 0.0)
    pc = ((months >= 4) & (months <= 9)).astype(float)
    if n_fields:
        scale = np.linspace(0.5, 1.5, n_fields)
        c_inp = c_inp[:, None] * scale
        tmp = tmp[:, None] + scale
    return RothCForcing(year=2000 + (np.arange(n) // 12), month=months, modern_pct=100.0
                        + np.zeros(n), tmp_c=tmp, rain_mm=rain, evap_mm=evap,
                        c_input_t_c_ha=c_inp, fym_t_c_ha=fym, plant_cover=pc,
                        dpm_rpm_ratio=np.full(n, 1.44))


def test_fields_run_together_equal_fields_run_alone():
    forcing = _synthetic_forcing(n_fields=3)
    clay = np.array([5.0, 25.0, 60.0])
    depth = np.array([20.0, 23.0, 30.0])
    together = run_rothc(forcing, clay, depth, np.array([1.0, 2.0, 3.0]),
                         spin_up_tolerance_t_c_ha=1e-2)
    assert together.soc_t_c_ha.shape == (24, 3)
    for i in range(3):
        alone_forcing = dataclasses.replace(
            forcing, c_input_t_c_ha=forcing.c_input_t_c_ha[:, i], tmp_c=forcing.tmp_c[:, i])
        alone = run_rothc(alone_forcing, clay[i], depth[i], float(i + 1),
                          spin_up_tolerance_t_c_ha=1e-2)
        assert alone.spin_up_months[0] == together.spin_up_months[i]
        np.testing.assert_allclose(alone.soc_t_c_ha[:, 0], together.soc_t_c_ha[:, i],
                                   rtol=1e-13)
        np.testing.assert_allclose(alone.delta14c_permil[:, 0],
                                   together.delta14c_permil[:, i], rtol=1e-12)


def test_compiled_year_loop_equals_month_by_month_and_one_field_equals_the_batch():
    """advance() (parallel over many fields) = rothc_month month by month = one field alone."""
    from zhassyl.carbon.rothc import _PARALLEL_MIN_FIELDS, advance

    n = _PARALLEL_MIN_FIELDS + 3
    forcing = _synthetic_forcing(n_years=4, n_fields=n)
    clay = np.linspace(5.0, 60.0, n)
    start = initial_state(0.2, 3.0, 0.5, 20.0, 2.0, hum_age_yr=300.0, rpm_age_yr=5.0,
                          n_fields=n)
    end = advance(start, forcing, clay, 23.0)
    state = start
    for i in range(forcing.n_months):
        state = rothc_month(state, clay_pct=clay, depth_cm=23.0, **forcing.drivers(i)).state
    for name in ("dpm_t_c_ha", "rpm_t_c_ha", "bio_t_c_ha", "hum_t_c_ha", "smd_mm",
                 "dpm_age_yr", "rpm_age_yr", "bio_age_yr", "hum_age_yr", "soc_age_yr"):
        np.testing.assert_allclose(getattr(end, name), getattr(state, name), rtol=1e-12,
                                   atol=1e-12, err_msg=name)
    for i in (0, n // 2, n - 1):       # one field alone runs the serial kernel
        alone = advance(initial_state(0.2, 3.0, 0.5, 20.0, 2.0, hum_age_yr=300.0,
                                      rpm_age_yr=5.0),
                        dataclasses.replace(forcing, c_input_t_c_ha=forcing.c_input_t_c_ha[:, i],
                                            tmp_c=forcing.tmp_c[:, i]), clay[i], 23.0)
        assert alone.soc_t_c_ha[0] == pytest.approx(end.soc_t_c_ha[i], rel=1e-14)
        assert alone.soc_age_yr[0] == pytest.approx(end.soc_age_yr[i], rel=1e-13)


def _measured_state(n_fields: int = 1):
    # plausible measured pools (t C/ha) of an arable topsoil, IOM by Falloon et al. (1998)
    return initial_state(0.15, 4.5, 0.67, 25.9, iom_falloon(33.8), hum_age_yr=117.0,
                         n_fields=n_fields)


def test_mass_balance_with_manure_every_month():
    result = run_rothc(_synthetic_forcing(n_years=20, n_fields=4), 20.0, 25.0,
                       initial=_measured_state(4))
    residual = carbon_balance_residual_t_c_ha(result)
    assert np.abs(residual).max() < 1e-9
    assert result.fym_t_c_ha.sum() > 0


def test_broken_balance_raises():
    result = run_rothc(_synthetic_forcing(), 20.0, 25.0, initial=_measured_state())
    leaky = dataclasses.replace(result, co2_t_c_ha=result.co2_t_c_ha * 1.001)
    with pytest.raises(BalanceError):
        check_carbon_balance(leaky)


def test_spin_up_reaches_equilibrium_and_empty_input_stays_empty():
    forcing = _synthetic_forcing(n_years=1)
    zero = dataclasses.replace(forcing, c_input_t_c_ha=np.zeros(12), fym_t_c_ha=np.zeros(12))
    spun = spin_up(zero, 20.0, 23.0, 1.5)
    assert spun.months.tolist() == [12]
    assert spun.state.soc_t_c_ha.tolist() == [1.5]
    spun = spin_up(forcing, [10.0, 40.0], 23.0, 1.5, tolerance_t_c_ha=1e-3)
    # after the equilibrium year, one more year changes the active pools by < 1e-3
    state = spun.state
    for k in range(12):
        state = rothc_month(state, clay_pct=[10.0, 40.0], depth_cm=23.0,
                            **forcing.drivers(k)).state
    assert np.all(np.abs(state.active_t_c_ha - spun.state.active_t_c_ha) < 1e-3)


def test_iom_from_falloon_when_not_given():
    forcing = _synthetic_forcing()
    result = run_rothc(forcing, 20.0, 23.0, soc_measured_t_c_ha=33.8,
                       spin_up_tolerance_t_c_ha=1e-2)
    np.testing.assert_allclose(result.iom_t_c_ha, iom_falloon(33.8))
    with pytest.raises(InputError):
        run_rothc(forcing, 20.0, 23.0)


# --- rate modifiers and partition, by hand from the published equations --------------------


def test_temperature_modifier_by_hand():
    # sect. 1.6: a = 47.91 / (1 + exp(106.06 / (T + 18.27))); 0 below -5 degC (RothC_Py)
    t = np.array([9.0, 25.0, -5.0, -5.1, np.nan])
    expected = [47.91 / (1.0 + math.exp(106.06 / 27.27)),  # = 0.9606113...
                47.91 / (1.0 + math.exp(106.06 / 43.27)),  # = 3.8019757...
                47.91 / (1.0 + math.exp(106.06 / 13.27)),  # = 0.0161881...
                0.0, np.nan]
    np.testing.assert_allclose(rate_modifier_temperature(t), expected, rtol=1e-14)
    assert rate_modifier_temperature(9.0) == pytest.approx(0.96061131830811, rel=1e-12)
    assert rate_modifier_temperature(9.0).shape == ()


def test_max_deficit_rothamsted_example():
    # sect. 1.6: Rothamsted, 23.4 % clay, 0-23 cm: max TSMD = -44.94 mm
    assert max_tsmd_mm(23.4, 23.0) == pytest.approx(-(20.0 + 1.3 * 23.4 - 0.01 * 23.4**2))
    assert round(float(max_tsmd_mm(23.4, 23.0)), 2) == -44.94
    # scaled by depth / 23
    assert max_tsmd_mm(23.4, 46.0) == pytest.approx(2 * -44.9444)


def test_moisture_deficit_accumulates_as_the_published_rothamsted_table():
    # sect. 1.6 table: Rothamsted rainfall and open-pan evaporation (mm), Jan-Dec,
    # accumulated TSMD 0 0 0 0 -10.25 -27.50 -44.94 -44.94 -38.69 -8.19 0 0
    rain = [74, 59, 62, 51, 52, 57, 34, 55, 58, 56, 75, 71]
    evap = [8, 10, 27, 49, 83, 99, 103, 91, 69, 34, 16, 8]
    published = [0, 0, 0, 0, -10.25, -27.50, -44.94, -44.94, -38.69, -8.19, 0, 0]
    smd = np.zeros(1)
    got = []
    for r, e in zip(rain, evap, strict=True):
        _b, smd = rate_modifier_moisture(r, e, smd, 23.4, 23.0, 1)
        got.append(float(smd[0]))
    np.testing.assert_allclose(got, published, atol=0.006)


def test_moisture_modifier_by_hand():
    # sect. 1.6: b = 0.2 + 0.8 (max - acc) / (max - 0.444 max) when acc <= 0.444 max
    smd_max = -(20.0 + 1.3 * 23.4 - 0.01 * 23.4**2)
    b, smd = rate_modifier_moisture(0.0, 36.666666666666664, -0.0, 23.4, 23.0, 1)
    assert smd == pytest.approx(-27.5)
    assert b == pytest.approx(0.2 + 0.8 * (smd_max + 27.5) / (smd_max - 0.444 * smd_max))
    assert b == pytest.approx(0.7584645943678838, rel=1e-12)
    # wetter than 0.444 max: b = 1; at max: b = 0.2
    b, _smd = rate_modifier_moisture(0.0, 20.0, 0.0, 23.4, 23.0, 1)
    assert b == 1.0
    b, _smd = rate_modifier_moisture(0.0, 500.0, 0.0, 23.4, 23.0, 1)
    assert b == pytest.approx(0.2)
    assert _smd == pytest.approx(smd_max)


def test_bare_soil_dries_only_to_bare_deficit():
    # sect. 1.6: bare soil dries no further than max TSMD / 1.8 (0.556 in RothC_Py) ...
    smd_max = -(20.0 + 1.3 * 23.4 - 0.01 * 23.4**2)
    _b, smd = rate_modifier_moisture([0.0, 0.0], [80.0, 80.0], [0.0, 0.0], 23.4, 23.0,
                                     [0, 1])
    np.testing.assert_allclose(smd, [0.556 * smd_max, -60.0 if -60 > smd_max else smd_max])
    # ... unless it is already drier, in which case it stays where it is
    _b, smd = rate_modifier_moisture(0.0, 80.0, -40.0, 23.4, 23.0, 0)
    assert smd == pytest.approx(-40.0)
    # and rain wets it up again, never above field capacity (0)
    _b, smd = rate_modifier_moisture([30.0, 100.0], [0.0, 0.0], [-40.0, -40.0], 23.4, 23.0, 0)
    np.testing.assert_allclose(smd, [-10.0, 0.0])


def test_cover_modifier():
    # sect. 1.6: c = 0.6 vegetated, 1.0 bare
    np.testing.assert_array_equal(rate_modifier_cover([1, 0, True, np.nan]),
                                  [0.6, 1.0, 0.6, np.nan])


def test_co2_partition_ratio_rothamsted():
    # sect. 1.7: x = 1.67 (1.85 + 1.60 exp(-0.0786 clay)); 3.51 at 23.4 % clay
    assert co2_partition_ratio(23.4) == pytest.approx(
        1.67 * (1.85 + 1.60 * math.exp(-0.0786 * 23.4)), rel=1e-15)
    assert round(float(co2_partition_ratio(23.4)), 2) == 3.51


def test_falloon_iom_and_delta14c():
    # Falloon et al. 1998: IOM = 0.049 TOC^1.139; description sect. 2.1: 2.7 of 33.8 t C/ha
    assert iom_falloon(33.8) == pytest.approx(0.049 * 33.8**1.139)
    assert round(float(iom_falloon(33.8)), 1) == 2.7
    # sect. 1.8: IOM at 50,000 years has delta14C = -998.0; sect. 2.2 total: 764.37 y, -90.75
    assert round(float(delta14c_permil(50000.0)), 1) == -998.0
    assert round(float(delta14c_permil(764.37)), 2) == -90.75


def test_one_month_decay_worked_example():
    # sect. 2.2: DPM 0.1533 -> 0.1140, RPM 4.4852 -> 4.4455 with abc = 0.3561, no inputs.
    # Force abc = 0.3561 through the temperature factor with wet, covered soil:
    # a = 0.3561 / 0.6, solve a = 47.91 / (1 + exp(106.06 / (T + 18.27))) for T.
    a = 0.3561 / 0.6
    tmp = 106.06 / math.log(47.91 / a - 1.0) - 18.27
    state = initial_state(0.1533, 4.4852, 0.6671, 25.8576, 2.7)
    step = rothc_month(state, tmp_c=tmp, rain_mm=100.0, evap_mm=0.0, plant_cover=1,
                       c_input_t_c_ha=0.0, fym_t_c_ha=0.0, dpm_rpm_ratio=1.44,
                       modern_pct=100.0, clay_pct=23.4, depth_cm=23.0)
    assert step.rmf_temperature * step.rmf_moisture * step.rmf_cover == pytest.approx(0.3561)
    assert float(step.state.dpm_t_c_ha[0]) == pytest.approx(0.1140, abs=1e-4)  # 0.11394
    assert float(step.state.rpm_t_c_ha[0]) == pytest.approx(4.4455, abs=1e-4)


# --- parameters and bad input ------------------------------------------------------------


def test_parameters_load_with_published_values():
    p = default_parameters()
    assert isinstance(p, RothCParameters)
    assert (p.k_dpm_per_yr, p.k_rpm_per_yr, p.k_bio_per_yr, p.k_hum_per_yr) == (
        10.0, 0.3, 0.66, 0.02)
    assert (p.fym_dpm_fraction, p.fym_rpm_fraction, p.fym_hum_fraction) == (0.49, 0.49, 0.02)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.k_dpm_per_yr = 1.0  # type: ignore[misc]


def test_bad_parameter_file(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name,value,unit,source\nk_dpm_per_yr,ten,yr-1,x\n")
    with pytest.raises(ParameterError, match="not a number"):
        load_rothc_parameters(path)


def _write_input(tmp_path, rows: list[str], site: str = "13.0\t25.0\t3.0\t13") -> Path:
    text = ("example\nsecond line\n (%) (cm) (t C/ha) (-)\nclay\tdepth\tiom\tnsteps\n"
            f"{site}\n(-) (-) (%) (C) (mm) (mm) (t C/ha) (t C/ha) (-) (-)\n"
            "year  month  modern\tTmp\tRain\tEvap  C_inp\tFYM\tPC  DPM_RPM\n"
            + "\n".join(rows) + "\n")
    path = tmp_path / "in.dat"
    path.write_text(text)
    return path


def _good_rows(n: int = 13) -> list[str]:
    return [f"{1 + i // 12}\t{1 + i % 12}\t100\t8.0\t50\t40\t0.2\t0\t1\t1.44" for i in range(n)]


def test_reads_small_input_and_runs(tmp_path):
    data = read_rothc_input(_write_input(tmp_path, _good_rows()))
    assert (data.clay_pct, data.depth_cm, data.iom_t_c_ha, data.n_steps) == (13.0, 25.0, 3.0, 13)
    result = run_rothc_input(data)
    assert result.soc_t_c_ha.shape == (1, 1)


def test_bad_input_names_rows_and_columns(tmp_path):
    rows = _good_rows()
    rows[2] = "1\t3\t100\t8.0\t-50\t40\t0.2\t0\t1\t1.44"  # negative rain
    rows[4] = "1\t5\t100\tabc\t50\t40\t0.2\t0\t2\t1.44"  # bad Tmp, PC = 2
    with pytest.raises(InputError) as info:
        read_rothc_input(_write_input(tmp_path, rows))
    where = {(p.row, p.column) for p in info.value.problems}
    assert {(10, "rain"), (12, "tmp"), (12, "pc")} <= where


def test_too_few_rows_and_bad_site(tmp_path):
    with pytest.raises(InputError, match="nsteps"):
        read_rothc_input(_write_input(tmp_path, _good_rows(5)))
    with pytest.raises(InputError) as info:
        read_rothc_input(_write_input(tmp_path, _good_rows(), site="130\t-1\t3\t13"))
    assert {p.column for p in info.value.problems} == {"clay", "depth"}


def test_cli_bad_input_exit_code(tmp_path, capsys):
    path = _write_input(tmp_path, _good_rows(5))
    assert main(["rothc", str(path)]) == 1
    assert "nsteps" in capsys.readouterr().err
