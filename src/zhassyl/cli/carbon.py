"""The ``zhassyl carbon`` command: greenhouse-gas balance of systems vs a baseline."""

from __future__ import annotations

import argparse
import importlib

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
            "the difference from the first (baseline) system."),
    )
    parser.add_argument("--region", required=True, help=_("region id, e.g. kyzylorda"))
    parser.add_argument("--systems", required=True,
                        help=_("comma-separated system ids; the first is the baseline"))
    parser.add_argument("--years", type=int, default=5,
                        help=_("years to simulate (default 5); repeated over the horizon"))
    parser.add_argument("--horizon", type=int, default=20,
                        help=_("accounting horizon in years (default 20)"))
    parser.add_argument("--seed", type=int, default=0, help=_("weather random seed (default 0)"))
    parser.add_argument("--clay", type=float, default=20.0,
                        help=_("topsoil clay content in percent (default 20, an assumption)"))
    parser.add_argument("--soc", type=float, default=None,
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
    from zhassyl.carbon.ghg import ghg_by_year, ghg_summary
    from zhassyl.carbon.soil_carbon import extend_to_horizon, soc_by_year
    from zhassyl.cli.output import write_records
    from zhassyl.errors import InputError

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if not systems:
        raise InputError(_("give at least one system"))
    if args.years < 1:
        raise InputError(_("--years must be at least 1, got {n}").format(n=args.years))
    scenario = importlib.import_module("zhassyl.farming.scenario")
    records = scenario.run_systems(args.region, systems, args.years, args.seed,
                                   level=args.level)
    records = extend_to_horizon(records, args.horizon)
    soc = soc_by_year(records, clay_pct=args.clay, soc_initial_t_c_ha=args.soc)
    summary = ghg_summary(ghg_by_year(records, soc, gwp_report=args.gwp), baseline=systems[0])
    write_records([{"level": args.level, **r} for r in summary], args.format, args.output)
    return 0
