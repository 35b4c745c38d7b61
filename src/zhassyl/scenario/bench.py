"""``zhassyl bench engine``: synthetic alfalfa fields through the scenario layer, timed.

The parameter sets are :mod:`zhassyl.engine.bench`'s; this module sets up the
weather (generator and packaged normals, or a deterministic fallback), builds
the fields with the scenario layer's one builder
(:func:`~zhassyl.scenario.engine_inputs.assemble_fields` for each distinct
combination of station, soil and management, then
:func:`~zhassyl.scenario.engine_inputs.take_fields` to repeat them over N
fields) and times :func:`~zhassyl.engine.simulate.simulate`.  It measures; it
does not print.  Progress is reported through an optional callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from zhassyl.engine.bench import (
    ALFALFA_OTTAWA_GDD,
    CO2_PPM,
    SEASON_FIRST,
    SEASON_LAST,
    SOIL_PROFILES,
    BenchCase,
    EngineBenchmark,
    _arrays_mb,
    _max_cuts,
    management_rows,
    peak_rss_mb,
    season_days,
)
from zhassyl.engine.simulate import Fields, Weather, crop_table, management_table, simulate
from zhassyl.errors import InputError
from zhassyl.farming.scenario import SeasonPlan
from zhassyl.i18n import _
from zhassyl.scenario.engine_inputs import (
    EngineParameters,
    EngineUnit,
    assemble_fields,
    take_fields,
)

#: Regions whose packaged normals have temperature, precipitation and wet days for
#: every month (needed by the weather generator).
BENCH_REGIONS = ("turkistan", "kyzylorda", "east-kazakhstan")

def _deterministic_weather(years: int, n_stations: int, start_year: int) -> tuple[dict, str]:
    """Smooth seasonal temperatures and a fixed rain pattern (fallback weather)."""
    start = np.datetime64(f"{start_year:04d}-01-01", "D")
    stop = np.datetime64(f"{start_year + years:04d}-01-01", "D")
    dates = np.arange(start, stop, dtype="datetime64[D]")
    doy = (dates - dates.astype("datetime64[Y]")).astype(int) + 1
    k = np.arange(n_stations)[:, None]
    season = np.cos(2.0 * np.pi * (doy[None, :] - 200) / 365.25)
    tmax = 16.0 + 2.0 * k + 17.0 * season
    tmin = tmax - 12.0
    day = np.arange(len(dates))[None, :]
    rain = np.where((day + 3 * k) % 9 == 0, 6.0, 0.0)
    lat = 43.0 + 3.0 * np.arange(n_stations)
    elev = np.full(n_stations, 200.0)
    return dict(dates=dates, doy=doy, tmax=tmax, tmin=tmin, rain=rain, lat=lat, elev=elev,
                rs=None, rh=None, wind=None), _("deterministic synthetic series")


def _generated_weather(years: int, seed: int, start_year: int) -> tuple[dict, str]:
    """Weather of :data:`BENCH_REGIONS` from the stochastic generator and packaged normals."""
    from zhassyl.weather.climate import load_normals, load_station
    from zhassyl.weather.generator import generate, parameters_from_monthly

    normals = [load_normals(r) for r in BENCH_REGIONS]
    stations = [load_station(r) for r in BENCH_REGIONS]

    def stack(name):
        return np.array([getattr(n, name) for n in normals])

    params = parameters_from_monthly(
        lat_deg=[s.lat_deg for s in stations], elevation_m=[s.elevation_m for s in stations],
        tmax_c=stack("tmax_c"), tmin_c=stack("tmin_c"), precip_mm=stack("precip_mm"),
        wet_days=stack("wet_days"), sites=list(BENCH_REGIONS))
    gen = generate(params, years=years, seed=seed, start_year=start_year)
    dates = gen.dates
    doy = (dates - dates.astype("datetime64[Y]")).astype(int) + 1
    return dict(dates=dates, doy=doy, tmax=gen.tmax_c.T, tmin=gen.tmin_c.T,
                rain=gen.precip_mm.T, lat=np.array([s.lat_deg for s in stations]),
                elev=np.array([s.elevation_m for s in stations]), rs=gen.rs_mj_m2.T,
                rh=None if gen.rh_mean_pct is None else gen.rh_mean_pct.T, wind=None), _(
        "weather generator, normals of {regions}, seed {seed}").format(
            regions=", ".join(BENCH_REGIONS), seed=seed)


def bench_weather(years: int, *, seed: int = 1, start_year: int = 2001) -> tuple[Weather, str]:
    """Daily weather of a few stations for ``years`` seasons, and a description of it.

    Uses the stochastic weather generator with the packaged climate normals of
    :data:`BENCH_REGIONS`; falls back to a deterministic synthetic series when
    those normals cannot be used.  ET0 is FAO-56 Penman-Monteith
    (:func:`zhassyl.weather.et0.et0_fao56_daily`), with the FAO-56 chapter 3
    estimates for what the series lacks.  The calendar runs from the first
    day of the first season to the last day of the last one.
    """
    from zhassyl.errors import ZhassylError
    from zhassyl.weather.et0 import et0_fao56_daily

    try:
        w, source = _generated_weather(years, seed, start_year)
    except (ZhassylError, OSError, KeyError, ValueError):
        w, source = _deterministic_weather(years, len(BENCH_REGIONS), start_year)
    et0 = et0_fao56_daily(w["tmax"], w["tmin"], w["doy"][None, :], lat_deg=w["lat"][:, None],
                          elevation_m=w["elev"][:, None], rs_mj_m2=w["rs"],
                          rh_mean_pct=w["rh"])
    first = np.datetime64(f"{start_year:04d}-{SEASON_FIRST[0]:02d}-{SEASON_FIRST[1]:02d}")
    last = np.datetime64(
        f"{start_year + years - 1:04d}-{SEASON_LAST[0]:02d}-{SEASON_LAST[1]:02d}")
    i0 = int((first - w["dates"][0]).astype(int))
    i1 = int((last - w["dates"][0]).astype(int)) + 1

    def cut(a):
        return np.ascontiguousarray(np.asarray(a, dtype=float)[:, i0:i1])

    dates = w["dates"][i0:i1]
    weather = Weather(dates, cut(w["tmin"]), cut(w["tmax"]), cut(et0),
                      np.maximum(cut(w["rain"]), 0.0), np.full(len(dates), CO2_PPM))
    return weather, source


def build_case(n_fields: int, years: int, *, seed: int = 1, start_year: int = 2001,
               weather: tuple[Weather, str] | None = None) -> BenchCase:
    """``n_fields`` alfalfa fields over ``years`` seasons; see the module docstring.

    Field ``i`` uses station ``i mod W``, soil ``(i // W) mod n_soils`` and
    management ``(i // (W n_soils)) mod n_managements``, so every combination
    occurs once ``n_fields`` is large enough.
    """
    if n_fields < 1:
        raise InputError(_("the number of fields must be at least 1"))
    if not 1 <= years <= 100:
        raise InputError(_("the number of years must be within 1..100"))
    w, source = weather if weather is not None else bench_weather(
        years, seed=seed, start_year=start_year)
    n_st = w.tmin_c.shape[0]
    crop = crop_table([ALFALFA_OTTAWA_GDD])
    mgmt = management_table(management_rows())
    ss, se = season_days(w, years)
    plan = SeasonPlan(list(ss), list(se), list(range(1, years + 1)), [-1] * years, [-1] * years)
    units = []   # unit st + W (so + n_soils mg): station st, soil so, management mg
    for mg in range(len(mgmt)):
        for so, (_name, horizons, cn, rew) in enumerate(SOIL_PROFILES):
            for st in range(n_st):
                units.append(EngineUnit(EngineParameters(("alfalfa-ottawa",), (crop[0],),
                                                         mgmt[mg]),
                                        (horizons, cn, rew), so, st, plan, 0.0))
    distinct = assemble_fields(units, {st: st for st in range(n_st)})
    fields = take_fields(distinct, np.arange(n_fields, dtype=np.int64) % len(units))
    season_len = int(np.sum(se - ss + 1))
    return BenchCase(fields, w, source, _max_cuts(w, ss, se), n_fields * w.n_days,
                     n_fields * season_len)


def _subset(fields: Fields, a: int, b: int) -> Fields:
    return take_fields(fields, np.arange(a, b))


def run_engine_benchmark(n_fields: int, years: int = 3, *, repeat: int = 1,
                         chunk: int | None = None, seed: int = 1,
                         progress: Callable[[str], None] | None = None) -> EngineBenchmark:
    """Time :func:`simulate` (``daily=False``) on :func:`build_case` fields.

    A one-field warm-up run is timed first (Numba compilation, or loading the
    cached kernel); it is not part of the rate.  With ``chunk``, the fields are
    simulated ``chunk`` at a time (bounded memory) and the times added up.
    The rate is the best of ``repeat`` runs.
    """
    import numba

    if repeat < 1:
        raise InputError(_("repeat must be at least 1"))
    if chunk is not None and chunk < 1:
        raise InputError(_("chunk must be at least 1"))
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    case = build_case(n_fields, years, seed=seed)
    build_s = time.perf_counter() - t0
    say(_("built {n} fields x {d} days ({src})").format(
        n=n_fields, d=case.weather.n_days, src=case.weather_source))

    t0 = time.perf_counter()
    simulate(_subset(case.fields, 0, 1), case.weather, daily=False, max_cuts=case.max_cuts)
    warmup_s = time.perf_counter() - t0
    say(_("warm-up (compile or cache load): {s:.2f} s").format(s=warmup_s))

    step = n_fields if chunk is None else min(chunk, n_fields)
    best = np.inf
    best_cpu = np.inf
    totals = np.zeros(3)   # yield, cuts, irrigation summed over field-seasons
    for r in range(repeat):
        elapsed = 0.0
        cpu = 0.0
        totals[:] = 0.0
        for a in range(0, n_fields, step):
            # one chunk of all fields: the case's own arrays, not a copy of them
            sub = case.fields if step == n_fields else _subset(case.fields, a,
                                                               min(a + step, n_fields))
            t0 = time.perf_counter()
            c0 = time.process_time()
            res = simulate(sub, case.weather, daily=False, max_cuts=case.max_cuts,
                           keep_state=False)
            elapsed += time.perf_counter() - t0
            cpu += time.process_time() - c0
            totals += [np.nansum(res.season_var("yield_dry_t_ha")),
                       np.nansum(res.season_var("n_cuts")),
                       np.nansum(res.season_var("irrigation_mm"))]
            del res
        if elapsed < best:
            best, best_cpu = elapsed, cpu
        say(_("run {r}/{n}: {s:.3f} s").format(r=r + 1, n=repeat, s=elapsed))
    n_seasons = n_fields * years
    return EngineBenchmark(
        n_fields=n_fields, years=years, n_days=case.weather.n_days,
        n_stations=case.weather.tmin_c.shape[0], n_threads=numba.get_num_threads(),
        weather_source=case.weather_source, field_days=case.field_days,
        season_field_days=case.season_field_days, warmup_s=warmup_s, build_s=build_s,
        run_s=best, field_days_per_s=case.field_days / best,
        season_field_days_per_s=case.season_field_days / best, peak_rss_mb=peak_rss_mb(),
        run_cpu_s=best_cpu,
        arrays_mb=_arrays_mb(case, step), mean_yield_dry_t_ha=totals[0] / n_seasons,
        mean_cuts=totals[1] / n_seasons, mean_irrigation_mm=totals[2] / n_seasons)
