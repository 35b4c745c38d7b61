"""AquaCrop 7 file readers, checked on the Ottawa alfalfa test case shipped with AquaCrop 7.3.

Expected values are read by eye in the files of
shared/reference/aquacrop-ottawa-alfalfa (KUL-RSDA/AquaCrop testcase/) and
cross-checked with shared/reference/agronomy/aquacrop_alfalfa_parameters.csv and
aquacrop_alfalfa_cutting_example.csv; dates of cuts are checked against AquaCrop's
own harvests output.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest

from zhassyl.aquacrop import (
    CropType,
    CuttingCriterion,
    Planting,
    RecordType,
    SeasonCriterion,
    date_from_day_number,
    day_number,
    load_climate_series,
    read_calendar,
    read_climate,
    read_co2,
    read_crop,
    read_day_output,
    read_eto,
    read_harvests_output,
    read_management,
    read_observations,
    read_program_parameters,
    read_project,
    read_rain,
    read_season_output,
    read_soil,
    read_temperature,
)
from zhassyl.errors import InputError

SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference"
CASE = (SHARED / "aquacrop-ottawa-alfalfa").resolve()  # ../shared may be a link
AGRONOMY = SHARED / "agronomy"
BAD = Path(__file__).resolve().parent / "data" / "aquacrop"



def _csv(name: str, key: str, value: str) -> dict[str, str]:
    with open(AGRONOMY / name, newline="", encoding="utf-8") as handle:
        return {row[key]: row[value] for row in csv.DictReader(handle)}


def _problems(excinfo) -> list:
    return excinfo.value.problems


# -- day numbers ------------------------------------------------------------------------

def test_day_numbers_match_the_dates_written_in_the_project_file():
    # Ottawa.PRM: "41414 : First day of simulation period - 21 May 2014" etc.
    assert day_number(21, 5, 2014) == 41414
    assert date_from_day_number(41577) == dt.date(2014, 10, 31)
    assert date_from_day_number(41935) == dt.date(2015, 10, 24)
    assert date_from_day_number(42131) == dt.date(2016, 5, 7)
    assert day_number(1, 1, 1901) == 1


def test_day_numbers_are_days_since_31_december_1900_and_invert():
    origin = dt.date(1900, 12, 31)
    day = dt.date(1901, 1, 1)
    while day < dt.date(2100, 1, 1):
        number = day_number(day.day, day.month, day.year)
        assert number == (day - origin).days
        assert date_from_day_number(number) == day
        day += dt.timedelta(days=7 if day.month != 2 else 1)


# -- crop ---------------------------------------------------------------------------------

def test_crop_file_of_the_ottawa_alfalfa():
    crop = read_crop(CASE / "DATA" / "AlfOttawaGDD.CRO")
    assert crop.version == 7.3
    assert crop.crop_type is CropType.FORAGE
    assert crop.planting is Planting.SEED
    assert crop.cycle_in_gdd and crop.p_adjusted_to_eto
    assert (crop.t_base_c, crop.t_upper_c, crop.gdd_cycle_cday) == (5.0, 30.0, 1920)
    assert (crop.p_expansion_upper, crop.p_expansion_lower) == (0.15, 0.55)
    assert (crop.p_stomata_upper, crop.p_senescence_upper, crop.p_pollination_upper) == (
        0.60, 0.70, 0.90)
    assert crop.sum_eto_dormancy_wilting_mm == 600
    assert (crop.fertility_shape_cgc, crop.fertility_shape_wp) == (2.35, -0.16)
    assert crop.fertility_response_calibrated
    assert crop.premature_end_day_of_year is None
    assert (crop.ece_min_ds_m, crop.ece_max_ds_m) == (2, 16)
    assert (crop.kc_tr_x, crop.kc_decline_cumulative_pct) == (1.15, 11)
    assert (crop.zr_min_m, crop.zr_max_m, crop.root_shape_factor) == (0.30, 3.00, 15)
    assert (crop.sx_top_quarter_m3_m3_day, crop.sx_bottom_quarter_m3_m3_day) == (0.020, 0.010)
    assert crop.plant_density_per_ha == 2_000_000
    assert crop.cc0_fraction == pytest.approx(200 * 2.5e-4)   # plants/m2 × m2/plant
    assert crop.cc_ini_regrowth_fraction == pytest.approx(200 * 19.38e-4)
    assert (crop.cgc_per_day, crop.ccx_fraction, crop.cdc_per_day) == (0.17713, 0.95, 0.03636)
    assert (crop.years_ccx_decline_90pct, crop.ccx_decline_shape) == (9, 0.5)
    assert (crop.days_to_emergence, crop.days_to_max_rooting, crop.days_to_maturity) == (
        2, 178, 180)
    assert (crop.wp_star_g_m2, crop.wp_yield_formation_pct, crop.hi0_pct) == (15.0, 100, 100)
    assert crop.hi_increase_water_stress_pct is None
    assert crop.hi_coefficient_vegetative_growth is None
    assert (crop.gdd_to_emergence_cday, crop.gdd_to_max_rooting_cday) == (5, 1920)
    assert (crop.cgc_per_gdd, crop.cdc_per_gdd, crop.gdd_to_hi_buildup_cday) == (
        0.012, 0.006, 118)
    assert crop.dry_matter_content_pct == 20
    assert crop.sown_in_year1 and crop.assimilate_transfer
    assert (crop.assimilate_storage_days, crop.assimilate_stored_pct,
            crop.assimilate_remobilised_pct) == (100, 65, 60)
    cal = crop.perennial_calendar
    assert cal.restart_criterion is SeasonCriterion.GROWING_DEGREE_DAYS
    assert (cal.restart_window_first_day, cal.restart_window_first_month) == (1, 4)
    assert (cal.restart_window_length_days, cal.restart_threshold) == (120, 20.0)
    assert (cal.restart_successive_days, cal.restart_occurrences) == (8, 2)
    assert cal.end_criterion is SeasonCriterion.GROWING_DEGREE_DAYS
    assert (cal.end_window_last_day, cal.end_window_last_month, cal.end_extra_years) == (
        31, 10, 0)
    assert (cal.end_window_length_days, cal.end_threshold) == (60, 10.0)
    assert (cal.end_successive_days, cal.end_occurrences) == (8, 1)


def test_crop_agrees_with_the_agronomy_reference_table():
    ref = _csv("aquacrop_alfalfa_parameters.csv", "parameter", "AlfOttawaGDD_v7.2_testcase")
    crop = read_crop(CASE / "DATA" / "AlfOttawaGDD.CRO")
    pairs = {
        "Tbase_C": crop.t_base_c, "Tupper_C": crop.t_upper_c, "cycle_GDD": crop.gdd_cycle_cday,
        "p_exp_upper": crop.p_expansion_upper, "p_exp_lower": crop.p_expansion_lower,
        "p_sto_upper": crop.p_stomata_upper, "p_sen_upper": crop.p_senescence_upper,
        "shape_CGC_fert": crop.fertility_shape_cgc, "ECemax_dS_m": crop.ece_max_ds_m,
        "KcTr_x": crop.kc_tr_x, "root_max_m": crop.zr_max_m, "root_shape": crop.root_shape_factor,
        "assim_store_days_end_season": crop.assimilate_storage_days,
        "restart_window_len_d": crop.perennial_calendar.restart_window_length_days,
        "end_window_len_d": crop.perennial_calendar.end_window_length_days,
        "end_occurrences": crop.perennial_calendar.end_occurrences,
    }
    for name, value in pairs.items():
        assert float(ref[name]) == pytest.approx(value), name


def test_default_crop_is_an_annual_grain_crop_without_perennial_lines():
    crop = read_crop(CASE / "SIMUL" / "DEFAULT.CRO")
    assert crop.crop_type is CropType.GRAIN
    assert crop.perennial_calendar is None
    assert not crop.cycle_in_gdd
    assert crop.gdd_cycle_cday is None  # -9 in a calendar-day crop


def test_truncated_crop_file_names_the_missing_line():
    with pytest.raises(InputError) as excinfo:
        read_crop(BAD / "truncated.CRO")
    (problem,) = _problems(excinfo)
    assert problem.file.endswith("truncated.CRO")
    assert problem.row == 41
    assert problem.column == "SxBot quarter"


def test_crop_values_out_of_range_and_not_numbers(tmp_path):
    lines = (CASE / "DATA" / "AlfOttawaGDD.CRO").read_text().splitlines()
    lines[49] = "     1.95      : Maximum canopy cover (CCx) in fraction soil cover"
    lines[7] = "     five      : Base temperature"
    bad = tmp_path / "bad.CRO"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as excinfo:
        read_crop(bad)
    found = {(p.row, p.column) for p in _problems(excinfo)}
    assert found == {(8, "Tbase"), (50, "CCx")}
    assert "five" in str(excinfo.value) and "bad.CRO" in str(excinfo.value)


def test_unknown_crop_type_code_is_reported(tmp_path):
    lines = (CASE / "DATA" / "AlfOttawaGDD.CRO").read_text().splitlines()
    lines[3] = "     7         : a crop type that does not exist"
    bad = tmp_path / "type.CRO"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as excinfo:
        read_crop(bad)
    assert [(p.row, p.column) for p in _problems(excinfo)] == [(4, "crop type")]


def test_old_crop_version_is_refused(tmp_path):
    lines = (CASE / "DATA" / "AlfOttawaGDD.CRO").read_text().splitlines()
    lines[1] = "     4.0       : AquaCrop Version"
    bad = tmp_path / "old.CRO"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="version 4.0"):
        read_crop(bad)


# -- soil -------------------------------------------------------------------------------

def test_soil_profile_of_ottawa():
    soil = read_soil(CASE / "DATA" / "Ottawa.SOL")
    assert (soil.curve_number, soil.rew_mm, len(soil.horizons)) == (46, 7, 1)
    (h,) = soil.horizons
    assert (h.thickness_m, h.theta_sat_vol_pct, h.theta_fc_vol_pct, h.theta_wp_vol_pct) == (
        1.50, 46.0, 29.0, 13.0)
    assert (h.ksat_mm_day, h.penetrability_pct, h.gravel_mass_pct) == (1200.0, 100, 0)
    assert (h.cr_a, h.cr_b) == (-0.390600, 1.255639)
    assert h.description == "sandy loam"
    assert h.tau == 1.0  # 0.0866 × 1200^0.35 = 1.03, limited to 1
    assert soil.depth_m == 1.5


def test_default_soil_tau():
    (h,) = read_soil(CASE / "SIMUL" / "DEFAULT.SOL").horizons
    assert h.ksat_mm_day == 500.0
    assert h.tau == pytest.approx(0.76)  # round(0.0866 × 500^0.35, 2)


def test_non_numeric_soil_value_names_line_and_column():
    with pytest.raises(InputError) as excinfo:
        read_soil(BAD / "non_numeric.SOL")
    (problem,) = _problems(excinfo)
    assert (problem.row, problem.column) == (9, "FC")
    assert "2x.0" in problem.message


# -- management ---------------------------------------------------------------------------

def test_management_with_multiple_cuttings():
    man = read_management(CASE / "DATA" / "Ottawa.MAN")
    assert (man.mulch_cover_pct, man.mulch_evaporation_reduction_pct) == (0, 50)
    assert man.fertility_stress_pct == 50
    assert man.bund_height_m == 0.0 and not man.runoff_prevented
    assert man.weed_cover_at_closure_pct == 0
    assert man.weed_replacement_self_thinned_pct == 100
    cuts = man.cuttings
    assert cuts.considered and not cuts.generated
    assert (cuts.cc_after_cut_pct, cuts.cgc_increase_after_cut_pct) == (25, 20)
    assert (cuts.window_first_day, cuts.window_length_days) == (1, None)
    assert cuts.criterion is CuttingCriterion.NOT_APPLICABLE
    assert not cuts.harvest_at_maturity
    assert cuts.list_day1_day_number == 41274
    assert date_from_day_number(41274) == dt.date(2014, 1, 1)
    assert cuts.cut_days == (194, 243, 536, 572, 607, 897, 932, 972)


def test_cuttings_agree_with_reference_table_and_aquacrop_harvests():
    ref = _csv("aquacrop_alfalfa_cutting_example.csv", "parameter", "value")
    cuts = read_management(CASE / "DATA" / "Ottawa.MAN").cuttings
    assert cuts.cut_days == tuple(int(d) for d in ref["harvest_day_numbers"].split(";"))
    assert str(cuts.cc_after_cut_pct) == ref["canopy_cover_after_cut_pct"]
    assert str(cuts.cgc_increase_after_cut_pct) == ref["CGC_increase_after_cut_pct"]
    harvests = read_harvests_output(CASE / "OUTP_REF" / "OttawaPRMharvests.OUT")
    aquacrop_dates = tuple(c.date for run in harvests.runs for c in run.cuts)
    assert cuts.cut_dates == aquacrop_dates


def test_generated_cutting_schedule(tmp_path):
    lines = (CASE / "DATA" / "Ottawa.MAN").read_text().splitlines()[:24]
    lines[17] = "     1         : Multiple cuttings are generated"
    lines[18] = "     2         : Time criterion: interval in growing degree-days"
    lines += ["     1    450", "   120    380"]
    path = tmp_path / "gdd.MAN"
    path.write_text("\n".join(lines) + "\n")
    cuts = read_management(path).cuttings
    assert cuts.generated and cuts.criterion is CuttingCriterion.INTERVAL_GDD
    assert [(r.from_day, r.interval_gdd_cday) for r in cuts.rules] == [(1, 450.0), (120, 380.0)]
    assert cuts.cut_days == ()


def test_cutting_days_out_of_order():
    with pytest.raises(InputError) as excinfo:
        read_management(BAD / "unordered_cuts.MAN")
    (problem,) = _problems(excinfo)
    assert (problem.row, problem.column) == (28, "cutting day")


# -- climate ----------------------------------------------------------------------------

def test_climate_file_resolves_its_four_files():
    files = read_climate(CASE / "DATA" / "Ottawa.CLI")
    assert files.description == "Ottawa, Canada"
    assert files.temperature == CASE / "DATA" / "Ottawa.Tnx"
    assert files.eto == CASE / "DATA" / "Ottawa.ETo"
    assert files.rain == CASE / "DATA" / "Ottawa.PLU"
    assert files.co2 == CASE / "SIMUL" / "MaunaLoa.CO2"
    temperature, eto, rain, co2 = load_climate_series(files)
    assert temperature.n_days == eto.n_days == rain.n_days == 1096  # 2014-2016


def test_daily_weather_series_first_and_last_values():
    t = read_temperature(CASE / "DATA" / "Ottawa.Tnx")
    assert t.record_type is RecordType.DAILY and t.year_linked
    assert t.first_date == dt.date(2014, 1, 1) and t.first_day_number == 41274
    assert (t.tmin_c[0], t.tmax_c[0]) == (-31.3, -21.4)
    assert (t.tmin_c[-1], t.tmax_c[-1]) == (-17.6, -3.1)
    assert t.last_date == dt.date(2016, 12, 31)
    assert t.dates[59] == np.datetime64("2014-03-01")
    eto = read_eto(CASE / "DATA" / "Ottawa.ETo")
    assert list(eto.eto_mm[:6]) == [0.0, 0.0, 0.0, 0.3, 0.2, 0.3]
    rain = read_rain(CASE / "DATA" / "Ottawa.PLU")
    assert list(rain.rain_mm[:6]) == [0.3, 0.9, 0.1, 1.1, 7.7, 15.0]
    assert rain.rain_mm[-1] == 8.0


def test_co2_series():
    co2 = read_co2(CASE / "SIMUL" / "MaunaLoa.CO2")
    assert (co2.year[0], co2.co2_ppm[0]) == (1902, 297.4)
    assert co2.co2_ppm[list(co2.year).index(2014)] == 398.82
    assert (co2.year[-1], co2.co2_ppm[-1]) == (2099, 607.11)


def test_ten_day_records_are_refused_clearly():
    with pytest.raises(InputError) as excinfo:
        read_eto(BAD / "ten_day.ETo")
    (problem,) = _problems(excinfo)
    assert problem.file.endswith("ten_day.ETo")
    assert (problem.row, problem.column) == (2, "record type")
    assert "10-day" in problem.message and "not supported" in problem.message


def test_tmin_above_tmax_is_reported_on_its_line():
    with pytest.raises(InputError) as excinfo:
        read_temperature(BAD / "tmin_above_tmax.Tnx")
    (problem,) = _problems(excinfo)
    assert (problem.row, problem.column) == (12, "Tmin")


def test_weather_line_with_a_missing_value(tmp_path):
    lines = (CASE / "DATA" / "Ottawa.PLU").read_text().splitlines()[:20]
    lines[14] = "   "
    lines[15] = "abc"
    path = tmp_path / "bad.PLU"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as excinfo:
        read_rain(path)
    assert [(p.row, p.column) for p in _problems(excinfo)] == [(15, "Rain"), (16, "Rain")]


def test_climate_file_naming_a_missing_file(tmp_path):
    shutil.copy(CASE / "DATA" / "Ottawa.CLI", tmp_path / "Ottawa.CLI")
    with pytest.raises(InputError) as excinfo:
        read_climate(tmp_path / "Ottawa.CLI")
    assert [p.row for p in _problems(excinfo)] == [3, 4, 5, 6]
    assert "Ottawa.Tnx" in _problems(excinfo)[0].message


# -- calendar, observations, program parameters ----------------------------------------

def test_calendar_fixed_onset_21_may():
    cal = read_calendar(CASE / "DATA" / "21May.CAL")
    assert not cal.onset_generated
    assert cal.onset_day_of_year == 141
    assert cal.onset_day_month == (21, 5)
    assert cal.onset_date(2014) == dt.date(2014, 5, 21)


def test_observations_of_biomass():
    obs = read_observations(CASE / "OBS" / "Ottawa.OBS")
    assert obs.sampled_depth_m == 1.0
    assert (obs.first_day, obs.first_month, obs.first_year) == (1, 1, 2014)
    assert (obs.day[0], obs.biomass_t_ha[0]) == (144, 0.045)
    assert obs.dates[0] == np.datetime64("2014-05-24")  # as in OttawaPRM1evaluation.OUT
    assert obs.day_number[0] == 41274 + 143
    assert np.isnan(obs.canopy_cover_pct).all() and np.isnan(obs.biomass_std_t_ha).all()
    assert obs.biomass_t_ha[14] == 7.242  # last observation of 2014 (day 243)


def test_program_parameters():
    par = read_program_parameters(CASE / "PARAM" / "Ottawa.PPn")
    assert par.evaporation_decline_factor == 4 and par.kex_wet_bare_soil == 1.10
    assert par.gdd_method == 3
    assert (par.default_tmin_c, par.default_tmax_c) == (12.0, 28.0)
    assert par.evaporation_reduction_rain == 5


# -- project ----------------------------------------------------------------------------

def test_project_with_three_runs():
    project = read_project(CASE / "LIST" / "Ottawa.PRM")
    assert project.description == "Ottawa (Canada)" and project.version == 7.3
    assert project.root == CASE
    assert project.program_parameters == CASE / "PARAM" / "Ottawa.PPn"
    assert len(project.runs) == 3
    first, second, third = project.runs
    assert [r.year_of_cultivation for r in project.runs] == [1, 2, 3]
    assert (first.simulation_first_day_number, first.crop_last_day_number) == (41414, 41577)
    assert first.simulation_first_date == dt.date(2014, 5, 21)
    assert first.simulation_last_date == dt.date(2014, 10, 31)
    assert second.simulation_first_date == dt.date(2014, 11, 1)
    assert second.crop_first_date == dt.date(2015, 5, 1)
    assert second.crop_last_date == dt.date(2015, 10, 24)
    assert third.simulation_first_date == dt.date(2015, 10, 25)
    assert third.crop_first_date == dt.date(2016, 5, 7)
    assert third.simulation_last_date == dt.date(2016, 10, 28)
    assert not first.keep_soil_water_of_previous_run
    assert first.initial_conditions.is_none
    assert second.keep_soil_water_of_previous_run and third.keep_soil_water_of_previous_run
    assert first.crop.path == CASE / "DATA" / "AlfOttawaGDD.CRO"
    assert first.co2.path == CASE / "SIMUL" / "MaunaLoa.CO2"
    assert first.observations.path == CASE / "OBS" / "Ottawa.OBS"
    assert first.irrigation.path is None and first.groundwater.path is None
    assert first.crop.row == 27 and first.crop.directory == "./DATA/"
    assert project.unsupported_options() == []


def test_project_dates_agree_with_aquacrop_outputs():
    project = read_project(CASE / "LIST" / "Ottawa.PRM")
    season = read_season_output(CASE / "OUTP_REF" / "OttawaPRMseason.OUT")
    firsts = [np.datetime64(r.simulation_first_date.isoformat()) for r in project.runs]
    lasts = [np.datetime64(r.simulation_last_date.isoformat()) for r in project.runs]
    assert list(season.first_dates) == firsts
    assert list(season.last_dates) == lasts


def test_project_relocated_with_windows_directories(tmp_path):
    root = tmp_path / "AquaCrop"
    shutil.copytree(CASE, root)
    text = (root / "LIST" / "Ottawa.PRM").read_text()
    text = text.replace("'./DATA/'", "'C:\\AquaCrop\\DATA\\'").replace("Ottawa.SOL", "ottawa.sol")
    (root / "LIST" / "Ottawa.PRM").write_text(text)
    project = read_project(root / "LIST" / "Ottawa.PRM")
    assert project.runs[0].climate.path == root / "DATA" / "Ottawa.CLI"
    assert project.runs[2].soil.path == root / "DATA" / "Ottawa.SOL"


def test_project_options_zhassyl_cannot_honour(tmp_path):
    root = tmp_path / "AquaCrop"
    shutil.copytree(CASE, root)
    lines = (root / "LIST" / "Ottawa.PRM").read_text().splitlines()
    lines[44] = "   Ottawa.OFF"  # run 1, off-season conditions file
    lines[45] = "   './DATA/'"
    (root / "DATA" / "Ottawa.OFF").write_text("off-season conditions\n")
    lines[61] = "   (External)"  # run 2, ETo
    (root / "LIST" / "Ottawa.PRM").write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as excinfo:
        read_project(root / "LIST" / "Ottawa.PRM")
    assert [(p.row, p.column) for p in _problems(excinfo)] == [(45, "off_season"),
                                                               (62, "eto")]
    lenient = read_project(root / "LIST" / "Ottawa.PRM", strict=False)
    assert lenient.runs[0].off_season.path == root / "DATA" / "Ottawa.OFF"
    assert len(lenient.unsupported_options()) == 2


def test_truncated_project_file():
    with pytest.raises(InputError) as excinfo:
        read_project(BAD / "truncated.PRM")
    problems = _problems(excinfo)
    assert problems[-1].file.endswith("truncated.PRM")
    assert (problems[-1].row, problems[-1].column) == (61, "run 2")  # lines 50-96


def test_project_with_bad_day_number(tmp_path):
    lines = (CASE / "LIST" / "Ottawa.PRM").read_text().splitlines()
    lines[3] = "  4141x         : First day of simulation period"
    path = tmp_path / "LIST" / "bad.PRM"
    path.parent.mkdir()
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as excinfo:
        read_project(path)
    problems = _problems(excinfo)
    assert (problems[0].row, problems[0].column) == (4, "first day of simulation")


# -- AquaCrop outputs ----------------------------------------------------------------------

def test_daily_output_by_run_and_column_name():
    out = read_day_output(CASE / "OUTP_REF" / "OttawaPRMday.OUT")
    assert [r.run for r in out.runs] == [1, 2, 3]
    run1 = out.run(1)
    assert run1.values.shape == (164, 98)  # 21 May - 31 Oct 2014
    assert run1.dates[0] == np.datetime64("2014-05-21")
    assert run1.dates[-1] == np.datetime64("2014-10-31")
    assert run1.column("Biomass")[:3].tolist() == [0.017, 0.034, 0.054]
    assert run1.column("CC")[0] == 5.4
    assert run1.column("WC(3.05)")[0] == 881.0
    assert run1.column("Tr", 2)[0] == 0.4
    assert run1.columns["WC 2"].shape == (164,)
    units = dict(zip(run1.names, run1.units, strict=True))
    assert (units["GD"], units["Biomass"], units["Rain"], units["Day"]) == (
        "degC-day", "ton/ha", "mm", "")
    assert out.run(3).dates[-1] == np.datetime64("2016-10-28")
    assert out.run(2).column("Tmin")[:2].tolist() == [-0.2, -3.7]  # 1-2 Nov 2014
    assert out.run(2).column("CO2")[0] == 401.02


def test_season_output():
    season = read_season_output(CASE / "OUTP_REF" / "OttawaPRMseason.OUT")
    assert season.run_numbers == (1, 2, 3)
    assert season.column("BioMass").tolist() == [9.171, 11.943, 12.581]
    assert season.column("Rain").tolist() == [487.5, 782.1, 926.2]
    assert season.project_files == ("Ottawa.PRM",) * 3
    assert dict(zip(season.names, season.units, strict=True))["GD"] == "degC.day"


def test_harvests_output():
    harvests = read_harvests_output(CASE / "OUTP_REF" / "OttawaPRMharvests.OUT")
    assert [r.run for r in harvests.runs] == [1, 2, 3]
    run1 = harvests.runs[0]
    assert [r.cut_number for r in run1.records] == [0, 1, 2, 9999]
    cut = run1.cuts[0]
    assert (cut.date, cut.days_after_planting, cut.interval_days) == (
        dt.date(2014, 7, 13), 54, 54)
    assert (cut.biomass_t_ha, cut.dry_yield_t_ha, cut.fresh_yield_t_ha) == (
        4.792, 4.633, 23.167)
    end = run1.records[-1]
    assert np.isnan(end.biomass_t_ha) and end.cumulative_biomass_t_ha == 9.171
    assert end.days_after_planting is None
    assert len(harvests.runs[1].cuts) == len(harvests.runs[2].cuts) == 3


def test_output_rows_with_wrong_number_of_values(tmp_path):
    lines = (CASE / "OUTP_REF" / "OttawaPRMseason.OUT").read_text().splitlines()
    lines[5] = lines[5].rsplit(maxsplit=3)[0]
    path = tmp_path / "season.OUT"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as excinfo:
        read_season_output(path)
    assert [p.row for p in _problems(excinfo)] == [6]
