"""Soil texture classes as data (``data/soils/textures.csv``) and soil-sample conversions.

Texture ids are those of :mod:`zhassyl.scenario.vocabulary` (``sandy-loam``);
the old spelling ``sandy_loam`` is still understood.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from zhassyl.engine.simulate import Horizon
from zhassyl.errors import ParameterError
from zhassyl.i18n import _
from zhassyl.scenario.vocabulary import normalise

#: Particle density of mineral soil [g cm-3], the usual value for converting porosity
#: into bulk density, rho_b = rho_s (1 - porosity) (Hillel 1998, Environmental Soil
#: Physics, ch. 2; the porosities of textures.csv are Rawls et al. 1982, Table 2).
PARTICLE_DENSITY_G_CM3 = 2.65


@cache
def texture_rows() -> dict[str, dict[str, str]]:
    """Rows of ``data/soils/textures.csv`` by texture id."""
    text = (resources.files("zhassyl") / "data" / "soils" / "textures.csv").read_text(
        encoding="utf-8")
    return {r["texture"]: r for r in csv.DictReader(text.splitlines())}


def texture_row(texture: str) -> dict[str, str]:
    """The parameters of one texture; ParameterError naming the known ones."""
    rows = texture_rows()
    key = normalise(texture)
    if key not in rows:
        raise ParameterError(_("unknown soil texture '{name}'; known: {known}").format(
            name=texture, known=", ".join(rows)))
    return rows[key]


def texture_id(texture: str) -> str:
    """The vocabulary id of a texture with parameters (ParameterError when unknown)."""
    return texture_row(texture)["texture"]


def soil_texture(texture: str) -> tuple[list[Horizon], float, float, float, float]:
    """A uniform 2 m soil profile of ``texture``: horizons, CN, REW [mm], CRa, CRb."""
    r = texture_row(texture)
    h = Horizon(2.0, float(r["theta_sat"]), float(r["theta_fc"]), float(r["theta_wp"]),
                float(r["ksat_mm_day"]))
    return [h], float(r["curve_number"]), float(r["rew_mm"]), float(r["cr_a"]), float(r["cr_b"])


def soil_clay_pct(texture: str) -> float:
    """Representative clay content [%] of a texture class (data/soils/textures.csv)."""
    return float(texture_row(texture)["clay_pct"])


def bulk_density_g_cm3(texture: str) -> float:
    """Bulk density [g cm-3] of a texture from its porosity (theta_sat), rho_s (1 - phi)."""
    return PARTICLE_DENSITY_G_CM3 * (1.0 - float(texture_row(texture)["theta_sat"]))


def soc_stock_t_c_ha(soc_pct: float, bulk_density: float, depth_cm: float = 30.0) -> float:
    """SOC stock [t C/ha] of a layer from its carbon content [% by mass].

    SOC = C [g C / 100 g soil] x rho_b [g cm-3] x depth [cm], the usual stock
    computation without coarse fragments (FAO 2017, Soil Organic Carbon
    Mapping Cookbook, "SOC stocks"); in these units the product is t C/ha.

    >>> round(soc_stock_t_c_ha(1.0, 1.4, 30.0), 6)
    42.0
    """
    return float(soc_pct) * float(bulk_density) * float(depth_cm)
