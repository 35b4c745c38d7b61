"""``zhassyl scale`` speed and memory: fields x 10 years, in process and on 1 and 2 Dask workers.

A scale-up of N fields (the packaged national example's strata, N/strata
representative fields each, one climate sequence; every field is simulated with
its baseline, i.e. 2N engine field-runs, with monthly RothC drivers, budgets and
RothC as arrays) is run without Dask and on a LocalCluster of 1 and 2
single-threaded worker processes.  Reported: wall time, fields per second and
the peak resident memory (ru_maxrss) of the client and of each worker.  Usage:

    PYTHONPATH=src .venv/bin/python benchmarks/bench_scale.py [--sizes 1000 10000]
        [--years 10] [--modes none 1 2] [--chunk-fields 20]

Workers are started fresh for each run, so their peak memory is that run's.
Results: benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time

from zhassyl.scale.config import example_path, load_scenario
from zhassyl.scale.execute import local_cluster, region_totals, run_scale
from zhassyl.scale.sampling import count_fields


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run(n_fields: int, years: int, mode: str, chunk_fields: int) -> dict:
    """One run: N fields x ``years``; mode ``none`` (no Dask) or the number of workers."""
    base = load_scenario(example_path())
    k = max(1, round(n_fields / len(base.strata)))
    sc = base.with_options(years=years, fields_per_stratum=k, climate_replicates=1)
    n = count_fields(sc)
    t = time.perf_counter()
    worker_mb: list[float] = []
    if mode == "none":
        acc, _info = run_scale(sc, use_dask=False, chunk_fields=chunk_fields)
    else:
        from dask.distributed import Client

        with local_cluster(int(mode)) as cluster, Client(cluster) as client:
            acc, _info = run_scale(sc, client=client, chunk_fields=chunk_fields)
            worker_mb = sorted(v / 1024.0 for v in client.run(
                lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).values())
    seconds = time.perf_counter() - t
    national = [r for r in region_totals(sc, acc) if r["region"] == "national"][-1]
    return {"fields": n, "years": years, "mode": mode, "seconds": seconds,
            "fields_per_s": n / seconds, "client_mb": _rss_mb(),
            "worker_mb": worker_mb, "water_saved_m3": national["water_saved_m3"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--modes", nargs="+", default=["none", "1", "2"])
    ap.add_argument("--chunk-fields", type=int, default=20)
    args = ap.parse_args()
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print("| fields | years | workers | time [s] | fields/s | peak RSS client [MB] "
          "| peak RSS per worker [MB] | national water saved, last year [m3] |")
    print("|---:|---:|---|---:|---:|---:|---|---:|")
    for n in args.sizes:
        for mode in args.modes:
            r = run(n, args.years, mode, args.chunk_fields)
            workers = "no Dask" if mode == "none" else mode
            per_worker = ", ".join(f"{m:.0f}" for m in r["worker_mb"]) or "-"
            print(f"| {r['fields']} | {r['years']} | {workers} | {r['seconds']:.1f} "
                  f"| {r['fields_per_s']:.1f} | {r['client_mb']:.0f} | {per_worker} "
                  f"| {r['water_saved_m3']:.6g} |", flush=True)


if __name__ == "__main__":
    main()
