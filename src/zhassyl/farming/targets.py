"""Published regional yields, cut counts and water use (``data/targets``), and the range
a ``farm``-level run must meet.

The range rule (``data/targets/README.md``): with confirmed farm averages a1..an of a
region, system group and quantity, ``[0.8·min(a), 1.2·max(a)]``; when no farm average
is confirmed, the unconfirmed ones (flagged); a farm average that covers only part of
the year's cuts (Kyzylorda hay 2022: 2.5 cuts) is scaled to the region's cut cap for
the high bound; the high bound never exceeds a confirmed best-farm or trial figure.
Yields are returned as the model reports them (dry matter): hay as weighed is taken
as 85 % dry matter (ASSUMPTION), grain at the crop's ``dry_matter_pct``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from zhassyl.errors import ParameterError
from zhassyl.i18n import _

#: Dry-matter fraction of hay as weighed (field-cured hay at 15 % moisture): ASSUMPTION.
HAY_DRY_MATTER = 0.85
#: Dry-matter fraction of grain at standard moisture (crop data ``_annual.dry_matter_pct``).
GRAIN_DRY_MATTER = 0.86
#: Widening of farm averages (data/targets/README.md).
LOW_FACTOR, HIGH_FACTOR = 0.8, 1.2
#: Cuts reported by the partial-year Kyzylorda hay figure of 2022 (2 finished, a 3rd under way).
PARTIAL_YEAR_CUTS = 2.5


@dataclass(frozen=True)
class Target:
    region: str
    system: str                 # system id or group (alfalfa-established, alfalfa-sowing-year)
    quantity: str               # hay_t_ha, grain_t_ha, cuts_per_year, first_cut_hay_t_ha
    low: float
    high: float | None
    unit: str
    basis: str                  # hay, grain, dry_matter or empty
    kind: str                   # farm_average, best_farm, trial, practice
    year: str
    confirmed: bool
    source: str
    url: str
    note: str


@cache
def targets() -> tuple[Target, ...]:
    """Every row of ``data/targets/regional_targets.csv``."""
    name = "data/targets/regional_targets.csv"
    text = (resources.files("zhassyl") / name).read_text(encoding="utf-8")
    out = []
    for line, r in enumerate(csv.DictReader(text.splitlines()), start=2):
        if not r.get("source"):
            raise ParameterError(_("{file}, row {row}, column 'source': empty").format(
                file=name, row=line))
        try:
            low = float(r["low"])
            high = float(r["high"]) if r["high"] else None
        except ValueError:
            raise ParameterError(_("{file}, row {row}: low/high not a number").format(
                file=name, row=line)) from None
        out.append(Target(r["region"], r["system"], r["quantity"], low, high, r["unit"],
                          r["basis"], r["kind"], r["year"], r["status"] == "confirmed",
                          r["source"], r["url"], r["note"]))
    return tuple(out)


def to_model_units(value: float, basis: str) -> float:
    """A published yield as the model reports it (dry matter)."""
    return value * {"hay": HAY_DRY_MATTER, "grain": GRAIN_DRY_MATTER}.get(basis, 1.0)


@dataclass(frozen=True)
class FarmRange:
    low: float                  # model units (t DM/ha or cuts)
    high: float
    confirmed: bool             # False when built from unconfirmed leads
    rows: tuple[Target, ...]


def farm_range(region: str, system: str, quantity: str, cut_cap: int | None = None
               ) -> FarmRange | None:
    """The range a farm-level run of ``region`` must meet, or None without a farm average."""
    rows = [t for t in targets() if t.region == region and t.system == system
            and t.quantity == quantity]
    averages = [t for t in rows if t.kind == "farm_average" and t.confirmed]
    confirmed = bool(averages)
    if not averages:
        averages = [t for t in rows if t.kind == "farm_average"]
    if not averages:
        return None
    lows = [to_model_units(t.low, t.basis) for t in averages]
    highs = []
    for t in averages:
        v = to_model_units(t.high if t.high is not None else t.low, t.basis)
        if "part of a 3rd" in t.note and cut_cap:
            v *= cut_cap / PARTIAL_YEAR_CUTS
        highs.append(v)
    low, high = LOW_FACTOR * min(lows), HIGH_FACTOR * max(highs)
    ceilings = [to_model_units(t.high if t.high is not None else t.low, t.basis)
                for t in targets() if t.system == system and t.quantity == quantity
                and t.region in (region, "*") and t.kind in ("best_farm", "trial")
                and t.confirmed]
    if ceilings:
        high = min(high, min(ceilings))
    return FarmRange(low, high, confirmed, tuple(rows))


def reference_value(region: str, system: str, quantity: str, cut_cap: int | None = None
                    ) -> float | None:
    """The published farm yield a farm level is calibrated to [model units], or None.

    The mean of the region's farm averages for ``system`` and ``quantity``
    (confirmed ones when there are any, as in :func:`farm_range`), each in
    model units; a figure that covers only part of the year's cuts
    (Kyzylorda hay 2022) counts at the centre of its own range
    ``[0.8·a, 1.2·a·cap/2.5]``, since the full year lies above it.  AquaCrop
    calibrates soil-fertility stress to a reference season's relative
    biomass (reference manual ch. 3.10); here the reference is the mean of
    the published seasons.
    """
    rows = [t for t in targets() if t.region == region and t.system == system
            and t.quantity == quantity and t.kind == "farm_average"]
    confirmed = [t for t in rows if t.confirmed]
    rows = confirmed or rows
    if not rows:
        return None
    values = []
    for t in rows:
        lo = to_model_units(t.low, t.basis)
        hi = to_model_units(t.high if t.high is not None else t.low, t.basis)
        if "part of a 3rd" in t.note and cut_cap:
            values.append(0.5 * (LOW_FACTOR * lo + HIGH_FACTOR * hi * cut_cap / PARTIAL_YEAR_CUTS))
        else:
            values.append(0.5 * (lo + hi))
    return sum(values) / len(values)
