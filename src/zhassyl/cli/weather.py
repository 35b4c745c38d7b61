"""``zhassyl weather``: regions, checking weather files, generating weather."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zhassyl.cli.validate import CALENDAR_YEAR, ELEVATION_M, LAT_DEG, SEED, WEATHER_YEARS
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``weather`` sub-command and its own sub-commands."""
    p = subparsers.add_parser(
        "weather",
        help=_("regions, weather file checks and the stochastic weather generator"),
        description=_("Weather for the seven regions of the programme: list the regions and "
                      "their stations, check a daily weather file, generate daily weather."),
    )
    sub = p.add_subparsers(dest="weather_command", metavar="COMMAND")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])

    r = sub.add_parser("regions", help=_("list the regions, their stations and sources"),
                       description=_("List the seven regions with their representative "
                                     "station (latitude, longitude, elevation) and sources."))
    r.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=_("output format (default table)"))
    r.add_argument("-o", "--output", metavar="FILE", help=_("output file (default: stdout)"))
    r.set_defaults(func=run_regions)

    c = sub.add_parser("check", help=_("validate a daily weather CSV file"),
                       description=_("Validate a daily weather CSV file and report every "
                                     "problem with its row and column."))
    c.add_argument("weather", metavar="WEATHER.csv", help=_("daily weather CSV file"))
    c.set_defaults(func=run_check, list_all_problems=True)

    g = sub.add_parser(
        "generate",
        help=_("generate daily weather with the stochastic weather generator"),
        description=_(
            "Generate daily weather (Richardson-type generator: Markov-chain wet days, gamma "
            "rain amounts, temperature and radiation with seasonal cycles and autocorrelation), "
            "parameterised from a region's monthly climate normals or fitted to a daily "
            "weather file (--fit)."),
    )
    g.add_argument("--region", default=None,
                   help=_("region id or comma-separated ids (see 'zhassyl weather regions'); "
                          "'all' for the seven regions"))
    g.add_argument("--fit", metavar="WEATHER.csv", default=None,
                   help=_("fit the generator to this daily weather file instead of a region"))
    g.add_argument("--lat", type=LAT_DEG, metavar="DEG", help=_("latitude for --fit"))
    g.add_argument("--elevation", type=ELEVATION_M, metavar="M",
                   help=_("elevation for --fit"))
    g.add_argument("--years", type=WEATHER_YEARS, default=30,
                   help=_("number of years (default 30)"))
    g.add_argument("--start-year", type=CALENDAR_YEAR, default=2001,
                   help=_("first year (default 2001)"))
    g.add_argument("--seed", type=SEED, default=1, help=_("random seed (default 1)"))
    g.add_argument("-o", "--output", metavar="OUT",
                   help=_("output CSV file; a directory when several regions are given "
                          "(default: stdout for one region)"))
    g.set_defaults(func=run_generate, output_may_be_folder=True)


def run_regions(args: argparse.Namespace) -> int:
    """Print the regions table."""
    from zhassyl.cli.output import write_records
    from zhassyl.weather.climate import load_all_stations

    records = [
        {"region": s.region, "station": s.name, "wmo_id": s.wmo_id, "lat_deg": s.lat_deg,
         "lon_deg": s.lon_deg, "elevation_m": s.elevation_m, "coastal": s.coastal,
         "source": s.source}
        for s in load_all_stations()
    ]
    write_records(records, args.format, args.output)
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Validate a weather file (raises InputError listing every problem)."""
    import warnings

    from zhassyl.weather.io import read_weather_csv

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        w = read_weather_csv(args.weather)
    for warning in caught:
        print(f"{_('warning')}: {warning.message}", file=sys.stderr)
    if caught:
        print(_("{file}: {n} days from {first} to {last}, {count} warning(s): check them "
                "before using the file").format(file=args.weather, n=w.n_days, first=w.dates[0],
                                                last=w.dates[-1], count=len(caught)))
    else:
        print(_("{file}: {n} days from {first} to {last}, no problems found").format(
            file=args.weather, n=w.n_days, first=w.dates[0], last=w.dates[-1]))
    return 0


def parse_regions(text: str | None) -> list[str]:
    """Region ids from a comma-separated list ('all' = the seven regions)."""
    from zhassyl.weather.climate import REGION_IDS, load_station

    if not text or text.strip().lower() == "all":
        return list(REGION_IDS)
    return [load_station(name.strip()).region for name in text.split(",") if name.strip()]


def run_generate(args: argparse.Namespace) -> int:
    """Generate weather for regions or for a fitted series and write CSV."""
    from zhassyl.cli.output import open_output
    from zhassyl.errors import InputError, Problem
    from zhassyl.weather.generator import fit_parameters, generate
    from zhassyl.weather.io import read_weather_csv, write_weather_csv
    from zhassyl.weather.regional import generator_parameters_for_regions, to_daily_weather

    if args.years < 1 or args.years > 10000:
        raise InputError(Problem("--years", None, None, _("years must be within 1..10000")))
    if (args.region is None) == (args.fit is None):
        raise InputError(Problem("--region/--fit", None, None,
                                 _("give exactly one of --region or --fit")))
    if args.fit:
        if args.lat is None or args.elevation is None:
            raise InputError(Problem("--fit", None, None,
                                     _("--fit needs --lat and --elevation")))
        w = read_weather_csv(args.fit)
        params = fit_parameters(w.dates, w.tmax_c, w.tmin_c, w.precip_mm,
                                lat_deg=args.lat, elevation_m=args.elevation,
                                rs_mj_m2=w.rs_mj_m2)
        names = [Path(args.fit).stem]
    else:
        names = parse_regions(args.region)
        params = generator_parameters_for_regions(names)
    gen = generate(params, years=args.years, seed=args.seed, start_year=args.start_year)
    if len(names) == 1:
        daily = to_daily_weather(gen, 0, source=f"zhassyl weather generate seed={args.seed}")
        if args.output and Path(args.output).is_dir():
            raise InputError(Problem(args.output, None, None,
                                     _("is a folder; one region is written to a file")))
        with open_output(args.output) as stream:
            write_weather_csv(daily, stream)
        return 0
    if not args.output:
        raise InputError(Problem("-o", None, None,
                                 _("several regions need -o DIRECTORY for one file each")))
    outdir = Path(args.output)
    outdir.mkdir(exist_ok=True)
    for i, name in enumerate(names):
        daily = to_daily_weather(gen, i, source=f"zhassyl weather generate seed={args.seed}")
        with open_output(outdir / f"{name}.csv") as stream:
            write_weather_csv(daily, stream)
        print(outdir / f"{name}.csv")
    return 0
