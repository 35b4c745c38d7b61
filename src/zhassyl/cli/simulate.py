"""``zhassyl simulate``: one management system on a region's fields, year by year."""

from __future__ import annotations

import argparse
import csv
import sys

from zhassyl.cli.farming_common import (
    add_irrigation_option,
    add_scenario_options,
    irrigation_args,
    one_field_rows,
    refuse_together,
    say_provenance,
    scenario_from_args,
)
from zhassyl.i18n import N_, _


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
            "system, area_ha and optionally soil, ece_ds_m, ec_iw_ds_m, soc_t_c_ha, baseline); "
            "--soil, --ece-ds-m, --ec-iw-ds-m, --baseline, --leaching, --irrigation and --weather "
            "apply to every field (values in the file win). With --field ID, simulate a field of "
            "the registry from its records."),
    )
    p.add_argument("--system", default=None, help=_("management system id or .toml file"))
    add_scenario_options(p)
    add_irrigation_option(p)
    p.add_argument("--fields", metavar="F.csv", default=None,
                   help=_("simulate every field listed in this CSV file"))
    p.add_argument("--daily", metavar="DAILY.csv", default=None,
                   help=_("also write the daily outputs of the field to this CSV file ('-': "
                          "standard output, with -o FILE for the yearly summary)"))
    p.set_defaults(func=run)


DAILY_COLUMNS = ("canopy_cover", "companion_cc", "light_to_main", "biomass_cum_t_ha",
                 "companion_biomass_t_ha", "transpiration_mm", "companion_transpiration_mm",
                 "evaporation_mm", "irrigation_mm", "drainage_mm", "runoff_mm", "pond_mm",
                 "root_depth_m", "storage_mm", "ece_ds_m", "capillary_rise_mm", "water_table_m",
                 "ec_gw_ds_m")


def run(args: argparse.Namespace) -> int:
    """Run one system on a field (or every field of --fields) and write the summaries."""
    from zhassyl.cli.output import is_stdout, write_records
    from zhassyl.errors import InputError, Problem, UsageError
    from zhassyl.scenario.run import run_scenarios

    if args.fields:
        return _run_fields(args)
    if not args.system and args.field is None:
        raise InputError(Problem("--system", None, None,
                                 _("give --system and --region (or --fields)")))
    if args.daily is not None and is_stdout(args.daily) and is_stdout(args.output):
        raise UsageError(N_("--daily -: standard output already carries the yearly summary; "
                            "write the summary to a file with -o FILE"))
    sc = scenario_from_args(args, [args.system] if args.system else None)
    results = run_scenarios([sc], carbon=True, keep_daily=bool(args.daily))
    say_provenance(results)
    write_records(one_field_rows(results, roles=("system",), fmt=args.format), args.format,
                  args.output)
    if args.daily:
        system = results.rows[-1]["system"]
        write_daily(results.daily[(sc.field_id, system)],
                    results.dates[sc.field_id].astype(str), args.daily)
        if not is_stdout(args.daily):
            print(_("daily outputs written to {path}").format(path=args.daily),
                  file=sys.stderr)
    return 0


def write_daily(daily: dict, dates, path: str) -> None:
    """The daily outputs as CSV, to ``path`` atomically (``-``: standard output)."""
    from zhassyl.cli.output import open_output

    with open_output(path) as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("date", *DAILY_COLUMNS))
        for i, date in enumerate(dates):
            w.writerow([date, *(f"{float(daily[c][i]):.4f}" for c in DAILY_COLUMNS)])


def _run_fields(args: argparse.Namespace) -> int:
    """Every field of a fields CSV in one batch; per-field totals from per-hectare results."""
    from tqdm import tqdm

    from zhassyl.cli.output import write_records
    from zhassyl.scenario.builders import from_fields_csv
    from zhassyl.scenario.run import run_scenarios

    refuse_together(args, "--fields", {"--system": args.system, "--region": args.region,
                                       "--field": args.field, "--daily": args.daily})
    batch = from_fields_csv(args.fields, years=args.years, seed=args.seed,
                            baseline=args.baseline, soil=args.soil, ece0_ds_m=args.ece_ds_m,
                            ec_iw_ds_m=args.ec_iw_ds_m, leaching=args.leaching,
                            weather_file=args.weather, level=args.level,
                            **irrigation_args(args))
    if args.water_table is not None:
        from zhassyl.scenario.builders import with_water_table

        batch = [with_water_table(sc, args.water_table) for sc in batch]
    with tqdm(total=len(batch), desc=_("fields"), file=sys.stderr, unit="field",
              disable=len(batch) < 50) as bar:
        def progress(done, total):
            bar.update(done - bar.n)

        results = run_scenarios(batch, baselines=False, progress=progress)
    out = []
    for r in results.rows:
        area = r["area_ha"]
        row = dict(r)
        row["hay_t"] = round(r["hay_t_ha"] * area, 3)
        row["irrigation_m3"] = round(r["irrigation_m3_ha"] * area, 1)
        out.append(row)
    write_records(out, args.format, args.output)
    return 0
