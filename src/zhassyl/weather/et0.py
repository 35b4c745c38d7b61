"""FAO-56 reference evapotranspiration (Allen et al. 1998), vectorised over NumPy arrays.

Every function is pure: arrays in, arrays out, all inputs broadcast against each
other (for example a ``(n_days, n_sites)`` weather table with ``lat_deg`` and
``elevation_m`` shaped ``(n_sites,)``).  Equation numbers refer to

    Allen, R.G., Pereira, L.S., Raes, D., Smith, M. (1998). Crop evapotranspiration:
    guidelines for computing crop water requirements. FAO Irrigation and Drainage
    Paper 56, Rome.  Chapter 3 (meteorological data) and chapter 4 (ET0).

The daily Penman-Monteith entry point is :func:`et0_fao56_daily`; it applies the
FAO-56 chapter 3 procedures for missing radiation, humidity and wind element by
element.  :func:`et0_fao56_daily_components` returns every intermediate term.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zhassyl.errors import InputError, ParameterError
from zhassyl.i18n import _

SOLAR_CONSTANT_MJ_M2_MIN = 0.0820  # FAO-56 eq. 21, Gsc [MJ m-2 min-1]
STEFAN_BOLTZMANN_MJ_K4_M2_D = 4.903e-9  # FAO-56 eq. 39, sigma [MJ K-4 m-2 d-1]
KELVIN_OFFSET = 273.16  # FAO-56 eq. 39, T[K] = T[degC] + 273.16
DEFAULT_WIND_2M_M_S = 2.0  # FAO-56 ch. 3 "Missing wind speed data": 2 m/s global average
KRS_INTERIOR = 0.16  # FAO-56 eq. 50, interior locations
KRS_COASTAL = 0.19  # FAO-56 eq. 50, coastal locations
ANGSTROM_A = 0.25  # FAO-56 eq. 35, as
ANGSTROM_B = 0.50  # FAO-56 eq. 35, bs
ALBEDO_GRASS = 0.23  # FAO-56 eq. 38, hypothetical grass reference

# Codes stored in Et0Components.rs_source and .ea_source: which FAO-56 procedure
# produced each element.
RS_MEASURED, RS_SUNSHINE, RS_TEMPERATURE = 0, 1, 2
EA_MEASURED, EA_TDEW, EA_RH_MAX_MIN, EA_RH_MAX, EA_RH_MEAN, EA_TMIN = 0, 1, 2, 3, 4, 5

_TWO_PI_OVER_365 = 2.0 * np.pi / 365.0
# Eq. 23 and 24 tabulated once for integer days 0..366 (index 0 unused).
_DOY_TABLE = np.arange(367, dtype=np.float64) * _TWO_PI_OVER_365
_DR_TABLE = 1.0 + 0.033 * np.cos(_DOY_TABLE)  # FAO-56 eq. 23
_DECL_TABLE = 0.409 * np.sin(_DOY_TABLE - 1.39)  # FAO-56 eq. 24
_TAN_DECL_TABLE = np.tan(_DECL_TABLE)
_SIN_DECL_TABLE = np.sin(_DECL_TABLE)
_COS_DECL_TABLE = np.cos(_DECL_TABLE)


def _f64(x):
    return np.asarray(x, dtype=np.float64)


def _check_lat(lat_deg):
    lat = _f64(lat_deg)
    bad = ~(np.abs(lat) <= 90.0)
    if bad.any():
        raise InputError(
            _("latitude must be within -90..90 degrees, got {lat}").format(lat=lat[bad].flat[0])
        )
    return lat


def _check_doy(doy):
    d = np.asarray(doy)
    bad = ~((d >= 1) & (d <= 366))
    if bad.any():
        raise InputError(
            _("day of year must be within 1..366, got {doy}").format(doy=d[bad].flat[0])
        )
    return d


def _declination_terms(doy):
    """dr [-], sin/cos/tan of the declination for ``doy`` (FAO-56 eqs. 23-24)."""
    d = _check_doy(doy)
    if d.dtype.kind in "iu":
        # Integer days: gather from the precomputed tables (same formulas, no trig).
        return _DR_TABLE[d], _SIN_DECL_TABLE[d], _COS_DECL_TABLE[d], _TAN_DECL_TABLE[d]
    angle = _f64(d) * _TWO_PI_OVER_365
    dr = 1.0 + 0.033 * np.cos(angle)  # FAO-56 eq. 23
    decl_rad = 0.409 * np.sin(angle - 1.39)  # FAO-56 eq. 24
    return dr, np.sin(decl_rad), np.cos(decl_rad), np.tan(decl_rad)


def _sunset_hour_angle_rad(tan_lat, tan_decl):
    """Sunset hour angle ws [rad] (FAO-56 eq. 25), clipped for polar day/night."""
    return np.arccos(np.clip(-tan_lat * tan_decl, -1.0, 1.0))


def _ra_and_ws(lat_deg, doy):
    lat_rad = np.deg2rad(_check_lat(lat_deg))  # FAO-56 eq. 22
    dr, sin_decl, cos_decl, tan_decl = _declination_terms(doy)
    cos_ws = np.clip(-np.tan(lat_rad) * tan_decl, -1.0, 1.0)
    ws_rad = np.arccos(cos_ws)  # FAO-56 eq. 25
    # sin(ws) = sqrt(1 - cos(ws)^2), exact on 0 <= ws <= pi and cheaper than np.sin
    sin_ws = np.sqrt(1.0 - cos_ws * cos_ws)
    # FAO-56 eq. 21
    ra = (24.0 * 60.0 / np.pi * SOLAR_CONSTANT_MJ_M2_MIN) * dr * (
        ws_rad * (np.sin(lat_rad) * sin_decl) + (np.cos(lat_rad) * cos_decl) * sin_ws
    )
    return ra, ws_rad


# --------------------------------------------------------------------------- radiation


def extraterrestrial_radiation_mj_m2(lat_deg, doy):
    """Daily extraterrestrial radiation Ra (FAO-56 eq. 21 with eqs. 22-25).

    Parameters
    ----------
    lat_deg : array_like
        Latitude [degrees], positive north, within -90..90.
    doy : array_like
        Day of the year J [1..366].  Integer arrays use precomputed tables.

    Returns
    -------
    numpy.ndarray
        Ra [MJ m-2 d-1], broadcast shape of the inputs.

    Examples
    --------
    FAO-56 example 8 (20 degS, 3 September):

    >>> round(float(extraterrestrial_radiation_mj_m2(-20.0, 246)), 1)
    32.2
    """
    return _ra_and_ws(lat_deg, doy)[0]


def clear_sky_radiation_mj_m2(ra_mj_m2, elevation_m):
    """Clear-sky solar radiation Rso = (0.75 + 2e-5 z) Ra (FAO-56 eq. 37).

    Parameters
    ----------
    ra_mj_m2 : array_like
        Extraterrestrial radiation Ra [MJ m-2 d-1].
    elevation_m : array_like
        Station elevation above sea level z [m].

    Returns
    -------
    numpy.ndarray
        Rso [MJ m-2 d-1].
    """
    return (0.75 + 2e-5 * _f64(elevation_m)) * _f64(ra_mj_m2)


def daylight_hours(lat_deg, doy):
    """Maximum possible daylight duration N = 24/pi ws (FAO-56 eq. 34).

    Parameters
    ----------
    lat_deg : array_like
        Latitude [degrees], positive north.
    doy : array_like
        Day of the year J [1..366].

    Returns
    -------
    numpy.ndarray
        N [hours].
    """
    lat_rad = np.deg2rad(_check_lat(lat_deg))  # FAO-56 eq. 22
    tan_decl = _declination_terms(doy)[3]
    return (24.0 / np.pi) * _sunset_hour_angle_rad(np.tan(lat_rad), tan_decl)  # FAO-56 eq. 34


def solar_radiation_from_sunshine_mj_m2(
    ra_mj_m2, sunshine_h, daylight_h, *, angstrom_a=ANGSTROM_A, angstrom_b=ANGSTROM_B
):
    """Solar radiation from sunshine duration, Angstrom formula (FAO-56 eq. 35).

    Parameters
    ----------
    ra_mj_m2 : array_like
        Extraterrestrial radiation Ra [MJ m-2 d-1].
    sunshine_h : array_like
        Actual duration of sunshine n [hours].
    daylight_h : array_like
        Maximum possible duration of sunshine N [hours] (eq. 34).
    angstrom_a, angstrom_b : float
        Regression constants as, bs [-]; FAO-56 defaults 0.25 and 0.50.

    Returns
    -------
    numpy.ndarray
        Rs [MJ m-2 d-1].  Where N = 0 (polar night) the ratio n/N is taken as 0.
    """
    n = _f64(sunshine_h)
    big_n = _f64(daylight_h)
    ratio = np.divide(n, big_n, out=np.zeros(np.broadcast_shapes(n.shape, big_n.shape)),
                      where=big_n > 0)
    return (angstrom_a + angstrom_b * ratio) * _f64(ra_mj_m2)  # FAO-56 eq. 35


def solar_radiation_from_temperature_mj_m2(ra_mj_m2, tmax_c, tmin_c, *, krs=KRS_INTERIOR):
    """Solar radiation from the temperature range, Hargreaves (FAO-56 eq. 50).

    Parameters
    ----------
    ra_mj_m2 : array_like
        Extraterrestrial radiation Ra [MJ m-2 d-1].
    tmax_c, tmin_c : array_like
        Daily maximum and minimum air temperature [degC].
    krs : float or array_like
        Adjustment coefficient kRs [degC-0.5]: 0.16 interior, 0.19 coastal.

    Returns
    -------
    numpy.ndarray
        Rs [MJ m-2 d-1].
    """
    span = np.maximum(_f64(tmax_c) - _f64(tmin_c), 0.0)
    return _f64(krs) * np.sqrt(span) * _f64(ra_mj_m2)  # FAO-56 eq. 50


def net_shortwave_radiation_mj_m2(rs_mj_m2, *, albedo=ALBEDO_GRASS):
    """Net shortwave radiation Rns = (1 - albedo) Rs (FAO-56 eq. 38).

    Parameters
    ----------
    rs_mj_m2 : array_like
        Incoming solar radiation Rs [MJ m-2 d-1].
    albedo : float
        Albedo [-], 0.23 for the grass reference.

    Returns
    -------
    numpy.ndarray
        Rns [MJ m-2 d-1].
    """
    return (1.0 - albedo) * _f64(rs_mj_m2)


def _relative_shortwave(rs_mj_m2, rso_mj_m2):
    """Rs/Rso limited to <= 1.0 (FAO-56 eq. 39); 1.0 where Rso = 0 (polar night)."""
    rs = _f64(rs_mj_m2)
    rso = _f64(rso_mj_m2)
    shape = np.broadcast_shapes(rs.shape, rso.shape)
    ratio = np.divide(rs, rso, out=np.ones(shape), where=rso > 0)
    return np.minimum(ratio, 1.0, out=ratio)


def net_longwave_radiation_mj_m2(tmax_c, tmin_c, ea_kpa, rs_mj_m2, rso_mj_m2):
    """Net outgoing longwave radiation Rnl (FAO-56 eq. 39).

    Parameters
    ----------
    tmax_c, tmin_c : array_like
        Daily maximum and minimum air temperature [degC].
    ea_kpa : array_like
        Actual vapour pressure ea [kPa].
    rs_mj_m2, rso_mj_m2 : array_like
        Solar and clear-sky solar radiation [MJ m-2 d-1]; Rs/Rso is limited to <= 1.0.

    Returns
    -------
    numpy.ndarray
        Rnl [MJ m-2 d-1], positive for a net loss.
    """
    # FAO-56 eq. 39; T^4 as two squarings (much faster than a float power)
    tk = _f64(tmax_c) + KELVIN_OFFSET
    tk *= tk
    tk *= tk
    tmin_k = _f64(tmin_c) + KELVIN_OFFSET
    tmin_k *= tmin_k
    tmin_k *= tmin_k
    tk += tmin_k
    tk *= 0.5 * STEFAN_BOLTZMANN_MJ_K4_M2_D
    cloud = _relative_shortwave(rs_mj_m2, rso_mj_m2)
    cloud *= 1.35
    cloud -= 0.35
    humidity = np.sqrt(_f64(ea_kpa))
    humidity *= -0.14
    humidity += 0.34
    return tk * humidity * cloud


def net_radiation_mj_m2(rns_mj_m2, rnl_mj_m2):
    """Net radiation Rn = Rns - Rnl (FAO-56 eq. 40).

    Parameters
    ----------
    rns_mj_m2, rnl_mj_m2 : array_like
        Net shortwave and net longwave radiation [MJ m-2 d-1].

    Returns
    -------
    numpy.ndarray
        Rn [MJ m-2 d-1].
    """
    return _f64(rns_mj_m2) - _f64(rnl_mj_m2)


def soil_heat_flux_monthly_mj_m2(t_month_prev_c, t_month_c=None, t_month_next_c=None):
    """Monthly soil heat flux G (FAO-56 eq. 43, or eq. 44 without the next month).

    Element-wise: where ``t_month_next_c`` is given and finite,
    G = 0.07 (T[i+1] - T[i-1]) (eq. 43); otherwise G = 0.14 (T[i] - T[i-1]) (eq. 44).

    Parameters
    ----------
    t_month_prev_c : array_like
        Mean air temperature of the previous month T[i-1] [degC].
    t_month_c : array_like, optional
        Mean air temperature of the month T[i] [degC]; needed wherever eq. 44 applies.
    t_month_next_c : array_like, optional
        Mean air temperature of the next month T[i+1] [degC].

    Returns
    -------
    numpy.ndarray
        G [MJ m-2 d-1].
    """
    prev = _f64(t_month_prev_c)
    g44 = None
    if t_month_c is not None:
        g44 = 0.14 * (_f64(t_month_c) - prev)  # FAO-56 eq. 44
    if t_month_next_c is None:
        if g44 is None:
            raise InputError(_("soil heat flux needs the temperature of this or the next month"))
        return g44
    g43 = 0.07 * (_f64(t_month_next_c) - prev)  # FAO-56 eq. 43
    if g44 is None:
        return g43
    return np.where(np.isfinite(g43), g43, g44)


# ------------------------------------------------------------------ air and humidity


def atmospheric_pressure_kpa(elevation_m):
    """Atmospheric pressure from elevation (FAO-56 eq. 7).

    Parameters
    ----------
    elevation_m : array_like
        Elevation above sea level z [m].

    Returns
    -------
    numpy.ndarray
        P [kPa].
    """
    return 101.3 * ((293.0 - 0.0065 * _f64(elevation_m)) / 293.0) ** 5.26


def psychrometric_constant_kpa_c(pressure_kpa):
    """Psychrometric constant gamma = 0.665e-3 P (FAO-56 eq. 8).

    Parameters
    ----------
    pressure_kpa : array_like
        Atmospheric pressure P [kPa].

    Returns
    -------
    numpy.ndarray
        gamma [kPa degC-1].
    """
    return 0.665e-3 * _f64(pressure_kpa)


def saturation_vapour_pressure_kpa(t_c):
    """Saturation vapour pressure e°(T) (FAO-56 eq. 11).

    Parameters
    ----------
    t_c : array_like
        Air temperature [degC].

    Returns
    -------
    numpy.ndarray
        e°(T) [kPa].
    """
    t = _f64(t_c)
    return 0.6108 * np.exp(17.27 * t / (t + 237.3))


def mean_saturation_vapour_pressure_kpa(tmax_c, tmin_c):
    """Mean saturation vapour pressure es = (e°(Tmax) + e°(Tmin)) / 2 (FAO-56 eq. 12).

    Parameters
    ----------
    tmax_c, tmin_c : array_like
        Daily maximum and minimum air temperature [degC].

    Returns
    -------
    numpy.ndarray
        es [kPa].
    """
    return 0.5 * (saturation_vapour_pressure_kpa(tmax_c) + saturation_vapour_pressure_kpa(tmin_c))


def slope_vapour_pressure_curve_kpa_c(t_c):
    """Slope of the saturation vapour pressure curve Delta (FAO-56 eq. 13).

    Parameters
    ----------
    t_c : array_like
        Air temperature [degC]; FAO-56 uses Tmean = (Tmax + Tmin) / 2 (eq. 9).

    Returns
    -------
    numpy.ndarray
        Delta [kPa degC-1].
    """
    t = _f64(t_c)
    return 4098.0 * saturation_vapour_pressure_kpa(t) / (t + 237.3) ** 2


def actual_vapour_pressure_from_tdew_kpa(tdew_c):
    """Actual vapour pressure ea = e°(Tdew) (FAO-56 eq. 14).

    Parameters
    ----------
    tdew_c : array_like
        Dew-point temperature [degC].

    Returns
    -------
    numpy.ndarray
        ea [kPa].
    """
    return saturation_vapour_pressure_kpa(tdew_c)


def actual_vapour_pressure_from_rh_max_min_kpa(tmax_c, tmin_c, rh_max_pct, rh_min_pct):
    """Actual vapour pressure from RHmax and RHmin (FAO-56 eq. 17).

    Parameters
    ----------
    tmax_c, tmin_c : array_like
        Daily maximum and minimum air temperature [degC].
    rh_max_pct, rh_min_pct : array_like
        Daily maximum and minimum relative humidity [%].

    Returns
    -------
    numpy.ndarray
        ea [kPa].
    """
    return 0.005 * (
        saturation_vapour_pressure_kpa(tmin_c) * _f64(rh_max_pct)
        + saturation_vapour_pressure_kpa(tmax_c) * _f64(rh_min_pct)
    )


def actual_vapour_pressure_from_rh_max_kpa(tmin_c, rh_max_pct):
    """Actual vapour pressure from RHmax only (FAO-56 eq. 18).

    Parameters
    ----------
    tmin_c : array_like
        Daily minimum air temperature [degC].
    rh_max_pct : array_like
        Daily maximum relative humidity [%].

    Returns
    -------
    numpy.ndarray
        ea [kPa].
    """
    return 0.01 * saturation_vapour_pressure_kpa(tmin_c) * _f64(rh_max_pct)


def actual_vapour_pressure_from_rh_mean_kpa(tmax_c, tmin_c, rh_mean_pct):
    """Actual vapour pressure from RHmean (FAO-56 eq. 19).

    Parameters
    ----------
    tmax_c, tmin_c : array_like
        Daily maximum and minimum air temperature [degC].
    rh_mean_pct : array_like
        Daily mean relative humidity [%].

    Returns
    -------
    numpy.ndarray
        ea [kPa].
    """
    return 0.01 * _f64(rh_mean_pct) * mean_saturation_vapour_pressure_kpa(tmax_c, tmin_c)


def actual_vapour_pressure_from_tmin_kpa(tmin_c, *, dew_offset_c=0.0):
    """Actual vapour pressure assuming Tdew = Tmin - Ko (FAO-56 eq. 48, Annex 6).

    Parameters
    ----------
    tmin_c : array_like
        Daily minimum air temperature [degC].
    dew_offset_c : float or array_like
        Ko [degC]: 0 for humid sites; FAO-56 (ch. 3 and Annex 6) suggests 2-3 degC
        for arid and semi-arid sites where Tmin stays above the dew point.

    Returns
    -------
    numpy.ndarray
        ea [kPa].
    """
    return saturation_vapour_pressure_kpa(_f64(tmin_c) - _f64(dew_offset_c))  # FAO-56 eq. 48


def wind_speed_2m_m_s(wind_m_s, height_m):
    """Wind speed at 2 m from a measurement at height z (FAO-56 eq. 47).

    Parameters
    ----------
    wind_m_s : array_like
        Measured wind speed uz [m s-1].
    height_m : float or array_like
        Measurement height z above ground [m], above 0.1 m.

    Returns
    -------
    numpy.ndarray
        u2 [m s-1].
    """
    z = _f64(height_m)
    if not np.all(z > 0.1):
        raise InputError(
            _("wind measurement height must be above 0.1 m, got {z}").format(z=z.min())
        )
    return _f64(wind_m_s) * (4.87 / np.log(67.8 * z - 5.42))  # FAO-56 eq. 47


def et0_penman_monteith_mm(
    delta_kpa_c, rn_mj_m2, g_mj_m2, gamma_kpa_c, tmean_c, u2_m_s, es_kpa, ea_kpa
):
    """FAO Penman-Monteith reference evapotranspiration from its terms (FAO-56 eq. 6).

    Parameters
    ----------
    delta_kpa_c : array_like
        Slope of the vapour pressure curve Delta [kPa degC-1].
    rn_mj_m2, g_mj_m2 : array_like
        Net radiation and soil heat flux [MJ m-2 d-1].
    gamma_kpa_c : array_like
        Psychrometric constant [kPa degC-1].
    tmean_c : array_like
        Mean daily air temperature at 2 m [degC].
    u2_m_s : array_like
        Wind speed at 2 m [m s-1].
    es_kpa, ea_kpa : array_like
        Saturation and actual vapour pressure [kPa].

    Returns
    -------
    numpy.ndarray
        ET0 [mm d-1].
    """
    delta = _f64(delta_kpa_c)
    gamma = _f64(gamma_kpa_c)
    u2 = _f64(u2_m_s)
    num = 0.408 * delta * (_f64(rn_mj_m2) - _f64(g_mj_m2)) + gamma * (900.0 * u2) / (
        _f64(tmean_c) + 273.0
    ) * (_f64(es_kpa) - _f64(ea_kpa))
    return num / (delta + gamma * (1.0 + 0.34 * u2))  # FAO-56 eq. 6


# -------------------------------------------------------------------- daily driver


@dataclass(frozen=True)
class Et0Components:
    """All terms of the daily FAO-56 Penman-Monteith calculation, broadcast arrays.

    Radiation in [MJ m-2 d-1], vapour pressures in [kPa], ``delta_kpa_c`` and
    ``gamma_kpa_c`` in [kPa degC-1], ``u2_m_s`` in [m s-1], ``et0_mm`` in [mm d-1].
    ``rs_source`` holds RS_MEASURED / RS_SUNSHINE / RS_TEMPERATURE and ``ea_source``
    EA_MEASURED / EA_TDEW / EA_RH_MAX_MIN / EA_RH_MAX / EA_RH_MEAN / EA_TMIN per element;
    ``wind_estimated`` is True where the 2 m/s default was used.
    """

    ra_mj_m2: np.ndarray
    rso_mj_m2: np.ndarray
    rs_mj_m2: np.ndarray
    rns_mj_m2: np.ndarray
    rnl_mj_m2: np.ndarray
    rn_mj_m2: np.ndarray
    es_kpa: np.ndarray
    ea_kpa: np.ndarray
    delta_kpa_c: np.ndarray
    gamma_kpa_c: np.ndarray
    u2_m_s: np.ndarray
    et0_mm: np.ndarray
    rs_source: np.ndarray
    ea_source: np.ndarray
    wind_estimated: np.ndarray


def _optional(x):
    return None if x is None else _f64(x)


def _check_range(name, x, lo, hi):
    """Raise InputError if any finite element of x is outside [lo, hi]."""
    if x is None:
        return
    bad = (x < lo) | (x > hi)  # NaN compares False: missing values pass
    if bad.any():
        raise InputError(
            _("{name} must be within {lo}..{hi}, got {value} at index {index}").format(
                name=name, lo=lo, hi=hi, value=x[bad].flat[0],
                index=tuple(int(i) for i in np.argwhere(bad)[0]),
            )
        )


def _check_parameters(krs, angstrom_a, angstrom_b, albedo, wind_height_m, dew_offset_c):
    if not np.all((_f64(krs) > 0.0) & (_f64(krs) < 1.0)):
        raise ParameterError(_("krs must be within 0..1 (FAO-56: 0.16 interior, 0.19 coastal)"))
    if not (0.0 <= angstrom_a and 0.0 <= angstrom_b and angstrom_a + angstrom_b <= 1.0):
        raise ParameterError(_("Angstrom coefficients must be >= 0 with a + b <= 1"))
    if not 0.0 <= albedo < 1.0:
        raise ParameterError(_("albedo must be within 0..1, got {albedo}").format(albedo=albedo))
    if not np.all(_f64(wind_height_m) > 0.1):
        raise ParameterError(_("wind measurement height must be above 0.1 m"))
    if not np.all(np.abs(_f64(dew_offset_c)) <= 10.0):
        raise ParameterError(_("dew-point offset must be within -10..10 degC"))


def _fill(current, source, candidate, code):
    """Fill NaN elements of ``current`` from ``candidate`` in place; record ``code``."""
    hole = np.isnan(current)
    take = hole & ~np.isnan(candidate)
    np.copyto(current, candidate, where=take)
    if source is not None:
        source[take] = code
    return hole.any()


_CHUNK_ELEMENTS = 1 << 15  # block size of the chunked evaluation (fits in L2 cache)


def _prepare(tmax_c, tmin_c, doy, lat_deg, elevation_m, rs_mj_m2, sunshine_h, rh_max_pct,
             rh_min_pct, rh_mean_pct, tdew_c, ea_kpa, wind_m_s, g_mj_m2):
    """Convert and validate the inputs once; return them by name and the broadcast shape."""
    a = dict(
        tmax=_f64(tmax_c), tmin=_f64(tmin_c), doy=_check_doy(doy), lat=_check_lat(lat_deg),
        elev=_f64(elevation_m), rs_in=_optional(rs_mj_m2), sun=_optional(sunshine_h),
        rhx=_optional(rh_max_pct), rhn=_optional(rh_min_pct), rhm=_optional(rh_mean_pct),
        tdew=_optional(tdew_c), ea_in=_optional(ea_kpa), wind=_optional(wind_m_s),
        g=_f64(g_mj_m2),
    )
    inverted = a["tmin"] > a["tmax"]
    if inverted.any():
        where = tuple(int(i) for i in np.argwhere(inverted)[0])
        raise InputError(
            _("Tmin ({tmin}) is above Tmax ({tmax}) at index {index}").format(
                tmin=np.broadcast_to(a["tmin"], inverted.shape)[where],
                tmax=np.broadcast_to(a["tmax"], inverted.shape)[where], index=where,
            )
        )
    for name, key in (("RHmax", "rhx"), ("RHmin", "rhn"), ("RHmean", "rhm")):
        _check_range(name, a[key], 0.0, 100.0)
    _check_range("Rs", a["rs_in"], 0.0, np.inf)
    _check_range("ea", a["ea_in"], 0.0, np.inf)
    _check_range("sunshine hours", a["sun"], 0.0, 24.0)
    _check_range("wind speed", a["wind"], 0.0, np.inf)
    _check_range("elevation", a["elev"], -500.0, 9000.0)
    shape = np.broadcast_shapes(*(x.shape for x in a.values() if x is not None))
    return a, shape


def _rows(x, shape, i0, i1):
    """Rows i0:i1 (first axis of ``shape``) of an input that broadcasts to ``shape``."""
    if x is None or x.ndim < len(shape) or x.shape[0] == 1:
        return x  # constant along the first axis
    return x[i0:i1]


def _compute(
    tmax_c, tmin_c, doy, lat_deg, elevation_m, rs_mj_m2, sunshine_h, rh_max_pct, rh_min_pct,
    rh_mean_pct, tdew_c, ea_kpa, wind_m_s, wind_height_m, krs, angstrom_a, angstrom_b, albedo,
    g_mj_m2, dew_offset_c, want_components,
):
    _check_parameters(krs, angstrom_a, angstrom_b, albedo, wind_height_m, dew_offset_c)
    a, shape = _prepare(tmax_c, tmin_c, doy, lat_deg, elevation_m, rs_mj_m2, sunshine_h,
                        rh_max_pct, rh_min_pct, rh_mean_pct, tdew_c, ea_kpa, wind_m_s, g_mj_m2)
    options = (wind_height_m, krs, angstrom_a, angstrom_b, albedo, dew_offset_c)
    size = int(np.prod(shape))
    if want_components or size <= 2 * _CHUNK_ELEMENTS or len(shape) == 0:
        return _kernel(a, shape, *options, want_components)
    # Blocked evaluation over the first axis: the same vectorised kernel on blocks of
    # about _CHUNK_ELEMENTS elements keeps every temporary in cache (no per-day loop).
    out = np.empty(shape)
    per_row = max(1, size // shape[0])
    step = max(1, _CHUNK_ELEMENTS // per_row)
    for i0 in range(0, shape[0], step):
        i1 = min(i0 + step, shape[0])
        block = {k: _rows(v, shape, i0, i1) for k, v in a.items()}
        out[i0:i1] = _kernel(block, (i1 - i0,) + shape[1:], *options, False)
    return out


def _kernel(a, shape, wind_height_m, krs, angstrom_a, angstrom_b, albedo, dew_offset_c,
            want_components):
    """FAO-56 daily calculation on validated float64 inputs ``a`` broadcasting to ``shape``."""
    tmax, tmin, doy, lat_deg, elev = a["tmax"], a["tmin"], a["doy"], a["lat"], a["elev"]
    rs_in, sun, rhx, rhn, rhm = a["rs_in"], a["sun"], a["rhx"], a["rhn"], a["rhm"]
    tdew, ea_in, wind = a["tdew"], a["ea_in"], a["wind"]

    # Radiation geometry: computed on the (usually small) shape of lat and doy only.
    ra, ws_rad = _ra_and_ws(lat_deg, doy)  # FAO-56 eqs. 21-25
    rso = clear_sky_radiation_mj_m2(ra, elev)  # FAO-56 eq. 37

    # Temperatures and vapour pressures: e°(Tmax), e°(Tmin) computed once and reused.
    e_tmax = saturation_vapour_pressure_kpa(tmax)  # FAO-56 eq. 11
    e_tmin = saturation_vapour_pressure_kpa(tmin)
    es = 0.5 * (e_tmax + e_tmin)  # FAO-56 eq. 12
    tmean = 0.5 * (tmax + tmin)  # FAO-56 eq. 9
    delta = slope_vapour_pressure_curve_kpa_c(tmean)  # FAO-56 eq. 13
    gamma = psychrometric_constant_kpa_c(atmospheric_pressure_kpa(elev))  # FAO-56 eqs. 7, 8

    # ---- solar radiation: measured, else Angstrom (eq. 35), else Hargreaves (eq. 50)
    rs_source = np.full(shape, RS_MEASURED, dtype=np.int8) if want_components else None
    if rs_in is not None:
        rs = np.array(np.broadcast_to(rs_in, shape), dtype=np.float64)
        missing = np.isnan(rs).any()
    else:
        rs = np.full(shape, np.nan)
        missing = True
    if missing and sun is not None:
        rs_sun = solar_radiation_from_sunshine_mj_m2(
            ra, sun, (24.0 / np.pi) * ws_rad, angstrom_a=angstrom_a, angstrom_b=angstrom_b
        )  # FAO-56 eqs. 34, 35
        missing = _fill(rs, rs_source, np.broadcast_to(rs_sun, shape), RS_SUNSHINE)
    if missing:
        rs_t = solar_radiation_from_temperature_mj_m2(ra, tmax, tmin, krs=krs)  # FAO-56 eq. 50
        _fill(rs, rs_source, np.broadcast_to(rs_t, shape), RS_TEMPERATURE)

    # ---- actual vapour pressure: FAO-56 ch. 3 order of preference
    ea_source = np.full(shape, EA_MEASURED, dtype=np.int8) if want_components else None
    if ea_in is not None:
        ea = np.array(np.broadcast_to(ea_in, shape), dtype=np.float64)
        missing = np.isnan(ea).any()
    else:
        ea = np.full(shape, np.nan)
        missing = True
    if missing and tdew is not None:
        cand = saturation_vapour_pressure_kpa(tdew)  # FAO-56 eq. 14
        missing = _fill(ea, ea_source, np.broadcast_to(cand, shape), EA_TDEW)
    if missing and rhx is not None and rhn is not None:
        cand = 0.005 * (e_tmin * rhx + e_tmax * rhn)  # FAO-56 eq. 17
        missing = _fill(ea, ea_source, np.broadcast_to(cand, shape), EA_RH_MAX_MIN)
    if missing and rhx is not None:
        cand = 0.01 * e_tmin * rhx  # FAO-56 eq. 18
        missing = _fill(ea, ea_source, np.broadcast_to(cand, shape), EA_RH_MAX)
    if missing and rhm is not None:
        cand = 0.01 * rhm * es  # FAO-56 eq. 19
        missing = _fill(ea, ea_source, np.broadcast_to(cand, shape), EA_RH_MEAN)
    if missing:
        if np.any(_f64(dew_offset_c) != 0.0):
            cand = actual_vapour_pressure_from_tmin_kpa(tmin, dew_offset_c=dew_offset_c)
        else:
            cand = e_tmin  # FAO-56 eq. 48 with Tdew = Tmin
        _fill(ea, ea_source, np.broadcast_to(cand, shape), EA_TMIN)

    # ---- wind: eq. 47 to 2 m, missing -> 2 m/s (FAO-56 ch. 3)
    if wind is None:
        u2 = np.full(shape, DEFAULT_WIND_2M_M_S)
        wind_estimated = np.ones(shape, dtype=bool) if want_components else None
    else:
        u2 = wind if np.all(_f64(wind_height_m) == 2.0) else wind_speed_2m_m_s(wind, wind_height_m)
        u2 = np.array(np.broadcast_to(u2, shape), dtype=np.float64)
        hole = np.isnan(u2)
        wind_estimated = hole if want_components else None
        if hole.any():
            u2[hole] = DEFAULT_WIND_2M_M_S

    # ---- net radiation
    rns = (1.0 - albedo) * rs  # FAO-56 eq. 38
    rnl = net_longwave_radiation_mj_m2(tmax, tmin, ea, rs, rso)  # FAO-56 eq. 39
    rn = rns - rnl  # FAO-56 eq. 40

    # ---- FAO-56 eq. 6, with in-place operations to limit temporaries
    num = np.subtract(rn, a["g"], out=np.empty(shape))
    num *= delta
    num *= 0.408
    aero = np.add(tmean, 273.0, out=np.empty(shape))
    np.divide(900.0 * gamma, aero, out=aero)
    aero *= u2
    aero *= es - ea
    num += aero
    den = np.multiply(0.34, u2, out=np.empty(shape))
    den += 1.0
    den *= gamma
    den += delta
    num /= den
    et0 = np.broadcast_to(num, shape)
    if not want_components:
        return et0 if et0.ndim else et0[()]

    def full(a):
        return np.broadcast_to(np.asarray(a, dtype=np.float64), shape)

    return Et0Components(
        ra_mj_m2=full(ra), rso_mj_m2=full(rso), rs_mj_m2=full(rs), rns_mj_m2=full(rns),
        rnl_mj_m2=full(rnl), rn_mj_m2=full(rn), es_kpa=full(es), ea_kpa=full(ea),
        delta_kpa_c=full(delta), gamma_kpa_c=full(gamma), u2_m_s=full(u2), et0_mm=full(et0),
        rs_source=rs_source, ea_source=ea_source, wind_estimated=np.broadcast_to(
            wind_estimated, shape),
    )


def et0_fao56_daily(
    tmax_c,
    tmin_c,
    doy,
    *,
    lat_deg,
    elevation_m,
    rs_mj_m2=None,
    sunshine_h=None,
    rh_max_pct=None,
    rh_min_pct=None,
    rh_mean_pct=None,
    tdew_c=None,
    ea_kpa=None,
    wind_m_s=None,
    wind_height_m=2.0,
    krs=KRS_INTERIOR,
    angstrom_a=ANGSTROM_A,
    angstrom_b=ANGSTROM_B,
    albedo=ALBEDO_GRASS,
    g_mj_m2=0.0,
    dew_offset_c=0.0,
):
    """Daily grass reference evapotranspiration, FAO Penman-Monteith (FAO-56 eq. 6).

    All arguments broadcast against each other, e.g. weather shaped
    ``(n_days, n_sites)``, ``doy`` shaped ``(n_days, 1)`` and ``lat_deg``,
    ``elevation_m`` shaped ``(n_sites,)``.  Missing data (argument ``None`` or NaN
    elements) follow the FAO-56 chapter 3 procedures element by element:

    * Rs: measured ``rs_mj_m2``; else Angstrom from ``sunshine_h`` (eq. 35); else
      Hargreaves from the temperature range (eq. 50, ``krs``).
    * ea: measured ``ea_kpa``; else ``tdew_c`` (eq. 14); else RHmax and RHmin
      (eq. 17); else RHmax (eq. 18); else RHmean (eq. 19); else
      Tdew = Tmin - ``dew_offset_c`` (eq. 48, Annex 6).
    * wind: converted to 2 m with eq. 47; NaN or absent -> 2 m/s.

    Parameters
    ----------
    tmax_c, tmin_c : array_like
        Daily maximum and minimum air temperature at 2 m [degC].  NaN gives NaN.
    doy : array_like
        Day of the year [1..366].
    lat_deg : array_like
        Latitude [degrees], positive north.
    elevation_m : array_like
        Station elevation [m].
    rs_mj_m2 : array_like, optional
        Incoming solar radiation [MJ m-2 d-1].
    sunshine_h : array_like, optional
        Actual sunshine duration n [hours].
    rh_max_pct, rh_min_pct, rh_mean_pct : array_like, optional
        Daily maximum, minimum and mean relative humidity [%].
    tdew_c : array_like, optional
        Dew-point temperature [degC].
    ea_kpa : array_like, optional
        Actual vapour pressure when measured or given [kPa] (used first).
    wind_m_s : array_like, optional
        Wind speed measured at ``wind_height_m`` [m s-1].
    wind_height_m : float
        Wind measurement height [m] (default 2).
    krs : float or array_like
        Hargreaves radiation coefficient [degC-0.5] (0.16 interior, 0.19 coastal).
    angstrom_a, angstrom_b : float
        Angstrom coefficients [-] (FAO-56 defaults 0.25, 0.50).
    albedo : float
        Reference surface albedo [-] (0.23).
    g_mj_m2 : array_like
        Soil heat flux [MJ m-2 d-1]; 0 for daily steps (FAO-56 eq. 42).
    dew_offset_c : float or array_like
        Ko [degC] for the Tmin-based humidity estimate (0 humid, 2-3 arid).

    Returns
    -------
    numpy.ndarray or float
        ET0 [mm d-1], broadcast shape of the inputs (a float for scalar inputs).

    Raises
    ------
    zhassyl.errors.InputError
        Tmin above Tmax, RH outside 0..100 %, negative Rs/wind/sunshine,
        latitude or day of year out of range.
    zhassyl.errors.ParameterError
        Coefficients outside their physical range.

    Examples
    --------
    FAO-56 example 18 (Uccle, Brussels, 6 July): 3.9 mm/d.

    >>> et0 = et0_fao56_daily(21.5, 12.3, 187, lat_deg=50.8, elevation_m=100,
    ...                       sunshine_h=9.25, rh_max_pct=84, rh_min_pct=63,
    ...                       wind_m_s=10 / 3.6, wind_height_m=10)
    >>> round(float(et0), 1)
    3.9
    """
    return _compute(
        tmax_c, tmin_c, doy, lat_deg, elevation_m, rs_mj_m2, sunshine_h, rh_max_pct,
        rh_min_pct, rh_mean_pct, tdew_c, ea_kpa, wind_m_s, wind_height_m, krs, angstrom_a,
        angstrom_b, albedo, g_mj_m2, dew_offset_c, False,
    )


def et0_fao56_daily_components(
    tmax_c,
    tmin_c,
    doy,
    *,
    lat_deg,
    elevation_m,
    rs_mj_m2=None,
    sunshine_h=None,
    rh_max_pct=None,
    rh_min_pct=None,
    rh_mean_pct=None,
    tdew_c=None,
    ea_kpa=None,
    wind_m_s=None,
    wind_height_m=2.0,
    krs=KRS_INTERIOR,
    angstrom_a=ANGSTROM_A,
    angstrom_b=ANGSTROM_B,
    albedo=ALBEDO_GRASS,
    g_mj_m2=0.0,
    dew_offset_c=0.0,
) -> Et0Components:
    """Same calculation as :func:`et0_fao56_daily`, returning every intermediate term.

    Parameters
    ----------
    tmax_c, tmin_c, doy, lat_deg, elevation_m, rs_mj_m2, sunshine_h, rh_max_pct, \
rh_min_pct, rh_mean_pct, tdew_c, ea_kpa, wind_m_s, wind_height_m, krs, angstrom_a, \
angstrom_b, albedo, g_mj_m2, dew_offset_c
        As for :func:`et0_fao56_daily`.

    Returns
    -------
    Et0Components
        Ra, Rso, Rs, Rns, Rnl, Rn [MJ m-2 d-1], es, ea [kPa], Delta, gamma
        [kPa degC-1], u2 [m s-1], ET0 [mm d-1] and the source codes of Rs and ea,
        all broadcast to the common shape (read-only views).
    """
    return _compute(
        tmax_c, tmin_c, doy, lat_deg, elevation_m, rs_mj_m2, sunshine_h, rh_max_pct,
        rh_min_pct, rh_mean_pct, tdew_c, ea_kpa, wind_m_s, wind_height_m, krs, angstrom_a,
        angstrom_b, albedo, g_mj_m2, dew_offset_c, True,
    )
