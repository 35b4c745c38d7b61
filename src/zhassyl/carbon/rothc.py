"""RothC 26.3 soil carbon turnover, monthly, vectorised over fields.

The Rothamsted Carbon Model (Coleman & Jenkinson; model description of
February 2024 by Coleman, Prout & Milne, "RothC - A model for the turnover of
carbon in soil") splits soil organic carbon into four active pools -
decomposable plant material (DPM), resistant plant material (RPM), microbial
biomass (BIO), humified organic matter (HUM) - and inert organic matter (IOM).
Each active pool decays by first-order kinetics scaled by rate modifying
factors for temperature, topsoil moisture deficit and plant cover; decayed
carbon is split between CO2 and new BIO + HUM according to clay content.

This module follows the operation order of the Rothamsted Python reference
(``Rothamsted-Models/RothC_Py``), so that its published example is reproduced
to rounding error: moisture deficit first, then decay, partition, inputs, and
radiocarbon ages from the pre-month ages.

Every array argument describing fields is shaped ``(n_fields,)`` (or a
scalar, broadcast); monthly driving data are shaped ``(n_months,)`` or
``(n_months, n_fields)``.  Stocks are t C ha-1, ages years, the moisture
deficit mm (negative: drier).

File reading (:func:`read_rothc_input`) and writing (:func:`month_results_rows`,
:func:`write_month_results`) are kept apart at the end of the module; the model
functions do no I/O.
"""

from __future__ import annotations

import csv
import math
import warnings
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, NamedTuple

import numba
import numpy as np

from zhassyl.engine.jit import jit
from zhassyl.errors import BalanceError, InputError, ParameterError, Problem
from zhassyl.i18n import _

__all__ = [
    "MONTH_RESULT_COLUMNS",
    "MonthStep",
    "RothCForcing",
    "RothCInput",
    "RothCParameters",
    "RothCResult",
    "RothCState",
    "SpinUp",
    "advance",
    "carbon_balance_residual_t_c_ha",
    "check_carbon_balance",
    "co2_partition_ratio",
    "default_parameters",
    "delta14c_permil",
    "iom_falloon",
    "initial_state",
    "load_rothc_parameters",
    "max_tsmd_mm",
    "month_results_rows",
    "rate_modifier_cover",
    "rate_modifier_moisture",
    "rate_modifier_temperature",
    "read_rothc_input",
    "rothc_month",
    "run_rothc",
    "run_rothc_input",
    "spin_up",
    "warm_up",
    "write_month_results",
]

#: Columns of the monthly table written by the Rothamsted reference.
MONTH_RESULT_COLUMNS = (
    "Year",
    "Month",
    "DPM_t_C_ha",
    "RPM_t_C_ha",
    "BIO_t_C_ha",
    "HUM_t_C_ha",
    "IOM_t_C_ha",
    "SOC_t_C_ha",
    "deltaC",
)

#: Relative tolerance of the monthly carbon balance check.
BALANCE_TOLERANCE = 1e-9


# --------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RothCParameters:
    """RothC 26.3 constants (loaded from ``data/carbon/rothc_parameters.csv``).

    Each field's unit and source are given in the data file.  Rate constants
    are per year; fractions are dimensionless.
    """

    k_dpm_per_yr: float
    k_rpm_per_yr: float
    k_bio_per_yr: float
    k_hum_per_yr: float
    bio_fraction: float
    hum_fraction: float
    fym_dpm_fraction: float
    fym_rpm_fraction: float
    fym_hum_fraction: float
    dpm_rpm_ratio_crop: float
    dpm_rpm_ratio_grassland: float
    dpm_rpm_ratio_woodland: float
    temp_scale: float
    temp_exponent_c: float
    temp_offset_c: float
    temp_min_c: float
    tsmd_const_mm: float
    tsmd_clay_mm_per_pct: float
    tsmd_clay2_mm_per_pct2: float
    tsmd_ref_depth_cm: float
    tsmd_1bar_fraction: float
    tsmd_bare_fraction: float
    evap_pan_factor: float
    moisture_rmf_min: float
    moisture_rmf_max: float
    cover_rmf_vegetated: float
    cover_rmf_bare: float
    clay_ratio_scale: float
    clay_ratio_const: float
    clay_ratio_amp: float
    clay_ratio_decay_per_pct: float
    c14_half_life_yr: float
    delta14c_age_scale_yr: float
    iom_age_yr: float
    falloon_coef: float
    falloon_exponent: float
    spin_up_tolerance_t_c_ha: float
    months_per_year: float

    def __post_init__(self) -> None:
        bad = [f.name for f in fields(self) if not math.isfinite(getattr(self, f.name))]
        if bad:
            raise ParameterError(_("RothC parameters are not finite: {names}").format(
                names=", ".join(bad)))
        positive = ("k_dpm_per_yr", "k_rpm_per_yr", "k_bio_per_yr", "k_hum_per_yr",
                    "tsmd_ref_depth_cm", "c14_half_life_yr", "delta14c_age_scale_yr",
                    "spin_up_tolerance_t_c_ha", "months_per_year", "clay_ratio_scale")
        bad = [name for name in positive if getattr(self, name) <= 0.0]
        if bad:
            raise ParameterError(_("RothC parameters must be positive: {names}").format(
                names=", ".join(bad)))
        for group in (("bio_fraction", "hum_fraction"),
                      ("fym_dpm_fraction", "fym_rpm_fraction", "fym_hum_fraction")):
            total = sum(getattr(self, name) for name in group)
            if abs(total - 1.0) > 1e-12:
                raise ParameterError(_("RothC fractions {names} must sum to 1, got {total}").format(
                    names=", ".join(group), total=total))

    @property
    def radiocarbon_decay_per_yr(self) -> float:
        """14C decay constant ln 2 / half-life [yr-1] (RothC 26.3 description sect. 1.8)."""
        return math.log(2.0) / self.c14_half_life_yr


def load_rothc_parameters(path: str | Path | None = None) -> RothCParameters:
    """Load RothC constants from a ``name,value,unit,source`` CSV file.

    Parameters
    ----------
    path : str or Path, optional
        The file; default the package's ``data/carbon/rothc_parameters.csv``.

    Returns
    -------
    RothCParameters

    Raises
    ------
    ParameterError
        A parameter is missing, unknown, not a number or out of range.
    """
    if path is None:
        resource = resources.files("zhassyl") / "data" / "carbon" / "rothc_parameters.csv"
        text = resource.read_text(encoding="utf-8")
        name = "rothc_parameters.csv"
    else:
        text = Path(path).read_text(encoding="utf-8")
        name = str(path)
    reader = csv.DictReader(text.splitlines())
    expected = {f.name for f in fields(RothCParameters)}
    values: dict[str, float] = {}
    problems: list[str] = []
    for row in reader:
        key = (row.get("name") or "").strip()
        if key not in expected:
            problems.append(_("unknown parameter {name!r}").format(name=key))
            continue
        try:
            values[key] = float(row.get("value") or "")
        except ValueError:
            problems.append(_("parameter {name!r} is not a number").format(name=key))
        if not (row.get("source") or "").strip():
            problems.append(_("parameter {name!r} has no source").format(name=key))
    missing = sorted(expected - values.keys())
    if missing:
        problems.append(_("missing parameters: {names}").format(names=", ".join(missing)))
    if problems:
        raise ParameterError(f"{name}: " + "; ".join(problems))
    return RothCParameters(**values)


@lru_cache(maxsize=1)
def default_parameters() -> RothCParameters:
    """The package's RothC 26.3 constants (read once, then reused; immutable)."""
    return load_rothc_parameters()


def _params(params: RothCParameters | None) -> RothCParameters:
    return default_parameters() if params is None else params


def _f64(value) -> np.ndarray:
    return np.asarray(value, dtype=np.float64)


# --------------------------------------------------------------------------------------
# Rate modifying factors and partition
# --------------------------------------------------------------------------------------


def rate_modifier_temperature(tmp_c, params: RothCParameters | None = None) -> np.ndarray:
    """Rate modifying factor for temperature, ``a``.

    Parameters
    ----------
    tmp_c : array_like
        Monthly mean air temperature [degC].
    params : RothCParameters, optional
        Constants; default :func:`default_parameters`.

    Returns
    -------
    numpy.ndarray
        ``a`` [-]; 0 below ``temp_min_c`` (-5 degC); NaN where ``tmp_c`` is NaN.

    Notes
    -----
    a = 47.91 / (1 + exp(106.06 / (T + 18.27))) (RothC 26.3 description
    sect. 1.6; constants and the -5 degC cut-off as in RothC_Py).
    """
    p = _params(params)
    tmp = _f64(tmp_c)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        # RothC 26.3 description sect. 1.6 (temperature factor a)
        a = p.temp_scale / (np.exp(p.temp_exponent_c / (tmp + p.temp_offset_c)) + 1.0)
    return np.where(tmp < p.temp_min_c, 0.0, a)


def max_tsmd_mm(clay_pct, depth_cm, params: RothCParameters | None = None) -> np.ndarray:
    """Maximum topsoil moisture deficit of a layer [mm] (negative).

    Notes
    -----
    max TSMD(0-23 cm) = -(20 + 1.3 clay - 0.01 clay^2), scaled by depth / 23
    (RothC 26.3 description sect. 1.6).
    """
    p = _params(params)
    clay = _f64(clay_pct)
    # RothC 26.3 description sect. 1.6 (maximum TSMD for 0-23 cm)
    smd_max_23 = -(p.tsmd_const_mm + p.tsmd_clay_mm_per_pct * clay
                   - p.tsmd_clay2_mm_per_pct2 * (clay * clay))
    # RothC 26.3 description sect. 1.6 (divided by 23, multiplied by the layer depth)
    return smd_max_23 * _f64(depth_cm) / p.tsmd_ref_depth_cm


def rate_modifier_moisture(rain_mm, evap_mm, smd_mm, clay_pct, depth_cm, plant_cover,
                           params: RothCParameters | None = None
                           ) -> tuple[np.ndarray, np.ndarray]:
    """Rate modifying factor for moisture, ``b``, and the updated moisture deficit.

    Parameters
    ----------
    rain_mm : array_like
        Monthly rainfall [mm].
    evap_mm : array_like
        Monthly open-pan evaporation [mm] (multiplied by 0.75 internally).
    smd_mm : array_like
        Accumulated topsoil moisture deficit at the start of the month [mm], <= 0.
    clay_pct : array_like
        Clay content [%].
    depth_cm : array_like
        Depth of the topsoil layer [cm].
    plant_cover : array_like
        1 (or True) when the soil is covered by plants this month, 0 when bare.
    params : RothCParameters, optional
        Constants; default :func:`default_parameters`.

    Returns
    -------
    rmf : numpy.ndarray
        ``b`` [-], between 0.2 and 1.
    smd_mm : numpy.ndarray
        Accumulated topsoil moisture deficit at the end of the month [mm].

    Notes
    -----
    The deficit accumulates rain - 0.75 evaporation, never above 0 (field
    capacity) and never below max TSMD; a bare soil dries no further than
    BareSMD = 0.556 max TSMD unless already drier.  b = 1 while
    acc. TSMD > 0.444 max TSMD, else
    b = 0.2 + 0.8 (max TSMD - acc. TSMD) / (max TSMD - 0.444 max TSMD)
    (RothC 26.3 description sect. 1.6; the order of the limits as in RothC_Py).
    """
    p = _params(params)
    smd_max = max_tsmd_mm(clay_pct, depth_cm, p)
    smd_1bar = p.tsmd_1bar_fraction * smd_max  # RothC 26.3 description sect. 1.6
    smd_bare = p.tsmd_bare_fraction * smd_max  # RothC 26.3 description sect. 1.6 (max / 1.8)
    smd = _f64(smd_mm)
    # RothC 26.3 description sect. 1.6: monthly water excess rain - 0.75 open-pan evaporation
    excess_mm = _f64(rain_mm) - p.evap_pan_factor * _f64(evap_mm)
    wetted = np.minimum(0.0, smd + excess_mm)  # sect. 1.6: no deficit above field capacity
    covered = _f64(plant_cover) != 0.0
    # sect. 1.6: covered soil dries to max TSMD, bare soil to BareSMD (or stays where it is)
    driest = np.where(covered, smd_max, np.minimum(smd_bare, smd))
    smd_new = np.maximum(driest, wetted)
    with np.errstate(divide="ignore", invalid="ignore"):
        # RothC 26.3 description sect. 1.6 (moisture factor b)
        b_dry = p.moisture_rmf_min + (p.moisture_rmf_max - p.moisture_rmf_min) * (
            smd_max - smd_new) / (smd_max - smd_1bar)
    rmf = np.where(smd_new > smd_1bar, p.moisture_rmf_max, b_dry)
    rmf = np.where(np.isnan(smd_new), np.nan, rmf)
    return rmf, smd_new


def rate_modifier_cover(plant_cover, params: RothCParameters | None = None) -> np.ndarray:
    """Soil cover rate modifying factor, ``c``.

    Parameters
    ----------
    plant_cover : array_like
        1 (or True) when plants cover the soil this month, 0 when bare.

    Returns
    -------
    numpy.ndarray
        ``c`` [-]: 0.6 under vegetation, 1.0 bare (RothC 26.3 description sect. 1.6);
        NaN where ``plant_cover`` is NaN.
    """
    p = _params(params)
    cover = _f64(plant_cover)
    # RothC 26.3 description sect. 1.6 (soil cover factor c)
    c = np.where(cover != 0.0, p.cover_rmf_vegetated, p.cover_rmf_bare)
    return np.where(np.isnan(cover), np.nan, c)


def co2_partition_ratio(clay_pct, params: RothCParameters | None = None) -> np.ndarray:
    """Ratio x = CO2 / (BIO + HUM) formed when carbon decomposes.

    Notes
    -----
    x = 1.67 (1.85 + 1.60 exp(-0.0786 clay)); x / (x + 1) of decomposed carbon
    is released as CO2 and 1 / (x + 1) forms BIO + HUM (RothC 26.3 description
    sect. 1.7).
    """
    p = _params(params)
    # RothC 26.3 description sect. 1.7
    return p.clay_ratio_scale * (p.clay_ratio_const + p.clay_ratio_amp * np.exp(
        -p.clay_ratio_decay_per_pct * _f64(clay_pct)))


def iom_falloon(soc_t_c_ha, params: RothCParameters | None = None) -> np.ndarray:
    """Inert organic matter from total soil organic carbon [t C ha-1].

    Notes
    -----
    IOM = 0.049 TOC^1.139 (Falloon et al. 1998, Soil Biol. Biochem. 30:1207-1211;
    RothC 26.3 description sect. 1.8).  A rough approximation for surface soils.
    """
    p = _params(params)
    # Falloon et al. 1998
    return p.falloon_coef * _f64(soc_t_c_ha) ** p.falloon_exponent


def delta14c_permil(age_yr, params: RothCParameters | None = None) -> np.ndarray:
    """Delta-14C [per mil] of carbon with equivalent radiocarbon age ``age_yr``.

    Notes
    -----
    delta14C = 1000 exp(-age / 8035) - 1000 (RothC 26.3 description sect. 1.8).
    """
    p = _params(params)
    # RothC 26.3 description sect. 1.8 (written as in RothC_Py)
    return (np.exp(-_f64(age_yr) / p.delta14c_age_scale_yr) - 1.0) * 1000.0


# --------------------------------------------------------------------------------------
# State, forcing, one month
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RothCState:
    """Carbon pools, their radiocarbon ages and the moisture deficit of each field.

    All arrays are shaped ``(n_fields,)``.  ``soc_age_yr`` is the equivalent
    radiocarbon age of the whole soil after the last month (a diagnostic; the
    model itself does not use it).
    """

    dpm_t_c_ha: np.ndarray
    rpm_t_c_ha: np.ndarray
    bio_t_c_ha: np.ndarray
    hum_t_c_ha: np.ndarray
    iom_t_c_ha: np.ndarray
    dpm_age_yr: np.ndarray
    rpm_age_yr: np.ndarray
    bio_age_yr: np.ndarray
    hum_age_yr: np.ndarray
    iom_age_yr: np.ndarray
    soc_age_yr: np.ndarray
    smd_mm: np.ndarray

    @property
    def active_t_c_ha(self) -> np.ndarray:
        """DPM + RPM + BIO + HUM [t C ha-1]."""
        return self.dpm_t_c_ha + self.rpm_t_c_ha + self.bio_t_c_ha + self.hum_t_c_ha

    @property
    def soc_t_c_ha(self) -> np.ndarray:
        """Total soil organic carbon DPM + RPM + BIO + HUM + IOM [t C ha-1]."""
        return (self.dpm_t_c_ha + self.rpm_t_c_ha + self.bio_t_c_ha + self.hum_t_c_ha
                + self.iom_t_c_ha)

    @property
    def n_fields(self) -> int:
        """Number of fields."""
        return int(self.dpm_t_c_ha.shape[0])


def _where_state(mask: np.ndarray, new: RothCState, old: RothCState) -> RothCState:
    return RothCState(**{f.name: np.where(mask, getattr(new, f.name), getattr(old, f.name))
                         for f in fields(RothCState)})


def initial_state(dpm_t_c_ha, rpm_t_c_ha, bio_t_c_ha, hum_t_c_ha, iom_t_c_ha, *,
                  dpm_age_yr=0.0, rpm_age_yr=0.0, bio_age_yr=0.0, hum_age_yr=0.0,
                  iom_age_yr=None, smd_mm=0.0, n_fields: int | None = None,
                  params: RothCParameters | None = None) -> RothCState:
    """A state from measured (or chosen) pools, broadcast to ``(n_fields,)``.

    Parameters
    ----------
    dpm_t_c_ha, rpm_t_c_ha, bio_t_c_ha, hum_t_c_ha, iom_t_c_ha : array_like
        Pool sizes [t C ha-1]; ``iom_t_c_ha`` may come from :func:`iom_falloon`.
    dpm_age_yr, rpm_age_yr, bio_age_yr, hum_age_yr : array_like, optional
        Radiocarbon ages of the pools [yr]; default 0 (modern).
    iom_age_yr : array_like, optional
        Radiocarbon age of IOM [yr]; default 50,000 (RothC 26.3 description sect. 1.8).
    smd_mm : array_like, optional
        Accumulated topsoil moisture deficit [mm]; default 0 (field capacity).
    n_fields : int, optional
        Number of fields, when all other inputs are scalars.
    """
    p = _params(params)
    if iom_age_yr is None:
        iom_age_yr = p.iom_age_yr
    values = dict(dpm_t_c_ha=dpm_t_c_ha, rpm_t_c_ha=rpm_t_c_ha, bio_t_c_ha=bio_t_c_ha,
                  hum_t_c_ha=hum_t_c_ha, iom_t_c_ha=iom_t_c_ha, dpm_age_yr=dpm_age_yr,
                  rpm_age_yr=rpm_age_yr, bio_age_yr=bio_age_yr, hum_age_yr=hum_age_yr,
                  iom_age_yr=iom_age_yr, soc_age_yr=0.0, smd_mm=smd_mm)
    arrays = [np.atleast_1d(_f64(v)) for v in values.values()]
    if n_fields is not None:
        arrays.append(np.zeros(n_fields))
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    if len(shape) != 1:
        raise ValueError(f"state arrays must be 1-D (n_fields,), got shape {shape}")
    return RothCState(**{k: np.broadcast_to(a, shape).copy()
                         for k, a in zip(values, arrays, strict=False)})


class MonthStep(NamedTuple):
    """Result of :func:`rothc_month`: new state, CO2 released and rate modifiers."""

    state: RothCState
    co2_t_c_ha: np.ndarray
    rmf_temperature: np.ndarray
    rmf_moisture: np.ndarray
    rmf_cover: np.ndarray


def rothc_month(state: RothCState, *, tmp_c, rain_mm, evap_mm, plant_cover, c_input_t_c_ha,
                fym_t_c_ha, dpm_rpm_ratio, modern_pct, clay_pct, depth_cm,
                params: RothCParameters | None = None) -> MonthStep:
    """Advance all fields by one month.

    Parameters
    ----------
    state : RothCState
        Pools, ages and moisture deficit at the start of the month.
    tmp_c : array_like
        Mean air temperature [degC].
    rain_mm, evap_mm : array_like
        Rainfall and open-pan evaporation [mm].
    plant_cover : array_like
        1 covered, 0 bare.
    c_input_t_c_ha : array_like
        Plant residue carbon input [t C ha-1 month-1].
    fym_t_c_ha : array_like
        Farmyard manure carbon input [t C ha-1 month-1].
    dpm_rpm_ratio : array_like
        DPM/RPM ratio of the plant input [-] (1.44 crops, 0.67 grassland, 0.25 woodland).
    modern_pct : array_like
        Radiocarbon content of this month's inputs [% modern].
    clay_pct, depth_cm : array_like
        Clay content [%] and topsoil depth [cm].
    params : RothCParameters, optional

    Returns
    -------
    MonthStep
        New state, CO2 released this month [t C ha-1] and the factors a, b, c.

    Notes
    -----
    Decay Y -> Y exp(-a b c k t), t = 1/12 (sect. 1.4); x / (x + 1) of the decay
    to CO2, 0.46 / (x + 1) to BIO, 0.54 / (x + 1) to HUM (sects. 1.3, 1.7); plant
    input split DPM_RPM / (DPM_RPM + 1) to DPM, the rest to RPM; FYM 49 % DPM,
    49 % RPM, 2 % HUM (sect. 1.3); radiocarbon decays with a 5568-year half-life
    (sect. 1.8).  Operation order as in RothC_Py.
    """
    p = _params(params)
    n = _n_fields(None, state.dpm_t_c_ha, tmp_c, rain_mm, evap_mm, plant_cover, c_input_t_c_ha,
                  fym_t_c_ha, dpm_rpm_ratio, modern_pct, clay_pct, depth_cm)
    drivers = dict(tmp_c=tmp_c, rain_mm=rain_mm, evap_mm=evap_mm, plant_cover=plant_cover,
                   c_input_t_c_ha=c_input_t_c_ha, fym_t_c_ha=fym_t_c_ha,
                   dpm_rpm_ratio=dpm_rpm_ratio, modern_pct=modern_pct)
    months = {k: np.atleast_1d(_f64(v))[None, :] for k, v in drivers.items()}
    new, out = _advance(state, months, clay_pct, depth_cm, p, n, monthly=True)
    return MonthStep(new, out[_M_CO2, 0], out[_M_RMF_T, 0], out[_M_RMF_M, 0], out[_M_RMF_C, 0])


# --------------------------------------------------------------------------------------
# The compiled month loop
# --------------------------------------------------------------------------------------

#: Index of each RothC constant in the parameter vector handed to the kernel.
_PI = {f.name: i for i, f in enumerate(fields(RothCParameters))}
_STATE = tuple(f.name for f in fields(RothCState))
# state rows of the kernel (order of RothCState's fields)
(_S_DPM, _S_RPM, _S_BIO, _S_HUM, _S_IOM, _S_DPM_AGE, _S_RPM_AGE, _S_BIO_AGE, _S_HUM_AGE,
 _S_IOM_AGE, _S_SOC_AGE, _S_SMD) = range(12)
# monthly output rows of the kernel
_MONTHLY = ("dpm_t_c_ha", "rpm_t_c_ha", "bio_t_c_ha", "hum_t_c_ha", "soc_age_yr", "smd_mm",
            "co2_t_c_ha", "rmf_temperature", "rmf_moisture", "rmf_cover")
(_M_DPM, _M_RPM, _M_BIO, _M_HUM, _M_SOC_AGE, _M_SMD, _M_CO2, _M_RMF_T, _M_RMF_M,
 _M_RMF_C) = range(10)
_DRIVER_ORDER = ("tmp_c", "rain_mm", "evap_mm", "plant_cover", "c_input_t_c_ha", "fym_t_c_ha",
                 "dpm_rpm_ratio", "modern_pct")

_K_DPM, _K_RPM, _K_BIO, _K_HUM = (_PI["k_dpm_per_yr"], _PI["k_rpm_per_yr"], _PI["k_bio_per_yr"],
                                  _PI["k_hum_per_yr"])
_BIO_FR, _HUM_FR = _PI["bio_fraction"], _PI["hum_fraction"]
_FYM_D, _FYM_R, _FYM_H = (_PI["fym_dpm_fraction"], _PI["fym_rpm_fraction"],
                          _PI["fym_hum_fraction"])
_T_SCALE, _T_EXP, _T_OFF, _T_MIN = (_PI["temp_scale"], _PI["temp_exponent_c"],
                                    _PI["temp_offset_c"], _PI["temp_min_c"])
_W_CONST, _W_CLAY, _W_CLAY2, _W_REF = (_PI["tsmd_const_mm"], _PI["tsmd_clay_mm_per_pct"],
                                       _PI["tsmd_clay2_mm_per_pct2"], _PI["tsmd_ref_depth_cm"])
_W_1BAR, _W_BARE, _W_PAN = (_PI["tsmd_1bar_fraction"], _PI["tsmd_bare_fraction"],
                            _PI["evap_pan_factor"])
_B_MIN, _B_MAX, _C_VEG, _C_BARE = (_PI["moisture_rmf_min"], _PI["moisture_rmf_max"],
                                   _PI["cover_rmf_vegetated"], _PI["cover_rmf_bare"])
_X_SCALE, _X_CONST, _X_AMP, _X_DECAY = (_PI["clay_ratio_scale"], _PI["clay_ratio_const"],
                                        _PI["clay_ratio_amp"], _PI["clay_ratio_decay_per_pct"])
_HALF_LIFE, _MONTHS = _PI["c14_half_life_yr"], _PI["months_per_year"]


@jit
def _nan_min(a, b):
    """``np.minimum`` of two floats (NaN propagates)."""
    if a != a or b != b:
        return math.nan
    return a if a < b else b


@jit
def _nan_max(a, b):
    """``np.maximum`` of two floats (NaN propagates)."""
    if a != a or b != b:
        return math.nan
    return a if a > b else b


@jit
def _col(a, f):
    """Column ``f`` of a (n_months, n_fields) driver, or its only column when shared.

    ``f - f`` (not ``0``) keeps the type of the parallel loop's index, which may
    be unsigned: unifying it with a signed literal would give a float.
    """
    return f if a.shape[1] > 1 else f - f


def _rothc_months(pv, state, tmp, rain, evap, cover, c_inp, fym, ratio, modern, clay, depth,
                  want_monthly, monthly, new_state):
    """Advance every field over every month (RothC 26.3, operation order of RothC_Py).

    ``pv`` the constants (order of :class:`RothCParameters`); ``state`` (12, n)
    rows in the order of :class:`RothCState`; drivers (n_months, n or 1);
    ``clay``, ``depth`` (n,); ``monthly`` (10, n_months, n) filled when
    ``want_monthly`` (rows ``_MONTHLY``); ``new_state`` (12, n) the state after
    the last month.  Radiocarbon is carried as the activity ratio
    ract / C = exp(-lambda age) of each pool, which is what the next month's
    decay uses; ages (ln(C / ract) / lambda, 0 for an empty pool) are formed
    only for the outputs.  Equations and their sources: see :func:`rothc_month`.
    """
    n = state.shape[1]
    n_months = tmp.shape[0]
    lam = math.log(2.0) / pv[_HALF_LIFE]            # sect. 1.8
    tstep = 1.0 / pv[_MONTHS]                       # sect. 1.4: t = 1/12
    exc = math.exp(-lam * tstep)
    for f in numba.prange(n):
        cl = clay[f]
        # sect. 1.7: x = 1.67 (1.85 + 1.60 exp(-0.0786 clay))
        x = pv[_X_SCALE] * (pv[_X_CONST] + pv[_X_AMP] * math.exp(-pv[_X_DECAY] * cl))
        co2_frac = x / (x + 1)
        bio_frac = pv[_BIO_FR] / (x + 1)
        hum_frac = pv[_HUM_FR] / (x + 1)
        # sect. 1.6: maximum TSMD, 1-bar and bare-soil deficits
        smd_max = -(pv[_W_CONST] + pv[_W_CLAY] * cl - pv[_W_CLAY2] * (cl * cl)) * depth[f] \
            / pv[_W_REF]
        smd_1bar = pv[_W_1BAR] * smd_max
        smd_bare = pv[_W_BARE] * smd_max
        dpm = state[_S_DPM, f]
        rpm = state[_S_RPM, f]
        bio = state[_S_BIO, f]
        hum = state[_S_HUM, f]
        iom = state[_S_IOM, f]
        smd = state[_S_SMD, f]
        dpm_act = math.exp(-lam * state[_S_DPM_AGE, f])
        rpm_act = math.exp(-lam * state[_S_RPM_AGE, f])
        bio_act = math.exp(-lam * state[_S_BIO_AGE, f])
        hum_act = math.exp(-lam * state[_S_HUM_AGE, f])
        iom_ract = iom * math.exp(-lam * state[_S_IOM_AGE, f])   # sect. 1.8: IOM age fixed
        soc_age = state[_S_SOC_AGE, f]
        for m in range(n_months):
            t = tmp[m, _col(tmp, f)]
            pc = cover[m, _col(cover, f)]
            # sect. 1.6: temperature factor a
            if t < pv[_T_MIN]:
                a = 0.0
            else:
                a = pv[_T_SCALE] / (math.exp(pv[_T_EXP] / (t + pv[_T_OFF])) + 1.0)
            # sect. 1.6: moisture deficit and factor b
            excess = rain[m, _col(rain, f)] - pv[_W_PAN] * evap[m, _col(evap, f)]
            wetted = _nan_min(0.0, smd + excess)
            if pc != pc:
                driest = math.nan
            elif pc != 0.0:
                driest = smd_max
            else:
                driest = _nan_min(smd_bare, smd)
            smd = _nan_max(driest, wetted)
            if smd != smd:
                b = math.nan
            elif smd > smd_1bar:
                b = pv[_B_MAX]
            else:
                b = pv[_B_MIN] + (pv[_B_MAX] - pv[_B_MIN]) * (smd_max - smd) / (
                    smd_max - smd_1bar)
            # sect. 1.6: soil cover factor c
            if pc != pc:
                c = math.nan
            elif pc != 0.0:
                c = pv[_C_VEG]
            else:
                c = pv[_C_BARE]
            rate = a * b * c                        # sect. 1.4
            dpm1 = dpm * math.exp(-rate * pv[_K_DPM] * tstep)
            rpm1 = rpm * math.exp(-rate * pv[_K_RPM] * tstep)
            bio1 = bio * math.exp(-rate * pv[_K_BIO] * tstep)
            hum1 = hum * math.exp(-rate * pv[_K_HUM] * tstep)
            dpm_d = dpm - dpm1
            rpm_d = rpm - rpm1
            bio_d = bio - bio1
            hum_d = hum - hum1
            dpm_bio, rpm_bio = dpm_d * bio_frac, rpm_d * bio_frac
            bio_bio, hum_bio = bio_d * bio_frac, hum_d * bio_frac
            dpm_hum, rpm_hum = dpm_d * hum_frac, rpm_d * hum_frac
            bio_hum, hum_hum = bio_d * hum_frac, hum_d * hum_frac
            co2 = dpm_d * co2_frac + rpm_d * co2_frac + bio_d * co2_frac + hum_d * co2_frac
            # sect. 1.3: plant input by the DPM/RPM ratio; FYM 49 % DPM, 49 % RPM, 2 % HUM
            r = ratio[m, _col(ratio, f)]
            ci = c_inp[m, _col(c_inp, f)]
            fy = fym[m, _col(fym, f)]
            pi_dpm = r / (r + 1.0) * ci
            pi_rpm = 1.0 / (r + 1.0) * ci
            fym_dpm = pv[_FYM_D] * fy
            fym_rpm = pv[_FYM_R] * fy
            fym_hum = pv[_FYM_H] * fy
            dpm = dpm1 + pi_dpm + fym_dpm
            rpm = rpm1 + pi_rpm + fym_rpm
            bio = bio1 + dpm_bio + rpm_bio + bio_bio + hum_bio
            hum = hum1 + dpm_hum + rpm_hum + bio_hum + hum_hum + fym_hum
            # sect. 1.8: radiocarbon activity, inputs at % modern / 100
            mo = modern[m, _col(modern, f)] / 100.0
            dpm_ract = mo * pi_dpm + mo * fym_dpm + dpm1 * dpm_act * exc
            rpm_ract = mo * pi_rpm + mo * fym_rpm + rpm1 * rpm_act * exc
            bio_ract = (bio1 * bio_act + dpm_bio * dpm_act + rpm_bio * rpm_act
                        + bio_bio * bio_act + hum_bio * hum_act) * exc
            hum_ract = mo * fym_hum + (hum1 * hum_act + dpm_hum * dpm_act + rpm_hum * rpm_act
                                       + bio_hum * bio_act + hum_hum * hum_act) * exc
            dpm_act = dpm_ract / dpm if dpm > 0.0 else 1.0
            rpm_act = rpm_ract / rpm if rpm > 0.0 else 1.0
            bio_act = bio_ract / bio if bio > 0.0 else 1.0
            hum_act = hum_ract / hum if hum > 0.0 else 1.0
            if want_monthly or m == n_months - 1:
                soc = dpm + rpm + bio + hum + iom
                total_ract = dpm_ract + rpm_ract + bio_ract + hum_ract + iom_ract
                soc_age = math.log(soc / total_ract) / lam if soc > 0.0 else 0.0
            if want_monthly:
                monthly[_M_DPM, m, f] = dpm
                monthly[_M_RPM, m, f] = rpm
                monthly[_M_BIO, m, f] = bio
                monthly[_M_HUM, m, f] = hum
                monthly[_M_SOC_AGE, m, f] = soc_age
                monthly[_M_SMD, m, f] = smd
                monthly[_M_CO2, m, f] = co2
                monthly[_M_RMF_T, m, f] = a
                monthly[_M_RMF_M, m, f] = b
                monthly[_M_RMF_C, m, f] = c
        new_state[_S_DPM, f] = dpm
        new_state[_S_RPM, f] = rpm
        new_state[_S_BIO, f] = bio
        new_state[_S_HUM, f] = hum
        new_state[_S_IOM, f] = iom
        # sect. 1.8: equivalent age ln(C / activity) / lambda; 0 for an empty pool
        new_state[_S_DPM_AGE, f] = -math.log(dpm_act) / lam
        new_state[_S_RPM_AGE, f] = -math.log(rpm_act) / lam
        new_state[_S_BIO_AGE, f] = -math.log(bio_act) / lam
        new_state[_S_HUM_AGE, f] = -math.log(hum_act) / lam
        new_state[_S_IOM_AGE, f] = state[_S_IOM_AGE, f]
        new_state[_S_SOC_AGE, f] = soc_age if n_months > 0 else state[_S_SOC_AGE, f]
        new_state[_S_SMD, f] = smd


#: The month loop compiled twice: over the cores for many fields, serially for a few (a
#: parallel launch costs more than a few fields' work).  Same source, same results.
_rothc_kernel_parallel = jit(parallel=True)(_rothc_months)
_rothc_kernel_serial = jit(_rothc_months)
#: Fewest fields for which the parallel kernel is used.
_PARALLEL_MIN_FIELDS = 512


def _param_vector(p: RothCParameters) -> np.ndarray:
    return np.array([getattr(p, name) for name in _PI], dtype=np.float64)


def _advance(state: RothCState, months: dict[str, np.ndarray], clay_pct, depth_cm,
             p: RothCParameters, n_fields: int, *, monthly: bool
             ) -> tuple[RothCState, np.ndarray | None]:
    """Run the kernel: ``months`` maps driver names to (n_months, n or 1) arrays."""
    def col(a):
        a = np.atleast_1d(_f64(a))
        return np.require(np.broadcast_to(a, (n_fields,)), np.float64, ("C", "W"))

    st = np.empty((12, n_fields))
    for i, name in enumerate(_STATE):
        st[i] = getattr(state, name)
    drivers = []
    for name in _DRIVER_ORDER:
        a = _f64(months[name])
        a = a.reshape(a.shape[0], -1) if a.ndim > 0 else a.reshape(1, 1)
        if a.shape[1] not in (1, n_fields):
            raise ValueError(f"{name} has {a.shape[1]} fields, expected 1 or {n_fields}")
        drivers.append(np.require(a, np.float64, ("C", "W")))
    n_months = drivers[0].shape[0]
    out = np.empty((len(_MONTHLY), n_months, n_fields) if monthly else (len(_MONTHLY), 1, 1))
    new = np.empty((12, n_fields))
    kernel = _rothc_kernel_parallel if n_fields >= _PARALLEL_MIN_FIELDS else _rothc_kernel_serial
    kernel(_param_vector(p), st, *drivers, col(clay_pct), col(depth_cm), bool(monthly),
                  out, new)
    return RothCState(**{name: new[i] for i, name in enumerate(_STATE)}), (
        out if monthly else None)


def advance(state: RothCState, forcing: RothCForcing, clay_pct, depth_cm, *,
            params: RothCParameters | None = None) -> RothCState:
    """The state after every month of ``forcing``, without monthly outputs (fastest).

    The same model and operation order as :func:`rothc_month` month after month,
    compiled in one pass over the fields (Numba, the fields spread over the
    cores); use it to run many fields over many years when only the end state
    is needed.
    """
    p = _params(params)
    n = _n_fields(forcing, clay_pct, depth_cm, state.dpm_t_c_ha)
    if state.n_fields != n:
        state = _where_state(np.ones(n, dtype=bool), state, state)
    months = {name: getattr(forcing, name) for name in _DRIVER_ORDER}
    return _advance(state, months, clay_pct, depth_cm, p, n, monthly=False)[0]


def warm_up() -> None:
    """Compile (or load from the disk cache) the RothC kernel on one field and month."""
    forcing = RothCForcing(year=[1], month=[1], modern_pct=[100.0], tmp_c=[10.0],
                           rain_mm=[50.0], evap_mm=[40.0], c_input_t_c_ha=[0.1],
                           fym_t_c_ha=[0.0], plant_cover=[1.0], dpm_rpm_ratio=[1.44])
    advance(initial_state(0.1, 1.0, 0.1, 1.0, 1.0), forcing, 20.0, 23.0)
    advance(initial_state(0.1, 1.0, 0.1, 1.0, 1.0, n_fields=_PARALLEL_MIN_FIELDS), forcing,
            20.0, 23.0)
    rothc_month(initial_state(0.1, 1.0, 0.1, 1.0, 1.0), **forcing.drivers(0), clay_pct=20.0,
                depth_cm=23.0)


@dataclass(frozen=True)
class RothCForcing:
    """Monthly driving data.

    ``year`` and ``month`` are shaped ``(n_months,)``; every other field is
    shaped ``(n_months,)`` (same for all fields) or ``(n_months, n_fields)``.
    """

    year: np.ndarray
    month: np.ndarray
    modern_pct: np.ndarray
    tmp_c: np.ndarray
    rain_mm: np.ndarray
    evap_mm: np.ndarray
    c_input_t_c_ha: np.ndarray
    fym_t_c_ha: np.ndarray
    plant_cover: np.ndarray
    dpm_rpm_ratio: np.ndarray

    _DRIVERS = ("modern_pct", "tmp_c", "rain_mm", "evap_mm", "c_input_t_c_ha", "fym_t_c_ha",
                "plant_cover", "dpm_rpm_ratio")

    def __post_init__(self) -> None:
        object.__setattr__(self, "year", np.asarray(self.year, dtype=np.int64))
        object.__setattr__(self, "month", np.asarray(self.month, dtype=np.int64))
        n = self.year.shape[0]
        for name in self._DRIVERS:
            value = _f64(getattr(self, name))
            if value.ndim == 0 or value.ndim > 2 or value.shape[0] != n:
                raise ValueError(f"{name} must be shaped (n_months,) or (n_months, n_fields) "
                                 f"with n_months={n}, got {value.shape}")
            object.__setattr__(self, name, value)

    @property
    def n_months(self) -> int:
        """Number of months."""
        return int(self.year.shape[0])

    def months(self, index) -> RothCForcing:
        """The forcing of the months selected by ``index`` (a slice or index array)."""
        return RothCForcing(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def drivers(self, i: int) -> dict[str, np.ndarray]:
        """Keyword arguments of :func:`rothc_month` for month ``i``."""
        return {name: getattr(self, name)[i] for name in self._DRIVERS}


class SpinUp(NamedTuple):
    """Result of :func:`spin_up`: equilibrium state and months run per field."""

    state: RothCState
    months: np.ndarray


def spin_up(forcing: RothCForcing, clay_pct, depth_cm, iom_t_c_ha, *,
            params: RothCParameters | None = None, tolerance_t_c_ha: float | None = None,
            max_years: int = 100_000) -> SpinUp:
    """Run to equilibrium by repeating the first 12 months of ``forcing``.

    Starts from empty active pools of age 0 and a zero moisture deficit, runs
    whole years and stops each field after the first year whose change of
    DPM + RPM + BIO + HUM is at most ``tolerance_t_c_ha`` (1e-6 t C ha-1),
    exactly as the RothC_Py main program does.

    Parameters
    ----------
    forcing : RothCForcing
        Its first 12 months are the equilibrium year.
    clay_pct, depth_cm, iom_t_c_ha : array_like
        Clay content [%], topsoil depth [cm], inert organic matter [t C ha-1].
    tolerance_t_c_ha : float, optional
        Default ``spin_up_tolerance_t_c_ha`` of the parameters.
    max_years : int
        Give up after this many years.

    Returns
    -------
    SpinUp
        The equilibrium state and the number of months each field ran.

    Raises
    ------
    InputError
        Fewer than 12 months of forcing, or no equilibrium within ``max_years``.
    """
    p = _params(params)
    per_year = int(p.months_per_year)
    if forcing.n_months < per_year:
        raise InputError(_("spin-up needs {n} months of forcing, got {got}").format(
            n=per_year, got=forcing.n_months))
    tol = p.spin_up_tolerance_t_c_ha if tolerance_t_c_ha is None else tolerance_t_c_ha
    n_fields = _n_fields(forcing, clay_pct, depth_cm, iom_t_c_ha)
    state = initial_state(0.0, 0.0, 0.0, 0.0, iom_t_c_ha, n_fields=n_fields, params=p)
    clay, depth = _field(clay_pct, n_fields), _field(depth_cm, n_fields)
    year = {name: getattr(forcing, name)[:per_year] for name in _DRIVER_ORDER}
    running = np.ones(n_fields, dtype=bool)
    months = np.zeros(n_fields, dtype=np.int64)
    previous = np.zeros(n_fields)  # RothC_Py: TOC1 starts at 0
    for _year in range(max_years):
        new = _advance(state, year, clay, depth, p, n_fields, monthly=False)[0]
        state = _where_state(running, new, state)
        months[running] += per_year
        total = state.active_t_c_ha
        # RothC_Py: equilibrium when |TOC(year) - TOC(previous year)| <= 1e-6
        done = np.abs(total - previous) <= tol
        previous = np.where(running, total, previous)
        running &= ~done
        if not running.any():
            return SpinUp(state, months)
    raise InputError(_("spin-up reached no equilibrium within {years} years").format(
        years=max_years))


def _n_fields(forcing: RothCForcing | None, *arrays) -> int:
    shapes = [np.atleast_1d(_f64(a)).shape for a in arrays if a is not None]
    if forcing is not None:
        shapes += [getattr(forcing, name).shape[1:] or (1,) for name in forcing._DRIVERS]
    shape = np.broadcast_shapes(*shapes)
    if len(shape) != 1:
        raise ValueError(f"field arrays must be 1-D (n_fields,), got shape {shape}")
    return int(shape[0])


def _field(value, n_fields: int) -> np.ndarray:
    return np.broadcast_to(np.atleast_1d(_f64(value)), (n_fields,))


@dataclass(frozen=True)
class RothCResult:
    """Monthly output of :func:`run_rothc`.

    ``year`` and ``month`` are shaped ``(n_months,)``; the other arrays
    ``(n_months, n_fields)`` and hold end-of-month values (CO2 and inputs:
    totals over the month).
    """

    year: np.ndarray
    month: np.ndarray
    dpm_t_c_ha: np.ndarray
    rpm_t_c_ha: np.ndarray
    bio_t_c_ha: np.ndarray
    hum_t_c_ha: np.ndarray
    iom_t_c_ha: np.ndarray
    soc_t_c_ha: np.ndarray
    soc_age_yr: np.ndarray
    delta14c_permil: np.ndarray
    co2_t_c_ha: np.ndarray
    c_input_t_c_ha: np.ndarray
    fym_t_c_ha: np.ndarray
    smd_mm: np.ndarray
    rmf_temperature: np.ndarray
    rmf_moisture: np.ndarray
    rmf_cover: np.ndarray
    initial: RothCState
    final: RothCState
    spin_up_months: np.ndarray | None

    @property
    def active_t_c_ha(self) -> np.ndarray:
        """DPM + RPM + BIO + HUM [t C ha-1], shaped ``(n_months, n_fields)``."""
        return self.dpm_t_c_ha + self.rpm_t_c_ha + self.bio_t_c_ha + self.hum_t_c_ha


def run_rothc(forcing: RothCForcing, clay_pct, depth_cm, iom_t_c_ha=None, *,
              initial: RothCState | None = None, soc_measured_t_c_ha=None,
              params: RothCParameters | None = None, check_balance: bool = True,
              spin_up_tolerance_t_c_ha: float | None = None) -> RothCResult:
    """Run RothC 26.3 month by month over all fields.

    Parameters
    ----------
    forcing : RothCForcing
        Monthly driving data.
    clay_pct, depth_cm : array_like
        Clay content [%] and topsoil depth [cm], ``(n_fields,)`` or scalars.
    iom_t_c_ha : array_like, optional
        Inert organic matter [t C ha-1].  When omitted (and no ``initial``),
        it comes from ``soc_measured_t_c_ha`` by :func:`iom_falloon`.
    initial : RothCState, optional
        Measured initial pools (see :func:`initial_state`); then every month of
        ``forcing`` is simulated.  Without it the model is first spun up to
        equilibrium on the first 12 months and the simulation covers months
        12 onwards - the Rothamsted reference's convention.
    soc_measured_t_c_ha : array_like, optional
        Measured total SOC [t C ha-1] for the Falloon et al. (1998) IOM.
    params : RothCParameters, optional
    check_balance : bool
        Verify inputs - CO2 = change of stocks every month (default True).
    spin_up_tolerance_t_c_ha : float, optional
        Equilibrium criterion of the spin-up; default 1e-6 (the reference's).

    Returns
    -------
    RothCResult

    Raises
    ------
    InputError
        IOM neither given nor computable; too few months to spin up.
    BalanceError
        The monthly carbon balance does not close to 1e-9 (relative).
    """
    p = _params(params)
    spin_months = None
    if initial is None:
        if iom_t_c_ha is None:
            if soc_measured_t_c_ha is None:
                raise InputError(_("give the inert organic matter or a measured total SOC "
                                   "to estimate it (Falloon et al. 1998)"))
            iom_t_c_ha = iom_falloon(soc_measured_t_c_ha, p)
        spun = spin_up(forcing, clay_pct, depth_cm, iom_t_c_ha, params=p,
                       tolerance_t_c_ha=spin_up_tolerance_t_c_ha)
        initial, spin_months = spun.state, spun.months
        per_year = int(p.months_per_year)
        forcing = forcing.months(slice(per_year, None))
    elif iom_t_c_ha is not None:
        initial = RothCState(**{**{f.name: getattr(initial, f.name)
                                   for f in fields(RothCState)},
                                "iom_t_c_ha": _field(iom_t_c_ha, initial.n_fields).copy()})
    n_fields = _n_fields(forcing, clay_pct, depth_cm, initial.dpm_t_c_ha)
    if initial.n_fields != n_fields:
        initial = _where_state(np.ones(n_fields, dtype=bool), initial, initial)
    clay, depth = _field(clay_pct, n_fields), _field(depth_cm, n_fields)

    n = forcing.n_months
    state, monthly = _advance(initial, {k: getattr(forcing, k) for k in _DRIVER_ORDER},
                              clay, depth, p, n_fields, monthly=True)
    out = {name: monthly[_MONTHLY.index(name)] for name in
           ("dpm_t_c_ha", "rpm_t_c_ha", "bio_t_c_ha", "hum_t_c_ha", "soc_age_yr", "smd_mm")}
    out["iom_t_c_ha"] = np.broadcast_to(initial.iom_t_c_ha, (n, n_fields)).copy()
    extra = {name: monthly[_MONTHLY.index(name)] for name in
             ("co2_t_c_ha", "rmf_temperature", "rmf_moisture", "rmf_cover")}
    soc = (out["dpm_t_c_ha"] + out["rpm_t_c_ha"] + out["bio_t_c_ha"] + out["hum_t_c_ha"]
           + out["iom_t_c_ha"])
    result = RothCResult(
        year=forcing.year, month=forcing.month, soc_t_c_ha=soc,
        delta14c_permil=delta14c_permil(out["soc_age_yr"], p),
        c_input_t_c_ha=np.broadcast_to(
            forcing.c_input_t_c_ha.reshape(n, -1), (n, n_fields)).copy(),
        fym_t_c_ha=np.broadcast_to(forcing.fym_t_c_ha.reshape(n, -1), (n, n_fields)).copy(),
        initial=initial, final=state, spin_up_months=spin_months, **out, **extra)
    if check_balance:
        check_carbon_balance(result)
    return result


def check_carbon_balance(result: RothCResult, rtol: float = BALANCE_TOLERANCE) -> None:
    """Raise :class:`BalanceError` unless inputs - CO2 = change of stocks every month.

    The tolerance is ``rtol`` times the larger of 1 t C ha-1 and the SOC stock.
    """
    residual = carbon_balance_residual_t_c_ha(result)
    scale = np.maximum(1.0, np.abs(result.soc_t_c_ha))
    bad = ~(np.abs(residual) <= rtol * scale)
    if bad.any():
        month, field = np.argwhere(bad)[0]
        raise BalanceError(_("RothC carbon balance broken in month {month} of field {field}: "
                             "residual {residual} t C/ha").format(
            month=int(month), field=int(field), residual=float(residual[month, field])))


def carbon_balance_residual_t_c_ha(result: RothCResult) -> np.ndarray:
    """Inputs - CO2 - change of stocks for every month and field [t C ha-1].

    The stocks are all pools (IOM included); the first month's change is taken
    from ``result.initial``.  Zero up to rounding for a correct model.
    """
    stocks = result.soc_t_c_ha
    before = np.concatenate([result.initial.soc_t_c_ha[None, :], stocks[:-1]], axis=0)
    return result.c_input_t_c_ha + result.fym_t_c_ha - result.co2_t_c_ha - (stocks - before)


# --------------------------------------------------------------------------------------
# Reference input and output files
# --------------------------------------------------------------------------------------

_SITE_COLUMNS = ("clay", "depth", "iom", "nsteps")
_MONTH_COLUMNS = ("year", "month", "modern", "tmp", "rain", "evap", "c_inp", "fym", "pc",
                  "dpm_rpm")


@dataclass(frozen=True)
class RothCInput:
    """Contents of a RothC reference input file (one field)."""

    clay_pct: float
    depth_cm: float
    iom_t_c_ha: float
    n_steps: int
    forcing: RothCForcing


def read_rothc_input(path: str | Path) -> RothCInput:
    """Read an input file in the format of the Rothamsted RothC_Py reference.

    The file has free-text header lines, a line ``clay depth iom nsteps`` with
    its values on the next line, a units line, the header
    ``year month modern Tmp Rain Evap C_inp FYM PC DPM_RPM`` and then one
    whitespace-separated row per month.  The first ``nsteps`` monthly rows are
    used; the first 12 of them drive the equilibrium spin-up.

    Raises
    ------
    InputError
        Listing every problem found, with its line number and column.
    """
    name = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(name, None, None, _("cannot read the file: {error}").format(
            error=exc))) from exc
    problems: list[Problem] = []

    def fail(row, column, message):
        problems.append(Problem(name, row, column, message))

    site_at = next((i for i, line in enumerate(lines)
                    if tuple(t.lower() for t in line.split()) == _SITE_COLUMNS), None)
    if site_at is None or site_at + 1 >= len(lines):
        raise InputError(Problem(name, None, None, _(
            "no site line 'clay depth iom nsteps' followed by its values")))
    site_tokens = lines[site_at + 1].split()
    if len(site_tokens) != len(_SITE_COLUMNS):
        raise InputError(Problem(name, site_at + 2, None, _(
            "expected 4 values (clay depth iom nsteps), got {n}").format(n=len(site_tokens))))
    site: dict[str, float] = {}
    for column, token in zip(_SITE_COLUMNS, site_tokens, strict=True):
        value = _number(token)
        if value is None:
            fail(site_at + 2, column, _("not a number: {value!r}").format(value=token))
        else:
            site[column] = value
    checks = {"clay": (0.0, 100.0), "depth": (1e-9, math.inf), "iom": (0.0, math.inf),
              "nsteps": (12, math.inf)}
    for column, (low, high) in checks.items():
        if column in site and not low <= site[column] <= high:
            fail(site_at + 2, column, _("value {value} outside [{low}, {high}]").format(
                value=site[column], low=low, high=high))
    if "nsteps" in site and site["nsteps"] != int(site["nsteps"]):
        fail(site_at + 2, "nsteps", _("must be a whole number of months"))

    head_at = next((i for i in range(site_at + 2, len(lines))
                    if lines[i].split()[:2] and
                    [t.lower() for t in lines[i].split()[:2]] == ["year", "month"]), None)
    if head_at is None:
        fail(None, None, _("no monthly table header 'year month modern Tmp Rain Evap C_inp "
                           "FYM PC DPM_RPM'"))
        raise InputError(problems)
    header = tuple(t.lower() for t in lines[head_at].split())
    if header != _MONTH_COLUMNS:
        fail(head_at + 1, None, _("monthly columns must be {expected}, got {got}").format(
            expected=" ".join(_MONTH_COLUMNS), got=" ".join(lines[head_at].split())))
        raise InputError(problems)

    rows: list[list[float]] = []
    row_lines: list[int] = []
    for i in range(head_at + 1, len(lines)):
        tokens = lines[i].split()
        if not tokens:
            continue
        if len(tokens) != len(_MONTH_COLUMNS):
            fail(i + 1, None, _("expected {n} values, got {got}").format(
                n=len(_MONTH_COLUMNS), got=len(tokens)))
            continue
        values = []
        for column, token in zip(_MONTH_COLUMNS, tokens, strict=True):
            value = _number(token)
            if value is None:
                fail(i + 1, column, _("not a number: {value!r}").format(value=token))
                value = math.nan
            values.append(value)
        rows.append(values)
        row_lines.append(i + 1)
    limits = {"month": (1, 12), "modern": (0.0, math.inf), "tmp": (-100.0, 100.0),
              "rain": (0.0, math.inf), "c_inp": (0.0, math.inf),
              "fym": (0.0, math.inf), "dpm_rpm": (0.0, math.inf)}
    for values, line_no in zip(rows, row_lines, strict=True):
        record = dict(zip(_MONTH_COLUMNS, values, strict=True))
        for column, (low, high) in limits.items():
            value = record[column]
            if not math.isnan(value) and not low <= value <= high:
                fail(line_no, column, _("value {value} outside [{low}, {high}]").format(
                    value=value, low=low, high=high))
        if not math.isnan(record["pc"]) and record["pc"] not in (0.0, 1.0):
            fail(line_no, "pc", _("plant cover must be 0 (bare) or 1 (covered), got "
                                  "{value}").format(value=record["pc"]))
        for column in ("year", "month"):
            if not math.isnan(record[column]) and record[column] != int(record[column]):
                fail(line_no, column, _("must be a whole number"))
    _check_month_order(rows, row_lines, fail)
    n_steps = int(site.get("nsteps", 0)) if "nsteps" in site and not problems else None
    if n_steps is not None and len(rows) < n_steps:
        fail(None, None, _("nsteps is {n} but the file has {got} monthly rows").format(
            n=n_steps, got=len(rows)))
    if problems:
        raise InputError(problems)
    if len(rows) > n_steps:
        warnings.warn(_("{file}: using the first {n} of {got} monthly rows (nsteps)").format(
            file=name, n=n_steps, got=len(rows)), stacklevel=2)
    table = np.array(rows[:n_steps], dtype=np.float64).reshape(n_steps, len(_MONTH_COLUMNS))
    col = {c: table[:, j] for j, c in enumerate(_MONTH_COLUMNS)}
    forcing = RothCForcing(
        year=col["year"].astype(np.int64), month=col["month"].astype(np.int64),
        modern_pct=col["modern"], tmp_c=col["tmp"], rain_mm=col["rain"], evap_mm=col["evap"],
        c_input_t_c_ha=col["c_inp"], fym_t_c_ha=col["fym"], plant_cover=col["pc"],
        dpm_rpm_ratio=col["dpm_rpm"])
    return RothCInput(clay_pct=site["clay"], depth_cm=site["depth"], iom_t_c_ha=site["iom"],
                      n_steps=n_steps, forcing=forcing)


def _check_month_order(rows: list[list[float]], row_lines: list[int], fail) -> None:
    """Report rows whose (year, month) does not follow the previous row by one month."""
    year_at, month_at = _MONTH_COLUMNS.index("year"), _MONTH_COLUMNS.index("month")
    previous = None
    for values, line_no in zip(rows, row_lines, strict=True):
        year, month = values[year_at], values[month_at]
        if math.isnan(year) or math.isnan(month):
            previous = None
            continue
        if previous is not None:
            p_year, p_month = previous
            # within a year month m+1 follows m; after December comes January of a later
            # year (the reference's equilibrium year 1 is followed by e.g. 1939)
            ok = (month == 1 and year > p_year) if p_month == 12 else (
                year == p_year and month == p_month + 1)
            if not ok:
                fail(line_no, "month", _(
                    "months out of order: year {year} month {month} follows year {p_year} "
                    "month {p_month}; expected month {e_month}").format(
                        year=int(year), month=int(month), p_year=int(p_year),
                        p_month=int(p_month), e_month=int(p_month % 12 + 1)))
        previous = (year, month)


def _number(token: str) -> float | None:
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def run_rothc_input(data: RothCInput, params: RothCParameters | None = None) -> RothCResult:
    """Run a reference input file as RothC_Py does: spin up on months 1-12, then the rest."""
    return run_rothc(data.forcing, data.clay_pct, data.depth_cm, data.iom_t_c_ha,
                     params=params)


def month_results_rows(result: RothCResult, field: int = 0) -> list[tuple]:
    """Rows of the reference's monthly table for one field (see MONTH_RESULT_COLUMNS)."""
    return [
        (int(result.year[i]), int(result.month[i]), float(result.dpm_t_c_ha[i, field]),
         float(result.rpm_t_c_ha[i, field]), float(result.bio_t_c_ha[i, field]),
         float(result.hum_t_c_ha[i, field]), float(result.iom_t_c_ha[i, field]),
         float(result.soc_t_c_ha[i, field]), float(result.delta14c_permil[i, field]))
        for i in range(result.year.shape[0])
    ]


def write_month_results(result: RothCResult, stream: IO[str], field: int = 0) -> None:
    """Write the reference's ``month_results.csv`` table for one field to ``stream``."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(MONTH_RESULT_COLUMNS)
    for row in month_results_rows(result, field):
        writer.writerow([repr(v) for v in row])
