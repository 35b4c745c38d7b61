"""Benchmark: memory roofline of the daily engine and where its time goes, per process.

Usage::

    .venv/bin/python benchmarks/bench_roofline.py [--fields N] [--years Y]
        [--profile-fields P] [--json OUT]

In one run:

1. a STREAM-like triad measures the machine's memory bandwidth
   (:func:`zhassyl.engine.roofline.triad_bandwidth_bytes_s`);
2. the bytes of state the kernel reads and writes per field-day are counted by
   construction from the arrays it touches
   (:func:`zhassyl.engine.roofline.state_bytes_per_field_day`), giving the bound
   bandwidth / bytes in field-days per second, and the compulsory main-memory
   traffic of the field-by-field kernel;
3. the engine benchmark (:func:`zhassyl.engine.bench.run_engine_benchmark`) on N
   fields gives the achieved rate and the fraction of the bound;
4. a serial profiling build of the kernel (cycle counter read between the
   sections of each day, :func:`zhassyl.engine.kernel.profiling_kernel`) on P
   fields splits the time among the processes.

Not a test: speed is measured here, never in the test suite.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from zhassyl.engine import kernel
from zhassyl.engine.roofline import (
    compulsory_bytes_per_field_day,
    roofline,
    state_bytes_per_field_day,
    triad_bandwidth_bytes_s,
)
from zhassyl.engine.simulate import simulate
from zhassyl.scenario.bench import build_case, run_engine_benchmark


def profile(n_fields: int, years: int) -> dict:
    """Cycles per field-day of each section of the day, from the profiling build."""
    case = build_case(n_fields, years)
    calls = []

    def capture(*args):
        calls.append(args)

    real = kernel._run_fields
    kernel._run_fields = capture          # collect the kernel's arguments from simulate
    try:
        simulate(case.fields, case.weather, daily=False, max_cuts=case.max_cuts,
                 check_balance=False, keep_state=False)
    finally:
        kernel._run_fields = real
    args = list(calls[0])
    t0 = time.perf_counter()
    prof_kernel = kernel.profiling_kernel()
    prof_kernel(*args[:-1], np.zeros(kernel.N_PROFILE_SECTIONS))   # compile (and a first run)
    compile_s = time.perf_counter() - t0
    prof = np.zeros(kernel.N_PROFILE_SECTIONS)
    t0 = time.perf_counter()
    c0 = time.process_time()
    prof_kernel(*args[:-1], prof)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    total = prof.sum()
    return {
        "profile_fields": n_fields, "profile_compile_s": round(compile_s, 1),
        "profile_wall_s_serial": round(wall, 3),
        "cycles_per_second_estimate": float(total / wall),
        "profile_cpu_s_serial": round(cpu, 3),
        # the cycle counter runs while the process waits for a core: on a shared
        # machine the shares hold, the wall-clock ns are inflated; CPU ns are not
        "ns_per_field_day_serial": wall / case.field_days * 1e9,
        "cpu_ns_per_field_day_serial": cpu / case.field_days * 1e9,
        "sections": {name: {"share": float(c / total),
                            "cpu_ns_per_field_day": float(c / total * cpu / case.field_days
                                                          * 1e9)}
                     for name, c in zip(kernel.PROFILE_SECTIONS, prof, strict=True)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fields", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--profile-fields", type=int, default=5_000)
    parser.add_argument("--json", default=None, help="also write the results to this file")
    args = parser.parse_args()

    bandwidth = triad_bandwidth_bytes_s()
    case = build_case(1, args.years)
    n_comp = case.fields.soil.dz_m.shape[1]
    n_seasons = case.fields.season_start.shape[1]
    bench = run_engine_benchmark(args.fields, args.years, repeat=2)
    bandwidth_after = triad_bandwidth_bytes_s()
    comp = compulsory_bytes_per_field_day(
        case.weather.n_days, n_seasons, n_comp, case.max_cuts, case.weather.tmin_c.shape[0],
        args.fields)
    rl = roofline(bench.field_days_per_s, n_comp, max(bandwidth, bandwidth_after),
                  compulsory_bytes=comp)
    result = {
        "fields": args.fields, "years": args.years, "n_compartments": n_comp,
        "bytes_per_field_day": state_bytes_per_field_day(n_comp),
        "triad_gb_s_before": round(bandwidth / 1e9, 2),
        "triad_gb_s_after": round(bandwidth_after / 1e9, 2),
        "bound_field_days_per_s": round(rl.bound_field_days_per_s),
        "achieved_field_days_per_s": round(rl.achieved_field_days_per_s),
        "fraction_of_bound": round(rl.fraction_of_bound, 4),
        "compulsory_bytes_per_field_day": round(comp, 2),
        "compulsory_bound_field_days_per_s": round(rl.compulsory_bound_field_days_per_s),
        "threads": bench.n_threads, "peak_rss_mb": round(bench.peak_rss_mb, 1),
        **profile(args.profile_fields, args.years),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            json.dump(result, stream, indent=1)


if __name__ == "__main__":
    main()
