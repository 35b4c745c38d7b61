"""Reading, checking and writing daily weather CSV files (zhassyl.weather.io).

Expected values of lenient filling are computed by hand in each test from the
rule in the module docstring (linear interpolation in time between the nearest
valid days, nearest valid value at the edges, precipitation 0 mm).
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pytest

from zhassyl.errors import InputError
from zhassyl.weather.io import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    DailyWeather,
    WeatherWarning,
    read_weather_csv,
    write_weather_csv,
)

DATA = Path(__file__).parent / "data" / "weather"
VALID = DATA / "valid_may_2024.csv"
HEADER = "date,tmax_c,tmin_c,precip_mm"


def write(tmp_path: Path, text: str, name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def csv_text(*lines: str, header: str = HEADER) -> str:
    return "\n".join((header,) + lines) + "\n"


def read_error(path, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        read_weather_csv(path, **kwargs)
    return info.value


def assert_problem(error: InputError, file: str, row: int | None, column: str | None,
                   *fragments: str) -> None:
    """The error has a problem at (row, column) whose message names all and contains fragments."""
    text = str(error)
    found = [p for p in error.problems if p.row == row and p.column == column]
    assert found, f"no problem at row {row}, column {column}:\n{text}"
    line = next((str(p) for p in found if all(f in str(p) for f in fragments)), None)
    assert line is not None, f"{fragments} not in:\n{text}"
    assert line in text  # shown in the exception message itself
    assert file in line
    if row is not None:
        assert f"row {row}" in line
    if column is not None:
        assert f"column '{column}'" in line


def same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)


# --- valid files ---------------------------------------------------------------------


def test_valid_file_is_read():
    w = read_weather_csv(VALID)
    assert w.n_days == 7
    assert w.dates[0] == np.datetime64("2024-05-01")
    assert w.dates.dtype == np.dtype("datetime64[D]")
    assert w.tmax_c.tolist() == [21.5, 23.0, 19.4, 17.8, 20.1, 24.6, -0.5]
    assert w.tmin_c[-1] == -3.25
    assert w.precip_mm.tolist() == [0.0, 0.0, 6.4, 12.2, 0.3, 0.0, 0.0]
    assert np.isnan(w.rs_mj_m2[4]) and np.isnan(w.wind_m_s[4]) and np.isnan(w.rh_mean_pct[4])
    assert w.rh_max_pct[3] == 100.0
    assert w.source == str(VALID)
    assert dict(w.filled) == {}
    assert w.columns == REQUIRED_COLUMNS + OPTIONAL_COLUMNS


def test_valid_file_round_trips_exactly(tmp_path):
    w = read_weather_csv(VALID)
    out = tmp_path / "copy.csv"
    write_weather_csv(w, out)
    assert out.read_text(encoding="utf-8") == VALID.read_text(encoding="utf-8")
    back = read_weather_csv(out)
    for name in w.columns:
        assert same(w.column(name), back.column(name)), name


def test_round_trip_of_awkward_floats_through_a_stream():
    dates = np.arange("2023-12-30", "2024-01-03", dtype="datetime64[D]")
    w = DailyWeather(
        dates=dates,
        tmax_c=[0.1 + 0.2, 1e-7, -0.0, 12.345678901234567],
        tmin_c=[-1 / 3, -5.0, -20.0, 2 / 3],
        precip_mm=[0.0, 1e-5, 123.456, 0.25],
        wind_m_s=[np.nan, 2.0, np.nan, 3.3],
        source="memory",
    )
    buffer = io.StringIO()
    write_weather_csv(w, buffer)
    text = buffer.getvalue()
    assert text.splitlines()[0] == "date,tmax_c,tmin_c,precip_mm,wind_m_s"
    assert text.splitlines()[1] == "2023-12-30,0.30000000000000004,-0.3333333333333333,0,"
    back = read_weather_csv(io.StringIO(text))
    assert back.source == "<stream>"
    for name in w.columns:
        assert same(w.column(name), back.column(name)), name
    assert np.signbit(back.tmax_c[2])
    assert back.rs_mj_m2 is None


def test_stream_name_appears_in_messages():
    stream = io.StringIO(csv_text("2024-05-01,10,20,0"))
    stream.name = "station_7.csv"
    error = read_error(stream)
    assert_problem(error, "station_7.csv", 2, "tmin_c", "greater than tmax_c")


def test_bom_crlf_blank_lines_spaces_and_trailing_commas_are_accepted(tmp_path):
    text = ("\ufeffdate, tmax_c ,tmin_c,precip_mm,\r\n"
            "2024-05-01, 21.5 ,8,0,\r\n\r\n"
            "2024-05-02,19,9.5,3.2,\r\n")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("utf-8"))
    w = read_weather_csv(path)
    assert w.tmax_c.tolist() == [21.5, 19.0]


def test_properties_doy_years_column():
    w = DailyWeather(dates=np.arange("2023-12-31", "2024-03-02", dtype="datetime64[D]"),
                     tmax_c=np.zeros(62), tmin_c=np.zeros(62), precip_mm=np.zeros(62))
    assert w.n_days == 62
    assert w.doy[:3].tolist() == [365, 1, 2]
    assert w.doy[-2:].tolist() == [60, 61]  # 2024 is a leap year: 29 Feb is day 60
    assert w.years.tolist() == [2023, 2024]
    assert w.year[:2].tolist() == [2023, 2024]
    assert w.column("date") is w.dates
    assert w.column("tmax_c") is w.tmax_c
    assert w.column("rs_mj_m2") is None
    with pytest.raises(KeyError, match="tmax"):
        w.column("tmax")
    with pytest.raises(ValueError):
        w.tmax_c[0] = 5.0  # read-only


def test_daily_weather_checks_its_shape_and_dates():
    dates = np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[D]")
    with pytest.raises(ValueError, match="shape"):
        DailyWeather(dates=dates, tmax_c=[1.0], tmin_c=[0.0, 0.0], precip_mm=[0.0, 0.0])
    with pytest.raises(ValueError, match="consecutive"):
        DailyWeather(dates=dates[::-1], tmax_c=[1.0, 1.0], tmin_c=[0.0, 0.0],
                     precip_mm=[0.0, 0.0])
    with pytest.raises(ValueError, match="filled"):
        DailyWeather(dates=dates, tmax_c=[1.0, 1.0], tmin_c=[0.0, 0.0], precip_mm=[0.0, 0.0],
                     filled={"wind_m_s": [True, False]})


# --- the header ----------------------------------------------------------------------


def test_missing_required_column_is_named(tmp_path):
    path = write(tmp_path, csv_text("2024-05-01,10,0", header="date,tmax_c,tmin_c"))
    error = read_error(path)
    assert_problem(error, "bad.csv", 1, "precip_mm", "missing required column 'precip_mm'")


@pytest.mark.parametrize(
    ("found", "column", "hint"),
    [
        ("Tmax_C", "tmax_c", "did you mean tmax_c?"),
        ("tmax", "tmax_c", "did you mean tmax_c?"),
        ("Tmax (°C)", "tmax_c", "did you mean tmax_c?"),
        ("max_temp", "tmax_c", "did you mean tmax_c?"),
        ("tmax_f", "tmax_c", "°F"),
        ("tmax_k", "tmax_c", "K - 273.15"),
        ("precip_in", "precip_mm", "mm = in × 25.4"),
        ("rain", "precip_mm", "did you mean precip_mm?"),
        ("Date", "date", "did you mean date?"),
    ],
)
def test_near_miss_required_column_gets_a_hint(tmp_path, found, column, hint):
    names = [found if name == column else name for name in REQUIRED_COLUMNS]
    path = write(tmp_path, csv_text("2024-05-01,10,0,0", header=",".join(names)))
    error = read_error(path)
    assert_problem(error, "bad.csv", 1, column, f"missing required column '{column}'",
                   f"found '{found}'", hint)


def test_several_missing_columns_are_reported_together(tmp_path):
    path = write(tmp_path, csv_text("2024-05-01,10,0", header="date,TMAX,t_min"))
    error = read_error(path)
    assert len(error.problems) == 3
    assert_problem(error, "bad.csv", 1, "tmax_c", "did you mean tmax_c?")
    assert_problem(error, "bad.csv", 1, "tmin_c", "did you mean tmin_c?")
    assert_problem(error, "bad.csv", 1, "precip_mm", "missing required column")


def test_duplicate_column_names(tmp_path):
    path = write(tmp_path, csv_text("2024-05-01,10,0,0,1", header=HEADER + ",tmax_c"))
    assert_problem(read_error(path), "bad.csv", 1, "tmax_c", "appears twice",
                   "columns 2 and 5")


def test_empty_file(tmp_path):
    error = read_error(write(tmp_path, "\n\n"))
    assert_problem(error, "bad.csv", None, None, "the file is empty", HEADER)


def test_header_without_data(tmp_path):
    error = read_error(write(tmp_path, HEADER + "\n"))
    assert_problem(error, "bad.csv", None, None, "no data lines")


def test_semicolon_separated_file(tmp_path):
    path = write(tmp_path, "date;tmax_c;tmin_c;precip_mm\n2024-05-01;10;0;0\n")
    assert_problem(read_error(path), "bad.csv", 1, None, "separated by ';'", "comma-separated")


def test_file_without_header(tmp_path):
    path = write(tmp_path, "2024-05-01,10,0,0\n2024-05-02,11,1,0\n")
    assert_problem(read_error(path), "bad.csv", 1, None, "looks like data", HEADER)


def test_file_not_found_and_not_utf8(tmp_path):
    assert_problem(read_error(tmp_path / "nowhere.csv"), "nowhere.csv", None, None,
                   "file not found")
    path = tmp_path / "cyrillic.csv"
    path.write_bytes((csv_text("2024-05-01,10,0,0") + "# Алматы\n").encode("cp1251"))
    assert_problem(read_error(path), "cyrillic.csv", None, None, "not UTF-8")


# --- unknown columns -----------------------------------------------------------------


def test_unknown_columns_warn_and_are_named(tmp_path):
    text = csv_text("2024-05-01,10,0,0,A,7,3", "2024-05-02,11,1,0,A,8,4",
                    header=HEADER + ",station,Wind_m_s,wind_km_h")
    path = write(tmp_path, text, "extra.csv")
    with pytest.warns(WeatherWarning) as record:
        w = read_weather_csv(path)
    messages = [str(r.message) for r in record if issubclass(r.category, WeatherWarning)]
    assert len(messages) == 1
    message = messages[0]
    assert "extra.csv" in message and "unknown column" in message
    assert "'station'" in message
    assert "'Wind_m_s' (did you mean wind_m_s?)" in message
    assert "km/h" in message and "m/s = km/h / 3.6" in message
    assert [p.column for p in record[0].message.problems] == ["station", "Wind_m_s", "wind_km_h"]
    assert w.n_days == 2 and w.wind_m_s is None  # rows kept, unknown columns not used


# --- rows, dates and numbers ---------------------------------------------------------


def test_row_with_wrong_number_of_cells(tmp_path):
    path = write(tmp_path, csv_text("2024-05-01,10,0,0", "2024-05-02,10,0", "2024-05-03,1,0,0,9"))
    error = read_error(path)
    assert_problem(error, "bad.csv", 3, None, "3 cells", "4 columns")
    assert_problem(error, "bad.csv", 4, None, "5 cells", "4 columns")


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("2024/05/02", "separate year, month and day with '-'"),
        ("02.05.2024", "write the year first"),
        ("2024-02-30", "not a valid calendar date"),
        ("2024-05-02T00:00", "time of day"),
        ("20240502", "write it as 2024-05-02"),
        ("45414", "spreadsheet day number"),
        ("May 2", "YYYY-MM-DD"),
        ("", "the date is empty"),
    ],
)
def test_unparsable_date(tmp_path, cell, fragment):
    path = write(tmp_path, csv_text("2024-05-01,10,0,0", f"{cell},10,0,0", "2024-05-03,1,0,0"))
    assert_problem(read_error(path), "bad.csv", 3, "date", fragment)


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("abc", "'abc' is not a number"),
        ('"12,5"', "decimal comma; write 12.5"),
        ("nan", "not a finite number"),
        ("inf", "not a finite number"),
    ],
)
def test_unparsable_number(tmp_path, cell, fragment):
    path = write(tmp_path, csv_text("2024-05-01,10,0,0", f"2024-05-02,{cell},0,0"))
    assert_problem(read_error(path), "bad.csv", 3, "tmax_c", fragment)


def test_duplicate_dates(tmp_path):
    path = write(tmp_path, csv_text("2024-05-01,10,0,0", "2024-05-02,11,0,0", "2024-05-02,11,0,0"))
    assert_problem(read_error(path), "bad.csv", 4, "date", "2024-05-02 appears again",
                   "first on row 3")


def test_dates_out_of_order(tmp_path):
    path = write(tmp_path, csv_text("2024-05-01,10,0,0", "2024-05-03,11,0,0", "2024-05-02,9,0,0"))
    assert_problem(read_error(path), "bad.csv", 4, "date", "2024-05-02 is earlier",
                   "2024-05-03 (row 3)")


def test_missing_dates_name_the_first_and_the_count(tmp_path):
    path = write(tmp_path, csv_text("2024-05-01,10,0,0", "2024-05-05,11,0,0", "2024-05-07,9,0,0"))
    error = read_error(path)
    assert_problem(error, "bad.csv", 3, "date", "3 missing days from 2024-05-02 to 2024-05-04",
                   "between rows 2 and 3")
    assert_problem(error, "bad.csv", 4, "date", "missing day 2024-05-06")


# --- physical checks -----------------------------------------------------------------

OPTIONAL_HEADER = HEADER + ",rs_mj_m2,sunshine_h,rh_max_pct,rh_min_pct,rh_mean_pct,tdew_c,wind_m_s"
GOOD_ROW = "20,5,0,20,10,90,30,60,3,2"  # values after the date, in OPTIONAL_HEADER order


def one_bad(column: str, value: str) -> str:
    names = OPTIONAL_HEADER.split(",")[1:]
    cells = GOOD_ROW.split(",")
    cells[names.index(column)] = value
    return csv_text("2024-05-01," + GOOD_ROW, "2024-05-02," + ",".join(cells),
                    header=OPTIONAL_HEADER)


@pytest.mark.parametrize(
    ("column", "value", "fragments"),
    [
        ("tmin_c", "25", ("tmin_c (25) is greater than tmax_c (20)",)),
        ("precip_mm", "-0.4", ("precip_mm = -0.4 is negative",)),
        ("precip_mm", "2500", ("world record rainfall in one day (1825 mm",)),
        ("rh_max_pct", "104", ("rh_max_pct = 104 % is above 100 %",)),
        ("rh_mean_pct", "-5", ("rh_mean_pct = -5 % is negative",)),
        ("rh_min_pct", "95", ("rh_min_pct (95) is greater than rh_max_pct (90)",)),
        ("wind_m_s", "-1", ("wind_m_s = -1 is negative",)),
        ("wind_m_s", "90", ("above 75 m/s", "km/h")),
        ("sunshine_h", "30", ("more than the 24 hours of a day", "minutes")),
        ("sunshine_h", "-2", ("sunshine_h = -2 is negative",)),
        ("rs_mj_m2", "-3", ("rs_mj_m2 = -3 is negative",)),
        ("rs_mj_m2", "250", ("above 50 MJ/m²/d", "W/m²")),
        ("tmax_c", "57.5", ("highest air temperature ever recorded (56.7 °C, WMO)",)),
        ("tmax_c", "86", ("Fahrenheit",)),
        ("tmax_c", "301.2", ("kelvin",)),
        ("tmin_c", "-95", ("below the lowest air temperature ever recorded (-89.2 °C, WMO)",)),
        ("tmin_c", "-9999", ("missing-value code",)),
        ("tdew_c", "23", ("tdew_c (23) is greater than tmax_c (20)",)),
        ("tmax_c", "", ("tmax_c is empty",)),
        ("precip_mm", "", ("precip_mm is empty; write 0 for a dry day",)),
    ],
)
def test_bad_value_names_file_row_and_column(tmp_path, column, value, fragments):
    error = read_error(write(tmp_path, one_bad(column, value), "values.csv"))
    assert len(error.problems) == 1, str(error)
    assert_problem(error, "values.csv", 3, column, *fragments)


def test_column_in_kelvin_is_one_problem(tmp_path):
    rows = [f"2024-05-0{d},{293.1 + d},{280.5 + d},0" for d in range(1, 8)]
    error = read_error(write(tmp_path, csv_text(*rows), "kelvin.csv"))
    assert_problem(error, "kelvin.csv", 2, "tmax_c", "7 of 7 values", "another unit", "kelvin")
    assert_problem(error, "kelvin.csv", 2, "tmin_c", "another unit", "kelvin")
    assert len(error.problems) == 2
    with pytest.raises(InputError, match="kelvin"):  # not repaired in lenient mode either
        read_weather_csv(tmp_path / "kelvin.csv", lenient=True)


def test_relative_humidity_as_fraction(tmp_path):
    text = csv_text("2024-05-01,20,5,0,0.85", "2024-05-02,21,6,0,0.62",
                    header=HEADER + ",rh_mean_pct")
    error = read_error(write(tmp_path, text))
    assert_problem(error, "bad.csv", 2, "rh_mean_pct", "look like fractions", "% = fraction × 100")


def test_many_problems_are_reported_together(tmp_path):
    text = csv_text(
        "2024-05-01,10,0,0",
        "2024-05-02,5,8,-1",        # tmin > tmax, negative precipitation
        "2024-05-02,10,0,0",        # duplicate
        "2024-05-06,12,x,0",        # gap of 3 days, unparsable number
        "05/07/2024,12,1,0",        # unparsable date
    )
    error = read_error(write(tmp_path, text, "many.csv"))
    assert len(error.problems) == 6
    assert_problem(error, "many.csv", 3, "tmin_c", "greater than tmax_c")
    assert_problem(error, "many.csv", 3, "precip_mm", "negative")
    assert_problem(error, "many.csv", 4, "date", "appears again")
    assert_problem(error, "many.csv", 5, "date", "3 missing days from 2024-05-03")
    assert_problem(error, "many.csv", 5, "tmin_c", "'x' is not a number")
    assert_problem(error, "many.csv", 6, "date", "YYYY-MM-DD")
    rows = [p.row for p in error.problems]
    assert rows == sorted(rows)  # listed in file order


def test_temperature_outside_kazakhstan_band_warns_but_is_kept(tmp_path):
    path = write(tmp_path, csv_text("2024-01-01,-40,-62.5,0", "2024-01-02,-38,-55,0"), "cold.csv")
    with pytest.warns(WeatherWarning, match=r"tmin_c: 1 value\(s\) outside -60..50") as record:
        w = read_weather_csv(path)
    assert w.tmin_c[0] == -62.5
    assert record[0].message.problems[0].row == 2


# --- lenient mode --------------------------------------------------------------------


def read_lenient(path) -> tuple[DailyWeather, list[str]]:
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        w = read_weather_csv(path, lenient=True)
    assert all(issubclass(r.category, WeatherWarning) for r in record)
    return w, [str(r.message) for r in record]


def test_lenient_inserts_missing_days_and_interpolates(tmp_path):
    text = csv_text("2024-05-01,10,0,1.5,2", "2024-05-02,12,3,0,", "2024-05-05,18,6,4,5",
                    header=HEADER + ",wind_m_s")
    w, messages = read_lenient(write(tmp_path, text, "gap.csv"))
    assert w.dates.astype(str).tolist() == [
        "2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05"]
    # 12 -> 18 over 3 days: +2 per day; 3 -> 6: +1 per day.
    assert w.tmax_c.tolist() == [10.0, 12.0, 14.0, 16.0, 18.0]
    assert w.tmin_c.tolist() == [0.0, 3.0, 4.0, 5.0, 6.0]
    assert w.precip_mm.tolist() == [1.5, 0.0, 0.0, 0.0, 4.0]
    # wind: valid on days 0 (2) and 4 (5); the empty cell of day 1 is a valid "not
    # measured" and stays NaN; inserted days 2, 3 interpolate 2 -> 5 over 4 days.
    assert np.isnan(w.wind_m_s[1])
    assert w.wind_m_s[[0, 2, 3, 4]].tolist() == [2.0, 3.5, 4.25, 5.0]
    assert w.filled["date"].tolist() == [False, False, True, True, False]
    assert w.filled["tmax_c"].tolist() == [False, False, True, True, False]
    assert w.filled["precip_mm"].tolist() == [False, False, True, True, False]
    assert any("gap.csv" in m and "2 missing day(s) from 2024-05-03 to 2024-05-04 inserted" in m
               and "between rows 3 and 4" in m for m in messages)
    assert any("precip_mm: set to 0 mm on the 2 inserted day(s)" in m for m in messages)


def test_lenient_replaces_bad_values_by_interpolation(tmp_path):
    text = csv_text(
        "2024-05-01,300,2,0,50",   # tmax in kelvin: edge -> nearest valid value (14)
        "2024-05-02,14,,0,104",    # tmin empty: 2 -> 8 over 2 days = 5; rh > 100
        "2024-05-03,20,8,0,70",
        "2024-05-04,abc,9,0,60",   # unparsable: 20 -> 26 = 23
        "2024-05-05,26,10,0,40",
        header=HEADER + ",rh_mean_pct",
    )
    w, messages = read_lenient(write(tmp_path, text, "bad_values.csv"))
    assert w.tmax_c.tolist() == [14.0, 14.0, 20.0, 23.0, 26.0]
    assert w.tmin_c.tolist() == [2.0, 5.0, 8.0, 9.0, 10.0]
    assert w.rh_mean_pct.tolist() == [50.0, 60.0, 70.0, 60.0, 40.0]
    assert w.filled["tmax_c"].tolist() == [True, False, False, True, False]
    assert w.filled["tmin_c"].tolist() == [False, True, False, False, False]
    assert w.filled["rh_mean_pct"].tolist() == [False, True, False, False, False]
    assert "date" not in w.filled and "precip_mm" not in w.filled
    tmax_message = next(m for m in messages if "tmax_c: 2 missing or bad" in m)
    assert "bad_values.csv" in tmax_message and "rows 2, 5" in tmax_message
    assert "kelvin" in tmax_message and "'abc' is not a number" in tmax_message
    assert any("rh_mean_pct: 1 missing or bad value(s)" in m and "rows 3" in m
               for m in messages)


def test_lenient_swaps_back_and_sets_precipitation_to_zero(tmp_path):
    text = csv_text(
        "2024-05-01,20,5,-0.2,80,30",
        "2024-05-02,4,18,,35,85",   # both pairs swapped; precipitation empty
        "2024-05-03,22,6,x,90,40",  # precipitation unparsable
        header=HEADER + ",rh_max_pct,rh_min_pct",
    )
    w, messages = read_lenient(write(tmp_path, text, "swapped.csv"))
    assert w.tmax_c.tolist() == [20.0, 18.0, 22.0]
    assert w.tmin_c.tolist() == [5.0, 4.0, 6.0]
    assert w.rh_max_pct.tolist() == [80.0, 85.0, 90.0]
    assert w.rh_min_pct.tolist() == [30.0, 35.0, 40.0]
    assert w.precip_mm.tolist() == [0.0, 0.0, 0.0]
    assert w.filled["precip_mm"].tolist() == [True, True, True]
    assert w.filled["tmin_c"].tolist() == [False, True, False]
    assert any("tmin_c and tmax_c: 1 day(s)" in m and "swapped back" in m and "rows 3" in m
               for m in messages)
    assert any("rh_min_pct and rh_max_pct: 1 day(s)" in m for m in messages)
    assert any("precip_mm: 3 missing or bad value(s) set to 0 mm (rows 2, 3, 4)" in m
               for m in messages)


def test_lenient_dew_point_above_tmax_is_interpolated(tmp_path):
    text = csv_text("2024-05-01,20,5,0,4", "2024-05-02,18,5,0,25", "2024-05-03,22,6,0,8",
                    header=HEADER + ",tdew_c")
    w, messages = read_lenient(write(tmp_path, text))
    assert w.tdew_c.tolist() == [4.0, 6.0, 8.0]
    assert any("tdew_c: 1 missing or bad value(s)" in m and "greater than tmax_c" in m
               for m in messages)


def test_lenient_filled_value_is_kept_on_the_right_side_of_its_partner(tmp_path):
    # tmax of day 2 is bad; interpolation gives 10, below the valid tmin 12 of that
    # day, so the filled tmax is set equal to tmin (rule 6).
    text = csv_text("2024-05-01,10,0,0", "2024-05-02,999,12,0", "2024-05-03,10,0,0")
    w, _messages = read_lenient(write(tmp_path, text))
    assert w.tmax_c.tolist() == [10.0, 12.0, 10.0]
    assert w.tmin_c.tolist() == [0.0, 12.0, 0.0]


def test_lenient_on_a_valid_file_changes_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        strict = read_weather_csv(VALID)
        lenient = read_weather_csv(VALID, lenient=True)
    assert dict(lenient.filled) == {}
    for name in strict.columns:
        assert same(strict.column(name), lenient.column(name))


@pytest.mark.parametrize(
    ("text", "row", "column", "fragment"),
    [
        (csv_text("2024-05-01,1,0", header="date,tmax_c,tmin_c"), 1, "precip_mm",
         "missing required column"),
        (csv_text("2024-05-01,1,0,0", "2024-05-01,1,0,0"), 3, "date", "appears again"),
        (csv_text("2024-05-01,1,0,0", "2024-13-01,1,0,0"), 3, "date", "not a valid"),
        (csv_text("2024-05-02,1,0,0", "2024-05-01,1,0,0"), 3, "date", "is earlier"),
        (csv_text("2024-05-01,,0,0", "2024-05-02,x,0,0"), None, "tmax_c", "no valid value"),
    ],
)
def test_lenient_still_raises_when_it_cannot_repair_safely(tmp_path, text, row, column,
                                                           fragment):
    error = read_error(write(tmp_path, text, "unsafe.csv"), lenient=True)
    assert_problem(error, "unsafe.csv", row, column, fragment)


def test_lenient_result_round_trips(tmp_path):
    text = csv_text("2024-05-01,10,0,1", "2024-05-04,16,3,2")
    w, _messages = read_lenient(write(tmp_path, text))
    out = tmp_path / "repaired.csv"
    write_weather_csv(w, out)
    back = read_weather_csv(out)
    assert back.tmax_c.tolist() == [10.0, 12.0, 14.0, 16.0]
    assert back.tmin_c.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert back.precip_mm.tolist() == [1.0, 0.0, 0.0, 2.0]
