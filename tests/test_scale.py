"""Scale-up: scenario files, sampling against a full enumeration, Dask execution.

Checks of issue 16: the same totals in process, on 1 and on 2 Dask workers; a worker
killed mid-run does not change them; weighted totals of the representative fields
against a full enumeration of a small region within the stated sampling error; bad
scenario files refused with file, key and reason.  Dask clusters are small (1-2
single-threaded workers) and always closed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import tomllib

import numpy as np
import pytest

from zhassyl.cli import main
from zhassyl.errors import InputError
from zhassyl.scale.chunk import VARIABLES, adoption_matrix
from zhassyl.scale.config import example_path, example_text, load_scenario, parse_scenario
from zhassyl.scale.execute import region_totals, run_scale
from zhassyl.scale.sampling import (
    count_fields,
    design,
    enumeration,
    fields_of,
    plan,
    stratified_total,
)

SMALL = textwrap.dedent("""
    [scenario]
    name = "small"
    start_year = 2018
    years = 2
    level = "potential"
    seed = 7
    fields_per_stratum = 2
    climate_replicates = 2
    cooperative = true

    [adoption]
    green-cover-alfalfa = [0.1, 0.3]

    [policy]
    programme = ["apk_2017_2021", "none"]

    [[regions]]
    id = "kyzylorda"
    water_source = "canal"
    ec_iw_ds_m = 1.7
    ec_iw_ds_m_source = "test value"

      [[regions.strata]]
      practice = "rice-flood"
      soil = "silt-loam"
      salinity = "moderate"
      area_ha = 1000
      source = "test value"

      [[regions.strata]]
      practice = "wheat-furrow"
      soil = "loam"
      salinity = "slight"
      area_ha = 500
      source = "test value"
""")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return load_scenario(path)


@pytest.fixture(scope="module")
def in_process(small):
    acc, info = run_scale(small, use_dask=False, chunk_fields=1)
    assert info.chunks == len(design(small))
    return region_totals(small, acc)


def _table(rows):
    return np.array([[r[v] for v in VARIABLES] for r in rows])


# --- scenario files ------------------------------------------------------------------

def _doc(**changes):
    doc = tomllib.loads(SMALL)
    for key, value in changes.items():
        target = doc
        parts = key.split(".")
        for p in parts[:-1]:
            target = target[int(p)] if p.isdigit() else target[p]
        target[parts[-1]] = value
    return doc


@pytest.mark.parametrize("change,key,reason", [
    ({"regions.0.id": "atlantis"}, "regions[0].id", "unknown region"),
    ({"adoption": {"maize-drip": [0.1, 0.2]}}, "adoption.maize-drip", "unknown system"),
    ({"regions.0.strata.0.practice": "cotton-flood"}, "regions[0].strata[0].practice",
     "unknown practice"),
    ({"adoption": {"green-cover-alfalfa": [0.5, 1.2]}}, "adoption.green-cover-alfalfa[1]",
     "above 100 %"),
    ({"adoption": {"green-cover-alfalfa": [0.5, 0.7], "alfalfa-sole": [0.4, 0.4]}},
     "adoption (year 2)", "above 100 %"),
    ({"regions.0.strata.1.area_ha": -20.0}, "regions[0].strata[1].area_ha", "negative"),
    ({"regions.0.strata.0.source": ""}, "regions[0].strata[0].source", "missing"),
    ({"regions.0.ec_iw_ds_m_source": "  "}, "regions[0].ec_iw_ds_m_source", "missing"),
    ({"regions.0.strata.0.salinity": "salty"}, "regions[0].strata[0].salinity", "not one of"),
    ({"policy": {"programme": ["apk_2099"]}}, "policy.programme[0]", "unknown programme"),
])
def test_bad_scenario_files_are_refused_with_file_key_and_reason(change, key, reason):
    with pytest.raises(InputError) as err:
        parse_scenario(_doc(**change), "my.toml")
    problems = err.value.problems
    assert any(p.file == "my.toml" and p.column == key and reason in p.message
               for p in problems), [str(p) for p in problems]


def test_missing_source_key_is_refused():
    doc = _doc()
    del doc["regions"][0]["strata"][1]["source"]
    with pytest.raises(InputError, match=r"regions\[0\]\.strata\[1\]\.source.*missing"):
        parse_scenario(doc, "my.toml")


def test_cli_refuses_a_bad_file_with_one_line_and_exit_1(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.replace("area_ha = 500", "area_ha = -5"), encoding="utf-8")
    assert main(["scale", str(bad), "--no-dask", "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "bad.toml" in err and "area_ha" in err and "negative" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_packaged_example_holds_the_sourced_areas(capsys):
    assert main(["scale", "--example"]) == 0
    assert capsys.readouterr().out == example_text()
    sc = load_scenario(example_path())
    assert {r.id for r in sc.regions} == {"akmola", "almaty", "east-kazakhstan", "turkistan",
                                          "karaganda", "kyzylorda", "mangystau"}
    # Kyzylorda: 226 kha saline, 88 / 73 / 65 kha slight / moderate / strong
    # (KazNU J. Geography 2021, 63(4))
    kz = sc.region("kyzylorda").strata
    by_class = {c: sum(s.area_ha for s in kz if s.salinity == c)
                for c in ("slight", "moderate", "strong")}
    assert by_class == pytest.approx({"slight": 88000, "moderate": 73000, "strong": 65000})
    # rice: Kyzylorda 76.6 kha, Almaty 13.2 kha, Turkistan 0.8 kha (Kazakh-Zerno)
    rice = {r.id: sum(s.area_ha for s in r.strata if s.practice == "rice-flood")
            for r in sc.regions}
    assert rice["kyzylorda"] == pytest.approx(76600)
    assert rice["almaty"] == pytest.approx(13200)
    assert rice["turkistan"] == pytest.approx(800)
    # about 20 % of 1.49 M ha irrigated land salt-affected (case study)
    assert sum(s.area_ha for s in sc.strata) == pytest.approx(0.20 * 1.49e6, rel=0.01)
    assert all(s.source.strip() for s in sc.strata)


# --- adoption and sampling -------------------------------------------------------------

def test_adoption_matrix_converts_each_cohort_once():
    m = adoption_matrix([0.1, 0.3, 0.3])
    # a per-hectare quantity 1 in every system year gives the cumulative share
    np.testing.assert_allclose(m @ np.ones(3), [0.1, 0.3, 0.3])
    # year 3: cohort of year 1 (0.1 ha) in its 3rd year, cohort of year 2 (0.2) in its 2nd
    np.testing.assert_allclose(m[2], [0.0, 0.2, 0.1])


def test_stratified_total_is_cochrans_estimator():
    # two strata, y per ha: [1, 3] and [10, 14, 18]; areas 100 and 50 ha
    y = [np.array([1.0, 3.0]), np.array([10.0, 14.0, 18.0])]
    total, se = stratified_total(np.array([100.0, 50.0]), np.array([2, 3]),
                                 np.array([v.sum() for v in y]),
                                 np.array([(v ** 2).sum() for v in y]))
    assert total == pytest.approx(100 * 2.0 + 50 * 14.0)
    var = 100 ** 2 * np.var(y[0], ddof=1) / 2 + 50 ** 2 * np.var(y[1], ddof=1) / 3
    assert se == pytest.approx(np.sqrt(var))


def test_design_weights_add_up_to_the_area_and_draw_within_the_class(small):
    fields = design(small)
    assert len(fields) == 2 * small.fields_per_stratum
    for h, st in enumerate(small.strata):
        mine = [f for f in fields if f.stratum == h]
        assert sum(f.weight_ha for f in mine) == pytest.approx(st.area_ha)
    assert all(4.0 <= f.ece0_ds_m < 8.0 for f in fields if f.stratum == 0)
    assert design(small) == fields                      # same seed, same fields
    big = small.with_options(fields_per_stratum=7)
    for size in (1, 3, 5, 100):                         # chunks made lazily, any size
        chunked = [f for chunk in plan(big, size) for part in chunk
                   for f in fields_of(big, part)]
        assert chunked == design(big)
        assert sum(p.stop - p.start for c in plan(big, size) for p in c) == count_fields(big)


def test_weighted_totals_match_a_full_enumeration_within_the_sampling_error(small):
    sc = small.with_options(climate_replicates=1, fields_per_stratum=3)
    acc, _ = run_scale(sc, design(sc), use_dask=False, chunk_fields=50)
    sampled = [r for r in region_totals(sc, acc) if r["region"] == "national"]
    acc_full, _ = run_scale(sc, enumeration(sc, 16), use_dask=False, chunk_fields=50)
    full = [r for r in region_totals(sc, acc_full) if r["region"] == "national"]
    more = sc.with_options(fields_per_stratum=12)
    acc_more, _ = run_scale(more, design(more), use_dask=False, chunk_fields=50)
    bigger = [r for r in region_totals(more, acc_more) if r["region"] == "national"]
    checked = 0
    for s, f, b in zip(sampled, full, bigger, strict=True):
        for var in ("irrigation_scenario_m3", "water_saved_m3", "hay_t", "income_change_kzt"):
            se = s[f"{var}_se"]
            assert np.isfinite(se) and se > 0, var
            assert abs(s[var] - f[var]) <= 2.0 * se, (var, s[var], f[var], se)
            assert b[f"{var}_se"] < se, var                  # more fields, smaller error
            checked += 1
    assert checked == 8


# --- execution ---------------------------------------------------------------------------

def test_a_chunk_delivered_twice_is_counted_once(small):
    from zhassyl.scale.chunk import Partial
    from zhassyl.scale.execute import Accumulator

    acc = Accumulator(Partial.zeros(small))
    part = Partial.zeros(small, chunk_id=3)
    part.rep_sum += 1.0
    part.n += 1
    assert acc.add(part) and not acc.add(part)
    assert acc.duplicates == 1 and acc.total.n.sum() == len(small.strata)
    assert acc.total.rep_sum.max() == 1.0


def test_same_totals_in_process_on_one_and_on_two_workers(small, in_process):
    from dask.distributed import Client, LocalCluster

    fields = design(small)
    for n in (1, 2):
        with LocalCluster(n_workers=n, threads_per_worker=1, dashboard_address=None) as cl, \
                Client(cl) as client:
            acc, info = run_scale(small, client=client, chunk_fields=1)
        assert info.chunks == len(fields) and acc.done == set(range(len(fields)))
        np.testing.assert_allclose(_table(region_totals(small, acc)), _table(in_process),
                                   rtol=1e-9, atol=1e-6)


def test_a_failing_chunk_is_resubmitted_and_counted_once(small, in_process, tmp_path,
                                                        monkeypatch):
    from dask.distributed import Client, LocalCluster

    import zhassyl.scale.execute as execute

    flag = tmp_path / "failed-once"
    real = execute.run_chunk

    def flaky(scenario, fields, chunk_id, *args):
        if chunk_id == 1 and not flag.exists():
            flag.write_text("x")
            raise RuntimeError("transient failure")
        return real(scenario, fields, chunk_id, *args)

    monkeypatch.setattr(execute, "run_chunk", flaky)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cl, Client(cl) as client:
        acc, info = run_scale(small, client=client, chunk_fields=1)
    assert flag.exists() and info.resubmitted == 1
    assert acc.total.n.sum() == count_fields(small)
    np.testing.assert_allclose(_table(region_totals(small, acc)), _table(in_process),
                               rtol=1e-9, atol=1e-6)


def test_killing_a_worker_mid_run_does_not_change_the_totals(small, in_process):
    from dask.distributed import Client, LocalCluster

    fields = design(small)
    killed = []
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cl, \
            Client(cl) as client:
        pids = client.run(os.getpid)

        def progress(done, total):
            if not killed:
                pid = sorted(pids.values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        acc, info = run_scale(small, client=client, chunk_fields=1, progress=progress)
    assert killed
    assert acc.done == set(range(len(fields))) and acc.duplicates == 0
    assert acc.total.n.sum() == len(fields)             # every field counted once
    np.testing.assert_allclose(_table(region_totals(small, acc)), _table(in_process),
                               rtol=1e-9, atol=1e-6)


def test_cli_against_a_separately_started_scheduler_and_worker(small, in_process, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [os.path.join(os.path.dirname(__file__), "..", "src"), os.environ.get("PYTHONPATH", "")]))
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    port = 8700 + os.getpid() % 200
    sched = subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", str(port),
                              "--no-dashboard"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker",
                               f"tcp://127.0.0.1:{port}", "--nthreads", "1", "--no-dashboard"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert main(["scale", small.path, "--scheduler", f"tcp://127.0.0.1:{port}",
                     "--chunk-fields", "2", "-o", str(tmp_path)]) == 0
    finally:
        for p in (worker, sched):
            p.terminate()
            p.wait(timeout=30)
    import csv

    with open(tmp_path / "summary.csv", encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
    assert header[:13] == ["region", "year", *VARIABLES]
    assert "water_saved_m3_p10" in header and "water_saved_m3_p90" in header
    rows = list(csv.DictReader(open(tmp_path / "summary.csv", encoding="utf-8")))
    assert rows[-1]["region"] == "national"
    assert [r["region"] for r in rows] == [r["region"] for r in in_process]
    got = np.array([[float(r[v]) for v in VARIABLES] for r in rows])
    np.testing.assert_allclose(got, _table(in_process), rtol=1e-9, atol=0.01)
    for name in ("summary.parquet", "summary.png", "map.svg", "run.json"):
        assert (tmp_path / name).stat().st_size > 0
    svg = (tmp_path / "map.svg").read_text(encoding="utf-8")
    for region in {r["region"] for r in rows} - {"national"}:
        assert f'data-region="{region}"' in svg
