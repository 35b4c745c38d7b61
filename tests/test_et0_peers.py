"""Daily FAO-56 ET0 side by side with two independent implementations: refet and pyet.

Both peers are configured for the FAO-56 daily formulation used by
:func:`zhassyl.weather.et0.et0_fao56_daily`:

refet (``refet.Daily``)
    ``method='asce'``: pressure with exponent 5.26 (FAO-56 eq. 7), declination
    0.409 sin(2 pi J/365 - 1.39) (eq. 24), Ra with Gsc 0.0820 (eq. 21), Delta with
    4098 x 0.6108 (eq. 13, rounded to 2503).  ``method='refet'`` is *not* FAO-56: it
    uses the exponent 9.8/(0.0065 x 286.9), a Cooper declination and Gsc = 1367 W m-2.
    ``rso_type='simple'`` selects Rso = (0.75 + 2e-5 z) Ra (eq. 37) instead of the
    ASCE "full" turbidity/precipitable-water model.  refet takes ea directly or from
    Tdew (eq. 14).  Remaining by-design differences, all below 0.001 mm/d here:
    sigma = 4.901e-9 (ASCE) instead of 4.903e-9, Delta coefficient 2503 instead of
    2503.06, and es - ea clamped at 0 (never active for these consistent data).

pyet (``pyet.pm_fao56``)
    Takes one site at a time as pandas Series with a daily DatetimeIndex (Ra and N
    from the index's day of year), latitude in radians, wind already at 2 m,
    humidity as RHmax/RHmin (eq. 17).  ``clip_zero=False`` because FAO-56 eq. 6 does
    not clip negative ET0 (winter days with negative Rn).

Both peers bound Rs/Rso to 0.3..1.0 inside eq. 39 (ASCE-EWRI 2005 eq. 18), while
FAO-56 eq. 39 only caps it at 1.0.  The synthetic series therefore draws Rs between
0.3 Rso and Rso, the physically usual range (Angstrom with n = 0 gives
Rs/Rso = 0.25/0.75 = 0.33), so that both formulations are the same equation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zhassyl.weather.et0 import (
    clear_sky_radiation_mj_m2,
    et0_fao56_daily,
    extraterrestrial_radiation_mj_m2,
    saturation_vapour_pressure_kpa,
)

refet = pytest.importorskip("refet")
pyet = pytest.importorskip("pyet")

TOLERANCE_MM = 0.01

# Sites spanning the Zhassyl regions and beyond: (latitude [deg], elevation [m])
SITES = np.array([[42.3, 250.0], [43.6, 780.0], [47.1, -20.0], [51.2, 350.0], [38.5, 1600.0]])


def synthetic_daily(seed: int = 20240607, start: str = "2019-01-01", n_years: int = 3):
    """Physically consistent daily weather shaped (n_days, n_sites)."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range(start, periods=365 * n_years + 1, freq="D")  # includes 29 Feb 2020
    doy = dates.dayofyear.to_numpy()
    lat, elev = SITES[:, 0], SITES[:, 1]
    shape = (len(dates), len(SITES))
    season = np.cos(2 * np.pi * (doy[:, None] - 200) / 365.25)
    tmax = 14.0 + 17.0 * season - 0.006 * elev + rng.normal(0.0, 3.5, shape)
    dtr = rng.uniform(4.0, 18.0, shape)  # diurnal range > 0, so Tmin < Tmax
    tmin = tmax - dtr
    tdew = tmin - rng.gamma(2.0, 1.5, shape)  # Tdew <= Tmin, so ea <= es
    ea = saturation_vapour_pressure_kpa(tdew)
    rh_max = 100.0 * ea / saturation_vapour_pressure_kpa(tmin)  # consistent with eq. 17
    rh_min = 100.0 * ea / saturation_vapour_pressure_kpa(tmax)
    rso = clear_sky_radiation_mj_m2(extraterrestrial_radiation_mj_m2(lat, doy[:, None]), elev)
    rs = rso * rng.uniform(0.3, 1.0, shape)  # 0.3 Rso <= Rs <= Rso
    u2 = rng.gamma(3.0, 0.8, shape) + 0.2
    return dict(dates=dates, doy=doy, lat=lat, elev=elev, tmax=tmax, tmin=tmin, tdew=tdew,
                ea=ea, rh_max=rh_max, rh_min=rh_min, rs=rs, u2=u2)


@pytest.fixture(scope="module")
def data():
    return synthetic_daily()


def test_synthetic_series_is_consistent(data):
    assert np.all(data["tmin"] < data["tmax"])
    assert np.all(data["rh_max"] <= 100.0) and np.all(data["rh_min"] > 0.0)
    assert np.all(data["rh_min"] <= data["rh_max"])
    assert np.all(data["rs"] > 0.0)
    assert data["tmax"].shape == (len(data["dates"]), len(SITES))


def ours(data, **humidity):
    return et0_fao56_daily(
        data["tmax"], data["tmin"], data["doy"][:, None], lat_deg=data["lat"],
        elevation_m=data["elev"], rs_mj_m2=data["rs"], wind_m_s=data["u2"], **humidity,
    )


def test_matches_refet_asce_simple_rso(data):
    full = np.broadcast_to
    shape = data["tmax"].shape
    peer = refet.Daily(
        tmin=data["tmin"], tmax=data["tmax"], rs=data["rs"], uz=data["u2"], zw=2.0,
        elev=full(data["elev"], shape), lat=full(data["lat"], shape),
        doy=full(data["doy"][:, None], shape), tdew=data["tdew"], method="asce",
        rso_type="simple",
    ).eto()
    mine = ours(data, tdew_c=data["tdew"])
    assert np.all(np.isfinite(mine))
    assert np.max(np.abs(mine - peer)) <= TOLERANCE_MM


def test_matches_refet_with_wind_at_10_m(data):
    # FAO-56 eq. 47 and refet's wind_height_adjust are the same log profile
    shape = data["tmax"].shape
    u10 = data["u2"] * np.log(67.8 * 10.0 - 5.42) / 4.87
    peer = refet.Daily(
        tmin=data["tmin"], tmax=data["tmax"], rs=data["rs"], uz=u10, zw=10.0,
        elev=np.broadcast_to(data["elev"], shape), lat=np.broadcast_to(data["lat"], shape),
        doy=np.broadcast_to(data["doy"][:, None], shape), ea=data["ea"], method="asce",
        rso_type="simple",
    ).eto()
    mine = et0_fao56_daily(
        data["tmax"], data["tmin"], data["doy"][:, None], lat_deg=data["lat"],
        elevation_m=data["elev"], rs_mj_m2=data["rs"], wind_m_s=u10, wind_height_m=10.0,
        ea_kpa=data["ea"],
    )
    assert np.max(np.abs(mine - peer)) <= TOLERANCE_MM


def test_matches_pyet_pm_fao56_with_rh_max_min(data):
    mine = ours(data, rh_max_pct=data["rh_max"], rh_min_pct=data["rh_min"])
    index = data["dates"]
    worst = 0.0
    for j, (lat, elev) in enumerate(SITES):
        def col(name, j=j):
            return pd.Series(data[name][:, j], index=index)

        tmax, tmin = col("tmax"), col("tmin")
        peer = pyet.pm_fao56(
            tmean=(tmax + tmin) / 2, wind=col("u2"), rs=col("rs"), tmax=tmax, tmin=tmin,
            rhmax=col("rh_max"), rhmin=col("rh_min"), elevation=float(elev),
            lat=float(np.deg2rad(lat)), clip_zero=False,
        )
        worst = max(worst, float(np.max(np.abs(mine[:, j] - peer.to_numpy()))))
    assert worst <= TOLERANCE_MM
