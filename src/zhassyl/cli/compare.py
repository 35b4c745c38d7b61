"""``zhassyl compare``: several management systems side by side, year by year."""

from __future__ import annotations

import argparse

from zhassyl.cli.farming_common import add_scenario_options, scenario_kwargs, summary_record
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``compare`` sub-command."""
    p = subparsers.add_parser(
        "compare",
        help=_("compare management systems side by side, year by year"),
        description=_(
            "Simulate several management systems on the same field and weather and print, per "
            "system and year: hay and grain yields, irrigation (m3/ha), evapotranspiration, "
            "drainage, root-zone salinity ECe, water productivity and soil organic carbon."),
    )
    p.add_argument("--systems", required=True,
                   help=_("comma-separated system ids or .toml files"))
    add_scenario_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the systems and write one record per system and year."""
    from zhassyl.cli.output import write_records
    from zhassyl.cli.simulate import _soc
    from zhassyl.farming.scenario import run_scenario

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    run_ = run_scenario(args.region, systems, args.years, args.seed, **scenario_kwargs(args))
    soc = _soc(run_.records, args)
    records = [summary_record(r, soc.get((r.system, r.year)), run_.level) for r in run_.records]
    _add_yield_gap(records, args, systems)
    if args.format == "table":
        records.sort(key=lambda r: (r["year"], systems.index(r["system"])
                                    if r["system"] in systems else 0))
    write_records(records, args.format, args.output)
    return 0


def _add_yield_gap(records: list[dict], args: argparse.Namespace, systems: list[str]) -> None:
    """Column ``yield_gap_pct``: potential vs this level's hay + grain, per system and year."""
    from zhassyl.farming.levels import yield_gap_pct
    from zhassyl.farming.scenario import run_scenario

    kwargs = dict(scenario_kwargs(args), level="potential", daily=False)
    potential = {(r.system, r.year): r.hay_t_ha + r.grain_t_ha
                 for r in run_scenario(args.region, systems, args.years, args.seed,
                                       **kwargs).records}
    for rec in records:
        yp = potential.get((rec["system"], rec["year"]), 0.0)
        rec["yield_gap_pct"] = round(yield_gap_pct(yp, rec["hay_t_ha"] + rec["grain_t_ha"]), 1)
