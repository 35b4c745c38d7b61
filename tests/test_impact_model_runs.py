"""The impact figures' model runs go through the scenario layer at a stated production level."""

import pytest

from zhassyl.errors import InputError
from zhassyl.farming.scenario import run_scenario
from zhassyl.impact.model_runs import Spread, simulate_practices
from zhassyl.scenario import run as scenario_run

SYSTEMS = ("green-cover-alfalfa", "traditional-alfalfa")
SEEDS = (1, 2, 3)


@pytest.fixture(scope="module")
def figures():
    return {lv: simulate_practices("kyzylorda", SYSTEMS, seeds=SEEDS, years=3, level=lv)
            for lv in ("potential", "farm")}


def test_one_scenario_layer_call_per_region(monkeypatch):
    calls = []
    real = scenario_run.run_scenarios

    def counting(batch, **kwargs):
        calls.append((len(batch), {sc.level for sc in batch}, kwargs))
        return real(batch, **kwargs)

    monkeypatch.setattr(scenario_run, "run_scenarios", counting)
    figs = simulate_practices("kyzylorda", SYSTEMS, seeds=(1, 2), years=2, level="farm")
    # seeds are extra fields of one batch; the potential runs (for the potential hay) too
    assert [(n, levels) for n, levels, _kw in calls] == [(4, {"farm", "potential"})]
    assert calls[0][2].get("monthly") is True      # the RothC drivers of the carbon balance
    f = figs["green-cover-alfalfa"]
    assert f.level == "farm" and len(f.scenario_hashes) == 2 and len(f.potential_hashes) == 2
    assert "level=farm" in f.run_id and "level=potential" in f.potential_run_id
    assert all(h in f.run_id for h in f.scenario_hashes)


def test_batch_equals_single_runs_of_each_seed(figures):
    # issue 10: a batch of N scenarios equals N single runs (here through the old wrapper)
    for level in ("potential", "farm"):
        runs = [run_scenario("kyzylorda", list(SYSTEMS), 3, seed, level=level, daily=False)
                for seed in SEEDS]
        for system in SYSTEMS:
            per_seed = [sorted((r for r in run.records if r.system == system),
                               key=lambda r: r.year) for run in runs]
            f = figures[level][system]
            for k in range(3):
                assert f.hay_t_ha[k] == Spread.of([recs[k].hay_t_ha for recs in per_seed])
                assert f.irrigation_m3_ha[k] == Spread.of(
                    [recs[k].irrigation_m3_ha for recs in per_seed])


def test_farm_level_below_potential_and_potential_hay_carried(figures):
    # AquaCrop reference manual ch. 3.10: soil-fertility stress and weeds reduce CCx, CGC
    # and WP, so farm-level hay cannot exceed the potential of the same weather and soil
    for system in SYSTEMS:
        farm, pot = figures["farm"][system], figures["potential"][system]
        assert farm.potential_hay() == pot.hay_t_ha       # the same potential scenarios
        assert farm.potential_hashes == pot.scenario_hashes
        assert all(f.mean < p.mean for f, p in zip(farm.hay_t_ha, pot.hay_t_ha, strict=True))
        assert farm.ghg_t_co2e_ha_yr is not None and farm.baseline == "rice-flood"


def test_system_without_sowing_date_is_missing_not_raised():
    figs = simulate_practices("akmola", ("rice-flood",), seeds=(1,), years=1, level="farm")
    assert "rice" in figs["rice-flood"].missing


def test_calibrated_level_refused_for_regional_figures():
    with pytest.raises(InputError, match="one field"):
        simulate_practices("kyzylorda", SYSTEMS, level="calibrated")
