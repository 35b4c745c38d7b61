"""TEST DOUBLE of the farming-system simulation (``run_systems``) for economics tests.

It is NOT a model: it returns hand-made :class:`SystemYear` records whose yields
and water vary with the seed (a lognormal "weather" factor), so that the economics
layer (budgets, finance, risk, CLI) can be tested before the real simulation
exists.  Only the simulation is doubled; the economics is computed for real.
"""

from __future__ import annotations

import numpy as np

from zhassyl.farming.results import SystemYear

CONVENTIONAL = ("ploughing", "disc-harrowing-ploughed", "harrowing", "broadcast-seeding")
MINIMAL = ("disc-harrowing", "seed-drilling", "rolling")
HARVEST = ("mowing", "raking", "baling")
RICE_OPS = ("ploughing", "land-levelling", "disc-harrowing-ploughed", "broadcast-seeding",
            "combine-harvesting")
SYSTEMS = ("rice-flood", "traditional-alfalfa", "green-cover-alfalfa")


def run_systems(region: str, systems: list[str], years: int, seed: int) -> list[SystemYear]:
    """Hand-made records; ``seed`` changes the weather factor of every year."""
    rng = np.random.default_rng(seed)
    weather = rng.lognormal(0.0, 0.25, size=years)
    out = []
    for system in systems:
        for t in range(1, years + 1):
            w = float(weather[t - 1])
            if system == "rice-flood":
                out.append(SystemYear(system, region, t, grain_t_ha=5.0 * w, grain_crop="rice",
                                      straw_t_ha=3.0 * w, irrigation_m3_ha=22000 / w,
                                      irrigation_method="flood", seed_kg_ha={"rice": 200.0},
                                      operations=RICE_OPS,
                                      fertiliser_n_kg_ha=120.0))
            elif system in ("traditional-alfalfa", "green-cover-alfalfa"):
                green = system.startswith("green")
                first = t == 1
                ops = ((MINIMAL if green else CONVENTIONAL) if first else ()) + HARVEST
                seed_kg = ({"alfalfa": 10.0 if green else 20.0, "barley": 60 if green else 150}
                           if first else {})
                hay = (4.0 if first else 10.0) * w * (2.0 if green else 1.0)
                out.append(SystemYear(system, region, t, hay_t_ha=hay, n_cuts=2 if first else 4,
                                      grain_t_ha=(1.5 * w if first else 0.0),
                                      grain_crop="barley" if first else "",
                                      irrigation_m3_ha=(6000 if green else 9000) / w,
                                      irrigation_method="sprinkler" if green else "furrow",
                                      seed_kg_ha=seed_kg, operations=ops))
    return out
