"""``zhassyl impact``: the programme's KPIs with provenance, and ``impact explain KPI``."""

from __future__ import annotations

import argparse
import json

from zhassyl.cli.db import actor_from, add_connection_options, open_registry
from zhassyl.cli.output import add_format_options
from zhassyl.i18n import _


def add_selection_options(p: argparse.ArgumentParser) -> None:
    """--region and --period (shared by impact, claims and report)."""
    p.add_argument("--region", default=None, help=_("only this region (code, e.g. kyzylorda)"))
    p.add_argument("--period", default=None,
                   help=_("only these years, e.g. 2013-2017 (default: all)"))


def add_level_option(p: argparse.ArgumentParser) -> None:
    """--level of the model runs (shared by impact, claims and report)."""
    from zhassyl.farming.levels import DEFAULT_LEVEL, LEVELS

    p.add_argument("--level", choices=LEVELS, default=DEFAULT_LEVEL,
                   help=_("production level of the model runs: potential (AquaCrop potential) "
                          "or farm (as farmed: soil fertility, weeds, regional cutting practice; "
                          "default); calibrated is refused: these figures are regional and a "
                          "calibration belongs to one field"))


def register(subparsers) -> None:
    """Add the ``impact`` sub-command."""
    p = subparsers.add_parser(
        "impact", help=_("programme KPIs with provenance (measured, modelled, mixed)"),
        description=_("Compute the programme's key figures from the registry and model runs: "
                      "hectares by restoration status, water saved, fodder, livestock, jobs, "
                      "income change, people trained, women, t CO2e. Each figure says whether "
                      "it is measured, modelled or mixed; modelled figures give P10-P90 over "
                      "weather and the production level of the simulation."))
    add_selection_options(p)
    add_level_option(p)
    add_format_options(p)
    add_connection_options(p)
    p.set_defaults(func=run)
    sub = p.add_subparsers(dest="impact_command", metavar="ACTION")
    q = sub.add_parser("explain", help=_("open one KPI down to its fields and records"))
    q.add_argument("kpi", help=_("KPI id, e.g. water_saved_m3"))
    add_selection_options(q)
    add_level_option(q)
    add_format_options(q)
    add_connection_options(q)
    q.set_defaults(func=run_explain)
    q = sub.add_parser("sdg", help=_("SDG 15.3.1 (proportion of land degraded) per field and "
                                     "aggregated, and the SDG targets the KPIs report"))
    q.add_argument("--region", default=None, help=_("only this region (code, e.g. kyzylorda)"))
    q.add_argument("--baseline", required=True, help=_("baseline period, e.g. 2014"))
    q.add_argument("--reporting", required=True, help=_("reporting period, e.g. 2015-2017"))
    add_level_option(q)
    add_format_options(q)
    add_connection_options(q)
    q.set_defaults(func=run_sdg)
    q = sub.add_parser("ledger", help=_("the Fund's money: reconciliation per grant and currency, "
                                        "flags and cost-effectiveness (director, trustee, "
                                        "auditor)"))
    add_selection_options(q)
    add_level_option(q)
    add_format_options(q, ("table", "json"))
    add_connection_options(q)
    q.set_defaults(func=run_ledger)


def programme_kpis(args: argparse.Namespace):
    """The selected programme snapshot and its KPIs."""
    from zhassyl.impact.kpi import compute_kpis
    from zhassyl.impact.programme import load_programme, parse_period

    period = parse_period(args.period)
    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        prog = load_programme(s, actor)
    prog = prog.select(args.region, period)
    return prog, compute_kpis(prog, level=args.level)


def _print_selection(args: argparse.Namespace) -> None:
    print(_("Programme KPIs: region {region}, period {period}; modelled figures at production "
            "level '{level}' (P10-P90 over weather)").format(
        region=args.region or _("all"), period=args.period or _("all"), level=args.level))


def run(args: argparse.Namespace) -> int:
    """Print the KPIs."""
    from zhassyl.cli.output import write_records

    _prog, kpis = programme_kpis(args)
    if args.format == "table" and not args.output:
        _print_selection(args)
    write_records([k.record() for k in kpis], args.format, args.output)
    return 0


def run_explain(args: argparse.Namespace) -> int:
    """Print one KPI with its provenance and parts."""
    from zhassyl.cli.output import write_records, write_text
    from zhassyl.impact.explain import explanation, find_kpi, localised_parts
    from zhassyl.registry.policy import authorize

    _prog, kpis = programme_kpis(args)
    kpi = find_kpi(kpis, args.kpi)
    actor = actor_from(args)
    for table in kpi.provenance.record_counts():  # the records are shown: may the role?
        authorize(actor, "read", table)
    ex = explanation(kpi)
    if args.format == "json":
        text = json.dumps(ex, ensure_ascii=False, indent=1, default=str) + "\n"
        write_text(text, args.output)
        return 0
    if args.format == "table" and not args.output:
        for key, value in ex["header"].items():
            if key == "record_ids":
                for table, ids in value.items():
                    print(f"{table}: {', '.join(str(i) for i in ids)}")
            elif isinstance(value, list):
                print(f"{key}:")
                for item in value:
                    print(f"  - {item}")
            else:
                print(f"{key}: {value}")
        print()
    parts = localised_parts(ex["parts"]) if args.format == "table" else ex["parts"]
    write_records(parts, args.format, args.output)
    return 0


def run_ledger(args: argparse.Namespace) -> int:
    """Print the reconciliation, the flags and the cost-effectiveness; exit 1 if it fails."""
    from zhassyl.cli.output import format_table, write_text
    from zhassyl.impact.kpi import compute_kpis, kpi_by_id
    from zhassyl.impact.ledger import LedgerError, cost_effectiveness, flags, reconcile
    from zhassyl.impact.programme import load_programme, parse_period
    from zhassyl.registry.repositories import ledger_records

    period = parse_period(args.period)
    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        ledger = ledger_records(s, actor)
        prog = load_programme(s, actor)
    rec = reconcile(ledger)
    out = {"reconciliation": rec, "flags": flags(ledger),
           "cost_effectiveness": cost_effectiveness(
               ledger, kpi_by_id(compute_kpis(prog.select(args.region, period),
                                              level=args.level)))}
    if args.format == "json":
        text = json.dumps(out, ensure_ascii=False, indent=1, default=str) + "\n"
    else:
        titles = {"reconciliation": _("Received = disbursed + committed + balance, per grant "
                                      "and currency"),
                  "flags": _("Flags"),
                  "cost_effectiveness": _("Cost-effectiveness (money paid per unit of impact)")}
        # the rates are in each cost row's note; the table leaves their list out
        tables = {k: [{c: x for c, x in r.items() if c != "rates"} for r in v]
                  for k, v in out.items()}
        text = "\n".join(f"{titles[k]}:\n{format_table(v) or '-' + chr(10)}"
                         for k, v in tables.items())
    write_text(text, args.output)
    bad = [r for r in rec if not r["reconciles"]]
    if bad:
        raise LedgerError(_("the ledger does not reconcile for {n} grant-currency pairs").format(
            n=len(bad)))
    return 0


def sdg_results(args: argparse.Namespace, prog=None):
    """SDG 15.3.1 rows per field and the aggregate for the options' periods."""
    from zhassyl.impact.kpi import field_histories, model_figures
    from zhassyl.impact.programme import load_programme, parse_period
    from zhassyl.impact.sdg import sdg_15_3_1

    baseline = parse_period(args.baseline, "--baseline")
    reporting = parse_period(args.reporting, "--reporting")
    if prog is None:
        actor = actor_from(args)
        with open_registry(args).session(actor) as s:
            prog = load_programme(s, actor)
    prog = prog.select(args.region, None)
    figures = model_figures(field_histories(prog), level=args.level)
    return sdg_15_3_1(prog, baseline, reporting, figures)


def run_sdg(args: argparse.Namespace) -> int:
    """Print SDG 15.3.1 per field, then the aggregate."""
    from dataclasses import asdict

    from zhassyl.cli.output import write_records, write_text

    units, total = sdg_results(args)
    rows = [asdict(u) for u in units]
    if args.format == "json":
        text = json.dumps({"fields": rows, "total": total}, ensure_ascii=False, indent=1)
        write_text(text + "\n", args.output)
        return 0
    write_records(rows, args.format, args.output)
    if args.format == "table" and not args.output:
        print()
        print(_("SDG 15.3.1 (one out, all out; -1 degraded, 0 stable, +1 improved):"))
        write_records([total], "table", None)
    return 0
