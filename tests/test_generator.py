"""Tests of the WGEN-type weather generator (zhassyl.weather.generator).

The two sites are made up but realistic for Kazakhstan: a Kyzylorda-like continental
desert on the Syr Darya (44.85 N, 130 m) and an Astana-like dry steppe (51.13 N, 347 m).
The monthly values are rounded, plausible normals written for these tests; they are
inputs, not reference results.
"""

from __future__ import annotations

import numpy as np
import pytest

from zhassyl.errors import InputError, ParameterError
from zhassyl.weather import generator as gen
from zhassyl.weather.et0 import daylight_hours, extraterrestrial_radiation_mj_m2

KYZYLORDA = {
    "lat_deg": 44.85,
    "elevation_m": 130.0,
    "tmax_c": [-2.5, 0.5, 9.5, 20.0, 27.5, 33.0, 35.0, 33.5, 26.5, 17.5, 7.0, 0.0],
    "tmin_c": [-11.5, -10.0, -2.0, 6.5, 13.0, 18.0, 20.5, 18.0, 10.5, 3.5, -2.5, -8.0],
    "precip_mm": [13, 13, 16, 16, 12, 5, 4, 3, 3, 8, 12, 15],
    "wet_days": [8, 7, 7, 6, 5, 3, 2, 1.5, 1.5, 3.5, 5.5, 8],
    "sunshine_h": [3.7, 4.6, 5.6, 8.0, 10.5, 12.0, 12.3, 11.5, 10.0, 7.5, 5.0, 3.4],
    "rh_mean_pct": [80, 78, 70, 55, 45, 38, 38, 38, 42, 55, 72, 80],
    "wind_m_s": [3.5, 3.7, 4.0, 4.0, 3.8, 3.5, 3.2, 3.0, 2.9, 3.0, 3.3, 3.4],
    "tmax_sd_c": [5, 5, 5, 4.5, 4, 3, 2.5, 2.5, 3.5, 4.5, 5, 5],
    "tmin_sd_c": [5, 5, 5, 4.5, 4, 3, 2.5, 2.5, 3.5, 4.5, 5, 5],
}
ASTANA = {
    "lat_deg": 51.13,
    "elevation_m": 347.0,
    "tmax_c": [-10.5, -9.5, -2.5, 11.0, 20.0, 25.5, 27.0, 25.5, 18.5, 9.5, -1.5, -8.0],
    "tmin_c": [-19.5, -19.0, -12.0, -1.5, 6.0, 12.0, 14.0, 12.0, 5.5, -1.0, -9.5, -16.5],
    "precip_mm": [16, 14, 16, 20, 30, 40, 50, 35, 22, 24, 22, 18],
    "wet_days": [12, 10, 9, 8, 9, 9, 10, 9, 8, 10, 12, 13],
    "rs_mj_m2": [4.0, 6.8, 10.8, 14.6, 19.1, 21.4, 21.1, 17.9, 12.9, 7.3, 4.0, 3.1],
    "rh_mean_pct": [79, 78, 77, 62, 52, 55, 60, 60, 60, 70, 80, 80],
    "wind_m_s": [4.5, 4.5, 4.3, 4.4, 4.5, 4.0, 3.5, 3.4, 3.7, 4.2, 4.6, 4.5],
    "tmax_sd_c": [7, 7, 6, 5, 4.5, 4, 3.5, 3.8, 4.5, 5, 6, 7],
    "tmin_sd_c": [7.5, 7.5, 6.5, 5.5, 5, 4.5, 4, 4.3, 5, 5.5, 6.5, 7.5],
}
MONTH_DAYS_365 = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _two_sites():
    k = {key: np.asarray(v, dtype=float) for key, v in KYZYLORDA.items()}
    a = {key: np.asarray(v, dtype=float) for key, v in ASTANA.items()}
    # Kyzylorda radiation from sunshine (FAO-56 eq. 35); Astana radiation given.
    pk = gen.parameters_from_monthly(sites=["Kyzylorda"], **k)
    pa = gen.parameters_from_monthly(sites=["Astana"], **a)
    return _concat(pk, pa)


def _concat(*sets):
    values = {}
    for name in gen.GeneratorParameters.__dataclass_fields__:
        parts = [getattr(p, name) for p in sets]
        if name == "sites":
            values[name] = sum(parts, ())
        elif parts[0] is None:
            values[name] = None
        else:
            values[name] = np.concatenate(parts)
    return gen.GeneratorParameters(**values)


def _kyzylorda_rs_target():
    """Monthly Rs of the Kyzylorda-like site by FAO-56 eq. 35 with as=0.25, bs=0.50."""
    doy = np.arange(1, 366)
    month = np.repeat(np.arange(12), MONTH_DAYS_365)
    ra = extraterrestrial_radiation_mj_m2(KYZYLORDA["lat_deg"], doy)
    n_h = daylight_hours(KYZYLORDA["lat_deg"], doy)
    ra_m = np.bincount(month, ra) / MONTH_DAYS_365
    n_m = np.bincount(month, n_h) / MONTH_DAYS_365
    return (0.25 + 0.50 * np.asarray(KYZYLORDA["sunshine_h"]) / n_m) * ra_m


def _monthly_stats(weather, columns, n_years):
    """Monthly means (temperature, Rs), totals and wet-day counts pooled over columns."""
    month = weather.dates.astype("datetime64[M]").astype(np.int64) % 12
    stats = {}
    for key, arr in (("tmax_c", weather.tmax_c), ("tmin_c", weather.tmin_c),
                     ("rs_mj_m2", weather.rs_mj_m2)):
        stats[key] = np.array([arr[month == m][:, columns].mean() for m in range(12)])
    reps = len(range(weather.tmax_c.shape[1])[columns])
    stats["precip_mm"] = np.array(
        [weather.precip_mm[month == m][:, columns].sum() for m in range(12)]) / (reps * n_years)
    wet = weather.precip_mm >= gen.WET_DAY_THRESHOLD_MM
    stats["wet_days"] = np.array(
        [wet[month == m][:, columns].sum() for m in range(12)]) / (reps * n_years)
    return stats


@pytest.fixture(scope="module")
def params():
    return _two_sites()


@pytest.fixture(scope="module")
def long_run(params):
    """5000 site-years per site: 100 independent replicate streams x 50 years."""
    reps, years = 100, 50
    big = params.select([0] * reps + [1] * reps)
    return gen.generate(big, years=years, seed=20240601), reps, years


def test_monthly_means_reproduce_inputs(long_run):
    weather, reps, years = long_run
    for site, inputs, columns in ((0, KYZYLORDA, slice(0, reps)),
                                  (1, ASTANA, slice(reps, 2 * reps))):
        got = _monthly_stats(weather, columns, years)
        np.testing.assert_allclose(got["tmax_c"], inputs["tmax_c"], atol=0.3)
        np.testing.assert_allclose(got["tmin_c"], inputs["tmin_c"], atol=0.3)
        precip = np.asarray(inputs["precip_mm"], dtype=float)
        assert np.all(np.abs(got["precip_mm"] - precip) <= np.maximum(0.07 * precip, 1.5))
        np.testing.assert_allclose(got["wet_days"], inputs["wet_days"], rtol=0.07)
        rs_target = _kyzylorda_rs_target() if site == 0 else np.asarray(inputs["rs_mj_m2"])
        np.testing.assert_allclose(got["rs_mj_m2"], rs_target, rtol=0.03)


def test_humidity_and_wind_pass_through(long_run):
    weather, reps, _years = long_run
    month = weather.dates.astype("datetime64[M]").astype(np.int64) % 12
    for inputs, columns in ((KYZYLORDA, slice(0, reps)), (ASTANA, slice(reps, 2 * reps))):
        rh = np.array([weather.rh_mean_pct[month == m][:, columns].mean() for m in range(12)])
        wind = np.array([weather.wind_m_s[month == m][:, columns].mean() for m in range(12)])
        np.testing.assert_allclose(rh, inputs["rh_mean_pct"], atol=1.0)
        np.testing.assert_allclose(wind, inputs["wind_m_s"], atol=0.02)
    assert np.all((weather.rh_mean_pct >= 0) & (weather.rh_mean_pct <= 100))


def test_bounds_always_hold(long_run):
    weather = long_run[0]
    assert np.all(weather.tmin_c < weather.tmax_c)
    assert np.all(weather.tmax_c - weather.tmin_c >= gen.MIN_DIURNAL_RANGE_C - 1e-9)
    assert np.all(weather.rs_mj_m2 >= 0.0)
    assert np.all(weather.rs_mj_m2 <= weather.rso_mj_m2)
    assert np.all(weather.precip_mm >= 0.0)
    wet = weather.precip_mm > 0
    assert np.all(weather.precip_mm[wet] >= gen.WET_DAY_THRESHOLD_MM)


def test_shapes_dates_and_leap_days(params):
    weather = gen.generate(params, years=5, seed=3, start_year=2003)
    n_days = 365 * 5 + 1  # 2004 is a leap year
    assert weather.dates.dtype == np.dtype("datetime64[D]")
    assert weather.dates.shape == (n_days,)
    assert weather.dates[0] == np.datetime64("2003-01-01")
    assert weather.dates[-1] == np.datetime64("2007-12-31")
    assert np.datetime64("2004-02-29") in weather.dates
    for arr in (weather.tmax_c, weather.tmin_c, weather.precip_mm, weather.rs_mj_m2,
                weather.rh_mean_pct, weather.wind_m_s):
        assert arr.shape == (n_days, 2)
        assert np.all(np.isfinite(arr))
    assert weather.sites == ("Kyzylorda", "Astana")


def test_same_seed_same_output_different_seed_differs(params):
    one = gen.generate(params, years=3, seed=42)
    two = gen.generate(params, years=3, seed=42)
    other = gen.generate(params, years=3, seed=43)
    for name in ("tmax_c", "tmin_c", "precip_mm", "rs_mj_m2"):
        np.testing.assert_array_equal(getattr(one, name), getattr(two, name))
        assert not np.array_equal(getattr(one, name), getattr(other, name))


def test_site_stream_independent_of_other_sites_and_block_size(params, monkeypatch):
    both = gen.generate(params, years=4, seed=7)
    first_alone = gen.generate(params.select([0]), years=4, seed=7)
    # equal up to BLAS summation order (which may depend on the number of sites)
    np.testing.assert_allclose(both.tmax_c[:, 0], first_alone.tmax_c[:, 0], rtol=0, atol=1e-9)
    np.testing.assert_array_equal(both.precip_mm[:, 0], first_alone.precip_mm[:, 0])
    monkeypatch.setattr(gen, "_CHUNK_ELEMENTS", 1)  # one year per block
    blocked = gen.generate(params, years=4, seed=7)
    np.testing.assert_allclose(both.rs_mj_m2, blocked.rs_mj_m2, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(both.precip_mm, blocked.precip_mm)


def test_markov_probabilities_follow_geng_1986(params):
    frac = np.asarray(ASTANA["wet_days"]) / gen.MEAN_DAYS_IN_MONTH
    np.testing.assert_allclose(params.p_wet_after_dry[1], 0.75 * frac)
    np.testing.assert_allclose(params.p_wet_after_wet[1], 0.25 + 0.75 * frac)
    expected = gen.expected_monthly_means(params)
    np.testing.assert_allclose(expected["wet_days"][1], ASTANA["wet_days"])
    np.testing.assert_allclose(expected["precip_mm"][1], ASTANA["precip_mm"])
    np.testing.assert_allclose(expected["tmax_c"][0], KYZYLORDA["tmax_c"])


def test_wgen_default_matrices_match_published_values():
    a, b = gen.wgen_default_matrices()
    # A and B as printed by Richardson & Wright (1984), three decimals
    a_pub = [[0.567, 0.086, -0.002], [0.253, 0.504, -0.050], [-0.006, -0.039, 0.244]]
    b_pub = [[0.781, 0.0, 0.0], [0.328, 0.637, 0.0], [0.238, -0.341, 0.873]]
    np.testing.assert_allclose(a, a_pub, atol=0.003)
    np.testing.assert_allclose(b, b_pub, atol=0.003)


def test_fit_recovers_parameters_and_regenerates_means(params):
    years = 150
    observed = gen.generate(params, years=years, seed=11, start_year=1951)
    fitted = gen.fit_parameters(
        observed.dates, observed.tmax_c, observed.tmin_c, observed.precip_mm,
        lat_deg=params.lat_deg, elevation_m=params.elevation_m,
        rs_mj_m2=observed.rs_mj_m2, rh_mean_pct=observed.rh_mean_pct,
        wind_m_s=observed.wind_m_s, sites=params.sites,
    )
    # Tolerances are about 3 standard errors of a 150-year sample: a monthly mean of a
    # lag-1 autocorrelated (phi ~ 0.7) series with sd 7.5 degC has SE ~ 0.26 degC;
    # P(W|W) in the driest months rests on ~200 wet days (SE ~ 0.03); the mean wet-day
    # amount there on ~225 gamma(0.75) draws (SE ~ 8 %).
    np.testing.assert_allclose(fitted.p_wet_after_dry, params.p_wet_after_dry, atol=0.03)
    np.testing.assert_allclose(fitted.p_wet_after_wet, params.p_wet_after_wet, atol=0.12)
    np.testing.assert_allclose(fitted.tmin_mean_c, params.tmin_mean_c, atol=0.8)
    np.testing.assert_allclose(fitted.tmax_mean_dry_c, params.tmax_mean_dry_c, atol=0.8)
    np.testing.assert_allclose(fitted.tmax_sd_c, params.tmax_sd_c, rtol=0.15)
    amount_true = params.gamma_shape * params.gamma_scale_mm
    amount_fit = fitted.gamma_shape * fitted.gamma_scale_mm
    np.testing.assert_allclose(amount_fit, amount_true, rtol=0.25)
    a_default, _b = gen.wgen_default_matrices()
    np.testing.assert_allclose(fitted.ar_lag1, np.broadcast_to(a_default, (2, 3, 3)), atol=0.08)

    # regenerate from the fitted parameters and compare with the "observed" monthly means
    # (2000 site-years regenerated; tolerances ~4 SE of the regenerated means)
    reps, regen_years = 40, 50
    regenerated = gen.generate(fitted.select([0] * reps + [1] * reps), years=regen_years,
                               seed=5)
    for site, columns in ((0, slice(0, reps)), (1, slice(reps, 2 * reps))):
        obs = _monthly_stats(observed, slice(site, site + 1), years)
        new = _monthly_stats(regenerated, columns, regen_years)
        np.testing.assert_allclose(new["tmax_c"], obs["tmax_c"], atol=0.3)
        np.testing.assert_allclose(new["tmin_c"], obs["tmin_c"], atol=0.3)
        np.testing.assert_allclose(new["rs_mj_m2"], obs["rs_mj_m2"], rtol=0.03)
        assert np.all(np.abs(new["precip_mm"] - obs["precip_mm"])
                      <= np.maximum(0.07 * obs["precip_mm"], 1.5))
        np.testing.assert_allclose(new["wet_days"], obs["wet_days"], rtol=0.07, atol=0.1)


def test_fit_without_radiation_uses_hargreaves_and_handles_gaps(params):
    observed = gen.generate(params.select([1]), years=20, seed=2)
    tmax = observed.tmax_c[:, 0].copy()
    tmax[100:110] = np.nan
    fitted = gen.fit_parameters(observed.dates, tmax, observed.tmin_c[:, 0],
                                observed.precip_mm[:, 0], lat_deg=51.13, elevation_m=347.0,
                                gamma_method="thom")
    assert fitted.n_sites == 1
    assert np.all(fitted.rs_mean_dry_mj_m2 > 0)
    assert np.all(np.isfinite(fitted.tmax_sd_c))
    assert np.all((fitted.gamma_shape > 0.2) & (fitted.gamma_shape < 3.0))


def _inputs(**changes):
    values = {key: np.asarray(v, dtype=float) for key, v in ASTANA.items()}
    values.update(changes)
    return values


def test_bad_monthly_inputs_raise_clear_errors():
    with pytest.raises(InputError, match="precip_mm must have shape"):
        gen.parameters_from_monthly(**_inputs(precip_mm=np.ones(11)))
    precip = np.asarray(ASTANA["precip_mm"], dtype=float)
    precip[3] = -1.0
    with pytest.raises(InputError, match=r"precip_mm must not be negative \(site site1, month 4"):
        gen.parameters_from_monthly(**_inputs(precip_mm=precip))
    wet = np.asarray(ASTANA["wet_days"], dtype=float)
    wet[1] = 29.5
    with pytest.raises(InputError, match=r"wet_days must lie between 0 and the days.*month 2"):
        gen.parameters_from_monthly(**_inputs(wet_days=wet))
    with pytest.raises(InputError, match="tmin_c must be below tmax_c"):
        gen.parameters_from_monthly(**_inputs(tmin_c=np.asarray(ASTANA["tmax_c"]) + 1.0))
    with pytest.raises(InputError, match="wet_days must exceed"):
        gen.parameters_from_monthly(**_inputs(precip_mm=np.full(12, 0.5)))
    with pytest.raises(InputError, match="lat_deg"):
        gen.parameters_from_monthly(**_inputs(lat_deg=95.0))
    with pytest.raises(InputError, match="rs_mj_m2 must lie between 0 and the clear-sky"):
        gen.parameters_from_monthly(**_inputs(rs_mj_m2=np.full(12, 40.0)))
    with pytest.raises(InputError, match="one value per site"):
        gen.parameters_from_monthly(**_inputs(elevation_m=[1.0, 2.0]))


def test_bad_daily_inputs_and_generate_arguments(params):
    dates = np.arange(np.datetime64("2001-01-01"), np.datetime64("2001-03-01"))
    n = dates.shape[0]
    ok = np.zeros(n)
    with pytest.raises(InputError, match="precip_mm must not be negative"):
        gen.fit_parameters(dates, ok + 10, ok, ok - 1, lat_deg=50.0, elevation_m=0.0)
    with pytest.raises(InputError, match="tmin_c must have shape"):
        gen.fit_parameters(dates, ok + 10, ok[:-1], ok, lat_deg=50.0, elevation_m=0.0)
    with pytest.raises(InputError, match="consecutive days"):
        gen.fit_parameters(dates[::2], ok[::2] + 10, ok[::2], ok[::2], lat_deg=50.0,
                           elevation_m=0.0)
    with pytest.raises(InputError, match="tmin_c must not exceed tmax_c"):
        gen.fit_parameters(dates, ok, ok + 1, ok, lat_deg=50.0, elevation_m=0.0)
    with pytest.raises(InputError, match="years"):
        gen.generate(params, years=0, seed=1)
    with pytest.raises(InputError, match="seed"):
        gen.generate(params, years=1, seed=-3)


def test_invalid_parameter_sets_raise_parameter_error(params):
    with pytest.raises(ParameterError, match="p_wet_after_dry"):
        gen.GeneratorParameters(**{**params.__dict__,
                                   "p_wet_after_dry": params.p_wet_after_dry + 1.0})
    with pytest.raises(ParameterError, match="shape"):
        gen.GeneratorParameters(**{**params.__dict__, "tmax_sd_c": params.tmax_sd_c[:, :6]})
    unstable = np.broadcast_to(np.eye(3) * 1.01, (2, 3, 3))
    with pytest.raises(ParameterError, match="ar_lag1"):
        gen.GeneratorParameters(**{**params.__dict__, "ar_lag1": unstable})
