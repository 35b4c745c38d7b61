"""``zhassyl aquacrop``: run an AquaCrop 7 project with the Zhassyl engine."""

from __future__ import annotations

import argparse
import csv

from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``aquacrop`` sub-command."""
    p = subparsers.add_parser(
        "aquacrop",
        help=_("run all runs of an AquaCrop 7 project (.PRM) with the Zhassyl engine"),
        description=_(
            "Read an AquaCrop 7 project (.PRM) with its crop, soil, management and climate "
            "files, simulate every run with the Zhassyl engine and write daily results: "
            "date, run, biomass_cum_t_ha (above-ground dry biomass since the start of the run, "
            "cuts included), yield_dry_cum_t_ha, canopy_cover_pct, transpiration_mm, "
            "evaporation_mm, drainage_mm, irrigation_mm, ece_root_zone_ds_m. Groundwater "
            "(.GWT, fixed table) and initial conditions (.SW0) files are read. Options Zhassyl "
            "does not model are reported as errors."),
    )
    p.add_argument("project", metavar="PROJECT.PRM", help=_("AquaCrop project file"))
    p.add_argument("-o", "--output", metavar="DAILY.csv",
                   help=_("daily output CSV (default: standard output)"))
    p.add_argument("--seasons", metavar="SEASONS.csv", default=None,
                   help=_("also write season totals per run to this CSV file"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the project and write the outputs."""
    from zhassyl.aquacrop.run import DAILY_COLUMNS, run_project
    from zhassyl.cli.output import open_output

    result = run_project(args.project)
    with open_output(args.output) as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(DAILY_COLUMNS)
        d = result.daily
        for i in range(len(d["date"])):
            w.writerow([d["date"][i], int(d["run"][i])]
                       + [f"{float(d[k][i]):.4f}" for k in DAILY_COLUMNS[2:]])
    if args.seasons:
        from zhassyl.cli.output import write_records

        write_records(result.seasons, "csv", args.seasons)
    return 0
