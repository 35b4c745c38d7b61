"""Python API of the engine: N fields in, daily and seasonal arrays out.

Example
-------
>>> import numpy as np
>>> from zhassyl.engine.simulate import (Fields, Weather, simulate, soil_table,
...     crop_table, management_table, default_settings, Horizon)
>>> # see docs/engine.md for a complete, runnable example

The engine itself (``kernel.run_fields``) is compiled with Numba and does no
I/O; this module checks shapes and values, allocates the outputs, and checks
the water balance of every field and season.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from zhassyl.engine.kernel import N_DAILY_VARS, N_SEASON_VARS, run_fields
from zhassyl.engine.layout import (
    CROP_DTYPE,
    DAILY_VARS,
    MANAGEMENT_DTYPE,
    SEASON_VARS,
    SETTINGS_DTYPE,
    SOIL_DTYPE,
    S,
)
from zhassyl.engine.soil_water import tau_from_ksat
from zhassyl.errors import BalanceError, InputError, ParameterError, Problem
from zhassyl.i18n import _

#: Relative tolerance of the water balance of each field and season.
BALANCE_RTOL = 1e-9


@dataclass(frozen=True)
class Horizon:
    """One soil horizon (AquaCrop .SOL layer)."""

    thickness_m: float
    theta_sat: float          # saturation [m3 m-3]
    theta_fc: float           # field capacity [m3 m-3]
    theta_wp: float           # wilting point [m3 m-3]
    ksat_mm_day: float        # saturated hydraulic conductivity [mm d-1]
    tau: float | None = None  # drainage characteristic; from Ksat when None (AquaCrop eq. 3.2c)


@dataclass(frozen=True)
class SoilCompartments:
    """Compartment arrays of ``n_soils`` soil profiles, each shaped (n_soils, n_comp)."""

    dz_m: np.ndarray
    theta_sat: np.ndarray
    theta_fc: np.ndarray
    theta_wp: np.ndarray
    ksat_mm_day: np.ndarray
    tau: np.ndarray
    surface: np.ndarray       # SOIL_DTYPE records (n_soils,)


def compartment_thickness_m(soil_depth_m: float, zmax_m: float, n: int = 12,
                            base_m: float = 0.10) -> np.ndarray:
    """Compartment thicknesses covering the soil and the deepest root zone.

    AquaCrop's rule (reference manual ch. 2.10 and ``AdjustSizeCompartments``):
    ``n`` compartments of ``base_m`` when they cover the profile, else enough
    of them when the soil is deeper, else ``n`` compartments growing with depth
    as 0.05·round(20·base·(1 + i·f)) m, f = (Zmax/base - n)/((n² + n)/2 ... ),
    the last one deepened until the root zone is covered.
    """
    need = max(zmax_m, 0.0)
    if need <= n * base_m + 1e-9:
        k = max(n, int(np.ceil(soil_depth_m / base_m - 1e-9)))
        k = max(n, min(k, int(np.ceil(max(soil_depth_m, need) / base_m - 1e-9))))
        if k * base_m < need:
            k = int(np.ceil(need / base_m))
        return np.full(n if k * base_m <= n * base_m else k, base_m)
    f_add = (need / base_m - n) / ((n * n + n) / 2 * 1.0)
    dz = np.array([0.05 * round(20.0 * base_m * (1.0 + i * f_add)) for i in range(1, n + 1)])
    while dz.sum() < need + 1e-6:
        dz[-1] += 0.05
    return dz


def soil_table(profiles: Sequence[tuple], zmax_m: float | Sequence[float]) -> SoilCompartments:
    """Compartments of several soil profiles.

    Each profile is ``(horizons, curve_number, rew_mm)`` or, for capillary rise
    from a water table, ``(horizons, curve_number, rew_mm, cr_a, cr_b)`` with
    AquaCrop's capillary-rise parameters of the soil.

    Every profile is divided with :func:`compartment_thickness_m` down to the
    deeper of the soil and ``zmax_m``; the last horizon continues below the
    soil's stated depth.  All profiles get the same number of compartments.
    """
    if not profiles:
        raise ParameterError(_("no soil profile given"))
    zmaxes = np.broadcast_to(np.asarray(zmax_m, dtype=float), (len(profiles),))
    layouts = []
    for prof, zx in zip(profiles, zmaxes, strict=True):
        horizons = prof[0]
        if not horizons:
            raise ParameterError(_("a soil profile has no horizon"))
        depth = sum(h.thickness_m for h in horizons)
        layouts.append(compartment_thickness_m(depth, zx))
    n_comp = max(len(x) for x in layouts)
    n = len(profiles)
    arrays = {k: np.zeros((n, n_comp)) for k in ("dz", "sat", "fc", "wp", "ksat", "tau")}
    surface = np.zeros(n, dtype=SOIL_DTYPE)
    for s, (prof, dz) in enumerate(zip(profiles, layouts, strict=True)):
        horizons, cn, rew = prof[0], prof[1], prof[2]
        cr_a, cr_b = (prof[3], prof[4]) if len(prof) >= 5 else (0.0, 0.0)
        for h in horizons:
            if not 0.0 <= h.theta_wp < h.theta_fc < h.theta_sat <= 1.0:
                raise ParameterError(_(
                    "soil horizon water contents must satisfy 0 <= WP < FC < SAT <= 1 (m3/m3), "
                    "got WP {wp}, FC {fc}, SAT {sat}").format(
                        wp=h.theta_wp, fc=h.theta_fc, sat=h.theta_sat))
            if h.ksat_mm_day <= 0.0 or h.thickness_m <= 0.0:
                raise ParameterError(_("soil horizon thickness and Ksat must be positive"))
        if not 0.0 < cn <= 100.0:
            raise ParameterError(_("curve number must be within 0..100, got {cn}").format(cn=cn))
        # pad with thin copies of the last compartment so all profiles share n_comp
        dz = np.concatenate([dz, np.full(n_comp - len(dz), 1e-3)])
        tops = np.concatenate([[0.0], np.cumsum(dz)[:-1]])
        centres = tops + dz / 2
        bounds = np.cumsum([h.thickness_m for h in horizons])
        for i, c in enumerate(centres):
            j = int(np.searchsorted(bounds, c, side="right"))
            h = horizons[min(j, len(horizons) - 1)]
            arrays["dz"][s, i] = dz[i]
            arrays["sat"][s, i] = h.theta_sat
            arrays["fc"][s, i] = h.theta_fc
            arrays["wp"][s, i] = h.theta_wp
            arrays["ksat"][s, i] = h.ksat_mm_day
            arrays["tau"][s, i] = h.tau if h.tau is not None else tau_from_ksat(h.ksat_mm_day)
        surface[s]["cn"] = cn
        surface[s]["rew_mm"] = rew
        surface[s]["cr_a"] = cr_a
        surface[s]["cr_b"] = cr_b
    return SoilCompartments(arrays["dz"], arrays["sat"], arrays["fc"], arrays["wp"],
                            arrays["ksat"], arrays["tau"], surface)


def _records(dtype: np.dtype, rows: Sequence[dict], what: str) -> np.ndarray:
    out = np.zeros(len(rows), dtype=dtype)
    for i, row in enumerate(rows):
        missing = [k for k in dtype.names if k not in row]
        unknown = [k for k in row if k not in dtype.names]
        if missing or unknown:
            raise ParameterError(_("{what} parameter set {i}: missing {missing}, unknown "
                                   "{unknown}").format(what=what, i=i, missing=missing,
                                                       unknown=unknown))
        for k in dtype.names:
            v = row[k]
            if v is None or (isinstance(v, float) and not np.isfinite(v)):
                raise ParameterError(_("{what} parameter set {i}: '{name}' is not set").format(
                    what=what, i=i, name=k))
            out[i][k] = v
    return out


def crop_table(rows: Sequence[dict]) -> np.ndarray:
    """Crop parameter records (``layout.CROP_DTYPE``) from dicts with every field named."""
    return _records(CROP_DTYPE, rows, "crop")


def management_table(rows: Sequence[dict]) -> np.ndarray:
    """Management records (``layout.MANAGEMENT_DTYPE``) from dicts with every field named."""
    return _records(MANAGEMENT_DTYPE, rows, "management")


def default_settings(**overrides) -> np.ndarray:
    """Simulation settings record; defaults are AquaCrop 7's program parameters (DEFAULT.PPn)."""
    values = {
        "evap_decline": 4.0,       # stage-2 evaporation decline factor (AquaCrop default)
        "kex": 1.10,               # Ke of wet bare soil (AquaCrop default; FAO-56 Ke max ~1.1)
        "evap_layer_m": 0.15,      # evaporating layer (AquaCrop minimum EvapZ)
        "evap_zmax_m": 0.30,       # deepest stage-2 evaporating layer (AquaCrop default 30 cm)
        "root_start_pct": 70.0,    # root zone starts at 70 % of Zmin (AquaCrop default)
        "root_stress_shape": -6.0,  # shape of water stress on root deepening (AquaCrop default)
        "top_soil_m": 0.10,        # top soil for stress checks (AquaCrop default 10 cm)
        "cn_depth_m": 0.30,        # depth for the CN moisture class (AquaCrop default)
        "cn_adjust": 1,            # CN adjusted to antecedent moisture (AquaCrop default)
        "p_sen_beta_pct": 12.0,    # p_sen lowered by 12 % once senescence started (default)
        # runoff only on days with more than 0.1 mm of rain (AquaCrop 7.3 simul.f90, BUDGET:
        # "GetRain() > 0.1_dp"); the same threshold marks the surface as wetted by rain
        "rain_event_mm": 0.1,
        # model assumptions, not AquaCrop's: the post-season leaching irrigation (FAO-29
        # leaching requirement) is applied at most 150 mm a day, a basin flooding's depth;
        # the root-zone ECe and the capillary-rise target are taken over at least the top
        # 0.3 m (also on a bare field or under a seedling); an
        # application efficiency below 5 % is read as 5 % (a guard against division by ~0)
        "leach_max_mm_day": 150.0,
        "salinity_zone_min_m": 0.3,
        "irr_efficiency_min": 0.05,
        # days of waterlogging to the full aeration stress (AquaCrop 7.3 initialsettings.f90,
        # DelayLowOxygen 3; program parameter "delay of low oxygen stress")
        "low_oxygen_delay_days": 3.0,
    }
    unknown = set(overrides) - set(values)
    if unknown:
        raise ParameterError(_("unknown simulation settings: {names}").format(
            names=sorted(unknown)))
    values.update(overrides)
    return _records(SETTINGS_DTYPE, [values], "settings")


@dataclass(frozen=True)
class Weather:
    """Daily weather of W stations on one calendar: arrays (W, n_days); CO2 (n_days,)."""

    dates: np.ndarray
    tmin_c: np.ndarray
    tmax_c: np.ndarray
    et0_mm: np.ndarray
    precip_mm: np.ndarray
    co2_ppm: np.ndarray

    def __post_init__(self):
        n = len(self.dates)
        problems = []
        for name in ("tmin_c", "tmax_c", "et0_mm", "precip_mm"):
            a = np.atleast_2d(np.asarray(getattr(self, name), dtype=float))
            object.__setattr__(self, name, a)
            if a.shape[1] != n:
                problems.append(Problem("weather", None, name, _(
                    "has {got} days, the calendar has {n}").format(got=a.shape[1], n=n)))
            elif not np.all(np.isfinite(a)):
                problems.append(Problem("weather", None, name, _("contains missing values")))
        co2 = np.broadcast_to(np.asarray(self.co2_ppm, dtype=float), (n,))
        object.__setattr__(self, "co2_ppm", np.ascontiguousarray(co2))
        if not problems:
            if np.any(self.tmin_c > self.tmax_c):
                problems.append(Problem("weather", None, "tmin_c", _("tmin_c > tmax_c")))
            if np.any(self.precip_mm < 0) or np.any(self.et0_mm < 0):
                problems.append(Problem("weather", None, "precip_mm/et0_mm",
                                        _("negative values")))
        if problems:
            raise InputError(problems)

    @property
    def n_days(self) -> int:
        return len(self.dates)

    def day_index(self, date) -> int:
        """Index of ``date`` in the calendar; InputError when outside it."""
        d = np.datetime64(date, "D")
        i = int((d - self.dates[0]).astype(int))
        if not 0 <= i < self.n_days:
            raise InputError(Problem("weather", None, "date", _(
                "{date} is outside the weather period {first}..{last}").format(
                    date=d, first=self.dates[0], last=self.dates[-1])))
        return i


@dataclass(frozen=True)
class Fields:
    """N fields: which parameter sets, weather and seasons each one uses.

    ``season_start``/``season_end`` are day indices into the weather calendar
    (inclusive), ``season_year`` the year of the stand (1 = sown that season),
    all shaped (n, S) with -1 for unused slots; ``cut_days`` (n, K) lists cut
    day indices (-1 = none) for management records without a cut interval.
    ``gw_depth_m`` and ``gw_ec_ds_m`` give the water table's depth [m] (<= 0: none)
    and salinity [dS m-1] per field and day, shaped (n, n_days), or (n, 1) for a
    constant table; when None, each field's management record's constant values.
    ``aquifer`` (n or 1, ``engine.aquifer.KERNEL_PARAMETERS``) gives fields their own
    moving table instead (rows with a drainable porosity > 0), with the rest of
    their block's daily exchange ``aquifer_inflow_mm`` and ``aquifer_salt_in_g_m2``
    (n or 1 rows, n_days or 1 columns; zero when None).
    """

    crop: np.ndarray
    crop_index: np.ndarray
    management: np.ndarray
    management_index: np.ndarray
    soil: SoilCompartments
    soil_index: np.ndarray
    weather_index: np.ndarray
    season_start: np.ndarray
    season_end: np.ndarray
    season_year: np.ndarray
    cut_days: np.ndarray = field(default_factory=lambda: np.full((1, 0), -1))
    theta0: np.ndarray | None = None
    settings: np.ndarray = field(default_factory=default_settings)
    ece0_ds_m: np.ndarray | float = 0.0
    companion_crop: np.ndarray | None = None
    companion_start: np.ndarray | None = None
    companion_end: np.ndarray | None = None
    companion_fodder: np.ndarray | None = None
    irrigation_days: np.ndarray = field(default_factory=lambda: np.full((1, 0), -1))
    gw_depth_m: np.ndarray | None = None
    gw_ec_ds_m: np.ndarray | None = None
    aquifer: np.ndarray | None = None
    aquifer_inflow_mm: np.ndarray | None = None
    aquifer_salt_in_g_m2: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.crop_index)


@dataclass(frozen=True)
class SimulationResult:
    """Outputs of :func:`simulate`.

    ``daily[name]`` (n, n_days) when requested; ``season`` (n, S, V) with
    variables ``layout.SEASON_VARS`` (use :meth:`season_var`); cut records
    ``cut_day``/``cut_biomass_t_ha``/``cut_yield_dry_t_ha`` (n, K) with -1 /
    NaN padding; ``theta_end`` and ``salt_end_g_m2`` (n, C) the final soil
    water and salt for chaining runs.
    """

    dates: np.ndarray
    daily: dict[str, np.ndarray] | None
    season: np.ndarray
    cut_day: np.ndarray
    cut_biomass_t_ha: np.ndarray
    cut_yield_dry_t_ha: np.ndarray
    theta_end: np.ndarray
    salt_end_g_m2: np.ndarray

    def season_var(self, name: str) -> np.ndarray:
        """Seasonal values of one variable, shaped (n, S)."""
        if name not in S:
            raise KeyError(f"unknown season variable {name!r}; known: {SEASON_VARS}")
        return self.season[:, :, S[name]]


def _index(a, n, upper, name) -> np.ndarray:
    arr = np.ascontiguousarray(np.broadcast_to(np.asarray(a, dtype=np.int64), (n,)))
    if arr.size and (arr.min() < 0 or arr.max() >= upper):
        raise InputError(Problem("fields", None, name, _(
            "index out of range 0..{upper}").format(upper=upper - 1)))
    return arr


def simulate(fields: Fields, weather: Weather, *, daily: bool = True, max_cuts: int | None = None,
             check_balance: bool = True, keep_state: bool = True) -> SimulationResult:
    """Simulate every field of ``fields`` under ``weather``; see :class:`SimulationResult`.

    ``daily=False`` keeps only seasonal outputs and ``keep_state=False`` drops the
    final soil water and salt per field: for millions of fields they dominate memory.

    Raises :class:`~zhassyl.errors.BalanceError` when the water balance of a
    field and season does not close to :data:`BALANCE_RTOL`.
    """
    n = fields.n
    comp = fields.soil
    n_soils, n_comp = comp.dz_m.shape
    crop_index = _index(fields.crop_index, n, len(fields.crop), "crop_index")
    mgmt_index = _index(fields.management_index, n, len(fields.management), "management_index")
    soil_index = _index(fields.soil_index, n, n_soils, "soil_index")
    weather_index = _index(fields.weather_index, n, weather.tmin_c.shape[0], "weather_index")
    ss = np.ascontiguousarray(np.broadcast_to(np.asarray(fields.season_start, np.int64),
                                              (n, np.shape(fields.season_start)[-1])))
    se = np.ascontiguousarray(np.broadcast_to(np.asarray(fields.season_end, np.int64), ss.shape))
    sy = np.ascontiguousarray(np.broadcast_to(np.asarray(fields.season_year, np.int64), ss.shape))
    used = ss >= 0
    if np.any(used & ((se < ss) | (se >= weather.n_days))):
        raise InputError(Problem("fields", None, "season_end", _(
            "a season ends before it starts or after the last weather day")))
    if np.any(used[:, 1:] & (ss[:, 1:] <= se[:, :-1])):
        raise InputError(Problem("fields", None, "season_start", _(
            "seasons of a field overlap or are not in order")))
    if np.any(used & (sy < 1)):
        raise InputError(Problem("fields", None, "season_year", _("year of stand must be >= 1")))
    cuts = np.asarray(fields.cut_days, np.int64)
    if cuts.ndim != 2:
        raise InputError(Problem("fields", None, "cut_days", _("must be a 2-D array")))
    cuts = np.ascontiguousarray(np.broadcast_to(cuts, (n, cuts.shape[1])))
    if max_cuts is None:
        max_cuts = max(cuts.shape[1], 10 * ss.shape[1])
    if fields.theta0 is None:
        theta0 = comp.theta_fc          # start at field capacity, looked up per soil
    else:
        theta0 = np.ascontiguousarray(np.broadcast_to(np.asarray(fields.theta0, float),
                                                      (n, n_comp))).copy()
    def per_season(a, fill, dtype):
        if a is None:
            return np.full(ss.shape, fill, dtype=dtype)
        return np.ascontiguousarray(np.broadcast_to(np.asarray(a, dtype), ss.shape))

    comp_crop = per_season(fields.companion_crop, -1, np.int64)
    comp_start = per_season(fields.companion_start, -1, np.int64)
    comp_end = per_season(fields.companion_end, -1, np.int64)
    comp_fodder = per_season(fields.companion_fodder, 0, np.int64)
    has_comp = comp_crop >= 0
    if np.any(has_comp & ((comp_crop >= len(fields.crop)) | (comp_start < ss) | (comp_end > se)
                          | (comp_end < comp_start))):
        raise InputError(Problem("fields", None, "companion", _(
            "a companion crop must be a known crop sown and harvested within its season")))
    irr_days = np.asarray(fields.irrigation_days, np.int64)
    irr_days = np.ascontiguousarray(np.broadcast_to(irr_days, (n, irr_days.shape[1])))
    ece0 = np.ascontiguousarray(np.broadcast_to(np.asarray(fields.ece0_ds_m, float), (n,)))
    if np.any(ece0 < 0) or np.any(ece0 > 100) or not np.all(np.isfinite(ece0)):
        raise InputError(Problem("fields", None, "ece0_ds_m", _(
            "initial soil salinity ECe must be within 0..100 dS/m")))
    gw_depth, gw_ec = groundwater_series(fields, mgmt_index, n, weather.n_days)
    d_out = np.zeros((N_DAILY_VARS, n, weather.n_days) if daily else (N_DAILY_VARS, 1, 1))
    s_out = np.zeros((n, ss.shape[1], N_SEASON_VARS))
    s_out[~used] = np.nan
    cut_day = np.full((n, max_cuts), -1, dtype=np.int64)
    cut_b = np.full((n, max_cuts), np.nan)
    cut_y = np.full((n, max_cuts), np.nan)
    theta_end = np.zeros((n, n_comp) if keep_state else (1, n_comp))
    salt_end = np.zeros((n, n_comp) if keep_state else (1, n_comp))
    aq_par, aq_in, aq_salt_in = aquifer_arrays(fields, n)
    run_fields(crop=fields.crop, crop_index=crop_index, mgmt=fields.management,
               mgmt_index=mgmt_index, soil=comp.surface, dz=comp.dz_m, sat=comp.theta_sat,
               fc=comp.theta_fc, wp=comp.theta_wp, ksat=comp.ksat_mm_day, tau=comp.tau,
               soil_index=soil_index, settings=fields.settings, theta0=theta0,
               theta0_by_field=fields.theta0 is not None, ece0=ece0, tmin=weather.tmin_c,
               tmax=weather.tmax_c, et0=weather.et0_mm, rain=weather.precip_mm,
               co2=weather.co2_ppm, weather_index=weather_index, season_start=ss,
               season_end=se, season_year=sy, comp_crop=comp_crop, comp_start=comp_start,
               comp_end=comp_end, comp_fodder=comp_fodder, cut_days=cuts, irr_days=irr_days,
               gw_depth_m=gw_depth, gw_ec_ds_m=gw_ec, aq_par=aq_par, aq_in_mm=aq_in,
               aq_salt_in_g_m2=aq_salt_in,
               want_daily=daily, daily=d_out, season_out=s_out, cut_day_out=cut_day,
               cut_biomass_out=cut_b, cut_yield_out=cut_y, theta_end=theta_end,
               salt_end=salt_end)
    if check_balance:
        check_water_balance(s_out)
    return SimulationResult(
        dates=weather.dates,
        daily={name: d_out[i] for i, name in enumerate(DAILY_VARS)} if daily else None,
        season=s_out, cut_day=cut_day, cut_biomass_t_ha=cut_b, cut_yield_dry_t_ha=cut_y,
        theta_end=theta_end, salt_end_g_m2=salt_end)


def aquifer_arrays(fields: Fields, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The kernel's aquifer parameters and block inflows (no aquifer: one row of zeros)."""
    from zhassyl.engine.aquifer import KERNEL_PARAMETERS

    k = len(KERNEL_PARAMETERS)
    par = np.zeros((1, k)) if fields.aquifer is None else np.asarray(fields.aquifer, float)
    if par.ndim != 2 or par.shape[1] != k or par.shape[0] not in (1, n) \
            or not np.all(np.isfinite(par)):
        raise InputError(Problem("fields", None, "aquifer", _(
            "must be shaped (fields, {k}) or (1, {k}) with finite values").format(k=k)))
    flows = []
    for name, a in (("aquifer_inflow_mm", fields.aquifer_inflow_mm),
                    ("aquifer_salt_in_g_m2", fields.aquifer_salt_in_g_m2)):
        a = np.zeros((1, 1)) if a is None else np.asarray(a, float)
        if a.ndim != 2 or a.shape[0] not in (1, n) or not np.all(np.isfinite(a)):
            raise InputError(Problem("fields", None, name, _(
                "must be shaped (fields, days) or (fields, 1)")))
        flows.append(a)
    return par, flows[0], flows[1]


def groundwater_series(fields: Fields, mgmt_index: np.ndarray, n: int,
                       n_days: int) -> tuple[np.ndarray, np.ndarray]:
    """Water-table depth [m] and salinity [dS m-1] per field and day for the kernel.

    Shaped (n, n_days), or (n, 1) when both are constant in time (the
    management records' values when :class:`Fields` gives none), so that a
    fixed table costs no memory.
    """
    series = []
    for name, given, key in (("gw_depth_m", fields.gw_depth_m, "groundwater_depth_m"),
                             ("gw_ec_ds_m", fields.gw_ec_ds_m, "ec_gw_ds_m")):
        if given is None:
            a = fields.management[key][mgmt_index][:, None].astype(float)
        else:
            a = np.asarray(given, dtype=float)
            if a.ndim != 2 or a.shape[0] not in (1, n) or a.shape[1] not in (1, n_days):
                raise InputError(Problem("fields", None, name, _(
                    "must be shaped (fields, days) or (fields, 1)")))
            if not np.all(np.isfinite(a)):
                raise InputError(Problem("fields", None, name, _("contains missing values")))
        series.append(a)
    width = max(a.shape[1] for a in series)
    depth, ec = (np.ascontiguousarray(np.broadcast_to(a, (n, width))) for a in series)
    if np.any(ec < 0):
        raise InputError(Problem("fields", None, "gw_ec_ds_m", _("negative values")))
    return depth, ec


#: Fields per block of the temporaries of :func:`check_water_balance`.
_BALANCE_BLOCK = 65536


def check_water_balance(season: np.ndarray, rtol: float = BALANCE_RTOL) -> None:
    """Raise BalanceError if ΔS ≠ P + I - RO - D - E - T for any field and season.

    The residual is computed in the kernel from the accumulated fluxes and the
    stored water; it must be below ``rtol`` times the water turned over.  The
    float temporaries are made :data:`_BALANCE_BLOCK` fields at a time: for
    millions of fields, whole-array ones would add to the run's peak memory.
    """
    resid = season[:, :, S["balance_residual_mm"]]
    sresid = season[:, :, S["salt_residual_t_ha"]]
    bad = np.empty(resid.shape, dtype=bool)
    sbad = np.empty(resid.shape, dtype=bool)
    for a in range(0, season.shape[0], _BALANCE_BLOCK):
        b = slice(a, a + _BALANCE_BLOCK)
        blk = season[b]
        scale = (blk[:, :, S["rain_mm"]] + blk[:, :, S["irrigation_mm"]]
                 + blk[:, :, S["storage_start_mm"]])
        bad[b] = np.abs(resid[b]) > rtol * np.maximum(scale, 1.0)
        bad[b] &= np.isfinite(resid[b])
        sscale = blk[:, :, S["salt_in_t_ha"]] + blk[:, :, S["salt_start_t_ha"]]
        sbad[b] = np.isfinite(sresid[b]) & (np.abs(sresid[b]) > rtol * np.maximum(sscale, 1e-6))
    if np.any(sbad):
        f, s = np.argwhere(sbad)[0]
        raise BalanceError(_(
            "salt balance does not close for {count} field-seasons; first: field {field}, "
            "season {season}, residual {resid:.3g} t/ha").format(
                count=int(sbad.sum()), field=int(f), season=int(s), resid=float(sresid[f, s])))
    if np.any(bad):
        f, s = np.argwhere(bad)[0]
        raise BalanceError(_(
            "water balance does not close for {count} field-seasons; first: field {field}, "
            "season {season}, residual {resid:.3g} mm").format(
                count=int(bad.sum()), field=int(f), season=int(s), resid=float(resid[f, s])))
