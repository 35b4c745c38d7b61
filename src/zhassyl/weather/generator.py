"""Seeded Richardson-type stochastic daily weather generator, vectorised over sites.

The model is WGEN (Richardson 1981; Richardson & Wright 1984):

* precipitation occurrence: a first-order two-state Markov chain with monthly
  probabilities ``p_wet_after_dry`` (P(W|D)) and ``p_wet_after_wet`` (P(W|W));
* precipitation amount on a wet day: ``0.1 mm + Gamma(shape, scale)``, i.e. a
  gamma distribution of the excess over the wet-day threshold, so that every
  generated wet day is also wet under the 0.1 mm threshold used by
  :func:`fit_parameters` (the shift keeps fitting and generating consistent);
* maximum temperature, minimum temperature and solar radiation: seasonal means
  (maximum temperature and radiation conditioned on the wet/dry state) plus a
  standard deviation times a standardised residual from the multivariate AR(1)
  process ``chi_t = A chi_{t-1} + B eps_t`` (Richardson 1981).

Seasonal cycle
    Monthly means and standard deviations are turned into daily values with a
    mean-preserving piecewise-linear interpolation: knot values at mid-month are
    solved for so that the average of the interpolated daily curve over each
    calendar month equals the monthly value exactly (Killworth 1996, the
    "time interpolation of forcing fields" correction).  It is solved separately
    for 365- and 366-day years.  Occurrence probabilities and gamma parameters
    stay constant within a month (as in WGEN).
Bounds and their bias
    ``tmin < tmax`` is enforced with a minimum diurnal range of
    :data:`MIN_DIURNAL_RANGE_C`; radiation is clipped to ``0 <= Rs <= Rso``
    (FAO-56 eq. 37).  Both operations would bias the means, so the daily means
    fed into the generator are shifted beforehand such that the *expected* value
    after the bound equals the target (closed-form moments of a censored normal
    variable, solved by safeguarded Newton iterations).  Monthly means of the
    output therefore reproduce the parameters up to sampling noise.  Daily radiation
    targets are first kept within 3-97 % of Rso; only where a target lies outside
    that band is its monthly mean not reproduced.  Because occurrence probabilities
    change at month boundaries, the chain needs a few days to reach a month's wet
    fraction; with WGEN-like persistence this shifts wet-day counts by < 1 %.
Random streams
    Every site ``i`` has three PCG64 streams, ``SeedSequence(seed, spawn_key=(i, k))``
    for occurrence (k=0), residuals (k=1) and amounts (k=2): the same seed gives
    identical output, and a site's series does not depend on how many other sites
    are generated with it (nor on the block size used to draw the numbers).
Humidity and wind
    Passed through from monthly means without day-to-day noise: relative
    humidity takes its dry-day or wet-day monthly mean (interpolated to days),
    wind speed its monthly mean (interpolated to days).

References
----------
Allen, R.G., Pereira, L.S., Raes, D., Smith, M. (1998) Crop evapotranspiration.
    FAO Irrigation and Drainage Paper 56 (FAO-56).
Geng, S., Penning de Vries, F.W.T., Supit, I. (1986) A simple method for
    generating daily rainfall data. Agric. For. Meteorol. 36, 363-376.
Killworth, P.D. (1996) Time interpolation of forcing fields in ocean models.
    J. Phys. Oceanogr. 26, 136-143.
Neitsch, S.L., Arnold, J.G., Kiniry, J.R., Williams, J.R. (2011) Soil and Water
    Assessment Tool theoretical documentation, version 2009, sect. 1:3.4-1:3.5
    (wet/dry-day adjustments after Sharpley & Williams 1990, EPIC).
Richardson, C.W. (1981) Stochastic simulation of daily precipitation,
    temperature, and solar radiation. Water Resour. Res. 17, 182-190.
Richardson, C.W., Wright, D.A. (1984) WGEN: a model for generating daily weather
    variables. USDA-ARS, ARS-8.
Thom, H.C.S. (1958) A note on the gamma distribution. Mon. Weather Rev. 86, 117-122.
Wilks, D.S. (2011) Statistical Methods in the Atmospheric Sciences, 3rd ed., sect. 4.4.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from zhassyl.errors import InputError, ParameterError
from zhassyl.i18n import _
from zhassyl.weather.et0 import (
    clear_sky_radiation_mj_m2,
    daylight_hours,
    extraterrestrial_radiation_mj_m2,
)

__all__ = [
    "WET_DAY_THRESHOLD_MM",
    "MIN_DIURNAL_RANGE_C",
    "GeneratorParameters",
    "GeneratedWeather",
    "wgen_default_matrices",
    "parameters_from_monthly",
    "fit_parameters",
    "generate",
    "expected_monthly_means",
]

# A day is wet when precipitation >= 0.1 mm (WMO/WGEN convention; Richardson & Wright 1984).
WET_DAY_THRESHOLD_MM = 0.1
# Smallest diurnal range tmax - tmin allowed in the output [degC] (assumption of this module).
MIN_DIURNAL_RANGE_C = 1.0
# Mean calendar month lengths over the 4-year leap cycle [days] (Feb = 28.25).
MEAN_DAYS_IN_MONTH = np.array([31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
# Default standard deviation of daily tmax and tmin when only monthly normals are known
# [degC]; an assumption of this module (no published source) - pass station values instead.
DEFAULT_TEMPERATURE_SD_C = 4.0
# Random numbers drawn per block of years: about this many (day, site) cells per block.
_CHUNK_ELEMENTS = 2_000_000
# Typical gamma shape of wet-day amounts (alpha < 1 typical: Wilks 2011 sect. 4.4.3;
# WGEN fits mostly 0.5-1, Richardson & Wright 1984).
DEFAULT_GAMMA_SHAPE = 0.75

# Lag-0 (M0) and lag-1 (M1) correlations of (tmax, tmin, Rs) residuals, mean of 31 US
# stations (Richardson 1982, as tabulated in Richardson & Wright 1984 and Neitsch et al.
# 2011 eqs. 1:3.4.6-1:3.4.7); A and B follow from Richardson 1981 eqs. (see below).
WGEN_M0 = np.array([[1.0, 0.633, 0.186], [0.633, 1.0, -0.193], [0.186, -0.193, 1.0]])
WGEN_M1 = np.array([[0.621, 0.445, 0.087], [0.563, 0.674, -0.100], [0.015, -0.091, 0.251]])

_MONTHLY_FIELDS = (
    "p_wet_after_dry",
    "p_wet_after_wet",
    "gamma_shape",
    "gamma_scale_mm",
    "tmax_mean_dry_c",
    "tmax_mean_wet_c",
    "tmax_sd_c",
    "tmin_mean_c",
    "tmin_sd_c",
    "rs_mean_dry_mj_m2",
    "rs_mean_wet_mj_m2",
    "rs_sd_mj_m2",
)
_OPTIONAL_MONTHLY_FIELDS = ("rh_mean_dry_pct", "rh_mean_wet_pct", "wind_m_s")


# ----------------------------------------------------------------------------- helpers


def _norm_pdf(x):
    """Standard normal density."""
    return np.exp(-0.5 * x * x) / np.sqrt(2.0 * np.pi)


def _norm_cdf(x):
    """Standard normal CDF via erf (Abramowitz & Stegun 1964 eq. 7.1.26, |error| < 1.5e-7)."""
    z = np.abs(x) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
                + t * (-1.453152027 + t * 1.061405429))))
    erf = 1.0 - poly * np.exp(-z * z)  # A&S eq. 7.1.26
    return 0.5 * (1.0 + np.sign(x) * erf)


def _calendar(year_length: int):
    """Month index of each day, day of year and the mean-preserving interpolation operator.

    Returns ``month (L,)``, ``doy (L,)`` and ``op (L, 12)`` such that ``op @ monthly``
    is a periodic piecewise-linear daily curve whose mean over every calendar month
    equals ``monthly`` (Killworth 1996).
    """
    lengths = np.array([31, 29 if year_length == 366 else 28, 31, 30, 31, 30,
                        31, 31, 30, 31, 30, 31])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    month = np.repeat(np.arange(12), lengths)
    t = np.arange(year_length) + 0.5  # day centres
    knots = starts + lengths / 2.0
    # periodic linear interpolation weights of the 12 mid-month knots
    ext = np.concatenate([[knots[-1] - year_length], knots, [knots[0] + year_length]])
    idx = np.searchsorted(ext, t, side="right") - 1
    frac = (t - ext[idx]) / (ext[idx + 1] - ext[idx])
    weights = np.zeros((year_length, 12))
    rows = np.arange(year_length)
    np.add.at(weights, (rows, (idx - 1) % 12), 1.0 - frac)
    np.add.at(weights, (rows, idx % 12), frac)
    averaging = np.zeros((12, year_length))
    averaging[month, rows] = 1.0 / lengths[month]
    # Killworth (1996): knots = (averaging @ weights)^-1 @ monthly means
    op = weights @ np.linalg.inv(averaging @ weights)
    return month, np.arange(1, year_length + 1), op


def _stationary_covariance(a, b):
    """Solve M0 = A M0 A' + B B' for each site (Richardson 1981 lag-0 covariance)."""
    n = a.shape[0]
    kron = np.einsum("sij,skl->sikjl", a, a).reshape(n, 9, 9)
    q = np.einsum("sij,skj->sik", b, b).reshape(n, 9)
    m0 = np.linalg.solve(np.eye(9)[None] - kron, q[..., None])[..., 0]
    return m0.reshape(n, 3, 3)


def wgen_default_matrices():
    """WGEN default AR(1) matrices ``A`` and ``B`` for (tmax, tmin, Rs) residuals.

    Returns
    -------
    a, b : numpy.ndarray
        ``(3, 3)`` each; ``A = M1 M0^-1`` and ``B B' = M0 - A M1'`` with ``B`` lower
        triangular (Richardson 1981), from the average correlations :data:`WGEN_M0`,
        :data:`WGEN_M1` of Richardson & Wright (1984).
    """
    a = WGEN_M1 @ np.linalg.inv(WGEN_M0)  # Richardson 1981: A = M1 M0^-1
    b = np.linalg.cholesky(WGEN_M0 - a @ WGEN_M1.T)  # Richardson 1981: BB' = M0 - A M1'
    return a, b


def _matrices_from_correlations(m0, m1):
    """A and B from lag-0/lag-1 correlations (Richardson 1981), PSD-safe."""
    a = m1 @ np.linalg.inv(m0)  # Richardson 1981: A = M1 M0^-1
    bb = m0 - a @ m1.T  # Richardson 1981: BB' = M0 - A M1'
    bb = 0.5 * (bb + bb.T)
    vals, vecs = np.linalg.eigh(bb)
    bb = (vecs * np.maximum(vals, 1e-6)) @ vecs.T  # clip tiny negative eigenvalues
    return a, np.linalg.cholesky(bb)


# ----------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class GeneratorParameters:
    """Parameters of the WGEN-type generator for ``n_sites`` sites.

    Monthly arrays are shaped ``(n_sites, 12)``, January first.

    Attributes
    ----------
    sites : tuple of str
        Site names.
    lat_deg, elevation_m : numpy.ndarray
        ``(n_sites,)`` latitude [deg, north positive] and elevation [m].
    p_wet_after_dry, p_wet_after_wet : numpy.ndarray
        Markov transition probabilities P(W|D), P(W|W) [-].
    gamma_shape, gamma_scale_mm : numpy.ndarray
        Gamma distribution of the wet-day amount in excess of
        :data:`WET_DAY_THRESHOLD_MM` (shape [-], scale [mm]).
    tmax_mean_dry_c, tmax_mean_wet_c, tmax_sd_c : numpy.ndarray
        Daily maximum temperature: mean on dry and on wet days, standard deviation [degC].
    tmin_mean_c, tmin_sd_c : numpy.ndarray
        Daily minimum temperature: mean and standard deviation [degC].
    rs_mean_dry_mj_m2, rs_mean_wet_mj_m2, rs_sd_mj_m2 : numpy.ndarray
        Solar radiation: mean on dry and wet days, standard deviation [MJ m-2 d-1].
    ar_lag1, ar_noise : numpy.ndarray
        ``(n_sites, 3, 3)`` matrices A and B of ``chi_t = A chi_{t-1} + B eps_t``
        for the (tmax, tmin, Rs) residuals (Richardson 1981).  The residuals are
        rescaled to unit stationary variance, so the ``*_sd`` attributes are honoured.
    rh_mean_dry_pct, rh_mean_wet_pct : numpy.ndarray or None
        Mean relative humidity on dry and wet days [%]; ``None`` if not known.
    wind_m_s : numpy.ndarray or None
        Mean wind speed at 2 m [m s-1]; ``None`` if not known.
    """

    sites: tuple[str, ...]
    lat_deg: np.ndarray
    elevation_m: np.ndarray
    p_wet_after_dry: np.ndarray
    p_wet_after_wet: np.ndarray
    gamma_shape: np.ndarray
    gamma_scale_mm: np.ndarray
    tmax_mean_dry_c: np.ndarray
    tmax_mean_wet_c: np.ndarray
    tmax_sd_c: np.ndarray
    tmin_mean_c: np.ndarray
    tmin_sd_c: np.ndarray
    rs_mean_dry_mj_m2: np.ndarray
    rs_mean_wet_mj_m2: np.ndarray
    rs_sd_mj_m2: np.ndarray
    ar_lag1: np.ndarray
    ar_noise: np.ndarray
    rh_mean_dry_pct: np.ndarray | None = None
    rh_mean_wet_pct: np.ndarray | None = None
    wind_m_s: np.ndarray | None = None

    def __post_init__(self) -> None:
        lat = np.atleast_1d(np.asarray(self.lat_deg, dtype=np.float64))
        n = lat.shape[0]
        object.__setattr__(self, "lat_deg", lat)
        object.__setattr__(self, "sites", tuple(str(s) for s in self.sites))
        if lat.ndim != 1 or len(self.sites) != n:
            raise ParameterError(_("sites and lat_deg must both have one entry per site"))
        expected = {"elevation_m": (n,), "ar_lag1": (n, 3, 3), "ar_noise": (n, 3, 3)}
        expected.update({name: (n, 12) for name in _MONTHLY_FIELDS + _OPTIONAL_MONTHLY_FIELDS})
        for name, shape in expected.items():
            value = getattr(self, name)
            if value is None and name in _OPTIONAL_MONTHLY_FIELDS:
                continue
            arr = np.asarray(value, dtype=np.float64)
            if arr.shape != shape:
                raise ParameterError(_("{name} must have shape {expected}, got {actual}").format(
                    name=name, expected=shape, actual=arr.shape))
            if not np.all(np.isfinite(arr)):
                raise ParameterError(_("{name} contains missing or infinite values").format(
                    name=name))
            object.__setattr__(self, name, arr)
        if (self.rh_mean_dry_pct is None) != (self.rh_mean_wet_pct is None):
            raise ParameterError(_("rh_mean_dry_pct and rh_mean_wet_pct go together"))
        for name in ("p_wet_after_dry", "p_wet_after_wet"):
            arr = getattr(self, name)
            if np.any((arr < 0.0) | (arr > 1.0)):
                raise ParameterError(_("{name} must lie between 0 and 1").format(name=name))
        if np.any(self.p_wet_after_wet >= 1.0):
            raise ParameterError(_("p_wet_after_wet must be below 1"))
        if np.any(self.gamma_shape <= 0.0) or np.any(self.gamma_scale_mm < 0.0):
            raise ParameterError(_("gamma_shape must be positive and gamma_scale_mm >= 0"))
        for name in ("tmax_sd_c", "tmin_sd_c", "rs_sd_mj_m2"):
            if np.any(getattr(self, name) < 0.0):
                raise ParameterError(_("{name} must not be negative").format(name=name))
        if np.any(self.rs_mean_dry_mj_m2 < 0.0) or np.any(self.rs_mean_wet_mj_m2 < 0.0):
            raise ParameterError(_("mean solar radiation must not be negative"))
        if np.any(np.abs(self.lat_deg) > 90.0):
            raise ParameterError(_("lat_deg must lie between -90 and 90"))
        radius = np.max(np.abs(np.linalg.eigvals(self.ar_lag1)), axis=-1)
        if np.any(radius >= 1.0):
            raise ParameterError(_("ar_lag1 must have all eigenvalues inside the unit circle"))

    @property
    def n_sites(self) -> int:
        """Number of sites."""
        return self.lat_deg.shape[0]

    def select(self, indices) -> GeneratorParameters:
        """Parameters of the sites ``indices`` (repeats allowed), in that order."""
        idx = np.asarray(indices, dtype=np.intp)
        changes = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "sites":
                changes["sites"] = tuple(self.sites[i] for i in idx)
            elif value is not None:
                changes[f.name] = value[idx]
        return replace(self, **changes)


@dataclass(frozen=True)
class GeneratedWeather:
    """Daily weather generated for ``n_sites`` sites.

    Attributes
    ----------
    dates : numpy.ndarray
        ``(n_days,)`` ``datetime64[D]``, leap days included.
    sites : tuple of str
        Site names.
    tmax_c, tmin_c : numpy.ndarray
        ``(n_days, n_sites)`` daily maximum and minimum air temperature [degC].
    precip_mm : numpy.ndarray
        ``(n_days, n_sites)`` daily precipitation [mm].
    rs_mj_m2 : numpy.ndarray
        ``(n_days, n_sites)`` solar radiation [MJ m-2 d-1].
    rso_mj_m2 : numpy.ndarray
        ``(n_days, n_sites)`` clear-sky radiation, FAO-56 eq. 37 [MJ m-2 d-1].
    rh_mean_pct, wind_m_s : numpy.ndarray or None
        ``(n_days, n_sites)`` mean relative humidity [%] and wind speed [m s-1].
    """

    dates: np.ndarray
    sites: tuple[str, ...]
    tmax_c: np.ndarray
    tmin_c: np.ndarray
    precip_mm: np.ndarray
    rs_mj_m2: np.ndarray
    rso_mj_m2: np.ndarray
    rh_mean_pct: np.ndarray | None
    wind_m_s: np.ndarray | None


# ----------------------------------------------------------------------------- input checks


def _site_vector(name, value, n=None):
    arr = np.atleast_1d(np.asarray(value, dtype=np.float64))
    if arr.ndim != 1 or (n is not None and arr.shape[0] != n):
        raise InputError(_("{name} must have one value per site ({n}), got shape {shape}").format(
            name=name, n=n, shape=arr.shape))
    if not np.all(np.isfinite(arr)):
        raise InputError(_("{name} contains missing or infinite values").format(name=name))
    return arr


def _monthly(name, value, n):
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 1 and n == 1:
        arr = arr[None, :]
    if arr.shape != (n, 12):
        raise InputError(_("{name} must have shape ({n}, 12) (sites x months), got {shape}").format(
            name=name, n=n, shape=arr.shape))
    if not np.all(np.isfinite(arr)):
        raise InputError(_("{name} contains missing or infinite values").format(name=name))
    return arr


def _first_bad(mask):
    site, month = np.argwhere(mask)[0]
    return int(site), int(month) + 1


def _site_names(sites, n):
    if sites is None:
        return tuple(f"site{i + 1}" for i in range(n))
    names = tuple(str(s) for s in ([sites] if isinstance(sites, str) else sites))
    if len(names) != n:
        raise InputError(_("sites must name each of the {n} sites, got {m} names").format(
            n=n, m=len(names)))
    return names


def _monthly_radiation_geometry(lat_deg, elevation_m):
    """Month means of Ra, Rso (FAO-56 eqs. 21, 37) and N (eq. 34) over a 365-day year."""
    month, doy, _op = _calendar(365)
    ra = extraterrestrial_radiation_mj_m2(lat_deg[None, :], doy[:, None])  # FAO-56 eq. 21
    rso = clear_sky_radiation_mj_m2(ra, elevation_m[None, :])  # FAO-56 eq. 37
    daylight = daylight_hours(lat_deg[None, :], doy[:, None])  # FAO-56 eq. 34
    counts = np.bincount(month, minlength=12)

    def month_mean(x):
        out = np.zeros((12, x.shape[1]))
        np.add.at(out, month, x)
        return (out / counts[:, None]).T

    return month_mean(ra), month_mean(rso), month_mean(daylight)


# ----------------------------------------------------------------------------- parameters


def parameters_from_monthly(
    *,
    lat_deg,
    elevation_m,
    tmax_c,
    tmin_c,
    precip_mm,
    wet_days,
    rs_mj_m2=None,
    sunshine_h=None,
    rh_mean_pct=None,
    wind_m_s=None,
    sites=None,
    tmax_sd_c=None,
    tmin_sd_c=None,
    gamma_shape: float = DEFAULT_GAMMA_SHAPE,
    angstrom_as: float = 0.25,
    angstrom_bs: float = 0.50,
    hargreaves_krs: float = 0.16,
    wet_tmax_factor: float = 0.5,
    wet_rs_factor: float = 0.5,
    wet_rh_factor: float = 0.9,
) -> GeneratorParameters:
    """Derive generator parameters from monthly climate normals.

    Parameters
    ----------
    lat_deg, elevation_m : array_like
        ``(n_sites,)`` latitude [deg] and elevation [m] (scalars for one site).
    tmax_c, tmin_c : array_like
        ``(n_sites, 12)`` mean daily maximum / minimum temperature [degC].
    precip_mm : array_like
        ``(n_sites, 12)`` mean monthly precipitation total [mm].
    wet_days : array_like
        ``(n_sites, 12)`` mean number of days with precipitation >= 0.1 mm.
    rs_mj_m2 : array_like, optional
        ``(n_sites, 12)`` mean daily solar radiation [MJ m-2 d-1].
    sunshine_h : array_like, optional
        ``(n_sites, 12)`` mean daily bright sunshine duration n [h]; used through
        the Angstrom formula (FAO-56 eq. 35) when ``rs_mj_m2`` is not given.
        Without either, Rs follows Hargreaves' formula (FAO-56 eq. 50).
    rh_mean_pct, wind_m_s : array_like, optional
        ``(n_sites, 12)`` monthly mean relative humidity [%] and wind speed [m s-1].
    sites : sequence of str, optional
        Site names (default ``site1``, ``site2``, ...).
    tmax_sd_c, tmin_sd_c : array_like, optional
        Standard deviation of daily tmax / tmin [degC]; default
        :data:`DEFAULT_TEMPERATURE_SD_C` (an assumption, give station values if known).
    gamma_shape : float
        Shape of wet-day amounts (default 0.75, typical value, Wilks 2011 sect. 4.4.3).
    angstrom_as, angstrom_bs : float
        Angstrom coefficients (FAO-56 eq. 35 defaults 0.25, 0.50).
    hargreaves_krs : float
        Hargreaves radiation coefficient (FAO-56 eq. 50; 0.16 interior, 0.19 coastal).
    wet_tmax_factor, wet_rs_factor, wet_rh_factor : float
        Wet/dry-day scaling factors bT, bR, bH (Neitsch et al. 2011 eqs. 1:3.4.15,
        1:3.4.20, 1:3.5.9; all SWAT defaults).

    Returns
    -------
    GeneratorParameters

    Notes
    -----
    With the monthly wet-day fraction ``f = wet_days / days_in_month`` the Markov
    probabilities are ``P(W|D) = 0.75 f`` and ``P(W|W) = 0.25 + 0.75 f`` (Geng et
    al. 1986); their stationary wet fraction ``P(W|D) / (1 - P(W|W) + P(W|D))`` is
    exactly ``f``.  The gamma scale is ``(precip/wet_days - 0.1 mm) / shape`` so the
    mean wet-day amount is reproduced.  Wet-day tmax is ``bT (tmax - tmin)`` below the
    dry-day value and wet-day Rs is ``bR`` times the dry-day value, with dry-day values
    solved from the monthly continuity equation (Neitsch et al. 2011 eqs.
    1:3.4.14-1:3.4.21).  The Rs standard deviation is ``(Rso - Rs) / 4`` (Neitsch et
    al. 2011 eq. 1:3.4.13, with Rso of FAO-56 eq. 37 as the largest possible value).
    Residual correlations are WGEN's defaults (:func:`wgen_default_matrices`).
    """
    lat = _site_vector("lat_deg", lat_deg)
    n = lat.shape[0]
    elev = _site_vector("elevation_m", elevation_m, n)
    if np.any(np.abs(lat) > 90.0):
        raise InputError(_("lat_deg must lie between -90 and 90"))
    tmax = _monthly("tmax_c", tmax_c, n)
    tmin = _monthly("tmin_c", tmin_c, n)
    precip = _monthly("precip_mm", precip_mm, n)
    wet = _monthly("wet_days", wet_days, n)
    names = _site_names(sites, n)
    if np.any(tmin >= tmax):
        s, m = _first_bad(tmin >= tmax)
        raise InputError(_("tmin_c must be below tmax_c (site {site}, month {month})").format(
            site=names[s], month=m))
    if np.any(precip < 0.0):
        s, m = _first_bad(precip < 0.0)
        raise InputError(_("precip_mm must not be negative (site {site}, month {month})").format(
            site=names[s], month=m))
    if np.any(wet < 0.0) or np.any(wet > MEAN_DAYS_IN_MONTH):
        s, m = _first_bad((wet < 0.0) | (wet > MEAN_DAYS_IN_MONTH))
        raise InputError(_(
            "wet_days must lie between 0 and the days in the month "
            "(site {site}, month {month}: {value})").format(
            site=names[s], month=m, value=wet[s, m - 1]))
    mean_amount = np.divide(precip, wet, out=np.zeros_like(precip), where=wet > 0)
    bad = ((wet > 0) & (mean_amount <= WET_DAY_THRESHOLD_MM)) | ((wet == 0) & (precip > 0))
    if np.any(bad):
        s, m = _first_bad(bad)
        raise InputError(_(
            "precip_mm / wet_days must exceed {threshold} mm on wet days "
            "(site {site}, month {month})").format(
            threshold=WET_DAY_THRESHOLD_MM, site=names[s], month=m))
    if not gamma_shape > 0.0:
        raise InputError(_("gamma_shape must be positive"))

    frac = wet / MEAN_DAYS_IN_MONTH
    p01 = 0.75 * frac  # Geng et al. 1986: P(W|D) = 0.75 f
    p11 = np.where(wet > 0, 0.25 + p01, 0.0)  # Geng et al. 1986: P(W|W) = 0.25 + P(W|D)
    p11 = np.minimum(p11, 0.999)  # a month wet every day still needs an exit from W
    shape = np.full((n, 12), float(gamma_shape))
    scale = np.maximum(mean_amount - WET_DAY_THRESHOLD_MM, 0.0) / shape

    ra, rso, daylight = _monthly_radiation_geometry(lat, elev)
    if rs_mj_m2 is not None:
        rs = _monthly("rs_mj_m2", rs_mj_m2, n)
    elif sunshine_h is not None:
        sun = _monthly("sunshine_h", sunshine_h, n)
        if np.any(sun < 0.0) or np.any(sun > daylight + 0.05):
            s, m = _first_bad((sun < 0.0) | (sun > daylight + 0.05))
            raise InputError(_(
                "sunshine_h must lie between 0 and the day length "
                "(site {site}, month {month})").format(site=names[s], month=m))
        rs = (angstrom_as + angstrom_bs * np.minimum(sun / daylight, 1.0)) * ra  # FAO-56 eq. 35
    else:
        rs = hargreaves_krs * np.sqrt(tmax - tmin) * ra  # FAO-56 eq. 50
        rs = np.minimum(rs, 0.9 * rso)  # eq. 50 can exceed Rso for very dry air
    if np.any(rs < 0.0) or np.any(rs > rso):
        s, m = _first_bad((rs < 0.0) | (rs > rso))
        raise InputError(_(
            "rs_mj_m2 must lie between 0 and the clear-sky radiation Rso "
            "(site {site}, month {month})").format(site=names[s], month=m))

    dry = 1.0 - frac
    # Neitsch et al. 2011 eqs. 1:3.4.14-15: tmax_wet = tmax_dry - bT (tmax - tmin)
    tmax_dry = tmax + wet_tmax_factor * (tmax - tmin) * frac
    tmax_wet = tmax_dry - wet_tmax_factor * (tmax - tmin)
    # Neitsch et al. 2011 eqs. 1:3.4.19-21: rs_wet = bR rs_dry
    rs_dry = rs / (wet_rs_factor * frac + dry)
    rs_wet = wet_rs_factor * rs_dry
    rs_sd = np.maximum(rso - rs, 0.0) / 4.0  # Neitsch et al. 2011 eq. 1:3.4.13

    def sd(name, value):
        if value is None:
            return np.full((n, 12), DEFAULT_TEMPERATURE_SD_C)
        arr = np.broadcast_to(np.asarray(value, dtype=np.float64), (n, 12)).copy()
        if np.any(arr < 0) or not np.all(np.isfinite(arr)):
            raise InputError(_("{name} must be finite and not negative").format(name=name))
        return arr

    rh_dry = rh_wet = None
    if rh_mean_pct is not None:
        rh = _monthly("rh_mean_pct", rh_mean_pct, n)
        if np.any((rh < 0.0) | (rh > 100.0)):
            s, m = _first_bad((rh < 0.0) | (rh > 100.0))
            raise InputError(_("rh_mean_pct must lie between 0 and 100 "
                               "(site {site}, month {month})").format(site=names[s], month=m))
        h = rh / 100.0
        # Neitsch et al. 2011 eqs. 1:3.5.8-10: h_wet = h_dry + bH (1 - h_dry)
        h_dry = (h - wet_rh_factor * frac) / (1.0 - wet_rh_factor * frac)
        h_dry = np.clip(h_dry, 0.01, 1.0)  # only when rh < bH f; mean then not exact
        rh_dry = 100.0 * h_dry
        rh_wet = 100.0 * (h_dry + wet_rh_factor * (1.0 - h_dry))
    wind = None
    if wind_m_s is not None:
        wind = _monthly("wind_m_s", wind_m_s, n)
        if np.any(wind < 0.0):
            s, m = _first_bad(wind < 0.0)
            raise InputError(_("wind_m_s must not be negative (site {site}, month {month})")
                             .format(site=names[s], month=m))

    a, b = wgen_default_matrices()
    return GeneratorParameters(
        sites=names, lat_deg=lat, elevation_m=elev,
        p_wet_after_dry=p01, p_wet_after_wet=p11, gamma_shape=shape, gamma_scale_mm=scale,
        tmax_mean_dry_c=tmax_dry, tmax_mean_wet_c=tmax_wet, tmax_sd_c=sd("tmax_sd_c", tmax_sd_c),
        tmin_mean_c=tmin, tmin_sd_c=sd("tmin_sd_c", tmin_sd_c),
        rs_mean_dry_mj_m2=rs_dry, rs_mean_wet_mj_m2=rs_wet, rs_sd_mj_m2=rs_sd,
        ar_lag1=np.broadcast_to(a, (n, 3, 3)).copy(), ar_noise=np.broadcast_to(b, (n, 3, 3)).copy(),
        rh_mean_dry_pct=rh_dry, rh_mean_wet_pct=rh_wet, wind_m_s=wind,
    )


def expected_monthly_means(params: GeneratorParameters) -> dict[str, np.ndarray]:
    """Long-run monthly means implied by a parameter set, each ``(n_sites, 12)``.

    Keys: ``wet_days`` (per month of mean length, Feb 28.25 d), ``precip_mm`` (monthly
    total), ``tmax_c``, ``tmin_c``, ``rs_mj_m2`` (daily means).  The wet fraction is the
    stationary probability of the Markov chain, ``P(W|D) / (1 - P(W|W) + P(W|D))``
    (Richardson & Wright 1984).
    """
    p01, p11 = params.p_wet_after_dry, params.p_wet_after_wet
    denom = 1.0 - p11 + p01
    frac = np.divide(p01, denom, out=np.zeros_like(p01), where=denom > 0)
    wet = frac * MEAN_DAYS_IN_MONTH
    amount = WET_DAY_THRESHOLD_MM + params.gamma_shape * params.gamma_scale_mm
    return {
        "wet_days": wet,
        "precip_mm": wet * amount,
        "tmax_c": (1 - frac) * params.tmax_mean_dry_c + frac * params.tmax_mean_wet_c,
        "tmin_c": params.tmin_mean_c.copy(),
        "rs_mj_m2": (1 - frac) * params.rs_mean_dry_mj_m2 + frac * params.rs_mean_wet_mj_m2,
    }


# ----------------------------------------------------------------------------- fitting


def _daily_series(name, value, n_days, n_sites=None, allow_nan=True):
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[0] != n_days or (n_sites is not None and arr.shape[1] != n_sites):
        raise InputError(_("{name} must have shape ({n_days},) or ({n_days}, n_sites) matching "
                           "dates, got {shape}").format(name=name, n_days=n_days,
                                                        shape=np.shape(value)))
    if np.any(np.isinf(arr)) or (not allow_nan and np.any(np.isnan(arr))):
        raise InputError(_("{name} contains infinite values").format(name=name))
    return arr


def _group_mean(values, mask, month):
    """Mean of ``values[mask]`` per month and site -> ``(n_sites, 12)`` and counts."""
    valid = mask & np.isfinite(values)
    sums = np.zeros((12, values.shape[1]))
    counts = np.zeros((12, values.shape[1]))
    np.add.at(sums, month, np.where(valid, values, 0.0))
    np.add.at(counts, month, valid.astype(np.float64))
    mean = np.divide(sums, counts, out=np.full_like(sums, np.nan), where=counts > 0)
    return mean.T, counts.T


def _mean(values, mask, month):
    """Monthly mean of ``values[mask]``, ``(n_sites, 12)`` (NaN where no data)."""
    return _group_mean(values, mask, month)[0]


def _count(mask, month):
    """Monthly count of ``mask``, ``(n_sites, 12)``."""
    return _group_mean(np.zeros(mask.shape), mask, month)[1]


def _daily_curves(monthly, dates):
    """Mean-preserving daily curves of ``(n_sites, 12)`` monthly values at ``dates``."""
    years = dates.astype("datetime64[Y]")
    doy0 = (dates - years.astype("datetime64[D]")).astype(np.int64)
    year_num = years.astype(np.int64) + 1970
    leap = (year_num % 4 == 0) & ((year_num % 100 != 0) | (year_num % 400 == 0))
    out = np.empty((dates.shape[0], monthly.shape[0]))
    for length, sel in ((365, ~leap), (366, leap)):
        if np.any(sel):
            op = _calendar(length)[2]
            out[sel] = (op @ monthly.T)[doy0[sel]]
    return out


def fit_parameters(
    dates,
    tmax_c,
    tmin_c,
    precip_mm,
    *,
    lat_deg,
    elevation_m,
    rs_mj_m2=None,
    rh_mean_pct=None,
    wind_m_s=None,
    sites=None,
    gamma_method: str = "moments",
    hargreaves_krs: float = 0.16,
) -> GeneratorParameters:
    """Fit generator parameters to observed daily series.

    Parameters
    ----------
    dates : array_like
        ``(n_days,)`` consecutive calendar days (anything ``numpy.datetime64`` accepts).
    tmax_c, tmin_c, precip_mm : array_like
        ``(n_days,)`` or ``(n_days, n_sites)`` daily values [degC, degC, mm]; NaN marks
        a missing value.
    lat_deg, elevation_m : array_like
        ``(n_sites,)`` latitude [deg] and elevation [m].
    rs_mj_m2 : array_like, optional
        Daily solar radiation [MJ m-2 d-1]; default Hargreaves (FAO-56 eq. 50).
    rh_mean_pct, wind_m_s : array_like, optional
        Daily mean relative humidity [%] and wind speed [m s-1].
    sites : sequence of str, optional
        Site names.
    gamma_method : {"moments", "thom"}
        Gamma fit of wet-day excess amounts: method of moments (Wilks 2011 sect. 4.4.3)
        or Thom's (1958) approximation to the maximum-likelihood shape.
    hargreaves_krs : float
        FAO-56 eq. 50 coefficient, used only without ``rs_mj_m2``.

    Returns
    -------
    GeneratorParameters

    Notes
    -----
    A day is wet when precipitation >= :data:`WET_DAY_THRESHOLD_MM`.  Transition
    probabilities are counted by the month of the second day of each pair.  Means are
    monthly means by state; standard deviations and the lag-0/lag-1 correlations of the
    standardised residuals are taken about the same mean-preserving daily curves the
    generator uses, and A, B follow Richardson (1981).
    """
    dates = np.asarray(dates, dtype="datetime64[D]")
    if dates.ndim != 1 or dates.shape[0] < 2:
        raise InputError(_("dates must be a one-dimensional series of at least two days"))
    if np.any(np.diff(dates) != np.timedelta64(1, "D")):
        raise InputError(_("dates must be consecutive days without gaps (fill gaps with NaN)"))
    n_days = dates.shape[0]
    tmax = _daily_series("tmax_c", tmax_c, n_days)
    n = tmax.shape[1]
    tmin = _daily_series("tmin_c", tmin_c, n_days, n)
    precip = _daily_series("precip_mm", precip_mm, n_days, n)
    lat = _site_vector("lat_deg", lat_deg, n)
    elev = _site_vector("elevation_m", elevation_m, n)
    names = _site_names(sites, n)
    if np.any(precip < 0.0):
        row, site = np.argwhere(precip < 0.0)[0]
        raise InputError(_("precip_mm must not be negative (site {site}, date {date})").format(
            site=names[site], date=dates[row]))
    if np.any(tmin > tmax):
        row, site = np.argwhere(tmin > tmax)[0]
        raise InputError(_("tmin_c must not exceed tmax_c (site {site}, date {date})").format(
            site=names[site], date=dates[row]))
    if gamma_method not in ("moments", "thom"):
        raise InputError(_("gamma_method must be 'moments' or 'thom'"))

    month = dates.astype("datetime64[M]").astype(np.int64) % 12
    doy = (dates - dates.astype("datetime64[Y]").astype("datetime64[D]")).astype(np.int64) + 1
    ra = extraterrestrial_radiation_mj_m2(lat[None, :], doy[:, None])  # FAO-56 eq. 21
    if rs_mj_m2 is None:
        rs = hargreaves_krs * np.sqrt(np.maximum(tmax - tmin, 0.0)) * ra  # FAO-56 eq. 50
    else:
        rs = _daily_series("rs_mj_m2", rs_mj_m2, n_days, n)
        if np.any(rs < 0.0):
            raise InputError(_("rs_mj_m2 must not be negative"))

    has_p = np.isfinite(precip)
    wet = has_p & (precip >= WET_DAY_THRESHOLD_MM)
    dry = has_p & ~wet
    everyday = np.ones_like(wet)

    # Markov chain transition counts (Richardson & Wright 1984)
    pair = has_p[1:] & has_p[:-1]
    m2 = month[1:]
    n_from_dry = _count(pair & dry[:-1], m2)
    n_from_wet = _count(pair & wet[:-1], m2)
    n_dw = _count(pair & dry[:-1] & wet[1:], m2)
    n_ww = _count(pair & wet[:-1] & wet[1:], m2)
    p01 = np.divide(n_dw, n_from_dry, out=np.zeros_like(n_dw), where=n_from_dry > 0)
    p11 = np.divide(n_ww, n_from_wet, out=np.zeros_like(n_ww), where=n_from_wet > 0)
    p11 = np.minimum(p11, 0.999)

    # Gamma of excess wet-day amounts
    excess = np.where(wet, precip - WET_DAY_THRESHOLD_MM, np.nan)
    mean_x, count_x = _group_mean(excess, wet, month)
    mean_x2 = _mean(excess**2, wet, month)
    var_x = (mean_x2 - mean_x**2) * count_x / np.maximum(count_x - 1, 1)
    if gamma_method == "moments":
        shape = np.divide(mean_x**2, var_x, out=np.full_like(mean_x, np.nan),
                          where=var_x > 0)  # Wilks 2011: alpha = mean^2 / var
    else:
        log_x = _mean(np.log(np.maximum(excess, 0.01)), wet, month)
        d = np.log(np.maximum(mean_x, 0.01)) - log_x
        d = np.maximum(d, 1e-6)
        shape = (1.0 + np.sqrt(1.0 + 4.0 * d / 3.0)) / (4.0 * d)  # Thom 1958
    few = ~(count_x >= 3) | ~np.isfinite(shape)
    shape = np.where(few, DEFAULT_GAMMA_SHAPE, shape)
    scale = np.where(count_x > 0, np.nan_to_num(mean_x) / shape, 0.0)  # mean = shape * scale

    def state_means(values):
        all_mean = _mean(values, everyday, month)
        dry_mean = _mean(values, dry, month)
        wet_mean = _mean(values, wet, month)
        dry_mean = np.where(np.isfinite(dry_mean), dry_mean, all_mean)
        wet_mean = np.where(np.isfinite(wet_mean), wet_mean, dry_mean)
        return dry_mean, wet_mean

    tmax_dry, tmax_wet = state_means(tmax)
    tmin_mean = _mean(tmin, everyday, month)
    rs_dry, rs_wet = state_means(rs)
    for name, arr in (("tmax_c", tmax_dry), ("tmin_c", tmin_mean), ("rs_mj_m2", rs_dry)):
        if not np.all(np.isfinite(arr)):
            s, m = _first_bad(~np.isfinite(arr))
            raise InputError(_("{name} has no data in month {month} at site {site}").format(
                name=name, month=m, site=names[s]))

    # residuals about the generator's own daily curves (Richardson 1981)
    def residual(values, dry_m, wet_m):
        curve_dry = _daily_curves(dry_m, dates)
        curve_wet = _daily_curves(wet_m, dates)
        return values - np.where(wet, curve_wet, curve_dry)

    res = [residual(tmax, tmax_dry, tmax_wet), residual(tmin, tmin_mean, tmin_mean),
           residual(rs, rs_dry, rs_wet)]
    sds = []
    for r in res:
        ms = _mean(r**2, everyday, month)
        sds.append(np.sqrt(np.nan_to_num(ms)))
    z = np.stack([np.divide(r, np.maximum(_daily_curves(s, dates), 1e-6)) for r, s in
                  zip(res, sds, strict=True)], axis=-1)  # (n_days, n_sites, 3)

    a = np.empty((n, 3, 3))
    b = np.empty((n, 3, 3))
    for i in range(n):
        zi = z[:, i, :]
        ok = np.all(np.isfinite(zi), axis=1)
        ok_pair = ok[1:] & ok[:-1]
        if ok_pair.sum() < 30:
            a[i], b[i] = wgen_default_matrices()
            continue
        z0 = zi[ok]
        std0 = z0.std(axis=0)
        m0 = np.corrcoef(z0.T)
        cur, prev = zi[1:][ok_pair], zi[:-1][ok_pair]
        cur = (cur - cur.mean(axis=0)) / std0
        prev = (prev - prev.mean(axis=0)) / std0
        m1 = cur.T @ prev / cur.shape[0]  # M1[j, k] = corr(z_t[j], z_{t-1}[k])
        a[i], b[i] = _matrices_from_correlations(m0, m1)

    rh_dry = rh_wet = None
    if rh_mean_pct is not None:
        rh = _daily_series("rh_mean_pct", rh_mean_pct, n_days, n)
        rh_dry, rh_wet = state_means(rh)
        rh_dry = np.nan_to_num(rh_dry, nan=50.0)
        rh_wet = np.where(np.isfinite(rh_wet), rh_wet, rh_dry)
    wind = None
    if wind_m_s is not None:
        wind_daily = _daily_series("wind_m_s", wind_m_s, n_days, n)
        wind = _mean(wind_daily, everyday, month)

    return GeneratorParameters(
        sites=names, lat_deg=lat, elevation_m=elev,
        p_wet_after_dry=p01, p_wet_after_wet=p11, gamma_shape=shape, gamma_scale_mm=scale,
        tmax_mean_dry_c=tmax_dry, tmax_mean_wet_c=tmax_wet, tmax_sd_c=sds[0],
        tmin_mean_c=tmin_mean, tmin_sd_c=sds[1],
        rs_mean_dry_mj_m2=rs_dry, rs_mean_wet_mj_m2=rs_wet, rs_sd_mj_m2=sds[2],
        ar_lag1=a, ar_noise=b, rh_mean_dry_pct=rh_dry, rh_mean_wet_pct=rh_wet, wind_m_s=wind,
    )


# ----------------------------------------------------------------------------- bias corrections


def _censored_mean_shift(target, sd, upper, iterations=60):
    """Mean ``mu`` of N(mu, sd) whose value clipped to [0, upper] has mean ``target``.

    Expectation of a normal variable censored at 0 and ``upper`` (closed form), inverted
    by safeguarded Newton iterations; ``target`` must lie strictly inside (0, upper).
    """
    sd = np.maximum(sd, 1e-9)
    lo = -10.0 * sd - 1.0
    hi = upper + 10.0 * sd + 1.0
    mu = target.copy()
    for _i in range(iterations):
        alpha = -mu / sd
        beta = (upper - mu) / sd
        cdf_a, cdf_b = _norm_cdf(alpha), _norm_cdf(beta)
        # E[clip(X, 0, U)] = U (1 - Phi(b)) + mu (Phi(b) - Phi(a)) + sd (phi(a) - phi(b))
        mean = upper * (1.0 - cdf_b) + mu * (cdf_b - cdf_a) + sd * (
            _norm_pdf(alpha) - _norm_pdf(beta))
        err = mean - target
        if np.max(np.abs(err)) < 1e-7:
            break
        lo = np.where(err < 0, mu, lo)
        hi = np.where(err > 0, mu, hi)
        step = mu - err / np.maximum(cdf_b - cdf_a, 1e-12)
        mu = np.where((step > lo) & (step < hi), step, 0.5 * (lo + hi))
    return mu


def _diurnal_range_shift(range_c, sd_range_c, min_range_c, iterations=30):
    """Half-shift ``g/2`` that offsets the bias of enforcing ``tmax - tmin >= min_range``.

    The raw range is D ~ N(range - g, sd); raising D to ``min_range`` adds
    ``E[(min_range - D)+] / 2`` to tmax and removes it from tmin, so the means are
    lowered/raised by ``g/2`` with ``g = E[(min_range - D)+]`` (normal partial expectation
    ``sd (phi(u) + u Phi(u))``, ``u = (min_range - m) / sd``), solved by Newton.
    """
    sd = np.maximum(sd_range_c, 1e-9)
    g = np.zeros_like(range_c)
    for _i in range(iterations):
        u = (min_range_c - (range_c - g)) / sd
        cdf = _norm_cdf(u)
        h = g - sd * (_norm_pdf(u) + u * cdf)
        if np.max(np.abs(h)) < 1e-9:
            break
        g = g - h / (1.0 - cdf + 1e-12)
    return 0.5 * g


# ----------------------------------------------------------------------------- generation


def _year_tables(params: GeneratorParameters, year_length: int, rho_12: np.ndarray):
    """Daily parameter tables ``(L, n_sites)`` of one calendar type, bias-corrected."""
    month, doy, op = _calendar(year_length)

    def daily(monthly):
        return op @ monthly.T

    def step(monthly):
        return monthly.T[month]

    ra = extraterrestrial_radiation_mj_m2(params.lat_deg[None, :], doy[:, None])  # FAO-56 eq. 21
    rso = clear_sky_radiation_mj_m2(ra, params.elevation_m[None, :])  # FAO-56 eq. 37
    t = {"month": month, "rso": rso}
    t["p01"] = step(params.p_wet_after_dry)
    t["p11"] = step(params.p_wet_after_wet)
    t["shape"] = step(params.gamma_shape)
    t["scale"] = step(params.gamma_scale_mm)
    sd_x = np.maximum(daily(params.tmax_sd_c), 0.0)
    sd_n = np.maximum(daily(params.tmin_sd_c), 0.0)
    sd_r = np.maximum(daily(params.rs_sd_mj_m2), 0.0)
    t["sd_x"], t["sd_n"], t["sd_r"] = sd_x, sd_n, sd_r
    tmin = daily(params.tmin_mean_c)
    sd_range = np.sqrt(np.maximum(sd_x**2 + sd_n**2 - 2.0 * rho_12 * sd_x * sd_n, 0.0))
    for state, tmax_m, rs_m in (("dry", params.tmax_mean_dry_c, params.rs_mean_dry_mj_m2),
                                ("wet", params.tmax_mean_wet_c, params.rs_mean_wet_mj_m2)):
        tmax = daily(tmax_m)
        half = _diurnal_range_shift(tmax - tmin, sd_range, MIN_DIURNAL_RANGE_C)
        t["mx_" + state] = tmax - half
        t["mn_" + state] = tmin + half
        # targets kept inside (3 %, 97 %) of Rso so that the clipped mean is attainable
        target = np.clip(daily(rs_m), 0.03 * rso, 0.97 * rso)
        t["mr_" + state] = _censored_mean_shift(target, sd_r, rso)
    if params.rh_mean_dry_pct is not None:
        t["rh_dry"] = np.clip(daily(params.rh_mean_dry_pct), 0.0, 100.0)
        t["rh_wet"] = np.clip(daily(params.rh_mean_wet_pct), 0.0, 100.0)
    if params.wind_m_s is not None:
        t["wind"] = np.maximum(daily(params.wind_m_s), 0.0)
    return t


def generate(
    params: GeneratorParameters, *, years: int, seed: int, start_year: int = 2001
) -> GeneratedWeather:
    """Generate daily weather for every site of ``params``.

    Parameters
    ----------
    params : GeneratorParameters
        Parameter set of ``n_sites`` sites.
    years : int
        Number of calendar years to generate (>= 1).
    seed : int
        Non-negative seed; site ``i`` uses the PCG64 streams
        ``SeedSequence(seed, spawn_key=(i, k))``, k = 0, 1, 2.
    start_year : int
        First calendar year; leap years follow the Gregorian calendar.

    Returns
    -------
    GeneratedWeather
        Arrays shaped ``(n_days, n_sites)``.

    Notes
    -----
    Occurrence (Markov chain) and residuals (AR(1), Richardson 1981) are stepped day by
    day, vectorised over sites; everything else is computed one year at a time.  The
    Markov chain and the residuals start from their stationary distributions.
    """
    if not isinstance(params, GeneratorParameters):
        raise InputError(_("params must be a GeneratorParameters instance"))
    if isinstance(years, bool) or not isinstance(years, int | np.integer) or years < 1:
        raise InputError(_("years must be a positive integer"))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(_("seed must be a non-negative integer"))
    if not isinstance(start_year, int | np.integer) or not 1 <= start_year <= 9000:
        raise InputError(_("start_year must be an integer year between 1 and 9000"))

    n = params.n_sites
    a = params.ar_lag1
    b = params.ar_noise
    m0 = _stationary_covariance(a, b)
    scale = np.sqrt(np.diagonal(m0, axis1=1, axis2=2))  # (n, 3): unit-variance residuals
    rho_12 = (m0[:, 0, 1] / (scale[:, 0] * scale[:, 1]))[None, :]
    # one PCG64 stream per site and process: occurrence (0), residuals (1), amounts (2)
    streams = [[np.random.Generator(np.random.PCG64(
        np.random.SeedSequence(int(seed), spawn_key=(i, k)))) for i in range(n)]
        for k in range(3)]

    start = np.datetime64(f"{int(start_year):04d}-01-01", "D")
    stop = np.datetime64(f"{int(start_year) + years:04d}-01-01", "D")
    dates = np.arange(start, stop, dtype="datetime64[D]")
    n_days = dates.shape[0]
    out = {k: np.empty((n_days, n)) for k in ("tmax", "tmin", "precip", "rs", "rso")}
    has_rh = params.rh_mean_dry_pct is not None
    has_wind = params.wind_m_s is not None
    if has_rh:
        out["rh"] = np.empty((n_days, n))
    if has_wind:
        out["wind"] = np.empty((n_days, n))

    # stationary start: chain state from January's wet fraction, residual ~ N(0, M0)
    p01, p11 = params.p_wet_after_dry[:, 0], params.p_wet_after_wet[:, 0]
    denom = 1.0 - p11 + p01
    frac0 = np.divide(p01, denom, out=np.zeros(n), where=denom > 0)
    wet_prev = np.array([rng.random() for rng in streams[0]]) < frac0
    chol0 = np.linalg.cholesky(m0 + 1e-12 * np.eye(3))
    chi = np.einsum("sij,sj->is", chol0, np.array([rng.standard_normal(3) for rng in streams[1]]))
    shared_a = bool(np.all(a == a[:1]) and np.all(b == b[:1]))
    a_0, b_0 = a[0], b[0]
    a_sites, b_sites = a.transpose(1, 2, 0), b.transpose(1, 2, 0)  # (3, 3, n)

    lengths = [366 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 365
               for y in range(int(start_year), int(start_year) + years)]
    tables = {length: _year_tables(params, length, rho_12) for length in set(lengths)}
    years_per_chunk = max(1, _CHUNK_ELEMENTS // (366 * n))
    row = 0
    for first in range(0, years, years_per_chunk):
        chunk = lengths[first:first + years_per_chunk]
        total = sum(chunk)

        def cat(key, chunk=chunk):
            return np.concatenate([tables[length][key] for length in chunk])

        # site-major draws (contiguous per stream), consumed day by day
        uniform_sites = np.empty((n, total))
        eps_sites = np.empty((n, total, 3))
        for i in range(n):
            streams[0][i].random(out=uniform_sites[i])
            streams[1][i].standard_normal(out=eps_sites[i])
        uniform = np.ascontiguousarray(uniform_sites.T)
        wet = np.empty((total, n), dtype=bool)
        resid = np.empty((total, 3, n))
        p01_c, p11_c = cat("p01"), cat("p11")
        for d in range(total):
            wet_prev = uniform[d] < np.where(wet_prev, p11_c[d], p01_c[d])  # Markov chain
            eps_d = eps_sites[:, d, :].T  # (3, n)
            # Richardson 1981: chi_t = A chi_{t-1} + B eps_t
            if shared_a:
                chi = a_0 @ chi + b_0 @ eps_d
            else:
                chi = (np.einsum("ijs,js->is", a_sites, chi)
                       + np.einsum("ijs,js->is", b_sites, eps_d))
            wet[d] = wet_prev
            resid[d] = chi
        z = resid / scale.T[None, :, :]
        sl = slice(row, row + total)
        # amounts drawn for wet days only, in time order per site
        shape_sites, wet_sites = cat("shape").T.copy(), wet.T.copy()
        amount_sites = np.zeros((n, total))
        for i in range(n):
            days = wet_sites[i]
            amount_sites[i, days] = streams[2][i].standard_gamma(shape_sites[i, days])
        amount = amount_sites.T
        out["precip"][sl] = np.where(wet, WET_DAY_THRESHOLD_MM + amount * cat("scale"), 0.0)
        tmax = np.where(wet, cat("mx_wet"), cat("mx_dry")) + cat("sd_x") * z[:, 0, :]
        tmin = np.where(wet, cat("mn_wet"), cat("mn_dry")) + cat("sd_n") * z[:, 1, :]
        short = tmax - tmin < MIN_DIURNAL_RANGE_C
        mid = 0.5 * (tmax + tmin)
        out["tmax"][sl] = np.where(short, mid + 0.5 * MIN_DIURNAL_RANGE_C, tmax)
        out["tmin"][sl] = np.where(short, mid - 0.5 * MIN_DIURNAL_RANGE_C, tmin)
        rso = cat("rso")
        rs = np.where(wet, cat("mr_wet"), cat("mr_dry")) + cat("sd_r") * z[:, 2, :]
        out["rs"][sl] = np.clip(rs, 0.0, rso)
        out["rso"][sl] = rso
        if has_rh:
            out["rh"][sl] = np.where(wet, cat("rh_wet"), cat("rh_dry"))
        if has_wind:
            out["wind"][sl] = cat("wind")
        row += total

    return GeneratedWeather(
        dates=dates, sites=params.sites, tmax_c=out["tmax"], tmin_c=out["tmin"],
        precip_mm=out["precip"], rs_mj_m2=out["rs"], rso_mj_m2=out["rso"],
        rh_mean_pct=out.get("rh"), wind_m_s=out.get("wind"),
    )
