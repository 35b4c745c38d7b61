"""``zhassyl demo``: the main job on the embedded defaults.

Today: thirty years of generated daily weather and FAO-56 ET0 for each of the
seven regions, summarised per region.  Later issues grow it into the demo
programme (database and dashboard).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``demo`` sub-command."""
    p = subparsers.add_parser(
        "demo",
        help=_("demo run: generated weather and ET0 for the seven regions"),
        description=_("Generate daily weather for the seven regions of the programme from "
                      "their climate normals, compute FAO-56 ET0, and print a climate and "
                      "water-demand summary per region."),
    )
    p.add_argument("--years", type=int, default=30, help=_("number of years (default 30)"))
    p.add_argument("--seed", type=int, default=1, help=_("random seed (default 1)"))
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=_("output format (default table)"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("output file (default: stdout)"))
    p.add_argument("--daily-dir", metavar="DIR", default=None,
                   help=_("also write each region's daily weather and ET0 to DIR/<region>.csv"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Generate, compute, summarise."""
    from zhassyl.cli.output import write_records
    from zhassyl.errors import InputError, Problem
    from zhassyl.weather.climate import REGION_IDS
    from zhassyl.weather.regional import regional_demo

    if not 1 <= args.years <= 1000:
        raise InputError(Problem("--years", None, None, _("years must be within 1..1000")))
    daily_dir = Path(args.daily_dir) if args.daily_dir else None
    records = regional_demo(list(REGION_IDS), years=args.years, seed=args.seed,
                            daily_dir=daily_dir)
    if args.format == "table" and not args.output:
        print(_("Generated weather, {years} years (seed {seed}): climate and reference "
                "evapotranspiration per region").format(years=args.years, seed=args.seed))
    write_records(records, args.format, args.output)
    return 0
