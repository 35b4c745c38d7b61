"""``zhassyl claims check``: audit reported impact claims against data, models and bounds."""

from __future__ import annotations

import argparse
import json

from zhassyl.cli.db import actor_from, add_connection_options, open_registry
from zhassyl.cli.impact import add_level_option
from zhassyl.cli.output import add_format_options
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``claims`` sub-command."""
    p = subparsers.add_parser("claims", help=_("audit reported impact claims"),
                              description=_("Audit reported impact claims against the registry, "
                                            "the models and physical and arithmetic bounds."))
    sub = p.add_subparsers(dest="claims_command", metavar="ACTION")
    q = sub.add_parser(
        "check", help=_("give each claim a verdict: supported, unsupported, implausible or "
                        "untestable"),
        description=_("Check a claims CSV (claim_id, text, indicator, reported_low, "
                      "reported_high, unit, region, period, source) or the case study's "
                      "key-impact table (--case-study) against the programme."))
    q.add_argument("claims_file", nargs="?", metavar="CLAIMS.csv", help=_("claims CSV file"))
    q.add_argument("--case-study", action="store_true",
                   help=_("check the case study's key-impact table (shipped example file)"))
    add_level_option(q)
    add_format_options(q)
    add_connection_options(q)
    q.set_defaults(func=run_check)
    p.set_defaults(func=lambda _args: (p.print_help(), 2)[1])


def run_check(args: argparse.Namespace) -> int:
    """Audit the claims and print the verdicts."""
    from zhassyl.cli.output import write_records, write_text
    from zhassyl.errors import InputError, Problem
    from zhassyl.impact.claims import audit, case_study_claims, programme_context, read_claims
    from zhassyl.impact.programme import load_programme

    if bool(args.claims_file) == bool(args.case_study):
        raise InputError(Problem("claims check", None, None, _(
            "give either a claims CSV file or --case-study")))
    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        prog = load_programme(s, actor)
    regions = {r["code"] for r in prog.table("regions")}
    claims = case_study_claims() if args.case_study else read_claims(args.claims_file, regions)
    verdicts = audit(claims, programme_context(prog, level=args.level))
    records = [{**v.record(), "level": args.level} for v in verdicts]
    if args.format == "json":
        text = json.dumps(records, ensure_ascii=False, indent=1, default=str) + "\n"
        write_text(text, args.output)
        return 0
    if args.format == "table" and not args.output:
        print(_("Claims audited with model runs at production level '{level}'").format(
            level=args.level))
    write_records([{k: v for k, v in r.items() if k not in ("text", "evidence")}
                   for r in records], args.format, args.output)
    return 0
