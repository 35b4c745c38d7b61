"""Readers of AquaCrop's groundwater (``.GWT``) and initial conditions (``.SW0``) files.

Layouts as in the AquaCrop 7 reference manual, chapter 2 (Table 2.23t, the
groundwater file; Table 2.23u, the initial conditions file):

``.GWT``: a description, the version, a code (0 no groundwater table, 1 a
table at fixed depth with constant salinity, 2 a variable table); for code 1
an empty line, a title, a ``===`` line and one row ``day depth(m) ECw(dS/m)``.
Zhassyl's engine takes a fixed depth, so code 2 is refused with the file and
line.

``.SW0``: a description, the version, the initial canopy cover (%), the
biomass produced before the simulation (t/ha), the initial rooting depth (m)
(``-9``: AquaCrop's default), the water layer between bunds (mm) and its EC
(dS/m), a code (0: water content given for soil layers, 1: at particular
depths), the number of layers, an empty line, a title, a ``===`` line, and
one row per layer ``thickness(m) water content(vol%) ECe(dS/m)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zhassyl.aquacrop._common import LineFile
from zhassyl.i18n import _

#: The "use the default" value of the .SW0 crop lines.
DEFAULT = -9.0


@dataclass(frozen=True)
class Groundwater:
    """A ``.GWT`` file: no table (``depth_m`` None) or a fixed table."""

    source: str
    depth_m: float | None
    ec_ds_m: float


@dataclass(frozen=True)
class InitialLayer:
    """One layer of a ``.SW0`` file."""

    thickness_m: float
    water_content_vol_pct: float
    ece_ds_m: float


@dataclass(frozen=True)
class InitialConditions:
    """A ``.SW0`` file: the soil water and salinity at the start of the simulation."""

    source: str
    layers: tuple[InitialLayer, ...]

    def ece_ds_m(self) -> float:
        """The one initial ECe the engine takes (all layers share it, see the reader)."""
        return self.layers[0].ece_ds_m


def read_groundwater(path: str | Path) -> Groundwater:
    """Read an AquaCrop groundwater file (``.GWT``, AquaCrop 7 manual Table 2.23t).

    Raises
    ------
    zhassyl.errors.InputError
        A variable table (code 2) or any value that does not parse, naming the line.
    """
    f = LineFile(path)
    f.next_text("description")
    version = f.next_float("AquaCrop version", 0)
    f.check_version(version, 4.0)
    row = f.row + 1
    code = f.next_int("groundwater table code", 0, 2)
    if code == 0:
        f.finish()
        return Groundwater(str(path), None, 0.0)
    if code == 2:
        raise f.fail(row, "groundwater table code", _(
            "not supported by Zhassyl: {what}").format(
                what=_("a variable groundwater table (the engine takes a fixed depth)")))
    f.skip(3, "title of the groundwater table")
    words = f.next_text("groundwater table row").split()
    if len(words) < 3:
        raise f.fail(f.row, "depth", _("expected {count} values on this line, found {found}")
                     .format(count=3, found=len(words)))
    depth = f.to_float(words[1], f.row, "depth", 0.0, 100.0)
    ec = f.to_float(words[2], f.row, "ECw", 0.0, 100.0)
    f.finish()
    return Groundwater(str(path), depth, ec)


def read_initial_conditions(path: str | Path) -> InitialConditions:
    """Read an AquaCrop initial conditions file (``.SW0``, AquaCrop 7 manual Table 2.23u).

    Only what the engine can start from is accepted; the rest is refused with
    the file and line: an initial canopy cover, biomass or rooting depth other
    than the default (-9, or 0 biomass), water between bunds, water contents
    given at depths (code 1), and salinity differing between layers (the
    engine starts from one ECe per field).
    """
    f = LineFile(path)
    f.next_text("description")
    version = f.next_float("AquaCrop version", 0)
    f.check_version(version, 4.0)

    def unsupported(row: int, column: str, what: str) -> None:
        f.problem(row, column, _("not supported by Zhassyl: {what}").format(what=what))

    cc = f.next_float("initial canopy cover")
    if cc != DEFAULT:
        unsupported(f.row, "initial canopy cover", _("an initial canopy cover"))
    biomass = f.next_float("initial biomass")
    if biomass not in (DEFAULT, 0.0):
        unsupported(f.row, "initial biomass", _("biomass produced before the simulation"))
    zr = f.next_float("initial rooting depth")
    if zr != DEFAULT:
        unsupported(f.row, "initial rooting depth", _("an initial rooting depth"))
    bund = f.next_float("water between bunds", 0)
    if bund > 0:
        unsupported(f.row, "water between bunds", _("soil bunds (ponding)"))
    f.next_float("EC of the water between bunds", 0)
    row = f.row + 1
    code = f.next_int("layers or depths code", 0, 1)
    if code == 1:
        unsupported(row, "layers or depths code", _("water contents given at particular depths"))
    n = f.next_int("number of layers", 1, 12)
    f.skip(3, "title of the layer table")
    layers = []
    for _i in range(max(n, 0)):
        words = f.next_text("layer").split()
        if len(words) < 3:
            f.problem(f.row, "layer", _("expected {count} values on this line, found {found}")
                      .format(count=3, found=len(words)))
            continue
        layers.append(InitialLayer(f.to_float(words[0], f.row, "thickness", 0.01, 20.0),
                                   f.to_float(words[1], f.row, "water content", 0.0, 100.0),
                                   f.to_float(words[2], f.row, "ECe", 0.0, 100.0)))
        if layers[-1].ece_ds_m != layers[0].ece_ds_m:
            unsupported(f.row, "ECe", _(
                "initial salinity that differs between layers (the engine starts from one "
                "ECe per field)"))
    f.finish()
    return InitialConditions(str(path), tuple(layers))
