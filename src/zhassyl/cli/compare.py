"""``zhassyl compare``: several management systems side by side, year by year."""

from __future__ import annotations

import argparse

from zhassyl.cli.farming_common import (
    add_irrigation_option,
    add_scenario_options,
    one_field_rows,
    say_provenance,
    scenario_from_args,
)
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``compare`` sub-command."""
    p = subparsers.add_parser(
        "compare",
        help=_("compare management systems side by side, year by year"),
        description=_(
            "Simulate several management systems on the same field and weather and print, per "
            "system and year: hay and grain yields, irrigation (m3/ha), evapotranspiration, "
            "drainage, root-zone salinity ECe, water productivity and soil organic carbon. The "
            "baseline (--baseline, else the field's recorded previous practice, else the "
            "region's default practice) is simulated too and sets the initial soil carbon; "
            "the results do not depend on the order of --systems."),
    )
    p.add_argument("--systems", required=True,
                   help=_("comma-separated system ids or .toml files"))
    add_scenario_options(p)
    add_irrigation_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the systems and the baseline; write one record per system and year."""
    from zhassyl.cli.output import write_records
    from zhassyl.scenario.run import run_scenarios

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    sc = scenario_from_args(args, systems)
    results = run_scenarios([sc], carbon=True)
    say_provenance(results)
    records = one_field_rows(results, fmt=args.format)
    _add_yield_gap(records, sc)
    if args.format == "table":
        order = list(sc.run_systems())
        records.sort(key=lambda r: (r["year"], order.index(r["system"])
                                    if r["system"] in order else len(order)))
    write_records(records, args.format, args.output)
    return 0


def _add_yield_gap(records: list[dict], sc) -> None:
    """Column ``yield_gap_pct``: potential vs this level's hay + grain, per system and year.

    The potential run is the same scenario at the ``potential`` level (no
    fertility stress, weeds or regional cut calendar).
    """
    from dataclasses import replace

    from zhassyl.farming.levels import yield_gap_pct
    from zhassyl.scenario.run import run_scenarios

    if sc.level == "potential":
        potential = {(r["system"], r["year"]): r["hay_t_ha"] + r["grain_t_ha"] for r in records}
    else:
        pot = replace(sc, level="potential", fertility_stress_pct=(), weed_cover_pct=())
        potential = {(r.system, r.year): r.hay_t_ha + r.grain_t_ha
                     for r in run_scenarios([pot]).records}
    for rec in records:
        yp = potential.get((rec["system"], rec["year"]), 0.0)
        rec["yield_gap_pct"] = round(yield_gap_pct(yp, rec["hay_t_ha"] + rec["grain_t_ha"]), 1)
