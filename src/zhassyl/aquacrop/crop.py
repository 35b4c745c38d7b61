"""Reader of AquaCrop crop files (``.CRO``), versions 5.1 to 7.3.

The order of the lines follows AquaCrop's own reader (``LoadCrop`` in
``global.f90`` of KUL-RSDA/AquaCrop 7.3); lines that exist only in some
versions or for some crop types are handled as AquaCrop handles them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from zhassyl.aquacrop._common import LineFile, optional, version_tenths
from zhassyl.i18n import _


class CropType(enum.Enum):
    """AquaCrop crop type (line 4 of a ``.CRO`` file)."""

    LEAFY_VEGETABLE = 1
    GRAIN = 2
    TUBER = 3
    FORAGE = 4


class Planting(enum.Enum):
    """How the crop starts (line 5): seed (1), transplant (0) or regrowth (-9)."""

    SEED = 1
    TRANSPLANT = 0
    REGROWTH = -9


class SeasonCriterion(enum.Enum):
    """How a perennial's restart (onset) or end of growth is found each year."""

    FIXED_DATE = "fixed_date"
    MEAN_AIR_TEMPERATURE = "mean_air_temperature"
    GROWING_DEGREE_DAYS = "growing_degree_days"


@dataclass(frozen=True)
class PerennialCalendar:
    """Internal crop calendar of a forage (perennial) crop: restart and end of growth.

    Each year the restart of growth (onset) is searched in a time window that
    opens on ``restart_window_first_day``/``restart_window_first_month`` and lasts
    ``restart_window_length_days``; it happens when the criterion exceeds
    ``restart_threshold`` over ``restart_successive_days`` successive days, at the
    ``restart_occurrences``-th occurrence.  The end of growth is searched in a
    window of ``end_window_length_days`` that closes on
    ``end_window_last_day``/``end_window_last_month`` (``end_extra_years`` years
    after the onset year); it happens when the criterion falls below
    ``end_threshold``.
    """

    restart_criterion: SeasonCriterion
    """Code 0 (fixed date), 12 (mean air temperature) or 13 (growing-degree days)."""
    restart_window_first_day: int
    restart_window_first_month: int
    restart_window_length_days: int
    restart_threshold: float
    """degC for the mean-air-temperature criterion, degC·day for the GDD criterion."""
    restart_successive_days: int
    restart_occurrences: int
    """1 to 3."""
    end_criterion: SeasonCriterion
    """Code 0 (fixed date), 62 (mean air temperature) or 63 (growing-degree days)."""
    end_window_last_day: int
    end_window_last_month: int
    end_extra_years: int
    """Years to add to the onset year to get the year of the end window."""
    end_window_length_days: int
    end_threshold: float
    """degC for the mean-air-temperature criterion, degC·day for the GDD criterion."""
    end_successive_days: int
    end_occurrences: int
    """1 to 3."""


@dataclass(frozen=True)
class CropParameters:
    """Every parameter of an AquaCrop crop file, in AquaCrop's meaning.

    Times are given twice in a ``.CRO`` file: in calendar days after sowing or
    transplanting (``days_*``) and in growing degree-days (``gdd_*_cday``,
    degC·day); ``cycle_in_gdd`` says which of the two AquaCrop uses.  Fractions
    are 0-1, percentages 0-100.  Values AquaCrop marks "not applicable" (-9)
    are ``None``.
    """

    source: str
    """The file read."""
    description: str
    version: float
    """AquaCrop version that wrote the file (line 2)."""
    crop_type: CropType
    planting: Planting
    """Type of planting in the seeding year: seed, transplant, or regrowth."""
    cycle_in_gdd: bool
    """True: crop development by growing degree-days (code 0); False: calendar days."""
    p_adjusted_to_eto: bool
    """Soil water depletion thresholds p are adjusted to ETo (FAO-56 method)."""
    t_base_c: float
    """Base temperature below which crop development does not progress (degC)."""
    t_upper_c: float
    """Upper temperature above which development no longer increases (degC)."""
    gdd_cycle_cday: int | None
    """Total length of the crop cycle in growing degree-days (line 10).
    All ``gdd_*`` and ``*_per_gdd`` fields are None where the file says -9
    (crops run in calendar days)."""
    p_expansion_upper: float
    """Depletion fraction of TAW at which canopy expansion starts to be reduced."""
    p_expansion_lower: float
    """Depletion fraction of TAW at which canopy expansion stops."""
    ks_shape_expansion: float
    """Shape of the Ks curve for canopy expansion (0 = straight line)."""
    p_stomata_upper: float
    """Depletion fraction at which stomata start to close."""
    ks_shape_stomata: float
    p_senescence_upper: float
    """Depletion fraction at which early canopy senescence starts."""
    ks_shape_senescence: float
    sum_eto_dormancy_wilting_mm: int
    """Sum of ETo during the dormant period to exceed before the crop is
    permanently wilted (mm; AquaCrop's ``SumEToDelaySenescence``)."""
    p_pollination_upper: float
    """Depletion fraction at which pollination starts to fail."""
    anaerobic_point_vol_pct: int
    """Air volume (vol %, below saturation) at which deficient aeration occurs."""
    fertility_stress_calibration_pct: int
    """Soil fertility stress (%) at which the stress response was calibrated."""
    fertility_shape_cgc: float
    """Shape of the response of CGC to soil fertility stress (> 24.9: not calibrated)."""
    fertility_shape_ccx: float
    """Shape of the response of CCx to soil fertility stress."""
    fertility_shape_wp: float
    """Shape of the response of WP to soil fertility stress."""
    fertility_shape_cdecline: float
    """Shape of the response of the decline of CC to soil fertility stress."""
    fertility_response_calibrated: bool
    """False when all four shape factors exceed 24.9 (AquaCrop's convention)."""
    premature_end_day_of_year: int | None
    """Annual crops (version >= 7.3): day (counted from 1 January of the planting
    year) at which the crop ends when too cold to reach maturity; None = -9."""
    t_cold_pollination_c: int
    """Minimum air temperature below which pollination starts to fail (degC)."""
    t_heat_pollination_c: int
    """Maximum air temperature above which pollination starts to fail (degC)."""
    gdd_min_full_transpiration_cday: float
    """Minimum growing degrees per day required for full transpiration (degC·day)."""
    ece_min_ds_m: int
    """ECe of the saturation extract at which the crop starts to be affected (dS/m)."""
    ece_max_ds_m: int
    """ECe at which the crop can no longer grow (dS/m)."""
    cc_salt_distortion_pct: int
    """Calibrated distortion (%) of canopy cover under salinity stress (0-100)."""
    stomata_response_ecsw_pct: int
    """Calibrated response (%) of stomatal stress to ECsw (0-200)."""
    kc_tr_x: float
    """Crop transpiration coefficient KcTr,x at full canopy before senescence."""
    kc_decline_cumulative_pct: float
    """Cumulative decrease (%) of KcTr,x at maturity due to ageing (version >= 7.3;
    older files: AquaCrop's default 11 %)."""
    kc_decline_pct_per_day: float | None
    """Older files (version <= 7.2) only: decline of KcTr,x in %/day (no longer used)."""
    zr_min_m: float
    """Minimum effective rooting depth (m)."""
    zr_max_m: float
    """Maximum effective rooting depth (m)."""
    root_shape_factor: int
    """Shape factor of root zone expansion."""
    sx_top_quarter_m3_m3_day: float
    """Maximum root water extraction in the top quarter of the root zone (m3/m3/day)."""
    sx_bottom_quarter_m3_m3_day: float
    """Maximum root water extraction in the bottom quarter of the root zone."""
    cc_effect_evaporation_late_pct: int
    """Effect (%) of canopy cover in reducing soil evaporation in the late season."""
    seedling_cover_cm2: float
    """Soil surface covered by one seedling at 90 % emergence (cm2)."""
    plant_cover_regrowth_cm2: float
    """Canopy size of one plant at the first day of regrowth (cm2)."""
    plant_density_per_ha: int
    """Number of plants per hectare."""
    cc0_fraction: float
    """Initial canopy cover CCo = plants/m2 × seedling cover (m2), derived."""
    cc_ini_regrowth_fraction: float
    """Canopy cover at the start of regrowth = plants/m2 × plant cover (m2), derived."""
    cgc_per_day: float
    """Canopy growth coefficient (fraction of soil cover per calendar day)."""
    years_ccx_decline_90pct: int
    """Perennials: years after which CCx has declined to 90 % by self-thinning."""
    ccx_decline_shape: float
    """Perennials: shape of the decline of CCx over the years (self-thinning)."""
    ccx_fraction: float
    """Maximum canopy cover CCx (fraction of soil cover)."""
    cdc_per_day: float
    """Canopy decline coefficient (fraction per calendar day)."""
    days_to_emergence: int
    """Calendar days from sowing to emergence (or to recovery after transplant)."""
    days_to_max_rooting: int
    days_to_senescence: int
    days_to_maturity: int
    """Calendar days from sowing to maturity (length of the crop cycle)."""
    days_to_flowering: int
    """Calendar days from sowing to flowering (0 for leafy vegetables and forage)."""
    flowering_length_days: int
    determinancy_linked_to_flowering: bool
    excess_fruits_pct: int | None
    """Potential excess of fruits (%); None for leafy vegetables and forage."""
    days_to_hi_buildup: int
    """Calendar days over which the harvest index builds up."""
    wp_star_g_m2: float
    """Water productivity normalised for ETo and CO2, WP* (g/m2)."""
    wp_yield_formation_pct: int
    """WP during yield formation as % of WP*."""
    co2_sink_strength_pct: int
    """Crop sink strength (%) for the response of biomass to elevated CO2."""
    hi0_pct: int
    """Reference harvest index HIo (%)."""
    hi_increase_water_stress_pct: int | None
    """Possible increase (%) of HI by water stress before flowering; None = -9."""
    hi_coefficient_vegetative_growth: float | None
    """Coefficient for the effect of restricted vegetative growth on HI; None = no effect."""
    hi_coefficient_stomatal_closure: float | None
    """Coefficient for the effect of stomatal closure on HI; None = no effect."""
    hi_max_increase_pct: int | None
    """Allowable maximum increase (%) of the specified HI; None = -9."""
    gdd_to_emergence_cday: int | None
    gdd_to_max_rooting_cday: int | None
    gdd_to_senescence_cday: int | None
    gdd_to_maturity_cday: int | None
    gdd_to_flowering_cday: int | None
    """0 for leafy vegetables and forage in GDD mode (as AquaCrop sets it)."""
    gdd_flowering_length_cday: int | None
    cgc_per_gdd: float | None
    """Canopy growth coefficient per growing degree-day (fraction per degC·day)."""
    cdc_per_gdd: float | None
    """Canopy decline coefficient per growing degree-day (fraction per degC·day)."""
    gdd_to_hi_buildup_cday: int | None
    dry_matter_content_pct: int | None
    """Dry matter content (%) of the fresh yield (version >= 6.2)."""
    zr_min_year1_m: float
    """Minimum rooting depth in the seeding year (m), for perennials."""
    sown_in_year1: bool
    """Perennials: the crop is sown (True) or transplanted (False) in the first year."""
    assimilate_transfer: bool
    """Transfer of assimilates between shoots and root system is considered."""
    assimilate_storage_days: int
    """Days at the end of the season during which assimilates are stored in roots."""
    assimilate_stored_pct: int
    """Assimilates (%) transferred to the roots on the last day of the season."""
    assimilate_remobilised_pct: int
    """Stored assimilates (%) moved back to the shoots in the next season."""
    perennial_calendar: PerennialCalendar | None
    """Restart and end of growth of forage crops; None for other crop types."""


_CRITERIA_ONSET = {0: SeasonCriterion.FIXED_DATE, 12: SeasonCriterion.MEAN_AIR_TEMPERATURE,
                   13: SeasonCriterion.GROWING_DEGREE_DAYS}
_CRITERIA_END = {0: SeasonCriterion.FIXED_DATE, 62: SeasonCriterion.MEAN_AIR_TEMPERATURE,
                 63: SeasonCriterion.GROWING_DEGREE_DAYS}


def read_crop(path: str | Path) -> CropParameters:
    """Read an AquaCrop crop file (``.CRO``).

    Parameters
    ----------
    path : str or Path
        The crop file (AquaCrop version 5.1 or later).

    Returns
    -------
    CropParameters

    Raises
    ------
    zhassyl.errors.InputError
        With one problem per bad line (file, 1-based line, parameter): missing
        lines, numbers that do not parse, values out of range, unknown codes,
        and files older than version 5.1.

    Examples
    --------
    >>> crop = read_crop("DATA/AlfOttawaGDD.CRO")  # doctest: +SKIP
    >>> crop.ccx_fraction, crop.wp_star_g_m2  # doctest: +SKIP
    (0.95, 15.0)
    """
    f = LineFile(path)
    description = f.next_text("description").strip()
    version = f.next_float("AquaCrop version", 0)
    f.check_version(version, 5.1)
    v = version_tenths(version)
    f.skip(1, "file protection")
    crop_type = f.next_code("crop type", {t.value: t for t in CropType})
    planting = f.next_code("type of planting", {p.value: p for p in Planting})
    cycle_in_gdd = f.next_code("crop cycle mode", {0: True, 1: False})
    p_adjusted = f.next_code("adjustment of p to ETo", {0: False, 1: True})
    t_base = f.next_float("Tbase", -50, 50)
    t_upper = f.next_float("Tupper", -50, 60)
    gdd_cycle = optional(f.next_int("GDD of crop cycle", 0, allowed=(-9,)))
    p_exp_upper = f.next_float("p-exp upper", 0, 1)
    p_exp_lower = f.next_float("p-exp lower", 0, 1)
    shape_exp = f.next_float("Ks shape expansion")
    p_sto = f.next_float("p-sto", 0, 1)
    shape_sto = f.next_float("Ks shape stomata")
    p_sen = f.next_float("p-sen", 0, 1)
    shape_sen = f.next_float("Ks shape senescence")
    sum_eto = f.next_int("SumETo dormancy", allowed=(-9,))
    p_pol = f.next_float("p-pol", 0, 1)
    anaero = f.next_int("anaerobiotic point", 0, 100)
    fert_calib = f.next_int("fertility stress at calibration", 0, 100)
    shape_cgc = f.next_float("fertility shape CGC")
    shape_ccx = f.next_float("fertility shape CCx")
    shape_wp = f.next_float("fertility shape WP")
    shape_cdec = f.next_float("fertility shape CDecline")
    premature = f.next_int("premature end day")
    premature_end = optional(premature) if v > 72 else None
    t_cold = f.next_int("Tcold pollination")
    t_heat = f.next_int("Theat pollination")
    gd_low = f.next_float("GD for full transpiration", 0)
    ece_min = f.next_int("ECemin", 0)
    ece_max = f.next_int("ECemax", 0)
    f.skip(1, "dummy (Ks salinity shape)")
    cc_salt = f.next_int("CC salt distortion", 0, 100)
    resp_ecsw = f.next_int("stomata response to ECsw", 0, 200)
    kc_tr_x = f.next_float("KcTr,x", 0, 2)
    kc_decline = f.next_float("Kc decline", 0)
    zr_min = f.next_float("Zr min", 0, 10)
    zr_min_row = f.row
    zr_max = f.next_float("Zr max", 0, 10)
    root_shape = f.next_int("root shape factor", 0)
    sx_top = f.next_float("SxTop quarter", 0, 1)
    sx_bot = f.next_float("SxBot quarter", 0, 1)
    cc_evap = f.next_int("CC effect on evaporation late season", 0, 100)
    seedling = f.next_float("seedling cover", 0)
    plant_cover = f.next_float("plant cover at regrowth", 0) if v >= 50 else seedling
    density = f.next_int("plant density", 0)
    cgc = f.next_float("CGC", 0, 1)
    years_ccx = f.next_int("years CCx decline to 90 %", allowed=(-9,))
    ccx_root = f.next_float("shape CCx decline")
    f.skip(1, "dummy")
    ccx = f.next_float("CCx", 0, 1)
    cdc = f.next_float("CDC", 0, 1)
    d_emerg = f.next_int("days to emergence", 0)
    d_root = f.next_int("days to max rooting", 0)
    d_sen = f.next_int("days to senescence", 0)
    d_mat = f.next_int("days to maturity", 0)
    d_flow = f.next_int("days to flowering", 0, allowed=(-9,))
    l_flow = f.next_int("length of flowering", 0, allowed=(-9,))
    leafy = crop_type in (CropType.LEAFY_VEGETABLE, CropType.FORAGE)
    if leafy:  # AquaCrop: HI of leafy crops builds up from sowing
        d_flow, l_flow = 0, 0
    determinancy = f.next_int("determinancy linked with flowering") == 1
    excess = f.next_int("excess of fruits")
    excess_fruits = None if leafy else optional(excess)
    d_hi = f.next_int("days to build-up of HI", allowed=(-9,))
    wp = f.next_float("WP*", 0, 100)
    wpy = f.next_int("WP in yield formation", 0, 200)
    co2_sink = f.next_int("CO2 sink strength", 0, 100)
    hi0 = f.next_int("HIo", 0, 100)
    hi_inc = f.next_int("HI increase by water stress", allowed=(-9,))
    a_coeff = f.next_float("HI coefficient vegetative growth")
    b_coeff = f.next_float("HI coefficient stomatal closure")
    dhi_max = f.next_int("maximum increase of HI", allowed=(-9,))
    g_emerg = optional(f.next_int("GDD to emergence", low=0, allowed=(-9,)))
    g_root = optional(f.next_int("GDD to max rooting", low=0, allowed=(-9,)))
    g_sen = optional(f.next_int("GDD to senescence", low=0, allowed=(-9,)))
    g_mat = optional(f.next_int("GDD to maturity", low=0, allowed=(-9,)))
    g_flow = optional(f.next_int("GDD to flowering", low=0, allowed=(-9,)))
    g_lflow = optional(f.next_int("GDD length of flowering", low=0, allowed=(-9,)))
    cgc_gdd = optional(f.next_float("CGC per GDD"))
    cdc_gdd = optional(f.next_float("CDC per GDD"))
    g_hi = optional(f.next_int("GDD build-up of HI", low=0, allowed=(-9,)))
    if cycle_in_gdd and leafy:
        g_flow, g_lflow = 0, 0
    if v < 62:
        dry_matter = None
        zr_min_y1, sown_y1 = zr_min, planting is Planting.SEED
        assim_on, assim_days, assim_stored, assim_mob = False, 0, 0, 0
    else:
        dry_matter = optional(f.next_int("dry matter content", 0, 100, allowed=(-9,)))
        zr_min_y1 = f.next_float("Zr min in first year", 0, 10)
        sown_y1 = f.next_int("sown in first year") == 1
        assim_on = f.next_int("transfer of assimilates") == 1
        assim_days = f.next_int("days of assimilate storage", 0)
        assim_stored = f.next_int("% assimilates stored", 0, 100)
        assim_mob = f.next_int("% assimilates remobilised", 0, 100)
    calendar = _read_perennial_calendar(f) if crop_type is CropType.FORAGE else None

    if t_upper <= t_base:
        f.problem(9, "Tupper", _msg_greater("Tupper", "Tbase"))
    if zr_min > zr_max:
        f.problem(zr_min_row, "Zr min", _msg_not_smaller("Zr max", "Zr min"))
    if p_exp_lower < p_exp_upper:
        f.problem(12, "p-exp lower", _msg_not_smaller("p-exp lower", "p-exp upper"))
    f.finish()

    def per_m2(cm2: float) -> float:
        return density / 10_000.0 * cm2 / 10_000.0

    return CropParameters(
        source=str(path), description=description, version=version,
        crop_type=crop_type, planting=planting, cycle_in_gdd=cycle_in_gdd,
        p_adjusted_to_eto=p_adjusted, t_base_c=t_base, t_upper_c=t_upper,
        gdd_cycle_cday=gdd_cycle, p_expansion_upper=p_exp_upper,
        p_expansion_lower=p_exp_lower, ks_shape_expansion=shape_exp,
        p_stomata_upper=p_sto, ks_shape_stomata=shape_sto, p_senescence_upper=p_sen,
        ks_shape_senescence=shape_sen, sum_eto_dormancy_wilting_mm=sum_eto,
        p_pollination_upper=p_pol, anaerobic_point_vol_pct=anaero,
        fertility_stress_calibration_pct=fert_calib, fertility_shape_cgc=shape_cgc,
        fertility_shape_ccx=shape_ccx, fertility_shape_wp=shape_wp,
        fertility_shape_cdecline=shape_cdec,
        fertility_response_calibrated=not all(
            s > 24.9 for s in (shape_cgc, shape_ccx, shape_wp, shape_cdec)),
        premature_end_day_of_year=premature_end, t_cold_pollination_c=t_cold,
        t_heat_pollination_c=t_heat, gdd_min_full_transpiration_cday=gd_low,
        ece_min_ds_m=ece_min, ece_max_ds_m=ece_max, cc_salt_distortion_pct=cc_salt,
        stomata_response_ecsw_pct=resp_ecsw, kc_tr_x=kc_tr_x,
        kc_decline_cumulative_pct=kc_decline if v > 72 else 11.0,
        kc_decline_pct_per_day=None if v > 72 else kc_decline,
        zr_min_m=zr_min, zr_max_m=zr_max, root_shape_factor=root_shape,
        sx_top_quarter_m3_m3_day=sx_top, sx_bottom_quarter_m3_m3_day=sx_bot,
        cc_effect_evaporation_late_pct=cc_evap, seedling_cover_cm2=seedling,
        plant_cover_regrowth_cm2=plant_cover, plant_density_per_ha=density,
        cc0_fraction=per_m2(seedling), cc_ini_regrowth_fraction=per_m2(plant_cover),
        cgc_per_day=cgc, years_ccx_decline_90pct=years_ccx, ccx_decline_shape=ccx_root,
        ccx_fraction=ccx, cdc_per_day=cdc, days_to_emergence=d_emerg,
        days_to_max_rooting=d_root, days_to_senescence=d_sen, days_to_maturity=d_mat,
        days_to_flowering=d_flow, flowering_length_days=l_flow,
        determinancy_linked_to_flowering=determinancy, excess_fruits_pct=excess_fruits,
        days_to_hi_buildup=d_hi, wp_star_g_m2=wp, wp_yield_formation_pct=wpy,
        co2_sink_strength_pct=co2_sink, hi0_pct=hi0,
        hi_increase_water_stress_pct=optional(hi_inc),
        hi_coefficient_vegetative_growth=optional(a_coeff),
        hi_coefficient_stomatal_closure=optional(b_coeff),
        hi_max_increase_pct=optional(dhi_max), gdd_to_emergence_cday=g_emerg,
        gdd_to_max_rooting_cday=g_root, gdd_to_senescence_cday=g_sen,
        gdd_to_maturity_cday=g_mat, gdd_to_flowering_cday=g_flow,
        gdd_flowering_length_cday=g_lflow, cgc_per_gdd=cgc_gdd, cdc_per_gdd=cdc_gdd,
        gdd_to_hi_buildup_cday=g_hi, dry_matter_content_pct=dry_matter,
        zr_min_year1_m=zr_min_y1, sown_in_year1=sown_y1, assimilate_transfer=assim_on,
        assimilate_storage_days=assim_days, assimilate_stored_pct=assim_stored,
        assimilate_remobilised_pct=assim_mob, perennial_calendar=calendar,
    )


def _msg_greater(big: str, small: str) -> str:
    return _("{big} must be greater than {small}").format(big=big, small=small)


def _msg_not_smaller(big: str, small: str) -> str:
    return _("{big} must not be smaller than {small}").format(big=big, small=small)


def _read_perennial_calendar(f: LineFile) -> PerennialCalendar:
    """The 3 title lines and 15 value lines that end the file of a forage crop."""
    f.skip(3, "title of the internal crop calendar")
    return PerennialCalendar(
        restart_criterion=f.next_code("restart criterion", _CRITERIA_ONSET),
        restart_window_first_day=f.next_int("restart window first day", 1, 31),
        restart_window_first_month=f.next_int("restart window first month", 1, 12),
        restart_window_length_days=f.next_int("restart window length", 1, 366),
        restart_threshold=f.next_float("restart threshold"),
        restart_successive_days=f.next_int("restart successive days", 1, 366),
        restart_occurrences=f.next_int("restart occurrences", 1, 3),
        end_criterion=f.next_code("end criterion", _CRITERIA_END),
        end_window_last_day=f.next_int("end window last day", 1, 31),
        end_window_last_month=f.next_int("end window last month", 1, 12),
        end_extra_years=f.next_int("end extra years", 0),
        end_window_length_days=f.next_int("end window length", 1, 366),
        end_threshold=f.next_float("end threshold"),
        end_successive_days=f.next_int("end successive days", 1, 366),
        end_occurrences=f.next_int("end occurrences", 1, 3),
    )
