"""Validation of the engine on AquaCrop 7.3's Ottawa alfalfa test case.

The project is run as it is (calibrated crop file, no tuning to the
observations) through ``zhassyl aquacrop``.  References:
- field observations of cumulative dry biomass, ``OBS/Ottawa.OBS``;
- AquaCrop 7.3's own results, ``OUTP_REF/`` (season totals, harvests, daily);
- AquaCrop 7.3's evaluation statistics, ``OUTP_REF/OttawaPRM{1,2,3}evaluation.OUT``
  (RMSE of biomass 0.977, 0.520, 0.884 t/ha).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from zhassyl.aquacrop import (
    read_day_output,
    read_harvests_output,
    read_observations,
    read_season_output,
)
from zhassyl.cli import main

CASE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "aquacrop-ottawa-alfalfa"
PRM = CASE / "LIST" / "Ottawa.PRM"


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    out = tmp_path_factory.mktemp("ottawa") / "daily.csv"
    assert main(["aquacrop", str(PRM), "-o", str(out)]) == 0
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        "date": np.array([r["date"] for r in rows], dtype="datetime64[D]"),
        "run": np.array([int(r["run"]) for r in rows]),
        **{k: np.array([float(r[k]) for r in rows]) for k in rows[0] if k not in ("date", "run")},
    }


def _observations():
    obs = read_observations(CASE / "OBS" / "Ottawa.OBS")
    ok = np.isfinite(obs.biomass_t_ha)
    return obs.dates[ok], obs.biomass_t_ha[ok]


def _run_of(date):
    # run periods of Ottawa.PRM
    if date <= np.datetime64("2014-10-31"):
        return 1
    return 2 if date <= np.datetime64("2015-10-24") else 3


def test_output_columns_and_runs(daily):
    assert set(daily) == {"date", "run", "biomass_cum_t_ha", "yield_dry_cum_t_ha",
                          "canopy_cover_pct", "transpiration_mm", "evaporation_mm",
                          "drainage_mm", "irrigation_mm", "ece_root_zone_ds_m",
                          "capillary_rise_mm", "water_table_m"}
    # three runs covering 21 May 2014 .. 28 Oct 2016 without gaps
    assert daily["date"][0] == np.datetime64("2014-05-21")
    assert daily["date"][-1] == np.datetime64("2016-10-28")
    assert np.all(np.diff(daily["date"]).astype(int) == 1)
    assert sorted(set(daily["run"])) == [1, 2, 3]


def test_biomass_rmse_against_field_observations(daily):
    """Pooled RMSE of cumulative biomass no worse than AquaCrop 7.3's on the same data."""
    dates, observed = _observations()
    ref = read_day_output(CASE / "OUTP_REF" / "OttawaPRMday.OUT")
    ours, theirs, runs = [], [], []
    for d, b in zip(dates, observed, strict=True):
        run = _run_of(d)
        i = np.flatnonzero((daily["date"] == d) & (daily["run"] == run))[0]
        ours.append(daily["biomass_cum_t_ha"][i] - b)
        rr = ref.runs[run - 1]
        theirs.append(rr.column("Biomass")[np.flatnonzero(rr.dates == d)[0]] - b)
        runs.append(run)
    ours, theirs, runs = map(np.asarray, (ours, theirs, runs))
    assert len(ours) == 44
    rmse = {r: float(np.sqrt(np.mean(ours[runs == r] ** 2))) for r in (1, 2, 3)}
    rmse_aq = {r: float(np.sqrt(np.mean(theirs[runs == r] ** 2))) for r in (1, 2, 3)}
    # AquaCrop's printed evaluation statistics, reproduced from its daily output
    assert rmse_aq[1] == pytest.approx(0.977, abs=5e-4)
    assert rmse_aq[2] == pytest.approx(0.520, abs=5e-4)
    assert rmse_aq[3] == pytest.approx(0.884, abs=5e-4)
    pooled = float(np.sqrt(np.mean(ours ** 2)))
    pooled_aq = float(np.sqrt(np.mean(theirs ** 2)))
    print(f"RMSE per run {rmse}, pooled {pooled:.3f}; AquaCrop 7.3 {rmse_aq}, "
          f"pooled {pooled_aq:.3f}")
    assert pooled <= pooled_aq


@pytest.mark.parametrize("column, ours_key", [
    ("BioMass", "biomass"), ("Y(dry)", "yield"), ("Tr", "transpiration_mm"),
])
def test_season_totals_within_10_percent_of_aquacrop(daily, column, ours_key):
    season = read_season_output(CASE / "OUTP_REF" / "OttawaPRMseason.OUT")
    ref = np.asarray(season.column(column), dtype=float)
    got = []
    for run in (1, 2, 3):
        sel = daily["run"] == run
        if ours_key == "biomass":
            got.append(daily["biomass_cum_t_ha"][sel][-1])
        elif ours_key == "yield":
            got.append(daily["yield_dry_cum_t_ha"][sel][-1])
        else:
            got.append(daily[ours_key][sel].sum())
    got = np.asarray(got)
    print(column, got.round(3), ref)
    np.testing.assert_allclose(got, ref, rtol=0.10)


def test_cuts_on_the_managed_days_within_10_percent(tmp_path):
    from zhassyl.aquacrop.run import run_project

    result = run_project(PRM)
    ref = read_harvests_output(CASE / "OUTP_REF" / "OttawaPRMharvests.OUT")
    expected = [(h.date, h.biomass_t_ha) for run in ref.runs for h in run.records
                if 0 < h.cut_number < 9999]
    assert [h["date"] for h in result.harvests] == [str(d) for d, _b in expected]
    np.testing.assert_allclose([h["biomass_t_ha"] for h in result.harvests],
                               [b for _d, b in expected], rtol=0.10)
    for s in result.seasons:
        assert abs(s["balance_residual_mm"]) < 1e-9 * s["rain_mm"]
