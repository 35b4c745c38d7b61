"""``zhassyl bench``: measure the speed of the engine on synthetic alfalfa fields."""

from __future__ import annotations

import argparse
import sys

from zhassyl.cli.validate import BENCH_YEARS, COUNT, FIELDS, SEED
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``bench`` sub-command and its own sub-commands."""
    p = subparsers.add_parser(
        "bench",
        help=_("measure the speed of the simulation engine"),
        description=_("Benchmarks of Zhassyl's engines on synthetic inputs. Speed is "
                      "measured here, never in the tests."),
    )
    sub = p.add_subparsers(dest="bench_command", metavar="COMMAND")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])

    e = sub.add_parser(
        "engine",
        help=_("field-days per second of the daily soil-water-crop engine"),
        description=_(
            "Simulate N perennial alfalfa fields (AquaCrop's Ottawa alfalfa crop, a few soils, "
            "rainfed and sprinkler-irrigated management, weather of three regions from the "
            "weather generator) over Y seasons (year 1 sown, then regrowth; 15 April - "
            "15 October; cuts every fixed number of growing degree days) and report "
            "field-days simulated per second. Numba compilation is timed separately on a "
            "one-field warm-up run. The last line of the table is 'field_days_per_s: X'; above it, "
            "'bound_field_days_per_s' and 'fraction_of_bound' compare it with the memory "
            "roofline (bytes of state per field-day and the bandwidth of a triad measured "
            "in the same run)."),
    )
    e.add_argument("--fields", type=FIELDS, default=1000, metavar="N",
                   help=_("number of fields (default 1000)"))
    e.add_argument("--years", type=BENCH_YEARS, default=3, metavar="Y",
                   help=_("number of seasons (default 3)"))
    e.add_argument("--repeat", type=COUNT, default=1, metavar="R",
                   help=_("time R runs and keep the fastest (default 1)"))
    e.add_argument("--chunk", type=COUNT, default=None, metavar="C",
                   help=_("simulate C fields at a time to bound memory (default: all at once)"))
    e.add_argument("--seed", type=SEED, default=1, help=_("weather generator seed (default 1)"))
    e.add_argument("--quiet", action="store_true", help=_("no progress messages on stderr"))
    e.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=_("output format (default table)"))
    e.add_argument("-o", "--output", metavar="FILE", help=_("output file (default: stdout)"))
    e.set_defaults(func=run_engine)


def _roofline(r):
    """Memory roofline of a benchmark result (:mod:`zhassyl.engine.roofline`)."""
    from zhassyl.engine.roofline import roofline, triad_bandwidth_bytes_s
    from zhassyl.scenario.bench import build_case

    n_comp = build_case(1, 1).fields.soil.dz_m.shape[1]
    return roofline(r.field_days_per_s, n_comp, triad_bandwidth_bytes_s())


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_engine(args: argparse.Namespace) -> int:
    """Run the engine benchmark and print its result."""
    from dataclasses import asdict

    from zhassyl.cli.output import format_table, open_output, write_records
    from zhassyl.scenario.bench import run_engine_benchmark

    r = run_engine_benchmark(args.fields, args.years, repeat=args.repeat, chunk=args.chunk,
                             seed=args.seed, progress=None if args.quiet else _progress)
    rl = _roofline(r)
    record = {k: (float(v) if hasattr(v, "item") else v) for k, v in asdict(r).items()}
    record.update(bytes_per_field_day=rl.bytes_per_field_day,
                  bandwidth_gb_s=rl.bandwidth_bytes_s / 1e9,
                  bound_field_days_per_s=rl.bound_field_days_per_s,
                  fraction_of_bound=rl.fraction_of_bound)
    if args.format != "table":
        write_records([record], args.format, args.output)
        return 0
    rows = [
        {"quantity": _("fields"), "value": r.n_fields},
        {"quantity": _("seasons per field"), "value": r.years},
        {"quantity": _("calendar days"), "value": r.n_days},
        {"quantity": _("weather stations"), "value": r.n_stations},
        {"quantity": _("Numba threads"), "value": r.n_threads},
        {"quantity": _("field-days simulated"), "value": r.field_days},
        {"quantity": _("of which crop days"), "value": r.season_field_days},
        {"quantity": _("warm-up, compile or cache load [s]"), "value": round(r.warmup_s, 3)},
        {"quantity": _("building inputs [s]"), "value": round(r.build_s, 3)},
        {"quantity": _("simulation [s]"), "value": round(r.run_s, 4)},
        {"quantity": _("crop field-days per second"), "value": round(r.season_field_days_per_s)},
        {"quantity": _("CPU time of the simulation, all threads [s]"),
         "value": round(r.run_cpu_s, 4)},
        {"quantity": _("peak resident memory [MiB]"), "value": round(r.peak_rss_mb, 1)},
        {"quantity": _("per-field arrays [MiB]"), "value": round(r.arrays_mb, 1)},
        {"quantity": _("mean dry yield per season [t/ha]"),
         "value": round(r.mean_yield_dry_t_ha, 2)},
        {"quantity": _("mean cuts per season"), "value": round(r.mean_cuts, 2)},
        {"quantity": _("mean irrigation per season [mm]"),
         "value": round(r.mean_irrigation_mm, 1)},
    ]
    rows += [
        {"quantity": _("state bytes per field-day (read + written)"),
         "value": rl.bytes_per_field_day},
        {"quantity": _("memory bandwidth, triad [GB/s]"),
         "value": round(rl.bandwidth_bytes_s / 1e9, 2)},
    ]
    text = (format_table(rows) + f"bound_field_days_per_s: {rl.bound_field_days_per_s:.1f}\n"
            f"fraction_of_bound: {rl.fraction_of_bound:.4f}\n"
            f"field_days_per_s: {r.field_days_per_s:.1f}\n")
    with open_output(args.output) as fh:
        fh.write(text)
    return 0
