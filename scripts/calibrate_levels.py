"""Derive the farm-level soil-fertility stress of data/levels/farm_levels.csv.

AquaCrop calibrates soil-fertility stress from a reference season's relative biomass;
here the reference is the mean of the region's published farm averages
(data/targets/regional_targets.csv; :func:`zhassyl.farming.targets.reference_value`,
a partial-year figure at the centre of its range, README there): for each region and
system with a target, the stress (%) that brings the default 4-year run (seed 1,
generated weather) to that reference is found by bisection.  Alfalfa systems
are matched on the mean hay of the established years (2-4), annual crops on the mean
grain of all years.  The case study's own claims are never used.

The farm level is the land's, not the system's: published oblast figures are those of
the region's usual practice, so alfalfa is calibrated on ``traditional-alfalfa`` (alfalfa
under a grain cover, the practice the case study describes) and the same stress and weed
cover are given to every alfalfa system; what the green cover changes is left to the
model's mechanisms (companion competition, stand establishment) and to the audit.

Run: PYTHONPATH=src python scripts/calibrate_levels.py [region:system ...]  (prints CSV rows)
"""

from __future__ import annotations

import numpy as np

from zhassyl.farming.levels import cut_practice
from zhassyl.farming.scenario import run_scenario
from zhassyl.farming.targets import reference_value

YEARS, SEED = 4, 1
TARGETS = {  # region: {system: (target group, quantity)}
    "kyzylorda": {"traditional-alfalfa": ("alfalfa-established", "hay_t_ha"),
                  "rice-flood": ("rice-flood", "grain_t_ha"),
                  "wheat-furrow": ("wheat-furrow", "grain_t_ha")},
    "turkistan": {"wheat-furrow": ("wheat-furrow", "grain_t_ha")},
    "almaty": {"wheat-furrow": ("wheat-furrow", "grain_t_ha"),
               "rice-flood": ("rice-flood", "grain_t_ha")},
}


#: Largest stress used: the response shapes were calibrated at 50 % (AlfOttawaGDD.CRO);
#: beyond it they extrapolate (the canopy collapses), so the rest of the gap to the
#: published yield is given to field management (relative cover of weeds).
MAX_STRESS_PCT = 50.0


def model_value(region: str, system: str, stress: float, weeds: float = 0.0) -> float:
    run = run_scenario(region, [system], YEARS, SEED, level="farm",
                       fertility_stress_pct={system: stress},
                       weed_cover_pct={system: weeds}, daily=False)
    recs = run.records
    if recs[0].hay_t_ha > 0 or system.endswith("alfalfa") or system == "alfalfa-sole":
        return float(np.mean([r.hay_t_ha for r in recs if r.year >= 2]))
    return float(np.mean([r.grain_t_ha for r in recs]))


def _bisect(f, target: float, hi: float) -> float:
    lo = 0.0
    if f(lo) <= target:
        return 0.0
    for _ in range(14):
        mid = 0.5 * (lo + hi)
        if f(mid) > target:
            lo = mid
        else:
            hi = mid
    return round(0.5 * (lo + hi), 1)


def calibrate(region: str, system: str, target: float) -> tuple[float, float]:
    """(fertility stress, weed cover) [%] bringing the run to ``target``."""
    stress = _bisect(lambda s: model_value(region, system, s), target, 95.0)
    if stress <= MAX_STRESS_PCT:
        return stress, 0.0
    weeds = _bisect(lambda w: model_value(region, system, MAX_STRESS_PCT, w), target, 95.0)
    return MAX_STRESS_PCT, weeds


def main(only: list[str] | None = None) -> None:
    """Print the calibrated rows (``only``: "region:system" pairs to calibrate, else all)."""
    print("region,system,fertility_stress_pct,weed_cover_pct,reference,model")
    for region, systems in TARGETS.items():
        cap = cut_practice(region).max_cuts_per_year
        for system, (group, quantity) in systems.items():
            if only and f"{region}:{system}" not in only:
                continue
            ref = reference_value(region, group, quantity, cap)
            stress, weeds = calibrate(region, system, ref)
            print(f"{region},{system},{stress},{weeds},{ref:.2f},"
                  f"{model_value(region, system, stress, weeds):.2f}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:] or None)
