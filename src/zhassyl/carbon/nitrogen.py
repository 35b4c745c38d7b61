"""Nitrogen of the farming systems: alfalfa fixation, hay removal, N credit, residue N.

Consumes :class:`zhassyl.farming.results.SystemYear` records (never runs the
engine).  Every factor comes from ``data/carbon/nitrogen_factors.csv`` or
``data/carbon/crop_residue_n.csv``, each row naming its source; the functions
take them as keyword arguments so that measured values can replace them.

Relations
---------
* Symbiotic fixation of alfalfa from shoot biomass: N_fix = a x shoot DM,
  a = 20 kg N per t shoot DM (shoot N only; Unkovich et al. 2010; Peoples
  et al. 2012).
* N removed in hay: hay DM x N concentration (27 kg N/t DM, IPCC 2006 Table
  11.2 N_AG of alfalfa).
* N credit to the crop that follows alfalfa: 168 kg N/ha in the first year and
  84 kg N/ha in the second after a good stand (University of Minnesota
  Extension; Yost et al. 2014).
* N in crop residues returned to soil, F_CR: IPCC 2006 Vol. 4 Eq. 11.6 with
  Table 11.2 residue factors (the 2019 Table 11.1a values could not be
  verified; the 2006 values are used and flagged in the data file).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from zhassyl.errors import ParameterError
from zhassyl.farming.results import SystemYear
from zhassyl.i18n import _

__all__ = [
    "CropResidueFactors",
    "NitrogenYear",
    "alfalfa_n_fixed_kg_ha",
    "crop_residue_n_kg_ha",
    "hay_n_removed_kg_ha",
    "load_factor_table",
    "n_credit_kg_ha",
    "nitrogen_balance",
    "nitrogen_factors",
    "residue_factors",
]


@cache
def load_factor_table(filename: str) -> tuple[dict[str, str], ...]:
    """Rows of a CSV in ``zhassyl/data/carbon`` (read once; every row must name a source)."""
    path = resources.files("zhassyl") / "data" / "carbon" / filename
    rows = tuple(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    for i, row in enumerate(rows, start=2):
        if not (row.get("source") or "").strip():
            raise ParameterError(_("{file}, row {row}: factor has no source").format(
                file=filename, row=i))
    return rows


def _value_table(filename: str, key: str = "name") -> dict[str, float]:
    values: dict[str, float] = {}
    for i, row in enumerate(load_factor_table(filename), start=2):
        try:
            values[row[key]] = float(row["value"])
        except (KeyError, ValueError) as exc:
            raise ParameterError(_("{file}, row {row}: value is not a number").format(
                file=filename, row=i)) from exc
    return values


@cache
def nitrogen_factors() -> dict[str, float]:
    """``name -> value`` of ``data/carbon/nitrogen_factors.csv``."""
    return _value_table("nitrogen_factors.csv")


@dataclass(frozen=True)
class CropResidueFactors:
    """IPCC crop residue factors of one crop (Table 11.2 of 2006 / 11.1a of 2019)."""

    crop: str
    dry_fraction: float        # DRY: dry matter fraction of the harvested product [-]
    slope_ag: float            # AG_DM = slope x Crop_DM + intercept [-]
    intercept_ag_t_ha: float   # [t DM/ha]
    n_ag_kg_kg: float          # N content of above-ground residues [kg N/kg DM]
    r_bg_bio: float            # ratio of below-ground residues to above-ground biomass [-]
    n_bg_kg_kg: float          # N content of below-ground residues [kg N/kg DM]


@cache
def residue_factors() -> dict[str, CropResidueFactors]:
    """Crop id -> :class:`CropResidueFactors` from ``data/carbon/crop_residue_n.csv``."""
    out = {}
    for i, row in enumerate(load_factor_table("crop_residue_n.csv"), start=2):
        try:
            out[row["crop"]] = CropResidueFactors(
                crop=row["crop"], dry_fraction=float(row["dry_fraction"]),
                slope_ag=float(row["slope_ag"]), intercept_ag_t_ha=float(row["intercept_ag_t_ha"]),
                n_ag_kg_kg=float(row["n_ag_kg_kg"]), r_bg_bio=float(row["r_bg_bio"]),
                n_bg_kg_kg=float(row["n_bg_kg_kg"]))
        except (KeyError, ValueError) as exc:
            raise ParameterError(_("{file}, row {row}: value is not a number").format(
                file="crop_residue_n.csv", row=i)) from exc
    return out


def _crop_factors(crop: str) -> CropResidueFactors:
    table = residue_factors()
    return table.get(crop, table["grains"])


def alfalfa_n_fixed_kg_ha(shoot_dm_t_ha, *, kg_n_per_t_shoot_dm: float | None = None
                          ) -> np.ndarray:
    """Symbiotic N fixed by alfalfa [kg N/ha] from its shoot dry matter [t DM/ha].

    Notes
    -----
    N_fix = a x shoot DM with a = 20 kg N (t shoot DM)^-1 (shoot N only; the
    linear shoot-DM relation of Unkovich et al. 2010, Plant Soil 329:75-89;
    see ``nitrogen_factors.csv``).  Roots and nodules are not included, so
    this is a conservative estimate of the whole-plant fixation.
    """
    a = (nitrogen_factors()["alfalfa_n_fixed_kg_per_t_shoot_dm"]
         if kg_n_per_t_shoot_dm is None else kg_n_per_t_shoot_dm)
    return a * np.asarray(shoot_dm_t_ha, dtype=np.float64)


def hay_n_removed_kg_ha(hay_t_ha, *, kg_n_per_t_dm: float | None = None) -> np.ndarray:
    """N exported in alfalfa hay [kg N/ha] from the hay dry matter [t DM/ha].

    Notes
    -----
    N = hay DM x 27 kg N/t DM (IPCC 2006 Vol. 4 Table 11.2, alfalfa N_AG 0.027).
    """
    c = nitrogen_factors()["alfalfa_hay_n_kg_per_t_dm"] if kg_n_per_t_dm is None else kg_n_per_t_dm
    return c * np.asarray(hay_t_ha, dtype=np.float64)


def crop_residue_n_kg_ha(crop: str, crop_t_ha, *, removed_ag_t_ha=0.0, frac_renew=1.0,
                         factors: CropResidueFactors | None = None) -> np.ndarray:
    """N in crop residues returned to soil, F_CR [kg N/ha] (IPCC 2006 Eq. 11.6).

    Parameters
    ----------
    crop : str
        Crop id (a row of ``crop_residue_n.csv``; unknown crops use "grains").
    crop_t_ha : array_like
        Harvested product, fresh weight [t/ha] (hay: dry matter, with DRY 0.90).
    removed_ag_t_ha : array_like
        Above-ground residue dry matter taken off the field (straw, green fodder) [t DM/ha].
    frac_renew : array_like
        Fraction of the area renewed this year (1 for annual crops; perennial
        forage: 1 / stand life) (Eq. 11.6, Frac_Renew).

    Notes
    -----
    Crop_DM = Crop x DRY; AG_DM = slope x Crop_DM + intercept (Eq. 11.6 with
    Table 11.2); F_CR = Frac_Renew x [(AG_DM - removed) x N_AG
    + R_BG-BIO x (AG_DM + Crop_DM) x N_BG] x 1000.  No residue where there is
    no harvest.
    """
    f = _crop_factors(crop) if factors is None else factors
    crop_dm = np.asarray(crop_t_ha, dtype=np.float64) * f.dry_fraction
    harvested = crop_dm > 0.0
    # IPCC 2006 Vol. 4 Eq. 11.6 / Table 11.2: above-ground residue from yield
    ag_dm = np.where(harvested, f.slope_ag * crop_dm + f.intercept_ag_t_ha, 0.0)
    left_ag = np.maximum(0.0, ag_dm - np.asarray(removed_ag_t_ha, dtype=np.float64))
    bg_dm = f.r_bg_bio * (ag_dm + crop_dm)  # Eq. 11.6: R_BG = R_BG-BIO x (AG_DM + Crop)
    return np.asarray(frac_renew, dtype=np.float64) * (
        left_ag * f.n_ag_kg_kg + bg_dm * f.n_bg_kg_kg) * 1000.0


def n_credit_kg_ha(years_since_alfalfa, *, first_year_kg_ha: float | None = None,
                   second_year_kg_ha: float | None = None) -> np.ndarray:
    """N credit to the crop that follows alfalfa [kg N/ha].

    ``years_since_alfalfa`` is 1 in the first year without alfalfa after a stand,
    2 in the second, 0 (or anything else) otherwise.  Credits: 168 and 84 kg N/ha
    (good stand; University of Minnesota Extension, see ``nitrogen_factors.csv``).
    """
    factors = nitrogen_factors()
    first = factors["n_credit_first_year_kg_ha"] if first_year_kg_ha is None else first_year_kg_ha
    second = (factors["n_credit_second_year_kg_ha"] if second_year_kg_ha is None
              else second_year_kg_ha)
    y = np.asarray(years_since_alfalfa)
    return np.where(y == 1, first, np.where(y == 2, second, 0.0))


@dataclass(frozen=True)
class NitrogenYear:
    """Nitrogen flows of one system in one year [kg N/ha]."""

    system: str
    region: str
    year: int
    fertiliser_n_kg_ha: float       # mineral N applied (from the simulation)
    fixed_n_kg_ha: float            # alfalfa symbiotic fixation
    hay_n_removed_kg_ha: float      # N exported in hay
    credit_n_kg_ha: float           # N credit from a preceding alfalfa stand
    residue_n_kg_ha: float          # F_CR, N in residues returned to soil
    fertiliser_n_after_credit_kg_ha: float  # max(0, fertiliser N - credit)


def _is_alfalfa(r: SystemYear) -> bool:
    return r.alfalfa_shoot_dm_t_ha > 0.0 or r.hay_t_ha > 0.0


def _groups(records: Sequence[SystemYear]) -> dict[tuple[str, str], list[SystemYear]]:
    groups: dict[tuple[str, str], list[SystemYear]] = {}
    for r in records:
        groups.setdefault((r.region, r.system), []).append(r)
    return {k: sorted(v, key=lambda r: r.year) for k, v in groups.items()}


def alfalfa_renewal_fraction(records: Sequence[SystemYear]) -> float:
    """Frac_Renew of alfalfa in one system's years: stands established / alfalfa years."""
    flags = [_is_alfalfa(r) for r in records]
    years = sum(flags)
    if years == 0:
        return 0.0
    stands = sum(1 for i, f in enumerate(flags) if f and (i == 0 or not flags[i - 1]))
    return stands / years


def nitrogen_balance(records: Sequence[SystemYear]) -> list[NitrogenYear]:
    """Nitrogen flows per system and year from simulated :class:`SystemYear` records."""
    out: list[NitrogenYear] = []
    for (region, system), rows in _groups(records).items():
        renew = alfalfa_renewal_fraction(rows)
        since = 0
        for r in rows:
            alfalfa = _is_alfalfa(r)
            since = 0 if alfalfa else (since + 1 if since or _after_alfalfa(rows, r) else 0)
            credit = float(n_credit_kg_ha(since))
            residue = 0.0
            if r.grain_t_ha > 0.0:
                residue += float(crop_residue_n_kg_ha(r.grain_crop or "grains", r.grain_t_ha,
                                                      removed_ag_t_ha=r.straw_t_ha))
            if alfalfa and r.hay_t_ha > 0.0:
                f = _crop_factors("alfalfa")
                residue += float(crop_residue_n_kg_ha("alfalfa", r.hay_t_ha / f.dry_fraction,
                                                      frac_renew=renew))
            out.append(NitrogenYear(
                system=system, region=region, year=r.year,
                fertiliser_n_kg_ha=r.fertiliser_n_kg_ha,
                fixed_n_kg_ha=float(alfalfa_n_fixed_kg_ha(r.alfalfa_shoot_dm_t_ha)),
                hay_n_removed_kg_ha=float(hay_n_removed_kg_ha(r.hay_t_ha)),
                credit_n_kg_ha=credit, residue_n_kg_ha=residue,
                fertiliser_n_after_credit_kg_ha=max(0.0, r.fertiliser_n_kg_ha - credit)))
    return out


def _after_alfalfa(rows: list[SystemYear], r: SystemYear) -> bool:
    earlier = [x for x in rows if x.year == r.year - 1]
    return bool(earlier) and _is_alfalfa(earlier[0])
