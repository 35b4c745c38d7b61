"""Readers of AquaCrop's groundwater (``.GWT``) and initial conditions (``.SW0``) files.

Layouts as in the AquaCrop 7 reference manual, chapter 2 (Table 2.23t, the
groundwater file; Table 2.23u, the initial conditions file):

``.GWT``: a description, the version, a code (0 no groundwater table, 1 a
table at fixed depth with constant salinity, 2 a variable table); for code 2
the first day, month and year of the observations (1901: any year); then an
empty line, a title, a ``===`` line and one row ``day depth(m) ECw(dS/m)``
(code 1) or one per observation (code 2; days from the first day, increasing).

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

import numpy as np

from zhassyl.aquacrop._common import LineFile
from zhassyl.i18n import _

#: The "use the default" value of the .SW0 crop lines.
DEFAULT = -9.0


@dataclass(frozen=True)
class Groundwater:
    """A ``.GWT`` file: no table (``depth_m`` None), a fixed table, or a variable one.

    A variable table (code 2) keeps its observations ``(day, depth_m, ec_ds_m)``,
    ``day`` counted from ``first_date`` (day 1); ``first_date`` in year 1901 means
    the observations repeat every year (AquaCrop's "year not defined").
    """

    source: str
    depth_m: float | None
    ec_ds_m: float
    observations: tuple[tuple[int, float, float], ...] = ()
    first_date: np.datetime64 | None = None

    @property
    def variable(self) -> bool:
        return len(self.observations) > 1

    def series(self, dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Depth [m] and ECw [dS m-1] of the table on each of ``dates``.

        As AquaCrop 7.3 ``LoadGroundWater`` and ``GetZandECgwt``: linear between
        observations (the depth in whole cm), the first observation's values before it and the
        last one's after it; when the year is not defined (1901) the last
        observation joins the first of the next year over 365 days.
        """
        dates = np.asarray(dates, dtype="datetime64[D]")
        if not self.variable:
            depth = -1.0 if self.depth_m is None else self.depth_m
            return np.full(len(dates), depth), np.full(len(dates), self.ec_ds_m)
        day = np.array([o[0] for o in self.observations], dtype=float)
        z = np.array([o[1] for o in self.observations])
        ec = np.array([o[2] for o in self.observations])
        first = np.datetime64(self.first_date, "D")
        if first.astype("datetime64[Y]").astype(int) + 1970 == 1901:
            # day of the year since the first date, the observations repeating each year
            doy = (dates - dates.astype("datetime64[Y]")).astype(int)
            at = (doy - (first - first.astype("datetime64[Y]")).astype(int)) % 365 + 1.0
            day = np.concatenate([day - 365.0, day, day + 365.0])
            z, ec = np.tile(z, 3), np.tile(ec, 3)
        else:
            at = (dates - first).astype(int) + 1.0
        # AquaCrop 7.3 GetZandECgwt: the depth in whole cm, Z1 + roundc((day - day1)·(Z2 - Z1)/
        # (day2 - day1)) with Z1, Z2 the observations in cm; AquaCrop's roundc rounds halves
        # to even (Pascal's rule, utils.f90), as numpy's round; ECw linear; before the first
        # and after the last observation, their values
        at = np.clip(at, day[0], day[-1])
        k = np.clip(np.searchsorted(day, at, side="left"), 1, len(day) - 1)
        frac = (at - day[k - 1]) / (day[k] - day[k - 1])
        z_cm = np.round(100.0 * z)
        step = (at - day[k - 1]) * (z_cm[k] - z_cm[k - 1]) / (day[k] - day[k - 1])
        depth = (z_cm[k - 1] + np.round(step)) / 100.0
        return depth, ec[k - 1] + (ec[k] - ec[k - 1]) * frac


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
    code = f.next_int("groundwater table code", 0, 2)
    if code == 0:
        f.finish()
        return Groundwater(str(path), None, 0.0)
    first_date = None
    if code == 2:
        first_day = f.next_int("first day of observations", 1, 31)
        first_month = f.next_int("first month of observations", 1, 12)
        first_year = f.next_int("first year of observations", 1901, 2200)
        f.finish()
        try:
            first_date = np.datetime64(f"{first_year:04d}-{first_month:02d}-{first_day:02d}")
        except ValueError:
            raise f.fail(f.row - 2, "first day of observations", _(
                "{day}/{month}/{year} is not a date").format(
                    day=first_day, month=first_month, year=first_year)) from None
    f.skip(3, "title of the groundwater table")
    rows = []
    while True:
        words = f.next_text("groundwater table row").split()
        if len(words) < 3:
            raise f.fail(f.row, "depth", _("expected {count} values on this line, found {found}")
                         .format(count=3, found=len(words)))
        day = f.to_int(words[0], f.row, "day", 1, 100000)
        if rows and day <= rows[-1][0]:
            f.problem(f.row, "day", _("days must increase from row to row"))
        rows.append((day, f.to_float(words[1], f.row, "depth", 0.0, 100.0),
                     f.to_float(words[2], f.row, "ECw", 0.0, 100.0)))
        if code == 1 or f.row >= len(f.lines) or not "".join(f.lines[f.row:]).strip():
            break
    f.finish()
    if code == 1 or len(rows) == 1:
        return Groundwater(str(path), rows[0][1], rows[0][2])
    return Groundwater(str(path), rows[0][1], rows[0][2], tuple(rows), first_date)


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
