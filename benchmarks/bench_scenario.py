"""``simulate --fields`` speed: the scenario layer against the engine's own time.

Writes a fields CSV of N mixed fields (three regions, five systems, five soils, initial
ECe 2-12 dS/m), builds the batch (CSV -> FieldScenario), runs ``run_scenarios`` and
reports the time spent inside ``engine.simulate`` for the same field-days.  Usage:

    PYTHONPATH=src .venv/bin/python benchmarks/bench_scenario.py [--fields 5000] [--years 3]
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from pathlib import Path

import zhassyl.scenario.run as scenario_run
from zhassyl.scenario.builders import from_fields_csv

REGIONS = ("kyzylorda", "turkistan", "almaty")
SYSTEMS = ("green-cover-alfalfa", "traditional-alfalfa", "alfalfa-sole", "rice-flood",
           "wheat-furrow")
SOILS = ("sandy-loam", "loam", "silt-loam", "clay-loam", "clay")


def write_fields(path: Path, n: int, seed: int = 10) -> None:
    """N mixed fields (deterministic for a seed)."""
    rnd = random.Random(seed)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["field_id", "region", "system", "area_ha", "soil", "ece_ds_m"])
        for i in range(n):
            region = REGIONS[i % 3]
            w.writerow([f"f{i:05d}", region, SYSTEMS[rnd.randrange(5)],
                        round(rnd.uniform(1, 20), 2), rnd.choice(SOILS),
                        round(rnd.uniform(2, 12), 1)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fields", type=int, default=5000)
    ap.add_argument("--years", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fields.csv"
        write_fields(path, args.fields)
        engine_s = [0.0]
        field_days = [0]
        original = scenario_run.simulate

        def timed(fields, weather, **kw):
            t = time.perf_counter()
            res = original(fields, weather, **kw)
            engine_s[0] += time.perf_counter() - t
            field_days[0] += fields.n * weather.n_days
            return res

        scenario_run.simulate = timed
        original(*_warm_up())  # compile or load the kernel outside the timings
        t0 = time.perf_counter()
        batch = from_fields_csv(str(path), years=args.years)
        t1 = time.perf_counter()
        res = scenario_run.run_scenarios(batch, baselines=False)
        t2 = time.perf_counter()
    print(f"fields {len(batch)}, years {args.years}, engine calls {res.engine_calls}, "
          f"field-days {field_days[0]}")
    print(f"set-up (CSV -> scenarios) {t1 - t0:.2f} s; run_scenarios {t2 - t1:.2f} s, "
          f"of which engine {engine_s[0]:.2f} s")
    print(f"(set-up + run_scenarios) / engine = {(t2 - t0) / engine_s[0]:.2f}")


def _warm_up():
    from zhassyl.scenario.builders import field_scenario
    from zhassyl.scenario.engine_inputs import engine_batch

    eb = engine_batch([field_scenario("w", "kyzylorda", ["alfalfa-sole"], 1)],
                      [(0, "alfalfa-sole")])
    return eb.groups[0].fields, eb.groups[0].weather


if __name__ == "__main__":
    main()
