"""Table of the engine's agreement with AquaCrop 7.3 on the committed oracle cases.

    PYTHONPATH=src python scripts/aquacrop_agreement.py [-o docs/aquacrop-agreement.md]

One row per field-season (case, run): season biomass, dry yield and
transpiration (AquaCrop, Zhassyl, difference %), final soil water (difference
mm) and the NRMSE of daily cumulative biomass (%).  Cells beyond the issue-11
tolerances (10 %) are marked with ``!``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zhassyl.aquacrop.agreement import compare_all  # noqa: E402

ORACLE = ROOT / "tests" / "data" / "aquacrop_oracle"
TOLERANCE_PCT = 10.0


def _mark(value: float, limit: float = TOLERANCE_PCT) -> str:
    return f"{value:+.1f}{' !' if abs(value) > limit else ''}"


def table(rows) -> str:
    head = ("| case | run | biomass AC t/ha | biomass ZH t/ha | Δ biomass % | yield AC | yield ZH "
            "| Δ yield % | Tr AC mm | Tr ZH mm | Δ Tr % | Δ final soil water mm "
            "| NRMSE daily biomass % |")
    lines = [head, "|" + "---|" * 13]
    for r in rows:
        lines.append(
            f"| {r.case} | {r.run} | {r.biomass_aquacrop_t_ha:.2f} | {r.biomass_zhassyl_t_ha:.2f}"
            f" | {_mark(r.biomass_diff_pct)} | {r.yield_aquacrop_t_ha:.2f} "
            f"| {r.yield_zhassyl_t_ha:.2f} | {r.yield_diff_pct:+.1f} "
            f"| {r.transpiration_aquacrop_mm:.0f} | {r.transpiration_zhassyl_mm:.0f} "
            f"| {_mark(r.transpiration_diff_pct)} | {r.soil_water_diff_mm:+.0f} "
            f"| {r.biomass_nrmse_pct:.1f}{' !' if r.biomass_nrmse_pct > TOLERANCE_PCT else ''} |")
    ok = [r for r in rows if abs(r.biomass_diff_pct) <= TOLERANCE_PCT
          and abs(r.transpiration_diff_pct) <= TOLERANCE_PCT
          and r.biomass_nrmse_pct <= TOLERANCE_PCT]
    lines.append("")
    lines.append(f"{len(ok)} of {len(rows)} field-seasons within all three tolerances "
                 f"(biomass and transpiration within {TOLERANCE_PCT:.0f} %, daily "
                 f"cumulative-biomass NRMSE ≤ {TOLERANCE_PCT:.0f} %).")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path, default=None,
                    help="write the table into this Markdown file (after its '<!-- table -->')")
    ap.add_argument("--oracle", type=Path, default=ORACLE)
    a = ap.parse_args(argv)
    text = table(compare_all(a.oracle))
    print(text)
    if a.output is not None:
        marker = "<!-- table -->\n"
        doc = a.output.read_text(encoding="utf-8") if a.output.exists() else marker
        head = doc.split(marker)[0]
        a.output.write_text(head + marker + text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
