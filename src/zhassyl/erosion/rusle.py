"""RUSLE factors: A = R K LS C P (Renard et al. 1997, USDA Agriculture Handbook 703).

Pure, vectorised functions.  SI units: R in MJ mm ha-1 h-1 yr-1, K in
t ha h ha-1 MJ-1 mm-1, so that A is in t ha-1 yr-1.  The constants come from
``data/erosion/constants.csv`` (each with its source) and can be overridden by
keyword.

References
----------
Renard, K.G., Foster, G.R., Weesies, G.A., McCool, D.K., Yoder, D.C. (1997).
Predicting soil erosion by water: a guide to conservation planning with the
Revised Universal Soil Loss Equation (RUSLE). USDA Agriculture Handbook 703.

Wischmeier, W.H., Smith, D.D. (1978). Predicting rainfall erosion losses.
USDA Agriculture Handbook 537.

Renard, K.G., Freimund, J.R. (1994). Using monthly precipitation data to
estimate the R-factor in the revised USLE. J. Hydrology 157:287-306.

Richardson, C.W., Foster, G.R., Wright, D.A. (1983). Estimation of erosion
index from daily rainfall amount. Trans. ASAE 26:153-156.
"""

from __future__ import annotations

import numpy as np

from zhassyl.erosion.params import constants, contouring_rows


def annual_erosivity(precip_mm):
    """Annual rainfall erosivity R [MJ mm ha-1 h-1 yr-1] from annual precipitation [mm].

    Renard & Freimund (1994): ``R = 0.04830 P^1.610`` for
    ``P <= 850 mm``, ``R = 587.8 - 1.219 P + 0.004105 P^2`` above.
    """
    c = constants()
    p = np.asarray(precip_mm, dtype=float)
    low = c["r_annual_a"] * np.maximum(p, 0.0) ** c["r_annual_b"]
    high = c["r_annual_c0"] + c["r_annual_c1"] * p + c["r_annual_c2"] * p ** 2
    return np.where(p <= c["r_annual_split_mm"], low, high)


def daily_erosivity(precip_mm, year_of_day):
    """Erosivity of each day [MJ mm ha-1 h-1]: each year's R shared among its rain days.

    A year's ``R`` (:func:`annual_erosivity` of its total) is split among its
    days in proportion to ``P_d ** b`` (the daily erosion-index model of
    Richardson et al. 1983, ``EI = a P^b``, ``b = 1.81``), so the daily values
    sum to the year's R and weight the cover-management factor by erosivity
    (AH 703 ch. 5).

    Parameters
    ----------
    precip_mm : array (n_days,)
        Daily precipitation [mm].
    year_of_day : array of int (n_days,)
        Calendar year (or any year label) of each day.
    """
    p = np.maximum(np.asarray(precip_mm, dtype=float), 0.0)
    years = np.asarray(year_of_day)
    w = p ** constants()["ei_daily_exponent"]
    out = np.zeros_like(p)
    for y in np.unique(years):
        sel = years == y
        total = w[sel].sum()
        if total > 0.0:
            out[sel] = w[sel] / total * annual_erosivity(p[sel].sum())
    return out


def erodibility_nomograph(silt_vfs_pct, clay_pct, organic_matter_pct, structure_code,
                          permeability_code):
    """Soil erodibility K [t ha h ha-1 MJ-1 mm-1] by the nomograph equation.

    ``100 K = 2.1e-4 M^1.14 (12 - OM) + 3.25 (s - 2) + 2.5 (p - 3)`` in US
    customary units (Wischmeier & Smith 1978, AH 537; AH 703 ch. 3), with
    ``M = (silt + very fine sand %) (100 - clay %)``, ``OM`` organic matter
    [%] (capped at 4 %, the nomograph's range), ``s`` the structure code (1-4)
    and ``p`` the permeability class (1-6); converted to SI by 0.1317.
    """
    c = constants()
    m = np.asarray(silt_vfs_pct, dtype=float) * (100.0 - np.asarray(clay_pct, dtype=float))
    om = np.minimum(np.asarray(organic_matter_pct, dtype=float), c["k_om_cap_pct"])
    k_us = (2.1e-4 * m ** 1.14 * (12.0 - om) + 3.25 * (np.asarray(structure_code) - 2.0)
            + 2.5 * (np.asarray(permeability_code) - 3.0)) / 100.0
    return np.maximum(k_us, 0.0) * c["k_si_per_us"]


def slope_steepness_factor(slope_pct):
    """Slope steepness factor S [-] (AH 703 eqs. 4-4, 4-5; McCool et al. 1987).

    ``S = 10.8 sin(theta) + 0.03`` for slopes below 9 %, ``16.8 sin(theta) - 0.50``
    at 9 % and steeper (slopes 4.5 m long or more).
    """
    c = constants()
    s = np.asarray(slope_pct, dtype=float)
    sin = np.sin(np.arctan(s / 100.0))
    return np.where(s < c["s_split_pct"], 10.8 * sin + 0.03, 16.8 * sin - 0.50)


def slope_length_exponent(slope_pct):
    """Slope-length exponent m [-] (AH 703 eqs. 4-2, 4-3; McCool et al. 1989).

    ``m = beta / (1 + beta)``, ``beta = (sin theta / 0.0896) / (3 sin(theta)^0.8 + 0.56)``
    for a moderate ratio of rill to interrill erosion (cropland, AH 703 Table 4-3).
    """
    sin = np.sin(np.arctan(np.asarray(slope_pct, dtype=float) / 100.0))
    beta = (sin / constants()["beta_sin_ref"]) / (3.0 * sin ** 0.8 + 0.56)
    return beta / (1.0 + beta)


def slope_length_factor(length_m, slope_pct):
    """Slope length factor L [-] = (lambda / 22.13 m)^m (AH 703 eq. 4-1)."""
    lam = np.asarray(length_m, dtype=float) / constants()["ls_unit_length_m"]
    return lam ** slope_length_exponent(slope_pct)


def ls_factor(length_m, slope_pct):
    """Topographic factor LS [-]: 1 on the 22.13 m, 9 % unit plot (AH 703 ch. 4)."""
    return slope_length_factor(length_m, slope_pct) * slope_steepness_factor(slope_pct)


def canopy_subfactor(canopy_cover, fall_height_m):
    """Canopy-cover subfactor CC = 1 - Fc exp(-0.1 H[ft]) (AH 703 ch. 5), H in m here."""
    fc = np.clip(np.asarray(canopy_cover, dtype=float), 0.0, 1.0)
    return 1.0 - fc * np.exp(-constants()["cc_drop_coef_per_m"] * np.asarray(fall_height_m))


def surface_cover_subfactor(surface_cover_pct, roughness_mm=6.096, b=None):
    """Surface-cover subfactor SC = exp(-b Sp (0.24 in / Ru)^0.08) (AH 703 ch. 5).

    ``Sp`` is the ground covered by residue, stones or plants in contact with
    the soil [%], ``Ru`` the random roughness (0.24 in = 6.096 mm: a smooth,
    settled surface), ``b = 0.035`` by default.
    """
    b = constants()["sc_b"] if b is None else b
    sp = np.clip(np.asarray(surface_cover_pct, dtype=float), 0.0, 100.0)
    return np.exp(-b * sp * (6.096 / np.asarray(roughness_mm, dtype=float)) ** 0.08)


def consolidation_factor(years_since_tillage):
    """Soil consolidation factor Cf [-] of the prior-land-use subfactor (AH 703 ch. 5).

    1.0 right after tillage, falling exponentially to 0.45 after 7 undisturbed years.
    """
    c = constants()
    t = np.clip(np.asarray(years_since_tillage, dtype=float), 0.0, c["consolidation_years"])
    rate = -np.log(c["consolidation_min"]) / c["consolidation_years"]
    return np.exp(-rate * t)


def cover_management_factor(soil_loss_ratio, daily_ei):
    """C [-]: the soil-loss ratios weighted by the erosivity of their days (AH 703 ch. 5).

    Returns 0 where no erosive rain fell (no weight to average over).
    """
    slr = np.asarray(soil_loss_ratio, dtype=float)
    ei = np.asarray(daily_ei, dtype=float)
    total = ei.sum(axis=-1)
    return np.where(total > 0, (slr * ei).sum(axis=-1) / np.where(total > 0, total, 1.0), 0.0)


def support_practice_factor(practice: str, slope_pct: float) -> float:
    """Support practice factor P [-] (``data/erosion/contouring.csv``; AH 537 Table 14).

    ``none``: 1 (farming up and down the slope); ``contouring``: Wischmeier &
    Smith's Table 14 value for the slope class.
    """
    for r in contouring_rows():
        if (r["practice"] == practice and float(r["slope_min_pct"]) <= slope_pct
                <= float(r["slope_max_pct"])):
            return float(r["p"])
    from zhassyl.errors import ParameterError
    from zhassyl.i18n import _

    raise ParameterError(_("no support-practice factor for '{practice}' on a {slope} % slope")
                         .format(practice=practice, slope=slope_pct))
