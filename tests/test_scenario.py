"""The scenario layer: builders agree, batches equal single runs, chunks equal the whole,
results do not depend on the order of systems, Monte Carlo is one engine call, registry
fields simulate from their records, the vocabulary migration renames stored values.

These are consistency checks of the layer (the science is tested against published
values in test_farming.py, test_rothc.py, ...): each compares two ways of computing
the same thing, never a number copied from our own output.
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

import zhassyl.scenario.run as scenario_run
from test_registry_support import DIRECTOR, backend, databases  # noqa: F401 - fixtures
from zhassyl.cli import main
from zhassyl.errors import InputError
from zhassyl.scenario.builders import (
    field_scenario,
    from_fields_csv,
    from_json,
    from_registry,
)
from zhassyl.scenario.run import run_scenarios
from zhassyl.scenario.vocabulary import SOIL_TEXTURE_IDS, SYSTEM_IDS, normalise

FIELD = {"id": 7, "farm_id": 1, "soil_texture": "clay-loam", "ece_initial_ds_m": 9.0,
         "soc_initial_pct": 0.8, "water_source": "canal", "area_ha": 4.0,
         "declared_area_ha": 4.0}
SEASONS = [{"id": 1, "field_id": 7, "year": 2014, "management_system": "rice-flood"},
           {"id": 2, "field_id": 7, "year": 2015, "management_system": "green-cover-alfalfa"}]
SAMPLES = [{"id": 1, "field_id": 7, "sampled_on": "2014-04-01", "depth_cm": 30.0,
            "soc_pct": 0.8, "ece_ds_m": 9.0},
           {"id": 2, "field_id": 7, "sampled_on": "2015-04-01", "depth_cm": 30.0,
            "soc_pct": 0.85, "ece_ds_m": 6.5}]


def _records(results, field_id):
    return [(r.system, r.year, r.hay_t_ha, r.grain_t_ha, r.irrigation_m3_ha, r.et_mm,
             r.ece_ds_m, r.drainage_mm, r.monthly_c_input_t_ha)
            for row, r in zip(results.rows, results.records, strict=True)
            if row["field_id"] == field_id]


@pytest.fixture(scope="module")
def registry_scenario():
    return from_registry(FIELD, SEASONS, SAMPLES, "turkistan", ["green-cover-alfalfa"], 2)


def test_registry_builder_uses_measured_values_and_the_practice_before(registry_scenario):
    sc = registry_scenario
    assert sc.ece0_ds_m == 6.5 and sc.source_of("ece0_ds_m") == "measured"   # latest sample
    assert sc.source_of("soc0_t_c_ha") == "measured" and sc.soc0_t_c_ha > 0
    assert sc.baseline == "rice-flood" and sc.source_of("baseline") == "recorded"
    assert sc.soil_texture == "clay-loam" and sc.source_of("soil_texture") == "recorded"
    assert sc.source_of("ec_iw_ds_m") == "default"


@pytest.mark.parametrize("level", ["potential", "farm"])
def test_same_scenario_through_each_builder_is_bit_identical(level, tmp_path):
    sc = from_registry(FIELD, SEASONS, SAMPLES, "turkistan", ["green-cover-alfalfa"], 2,
                       level=level)
    csv_path = tmp_path / "fields.csv"
    csv_path.write_text("field_id,region,system,area_ha,soil,ece_ds_m,soc_t_c_ha,baseline\n"
                        f"7,turkistan,green-cover-alfalfa,4.0,clay-loam,6.5,"
                        f"{sc.soc0_t_c_ha!r},rice-flood\n")
    (from_csv,) = from_fields_csv(str(csv_path), years=2, level=level)
    from_form = from_json({"field_id": "7", "region": "turkistan",
                           "systems": ["green-cover-alfalfa"], "years": 2, "area_ha": 4.0,
                           "soil": "clay_loam", "ece_ds_m": 6.5, "soc_t_c_ha": sc.soc0_t_c_ha,
                           "baseline": "rice-flooded", "level": level})
    assert sc.scenario_hash() == from_csv.scenario_hash() == from_form.scenario_hash()
    results = [run_scenarios([s], carbon=True) for s in (sc, from_csv, from_form)]
    assert _records(results[0], "7") == _records(results[1], "7") == _records(results[2], "7")
    assert [r["soc_t_c_ha"] for r in results[0].rows] == [r["soc_t_c_ha"]
                                                          for r in results[2].rows]


def _mixed_batch(n, level="potential"):
    soils = ("sandy-loam", "loam", "clay")
    systems = ("green-cover-alfalfa", "rice-flood", "wheat-furrow")
    return [field_scenario(f"f{i}", "kyzylorda", [systems[i % 3]], 2, soil=soils[(i // 3) % 3],
                           ece0_ds_m=2.0 + i, weather_seed=1 + i % 2, level=level)
            for i in range(n)]


@pytest.mark.parametrize("level", ["potential", "farm"])
def test_batch_equals_single_runs_and_chunks_equal_the_whole(level, monkeypatch):
    from dataclasses import replace

    batch = _mixed_batch(7, level)
    batch.append(replace(batch[0], field_id="copy-of-f0", area_ha=9.0))   # same inputs
    engine_fields = []
    engine = scenario_run.simulate
    monkeypatch.setattr(scenario_run, "simulate",
                        lambda f, w, **kw: engine_fields.append(f.n) or engine(f, w, **kw))
    whole = run_scenarios(batch, baselines=False)
    assert sum(engine_fields) == 7         # the copy is not simulated twice
    assert _records(whole, "copy-of-f0") == _records(whole, "f0")
    chunked = run_scenarios(batch, baselines=False, chunk_size=2)
    assert chunked.engine_calls > whole.engine_calls
    carbon = run_scenarios(batch[:3], carbon=True)
    assert carbon.rows == run_scenarios(batch[:3], carbon=True, chunk_size=1).rows
    for sc in batch:
        single = run_scenarios([sc], baselines=False)
        assert _records(single, sc.field_id) == _records(whole, sc.field_id)
        assert _records(chunked, sc.field_id) == _records(whole, sc.field_id)


def test_compare_does_not_depend_on_the_order_of_systems(capsys):
    out = {}
    for order in ("green-cover-alfalfa,rice-flood", "rice-flood,green-cover-alfalfa"):
        assert main(["compare", "--region", "kyzylorda", "--systems", order, "--years", "3",
                     "--seed", "2", "--format", "json"]) == 0
        captured = capsys.readouterr()
        assert "baseline rice-flood" in captured.err
        rows = json.loads(captured.out)
        assert {r["baseline"] for r in rows} == {"rice-flood"}
        out[order] = {(r["system"], r["year"]): r for r in rows}
    a, b = out.values()
    assert a == b
    # an explicit baseline changes the initial soil carbon, not the water balance
    assert main(["compare", "--region", "kyzylorda", "--systems", "green-cover-alfalfa",
                 "--baseline", "wheat-furrow", "--years", "3", "--seed", "2",
                 "--format", "json"]) == 0
    rows = {(r["system"], r["year"]): r for r in json.loads(capsys.readouterr().out)}
    gc = ("green-cover-alfalfa", 3)
    assert rows[gc]["irrigation_m3_ha"] == a[gc]["irrigation_m3_ha"]
    assert rows[gc]["soc_t_c_ha"] != a[gc]["soc_t_c_ha"]


def test_monte_carlo_is_one_engine_call_with_the_sequential_quantiles(monkeypatch):
    from zhassyl.economics.risk import Scenario, monte_carlo, summary
    from zhassyl.farming.scenario import run_systems

    calls = []
    engine = scenario_run.simulate

    def counting(*args, **kwargs):
        calls.append(args[0].n)
        return engine(*args, **kwargs)

    sc = Scenario("kyzylorda", ("traditional-alfalfa", "green-cover-alfalfa"), 3, 2.0)
    monkeypatch.setattr(scenario_run, "simulate", counting)
    batch = monte_carlo(sc, 6, seed=5)
    assert calls == [12]                       # 6 runs x 2 systems in one call
    sequential = monte_carlo(sc, 6, seed=5, simulate=run_systems)
    assert len(calls) == 1 + 6                 # the old loop: one call per run
    assert summary(batch) == summary(sequential)
    for s in sc.systems:
        np.testing.assert_array_equal(batch.npv_kzt[s], sequential.npv_kzt[s])


def test_vocabulary_is_shared():
    from zhassyl.farming.soils import texture_rows
    from zhassyl.farming.systems import load_system
    from zhassyl.registry.models import MANAGEMENT_SYSTEMS, SOIL_TEXTURES

    assert set(texture_rows()) <= set(SOIL_TEXTURE_IDS) == set(SOIL_TEXTURES)
    assert set(SYSTEM_IDS) <= set(MANAGEMENT_SYSTEMS)
    assert all(load_system(s).id == s for s in SYSTEM_IDS)
    from zhassyl.farming.crops import crop_names
    from zhassyl.registry.demo import GREEN_COVER, REGIONS
    from zhassyl.scenario.vocabulary import CROP_IDS, REGION_IDS
    from zhassyl.weather.climate import REGION_IDS as CLIMATE_REGIONS

    assert set(crop_names()) == set(CROP_IDS) and set(GREEN_COVER) <= set(CROP_IDS)
    assert REGION_IDS == CLIMATE_REGIONS and {r[0] for r in REGIONS} == set(REGION_IDS)
    assert normalise("Sandy_Loam") == "sandy-loam" and normalise("rice-flooded") == "rice-flood"


def test_migration_0002_renames_stored_values(databases, backend):  # noqa: F811
    from sqlalchemy import text

    from zhassyl.registry.db import connect, migrate

    reg = connect(databases.fresh(backend, migrated=False))
    migrate(reg.engine, "0001")
    with reg.engine.begin() as c:
        c.execute(text("INSERT INTO regions (id, code, name, version) VALUES (1,'almaty','A',1)"))
        c.execute(text("INSERT INTO communities (id, region_id, name, founding, version) "
                       "VALUES (1, 1, 'c', false, 1)"))
        c.execute(text("INSERT INTO farms (id, community_id, name, household_size, head_gender,"
                       " size_ha, irrigated_ha, version) VALUES (1,1,'f',3,'female',5,5,1)"))
        c.execute(text("INSERT INTO fields (id, farm_id, name, geometry, declared_area_ha, "
                       "area_ha, soil_texture, water_source, version) VALUES "
                       "(1,1,'x','{}',1,1,'loam','canal',1)"))
        for k, old in enumerate(("rice-flooded", "alfalfa-green-cover", "alfalfa-grain-cover",
                                 "monoculture"), start=1):
            c.execute(text("INSERT INTO seasons (id, field_id, year, management_system, crops, "
                           "irrigation_method, tillage, version) VALUES "
                           f"({k}, 1, {2010 + k}, '{old}', 'x', 'flood', 'minimal', 1)"))
    migrate(reg.engine)
    with reg.engine.connect() as c:
        got = [r[0] for r in c.execute(text("SELECT management_system FROM seasons ORDER BY id"))]
    reg.engine.dispose()
    assert got == ["rice-flood", "green-cover-alfalfa", "traditional-alfalfa", "monoculture"]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    from zhassyl.registry import demo
    from zhassyl.registry.db import connect, migrate

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    reg = connect(url)
    migrate(reg.engine)
    with reg.session(DIRECTOR) as s:
        demo.seed(s, DIRECTOR)
    reg.engine.dispose()
    return url


def test_every_demo_field_simulates_from_its_records(demo_url, capsys):
    from zhassyl.registry import repositories as repo
    from zhassyl.registry.db import connect
    from zhassyl.scenario.registry import field_records, registry_scenario

    reg = connect(demo_url)
    with reg.session(DIRECTOR) as s:
        ids = [f["id"] for f in repo.list_records(s, DIRECTOR, "fields")]
        batch = [registry_scenario(s, DIRECTOR, i, years=2) for i in ids]
        rows = {i: field_records(s, DIRECTOR, i) for i in ids}
    reg.engine.dispose()
    for sc in batch:
        samples = rows[int(sc.field_id)]["samples"]
        latest = max(samples, key=lambda r: r["sampled_on"])
        assert sc.ece0_ds_m == latest["ece_ds_m"] and sc.source_of("ece0_ds_m") == "measured"
        assert sc.source_of("soc0_t_c_ha") == "measured"
        assert sc.systems == ("green-cover-alfalfa",)
        first = min(rows[int(sc.field_id)]["seasons"], key=lambda r: r["year"])
        if sc.source_of("baseline") == "recorded":
            assert sc.baseline == first["management_system"]
        else:   # rice recorded where the region has no rice calendar: said so, region default
            assert any("no sowing date" in n for n in sc.notes) and sc.baseline == "wheat-furrow"
    assert sum(sc.source_of("baseline") == "recorded" for sc in batch) > len(batch) / 2
    results = run_scenarios(batch, carbon=True)
    assert {r["field_id"] for r in results.rows} == {str(i) for i in ids}
    assert all(np.isfinite(r["soc_t_c_ha"]) for r in results.rows)
    assert main(["compare", "--field", str(ids[0]), "--systems", "green-cover-alfalfa",
                 "--years", "2", "--database-url", demo_url, "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert "(measured)" in err and "(recorded)" in err


@pytest.mark.parametrize("argv", [
    ["simulate", "--fields", "F", "--system", "alfalfa-sole"],
    ["simulate", "--fields", "F", "--region", "kyzylorda"],
    ["simulate", "--field", "1", "--region", "kyzylorda", "--system", "alfalfa-sole"],
    ["compare", "--field", "1", "--soil", "loam", "--systems", "alfalfa-sole"],
    ["economics", "--case-study", "--region", "kyzylorda"],
    ["economics", "--show", "eligibility", "--plot", "x.png"],
])
def test_options_that_cannot_apply_together_are_refused(argv, tmp_path):
    fields = tmp_path / "fields.csv"
    fields.write_text("field_id,region,system,area_ha\nf1,kyzylorda,alfalfa-sole,5\n")
    argv = [str(fields) if a == "F" else a for a in argv]
    p = subprocess.run([sys.executable, "-m", "zhassyl", *argv], capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 2  # ExitCode.USAGE
    assert "Traceback" not in p.stderr and "cannot be used together" in p.stderr


def test_weather_file_for_fields_of_several_regions_is_refused(tmp_path):
    fields = tmp_path / "fields.csv"
    fields.write_text("field_id,region,system,area_ha\nf1,kyzylorda,alfalfa-sole,5\n"
                      "f2,almaty,alfalfa-sole,5\n")
    with pytest.raises(InputError, match="several regions"):
        from_fields_csv(str(fields), years=1, weather_file="w.csv")


def test_fields_with_a_weather_file_use_it(tmp_path, capsys):
    weather = tmp_path / "w.csv"
    assert main(["weather", "generate", "--region", "kyzylorda", "--years", "3", "--seed", "7",
                 "-o", str(weather)]) == 0
    fields = tmp_path / "fields.csv"
    fields.write_text("field_id,region,system,area_ha\nf1,kyzylorda,alfalfa-sole,5\n")
    capsys.readouterr()
    runs = {}
    for extra in ([], ["--weather", str(weather)]):
        assert main(["simulate", "--fields", str(fields), "--years", "2", "--format", "json",
                     *extra]) == 0
        runs[bool(extra)] = json.loads(capsys.readouterr().out)
    assert main(["simulate", "--region", "kyzylorda", "--system", "alfalfa-sole", "--years", "2",
                 "--baseline", "alfalfa-sole", "--weather", str(weather), "--format",
                 "json"]) == 0
    single = json.loads(capsys.readouterr().out)
    assert [r["hay_t_ha"] for r in runs[True]] == [r["hay_t_ha"] for r in single]
    assert [r["hay_t_ha"] for r in runs[True]] != [r["hay_t_ha"] for r in runs[False]]


def test_form_and_stratum_builders_check_their_input():
    from zhassyl.scenario.builders import from_stratum

    with pytest.raises(InputError) as e:
        from_json({"region": "kyzylorda", "systems": "alfalfa-sole", "colour": "red",
                   "ece_ds_m": "salty"})
    assert "colour" in str(e.value)
    with pytest.raises(InputError) as e:
        from_json({"region": "kyzylorda", "systems": "alfalfa-sole", "ece_ds_m": "salty"})
    assert "ece_ds_m" in str(e.value)
    stratum = from_stratum("kyz-saline", "kyzylorda", ["green-cover-alfalfa"], 3,
                           area_ha=1200.0, ece0_ds_m=8.0)
    field = field_scenario("x", "kyzylorda", ["green-cover-alfalfa"], 3, ece0_ds_m=8.0)
    assert stratum.scenario_hash() == field.scenario_hash() and stratum.area_ha == 1200.0
    assert stratum.source_of("ece0_ds_m") == "given" and stratum.source_of("baseline") == "default"


def test_money_where_asked():
    from zhassyl.economics.budget import enterprise_budget
    from zhassyl.economics.prices import PriceBook

    sc = field_scenario("m", "kyzylorda", ["green-cover-alfalfa"], 2)
    results = run_scenarios([sc], prices=PriceBook(), first_calendar_year=2019)
    for row, r in zip(results.rows, results.records, strict=True):
        expected = enterprise_budget(r, PriceBook(), 2018 + r.year).net_income_kzt
        assert row["net_income_kzt_ha"] == round(expected, 0)
    assert "net_income_kzt_ha" not in run_scenarios([sc]).rows[0]
    constant = run_scenarios([sc], prices=PriceBook(), price_year=2024)
    for row, r in zip(constant.rows, constant.records, strict=True):
        budget = enterprise_budget(r, PriceBook(), 2024)
        assert row["net_income_kzt_ha"] == round(budget.revenue_kzt - budget.cost_kzt, 0)


def _system_copy(path, new_id=None, change=None):
    from importlib import resources

    text = (resources.files("zhassyl") / "data" / "systems" / "green-cover-alfalfa.toml"
            ).read_text(encoding="utf-8")
    if new_id:
        text = text.replace('id = "green-cover-alfalfa"', f'id = "{new_id}"')
    if change:
        assert change[0] in text
        text = text.replace(*change)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_system_file_is_one_id_with_its_digest(tmp_path):
    """A .toml system is reported under its own id; its content, not its path, is an input."""
    from zhassyl.scenario.builders import system_id, system_ref

    sow = ("sowing_irrigation_m3_ha = 350", "sowing_irrigation_m3_ha = 600")
    a = _system_copy(tmp_path / "a.toml", "my-cover", sow)
    (tmp_path / "elsewhere").mkdir()
    b = _system_copy(tmp_path / "elsewhere" / "b.toml", "my-cover", sow)
    c = _system_copy(tmp_path / "c.toml", "my-cover")
    assert system_id(a) == "my-cover" and system_ref(a).file == a
    sa, sb, sc_ = (field_scenario("f", "kyzylorda", [p], 1) for p in (a, b, c))
    assert sa.systems == ("my-cover",) and sa.system_source("my-cover") == a
    assert sa.scenario_hash() == sb.scenario_hash()      # same content elsewhere
    assert sa.scenario_hash() != sc_.scenario_hash()     # one value changed
    packaged = field_scenario("f", "kyzylorda", ["green-cover-alfalfa"], 1)
    assert "system_digests" not in packaged.inputs()     # packaged hashes unchanged
    # a byte-identical copy of a packaged system is that system
    same = _system_copy(tmp_path / "copy.toml")
    assert system_ref(same).file is None
    assert field_scenario("f", "kyzylorda", [same], 1) == packaged
    # a changed copy may not pass for the packaged system, nor two files share an id
    changed = _system_copy(tmp_path / "changed.toml", change=sow)
    with pytest.raises(InputError, match="own id"):
        field_scenario("f", "kyzylorda", [changed], 1)
    with pytest.raises(InputError, match="two different systems are named 'my-cover'"):
        field_scenario("f", "kyzylorda", [a], 1, baseline=c)
    # the results carry the id, the provenance the file
    res = run_scenarios([field_scenario("f", "kyzylorda", [a], 2, baseline=a)],
                        baselines=True)
    assert {r["system"] for r in res.rows} == {"my-cover"}
    assert {r["baseline"] for r in res.rows} == {"my-cover"}
    assert res.provenance["f"]["system_files"] == {"my-cover": a}


def test_economics_knows_what_a_system_file_lacks(tmp_path):
    from zhassyl.economics.budget import missing_data
    from zhassyl.farming.systems import load_system

    for sid in SYSTEM_IDS:
        assert missing_data(load_system(sid)) == [], sid
    sorghum = _system_copy(tmp_path / "s.toml", "sorghum-cover",
                           ('crop = "barley"', 'crop = "sorghum"'))
    assert missing_data(load_system(sorghum)) == ["prices.csv: seed_sorghum"]


def test_an_irrigation_method_replaces_the_compared_systems_own_not_the_baselines():
    """The method of ``data/irrigation/methods.csv`` reaches the engine and the budget.

    Brouwer et al. (1989, FAO Training Manual 4, ch. 4): drip applies water at 90 %
    efficiency, a sprinkler at 75 %; the same depletion rule must then draw less gross
    water by drip than by sprinkler on the same field and weather.
    """
    from zhassyl.economics.prices import PriceBook

    own = field_scenario("own", "kyzylorda", ["green-cover-alfalfa"], 2, level="potential")
    drip = field_scenario("drip", "kyzylorda", ["green-cover-alfalfa"], 2, level="potential",
                          irrigation_method="drip")
    # unchanged scenarios keep their inputs (and hashes); a chosen method is an input
    assert "irrigation_method" not in own.inputs() and own.source_of("irrigation_method")
    assert drip.inputs()["irrigation_method"] == "drip"
    assert drip.source_of("irrigation_method") == "given"
    assert drip.scenario_hash() != own.scenario_hash()
    res = run_scenarios([own, drip], prices=PriceBook(), price_year=2024)
    by = {(row["field_id"], row["system"], row["year"]): r
          for row, r in zip(res.rows, res.records, strict=True)}
    assert by[("own", "green-cover-alfalfa", 2)].irrigation_method == "sprinkler"
    assert by[("drip", "green-cover-alfalfa", 2)].irrigation_method == "drip"
    # the baseline (the practice before) keeps its own basin
    assert by[("drip", "rice-flood", 2)].irrigation_method == "basin"
    assert by[("drip", "rice-flood", 2)].irrigation_m3_ha == \
        by[("own", "rice-flood", 2)].irrigation_m3_ha
    water = {f: sum(by[(f, "green-cover-alfalfa", y)].irrigation_m3_ha for y in (1, 2))
             for f in ("own", "drip")}
    assert 0 < water["drip"] < water["own"]
    assert res.provenance["drip"]["inputs"]["irrigation_method"] == {
        "value": "drip", "source": "given"}


def test_a_ponded_paddy_keeps_its_irrigation_and_unknown_methods_are_refused():
    sc = field_scenario("f", "kyzylorda", ["green-cover-alfalfa", "rice-flood"], 1,
                        baseline="traditional-alfalfa", irrigation_method="sprinkler")
    assert any("rice-flood" in n and "ponded" in n for n in sc.notes)
    with pytest.raises(InputError) as err:
        field_scenario("f", "kyzylorda", ["green-cover-alfalfa"], 1,
                       irrigation_method="bucket")
    assert err.value.problems[0].column == "irrigation_method"
    doc = from_json({"region": "kyzylorda", "systems": "green-cover-alfalfa",
                     "irrigation_method": "drip"})
    assert doc.irrigation_method == "drip"
