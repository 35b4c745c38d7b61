"""Production levels: potential, farm and calibrated runs of the same scenario.

AquaCrop distinguishes the *potential* production of a crop under a site's weather,
soil water and salinity from production on farmers' fields, where soil fertility,
weeds and the farmer's calendar take their share.  This module expresses the
farm level with AquaCrop's own mechanisms, as data:

- soil-fertility stress: a stress level (%) per region and system
  (``data/levels/farm_levels.csv``) and the crop's response shapes, which reduce
  CGC, CCx and WP and add a canopy decline in the season (AquaCrop 7 reference
  manual, ch. 3.10; shapes in ``data/levels/fertility_response.csv``);
- weed infestation: the relative cover of weeds RC (%) takes that share of the
  field's total canopy cover, which stays on the crop's own curve (AquaCrop
  field management, fWeed = 1 under soil-fertility stress).  The engine
  simulates that total canopy (it transpires, and a cut leaves the absolute
  cover of the management data, as in AquaCrop) and the crop builds biomass
  from its share of the transpiration (:func:`weed_transpiration_share`,
  applied to WP);
- the region's cutting practice (``data/levels/cut_practice.csv``): a first cut,
  an interval, a last cut early enough for winter hardening and a hard cap of
  cuts per year.

:func:`apply_level` is a pure function: it takes the crop and management
records the scenario builder made and returns modified copies; ``potential``
returns them unchanged, so a potential run is exactly the model's behaviour
without levels.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from zhassyl.errors import InputError, ParameterError, Problem
from zhassyl.i18n import _

LEVELS = ("potential", "farm", "calibrated")
DEFAULT_LEVEL = "farm"
FERTILITY_SHAPES = ("fert_shape_cgc", "fert_shape_ccx", "fert_shape_wp", "fert_shape_decline")


@dataclass(frozen=True)
class FarmLevel:
    """Soil-fertility stress and weed cover of one system in one region."""

    region: str
    system: str
    fertility_stress_pct: float   # AquaCrop soil-fertility stress [%]
    weed_cover_pct: float         # relative cover of weeds at canopy closure, RC [%]
    source: str
    calibrated_to: str


@dataclass(frozen=True)
class CutPractice:
    """A region's alfalfa cutting calendar and its hard cap of cuts per year."""

    region: str
    first_cut_mmdd: str           # first cut of an established stand
    interval_days: int            # days between cuts (cut at budding to early bloom)
    last_cut_mmdd: str            # no cut after this date (winter hardening)
    max_cuts_per_year: int        # hard cap
    sowing_year_first_cut_days: int  # first cut of the sowing year, days after sowing
    source: str


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    text = (resources.files("zhassyl") / "data" / "levels" / name).read_text(encoding="utf-8")
    rows = tuple(csv.DictReader(text.splitlines()))
    for line, row in enumerate(rows, start=2):
        if not row.get("source"):
            raise ParameterError(_("{file}, row {row}, column 'source': empty").format(
                file=f"data/levels/{name}", row=line))
    return rows


def check_level(level: str) -> str:
    """``level`` if it is one of :data:`LEVELS`, else an InputError naming the choices."""
    if level not in LEVELS:
        raise InputError(Problem("--level", None, None, _(
            "unknown production level '{level}'; known: {known}").format(
                level=level, known=", ".join(LEVELS))))
    return level


def _number(row: dict[str, str], key: str, file: str, line: int) -> float:
    try:
        return float(row[key])
    except (KeyError, TypeError, ValueError):
        raise ParameterError(_("{file}, row {row}, column '{column}': not a number: {v}").format(
            file=file, row=line, column=key, v=row.get(key))) from None


def farm_level(region: str, system: str) -> FarmLevel:
    """The farm-level stress of ``system`` in ``region`` (row ``*`` of the system otherwise)."""
    file = "data/levels/farm_levels.csv"
    found = {}
    for line, row in enumerate(_rows("farm_levels.csv"), start=2):
        if row["system"] == system and row["region"] in (region, "*"):
            found[row["region"]] = FarmLevel(
                region, system, _number(row, "fertility_stress_pct", file, line),
                _number(row, "weed_cover_pct", file, line), row["source"], row["calibrated_to"])
    if region in found:
        return found[region]
    if "*" in found:
        return found["*"]
    return FarmLevel(region, system, 0.0, 0.0, _(
        "no farm level for this system (a user's own system): potential parameters"), "")


def cut_practice(region: str) -> CutPractice:
    """The cutting practice of ``region`` (ParameterError when the region has none)."""
    file = "data/levels/cut_practice.csv"
    for line, row in enumerate(_rows("cut_practice.csv"), start=2):
        if row["region"] == region:
            return CutPractice(region, row["first_cut_mmdd"],
                               int(_number(row, "interval_days", file, line)),
                               row["last_cut_mmdd"],
                               int(_number(row, "max_cuts_per_year", file, line)),
                               int(_number(row, "sowing_year_first_cut_days", file, line)),
                               row["source"])
    raise ParameterError(_("no cutting practice for region {region}").format(region=region))


def fertility_response(crop: str) -> dict[str, float] | None:
    """Calibrated soil-fertility response shapes of ``crop`` (None when not in the data)."""
    file = "data/levels/fertility_response.csv"
    for line, row in enumerate(_rows("fertility_response.csv"), start=2):
        if row["crop"] == crop:
            return {k: _number(row, k, file, line) for k in FERTILITY_SHAPES}
    return None


def _check_weed_cover(weed_cover_pct: float) -> None:
    if not 0.0 <= weed_cover_pct < 100.0:
        raise ParameterError(_("relative cover of weeds must be within 0..100 %, got {v}").format(
            v=weed_cover_pct))


def weed_transpiration_share(weed_cover_pct: float, ccx: float) -> float:
    """The crop's share of the canopy's transpiration in a weed-infested field.

    AquaCrop simulates the *total* canopy cover CCtot of crop and weeds (under
    soil-fertility stress it stays on the crop's own curve: fWeed = 1, AquaCrop
    7 source ``run.f90`` section 7.2) and lets it transpire; the crop gets
    CCw = CCtot·(1 - RC/100) of the cover and TrW = Tact·CCw*/CCtot* of the
    transpiration, CCw* = CCw + (CCtot* - CCtot) (micro-advection, eq. 3.10b),
    and builds its biomass from TrW (``simul.f90`` DetermineBiomassAndYield;
    Van Gaelen et al., "Simulation of crop production in weed-infested fields
    for data-scarce regions", J. Agric. Sci., online 11 Feb 2016).  So
    TrW/Tact = 1 - (RC/100)·CCtot/CCtot*.  The engine simulates the total
    canopy and takes the share at the stand's maximum cover ``ccx`` (constant
    over the season: a modelling approximation; at lower cover AquaCrop gives
    the crop a slightly larger share: weighting each day's biomass by the
    day's AquaCrop share moved the Kyzylorda sowing-year to established-year
    biomass ratios by at most 0.01, issue-12 session 3).

    Parameters
    ----------
    weed_cover_pct : relative cover of weeds RC [%].
    ccx : the stand's maximum total canopy cover (CCx after the fertility
        reduction) [fraction].
    """
    from zhassyl.engine.canopy import cc_star

    _check_weed_cover(weed_cover_pct)
    if weed_cover_pct == 0.0 or ccx <= 0.0:
        return 1.0
    return 1.0 - weed_cover_pct / 100.0 * ccx / cc_star(ccx)


#: AquaCrop's CO2 response treats WP* <= 20 g m-2 as C3 (``wp_co2_factor``); the weed share
#: is applied through WP, which must not move a crop across that class.
_C3_WP_MAX_G_M2 = 20.0


def relative_biomass(stress_pct: float, shape_ccx: float, shape_wp: float,
                     weed_share: float = 1.0) -> float:
    """Relative biomass of a full stand at a farm level: (1 - RedCCx)(1 - RedWP)·share.

    Biomass is WP·ΣTr/ET0 with Tr ∝ CC (AquaCrop eq. 3.12); the level reduces the
    maximum cover by RedCCx and WP by RedWP (fertility, AquaCrop ch. 3.10,
    reductions from :func:`zhassyl.engine.stress.fertility_reduction_pct`) and
    gives the crop ``weed_share`` of the transpiration
    (:func:`weed_transpiration_share`).  Used to scale the sowing-year biomass
    that counts as a full stand (crop data ``establishment_t_ha``, a model
    assumption set at the potential level) to the level: a stand is not judged
    thin for growing as well as the land allows.
    """
    from zhassyl.engine.stress import fertility_reduction_pct

    red_ccx = fertility_reduction_pct(stress_pct, shape_ccx)
    red_wp = fertility_reduction_pct(stress_pct, shape_wp)
    return (1.0 - red_ccx / 100.0) * (1.0 - red_wp / 100.0) * weed_share


@dataclass(frozen=True)
class LevelInputs:
    """Engine inputs of one production level and the farm levels applied to each system."""

    level: str
    crop: np.ndarray              # CROP_DTYPE records (crops of the systems, weed copies added)
    crop_index: np.ndarray        # main crop of each system (n,)
    management: np.ndarray        # MANAGEMENT_DTYPE records (n,)
    applied: tuple[FarmLevel | None, ...]
    cut_practice: CutPractice | None


def apply_level(level: str, region: str, systems: list[str], crop_names: list[str],
                crop_rows: np.ndarray, crop_index: np.ndarray, management_rows: np.ndarray,
                *, forage: list[bool], fertility_stress_pct: dict[str, float] | None = None,
                weed_cover_pct: dict[str, float] | None = None) -> LevelInputs:
    """Crop and management records of ``systems`` at production ``level``.

    Parameters
    ----------
    level : {"potential", "farm", "calibrated"}
    region : region id (farm levels and cut practice are looked up for it).
    systems : system ids, one per field (management record) of the scenario.
    crop_names : name of each crop record of ``crop_rows``.
    crop_rows, crop_index, management_rows : the scenario builder's records
        (``CROP_DTYPE``, main crop per system, ``MANAGEMENT_DTYPE``); not modified.
    forage : whether each system's main crop is cut (its cuts follow the practice).
    fertility_stress_pct : per-system stress [%] replacing the farm level's
        (the ``calibrated`` level; a fit of ``zhassyl calibrate``).
    weed_cover_pct : per-system relative cover of weeds [%] replacing the farm level's
        (used by ``scripts/calibrate_levels.py``).

    Returns
    -------
    LevelInputs
        Copies of the records.  At ``potential`` they equal the inputs.  Otherwise
        each crop with a response in ``fertility_response.csv`` takes its shapes,
        each system its fertility stress, a weed-infested or perennial system a copy
        of its main crop with WP times the crop's share of the transpiration
        (:func:`weed_transpiration_share`) and the full-stand biomass scaled by
        :func:`relative_biomass`, and a forage system cut by the canopy or GDD
        rule is switched to the dated cuts of the region's practice
        (:func:`practice_cut_days`).
    """
    from zhassyl.engine.stress import fertility_reduction_pct

    check_level(level)
    if level == "calibrated" and fertility_stress_pct is None:
        raise InputError(Problem("--level", None, None, _(
            "the calibrated level needs a field's stored calibration: run 'zhassyl calibrate "
            "--field ID' and simulate that field with --field ID")))
    crop = np.array(crop_rows, copy=True)
    index = np.array(crop_index, dtype=np.int64, copy=True)
    mgmt = np.array(management_rows, copy=True)
    if level == "potential":
        return LevelInputs(level, crop, index, mgmt, tuple(None for _s in systems), None)
    for k, name in enumerate(crop_names):
        shapes = fertility_response(name)
        if shapes:
            for key, value in shapes.items():
                crop[k][key] = value
    applied = []
    extra = []
    for i, system in enumerate(systems):
        fl = farm_level(region, system)
        if fertility_stress_pct is not None and system in fertility_stress_pct:
            fl = FarmLevel(region, system, float(fertility_stress_pct[system]),
                           fl.weed_cover_pct, _("calibrated from the field's measurements"),
                           "")
        if weed_cover_pct is not None and system in weed_cover_pct:
            fl = FarmLevel(region, system, fl.fertility_stress_pct,
                           float(weed_cover_pct[system]), fl.source, fl.calibrated_to)
        if not 0.0 <= fl.fertility_stress_pct < 100.0:
            raise ParameterError(_("soil fertility stress must be within 0..100 %, got {v}")
                                 .format(v=fl.fertility_stress_pct))
        mgmt[i]["fertility_stress_pct"] = fl.fertility_stress_pct
        if fl.weed_cover_pct > 0.0 or float(crop[index[i]]["establishment_t_ha"]) > 0.0:
            row = crop[index[i]].copy()
            ccx_sf = float(row["ccx"]) * (1.0 - fertility_reduction_pct(
                fl.fertility_stress_pct, float(row["fert_shape_ccx"])) / 100.0)
            share = weed_transpiration_share(fl.weed_cover_pct, ccx_sf)
            if share < 1.0 and float(row["wp_g_m2"]) > _C3_WP_MAX_G_M2:
                raise ParameterError(_(
                    "weed cover for crop {crop}: the weeds' share is applied through WP, "
                    "which is above the C3 range (WP* {wp} g/m2 > 20)").format(
                        crop=crop_names[index[i]], wp=float(row["wp_g_m2"])))
            row["wp_g_m2"] = float(row["wp_g_m2"]) * share
            row["establishment_t_ha"] = float(row["establishment_t_ha"]) * relative_biomass(
                fl.fertility_stress_pct, float(row["fert_shape_ccx"]),
                float(row["fert_shape_wp"]), share)
            extra.append(row)
            index[i] = len(crop) + len(extra) - 1
        if forage[i] and (mgmt[i]["cut_cc_trigger"] > 0.0 or mgmt[i]["cut_interval"] > 0.0):
            mgmt[i]["cut_cc_trigger"] = 0.0
            mgmt[i]["cut_interval"] = 0.0
        applied.append(fl)
    if extra:
        crop = np.concatenate([crop, np.array(extra, dtype=crop.dtype)])
    practice = cut_practice(region) if any(forage) else None
    return LevelInputs(level, crop, index, mgmt, tuple(applied), practice)


def practice_cut_days(practice: CutPractice, dates: np.ndarray, starts: list[int],
                      ends: list[int], stand_years: list[int],
                      cover_cut_days: list[int] | None = None) -> list[int]:
    """Cut days (indices into ``dates``) of the region's practice in each season.

    Established stands (stand year > 1) are cut from ``first_cut_mmdd`` every
    ``interval_days`` up to ``last_cut_mmdd``; the sowing year from
    ``sowing_year_first_cut_days`` after sowing; never more than
    ``max_cuts_per_year`` cuts in a season, and only inside the season.

    ``cover_cut_days`` (one per season, -1 for none) gives the day on which a
    companion cover is cut for green fodder *together with* the undersown
    alfalfa (``cut_main_at_harvest``).  That cut is the sowing year's first
    cut (it counts against the cap), and the alfalfa's next cut follows it
    after a full regrowth interval (``interval_days``): the stand regrows
    from the stubble to budding/early bloom before it is cut again (Rankin,
    UW Extension, "Is your companion crop a friend or foe?": remove the
    companion at boot to early heading, then cut the alfalfa at first
    flower; Becker, Sheaffer, Miller & Swanson, "Forage quality and economic
    implications of systems to manage giant foxtail and oat during alfalfa
    establishment": oat companion harvested at boot).
    """
    out: list[int] = []
    covers = cover_cut_days if cover_cut_days is not None else [-1] * len(starts)
    for s, e, y, c in zip(starts, ends, stand_years, covers, strict=True):
        if s < 0:
            continue
        year = int(dates[s].astype("datetime64[Y]").astype(int) + 1970)
        last = int((np.datetime64(f"{year:04d}-{practice.last_cut_mmdd}", "D")
                    - dates[0]).astype(int))
        n = 0
        if y <= 1 and s <= c <= e:
            n = 1                       # the cover's cut, booked by the engine
            day = c + practice.interval_days
        elif y <= 1:
            day = s + practice.sowing_year_first_cut_days
        else:
            day = max(s, int((np.datetime64(f"{year:04d}-{practice.first_cut_mmdd}", "D")
                              - dates[0]).astype(int)))
        while day <= min(e, last) and n < practice.max_cuts_per_year:
            out.append(day)
            n += 1
            day += practice.interval_days
    return out


def yield_gap_pct(potential_t_ha: float, farm_t_ha: float) -> float:
    """Yield gap between potential and farm production [% of the potential].

    100·(Yp - Ya)/Yp (the exploitable yield gap of van Ittersum et al. 2013,
    Field Crops Res. 143:4-17, here with the model's own potential); 0 when Yp is 0.
    """
    if potential_t_ha <= 0.0:
        return 0.0
    return 100.0 * (potential_t_ha - farm_t_ha) / potential_t_ha
