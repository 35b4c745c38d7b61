"""Yearly soil loss of one system on one field: RUSLE rainfall erosion + furrow erosion.

The engine's daily canopy cover and irrigation, the station's daily rain and
the field's slope and furrows give, per scenario year,

    A = R K LS C P  +  furrow loss

with R the year's erosivity (:func:`zhassyl.erosion.rusle.daily_erosivity`),
C the day-by-day soil-loss ratio ``PLU x CC x SC`` weighted by erosivity
(AH 703 ch. 5; the surface-roughness and soil-moisture subfactors are taken
as 1, a smooth, settled surface), and the furrow loss of each furrow
irrigation day (:mod:`zhassyl.erosion.furrow`).

Tillage of a year follows the system's field operations: ploughing is
``conventional`` tillage, discing or harrowing alone ``minimal``, no tillage
``none`` (an established perennial stand); each sets the surface cover by
residue (``data/erosion/tillage.csv``) and restarts soil consolidation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zhassyl.erosion import rusle
from zhassyl.erosion.furrow import furrow_loss_per_irrigation
from zhassyl.erosion.params import constants, row

#: Field operations that invert the soil (conventional tillage).
PLOUGHING = frozenset({"ploughing"})
#: Field operations that disturb the surface without inverting it (minimal tillage).
SHALLOW_TILLAGE = frozenset({"disc-harrowing", "harrowing", "land-levelling", "cultivating"})


@dataclass(frozen=True)
class ErosionSite:
    """A field's slope, furrows and topsoil as the erosion model needs them."""

    slope_pct: float             # field (and furrow) slope [%]
    slope_length_m: float        # RUSLE slope length [m]
    furrow_stream_l_min: float   # furrow inflow stream [L/min]
    furrow_length_m: float       # furrow length [m]
    practice: str                # support practice (data/erosion/contouring.csv)
    soil_texture: str            # texture id (data/soils/textures.csv)
    organic_carbon_pct: float    # topsoil organic carbon [% by mass]

    def k_factor(self) -> float:
        """Soil erodibility K [t ha h ha-1 MJ-1 mm-1] (nomograph equation, AH 703 ch. 3)."""
        from zhassyl.farming.soils import soil_clay_pct

        s = row("soils.csv", "texture", self.soil_texture)
        om = self.organic_carbon_pct * constants()["oc_to_om"]
        return float(rusle.erodibility_nomograph(
            float(s["silt_vfs_pct"]), soil_clay_pct(self.soil_texture), om,
            float(s["structure_code"]), float(s["permeability_code"])))


def tillage_of(operations) -> str:
    """``conventional``, ``minimal`` or ``none`` from a year's field operation ids."""
    ops = set(operations)
    if ops & PLOUGHING:
        return "conventional"
    return "minimal" if ops & SHALLOW_TILLAGE else "none"


def site_for(sc) -> ErosionSite:
    """The :class:`ErosionSite` of a :class:`~zhassyl.scenario.model.FieldScenario`.

    The organic carbon is the scenario's initial SOC stock over 0-30 cm with
    the texture's bulk density when it was given or measured, else the
    region's default (``data/erosion/field_defaults.csv``).
    """
    from zhassyl.farming.soils import bulk_density_g_cm3

    oc = float(row("field_defaults.csv", "region", sc.region)["organic_carbon_pct"])
    if sc.soc0_t_c_ha is not None:
        oc = sc.soc0_t_c_ha / (bulk_density_g_cm3(sc.soil_texture) * 30.0)
    return ErosionSite(sc.slope_pct, sc.slope_length_m, sc.furrow_stream_l_min,
                       sc.furrow_length_m, sc.practice, sc.soil_texture, oc)


def fall_height_m(crop: str) -> float:
    """Effective fall height of drops from the crop's canopy [m] (``data/erosion/crops.csv``)."""
    return float(row("crops.csv", "crop", crop)["fall_height_m"])


def soil_loss_by_season(site: ErosionSite, system, canopy_cover, companion_cc, rain_mm,
                        irrigation_mm, years_of_day, starts, ends) -> list[dict[str, float]]:
    """Soil loss of each scenario year [t/ha] with its factors.

    Parameters
    ----------
    site : ErosionSite
    system : zhassyl.farming.systems.System
        The system run (crop, companion, irrigation method, operations).
    canopy_cover, companion_cc, rain_mm, irrigation_mm : arrays (n_days,)
        Daily main-crop and companion canopy cover [fraction], rain [mm] and
        net irrigation [mm] of the run.
    years_of_day : array of int (n_days,)
        Calendar year of each day (erosivity is shared out per calendar year).
    starts, ends : sequences of int
        First and last day index of each scenario year (the scenario layer passes
        the calendar year holding each season).

    Returns
    -------
    list of dict
        Per year: ``soil_loss_t_ha`` (rain + furrow), ``rain_loss_t_ha``,
        ``furrow_loss_t_ha``, ``r`` [MJ mm ha-1 h-1], ``c``, ``k``, ``ls``, ``p``.
    """
    ei = rusle.daily_erosivity(rain_mm, years_of_day)
    k = site.k_factor()
    ls = float(rusle.ls_factor(site.slope_length_m, site.slope_pct))
    p = rusle.support_practice_factor(site.practice, site.slope_pct)
    cc_main = np.clip(np.asarray(canopy_cover, dtype=float), 0.0, 1.0)
    cc_comp = np.clip(np.asarray(companion_cc, dtype=float), 0.0, 1.0)
    h_main = fall_height_m(system.crop)
    h_comp = fall_height_m(system.companion.crop) if system.companion else h_main
    cover = np.minimum(cc_main + cc_comp, 1.0)
    height = np.where(cover > 0, (cc_main * h_main + cc_comp * h_comp)
                      / np.where(cover > 0, cc_main + cc_comp, 1.0), h_main)
    canopy = rusle.canopy_subfactor(cover, height)
    furrow = system.irrigation.method == "furrow"
    out = []
    since_tillage = 0
    for year, (a, b) in enumerate(zip(starts, ends, strict=True)):
        ops = system.operations_sowing_year if year == 0 else system.operations_later_years
        tillage = tillage_of(ops)
        since_tillage = 0 if tillage != "none" else since_tillage + 1
        surface = float(row("tillage.csv", "tillage", tillage)["surface_cover_pct"])
        plu = float(rusle.consolidation_factor(since_tillage))
        days = slice(a, b + 1)
        slr = plu * canopy[days] * rusle.surface_cover_subfactor(surface)
        r = float(ei[days].sum())
        c = float(rusle.cover_management_factor(slr, ei[days]))
        rain_loss = r * k * ls * c * p
        events = int((np.asarray(irrigation_mm)[days] > 0).sum()) if furrow else 0
        furrow_loss = events * float(furrow_loss_per_irrigation(
            site.furrow_stream_l_min, site.slope_pct, site.furrow_length_m, k))
        out.append({"soil_loss_t_ha": rain_loss + furrow_loss, "rain_loss_t_ha": rain_loss,
                    "furrow_loss_t_ha": furrow_loss, "r": r, "c": c, "k": k, "ls": ls, "p": p,
                    "tillage": tillage})
    return out
