# ruff: noqa: F811 - pytest fixtures imported from test_registry_support
"""Calibration of a field's production level: synthetic truth, refusal, registry round trip.

The synthetic-truth test follows the usual check of a calibration procedure: simulate a
field with a known soil-fertility stress, add measurement noise, and require the fit to
recover the known value within its stated (bootstrap 5-95 %) uncertainty.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from test_registry_support import (  # noqa: F401 - fixtures
    backend,
    databases,
    demo_registry,
    demo_url,
)
from zhassyl.cli import main
from zhassyl.errors import InputError
from zhassyl.farming.calibration import (
    MIN_SEASONS,
    fit_fertility,
    fit_fertility_and_salinity,
    scenario_yields,
    scenario_yields_and_ece,
)
from zhassyl.registry.calibrations import field_observations, latest_calibration
from zhassyl.registry.policy import Actor

DIRECTOR = Actor("test", "director")


@pytest.mark.parametrize("truth", [20.0, 45.0])
def test_recovers_known_fertility_stress_from_noisy_yields(truth):
    sim = scenario_yields("kyzylorda", "alfalfa-sole", 5)
    rng = np.random.default_rng(7)
    observed = np.array(sim(truth)) * (1.0 + rng.normal(0.0, 0.05, 5))   # 5 % noise
    fit = fit_fertility(observed, sim)
    assert fit.stress_low_pct <= truth <= fit.stress_high_pct, fit
    assert abs(fit.fertility_stress_pct - truth) <= 7.5, fit
    assert fit.n_seasons == 5 and fit.loso_rmse_t_ha >= fit.rmse_t_ha * 0.5


def test_recovers_stress_and_irrigation_water_salinity_together():
    sim = scenario_yields_and_ece("kyzylorda", "alfalfa-sole", 5)
    truth_stress, truth_ec = 30.0, 3.0
    ys, es = sim(truth_stress, truth_ec)
    rng = np.random.default_rng(3)
    ys = np.array(ys) * (1.0 + rng.normal(0.0, 0.05, 5))
    es = np.array(es) * (1.0 + rng.normal(0.0, 0.05, 5))
    fit = fit_fertility_and_salinity(ys, es, sim, grid_pct=np.arange(10.0, 50.1, 5.0),
                                     grid_ec_iw=np.arange(1.0, 5.1, 1.0), bootstrap_runs=100)
    assert fit.stress_low_pct <= truth_stress <= fit.stress_high_pct, fit
    assert fit.ec_iw_low_ds_m <= truth_ec <= fit.ec_iw_high_ds_m, fit
    assert abs(fit.ec_iw_ds_m - truth_ec) <= 1.0


def test_too_few_seasons_is_refused_with_a_clear_message():
    with pytest.raises(InputError, match="calibration needs at least"):
        fit_fertility([5.0] * (MIN_SEASONS - 1), lambda s: [5.0])
    with pytest.raises(InputError, match="0 season"):
        fit_fertility([], lambda s: [])


def test_calibrate_field_from_registry_and_store_provenance(demo_url, demo_registry, capsys):
    with demo_registry.session(DIRECTOR) as s:
        obs = field_observations(s, DIRECTOR, 1)
    assert len(obs.years) >= MIN_SEASONS and obs.record_ids
    assert main(["calibrate", "--field", "1", "--database-url", demo_url,
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)[0]
    assert out["level"] == "calibrated" and out["seasons"] == len(obs.years)
    assert out["loso_rmse_t_ha"] >= 0
    with demo_registry.session(DIRECTOR) as s:
        stored = latest_calibration(s, DIRECTOR, 1)
    assert stored["fertility_stress_pct"] == out["fertility_stress_pct"]
    assert json.loads(stored["records"])["yield_measurements"] == list(obs.record_ids)
    assert stored["stress_low_pct"] <= stored["fertility_stress_pct"] <= stored["stress_high_pct"]
    # a later run of the field at the calibrated level uses the stored fit
    args = ["simulate", "--field", "1", "--system", obs.system, "--years", "2",
            "--format", "json", "--database-url", demo_url]
    assert main(args + ["--level", "calibrated"]) == 0
    calibrated = json.loads(capsys.readouterr().out)
    assert {r["level"] for r in calibrated} == {"calibrated"}
    assert main(args + ["--level", "farm"]) == 0
    farm = json.loads(capsys.readouterr().out)
    same = out["fertility_stress_pct"] == 50.0
    assert same or [r["hay_t_ha"] for r in calibrated] != [r["hay_t_ha"] for r in farm]


def test_field_without_measurements_is_refused(demo_url, demo_registry, capsys):
    from zhassyl.registry import repositories as repo

    with demo_registry.session(DIRECTOR) as s:
        field = repo.get_record(s, DIRECTOR, "fields", 1)
        new = {k: v for k, v in field.items() if k not in ("id", "version", "area_ha")}
        new["name"] = "new field"
        fid = repo.create_record(s, DIRECTOR, "fields", new)["id"]
    assert main(["calibrate", "--field", str(fid), "--database-url", demo_url]) == 1
    err = capsys.readouterr().err
    assert "calibration needs at least" in err and "farm level" in err
    with demo_registry.session(DIRECTOR) as s:
        assert latest_calibration(s, DIRECTOR, fid) is None
