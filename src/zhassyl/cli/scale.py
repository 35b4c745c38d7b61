"""``zhassyl scale``: national and regional scale-up scenarios on Dask."""

from __future__ import annotations

import argparse
import sys

from zhassyl.cli.validate import SAMPLE_COUNT, SCALE_WORKERS, SEED, YEARS
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``scale`` sub-command."""
    p = subparsers.add_parser(
        "scale",
        help=_("national scale-up: what follows if a share of each region's land switches"),
        description=_(
            "Run a scale-up scenario file (TOML; print the packaged national example with "
            "--example): each region's land, by practice, soil and salinity class, becomes "
            "weighted representative fields simulated over several generated climate "
            "sequences, on a local Dask cluster (--workers), an existing Dask scheduler "
            "(--scheduler) or in this process (--no-dask). Writes OUTDIR/summary.csv and "
            "summary.parquet (per region and year and a national row: area converted, "
            "irrigation water with and without the switch, hay, grain, livestock wintered, "
            "soil carbon, CO2e, farm income change, subsidies; P10/P90 over climate and the "
            "sampling standard error), summary.png, map.svg (water saved per region on the "
            "packaged region map) and run.json."),
    )
    p.add_argument("scenario", nargs="?", metavar="SCENARIO.toml",
                   help=_("scale-up scenario file"))
    p.add_argument("--example", action="store_true",
                   help=_("print the packaged national example scenario and exit"))
    p.add_argument("-o", "--output", dest="outdir", metavar="OUTDIR", default=None,
                   help=_("directory for summary.csv, summary.parquet, summary.png, map.svg"))
    p.add_argument("--workers", type=SCALE_WORKERS, default=1,
                   help=_("worker processes of the local Dask cluster (default 1)"))
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help=_("address of a running Dask scheduler, e.g. tcp://127.0.0.1:8786"))
    p.add_argument("--no-dask", action="store_true",
                   help=_("run in this process without Dask"))
    p.add_argument("--fields-per-stratum", type=SAMPLE_COUNT, default=None, metavar="K",
                   help=_("representative fields per stratum (default: the file's)"))
    p.add_argument("--climate-replicates", type=SAMPLE_COUNT, default=None, metavar="R",
                   help=_("generated climate sequences per region (default: the file's)"))
    p.add_argument("--years", type=YEARS, default=None, help=_("years (default: the file's)"))
    p.add_argument("--seed", type=SEED, default=None, help=_("seed (default: the file's)"))
    p.add_argument("--chunk-fields", type=SAMPLE_COUNT, default=None, metavar="C",
                   help=_("representative fields per Dask task (default: as many as fill one "
                          "engine call of 250 simulated fields)"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load, sample, run, write; print what the numbers stand for and the headline."""
    import logging

    from tqdm import tqdm

    from zhassyl.errors import InputError, Problem
    from zhassyl.scale.config import example_text, load_scenario
    from zhassyl.scale.execute import region_totals, run_scale
    from zhassyl.scale.output import write_outputs
    from zhassyl.scale.sampling import count_fields

    if args.example:
        sys.stdout.write(example_text())
        return 0
    problems = []
    if not args.scenario:
        problems.append(Problem("SCENARIO.toml", None, None, _(
            "give a scenario file (see --example)")))
    if not args.outdir:
        problems.append(Problem("-o", None, None, _("give an output directory")))
    if args.no_dask and args.scheduler:
        problems.append(Problem("--no-dask", None, None, _(
            "cannot be used together with --scheduler")))
    if problems:
        raise InputError(problems)
    scenario = load_scenario(args.scenario).with_options(
        years=args.years, seed=args.seed, fields_per_stratum=args.fields_per_stratum,
        climate_replicates=args.climate_replicates)
    n_fields = count_fields(scenario)
    logging.getLogger("distributed").setLevel(logging.ERROR)   # Dask's own chatter
    where = (_("in this process") if args.no_dask else
             _("on the Dask scheduler {address}").format(address=args.scheduler)
             if args.scheduler else
             _("on a local Dask cluster of {n} workers").format(n=args.workers))
    print(_("{name}: {strata} strata, {fields} representative fields x {reps} climate "
            "sequences, {years} years from {start}, production level {level}, {where}; every "
            "field's baseline is its stratum's current practice").format(
        name=scenario.name, strata=len(scenario.strata), fields=n_fields,
        reps=scenario.climate_replicates, years=scenario.years, start=scenario.start_year,
        level=scenario.level, where=where), file=sys.stderr)
    with tqdm(total=n_fields, desc=_("fields"), file=sys.stderr, unit="field") as bar:
        def progress(done, total):
            bar.update(done - bar.n)

        acc, info = run_scale(scenario, workers=args.workers, scheduler=args.scheduler,
                              use_dask=not args.no_dask,
                              chunk_fields=args.chunk_fields,
                              progress=progress)
    rows = region_totals(scenario, acc)
    paths = write_outputs(args.outdir, scenario, rows, info, n_fields)
    last = [r for r in rows if r["region"] == "national"][-1]
    print(_("national, {year}: {area:,.0f} ha converted; water saved {water:,.1f} million m3 "
            "(P10-P90 {w10:,.1f}-{w90:,.1f}); SOC {co2:,.0f} t CO2e above the baseline; farm "
            "income change {inc:,.2f} billion KZT; subsidies {sub:,.2f} billion KZT").format(
        year=last["year"], area=last["area_converted_ha"], water=last["water_saved_m3"] / 1e6,
        w10=last["water_saved_m3_p10"] / 1e6, w90=last["water_saved_m3_p90"] / 1e6,
        co2=last["co2e_t"], inc=last["income_change_kzt"] / 1e9,
        sub=last["subsidy_kzt"] / 1e9))
    print(_("written: {paths}").format(paths=", ".join(str(p) for p in paths)),
          file=sys.stderr)
    return 0
