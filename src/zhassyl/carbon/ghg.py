"""Greenhouse-gas balance of farming systems, project vs baseline (IPCC Tier 1).

Sources per hectare and year, each from :class:`SystemYear` records (and the
soil carbon of :mod:`zhassyl.carbon.soil_carbon`), with factors read from
``data/carbon/ghg_factors.csv`` (name, value, unit, IPCC version, table,
source, verification status):

* rice CH4 - IPCC 2019 Refinement Vol. 4 ch. 5 Eq. 5.1-5.3, Tables 5.11-5.14;
* direct N2O - Vol. 4 ch. 11 Eq. 11.1 (EF1, EF1FR of Table 11.1);
* indirect N2O - Eq. 11.9 (volatilisation, FracGASF, FracGASM, EF4) and
  Eq. 11.10 (leaching, FracLEACH, EF5) of Table 11.3;
* diesel CO2 (+ CH4, N2O) - IPCC 2006 Vol. 2 ch. 3 Eq. 3.3.1, Table 3.3.1;
* SOC change as CO2 - change of RothC stocks x 44/12 (a gain is a removal).

Global warming potentials: AR5 GWP100 by default (required by the Paris
Agreement transparency framework, decision 18/CMA.1); AR6 on request.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from zhassyl.carbon.nitrogen import (
    _value_table,
    alfalfa_renewal_fraction,
    crop_residue_n_kg_ha,
    load_factor_table,
    residue_factors,
)
from zhassyl.carbon.soil_carbon import SocYear, tier1_factors
from zhassyl.errors import InputError, ParameterError
from zhassyl.farming.results import SystemYear
from zhassyl.i18n import _

__all__ = [
    "GHG_SOURCES",
    "GhgYear",
    "diesel_emissions_kg",
    "fuel_table",
    "ghg_by_year",
    "ghg_factors",
    "ghg_summary",
    "gwp",
    "n2o_direct_kg_ha",
    "n2o_indirect_kg_ha",
    "rice_ch4_kg_ha",
    "rice_daily_ef_kg_ha_d",
]

#: Sources reported by :func:`ghg_summary`, in output order.
GHG_SOURCES = ("rice_ch4", "n2o_direct", "n2o_indirect", "diesel", "soc_change")

WATER_REGIMES = ("continuously_flooded", "single_drainage", "multiple_drainage",
                 "rainfed_regular", "drought_prone", "deep_water", "upland")
PRE_SEASON = ("non_flooded_lt180", "non_flooded_gt180", "flooded_gt30", "non_flooded_gt365")
AMENDMENTS = ("straw_short", "straw_long", "compost", "farmyard_manure", "green_manure")


@cache
def ghg_factors() -> dict[str, float]:
    """``name -> value`` of ``data/carbon/ghg_factors.csv``."""
    return _value_table("ghg_factors.csv")


def gwp(gas: str, assessment: str = "AR5") -> float:
    """100-year global warming potential of ``gas`` ("ch4", "ch4_fossil", "n2o")."""
    f = ghg_factors()
    assessment = assessment.upper()
    if assessment not in ("AR5", "AR6"):
        raise ParameterError(_("unknown assessment report {name!r}; use AR5 or AR6").format(
            name=assessment))
    if gas == "ch4_fossil":
        return f["gwp_ch4_ar5"] if assessment == "AR5" else f["gwp_ch4_fossil_ar6"]
    return f[f"gwp_{gas}_{assessment.lower()}"]


# --------------------------------------------------------------------------------------
# Rice methane (IPCC 2019 Refinement Vol. 4 ch. 5)
# --------------------------------------------------------------------------------------


def rice_daily_ef_kg_ha_d(water_regime: str = "continuously_flooded",
                          pre_season: str = "non_flooded_gt180",
                          amendments_t_ha: Mapping[str, float] | None = None, *,
                          ef_baseline_kg_ha_d: float | None = None) -> float:
    """Adjusted daily CH4 emission factor of rice [kg CH4/ha/d].

    Notes
    -----
    EF_i = EF_c x SF_w x SF_p x SF_o (Eq. 5.2; SF_s,r = 1 at Tier 1) with
    EF_c of Table 5.11, SF_w of Table 5.12, SF_p of Table 5.13 and
    SF_o = (1 + sum_i ROA_i x CFOA_i)^0.59 (Eq. 5.3, CFOA of Table 5.14;
    ROA in t/ha: dry weight for straw, fresh weight for the others).
    """
    f = ghg_factors()
    if water_regime not in WATER_REGIMES:
        raise InputError(_("unknown rice water regime {name!r}; expected one of {names}").format(
            name=water_regime, names=", ".join(WATER_REGIMES)))
    if pre_season not in PRE_SEASON:
        raise InputError(_("unknown pre-season water regime {name!r}; expected one of "
                           "{names}").format(name=pre_season, names=", ".join(PRE_SEASON)))
    total = 0.0
    for name, rate in (amendments_t_ha or {}).items():
        if name not in AMENDMENTS:
            raise InputError(_("unknown organic amendment {name!r}; expected one of "
                               "{names}").format(name=name, names=", ".join(AMENDMENTS)))
        if rate < 0:
            raise InputError(_("negative amendment rate {value} t/ha for {name}").format(
                value=rate, name=name))
        total += rate * f[f"rice_cfoa_{name}"]  # Eq. 5.3: sum ROA_i x CFOA_i
    sf_o = (1.0 + total) ** f["rice_sfo_exponent"]  # Eq. 5.3
    ef_c = f["rice_ef_baseline_kg_ch4_ha_d"] if ef_baseline_kg_ha_d is None else ef_baseline_kg_ha_d
    # Eq. 5.2: EF_i = EF_c x SF_w x SF_p x SF_o
    return ef_c * f[f"rice_sfw_{water_regime}"] * f[f"rice_sfp_{pre_season}"] * sf_o


def rice_ch4_kg_ha(cultivation_days, water_regime: str = "continuously_flooded",
                   pre_season: str = "non_flooded_gt180",
                   amendments_t_ha: Mapping[str, float] | None = None, *,
                   ef_baseline_kg_ha_d: float | None = None) -> np.ndarray:
    """CH4 from a rice season [kg CH4/ha] = EF_i x t (Eq. 5.1 per hectare).

    ``cultivation_days`` is the season length t [d] (0 where no rice).
    """
    t = np.asarray(cultivation_days, dtype=np.float64)
    if np.any(t < 0):
        raise InputError(_("negative rice cultivation period"))
    ef = rice_daily_ef_kg_ha_d(water_regime, pre_season, amendments_t_ha,
                               ef_baseline_kg_ha_d=ef_baseline_kg_ha_d)
    return ef * t  # IPCC 2019 Vol. 4 Eq. 5.1 (per ha, kg instead of Gg)


# --------------------------------------------------------------------------------------
# Nitrous oxide (IPCC 2019 Refinement Vol. 4 ch. 11)
# --------------------------------------------------------------------------------------


def _ef1(flooded: bool, climate: str | None, synthetic: bool) -> float:
    f = ghg_factors()
    if flooded:
        return f["ef1_flooded_rice"]
    if climate is None:
        return f["ef1_aggregated"]
    if climate == "dry":
        return f["ef1_dry"]
    if climate == "wet":
        return f["ef1_wet_synthetic"] if synthetic else f["ef1_wet_other"]
    raise InputError(_("unknown climate {name!r}; use dry, wet or none").format(name=climate))


def n2o_direct_kg_ha(f_sn_kg, f_on_kg=0.0, f_cr_kg=0.0, f_som_kg=0.0, *, flooded_rice=False,
                     climate: str | None = None) -> np.ndarray:
    """Direct N2O from managed soils [kg N2O/ha] (Eq. 11.1).

    Parameters
    ----------
    f_sn_kg, f_on_kg, f_cr_kg, f_som_kg : array_like
        Synthetic fertiliser N, organic N, crop-residue N and N mineralised
        from soil organic matter loss [kg N/ha].
    flooded_rice : bool
        Use EF1FR (flooded rice) instead of EF1.
    climate : {None, "dry", "wet"}
        None: aggregated EF1; otherwise the disaggregated values of Table 11.1.

    Notes
    -----
    N2O-N = F_SN x EF1 + (F_ON + F_CR + F_SOM) x EF1' (Eq. 11.1; EF1 = EF1' in
    the aggregated case); N2O = N2O-N x 44/28.
    """
    f = ghg_factors()
    syn = np.asarray(f_sn_kg, dtype=np.float64) * _ef1(flooded_rice, climate, True)
    other = (np.asarray(f_on_kg, dtype=np.float64) + np.asarray(f_cr_kg, dtype=np.float64)
             + np.asarray(f_som_kg, dtype=np.float64)) * _ef1(flooded_rice, climate, False)
    return (syn + other) * f["n2o_per_n2o_n"]  # Eq. 11.1: x 44/28


def n2o_indirect_kg_ha(f_sn_kg, f_on_kg=0.0, f_cr_kg=0.0, f_som_kg=0.0, *,
                       leaching: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Indirect N2O [kg N2O/ha]: (volatilisation-deposition, leaching-runoff).

    Notes
    -----
    N2O(ATD)-N = (F_SN x FracGASF + F_ON x FracGASM) x EF4 (Eq. 11.9);
    N2O(L)-N = (F_SN + F_ON + F_CR + F_SOM) x FracLEACH x EF5 (Eq. 11.10),
    where leaching occurs: wet climates, or dry climates irrigated other than
    by drip (Table 11.3 note); otherwise 0.  Both x 44/28.
    """
    f = ghg_factors()
    sn = np.asarray(f_sn_kg, dtype=np.float64)
    on = np.asarray(f_on_kg, dtype=np.float64)
    atd = (sn * f["frac_gasf"] + on * f["frac_gasm"]) * f["ef4"]  # Eq. 11.9
    total = sn + on + np.asarray(f_cr_kg, dtype=np.float64) + np.asarray(f_som_kg,
                                                                           dtype=np.float64)
    leach = total * (f["frac_leach"] if leaching else 0.0) * f["ef5"]  # Eq. 11.10
    return atd * f["n2o_per_n2o_n"], leach * f["n2o_per_n2o_n"]


# --------------------------------------------------------------------------------------
# Diesel
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FuelTable:
    """Diesel per field operation [l/ha] and where the table came from."""

    litres_per_ha: dict[str, float]
    origin: str


def fuel_table() -> FuelTable:
    """Diesel litres per hectare by operation id.

    Read at call time from the economics data (``data/economics/*.csv`` with an
    ``operation`` column and a ``diesel_l_ha`` or ``fuel_l_ha`` column) when
    present; operations missing there, or no such file, come from this
    package's ``data/carbon/fuel_operations.csv`` (sources in the file).
    """
    own = {row["operation"]: float(row["diesel_l_ha"])
           for row in load_factor_table("fuel_operations.csv")}
    merged = dict(own)
    origin = "data/carbon/fuel_operations.csv"
    econ = resources.files("zhassyl") / "data" / "economics"
    try:
        entries = sorted((e for e in econ.iterdir() if e.name.endswith(".csv")),
                         key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError, OSError):
        entries = []
    for entry in entries:
        rows = list(csv.DictReader(entry.read_text(encoding="utf-8").splitlines()))
        if not rows or "operation" not in rows[0]:
            continue
        column = next((c for c in ("diesel_l_ha", "fuel_l_ha") if c in rows[0]), None)
        if column is None:
            continue
        for row in rows:
            try:
                merged[row["operation"]] = float(row[column])
            except (TypeError, ValueError):
                continue
        origin = f"data/economics/{entry.name} (+ data/carbon/fuel_operations.csv)"
    return FuelTable(merged, origin)


def diesel_emissions_kg(litres) -> dict[str, np.ndarray]:
    """CO2, CH4 and N2O [kg] from burning ``litres`` of diesel in farm machinery.

    Notes
    -----
    Emissions = fuel [TJ] x EF [kg/TJ] (IPCC 2006 Vol. 2 Eq. 3.3.1; Table 3.3.1
    off-road agriculture); fuel [TJ] = l x density [kg/l] x NCV [TJ/Gg] x 1e-6.
    """
    f = ghg_factors()
    tj = np.asarray(litres, dtype=np.float64) * f["diesel_density_kg_l"] * f["diesel_ncv_tj_gg"] \
        * 1e-6
    return {"co2": tj * f["diesel_co2_kg_tj"], "ch4": tj * f["diesel_ch4_kg_tj"],
            "n2o": tj * f["diesel_n2o_kg_tj"]}


# --------------------------------------------------------------------------------------
# Per system and year
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GhgYear:
    """Emissions of one system in one year [t CO2e/ha] by source, and the gases behind."""

    system: str
    region: str
    year: int
    rice_ch4_t_co2e: float
    n2o_direct_t_co2e: float
    n2o_indirect_t_co2e: float
    diesel_t_co2e: float
    soc_change_t_co2e: float
    ch4_kg: float
    n2o_kg: float
    diesel_l: float

    @property
    def total_t_co2e(self) -> float:
        """Sum of all sources [t CO2e/ha] (negative: net removal)."""
        return (self.rice_ch4_t_co2e + self.n2o_direct_t_co2e + self.n2o_indirect_t_co2e
                + self.diesel_t_co2e + self.soc_change_t_co2e)


def ghg_by_year(records: Sequence[SystemYear], soc: Sequence[SocYear] = (), *,
                gwp_report: str = "AR5", climate: str | None = None,
                rice_water_regime: str = "continuously_flooded",
                rice_pre_season: str = "non_flooded_gt180",
                rice_amendments_t_ha: Mapping[str, float] | None = None) -> list[GhgYear]:
    """Greenhouse gases per system and year [t CO2e/ha].

    Parameters
    ----------
    records : sequence of SystemYear
    soc : sequence of SocYear
        Soil carbon of the same systems and years (:func:`soil_carbon.soc_by_year`);
        without it the SOC term is 0.
    gwp_report : {"AR5", "AR6"}
    climate : {None, "dry", "wet"}
        EF1 aggregated (None) or disaggregated by climate.
    rice_water_regime, rice_pre_season, rice_amendments_t_ha
        Rice CH4 scaling (Tables 5.12-5.14); the cultivation period is the
        simulated ``flooded_days``.

    Notes
    -----
    N inputs: F_SN = fertiliser N; F_CR by IPCC 2006 Eq. 11.6 (grain crops and
    alfalfa renewal); F_SOM = SOC loss / 15 (Eq. 11.8, R = 15), only when SOC
    decreases.  Biological N fixation is not a direct N2O source in the IPCC
    2006/2019 methods; its N enters through F_CR.  EF1FR is used in years
    with flooded rice.  Leaching applies to irrigated (non-drip) fields and
    to any field when ``climate`` is "wet".
    """
    f = ghg_factors()
    fuel = fuel_table()
    soc_map = {(s.region, s.system, s.year): s for s in soc}
    cn = tier1_factors()["nitrogen/soil_cn_ratio"]
    gwp_ch4, gwp_ch4_fossil, gwp_n2o = (gwp("ch4", gwp_report), gwp("ch4_fossil", gwp_report),
                                        gwp("n2o", gwp_report))
    unknown: set[str] = set()
    groups: dict[tuple[str, str], list[SystemYear]] = {}
    for r in records:
        groups.setdefault((r.region, r.system), []).append(r)
    alf = residue_factors()["alfalfa"]
    out: list[GhgYear] = []
    for (region, system), rows in groups.items():
        rows = sorted(rows, key=lambda r: r.year)
        renew = alfalfa_renewal_fraction(rows)
        for r in rows:
            flooded = r.flooded_days > 0
            ch4 = float(rice_ch4_kg_ha(r.flooded_days, rice_water_regime, rice_pre_season,
                                       rice_amendments_t_ha)) if flooded else 0.0
            f_cr = 0.0
            if r.grain_t_ha > 0:
                f_cr += float(crop_residue_n_kg_ha(r.grain_crop or "grains", r.grain_t_ha,
                                                   removed_ag_t_ha=r.straw_t_ha))
            if r.hay_t_ha > 0:
                f_cr += float(crop_residue_n_kg_ha("alfalfa", r.hay_t_ha / alf.dry_fraction,
                                                   frac_renew=renew))
            s = soc_map.get((region, system, r.year))
            soc_change = s.soc_change_t_c_ha if s is not None else 0.0
            # IPCC 2006 Vol. 4 Eq. 11.8: F_SOM = SOC loss x 1/R x 1000 (kg N)
            f_som = max(0.0, -soc_change) / cn * 1000.0
            n2o_d = float(n2o_direct_kg_ha(r.fertiliser_n_kg_ha, 0.0, f_cr, f_som,
                                           flooded_rice=flooded, climate=climate))
            irrigated = r.irrigation_m3_ha > 0 or r.irrigation_method not in ("", "drip")
            # Table 11.3: FracLEACH where wet, or dry and irrigated other than by drip
            leaching = climate == "wet" or (irrigated and r.irrigation_method != "drip")
            atd, leach = n2o_indirect_kg_ha(r.fertiliser_n_kg_ha, 0.0, f_cr, f_som,
                                            leaching=leaching)
            litres = 0.0
            for op in r.operations:
                if op in fuel.litres_per_ha:
                    litres += fuel.litres_per_ha[op]
                else:
                    unknown.add(op)
            diesel = diesel_emissions_kg(litres)
            out.append(GhgYear(
                system=system, region=region, year=r.year,
                rice_ch4_t_co2e=ch4 * gwp_ch4 / 1000.0,
                n2o_direct_t_co2e=n2o_d * gwp_n2o / 1000.0,
                n2o_indirect_t_co2e=float(atd + leach) * gwp_n2o / 1000.0,
                diesel_t_co2e=float(diesel["co2"] + diesel["ch4"] * gwp_ch4_fossil
                                    + diesel["n2o"] * gwp_n2o) / 1000.0,
                # SOC gain removes CO2 from the air: emission = -dSOC x 44/12
                soc_change_t_co2e=-soc_change * f["co2_per_c"],
                ch4_kg=ch4, n2o_kg=n2o_d + float(atd + leach), diesel_l=litres))
    if unknown:
        warnings.warn(_("no diesel use known for operations {names} (counted as 0 l/ha; "
                        "table: {origin})").format(names=", ".join(sorted(unknown)),
                                                   origin=fuel.origin), stacklevel=2)
    return out


def ghg_summary(years: Sequence[GhgYear], baseline: str | None = None) -> list[dict]:
    """Mean t CO2e/ha/yr per system and source, difference vs baseline, share of each source.

    Returns one record per system and source (``GHG_SOURCES`` then "total")
    with ``t_co2e_ha_yr``, ``difference_vs_baseline`` (system - baseline; negative:
    the project emits less) and ``share_pct`` (the source's part of the sum of
    the absolute values of all sources, with the source's sign).  The baseline
    is ``baseline`` or the first system met in ``years``.
    """
    systems: dict[tuple[str, str], list[GhgYear]] = {}
    for y in years:
        systems.setdefault((y.region, y.system), []).append(y)
    if not systems:
        return []
    means: dict[tuple[str, str], dict[str, float]] = {}
    for key, rows in systems.items():
        m = {src: float(np.mean([getattr(r, f"{src}_t_co2e") for r in rows]))
             for src in GHG_SOURCES}
        m["total"] = sum(m[src] for src in GHG_SOURCES)
        means[key] = m
    out = []
    for (region, system), m in means.items():
        base_key = next((k for k in means if k[0] == region and
                         (baseline is None or k[1] == baseline)), None)
        if base_key is None:
            raise InputError(_("baseline system {name!r} not among the systems").format(
                name=baseline))
        base = means[base_key]
        gross = sum(abs(m[src]) for src in GHG_SOURCES)
        for src in (*GHG_SOURCES, "total"):
            share = (100.0 * m[src] / gross if gross > 0 else 0.0) if src != "total" else None
            out.append({"region": region, "system": system, "source": src,
                        "years": len(systems[(region, system)]),
                        "t_co2e_ha_yr": m[src],
                        "difference_vs_baseline": m[src] - base[src],
                        "share_pct": share})
    return out
