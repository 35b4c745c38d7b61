"""Readers of AquaCrop crop calendars (``.CAL``), field observations (``.OBS``)
and program parameters (``.PPn``/``.PP1``)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zhassyl.aquacrop._common import (
    YEAR_NOT_LINKED,
    LineFile,
    date_from_day_number,
    day_number,
    optional,
)
from zhassyl.i18n import _


@dataclass(frozen=True)
class CropCalendar:
    """Onset of the growing period of an AquaCrop ``.CAL`` file.

    AquaCrop 7.3 (stand-alone) takes the crop dates of each run from the
    project file; the calendar only documents how they were chosen.
    """

    source: str
    description: str
    version: float
    onset_generated: bool
    """False: the onset is fixed on ``onset_day_of_year`` (code 0); True: it is
    generated from a rainfall or air temperature criterion."""
    window_start_day_of_year: int | None
    """Generated onset: day of year (1-366) opening the search window."""
    window_length_days: int | None
    """Generated onset: length of the search window (days)."""
    onset_day_of_year: int | None
    """Fixed onset: day of year (1-366, counted in a non-leap year)."""
    criterion_code: int | None
    """Generated onset: AquaCrop's criterion number (above 10: air temperature)."""
    criterion_value: float | None
    """Generated onset: preset value of the criterion (mm, degC or degC·day)."""
    successive_days: int | None
    occurrences: int | None

    @property
    def onset_day_month(self) -> tuple[int, int] | None:
        """(day, month) of a fixed onset, as AquaCrop turns the day of year into a date."""
        if self.onset_day_of_year is None:
            return None
        date = date_from_day_number(self.onset_day_of_year)
        return date.day, date.month

    def onset_date(self, year: int) -> dt.date | None:
        """The fixed onset in ``year`` (same day and month in every year)."""
        day_month = self.onset_day_month
        return None if day_month is None else dt.date(year, day_month[1], day_month[0])


def read_calendar(path: str | Path) -> CropCalendar:
    """Read an AquaCrop crop calendar file (``.CAL``).

    Lines: description, version, onset code (0 fixed, otherwise generated),
    window start, window length, day of year (fixed) or criterion number
    (generated), criterion value, successive days, occurrences; the last six
    are -9 when not applicable.
    """
    f = LineFile(path)
    description = f.next_text("description").strip()
    version = f.next_float("AquaCrop version", 0)
    code = f.next_int("onset code", 0)
    generated = code != 0
    start = optional(f.next_int("window start day", 1, 366, allowed=(-9,)))
    length = optional(f.next_int("window length", 1, 366, allowed=(-9,)))
    sixth = optional(f.next_int("onset day or criterion", 1, 366 if not generated else None,
                                allowed=(-9,)))
    value = optional(f.next_float("criterion value"))
    successive = optional(f.next_int("successive days", 1, allowed=(-9,)))
    occurrences = optional(f.next_int("occurrences", 1, allowed=(-9,)))
    if not generated and sixth is None:
        f.problem(6, "onset day", _("a fixed onset needs a day of year (1 to 366)"))
    f.finish()
    return CropCalendar(
        source=str(path), description=description, version=version,
        onset_generated=generated,
        window_start_day_of_year=start if generated else None,
        window_length_days=length if generated else None,
        onset_day_of_year=None if generated else sixth,
        criterion_code=sixth if generated else None,
        criterion_value=value if generated else None,
        successive_days=successive if generated else None,
        occurrences=occurrences if generated else None)


@dataclass(frozen=True, eq=False)
class Observations:
    """Field observations of an AquaCrop ``.OBS`` file; -9 (not measured) is NaN."""

    source: str
    description: str
    version: float
    sampled_depth_m: float
    """Depth of the sampled soil profile for the soil water content (m)."""
    first_day: int
    first_month: int
    first_year: int
    """Day 1 of the observations is this date (1901: not linked to a year)."""
    day: np.ndarray
    """Day of each observation, counted from the first date (day 1 = that date)."""
    canopy_cover_pct: np.ndarray
    canopy_cover_std_pct: np.ndarray
    biomass_t_ha: np.ndarray
    """Dry above-ground biomass (ton/ha)."""
    biomass_std_t_ha: np.ndarray
    soil_water_mm: np.ndarray
    """Soil water content of the sampled depth (mm)."""
    soil_water_std_mm: np.ndarray

    @property
    def day_number(self) -> np.ndarray:
        """AquaCrop absolute day numbers of the observations."""
        return day_number(self.first_day, self.first_month, self.first_year) + self.day - 1

    @property
    def dates(self) -> np.ndarray:
        """Dates of the observations (``datetime64[D]``)."""
        first = np.datetime64(dt.date(self.first_year, self.first_month,
                                      self.first_day).isoformat(), "D")
        return first + (self.day - 1)

    @property
    def year_linked(self) -> bool:
        return self.first_year != YEAR_NOT_LINKED


def read_observations(path: str | Path) -> Observations:
    """Read an AquaCrop field observations file (``.OBS``).

    Lines: description, version, sampled depth (m), first day, month and year,
    four title lines, then ``day CC CCstd biomass biomassStd SWC SWCstd`` rows.
    """
    f = LineFile(path)
    description = f.next_text("description").strip()
    version = f.next_float("AquaCrop version", 0)
    depth = f.next_float("sampled depth", 0, 20)
    first_day = f.next_int("first day", 1, 31)
    first_month = f.next_int("first month", 1, 12)
    first_year = f.next_int("first year", 1901, 2200)
    f.skip(4, "title of the observations")
    names = ["day", "CC", "CC std", "biomass", "biomass std", "SWC", "SWC std"]
    rows: list[list[float]] = []
    for row in range(f.row + 1, len(f.lines) + 1):
        words = f.lines[row - 1].split()
        if not words:
            continue
        if len(words) < len(names):
            f.problem(row, names[len(words)],
                      _("expected {count} values on this line, found {found}").format(
                          count=len(names), found=len(words)))
            continue
        values = [f.to_float(w, row, n) for w, n in zip(words, names, strict=False)]
        values = [math.nan if v == -9 else v for v in values]
        if not math.isnan(values[0]) and values[0] < 1:
            f.check_range(values[0], row, "day", 1, None)
        rows.append(values)
    f.finish()
    table = np.asarray(rows, dtype=float).reshape(-1, len(names))
    return Observations(
        source=str(path), description=description, version=version, sampled_depth_m=depth,
        first_day=first_day, first_month=first_month, first_year=first_year,
        day=table[:, 0].astype(int), canopy_cover_pct=table[:, 1],
        canopy_cover_std_pct=table[:, 2], biomass_t_ha=table[:, 3],
        biomass_std_t_ha=table[:, 4], soil_water_mm=table[:, 5],
        soil_water_std_mm=table[:, 6])


@dataclass(frozen=True)
class ProgramParameters:
    """AquaCrop program parameters of a project (``PARAM/<project>.PPn`` or ``.PP1``)."""

    source: str
    evaporation_decline_factor: int
    """Evaporation decline factor for stage II soil evaporation."""
    kex_wet_bare_soil: float
    """Soil evaporation coefficient Ke(x) of a fully wet, non-shaded soil surface."""
    cc_threshold_hi_increase_pct: int
    """Green CC (% cover) below which HI can no longer increase."""
    root_expansion_start_pct_zmin: int
    """Starting depth of the root zone expansion curve (% of Zmin)."""
    max_root_expansion_cm_day: float
    """Maximum root zone expansion; AquaCrop fixes it at 5 cm/day whatever is read."""
    ks_shape_root_expansion: int
    """Shape factor for the effect of water stress on root zone expansion."""
    germination_taw_pct: int
    """Soil water content (% TAW) required in the top soil for germination."""
    p_adjustment_factor: float
    """Adjustment factor for the FAO adjustment of p to ETo."""
    aeration_delay_days: int
    """Days after which deficient aeration is fully effective."""
    senescence_exponent: float
    """Exponent of the senescence factor on the photosynthetic activity of a dying crop."""
    p_sen_decrease_pct: int
    """Decrease of p(sen) once early canopy senescence is triggered (% of p(sen))."""
    top_soil_thickness_cm: int
    """Thickness of the top soil in which the depletion is determined (cm)."""
    evaporation_depth_cm: int
    """Depth of soil affected by water extraction by soil evaporation (cm)."""
    cn_soil_depth_m: float
    """Depth for the mean soil water content used to adjust CN (m)."""
    cn_adjusted_to_amc: bool
    """CN is adjusted to the antecedent moisture class."""
    salt_diffusion_pct: int
    salt_solubility_g_l: int
    capillary_rise_shape: int
    """Shape factor for the effect of the soil water gradient on capillary rise."""
    default_tmin_c: float
    """Minimum temperature used when there is no temperature file."""
    default_tmax_c: float
    gdd_method: int
    """Method for growing degree-days (1, 2 or 3; AquaCrop replaces others by 3)."""
    effective_rain_method: int
    """10-day/monthly rain only: 0 full, 1 USDA-SCS, 2 percentage."""
    effective_rain_pct: int
    showers_per_decade: int
    evaporation_reduction_rain: int


def read_program_parameters(path: str | Path) -> ProgramParameters:
    """Read an AquaCrop program parameter file (``.PPn`` / ``.PP1``, 25 lines)."""
    f = LineFile(path)
    values = dict(
        evaporation_decline_factor=f.next_int("evaporation decline factor", 1, 10),
        kex_wet_bare_soil=f.next_float("Kex", 0, 2),
        cc_threshold_hi_increase_pct=f.next_int("CC threshold for HI", 0, 100),
        root_expansion_start_pct_zmin=f.next_int("start of root expansion", 0, 100),
        max_root_expansion_cm_day=f.next_float("maximum root expansion", 0),
        ks_shape_root_expansion=f.next_int("Ks shape root expansion"),
        germination_taw_pct=f.next_int("TAW for germination", 0, 100),
        p_adjustment_factor=f.next_float("p adjustment factor", 0),
        aeration_delay_days=f.next_int("delay of aeration stress", 0),
        senescence_exponent=f.next_float("senescence exponent", 0),
        p_sen_decrease_pct=f.next_int("decrease of p(sen)", 0, 100),
        top_soil_thickness_cm=f.next_int("top soil thickness", 0),
        evaporation_depth_cm=f.next_int("evaporation depth", 0),
        cn_soil_depth_m=f.next_float("depth for CN adjustment", 0),
        cn_adjusted_to_amc=f.next_int("CN adjusted to AMC") == 1,
        salt_diffusion_pct=f.next_int("salt diffusion", 0, 100),
        salt_solubility_g_l=f.next_int("salt solubility", 0),
        capillary_rise_shape=f.next_int("capillary rise shape"),
        default_tmin_c=f.next_float("default Tmin"),
        default_tmax_c=f.next_float("default Tmax"),
        gdd_method=f.next_int("GDD method"),
        effective_rain_method=f.next_int("effective rain method", 0, 2),
        effective_rain_pct=f.next_int("effective rain", 0, 100),
        showers_per_decade=f.next_int("showers per decade", 0),
        evaporation_reduction_rain=f.next_int("evaporation reduction"),
    )
    values["max_root_expansion_cm_day"] = 5.0  # fixed by AquaCrop whatever the file says
    if values["gdd_method"] not in (1, 2, 3):
        values["gdd_method"] = 3
    f.finish()
    return ProgramParameters(source=str(path), **values)
