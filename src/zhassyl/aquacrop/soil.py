"""Reader of AquaCrop soil profile files (``.SOL``), versions 4.0 to 7.3.

Layout as read by AquaCrop (``LoadProfile`` in ``global.f90``): description,
version, curve number, readily evaporable water, number of horizons, a line no
longer used, two title lines, then one line per horizon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from zhassyl.aquacrop._common import LineFile, version_tenths
from zhassyl.engine.soil_water import tau_from_ksat
from zhassyl.i18n import _

#: Density of the mineral particles used by AquaCrop to turn gravel mass into volume.
MINERAL_DENSITY_MG_M3 = 2.65


def drainage_tau_from_ksat(ksat_mm_day: float) -> float:
    """AquaCrop's drainage characteristic tau from saturated conductivity.

    Notes
    -----
    ``tau = 0.0866 * Ksat**0.35`` (Ksat in mm/day), rounded to two decimals and
    limited to 0-1; 0 when Ksat is 0 (Raes et al., AquaCrop reference manual,
    chapter 3, drainage).
    """
    return float(tau_from_ksat(float(ksat_mm_day)))  # the engine's one implementation


@dataclass(frozen=True)
class SoilHorizon:
    """One horizon of an AquaCrop soil profile."""

    thickness_m: float
    theta_sat_vol_pct: float
    """Water content at saturation (vol %)."""
    theta_fc_vol_pct: float
    """Water content at field capacity (vol %)."""
    theta_wp_vol_pct: float
    """Water content at permanent wilting point (vol %)."""
    ksat_mm_day: float
    """Saturated hydraulic conductivity (mm/day)."""
    penetrability_pct: int
    """Root penetrability (%); 100 for files older than version 6.0."""
    gravel_mass_pct: int
    """Gravel content (mass %); 0 for files older than version 6.0."""
    cr_a: float
    """Soil parameter a of the capillary rise equation."""
    cr_b: float
    """Soil parameter b of the capillary rise equation."""
    description: str
    tau: float
    """Drainage characteristic (fraction per day), derived by
    :func:`drainage_tau_from_ksat` as AquaCrop does."""

    @property
    def gravel_vol_pct(self) -> float:
        """Gravel content as volume %, as AquaCrop derives it from mass % and porosity."""
        if self.gravel_mass_pct <= 0:
            return 0.0
        matrix_density = MINERAL_DENSITY_MG_M3 * (1 - self.theta_sat_vol_pct / 100)
        soil_density = 100 / (self.gravel_mass_pct / MINERAL_DENSITY_MG_M3
                              + (100 - self.gravel_mass_pct) / matrix_density)
        return self.gravel_mass_pct * soil_density / MINERAL_DENSITY_MG_M3


@dataclass(frozen=True)
class SoilProfile:
    """An AquaCrop soil profile."""

    source: str
    description: str
    version: float
    curve_number: int
    """Curve number CN (AMC II) for surface runoff."""
    rew_mm: int
    """Readily evaporable water from the top layer (mm)."""
    horizons: tuple[SoilHorizon, ...]

    @property
    def depth_m(self) -> float:
        """Total depth of the profile (m)."""
        return sum(h.thickness_m for h in self.horizons)


def read_soil(path: str | Path) -> SoilProfile:
    """Read an AquaCrop soil profile file (``.SOL``).

    Parameters
    ----------
    path : str or Path
        The soil file (AquaCrop version 4.0 or later; from version 6.0 each
        horizon line holds thickness, SAT, FC, WP, Ksat, penetrability, gravel,
        CRa, CRb and a description; before 6.0 penetrability and gravel are
        absent and take AquaCrop's defaults 100 % and 0 %).

    Returns
    -------
    SoilProfile

    Raises
    ------
    zhassyl.errors.InputError
        Missing lines or values, numbers that do not parse, values out of
        range (e.g. WP > FC > SAT not respected), files older than version 4.0.
    """
    f = LineFile(path)
    description = f.next_text("description").strip()
    version = f.next_float("AquaCrop version", 0)
    f.check_version(version, 4.0)
    v = version_tenths(version)
    cn = f.next_int("curve number", 1, 100)
    rew = f.next_int("readily evaporable water", 0, 50)
    n = f.next_int("number of soil horizons", 1, 5)
    f.skip(1, "line no longer used")
    f.skip(2, "title of the horizon table")
    names = ["thickness", "SAT", "FC", "WP", "Ksat"]
    names += ["penetrability", "gravel"] if v >= 60 else []
    names += ["CRa", "CRb"]
    horizons = []
    for _i in range(max(n, 0)):
        words = f.next_text("soil horizon").split()
        row = f.row
        if len(words) < len(names):
            f.problem(row, names[len(words)] if words else names[0],
                      _("expected {count} values on this line, found {found}").format(
                          count=len(names), found=len(words)))
            continue
        values = dict(zip(names, words, strict=False))
        thick = f.to_float(values["thickness"], row, "thickness", 0.01, 20)
        sat = f.to_float(values["SAT"], row, "SAT", 0, 100)
        fc = f.to_float(values["FC"], row, "FC", 0, 100)
        wp = f.to_float(values["WP"], row, "WP", 0, 100)
        ksat = f.to_float(values["Ksat"], row, "Ksat", 0)
        pen = f.to_int(values.get("penetrability", "100"), row, "penetrability", 0, 100)
        gravel = f.to_int(values.get("gravel", "0"), row, "gravel", 0, 100)
        cra = f.to_float(values["CRa"], row, "CRa")
        crb = f.to_float(values["CRb"], row, "CRb")
        if not any(map(math.isnan, (wp, fc, sat))) and not (wp <= fc <= sat):
            f.problem(row, "FC", _("water contents must satisfy WP <= FC <= SAT"))
        horizons.append(SoilHorizon(
            thickness_m=thick, theta_sat_vol_pct=sat, theta_fc_vol_pct=fc,
            theta_wp_vol_pct=wp, ksat_mm_day=ksat, penetrability_pct=pen,
            gravel_mass_pct=gravel, cr_a=cra, cr_b=crb,
            description=" ".join(words[len(names):]),
            tau=drainage_tau_from_ksat(ksat) if math.isfinite(ksat) else math.nan))
    f.finish()
    return SoilProfile(source=str(path), description=description, version=version,
                       curve_number=cn, rew_mm=rew, horizons=tuple(horizons))
