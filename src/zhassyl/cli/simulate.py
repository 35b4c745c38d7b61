"""``zhassyl simulate``: one management system on a region's fields, year by year."""

from __future__ import annotations

import argparse
import csv
import sys

from zhassyl.cli.farming_common import add_scenario_options, scenario_kwargs, summary_record
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``simulate`` sub-command."""
    p = subparsers.add_parser(
        "simulate",
        help=_("simulate a management system on a field, year by year"),
        description=_(
            "Simulate a management system (green-cover-alfalfa, traditional-alfalfa, "
            "alfalfa-sole, rice-flood, wheat-furrow or a path to your own .toml file) on a "
            "field of a region: daily water, salt, canopy and yields, and a summary per year. "
            "With --fields, simulate every field of a CSV file (columns field_id, region, "
            "system, area_ha and optionally soil, ece_ds_m)."),
    )
    p.add_argument("--system", default=None, help=_("management system id or .toml file"))
    add_scenario_options(p)
    p.set_defaults(region=None)
    for action in p._actions:
        if action.dest == "region":
            action.required = False
    p.add_argument("--fields", metavar="F.csv", default=None,
                   help=_("simulate every field listed in this CSV file"))
    p.add_argument("--daily", metavar="DAILY.csv", default=None,
                   help=_("also write the daily outputs of the (first) field to this CSV file"))
    p.set_defaults(func=run)


DAILY_COLUMNS = ("canopy_cover", "companion_cc", "light_to_main", "biomass_cum_t_ha",
                 "companion_biomass_t_ha", "transpiration_mm", "companion_transpiration_mm",
                 "evaporation_mm", "irrigation_mm", "drainage_mm", "runoff_mm", "pond_mm",
                 "root_depth_m", "storage_mm", "ece_ds_m")


def run(args: argparse.Namespace) -> int:
    """Run one system (or every field of --fields) and write the summaries."""
    from zhassyl.cli.output import write_records
    from zhassyl.errors import InputError, Problem

    if args.fields:
        from zhassyl.farming.fields import simulate_fields

        records = simulate_fields(args.fields, years=args.years, seed=args.seed)
        write_records(records, args.format, args.output)
        return 0
    if not args.system or not args.region:
        raise InputError(Problem("--system/--region", None, None,
                                 _("give --system and --region (or --fields)")))
    from zhassyl.farming.scenario import run_scenario

    run_ = run_scenario(args.region, [args.system], args.years, args.seed,
                        **scenario_kwargs(args))
    soc = _soc(run_.records, args)
    write_records([summary_record(r, soc.get((r.system, r.year)), run_.level)
                   for r in run_.records], args.format, args.output)
    if args.daily:
        d = run_.result.daily
        with open(args.daily, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(("date", *DAILY_COLUMNS))
            for i, date in enumerate(run_.weather.weather.dates.astype(str)):
                w.writerow([date, *(f"{float(d[c][0, i]):.4f}" for c in DAILY_COLUMNS)])
        print(_("daily outputs written to {path}").format(path=args.daily), file=sys.stderr)
    return 0


def _soc(records, args) -> dict:
    """SOC at the end of each year per system (RothC over the simulated years).

    The first system is the baseline whose first year sets the initial
    equilibrium (see docs/carbon.md); clay from the soil texture.
    """
    from zhassyl.carbon.soil_carbon import soc_by_year
    from zhassyl.farming.scenario import region_defaults, soil_clay_pct

    texture = args.soil or region_defaults(args.region).soil_texture
    return {(s.system, s.year): s.soc_t_c_ha
            for s in soc_by_year(records, clay_pct=soil_clay_pct(texture))}
