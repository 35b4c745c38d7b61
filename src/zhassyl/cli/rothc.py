"""The ``zhassyl rothc`` command: run RothC 26.3 on a reference-format input file."""

from __future__ import annotations

import argparse
from pathlib import Path

from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``rothc`` sub-command to ``subparsers``."""
    parser = subparsers.add_parser(
        "rothc",
        help=_("soil carbon with RothC 26.3 (monthly) from a RothC input file"),
        description=_(
            "Run the RothC 26.3 soil carbon model on an input file in the format of the "
            "Rothamsted reference (RothC_input.dat): spin up to equilibrium on the first "
            "12 months, then simulate the remaining months and write the monthly pools "
            "(t C/ha) and delta-14C (per mil)."
        ),
    )
    parser.add_argument("input", metavar="INPUT.dat", type=Path,
                        help=_("RothC input file (header, 'clay depth iom nsteps', monthly rows)"))
    parser.add_argument("-o", "--output", metavar="OUT.csv", default=None,
                        help=_("write the results to this file (default: standard output)"))
    parser.add_argument("--format", choices=("csv", "json", "table"), default="csv",
                        help=_("output format (default: csv, the reference's month_results.csv)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code (0 success; errors raise ZhassylError)."""
    from zhassyl.carbon.rothc import (
        MONTH_RESULT_COLUMNS,
        month_results_rows,
        read_rothc_input,
        run_rothc_input,
        write_month_results,
    )
    from zhassyl.cli.output import open_output, write_records

    data = read_rothc_input(args.input)
    result = run_rothc_input(data)

    if args.format == "csv":
        # Full precision, exactly the reference's month_results.csv layout.
        with open_output(args.output) as stream:
            write_month_results(result, stream)
    else:
        records = [dict(zip(MONTH_RESULT_COLUMNS, row, strict=True))
                   for row in month_results_rows(result)]
        write_records(records, args.format, args.output)
    return 0
