"""The command line: every command has --help, results are right, bad input gives exit 1."""

from __future__ import annotations

import json

import numpy as np
import pytest

from zhassyl import __version__
from zhassyl.cli import COMMAND_MODULES, build_parser, main
from zhassyl.weather.io import read_weather_csv


def test_version(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize("argv", [[], *[[m] for m in COMMAND_MODULES if m != "bench"],
                                  ["weather", "generate"], ["weather", "regions"],
                                  ["weather", "check"], ["bench", "engine"]])
def test_every_command_has_help(argv, capsys):
    with pytest.raises(SystemExit) as e:
        build_parser().parse_args([*argv, "--help"])
    assert e.value.code == 0
    assert "usage: zhassyl" in capsys.readouterr().out


def _brussels(tmp_path):
    # FAO-56 Example 18: Brussels, 6 July, 50°48'N, 100 m; Tmax 21.5, Tmin 12.3 °C,
    # RHmax 84 %, RHmin 63 %, wind 10 km/h at 10 m, 9.25 h sunshine -> ET0 3.9 mm/day.
    p = tmp_path / "brussels.csv"
    p.write_text("date,tmax_c,tmin_c,precip_mm,sunshine_h,rh_max_pct,rh_min_pct,wind_m_s\n"
                 f"2023-07-06,21.5,12.3,0,9.25,84,63,{10 / 3.6}\n")
    return p


def test_et0_reproduces_fao56_example_18(tmp_path, capsys):
    rc = main(["et0", str(_brussels(tmp_path)), "--lat", str(50 + 48 / 60), "--elevation",
               "100", "--wind-height", "10"])
    assert rc == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "date,et0_mm"
    date, value = lines[1].split(",")
    assert date == "2023-07-06"
    assert float(value) == pytest.approx(3.9, abs=0.05)


def test_et0_writes_file(tmp_path):
    out = tmp_path / "et0.csv"
    assert main(["et0", str(_brussels(tmp_path)), "--lat", "50.8", "--elevation", "100",
                 "-o", str(out)]) == 0
    assert out.read_text().startswith("date,et0_mm\n2023-07-06,")


def test_et0_bad_input_names_file_row_column(tmp_path, capsys):
    p = tmp_path / "bad.csv"
    p.write_text("date,tmax_c,tmin_c,precip_mm\n2023-07-06,10,12,0\n")
    assert main(["et0", str(p), "--lat", "45", "--elevation", "100"]) == 1
    err = capsys.readouterr().err
    assert "bad.csv" in err and "row 2" in err and "tmin_c" in err


def test_et0_rejects_impossible_latitude(tmp_path, capsys):
    # a bad option value is a usage error (exit 2) naming the option and its bounds
    assert main(["et0", str(_brussels(tmp_path)), "--lat", "95", "--elevation", "0"]) == 2
    err = capsys.readouterr().err
    assert "--lat" in err and "-90..90" in err


def test_weather_generate_region_roundtrips(tmp_path):
    out = tmp_path / "w.csv"
    assert main(["weather", "generate", "--region", "kyzylorda", "--years", "3", "--seed", "1",
                 "-o", str(out)]) == 0
    w = read_weather_csv(out)
    assert w.n_days == 365 * 3
    assert str(w.dates[0]) == "2001-01-01"
    # same seed, same weather
    out2 = tmp_path / "w2.csv"
    main(["weather", "generate", "--region", "Kyzylorda", "--years", "3", "--seed", "1",
          "-o", str(out2)])
    assert out.read_text() == out2.read_text()


def test_weather_generate_fit_from_file(tmp_path):
    src = tmp_path / "src.csv"
    main(["weather", "generate", "--region", "turkistan", "--years", "20", "--seed", "3",
          "-o", str(src)])
    out = tmp_path / "fit.csv"
    assert main(["weather", "generate", "--fit", str(src), "--lat", "43.3", "--elevation", "207",
                 "--years", "20", "--seed", "4", "-o", str(out)]) == 0
    a, b = read_weather_csv(src), read_weather_csv(out)
    # the fitted generator reproduces the annual means of the series it was fitted to
    assert abs(b.tmax_c.mean() - a.tmax_c.mean()) < 0.5
    assert abs(b.precip_mm.sum() / a.precip_mm.sum() - 1) < 0.15


def test_weather_generate_errors(capsys):
    assert main(["weather", "generate", "--region", "atlantis"]) == 1
    assert "atlantis" in capsys.readouterr().err
    assert main(["weather", "generate", "--years", "1"]) == 1


def test_weather_regions_and_check(tmp_path, capsys):
    assert main(["weather", "regions", "--format", "json"]) == 0
    regions = json.loads(capsys.readouterr().out)
    assert [r["region"] for r in regions] == ["akmola", "almaty", "east-kazakhstan",
                                              "turkistan", "karaganda", "kyzylorda",
                                              "mangystau"]
    assert all(r["source"] for r in regions)
    assert main(["weather", "check", str(_brussels(tmp_path))]) == 0
    assert "no problems" in capsys.readouterr().out


def test_demo_json_has_seven_regions(tmp_path, capsys):
    assert main(["demo", "--years", "5", "--format", "json",
                 "--daily-dir", str(tmp_path / "daily")]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 7
    kz = next(r for r in rows if r["region"] == "kyzylorda")
    # Kyzylorda: arid (P/ET0 well below 0.2-0.5, UNEP aridity classes), ET0 of the
    # hot desert lowland between 900 and 1,600 mm/yr
    assert kz["aridity_p_et0"] < 0.35
    assert 900 < kz["et0_mm_yr"] < 1600
    assert (tmp_path / "daily" / "kyzylorda.csv").exists()
    man = next(r for r in rows if r["region"] == "mangystau")
    # Aktau: desert coast, derived normals (see data/regions/README.md)
    assert man["precip_mm_yr"] < 200 and man["et0_mm_yr"] > 900
    assert np.isfinite(kz["gdd5_yr"])
