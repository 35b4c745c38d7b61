"""``zhassyl bench engine`` works on tiny sizes (a functional check, never a timing one).

The crop record written out in ``zhassyl.engine.bench`` must equal what
``zhassyl.aquacrop.run.crop_record`` maps from AquaCrop's ``AlfOttawaGDD.CRO``
(the Ottawa test case in the shared reference folder, when it is present).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from zhassyl.cli import main
from zhassyl.engine.bench import ALFALFA_OTTAWA_GDD
from zhassyl.scenario.bench import build_case

OTTAWA_CRO = (Path(__file__).resolve().parents[2] / "shared" / "reference"
              / "aquacrop-ottawa-alfalfa" / "DATA" / "AlfOttawaGDD.CRO")


def test_bench_engine_table_ends_with_rate(capsys):
    assert main(["bench", "engine", "--fields", "4", "--years", "2"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"field_days_per_s: \d+(\.\d+)?", out[-1])
    assert float(out[-1].split(":")[1]) > 0


def test_bench_engine_json_and_chunks(capsys):
    assert main(["bench", "engine", "--fields", "5", "--years", "1", "--chunk", "2",
                 "--format", "json", "--quiet"]) == 0
    rec = json.loads(capsys.readouterr().out)[0]
    assert rec["n_fields"] == 5
    assert rec["field_days"] == 5 * rec["n_days"]
    assert rec["season_field_days"] <= rec["field_days"]
    assert rec["mean_cuts"] >= 1


def test_bench_engine_rejects_bad_sizes(capsys):
    assert main(["bench", "engine", "--fields", "0"]) == 2  # refused by the parser (a usage error)
    assert "--fields" in capsys.readouterr().err


def test_case_shares_parameter_sets():
    case = build_case(50, 2)
    f = case.fields
    assert f.n == 50
    assert len(f.crop) == 1 and len(f.management) >= 2 and f.soil.dz_m.shape[0] >= 2
    assert set(np.unique(f.weather_index)) == set(range(case.weather.tmin_c.shape[0]))
    assert case.field_days == 50 * case.weather.n_days


def test_crop_values_are_the_ottawa_crop_file():
    from zhassyl.aquacrop.crop import read_crop
    from zhassyl.aquacrop.run import crop_record

    rec = crop_record(read_crop(OTTAWA_CRO))
    for name, value in ALFALFA_OTTAWA_GDD.items():
        assert rec[name] == pytest.approx(value, rel=1e-12), name
