"""What one field scenario is: :class:`FieldScenario`.

A scenario is fully resolved when it is built: every input has a value and a
source (``measured`` from the Fund's records, ``given`` by the user,
``default`` from the packaged regional data), so two scenarios with the same
inputs are equal and hash alike, whichever builder made them
(:mod:`zhassyl.scenario.builders`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import cached_property

from zhassyl.i18n import N_

#: Where a scenario input comes from.
MEASURED, RECORDED, GIVEN, DEFAULT = "measured", "recorded", "given", "default"
SOURCES = (MEASURED, RECORDED, GIVEN, DEFAULT)
#: How each source reads (message ids, translated where they are shown).
SOURCE_WORDS = {MEASURED: N_("measured"), RECORDED: N_("recorded"), GIVEN: N_("given"),
                DEFAULT: N_("default")}

#: Production levels (:mod:`zhassyl.farming.levels`): AquaCrop's potential, the farm
#: level of the region's practice, or a field's stored calibration.
LEVELS = ("potential", "farm", "calibrated")

#: Inputs whose source a scenario records.
INPUTS = ("soil_texture", "ece0_ds_m", "soc0_t_c_ha", "ec_iw_ds_m", "groundwater_depth_m",
          "ec_gw_ds_m", "baseline", "weather", "slope_pct", "slope_length_m",
          "furrow_stream_l_min", "furrow_length_m", "practice")


#: Fields of a scenario that do not change its simulated results.
_NOT_INPUTS = ("field_id", "area_ha", "notes", "sources", "water_source", "system_files")


@dataclass(frozen=True)
class FieldScenario:
    """One field (real or synthetic), its history and the systems to run on it.

    Quantities per hectare unless named otherwise.  ``systems`` are run side by
    side on the same field and weather; ``baseline`` (the practice before, a
    system id) is simulated too and sets the initial soil carbon pools.
    ``soc0_t_c_ha`` None means IPCC Tier 1 under the baseline.
    """

    field_id: str
    region: str                      # region id
    systems: tuple[str, ...]         # system ids (a system file's own ``id``)
    baseline: str                    # system id of the practice before
    years: int
    soil_texture: str                # texture id with parameters (data/soils/textures.csv)
    ece0_ds_m: float                 # initial root-zone ECe [dS/m]
    ec_iw_ds_m: float                # irrigation-water salinity [dS/m]
    groundwater_depth_m: float       # water table depth [m]; 0 = none
    ec_gw_ds_m: float                # groundwater salinity [dS/m]
    clay_pct: float                  # topsoil clay [%] (RothC)
    soc0_t_c_ha: float | None = None  # initial SOC 0-30 cm [t C/ha]; None: IPCC Tier 1
    area_ha: float = 1.0
    water_source: str | None = None
    leaching: bool = False           # add the FAO-29 leaching requirement
    weather_seed: int = 1
    weather_file: str | None = None
    start_year: int = 2001           # calendar year of scenario year 1 (generated weather)
    level: str = "potential"         # production level (LEVELS)
    # the calibrated level: (system, soil-fertility stress %) and (system, weed cover %)
    # fitted to the field's measurements (``zhassyl calibrate``), replacing the farm level's
    fertility_stress_pct: tuple[tuple[str, float], ...] = ()
    weed_cover_pct: tuple[tuple[str, float], ...] = ()
    # erosion (zhassyl.erosion): the field's slope and furrows; defaults per region in
    # data/erosion/field_defaults.csv
    slope_pct: float = 0.0           # field and furrow slope [%]
    slope_length_m: float = 100.0    # RUSLE slope length [m]
    furrow_stream_l_min: float = 30.0  # furrow inflow stream [L/min]
    furrow_length_m: float = 200.0   # furrow length [m]
    practice: str = "none"           # support practice: none, contouring
    # irrigation method of the compared systems (data/irrigation/methods.csv), replacing
    # each system's own; None: every system keeps its own.  The baseline (the practice
    # before) and ponded paddies keep theirs.
    irrigation_method: str | None = None
    # the water table: "fixed" at groundwater_depth_m, or "dynamic": the field's own shallow
    # aquifer from that depth (zhassyl.groundwater; data/groundwater/aquifers.csv)
    water_table: str = "fixed"
    sources: tuple[tuple[str, str], ...] = ()   # (input, source) for INPUTS
    notes: tuple[str, ...] = field(default=(), compare=False)
    # systems read from the user's .toml files: (id, path, SHA-256 of the file's bytes);
    # the digest, not the path, is an input (the same file anywhere hashes alike)
    system_files: tuple[tuple[str, str, str], ...] = ()

    def system_source(self, system: str) -> str:
        """What :func:`zhassyl.farming.systems.load_system` reads for ``system``.

        The path of the user's file for a system read from one, else the id.
        """
        for sid, path, _digest in self.system_files:
            if sid == system:
                return path
        return system

    def system_key(self, system: str) -> str:
        """A key naming ``system``'s definition (its id, or id and file digest)."""
        for sid, _path, digest in self.system_files:
            if sid == system:
                return f"{sid}@{digest}"
        return system

    def source_of(self, name: str) -> str:
        """Source (measured, recorded, given, default) of input ``name``."""
        return dict(self.sources).get(name, DEFAULT)

    def inputs(self) -> dict:
        """The inputs that determine the simulated results (not the id, area or notes)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)
               if f.name not in _NOT_INPUTS}
        if self.irrigation_method is None:  # the systems' own: hashes stay as they were
            del out["irrigation_method"]
        if out.get("water_table") == "fixed":  # the default: hashes stay as they were
            del out["water_table"]
        if self.system_files:  # absent for packaged systems: their hashes stay as they were
            out["system_digests"] = sorted((sid, digest) for sid, _p, digest in self.system_files)
        return out

    @cached_property
    def _hash(self) -> str:
        text = json.dumps(self.inputs(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def scenario_hash(self) -> str:
        """SHA-256 (first 16 hex digits) of :meth:`inputs` as canonical JSON."""
        return self._hash

    def irrigation_for(self, system: str) -> str | None:
        """The irrigation method replacing ``system``'s own, or None (it keeps its own).

        The chosen method applies to the compared systems, never to the baseline.
        """
        if self.irrigation_method is None or system == self.baseline \
                or system not in self.systems:
            return None
        return self.irrigation_method

    def run_systems(self) -> tuple[str, ...]:
        """The baseline then the systems, each once (the order of the engine fields)."""
        out = [self.baseline]
        out += [s for s in self.systems if s not in out]
        return tuple(out)
