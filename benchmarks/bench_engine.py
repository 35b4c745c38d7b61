"""Benchmark: the engine's field-days per second vs AquaCrop-OSPy and pyfao56, in one run.

Usage::

    .venv/bin/python benchmarks/bench_engine.py [--max-fields N] [--years Y]
        [--peer-seasons K] [--chunk C] [--no-peers]

Zhassyl: ``zhassyl bench engine`` (perennial alfalfa, AquaCrop's Ottawa crop, Y
seasons of 15 April - 15 October with winters in between) for 1, 1,000 and
1,000,000 fields (capped by ``--max-fields``).  Each size runs in a fresh
process so that its peak resident memory (``ru_maxrss``) is its own; all
processes share a new, empty Numba cache directory, so the 1-field process
measures the cold compilation and the later ones the loading of the cached
kernel.  Rates exclude both.

Peers, on one field-season each (15 April - 15 October of the first year,
184 days) with the same generated weather and FAO-56 ET0 of the first
station (Turkistan):

* AquaCrop-OSPy (``aquacrop``): its built-in ``Maize`` crop sown 15 April
  (it has no perennial crop) on its ``SandyLoam`` soil, starting at field
  capacity; model built and run to the end of the period.
* pyfao56: FAO-56 dual crop coefficient model with alfalfa values (Kcb of
  FAO-56 table 17, "alfalfa hay, individual cutting periods"; height of table
  12; p and rooting depth of table 22) stretched over the 184 days, on the
  Ottawa sandy loam (FC 0.29, WP 0.13, REW 7 mm).

Peers are slow, so they run ``--peer-seasons`` field-seasons after one
untimed warm-up; their time per field-season is converted to field-days per
second (184 field-days per field-season).  Ratios are ours/peer: for ours,
all calendar days simulated (season and winter) and, more conservatively,
only the crop days.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import metadata

import numpy as np

SIZES = (1, 1_000, 1_000_000)


def run_ours(n_fields: int, years: int, chunk: int | None, env: dict) -> dict:
    cmd = [sys.executable, "-m", "zhassyl", "bench", "engine", "--fields", str(n_fields),
           "--years", str(years), "--format", "json", "--quiet"]
    if chunk:
        cmd += ["--chunk", str(chunk)]
    if n_fields <= 1000:
        cmd += ["--repeat", "3"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr}")
    return json.loads(out.stdout)[0]


def peer_weather():
    """One station-season of the benchmark's weather (Turkistan, 15 April - 15 October)."""
    from zhassyl.scenario.bench import bench_weather

    w, source = bench_weather(1)
    return w, source


def time_aquacrop(w, k: int) -> tuple[float, int]:
    """Seconds per field-season of AquaCrop-OSPy and the days it simulates."""
    import pandas as pd
    from aquacrop import AquaCropModel, Crop, InitialWaterContent, Soil

    df = pd.DataFrame({"MinTemp": w.tmin_c[0], "MaxTemp": w.tmax_c[0],
                       "Precipitation": w.precip_mm[0], "ReferenceET": w.et0_mm[0],
                       "Date": pd.to_datetime(w.dates.astype(str))})
    first = str(w.dates[0]).replace("-", "/")
    last = str(w.dates[-1]).replace("-", "/")

    def one() -> int:
        model = AquaCropModel(first, last, df, Soil("SandyLoam"),
                              Crop("Maize", planting_date=first[5:]),
                              InitialWaterContent(value=["FC"]))
        model.run_model(till_termination=True)
        flux = model.get_water_flux()
        return int(len(flux))

    one()  # warm-up: imports, Numba compilation inside AquaCrop-OSPy
    t0 = time.perf_counter()
    days = 0
    for _ in range(k):
        days = one()
    return (time.perf_counter() - t0) / k, days


def time_pyfao56(w, k: int) -> tuple[float, int]:
    """Seconds per field-season of pyfao56 and the days it simulates."""
    import pandas as pd
    import pyfao56 as fao

    par = fao.Parameters()
    # FAO-56 table 17, alfalfa hay, individual cutting periods: Kcb ini/mid/end
    par.Kcbini, par.Kcbmid, par.Kcbend = 0.30, 1.15, 1.10
    # FAO-56 table 12 (same crop): Kc ini/mid/end and maximum height [m]
    par.Kcmini, par.Kcmmid, par.Kcmend, par.hmax = 0.40, 1.20, 1.15, 0.70
    # stages stretched over the 184-day season (timing only; FAO-56 table 11 lists
    # 10/30 days for the first two stages of alfalfa's total season)
    par.Lini, par.Ldev, par.Lmid, par.Lend = 10, 30, 119, 25
    par.hini = 0.05
    # Ottawa sandy loam (AquaCrop Ottawa.SOL), REW 7 mm; FAO-56 table 22 alfalfa:
    # Zr 1.0-2.0 m (mean 1.5), p 0.55
    par.thetaFC, par.thetaWP, par.theta0 = 0.29, 0.13, 0.29
    par.Zrini, par.Zrmax, par.pbase, par.Ze, par.REW = 0.30, 1.50, 0.55, 0.10, 7.0

    wth = fao.Weather()
    wth.z, wth.lat, wth.wndht = 207.0, 43.27, 2.0
    keys = [d.strftime("%Y-%j") for d in pd.to_datetime(w.dates.astype(str))]
    nan = np.full(len(keys), np.nan)
    wth.wdata = pd.DataFrame({"Srad": nan, "Tmax": w.tmax_c[0], "Tmin": w.tmin_c[0],
                              "Vapr": nan, "Tdew": nan, "RHmax": nan, "RHmin": nan,
                              "Wndsp": np.full(len(keys), 2.0), "Rain": w.precip_mm[0],
                              "ETref": w.et0_mm[0], "MorP": ["M"] * len(keys)}, index=keys)

    def one() -> int:
        model = fao.Model(keys[0], keys[-1], par, wth)
        model.run()
        return int(len(model.odata))

    one()
    t0 = time.perf_counter()
    days = 0
    for _ in range(k):
        days = one()
    return (time.perf_counter() - t0) / k, days


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-fields", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--peer-seasons", type=int, default=5)
    parser.add_argument("--chunk", type=int, default=None,
                        help="simulate this many fields at a time (bounds memory)")
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args(argv)

    import numba

    print("Engine benchmark: field-days per second, Zhassyl vs peers, one run")
    print(f"python {platform.python_version()}, numpy {np.__version__}, numba "
          f"{numba.__version__}, zhassyl {version('zhassyl')}, aquacrop "
          f"{version('aquacrop')}, pyfao56 {version('pyfao56')}")
    print(f"cpus {os.cpu_count()}, load average at start {os.getloadavg()}")

    ours = []
    with tempfile.TemporaryDirectory(prefix="zhassyl-numba-cache-") as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        for n in SIZES:
            if n > args.max_fields:
                print(f"skipping {n:,} fields (--max-fields {args.max_fields:,})")
                continue
            print(f"zhassyl: {n:,} fields x {args.years} seasons ...", flush=True)
            r = run_ours(n, args.years, args.chunk if n > 1000 else None, env)
            ours.append(r)
            print(f"  {r['field_days']:>13,} field-days in {r['run_s']:.3f} s: "
                  f"{r['field_days_per_s']:,.0f} field-days/s "
                  f"({r['season_field_days_per_s']:,.0f} crop field-days/s); warm-up "
                  f"{r['warmup_s']:.2f} s; peak RSS {r['peak_rss_mb']:.0f} MiB", flush=True)

    peers = {}
    if not args.no_peers:
        w, source = peer_weather()
        print(f"peers: one field-season {w.dates[0]}..{w.dates[-1]} ({w.n_days} days), "
              f"{source}, station 1; {args.peer_seasons} timed field-seasons each")
        for name, fn in (("AquaCrop-OSPy", time_aquacrop), ("pyfao56", time_pyfao56)):
            try:
                s, days = fn(w, args.peer_seasons)
            except ImportError as exc:
                print(f"  {name}: not available ({exc})")
                continue
            peers[name] = days / s
            print(f"  {name}: {s:.3f} s per field-season ({days} days): "
                  f"{days / s:,.0f} field-days/s", flush=True)

    print()
    print("summary")
    head = f"{'fields':>10} {'field-days/s':>14} {'crop f-d/s':>12} {'warm-up s':>10} " \
           f"{'peak RSS MiB':>13}"
    for name in peers:
        head += f" {'x ' + name:>16} {'(crop days)':>12}"
    print(head)
    for r in ours:
        line = (f"{r['n_fields']:>10,} {r['field_days_per_s']:>14,.0f} "
                f"{r['season_field_days_per_s']:>12,.0f} {r['warmup_s']:>10.2f} "
                f"{r['peak_rss_mb']:>13.0f}")
        for rate in peers.values():
            line += f" {r['field_days_per_s'] / rate:>16,.0f} " \
                    f"{r['season_field_days_per_s'] / rate:>12,.0f}"
        print(line)
    for name, rate in peers.items():
        print(f"{name:>10} {rate:>14,.1f}")
    print(f"load average at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
