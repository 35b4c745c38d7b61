"""FAO-56 reference evapotranspiration against the worked examples of FAO-56.

Source of every expected number: Allen, R.G., Pereira, L.S., Raes, D., Smith, M.
(1998). Crop evapotranspiration. FAO Irrigation and Drainage Paper 56, chapter 3
(examples 2-15) and chapter 4 (examples 17, 18, 20), as printed.  FAO-56 prints
rounded values, so each tolerance is half a unit of the last printed digit, widened
where FAO carried its own rounded intermediate values (noted at the assertion).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from zhassyl.errors import InputError, ParameterError
from zhassyl.weather import et0 as m

BANGKOK_LAT = 13 + 44 / 60  # 13°44'N (FAO-56 ex. 17)
UCCLE_LAT = 50 + 48 / 60  # 50°48'N (FAO-56 ex. 18)
LYON_LAT = 45 + 43 / 60  # 45°43'N (FAO-56 ex. 15, 20)
RIO_LAT = -(22 + 54 / 60)  # 22°54'S (FAO-56 ex. 10-12)


def near(value, expected, tol):
    assert abs(float(value) - expected) <= tol, f"{float(value)} != {expected} ± {tol}"


# ------------------------------------------------------------------ chapter 3 examples


def test_example_2_pressure_and_psychrometric_constant():
    p = m.atmospheric_pressure_kpa(1800.0)
    near(p, 81.8, 0.05)
    near(m.psychrometric_constant_kpa_c(p), 0.054, 0.0005)


def test_example_3_saturation_vapour_pressure():
    near(m.saturation_vapour_pressure_kpa(24.5), 3.075, 0.0005)
    near(m.saturation_vapour_pressure_kpa(15.0), 1.705, 0.0005)
    near(m.mean_saturation_vapour_pressure_kpa(24.5, 15.0), 2.39, 0.005)


def test_example_5_and_6_actual_vapour_pressure_from_rh():
    near(m.saturation_vapour_pressure_kpa(18.0), 2.064, 0.0005)
    near(m.saturation_vapour_pressure_kpa(25.0), 3.168, 0.0005)
    ea = m.actual_vapour_pressure_from_rh_max_min_kpa(25.0, 18.0, 82.0, 54.0)
    near(ea, 1.702, 0.0005)
    near(m.actual_vapour_pressure_from_rh_mean_kpa(25.0, 18.0, 68.0), 1.78, 0.005)
    # Example 6: vapour pressure deficit with ea from eq. 17
    near(m.mean_saturation_vapour_pressure_kpa(25.0, 18.0) - ea, 0.91, 0.005)


def test_example_8_extraterrestrial_radiation():
    # 20°S, 3 September (J = 246): ws = 1.527 rad, Ra = 32.2 MJ m-2 d-1
    near(m.daylight_hours(-20.0, 246) * math.pi / 24.0, 1.527, 0.0005)
    near(m.extraterrestrial_radiation_mj_m2(-20.0, 246), 32.2, 0.05)


def test_example_9_daylight_hours():
    near(m.daylight_hours(-20.0, 246), 11.7, 0.05)


def test_example_10_rs_from_sunshine():
    # Rio de Janeiro, May (J = 135), n = 220 h / 31 d = 7.1 h/d
    ra = m.extraterrestrial_radiation_mj_m2(RIO_LAT, 135)
    big_n = m.daylight_hours(RIO_LAT, 135)
    near(ra, 25.1, 0.05)
    near(big_n, 10.9, 0.05)
    rs = m.solar_radiation_from_sunshine_mj_m2(ra, 220 / 31, big_n)
    near(rs, 14.5, 0.05)


def test_example_11_and_12_net_radiation():
    # Rio de Janeiro, May: Tmax 25.1, Tmin 19.1 °C, ea 2.1 kPa, sea level, Rs of example 10
    # carried unrounded (FAO prints Rs = 14.5 but Rns = 11.1 = 0.77 x 14.45).
    ra = m.extraterrestrial_radiation_mj_m2(RIO_LAT, 135)
    rs = m.solar_radiation_from_sunshine_mj_m2(ra, 220 / 31, m.daylight_hours(RIO_LAT, 135))
    rso = m.clear_sky_radiation_mj_m2(ra, 0.0)
    near(rso, 18.8, 0.05)
    rnl = m.net_longwave_radiation_mj_m2(25.1, 19.1, 2.1, rs, rso)
    near(rnl, 3.5, 0.05)
    rns = m.net_shortwave_radiation_mj_m2(rs)
    near(rns, 11.1, 0.05)
    near(m.net_radiation_mj_m2(rns, rnl), 7.6, 0.05)


def test_example_13_monthly_soil_heat_flux():
    # March, April, May mean temperatures 14.1, 16.1, 18.8 °C
    near(m.soil_heat_flux_monthly_mj_m2(14.1, t_month_next_c=18.8), 0.33, 0.005)  # eq. 43
    near(m.soil_heat_flux_monthly_mj_m2(14.1, t_month_c=16.1), 0.28, 0.005)  # eq. 44
    # element-wise: eq. 43 where May is known, eq. 44 where it is not
    g = m.soil_heat_flux_monthly_mj_m2([14.1, 14.1], [16.1, 16.1], [18.8, np.nan])
    np.testing.assert_allclose(g, [0.33, 0.28], atol=0.005)


def test_example_14_wind_at_2m():
    near(m.wind_speed_2m_m_s(3.2, 10.0), 2.4, 0.05)


def test_example_15_rs_from_temperature():
    # Lyon, 45°43'N, 200 m, July (J = 196): Tmax 26.6, Tmin 14.8 °C, kRs 0.16
    ra = m.extraterrestrial_radiation_mj_m2(LYON_LAT, 196)
    near(ra, 40.6, 0.05)
    near(m.solar_radiation_from_temperature_mj_m2(ra, 26.6, 14.8, krs=0.16), 22.3, 0.05)


# ------------------------------------------------------------------ chapter 4 examples


def test_example_17_bangkok_monthly():
    # Bangkok, April (J = 105), 2 m: Tmax 34.8, Tmin 25.6 °C, ea 2.85 kPa, u2 2 m/s,
    # n 8.5 h/d, G 0.14 MJ m-2 d-1  ->  ET0 5.72 mm/d
    c = m.et0_fao56_daily_components(
        34.8, 25.6, 105, lat_deg=BANGKOK_LAT, elevation_m=2.0, sunshine_h=8.5,
        ea_kpa=2.85, wind_m_s=2.0, g_mj_m2=0.14,
    )
    near(c.delta_kpa_c, 0.246, 0.0005)
    # FAO-56 carries P = 101.3 kPa (eq. 7 at 2 m, rounded) into gamma = 0.0674
    near(m.atmospheric_pressure_kpa(2.0), 101.3, 0.05)
    near(m.psychrometric_constant_kpa_c(101.3), 0.0674, 0.00005)
    near(c.es_kpa, 4.42, 0.005)
    near(c.es_kpa - c.ea_kpa, 1.57, 0.005)
    near(c.ra_mj_m2, 38.06, 0.005)
    near(m.daylight_hours(BANGKOK_LAT, 105), 12.31, 0.005)
    near(c.rs_mj_m2, 22.65, 0.005)
    near(c.rso_mj_m2, 28.54, 0.005)
    near(c.rns_mj_m2, 17.44, 0.005)
    near(c.rn_mj_m2, 14.33, 0.005)
    near(c.et0_mm, 5.72, 0.005)
    assert c.rs_source == m.RS_SUNSHINE and c.ea_source == m.EA_MEASURED


def test_example_18_uccle_daily():
    # Uccle (Brussels), 6 July (J = 187), 100 m: Tmax 21.5, Tmin 12.3 °C, RHmax 84 %,
    # RHmin 63 %, wind 10 km/h at 10 m, n 9.25 h  ->  ET0 3.9 mm/d
    c = m.et0_fao56_daily_components(
        21.5, 12.3, 187, lat_deg=UCCLE_LAT, elevation_m=100.0, sunshine_h=9.25,
        rh_max_pct=84.0, rh_min_pct=63.0, wind_m_s=10.0 / 3.6, wind_height_m=10.0,
    )
    near(m.atmospheric_pressure_kpa(100.0), 100.1, 0.05)
    near(c.gamma_kpa_c, 0.0666, 0.00005)
    near(c.delta_kpa_c, 0.122, 0.0005)
    near(c.es_kpa, 1.997, 0.0005)
    near(c.ea_kpa, 1.409, 0.0005)
    near(c.es_kpa - c.ea_kpa, 0.589, 0.0005)
    near(c.u2_m_s, 2.078, 0.0005)
    near(c.ra_mj_m2, 41.09, 0.005)
    near(m.daylight_hours(UCCLE_LAT, 187), 16.1, 0.05)
    near(c.rs_mj_m2, 22.07, 0.005)
    near(c.rso_mj_m2, 30.90, 0.005)
    near(c.rns_mj_m2, 17.00, 0.005)
    near(c.rnl_mj_m2, 3.71, 0.005)
    near(c.rn_mj_m2, 13.28, 0.005)
    near(c.et0_mm, 3.9, 0.05)
    assert c.ea_source == m.EA_RH_MAX_MIN and not c.wind_estimated
    # the plain entry point gives the same number
    et0 = m.et0_fao56_daily(
        21.5, 12.3, 187, lat_deg=UCCLE_LAT, elevation_m=100.0, sunshine_h=9.25,
        rh_max_pct=84.0, rh_min_pct=63.0, wind_m_s=10.0 / 3.6, wind_height_m=10.0,
    )
    assert float(et0) == pytest.approx(float(c.et0_mm), abs=1e-12)


def test_example_20_missing_data_procedures():
    # Lyon, July, only Tmax 26.6 / Tmin 14.8 °C: FAO-56 estimates Rs with eq. 50
    # (22.3 MJ m-2 d-1, as in example 15), ea from Tdew = Tmin (eq. 48) and u2 = 2 m/s.
    c = m.et0_fao56_daily_components(26.6, 14.8, 196, lat_deg=LYON_LAT, elevation_m=200.0)
    near(c.rs_mj_m2, 22.3, 0.05)
    near(c.ea_kpa, float(m.saturation_vapour_pressure_kpa(14.8)), 1e-12)
    assert c.u2_m_s == 2.0 and c.wind_estimated
    assert c.rs_source == m.RS_TEMPERATURE and c.ea_source == m.EA_TMIN


# ------------------------------------------------------- shapes, NaN, errors, options

UCCLE = dict(lat_deg=UCCLE_LAT, elevation_m=100.0)


def test_scalar_and_array_inputs_agree():
    scalar = m.et0_fao56_daily(21.5, 12.3, 187, rs_mj_m2=22.07, tdew_c=12.0, wind_m_s=2.0,
                               **UCCLE)
    assert np.ndim(scalar) == 0
    arr = m.et0_fao56_daily(np.full(4, 21.5), np.full(4, 12.3), np.full(4, 187),
                            rs_mj_m2=np.full(4, 22.07), tdew_c=[12.0] * 4, wind_m_s=2.0,
                            **UCCLE)
    assert arr.shape == (4,)
    np.testing.assert_allclose(arr, scalar, rtol=0, atol=1e-12)


def test_broadcast_days_by_sites():
    n_days, lats, elevs = 5, np.array([40.0, 45.0, 50.0]), np.array([100.0, 400.0, 1200.0])
    doy = np.arange(180, 180 + n_days)[:, None]
    tmax = 30.0 + np.arange(n_days)[:, None] + np.zeros(3)
    tmin = tmax - 12.0
    et0 = m.et0_fao56_daily(tmax, tmin, doy, lat_deg=lats, elevation_m=elevs,
                            rh_mean_pct=50.0, wind_m_s=np.full((n_days, 3), 3.0))
    assert et0.shape == (n_days, 3)
    for i in range(n_days):
        for j in range(3):
            one = m.et0_fao56_daily(tmax[i, j], tmin[i, j], int(doy[i, 0]), lat_deg=lats[j],
                                    elevation_m=elevs[j], rh_mean_pct=50.0, wind_m_s=3.0)
            assert et0[i, j] == pytest.approx(float(one), abs=1e-12)


def test_float_doy_equals_integer_doy():
    doy = np.arange(1, 367)
    a = m.extraterrestrial_radiation_mj_m2(43.2, doy)
    b = m.extraterrestrial_radiation_mj_m2(43.2, doy.astype(float))
    np.testing.assert_allclose(a, b, rtol=1e-12)


def _single(**kw):
    return float(m.et0_fao56_daily(21.5, 12.3, 187, **UCCLE, **kw))


def test_radiation_fallback_is_element_wise():
    rs = np.array([22.07, np.nan, np.nan])
    sun = np.array([9.25, 9.25, np.nan])
    got = m.et0_fao56_daily(21.5, 12.3, 187, rs_mj_m2=rs, sunshine_h=sun, tdew_c=11.0,
                            wind_m_s=2.0, **UCCLE)
    expect = [
        _single(rs_mj_m2=22.07, tdew_c=11.0, wind_m_s=2.0),
        _single(sunshine_h=9.25, tdew_c=11.0, wind_m_s=2.0),
        _single(tdew_c=11.0, wind_m_s=2.0),  # Hargreaves eq. 50
    ]
    np.testing.assert_allclose(got, expect, rtol=0, atol=1e-12)
    c = m.et0_fao56_daily_components(21.5, 12.3, 187, rs_mj_m2=rs, sunshine_h=sun,
                                     tdew_c=11.0, **UCCLE)
    assert c.rs_source.tolist() == [m.RS_MEASURED, m.RS_SUNSHINE, m.RS_TEMPERATURE]


def test_humidity_fallback_is_element_wise():
    nan = np.nan
    tdew = np.array([10.0, nan, nan, nan, nan])
    rhx = np.array([90.0, 90.0, 90.0, nan, nan])
    rhn = np.array([50.0, 50.0, nan, nan, nan])
    rhm = np.array([70.0, 70.0, 70.0, 70.0, nan])
    c = m.et0_fao56_daily_components(21.5, 12.3, 187, tdew_c=tdew, rh_max_pct=rhx,
                                     rh_min_pct=rhn, rh_mean_pct=rhm, rs_mj_m2=20.0,
                                     wind_m_s=[2.0, 2.0, nan, 2.0, 2.0], **UCCLE)
    e_tmax, e_tmin = m.saturation_vapour_pressure_kpa(21.5), m.saturation_vapour_pressure_kpa(12.3)
    expect = [
        m.saturation_vapour_pressure_kpa(10.0),  # eq. 14
        (e_tmin * 0.90 + e_tmax * 0.50) / 2,  # eq. 17
        e_tmin * 0.90,  # eq. 18
        0.70 * (e_tmax + e_tmin) / 2,  # eq. 19
        e_tmin,  # eq. 48
    ]
    np.testing.assert_allclose(c.ea_kpa, expect, rtol=1e-12)
    assert c.ea_source.tolist() == [m.EA_TDEW, m.EA_RH_MAX_MIN, m.EA_RH_MAX, m.EA_RH_MEAN,
                                    m.EA_TMIN]
    assert c.wind_estimated.tolist() == [False, False, True, False, False]
    assert c.u2_m_s[2] == 2.0


def test_dew_point_offset_for_arid_sites():
    humid = m.et0_fao56_daily_components(35.0, 18.0, 200, **UCCLE)
    arid = m.et0_fao56_daily_components(35.0, 18.0, 200, dew_offset_c=2.0, **UCCLE)
    near(arid.ea_kpa, float(m.saturation_vapour_pressure_kpa(16.0)), 1e-12)
    assert arid.et0_mm > humid.et0_mm


def test_missing_temperature_gives_nan_not_error():
    et0 = m.et0_fao56_daily([21.5, np.nan], [12.3, 12.3], 187, rs_mj_m2=20.0, **UCCLE)
    assert np.isfinite(et0[0]) and np.isnan(et0[1])


@pytest.mark.filterwarnings("error")
def test_polar_night_and_day_are_finite():
    doy = np.array([1, 172])
    ra = m.extraterrestrial_radiation_mj_m2(80.0, doy)
    assert ra[0] == pytest.approx(0.0, abs=1e-9) and ra[1] > 40.0
    assert m.daylight_hours(80.0, doy).tolist() == pytest.approx([0.0, 24.0])
    et0 = m.et0_fao56_daily([-20.0, 5.0], [-30.0, 0.0], doy, lat_deg=80.0, elevation_m=0.0,
                            sunshine_h=[0.0, 10.0])
    assert np.all(np.isfinite(et0))


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(tmax_c=10.0, tmin_c=12.0),
        dict(lat_deg=95.0),
        dict(doy=0),
        dict(rh_max_pct=120.0),
        dict(rs_mj_m2=-1.0),
        dict(wind_m_s=-0.5),
    ],
)
def test_bad_input_raises_input_error(kwargs):
    args = dict(tmax_c=21.5, tmin_c=12.3, doy=187, **UCCLE)
    args.update(kwargs)
    with pytest.raises(InputError):
        m.et0_fao56_daily(**args)


@pytest.mark.parametrize(
    "kwargs", [dict(krs=0.0), dict(albedo=1.5), dict(wind_height_m=0.05),
               dict(angstrom_a=0.8, angstrom_b=0.5)]
)
def test_bad_parameters_raise_parameter_error(kwargs):
    with pytest.raises(ParameterError):
        m.et0_fao56_daily(21.5, 12.3, 187, **UCCLE, **kwargs)


def test_coastal_krs_raises_hargreaves_radiation():
    inland = m.et0_fao56_daily_components(26.6, 14.8, 196, lat_deg=LYON_LAT, elevation_m=200.0)
    coast = m.et0_fao56_daily_components(26.6, 14.8, 196, lat_deg=LYON_LAT, elevation_m=200.0,
                                         krs=m.KRS_COASTAL)
    near(coast.rs_mj_m2 / inland.rs_mj_m2, 0.19 / 0.16, 1e-12)


def test_blocked_evaluation_equals_single_pass(monkeypatch):
    rng = np.random.default_rng(3)
    n_days, n_sites = 50, 7
    tmax = rng.uniform(10.0, 35.0, (n_days, n_sites))
    tmin = tmax - rng.uniform(3.0, 15.0, (n_days, n_sites))
    rs = np.where(rng.random((n_days, n_sites)) < 0.2, np.nan, 18.0)
    kw = dict(lat_deg=np.linspace(38.0, 52.0, n_sites), elevation_m=300.0, rs_mj_m2=rs,
              rh_mean_pct=55.0, wind_m_s=np.full((n_days, 1), 2.5), wind_height_m=10.0)
    doy = np.arange(150, 150 + n_days)[:, None]
    whole = m.et0_fao56_daily(tmax, tmin, doy, **kw)
    monkeypatch.setattr(m, "_CHUNK_ELEMENTS", 16)  # forces blocks of 2 days
    blocked = m.et0_fao56_daily(tmax, tmin, doy, **kw)
    np.testing.assert_array_equal(blocked, whole)
    components = m.et0_fao56_daily_components(tmax, tmin, doy, **kw)
    np.testing.assert_array_equal(components.et0_mm, whole)
