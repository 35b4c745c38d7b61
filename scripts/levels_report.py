"""Write docs/levels.md: the farm level against published figures, region by region.

The closing note of issue 12, generated so that it stays true: it runs the same
commands a user would (``zhassyl compare`` and ``zhassyl economics --case-study``, as
JSON) and the default runs of every region and system with a published farm figure
(data/targets/regional_targets.csv), and tables model against published.

Run: PYTHONPATH=src python scripts/levels_report.py [-o docs/levels.md]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from zhassyl.farming.levels import cut_practice, farm_level
from zhassyl.farming.scenario import run_scenario
from zhassyl.farming.targets import farm_range, reference_value, targets

ROOT = Path(__file__).resolve().parents[1]
ALFALFA = ("green-cover-alfalfa", "traditional-alfalfa", "alfalfa-sole")
KYZYLORDA = ["green-cover-alfalfa", "traditional-alfalfa", "alfalfa-sole", "rice-flood",
             "wheat-furrow"]
COMPARE = ["compare", "--region", "kyzylorda", "--systems", ",".join(KYZYLORDA),
           "--years", "4", "--format", "json"]
ECONOMICS = ["economics", "--case-study", "--format", "json"]
#: FAO-56 Table 12, alfalfa hay, averaged cutting effects: Kc_mid.
KC_ALFALFA_SEASONAL = 0.95


def zhassyl(args: list[str]) -> list[dict]:
    """Run ``zhassyl ARGS`` as a user would and return its JSON output."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), ZHASSYL_LANG="en")
    done = subprocess.run([sys.executable, "-m", "zhassyl", *args], capture_output=True,
                          text=True, env=env, check=True)
    return json.loads(done.stdout)


def _pairs() -> list[tuple[str, str, str, str]]:
    """(region, system, target group, quantity) of every published farm average."""
    groups = {"rice-flood": (["rice-flood"], "grain_t_ha"),
              "wheat-furrow": (["wheat-furrow"], "grain_t_ha"),
              "alfalfa-established": (list(ALFALFA), "hay_t_ha")}
    out = set()
    for t in targets():
        if t.kind == "farm_average" and t.region != "*" and t.system in groups:
            systems, q = groups[t.system]
            out.update((t.region, s, t.system, q) for s in systems)
    return sorted(out)


def _value(records, system: str, quantity: str) -> float:
    recs = [r for r in records if r.system == system]
    if quantity == "hay_t_ha":
        return float(np.mean([r.hay_t_ha for r in recs if r.year >= 2]))
    return float(np.mean([r.grain_t_ha for r in recs]))


def region_table() -> list[str]:
    lines = ["| region | system | compared on | potential | farm | yield gap % | published "
             "range | reference | inside | farm level (stress %, weeds %) | rows (confirmed) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    runs: dict[tuple[str, str], tuple] = {}
    for region, system, group, quantity in _pairs():
        key = (region, system)
        if key not in runs:
            farm = run_scenario(region, [system], 4, seed=1, daily=False).records
            pot = run_scenario(region, [system], 4, seed=1, daily=False,
                               level="potential").records
            runs[key] = (farm, pot)
        farm, pot = runs[key]
        cap = cut_practice(region).max_cuts_per_year
        rng = farm_range(region, group, quantity, cap)
        ref = reference_value(region, group, quantity, cap)
        f, p = _value(farm, system, quantity), _value(pot, system, quantity)
        fl = farm_level(region, system)
        rows = [t for t in targets() if t.region == region and t.system == group
                and t.quantity == quantity]
        what = "hay, years 2-4" if quantity == "hay_t_ha" else "grain, years 1-4"
        lines.append(
            f"| {region} | {system} | {what} | {p:.2f} | {f:.2f} | "
            f"{100 * (p - f) / p if p else 0:.0f} | {rng.low:.2f}-{rng.high:.2f} | {ref:.2f} | "
            f"{'yes' if rng.low <= f <= rng.high else 'NO'} | "
            f"{fl.fertility_stress_pct:.0f}, {fl.weed_cover_pct:.1f} | "
            f"{len(rows)} ({sum(t.confirmed for t in rows)}) |")
    return lines


def compare_tables(records: list[dict]) -> list[str]:
    by = {}
    for r in records:
        by.setdefault(r["system"], []).append(r)
    lines = ["| system | year | hay t DM/ha | grain t DM/ha | cuts | ET mm | irrigation m3/ha "
             "| yield gap % |", "|---|---|---|---|---|---|---|---|"]
    for s in KYZYLORDA:
        for r in sorted(by[s], key=lambda r: r["year"]):
            lines.append(f"| {s} | {r['year']} | {r['hay_t_ha']:.2f} | {r['grain_t_ha']:.2f} | "
                         f"{r['n_cuts']} | {r['et_mm']:.0f} | {r['irrigation_m3_ha']:.0f} | "
                         f"{r['yield_gap_pct']:.0f} |")
    return lines


def sowing_year_lines(records: list[dict]) -> list[str]:
    hay = {s: [r["hay_t_ha"] for r in sorted(records, key=lambda r: r["year"])
               if r["system"] == s] for s in ALFALFA}
    pub = [t for t in targets() if t.region == "kyzylorda" and t.quantity == "hay_t_ha"
           and t.kind == "farm_average"]
    sow = next(t.low for t in pub if t.system == "alfalfa-sowing-year")
    est = next(t.low for t in pub if t.system == "alfalfa-established")
    lines = ["| system | sowing year | established (mean of years 2-4) | ratio |",
             "|---|---|---|---|"]
    for s in ALFALFA:
        e = float(np.mean(hay[s][1:]))
        lines.append(f"| {s} (model, t DM/ha) | {hay[s][0]:.2f} | {e:.2f} | "
                     f"{hay[s][0] / e:.2f} |")
    lines.append(f"| Kyzylorda oblast 2022 (published, t hay/ha; established after 2.5 cuts) "
                 f"| {sow:.2f} | {est:.2f} | {sow / est:.2f} |")
    order = hay["alfalfa-sole"][0] >= hay["green-cover-alfalfa"][0] >= \
        hay["traditional-alfalfa"][0]
    lines += ["", f"Sowing-year order sole >= green cover >= traditional: "
              f"{'holds' if order else 'DOES NOT hold'}."]
    rng = farm_range("kyzylorda", "alfalfa-sowing-year", "hay_t_ha")
    trad = hay["traditional-alfalfa"][0]
    inside = rng.low <= trad <= rng.high
    lines += ["", f"Traditional sowing (under a grain cover) against the oblast's published "
              f"sowing-year hay (range by the rule of data/targets/README.md: "
              f"{rng.low:.2f}-{rng.high:.2f} t DM/ha; how those stands were sown is not in "
              f"the source, mostly under a grain cover is an interpretation): {trad:.2f} t DM/ha, "
              f"{'inside' if inside else 'OUTSIDE'}. No published sowing-year yield of "
              "green-cover or sole alfalfa was found."]
    return lines


def checks_lines(records: list[dict]) -> list[str]:
    cap = cut_practice("kyzylorda").max_cuts_per_year
    alf = [r for r in records if r["system"] in ALFALFA]
    cuts = max(r["n_cuts"] for r in alf)
    return [f"- Cuts a year of the alfalfa systems: at most {cuts} (regional cap {cap}).",
            f"- Largest ET of a year on an alfalfa field: {max(r['et_mm'] for r in alf):.0f} mm "
            "(companion crops included; tests/test_levels.py checks each year against "
            f"{KC_ALFALFA_SEASONAL} x that year's ET0, FAO-56 Table 12)."]


def economics_lines(rows: list[dict]) -> list[str]:
    lines = ["| claim | case study | computed | supported |", "|---|---|---|---|"]
    for r in rows:
        if "yield" in r["claim"] or "profit" in r["claim"]:
            lines.append(f"| {r['claim']} | {r['case_study']} | {r['computed']} | "
                         f"{r['supported']} |")
    return lines


def build() -> str:
    compare = zhassyl(COMPARE)
    economics = zhassyl(ECONOMICS)
    levels = sorted({r["level"] for r in compare})
    out = [
        "# Production levels against published yields",
        "",
        "Generated by `scripts/levels_report.py` (do not edit by hand; re-run it after a "
        "change to the model, data/levels or data/targets). Every number below is a "
        "default run (generated weather, seed 1, 4 years) at the level it names. "
        "Yields are dry matter (published hay taken as 85 % DM, grain as 86 %; "
        "data/targets/README.md). Published ranges follow the rule of "
        "data/targets/README.md; the reference is the mean of the confirmed farm averages "
        "(`zhassyl.farming.targets.reference_value`), the value the farm level was "
        "calibrated to by `scripts/calibrate_levels.py`.",
        "",
        "## Model against published, per region and system",
        "",
        *region_table(),
        "",
        "Regions without a row (Akmola, East Kazakhstan, Karaganda, Mangystau; alfalfa "
        "outside Kyzylorda, rice in Turkistan) have no published farm figure in the stored "
        "sources; they run on an analog farm level that says so "
        "(data/levels/farm_levels.csv `*` rows).",
        "",
        "## Kyzylorda, `zhassyl " + " ".join(COMPARE) + "`",
        "",
        f"Level printed by the command: {', '.join(levels)}.",
        "",
        *compare_tables(compare),
        "",
        *checks_lines(compare),
        "",
        "### Sowing year",
        "",
        *sowing_year_lines(compare),
        "",
        "The green cover competes for light until it is cut (it overtops the seedlings; "
        "barley CCx from its crop file), and the model's first cut with the cover is mostly "
        "cover, as published (Lanini et al. 1991). Weeds follow AquaCrop's weed module "
        "(Van Gaelen et al. 2016; AquaCrop 7 source, simul.f90 and run.f90): under "
        "soil-fertility stress the field's total canopy (crop and weeds) stays on the "
        "crop's own curve (fWeed = 1) and transpires, a cut sets that total cover to "
        "Ottawa.MAN's absolute 25 %, and the crop builds biomass from its share of the "
        "transpiration, 1 - (RC/100) CC/CC* (`zhassyl.farming.levels."
        "weed_transpiration_share`, taken at the stand's maximum cover). Until issue-12 "
        "session 3 the weeds only cut the crop's CCx: a crop-only canopy of about 0.22, "
        "below the 25 % a cut leaves, so cuts never set an established stand back, the "
        "weeds used no water, and the green-cover sowing year came to 0.53 of an "
        "established year (sole 0.68, traditional 0.22). What remains: the green-cover "
        "sowing year is below half an established year (over weather seeds 1-5: "
        "0.44-0.51) but above the oblast's 0.18, whose stands are mostly sown under a "
        "grain cover like the model's traditional sowing (ratio near 0.18; its hay a "
        "little above the published range, line above). Open: (1) the companion crop is "
        "simulated at potential (no fertility stress, no weeds), so the traditional "
        "system's cover grain is far above the region's cereals. Giving the companion the "
        "field's fertility stress (CGC, CCx and WP reduced by AquaCrop's reductions at "
        "50 %, with the unconfirmed analog response shapes of data/levels, evaluated in "
        "session 3 and not adopted) brings that grain from 5.8 to 2.7 t DM/ha, but the "
        "thinner cover shades the seedlings less: green-cover ratio 0.52, traditional "
        "0.20, and the alfalfa 51 % of the first cut against at most 29 % in Lanini et "
        "al. 1991. (2) The weeds' share of the water is counted, not their shading of a "
        "companion's seedlings.",
        "",
        "## The case study's yield-dependent claims at the farm level, "
        "`zhassyl " + " ".join(ECONOMICS) + "`",
        "",
        *economics_lines(economics),
        "",
    ]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", default=str(ROOT / "docs" / "levels.md"))
    a = ap.parse_args()
    Path(a.o).write_text(build(), encoding="utf-8")


if __name__ == "__main__":
    main()
