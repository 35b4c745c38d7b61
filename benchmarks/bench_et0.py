"""Benchmark: daily FAO-56 ET0 for many site-days, Zhassyl vs refet, in one run.

Usage::

    .venv/bin/python benchmarks/bench_et0.py [--site-days N] [--sites S] [--repeat R]

Both libraries get the same NumPy inputs: weather shaped (n_days, n_sites), day of
year shaped (n_days, 1), latitude and elevation shaped (n_sites,).  refet is
configured for the FAO-56 formulation (``method='asce'``, ``rso_type='simple'``,
ea from Tdew), see tests/test_et0_peers.py.  Times are the best of R runs; the
ratio printed is refet time / Zhassyl time (> 1 means Zhassyl is faster).
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np
import refet

from zhassyl.weather.et0 import (
    clear_sky_radiation_mj_m2,
    et0_fao56_daily,
    extraterrestrial_radiation_mj_m2,
)


def make_inputs(n_site_days: int, n_sites: int, seed: int = 7) -> dict:
    """Consistent synthetic weather: Tmin < Tmax, Tdew <= Tmin, 0.3 Rso <= Rs <= Rso."""
    rng = np.random.default_rng(seed)
    n_days = max(1, n_site_days // n_sites)
    doy = (np.arange(n_days) % 365 + 1)[:, None]
    lat = rng.uniform(36.0, 55.0, n_sites)
    elev = rng.uniform(-20.0, 1500.0, n_sites)
    shape = (n_days, n_sites)
    season = np.cos(2 * np.pi * (doy - 200) / 365.25)
    tmax = 14.0 + 17.0 * season + rng.normal(0.0, 3.5, shape)
    tmin = tmax - rng.uniform(4.0, 18.0, shape)
    tdew = tmin - rng.gamma(2.0, 1.5, shape)
    rso = clear_sky_radiation_mj_m2(extraterrestrial_radiation_mj_m2(lat, doy), elev)
    rs = rso * rng.uniform(0.3, 1.0, shape)
    u2 = rng.gamma(3.0, 0.8, shape) + 0.2
    return dict(doy=doy, lat=lat, elev=elev, tmax=tmax, tmin=tmin, tdew=tdew, rs=rs, u2=u2)


def run_zhassyl(d: dict) -> np.ndarray:
    return et0_fao56_daily(
        d["tmax"], d["tmin"], d["doy"], lat_deg=d["lat"], elevation_m=d["elev"],
        rs_mj_m2=d["rs"], tdew_c=d["tdew"], wind_m_s=d["u2"],
    )


def run_refet(d: dict) -> np.ndarray:
    return refet.Daily(
        tmin=d["tmin"], tmax=d["tmax"], rs=d["rs"], uz=d["u2"], zw=2.0, elev=d["elev"],
        lat=d["lat"], doy=d["doy"], tdew=d["tdew"], method="asce", rso_type="simple",
    ).eto()


def best_time(fn, d: dict, repeat: int) -> tuple[float, np.ndarray]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(d)
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-days", type=int, default=10_000_000)
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    d = make_inputs(args.site_days, args.sites)
    n = d["tmax"].size
    print(f"FAO-56 daily ET0, {n:,} site-days ({d['tmax'].shape[0]} days x {args.sites} sites)")
    print(f"python {platform.python_version()}, numpy {np.__version__}, refet "
          f"{getattr(refet, '__version__', '?')}, best of {args.repeat}")

    t_ours, ours = best_time(run_zhassyl, d, args.repeat)
    t_refet, theirs = best_time(run_refet, d, args.repeat)
    print(f"zhassyl  {t_ours:8.3f} s   {n / t_ours / 1e6:7.1f} M site-days/s")
    print(f"refet    {t_refet:8.3f} s   {n / t_refet / 1e6:7.1f} M site-days/s")
    print(f"ratio refet/zhassyl = {t_refet / t_ours:.2f}")
    print(f"max |ET0 zhassyl - refet| = {np.max(np.abs(ours - theirs)):.2e} mm/d")


if __name__ == "__main__":
    main()
