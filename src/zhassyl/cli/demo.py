"""``zhassyl demo``: the main job on the embedded defaults.

1. the demo programme in the embedded SQLite registry (seeded once, clearly
   labelled synthetic) and its key figures;
2. generated weather and FAO-56 ET0 for the seven regions, summarised;
3. the management systems side by side on a Kyzylorda field (water, salt,
   yields, soil carbon).
Later issues add the dashboard.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from zhassyl.cli.validate import SEED, WEATHER_YEARS, YEARS
from zhassyl.i18n import N_, _


def register(subparsers) -> None:
    """Add the ``demo`` sub-command."""
    p = subparsers.add_parser(
        "demo",
        help=_("demo run: programme registry, regional weather and ET0, systems compared"),
        description=_("Seed (once) and summarise the demo programme in the embedded database, "
                      "generate daily weather for the seven regions from their climate normals "
                      "with FAO-56 ET0, and compare the management systems on a Kyzylorda "
                      "field."),
    )
    p.add_argument("--years", type=WEATHER_YEARS, default=30,
                   help=_("years of generated weather per region (default 30)"))
    p.add_argument("--system-years", type=YEARS, default=4,
                   help=_("years of the systems comparison (default 4)"))
    p.add_argument("--seed", type=SEED, default=1, help=_("random seed (default 1)"))
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=_("output format of the regional table (default table)"))
    p.add_argument("-o", "--output", metavar="FILE",
                   help=_("write the regional table to FILE (default: stdout)"))
    p.add_argument("--daily-dir", metavar="DIR", default=None,
                   help=_("also write each region's daily weather and ET0 to DIR/<region>.csv"))
    p.add_argument("--no-registry", action="store_true",
                   help=_("skip the programme registry part"))
    p.add_argument("--no-systems", action="store_true",
                   help=_("skip the systems comparison"))
    p.set_defaults(func=run)


def _registry_part() -> None:
    from zhassyl.cli.output import write_records
    from zhassyl.errors import ZhassylError
    from zhassyl.registry import demo
    from zhassyl.registry.db import check_reachable, connect, current_revision, migrate
    from zhassyl.registry.policy import Actor
    from zhassyl.registry.repositories import programme_summary

    registry = connect(None)
    check_reachable(registry.engine)
    url = registry.engine.url.render_as_string(hide_password=True)
    actor = Actor("demo", "director", None)
    if current_revision(registry.engine) is not None:
        with registry.session(actor) as s:
            if demo.registry_state(s) == "real":
                raise ZhassylError(N_(
                    "the registry {url} holds records that are not the demo programme; "
                    "'zhassyl demo' does not mix synthetic data into it (set ZHASSYL_HOME or "
                    "ZHASSYL_DATABASE_URL to another database, or use --no-registry)"), url=url)
    migrate(registry.engine)
    with registry.session(actor) as s:
        if demo.registry_state(s) == "empty":
            demo.seed(s, actor)
            print(_("seeded the SYNTHETIC demo programme (invented data) into {url}").format(
                url=url))
    with registry.session(actor) as s:
        summary = programme_summary(s, actor)
    print(_("Demo programme (synthetic), key figures:"))
    write_records([{"figure": k, "value": v} for k, v in summary.items()], "table", None)
    print()


def run(args: argparse.Namespace) -> int:
    """Registry, regions, systems."""
    from zhassyl.cli.output import write_records
    from zhassyl.errors import InputError, Problem
    from zhassyl.weather.climate import REGION_IDS
    from zhassyl.weather.regional import regional_demo

    if not 1 <= args.years <= 1000:
        raise InputError(Problem("--years", None, None, _("years must be within 1..1000")))
    table = args.format == "table" and not args.output
    if not args.no_registry and table:
        _registry_part()
    daily_dir = Path(args.daily_dir) if args.daily_dir else None
    records = regional_demo(list(REGION_IDS), years=args.years, seed=args.seed,
                            daily_dir=daily_dir)
    if table:
        print(_("Generated weather, {years} years (seed {seed}): climate and reference "
                "evapotranspiration per region").format(years=args.years, seed=args.seed))
    write_records(records, args.format, args.output)
    if not args.no_systems and table:
        from zhassyl.farming.levels import DEFAULT_LEVEL
        from zhassyl.farming.systems import SYSTEM_IDS
        from zhassyl.scenario.builders import field_scenario
        from zhassyl.scenario.run import run_scenarios, summary_row

        print()
        print(_("Management systems on a Kyzylorda field ({years} years, generated weather, "
                "regional defaults):").format(years=args.system_years))
        sc = field_scenario("kyzylorda", "kyzylorda", list(SYSTEM_IDS), args.system_years,
                            weather_seed=args.seed, level=DEFAULT_LEVEL)
        rows = [{"level": sc.level, **summary_row(r)} for r in run_scenarios([sc]).records]
        rows.sort(key=lambda r: (r["year"], SYSTEM_IDS.index(r["system"])))
        write_records(rows, "table", None)
    return 0
