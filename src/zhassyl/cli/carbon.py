"""The ``zhassyl carbon`` command: greenhouse-gas balance of systems vs a baseline."""

from __future__ import annotations

import argparse

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
    parser.add_argument("--systems", required=True, help=_("comma-separated system ids"))
    parser.add_argument("--baseline", default=None, metavar="SYSTEM",
                        help=_("the practice before, the reference of the differences and of "
                               "the initial soil carbon (default: the region's default "
                               "practice)"))
    parser.add_argument("--years", type=int, default=5,
                        help=_("years to simulate (default 5); repeated over the horizon"))
    parser.add_argument("--horizon", type=int, default=20,
                        help=_("accounting horizon in years (default 20)"))
    parser.add_argument("--seed", type=int, default=0, help=_("weather random seed (default 0)"))
    parser.add_argument("--soil", default=None,
                        help=_("soil texture (sandy-loam, loam, silt-loam, clay-loam, clay); "
                               "default: the region's"))
    parser.add_argument("--clay", type=float, default=None,
                        help=_("topsoil clay content in percent (default: the soil texture's)"))
    parser.add_argument("--soc", type=float, default=None,
                        help=_("measured initial SOC in t C/ha, 0-30 cm (default: IPCC Tier 1)"))
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
    from zhassyl.cli.farming_common import say_provenance
    from zhassyl.cli.output import write_records
    from zhassyl.scenario.builders import field_scenario
    from zhassyl.scenario.run import run_scenarios

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    sc = field_scenario("field", args.region, systems, args.years, baseline=args.baseline,
                        soil=args.soil, clay_pct=args.clay, soc0_t_c_ha=args.soc,
                        weather_seed=args.seed, where="<command line>")
    results = run_scenarios([sc], monthly=True)
    say_provenance(results)
    # the baseline's records first: it sets the initial pools (see soil_carbon.soc_by_year)
    base_id = next(r.system for r, row in zip(results.records, results.rows, strict=True)
                   if row["role"] == "baseline" or r.system == sc.baseline)
    records = extend_to_horizon(results.records, args.horizon)
    records.sort(key=lambda r: r.system != base_id)
    soc = soc_by_year(records, clay_pct=sc.clay_pct, soc_initial_t_c_ha=sc.soc0_t_c_ha)
    summary = ghg_summary(ghg_by_year(records, soc, gwp_report=args.gwp), baseline=base_id)
    summary = [{**row, "baseline": base_id, "level": sc.level} for row in summary]
    write_records(summary, args.format, args.output)
    return 0
