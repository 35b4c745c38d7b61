"""Where a scale-up's CPU time goes: engine, results extraction, weather, RothC, budgets.

Runs N fields x 10 years of the packaged national example in process (one
climate sequence, as bench_scale.py) with each stage wrapped in a
``time.process_time`` timer (no profiler overhead, which would inflate the
Python-level stages).  Usage:

    NUMBA_NUM_THREADS=1 PYTHONPATH=src .venv/bin/python benchmarks/bench_scale_split.py N [CHUNK]

Results: benchmarks/RESULTS.md.
"""

from __future__ import annotations

import functools
import sys
import time

import zhassyl.carbon.soc_arrays as soc_module
import zhassyl.economics.budget_arrays as budget_module
import zhassyl.scale.chunk as chunk_module
import zhassyl.scale.execute as execute_module
import zhassyl.scenario.run as run_module
from zhassyl.scale.config import example_path, load_scenario
from zhassyl.scale.execute import run_scale
from zhassyl.scale.sampling import count_fields

SECONDS: dict[str, float] = {}


def timed(module, name: str, label: str) -> None:
    """Replace ``module.name`` by a wrapper adding its CPU time to ``SECONDS[label]``."""
    f = getattr(module, name)

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        t = time.process_time()
        try:
            return f(*args, **kwargs)
        finally:
            SECONDS[label] = SECONDS.get(label, 0.0) + time.process_time() - t

    setattr(module, name, wrapper)


def main() -> None:
    n_fields = int(sys.argv[1])
    chunk = int(sys.argv[2]) if len(sys.argv) > 2 else None
    timed(run_module, "simulate", "engine kernel (engine.simulate)")
    timed(run_module, "_extract", "results extraction (scenario.run._extract)")
    timed(run_module, "engine_batch", "engine inputs + weather (engine_batch)")
    timed(run_module, "_table", "results table (scenario.run._table)")
    timed(soc_module, "soc_arrays", "RothC (carbon.soc_arrays)")
    timed(budget_module, "budget_arrays", "budgets (economics.budget_arrays)")
    execute_module.run_chunk = chunk_module.run_chunk
    base = load_scenario(example_path())
    run_scale(base.with_options(years=10, fields_per_stratum=1, climate_replicates=1),
              use_dask=False, chunk_fields=chunk)                 # warm-up: kernels, caches
    SECONDS.clear()
    k = max(1, round(n_fields / len(base.strata)))
    sc = base.with_options(years=10, fields_per_stratum=k, climate_replicates=1)
    n = count_fields(sc)
    t = time.process_time()
    run_scale(sc, use_dask=False, chunk_fields=chunk)
    total = time.process_time() - t
    print(f"{n} fields x 10 years: {total:.1f} CPU-s, {n / total:.1f} fields per CPU-second")
    for label, seconds in sorted(SECONDS.items(), key=lambda x: -x[1]):
        print(f"  {label:45s} {seconds:6.1f} s  {100 * seconds / total:5.1f} %")


if __name__ == "__main__":
    main()
