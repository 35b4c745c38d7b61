"""``zhassyl economics``: budgets, policy, finance and risk of farming systems.

The simulated quantities come from the scenario layer
(:func:`zhassyl.scenario.run.run_scenarios`, through
:func:`zhassyl.economics.risk.batch_simulate`); this module only presents the
results of :mod:`zhassyl.economics`.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys

from zhassyl.cli.validate import (
    AREA_HA,
    CALENDAR_YEAR,
    COUNT,
    MONEY_KZT,
    RATE_FRACTION,
    RUNS,
    SEED,
    YEARS,
)
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``economics`` sub-command."""
    p = subparsers.add_parser(
        "economics",
        help=_("farm economics, subsidies, loans and risk of farming systems"),
        description=_(
            "Turn the simulated farming systems of a region into money: enterprise budgets "
            "from quantities x prices (KZT, sourced data), subsidy and loan rules, cash flow, "
            "NPV, IRR and payback, and the spread over weather years and price paths "
            "(Monte Carlo: P10/P50/P90, probability of a loss year; the runs are simulated "
            "as one batch). The baseline (--baseline, else the region's default practice) is "
            "the reference for IRR and payback of switching; it is simulated too."),
    )
    p.add_argument("--region", help=_("region id, e.g. kyzylorda"))
    p.add_argument("--systems", help=_("comma-separated system ids or .toml files"))
    p.add_argument("--baseline", default=None, metavar="SYSTEM",
                   help=_("the practice before, reference of IRR and payback: a system id or "
                          ".toml file (default: the region's default practice)"))
    p.add_argument("--area-ha", type=AREA_HA, default=1.0,
                   help=_("irrigated area of the farm or cooperative [ha] (default 1)"))
    p.add_argument("--years", type=YEARS, default=5, help=_("horizon in years (default 5)"))
    p.add_argument("--start-year", type=CALENDAR_YEAR, default=2018,
                   help=_("calendar year of scenario year 1 (prices, programmes; default 2018)"))
    p.add_argument("--cooperative", action="store_true",
                   help=_("the area is farmed by an agricultural cooperative (pooled land)"))
    p.add_argument("--members", type=COUNT, default=1,
                   help=_("number of cooperative members sharing the area (default 1)"))
    p.add_argument("--programme", default=None,
                   help=_("only this subsidy programme (default: the best one in force)"))
    p.add_argument("--no-subsidy", action="store_true", help=_("ignore subsidies"))
    p.add_argument("--livestock", choices=("cows", "sheep"), default=None,
                   help=_("feed the hay to wintered cows or sheep instead of selling it"))
    p.add_argument("--loan", default=None, metavar="PRODUCT",
                   help=_("finance with this loan product (eligibility is checked)"))
    p.add_argument("--loan-amount-kzt", type=MONEY_KZT, default=0.0,
                   help=_("amount borrowed at the start [KZT]"))
    p.add_argument("--discount-rate", type=RATE_FRACTION, default=None,
                   help=_("discount rate per year (default from parameters.csv)"))
    p.add_argument("--price", action="append", default=[], metavar="ITEM=KZT",
                   help=_("override a price, e.g. hay_alfalfa=45000 (repeatable)"))
    p.add_argument("--currency", default="KZT",
                   help=_("also show NPV in this currency by the dated rate (USD, EUR)"))
    p.add_argument("--rate-date", default=None,
                   help=_("date of the exchange rate, YYYY-MM-DD (default: latest)"))
    p.add_argument("--runs", type=RUNS, default=20, help=_("Monte Carlo runs (default 20)"))
    p.add_argument("--seed", type=SEED, default=1, help=_("random seed (default 1)"))
    p.add_argument("--no-price-risk", action="store_true",
                   help=_("keep base prices in every run (weather risk only)"))
    p.add_argument("--plot", metavar="FILE.png", default=None,
                   help=_("save a plot of the spread of outcomes"))
    p.add_argument("--show", choices=("summary", "budget", "eligibility", "loan"),
                   default="summary",
                   help=_("what to print: summary (default), budget lines of run 1, "
                          "eligibility of the farm, or the loan schedule"))
    p.add_argument("--level", choices=("potential", "farm"), default="farm",
                   help=_("production level of the simulated yields (default farm)"))
    p.add_argument("--case-study", action="store_true",
                   help=_("compute the case study's per-hectare claims and which the data support"))
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=_("output format (default table)"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("output file (default: stdout)"))
    p.set_defaults(func=run)


def _input_error(field: str, message: str):
    from zhassyl.errors import InputError, Problem

    return InputError(Problem("<command line>", None, field, message))


def _prices(items: list[str]):
    from zhassyl.economics.prices import PriceBook

    overrides = {}
    for text in items:
        key, sep, value = text.partition("=")
        try:
            overrides[key.strip()] = float(value) if sep else float("nan")
        except ValueError:
            raise _input_error("--price", _("expected ITEM=KZT, got {value!r}").format(
                value=text)) from None
        if not sep:
            raise _input_error("--price", _("expected ITEM=KZT, got {value!r}").format(
                value=text))
    return PriceBook(overrides)


def _entity(args):
    from zhassyl.economics.policy import Cooperative, Farm

    if args.cooperative:
        each = args.area_ha / args.members
        return Cooperative("cooperative", tuple(Farm(f"member-{i + 1}", each, True)
                                                for i in range(args.members)))
    return Farm("farm", args.area_ha)


def _check_costable(refs) -> None:
    """Refuse, before simulating, a system whose budget the economics data cannot price."""
    from zhassyl.economics.budget import missing_data
    from zhassyl.errors import InputError, Problem
    from zhassyl.farming.systems import load_system
    from zhassyl.i18n import N_

    problems = []
    for ref in refs:
        missing = missing_data(load_system(ref.source))
        if missing:
            problems.append(Problem(ref.source, None, None, N_(
                "system '{id}' cannot be costed: the economics data lack {items}"),
                {"id": ref.id, "items": ", ".join(missing)}))
    if problems:
        raise InputError(problems)


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code (errors raise ZhassylError)."""
    from zhassyl.cli.output import write_records
    from zhassyl.economics import casestudy, policy, risk
    from zhassyl.economics.finance import loan_schedule
    from zhassyl.economics.prices import exchange_rate, kzt_to

    prices = _prices(args.price)
    rate_date = None
    if args.rate_date:
        try:
            rate_date = _dt.date.fromisoformat(args.rate_date)
        except ValueError:
            raise _input_error("--rate-date", _("expected YYYY-MM-DD, got {value!r}").format(
                value=args.rate_date)) from None
    used_date, rate = exchange_rate(args.currency, rate_date)  # checks the currency

    from zhassyl.cli.farming_common import refuse_together

    if args.case_study:
        refuse_together(args, "--case-study", {
            "--region": args.region, "--systems": args.systems, "--baseline": args.baseline,
            "--plot": args.plot, "--livestock": args.livestock, "--loan": args.loan,
            "--cooperative": args.cooperative, "--programme": args.programme})
        simulated = casestudy.simulated_hectares(max(args.years, 2), args.seed, args.level)
        write_records(casestudy.claims(prices, simulated=simulated, level=args.level),
                      args.format, args.output)
        return 0

    entity = _entity(args)
    if args.programme:
        policy.get_programme(args.programme)
    if args.show != "summary":
        refuse_together(args, f"--show {args.show}", {"--plot": args.plot})
    if args.show == "eligibility":
        year = args.start_year
        write_records(policy.eligibility(entity, year), args.format, args.output)
        return 0
    loan = policy.get_loan_product(args.loan) if args.loan else None
    if args.show == "loan":
        if loan is None:
            raise _input_error("--loan", _("--show loan needs --loan PRODUCT"))
        rows = loan_schedule(args.loan_amount_kzt, loan.rate, loan.term_years, loan.grace_years)
        write_records([vars(r) for r in rows], args.format, args.output)
        return 0

    if not args.region:
        raise _input_error("--region", _("give a region (see 'zhassyl weather regions')"))
    from zhassyl.weather.climate import REGION_IDS

    if args.region not in REGION_IDS:
        raise _input_error("--region", _("unknown region {value!r}; known: {known}").format(
            value=args.region, known=", ".join(REGION_IDS)))
    systems = tuple(s.strip() for s in (args.systems or "").split(",") if s.strip())
    if not systems:
        raise _input_error("--systems", _("give at least one system"))
    from zhassyl.scenario.builders import default_practice, system_ref

    # one vocabulary: a .toml file is read, checked and reported under its own id
    base_ref = (system_ref(args.baseline, "--baseline") if args.baseline
                else system_ref(default_practice(args.region)[0]))
    refs = {base_ref.id: base_ref}
    for ref in (system_ref(s) for s in systems):
        if refs.setdefault(ref.id, ref) != ref:
            raise _input_error("--systems", _(
                "two different systems are named '{id}' ({a} and {b}); give each its own "
                "id").format(id=ref.id, a=refs[ref.id].source, b=ref.source))
    _check_costable(refs.values())
    baseline = base_ref.source
    systems = tuple(r.source for r in refs.values())
    print(_("baseline: {baseline}").format(baseline=base_ref.id), file=sys.stderr)
    kwargs = {}
    if args.discount_rate is not None:
        kwargs["discount_rate"] = args.discount_rate
    scenario = risk.Scenario(
        args.region, systems, args.years, args.area_ha, args.start_year,
        None if args.no_subsidy else entity, args.programme, args.livestock,
        loan=loan, loan_amount_kzt=args.loan_amount_kzt, baseline=baseline, level=args.level,
        **kwargs)
    if loan is not None:
        reasons = policy.loan_reasons(loan, entity)
        if reasons:
            raise _input_error("--loan", _("not eligible for {product}: {reasons}").format(
                product=loan.product, reasons="; ".join(reasons)))

    simulate = risk.default_simulate(args.level)
    if args.show == "budget":
        records = simulate(args.region, list(systems), args.years,
                           risk.run_seeds(args.seed, 0)[0])
        out = []
        for bs in risk.budgets(records, scenario, prices).values():
            for b in bs:
                out += b.records()
        write_records(out, args.format, args.output)
        return 0

    from tqdm import tqdm

    with tqdm(total=args.runs, desc=_("Monte Carlo runs"), file=sys.stderr, unit="run") as bar:
        result = risk.monte_carlo(scenario, args.runs, args.seed, prices=prices,
                                  progress=lambda done, _total: bar.update(done - bar.n),
                                  price_risk=not args.no_price_risk)
    rows = [{"level": scenario.level, **r} for r in risk.summary(result)]
    if args.currency.upper() != "KZT":
        cur = args.currency.lower()
        for r in rows:
            r[f"npv_{cur}"] = kzt_to(r["npv_kzt"], args.currency, used_date)
            r["rate_date"] = used_date.isoformat()
            r["kzt_per_unit"] = rate.value
    write_records(rows, args.format, args.output)
    if args.plot:
        from zhassyl.cli.output import open_output

        with open_output(args.plot, binary=True) as stream:  # atomic: no half-written PNG
            risk.plot(result, stream)
    return 0
