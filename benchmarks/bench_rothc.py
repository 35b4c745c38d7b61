"""Benchmark: RothC 26.3 monthly over many fields (default 1,000,000 fields x 50 years).

Usage::

    .venv/bin/python benchmarks/bench_rothc.py [--fields N] [--years Y] [--chunk C]
        [--mode advance|month] [--json OUT]

Runs RothC on N fields at once (in chunks of C fields): by default (``--mode
advance``) a year at a time through :func:`zhassyl.carbon.rothc.advance` (the
compiled month loop, end state only); with ``--mode month`` month by month
through :func:`zhassyl.carbon.rothc.rothc_month` (each month's CO2 and rate
modifiers returned, as the benchmark did before the compiled loop), from a
measured-style initial state, with a hand-made continental climate that differs
per field (temperature offsets, rain and C input scaled by a field factor) so
that no work is shared between fields. Reports field-months per second and
field-years per second, and, for comparison, the same model stepping one field
at a time (the way per-field tools such as the Rothamsted RothC_Py reference
run) on a small sample, and the exact equilibrium initialisation of
:mod:`zhassyl.carbon.soil_carbon` against the reference-style spin-up. Not a test.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time

import numpy as np

from zhassyl.carbon.rothc import (
    RothCForcing,
    advance,
    initial_state,
    rothc_month,
    spin_up,
    warm_up,
)
from zhassyl.carbon.soil_carbon import equilibrium_state

TAVG = np.array([-7.0, -5.0, 3.0, 13.0, 20.0, 25.0, 27.0, 25.0, 18.0, 10.0, 2.0, -4.0])
RAIN = np.array([12.0, 12.0, 18.0, 75.0, 160.0, 204.0, 223.0, 182.0, 83.0, 8.0, 12.0, 14.0])
ET0 = np.array([10.0, 20.0, 50.0, 100.0, 160.0, 200.0, 215.0, 190.0, 130.0, 70.0, 25.0, 10.0])
COVER = np.array([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0], dtype=float)
#: CPU seconds (all threads of this process) of each timed chunk: on a shared machine the
#: wall time includes waiting for the cores, the CPU time does not.
CPU_SECONDS: list[float] = []


def run_chunk(n_fields: int, years: int, rng: np.random.Generator,
              mode: str = "advance") -> float:
    """Simulate ``years`` x 12 months on ``n_fields``; return the elapsed seconds."""
    clay = rng.uniform(5.0, 60.0, n_fields)
    depth = np.full(n_fields, 23.0)
    factor = rng.uniform(0.5, 1.5, n_fields)
    offset = rng.normal(0.0, 2.0, n_fields)
    soc = rng.uniform(20.0, 60.0, n_fields)
    state = initial_state(0.01 * soc, 0.15 * soc, 0.02 * soc, 0.74 * soc, 0.08 * soc)
    start = time.perf_counter()
    cpu_start = time.process_time()
    if mode == "advance":
        months = np.arange(12)
        for _year in range(years):
            # the forcing arrays are built inside the timed loop, as rothc_month's are
            forcing = RothCForcing(
                year=np.ones(12), month=months + 1, modern_pct=np.full(12, 100.0),
                tmp_c=TAVG[:, None] + offset[None, :], rain_mm=RAIN[:, None] * factor[None, :],
                evap_mm=ET0 / 0.75, c_input_t_c_ha=0.3 * COVER[:, None] * factor[None, :],
                fym_t_c_ha=np.zeros(12), plant_cover=COVER, dpm_rpm_ratio=np.full(12, 1.44))
            state = advance(state, forcing, clay, depth)
    for _year in range(years if mode == "month" else 0):
        for m in range(12):
            step = rothc_month(
                state, tmp_c=TAVG[m] + offset, rain_mm=RAIN[m] * factor,
                evap_mm=ET0[m] / 0.75, plant_cover=COVER[m],
                c_input_t_c_ha=0.3 * COVER[m] * factor, fym_t_c_ha=0.0, dpm_rpm_ratio=1.44,
                modern_pct=100.0, clay_pct=clay, depth_cm=depth)
            state = step.state
    elapsed = time.perf_counter() - start
    CPU_SECONDS.append(time.process_time() - cpu_start)
    if not np.isfinite(state.soc_t_c_ha).all():
        raise RuntimeError("non-finite SOC")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fields", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=50)
    parser.add_argument("--chunk", type=int, default=250_000)
    parser.add_argument("--per-field-sample", type=int, default=20)
    parser.add_argument("--mode", choices=("advance", "month"), default="advance")
    parser.add_argument("--json", default=None, help="also write the results to this file")
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    t0 = time.perf_counter()
    warm_up()   # compile or load the kernel; not part of the rate
    warm_s = time.perf_counter() - t0

    total = 0.0
    done = 0
    while done < args.fields:
        n = min(args.chunk, args.fields - done)
        total += run_chunk(n, args.years, rng, args.mode)
        done += n
    field_months = args.fields * args.years * 12
    cpu = sum(CPU_SECONDS)

    one = sum(run_chunk(1, args.years, rng, "month") for _ in range(args.per_field_sample))
    per_field_rate = args.per_field_sample * args.years * 12 / one

    n = 12
    forcing = RothCForcing(year=np.ones(n), month=np.arange(1, n + 1),
                           modern_pct=np.full(n, 100.0), tmp_c=TAVG, rain_mm=RAIN,
                           evap_mm=ET0 / 0.75, c_input_t_c_ha=0.3 * COVER,
                           fym_t_c_ha=np.zeros(n), plant_cover=COVER,
                           dpm_rpm_ratio=np.full(n, 1.44))
    t0 = time.perf_counter()
    spun = spin_up(forcing, 25.0, 23.0, 2.0)
    t_spin = time.perf_counter() - t0
    t0 = time.perf_counter()
    equilibrium_state(forcing, np.zeros(n), 25.0, 23.0, 2.0)
    t_eq = time.perf_counter() - t0

    result = {
        "fields": args.fields, "years": args.years, "chunk": args.chunk, "mode": args.mode,
        "compile_or_load_s": round(warm_s, 2),
        "seconds": round(total, 2),
        "field_months_per_s": round(field_months / total),
        "field_years_per_s": round(field_months / 12 / total),
        "cpu_seconds": round(cpu, 2),
        "field_months_per_cpu_s": round(field_months / cpu),
        "per_field_loop_field_months_per_s": round(per_field_rate),
        "vectorised_over_per_field": round(field_months / total / per_field_rate, 1),
        "spin_up_s": round(t_spin, 3), "spin_up_months": int(spun.months[0]),
        "exact_equilibrium_s": round(t_eq, 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "python": platform.python_version(), "numpy": np.__version__,
        "machine": platform.machine(),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            json.dump(result, stream, indent=1)


if __name__ == "__main__":
    main()
