"""The ``zhassyl carbon`` command: greenhouse-gas balance of systems vs a baseline."""

from __future__ import annotations

import argparse

from zhassyl.cli.validate import CLAY_PCT, SEED, SOC_T_C_HA, YEARS
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``carbon`` sub-command to ``subparsers``."""
    parser = subparsers.add_parser(
        "carbon",
        help=_("greenhouse-gas balance (t CO2e/ha/yr) of farming systems vs a baseline"),
        description=_(
            "Simulate the farming systems of a region, then compute soil carbon (RothC 26.3), "
            "rice methane, direct and indirect N2O, diesel CO2 and the SOC change as CO2 "
            "(IPCC Tier 1 factors), averaged over the horizon, per system and source, with "
            "the difference from the baseline (the practice before, simulated too)."),
    )
    parser.add_argument("--region", required=True, help=_("region id, e.g. kyzylorda"))
    parser.add_argument("--systems", required=True,
                        help=_("comma-separated system ids or .toml files"))
    parser.add_argument("--baseline", default=None, metavar="SYSTEM",
                        help=_("the practice before, the reference of the differences and of "
                               "the initial soil carbon (default: the region's default "
                               "practice)"))
    parser.add_argument("--years", type=YEARS, default=5,
                        help=_("years to simulate (default 5); repeated over the horizon"))
    parser.add_argument("--horizon", type=YEARS, default=20,
                        help=_("accounting horizon in years (default 20)"))
    parser.add_argument("--seed", type=SEED, default=0, help=_("weather random seed (default 0)"))
    parser.add_argument("--soil", default=None,
                        help=_("soil texture (sandy-loam, loam, silt-loam, clay-loam, clay); "
                               "default: the region's"))
    parser.add_argument("--clay", type=CLAY_PCT, default=None,
                        help=_("topsoil clay content in percent (default: the soil texture's)"))
    parser.add_argument("--soc", type=SOC_T_C_HA, default=None,
                        help=_("measured initial SOC in t C/ha, 0-30 cm (default: IPCC Tier 1)"))
    parser.add_argument("--level", choices=("potential", "farm"), default="farm",
                        help=_("production level of the simulated yields (default farm)"))
    parser.add_argument("--gwp", choices=("AR5", "AR6"), default="AR5",
                        help=_("global warming potentials (default AR5)"))
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help=_("output format (default: table)"))
    parser.add_argument("-o", "--output", metavar="OUT", default=None,
                        help=_("write the results to this file (default: standard output)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code (errors raise ZhassylError)."""
    from zhassyl.cli.farming_common import say_provenance
    from zhassyl.cli.output import write_records
    from zhassyl.scenario.builders import field_scenario
    from zhassyl.scenario.carbon import ghg_balance
    from zhassyl.scenario.run import run_scenarios

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    sc = field_scenario("field", args.region, systems, args.years, baseline=args.baseline,
                        soil=args.soil, clay_pct=args.clay, soc0_t_c_ha=args.soc,
                        weather_seed=args.seed, level=args.level, where="<command line>")
    results = run_scenarios([sc], monthly=True)
    say_provenance(results)
    base_id = sc.baseline  # the id its records carry, a system file's too
    summary = ghg_balance(sc, results.records, args.horizon, args.gwp, baseline_id=base_id)
    summary = [{**row, "baseline": base_id, "level": sc.level} for row in summary]
    write_records(summary, args.format, args.output)
    return 0
