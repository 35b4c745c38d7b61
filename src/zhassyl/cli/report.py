"""``zhassyl report impact``: the impact report in Kazakh, Russian or English (HTML, PDF, XLSX)."""

from __future__ import annotations

import argparse
import json
import sys

from zhassyl.cli.db import actor_from, add_connection_options, open_registry
from zhassyl.cli.impact import add_level_option
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``report`` sub-command."""
    p = subparsers.add_parser("report", help=_("printable reports"),
                              description=_("Printable reports of the programme."))
    sub = p.add_subparsers(dest="report_command", metavar="REPORT")
    q = sub.add_parser(
        "impact", help=_("impact report: KPIs with provenance, claims, charts, field map, SDGs, "
                         "money"),
        description=_("Write the impact report: headline KPIs with provenance marks, the "
                      "case study's claims with verdicts, charts, a map of the fields drawn "
                      "from their polygons, the SDG table with SDG 15.3.1 and, for the "
                      "director, trustees and auditor, the Fund's money."))
    q.add_argument("--region", default=None, help=_("only this region (code, e.g. kyzylorda)"))
    q.add_argument("--period", default=None,
                   help=_("only these years, e.g. 2013-2017 (default: all)"))
    add_level_option(q)
    q.add_argument("--lang", choices=("en", "ru", "kk"), default="en",
                   help=_("language of the report (default en)"))
    q.add_argument("--format", choices=("html", "pdf", "xlsx", "json"), default="html",
                   help=_("output format (default html)"))
    q.add_argument("-o", "--output", metavar="FILE", required=True, help=_("output file"))
    add_connection_options(q)
    q.set_defaults(func=run_impact)
    p.set_defaults(func=lambda _args: (p.print_help(), 2)[1])


def build(args: argparse.Namespace) -> dict:
    """The report data for the options (money only for roles that may read it)."""
    from zhassyl.impact.programme import load_programme, parse_period
    from zhassyl.registry.policy import MONEY_TABLES, allowed
    from zhassyl.registry.repositories import ledger_records
    from zhassyl.report.impact import report_data

    period = parse_period(args.period)
    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        prog = load_programme(s, actor)
        money = all(allowed(actor, "read", t) for t in MONEY_TABLES)
        ledger = ledger_records(s, actor) if money else None
    prog.select(args.region, period)  # validates the region before any model run
    return report_data(prog, lang=args.lang, region=args.region, period=period, ledger=ledger,
                       level=args.level)


def _json_default(value):
    if hasattr(value, "mean"):
        return value.mean
    return str(value)


def run_impact(args: argparse.Namespace) -> int:
    """Write the report file."""
    data = build(args)
    if args.format == "json":
        body = json.dumps({k: v for k, v in data.items() if k not in ("charts", "maps", "words")},
                          ensure_ascii=False, indent=1, default=_json_default).encode()
    elif args.format == "xlsx":
        from zhassyl.report.xlsx import impact_xlsx

        body = impact_xlsx(data)
    else:
        from zhassyl.report.html import render_impact_html

        html = render_impact_html(data)
        if args.format == "pdf":
            from zhassyl.report.pdf import html_to_pdf

            body = html_to_pdf(html)
        else:
            body = html.encode("utf-8")
    from zhassyl.cli.output import is_stdout, open_output

    with open_output(args.output, binary=True) as f:
        f.write(body)
    if not is_stdout(args.output):
        print(_("wrote {path}").format(path=args.output)
              + " (" + _("production level {level}").format(level=args.level) + ")",
              file=sys.stderr)
    return 0
