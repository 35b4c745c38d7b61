"""``zhassyl scale`` speed and memory: fields x 10 years, in process and on 1 and 2 Dask workers.

A scale-up of N fields (the packaged national example's strata, N/strata
representative fields each, one climate sequence; every field is simulated with
its baseline, i.e. 2N engine field-runs, with monthly RothC drivers, budgets and
RothC as arrays) is run without Dask and on a LocalCluster of 1 and 2
single-threaded worker processes (one Numba thread each).  Reported per run:
wall time, fields per second, the CPU seconds used (the process, or the sum
over the workers: a per-core throughput that a busy shared machine does not
distort as much as wall time), the peak resident memory (ru_maxrss) of the
client and of each worker, the machine's load average before and after, and
the national water saved of the last year (the same in every mode).  Usage:

    PYTHONPATH=src .venv/bin/python benchmarks/bench_scale.py [--sizes 1000 10000]
        [--years 10] [--modes none 1 2] [--chunk-fields C]

The in-process run (``none``) uses one Numba thread, so that it measures one
core.  Workers are started fresh for each run, so their peak memory is that
run's.  Results: benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time

from zhassyl.scale.config import example_path, load_scenario
from zhassyl.scale.execute import default_chunk_fields, local_cluster, region_totals, run_scale
from zhassyl.scale.sampling import count_fields


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _usage() -> tuple[float, float]:
    """(peak RSS [MB], CPU seconds user + system) of the calling process."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_maxrss / 1024.0, r.ru_utime + r.ru_stime


def run(n_fields: int, years: int, mode: str, chunk_fields: int | None) -> dict:
    """One run: N fields x ``years``; mode ``none`` (no Dask) or the number of workers."""
    base = load_scenario(example_path())
    k = max(1, round(n_fields / len(base.strata)))
    sc = base.with_options(years=years, fields_per_stratum=k, climate_replicates=1)
    n = count_fields(sc)
    load_before = os.getloadavg()
    t = time.perf_counter()
    worker_mb: list[float] = []
    if mode == "none":
        c = time.process_time()
        acc, _info = run_scale(sc, use_dask=False, chunk_fields=chunk_fields)
        cpu = time.process_time() - c
    else:
        from dask.distributed import Client

        with local_cluster(int(mode)) as cluster, Client(cluster) as client:
            acc, _info = run_scale(sc, client=client, chunk_fields=chunk_fields)
            usage = list(client.run(_usage).values())
        worker_mb = sorted(u[0] for u in usage)
        cpu = sum(u[1] for u in usage)
    seconds = time.perf_counter() - t
    national = [r for r in region_totals(sc, acc) if r["region"] == "national"][-1]
    return {"fields": n, "years": years, "mode": mode, "seconds": seconds,
            "fields_per_s": n / seconds, "cpu_s": cpu, "fields_per_cpu_s": n / cpu,
            "client_mb": _rss_mb(), "worker_mb": worker_mb,
            "load": (load_before[0], os.getloadavg()[0]),
            "chunk_fields": chunk_fields or default_chunk_fields(sc),
            "water_saved_m3": national["water_saved_m3"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--modes", nargs="+", default=["none", "1", "2"])
    ap.add_argument("--chunk-fields", type=int, default=None)
    args = ap.parse_args()
    import numba

    numba.set_num_threads(1)   # the in-process run measures one core
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, numba {numba.__version__}")
    print("| fields | years | workers | chunk | time [s] | fields/s | CPU [s] | fields per CPU-s "
          "| peak RSS client [MB] | peak RSS per worker [MB] | load 1-min before/after "
          "| national water saved, last year [m3] |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---|---:|")
    for n in args.sizes:
        for mode in args.modes:
            r = run(n, args.years, mode, args.chunk_fields)
            workers = "no Dask" if mode == "none" else mode
            per_worker = ", ".join(f"{m:.0f}" for m in r["worker_mb"]) or "-"
            print(f"| {r['fields']} | {r['years']} | {workers} | {r['chunk_fields']} "
                  f"| {r['seconds']:.1f} | {r['fields_per_s']:.1f} | {r['cpu_s']:.1f} "
                  f"| {r['fields_per_cpu_s']:.1f} | {r['client_mb']:.0f} | {per_worker} "
                  f"| {r['load'][0]:.1f} / {r['load'][1]:.1f} "
                  f"| {r['water_saved_m3']:.6g} |", flush=True)


if __name__ == "__main__":
    main()
