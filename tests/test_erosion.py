"""Erosion (zhassyl.erosion): RUSLE factors against their handbooks, furrow loss, ordering.

References: Wischmeier & Smith 1978 (USDA Agriculture Handbook 537), Renard et
al. 1997 (USDA Agriculture Handbook 703), Renard & Freimund 1994.
"""

import numpy as np
import pytest

from zhassyl.erosion import rusle
from zhassyl.erosion.furrow import furrow_loss_per_irrigation
from zhassyl.erosion.soil_loss import ErosionSite, soil_loss_by_season, tillage_of
from zhassyl.errors import InputError
from zhassyl.farming.systems import load_system
from zhassyl.scenario import field_scenario

US_TO_SI = 0.1317  # AH 703: K in US customary units x 0.1317 = t ha h / (ha MJ mm)


def test_k_nomograph_reproduces_the_handbook_example():
    # AH 537 (Wischmeier & Smith 1978), the nomograph's worked example: 65 % silt + very
    # fine sand, 5 % sand, 2.8 % organic matter, structure 2, permeability class 4 -> K = 0.31
    k = rusle.erodibility_nomograph(65.0, 30.0, 2.8, 2, 4)
    assert k / US_TO_SI == pytest.approx(0.31, abs=0.005)


def test_k_falls_with_organic_matter_and_is_capped_at_four_percent():
    low, high, higher = (rusle.erodibility_nomograph(65.0, 30.0, om, 2, 3) for om in (1, 4, 6))
    assert low > high == higher


def test_ls_is_one_on_the_unit_plot():
    # AH 703 ch. 4: LS = 1 on the unit plot, 72.6 ft (22.13 m) long on a 9 % slope
    assert float(rusle.ls_factor(22.13, 9.0)) == pytest.approx(1.0, abs=0.01)


def test_s_branches_meet_at_nine_percent():
    # AH 703 eqs. 4-4 and 4-5 join at 9 %: both give S ~ 1 there
    sin = np.sin(np.arctan(0.09))
    assert 10.8 * sin + 0.03 == pytest.approx(float(rusle.slope_steepness_factor(8.999)),
                                               abs=1e-3)
    assert float(rusle.slope_steepness_factor(9.0)) == pytest.approx(1.0, abs=0.01)
    assert float(rusle.slope_steepness_factor(8.999)) == pytest.approx(1.0, abs=0.01)


def test_slope_length_exponent_within_the_usle_classes():
    # the USLE's m (AH 537): 0.5 at 5 % and steeper; 0.3 for 1-3 %, 0.2 below 1 %; RUSLE's
    # continuous m (AH 703 eqs. 4-2, 4-3) gives 0.5 on the 9 % unit plot and lies in the
    # USLE's band on gentle slopes
    assert float(rusle.slope_length_exponent(9.0)) == pytest.approx(0.50, abs=0.01)
    assert 0.2 <= float(rusle.slope_length_exponent(2.0)) <= 0.3
    assert float(rusle.slope_length_exponent(0.5)) <= 0.2


def test_renard_freimund_branches_meet_at_850_mm():
    # the two published equations join at 850 mm of annual rain (Renard & Freimund 1994)
    low = 0.04830 * 850 ** 1.610
    assert float(rusle.annual_erosivity(850.0)) == pytest.approx(low, rel=1e-9)
    assert float(rusle.annual_erosivity(850.0001)) == pytest.approx(low, rel=2e-3)


def test_daily_erosivity_sums_to_each_years_r():
    rain = np.array([0, 20, 5, 0, 10, 30, 0, 2.0])
    years = np.array([1, 1, 1, 1, 2, 2, 2, 2])
    ei = rusle.daily_erosivity(rain, years)
    assert ei[:4].sum() == pytest.approx(float(rusle.annual_erosivity(25.0)))
    assert ei[4:].sum() == pytest.approx(float(rusle.annual_erosivity(42.0)))
    assert ei[1] / ei[2] == pytest.approx(4.0 ** 1.81)


def test_cover_subfactors_follow_ah703():
    assert float(rusle.canopy_subfactor(0.0, 0.5)) == 1.0
    # full cover at ground level stops all raindrop impact (AH 703 ch. 5)
    assert float(rusle.canopy_subfactor(1.0, 0.0)) == pytest.approx(0.0)
    # 0.5 m fall height: exp(-0.1 * 0.5 / 0.3048)
    assert float(rusle.canopy_subfactor(1.0, 0.5)) == pytest.approx(
        1 - np.exp(-0.1 * 0.5 / 0.3048), rel=1e-3)
    # SC with b = 0.035 on a smooth surface: 30 % residue cover leaves exp(-1.05)
    assert float(rusle.surface_cover_subfactor(30.0)) == pytest.approx(np.exp(-1.05))
    assert float(rusle.consolidation_factor(0)) == 1.0
    assert float(rusle.consolidation_factor(7)) == pytest.approx(0.45)
    assert float(rusle.consolidation_factor(20)) == pytest.approx(0.45)


def test_support_practice_factor_is_ah537_table_14():
    assert rusle.support_practice_factor("none", 4.0) == 1.0
    assert rusle.support_practice_factor("contouring", 4.0) == 0.50
    assert rusle.support_practice_factor("contouring", 10.0) == 0.60
    assert rusle.support_practice_factor("contouring", 18.0) == 0.80


def test_furrow_loss_needs_a_slope_and_grows_with_the_stream():
    k = 0.04
    assert float(furrow_loss_per_irrigation(30, 0.5, 200, k)) == 0.0
    one = float(furrow_loss_per_irrigation(30, 2.0, 200, k))
    assert one > 0
    assert float(furrow_loss_per_irrigation(60, 2.0, 200, k)) == pytest.approx(2 * one)
    assert float(furrow_loss_per_irrigation(30, 2.0, 400, k)) == pytest.approx(one / 2)


def test_tillage_from_operations():
    assert tillage_of(["ploughing", "disc-harrowing"]) == "conventional"
    assert tillage_of(["disc-harrowing", "seed-drilling"]) == "minimal"
    assert tillage_of(["mowing"]) == "none"


def _synthetic(system_id, canopy):
    """Two years of the same rain on a 2 % Turkistan-like slope, forced canopies."""
    n = 730
    rain = np.zeros(n)
    rain[[80, 100, 120, 140, 445, 465, 485, 505]] = [15, 20, 12, 25, 15, 20, 12, 25]
    irr = np.zeros(n)
    irr[150:250:20] = 60.0
    irr[515:615:20] = 60.0
    years = np.repeat([2001, 2002], 365)
    site = ErosionSite(2.0, 100.0, 30.0, 200.0, "none", "silt-loam", 0.8)
    return soil_loss_by_season(site, load_system(system_id), canopy, np.zeros(n), rain, irr,
                               years, [0, 365], [364, 729])


def test_minimal_tillage_alfalfa_loses_less_than_conventional_furrow_wheat():
    n = 730
    day = np.arange(n) % 365
    wheat_cc = np.where((day > 95) & (day < 200), 0.8, 0.0)        # spring wheat in season
    alfalfa_cc = np.where((day > 90) & (day < 290), 0.9, 0.05)      # perennial stand
    wheat = _synthetic("wheat-furrow", wheat_cc)
    alfalfa = _synthetic("green-cover-alfalfa", alfalfa_cc)
    for w, a in zip(wheat, alfalfa, strict=True):
        assert a["c"] < w["c"]
        assert a["rain_loss_t_ha"] < w["rain_loss_t_ha"]
        assert a["furrow_loss_t_ha"] == 0.0 < w["furrow_loss_t_ha"]   # sprinklers
        assert a["soil_loss_t_ha"] < w["soil_loss_t_ha"]
    # no tillage after the sowing year: the stand's second year loses less than its first
    assert alfalfa[1]["tillage"] == "none" and alfalfa[1]["c"] < alfalfa[0]["c"]


def test_field_scenario_takes_erosion_inputs_with_sources():
    sc = field_scenario("t", "turkistan", ["wheat-furrow"], years=1)
    assert sc.slope_pct == 2.0 and sc.source_of("slope_pct") == "default"
    given = field_scenario("t", "turkistan", ["wheat-furrow"], years=1, slope_pct=4.0,
                           practice="contouring")
    assert given.source_of("slope_pct") == "given" and given.practice == "contouring"
    assert given.scenario_hash() != sc.scenario_hash()
    with pytest.raises(InputError, match="slope_pct"):
        field_scenario("t", "turkistan", ["wheat-furrow"], years=1, slope_pct=-1.0)
    from zhassyl.scenario.builders import from_json

    form = from_json({"region": "turkistan", "systems": "wheat-furrow", "years": 1,
                      "slope_pct": "4", "practice": "contouring"})
    assert form.scenario_hash() == given.scenario_hash()
    with pytest.raises(InputError, match="practice"):
        field_scenario("t", "turkistan", ["wheat-furrow"], years=1, practice="terraces")


def test_scenario_results_report_soil_loss_by_system():
    from zhassyl.scenario import run_scenarios

    sc = field_scenario("t", "turkistan", ["green-cover-alfalfa", "wheat-furrow"], years=2)
    rows = run_scenarios([sc], monthly=True, baselines=False).rows
    loss = {(r["system"], r["year"]): r["soil_loss_t_ha"] for r in rows}
    for year in (1, 2):
        assert loss[("green-cover-alfalfa", year)] < loss[("wheat-furrow", year)]
    flat = field_scenario("f", "turkistan", ["wheat-furrow"], years=2, slope_pct=0.5)
    flat_rows = run_scenarios([flat], monthly=True, baselines=False).rows
    assert all(f["soil_loss_t_ha"] < loss[("wheat-furrow", f["year"])] for f in flat_rows)
    # without daily outputs there is no erosion column
    assert "soil_loss_t_ha" not in run_scenarios([sc], baselines=False).rows[0]


def test_compare_shows_soil_loss_by_system(capsys, tmp_path, monkeypatch):
    import csv
    import io

    from zhassyl.cli import main

    monkeypatch.setenv("ZHASSYL_HOME", str(tmp_path))
    args = ["compare", "--region", "turkistan", "--systems", "green-cover-alfalfa,wheat-furrow",
            "--years", "1", "--format", "csv"]
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    loss = {r["system"]: float(r["soil_loss_t_ha"]) for r in rows}
    assert loss["green-cover-alfalfa"] < loss["wheat-furrow"]
    assert main([*args, "--slope-pct", "0.5"]) == 0
    flat = {r["system"]: float(r["soil_loss_t_ha"])
            for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert flat["wheat-furrow"] < loss["wheat-furrow"]


def test_bad_slope_is_a_usage_error(capsys):
    from zhassyl.cli import main

    assert main(["compare", "--region", "turkistan", "--systems", "wheat-furrow",
                 "--slope-pct", "-3"]) == 2
    err = capsys.readouterr().err
    assert "--slope-pct" in err and "Traceback" not in err
