"""Options shared by the farming commands, and the one way they make a scenario.

The commands parse, build a :class:`~zhassyl.scenario.model.FieldScenario`
here, call :func:`~zhassyl.scenario.run.run_scenarios` and format; options that
cannot apply together are refused (:func:`refuse_together`), never ignored.
"""

from __future__ import annotations

import argparse
import sys

from zhassyl.cli.validate import (
    EC_IW_DS_M,
    ECE_DS_M,
    FURROW_STREAM_L_MIN,
    ROW_ID,
    SEED,
    SLOPE_LENGTH_M,
    SLOPE_PCT,
    YEARS,
)
from zhassyl.farming.levels import DEFAULT_LEVEL, LEVELS
from zhassyl.i18n import _


def add_scenario_options(p: argparse.ArgumentParser, *, field: bool = True) -> None:
    """Region, years, weather, soil, salinity, baseline and (optionally) registry field."""
    p.add_argument("--region", default=None,
                   help=_("region id (akmola, almaty, east-kazakhstan, turkistan, karaganda, "
                          "kyzylorda, mangystau)"))
    p.add_argument("--years", type=YEARS, default=5, help=_("number of years (default 5)"))
    p.add_argument("--seed", type=SEED, default=1, help=_("weather generator seed (default 1)"))
    p.add_argument("--weather", metavar="W.csv", default=None,
                   help=_("daily weather file instead of generated weather"))
    p.add_argument("--soil", default=None,
                   help=_("soil texture (sandy-loam, loam, silt-loam, clay-loam, clay); default: "
                          "the region's"))
    p.add_argument("--ece-ds-m", type=ECE_DS_M, default=None, metavar="X",
                   help=_("initial root-zone salinity ECe in dS/m (default: the region's)"))
    p.add_argument("--ec-iw-ds-m", type=EC_IW_DS_M, default=None, metavar="X",
                   help=_("irrigation water salinity in dS/m (default: the region's)"))
    p.add_argument("--leaching", action="store_true",
                   help=_("add the FAO-29 leaching requirement to every system's irrigation"))
    add_erosion_options(p)
    p.add_argument("--water-table", choices=("fixed", "dynamic", "block"), default=None,
                   help=_("the water table: fixed at the region's depth (default); dynamic: "
                          "a shallow aquifer under the field that drainage and seepage raise, "
                          "capillary rise, deep roots and drains lower; block: the systems "
                          "side by side in one irrigation block sharing that aquifer "
                          "(docs/groundwater.md)"))
    p.add_argument("--baseline", default=None, metavar="SYSTEM",
                   help=_("the practice before, which sets the initial soil carbon (default: "
                          "the field's recorded previous practice, else the region's default "
                          "practice)"))
    p.add_argument("--level", choices=LEVELS, default=DEFAULT_LEVEL,
                   help=_("production level: potential (AquaCrop potential), farm (as farmed: "
                          "soil fertility, weeds, regional cutting practice; default) or "
                          "calibrated: the stored calibration of --field)"))
    if field:
        from zhassyl.cli.db import add_connection_options

        p.add_argument("--field", type=ROW_ID, default=None, metavar="ID",
                       help=_("a field of the registry: soil samples give the initial ECe and "
                              "SOC, seasons the baseline"))
        add_connection_options(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=_("output format (default table)"))
    p.add_argument("-o", "--output", metavar="OUT", help=_("output file (default: stdout)"))


#: Irrigation methods ``--irrigation`` offers (``data/irrigation/methods.csv``).
IRRIGATION_METHODS = ("flood", "basin", "furrow", "sprinkler", "drip")


def add_irrigation_option(p: argparse.ArgumentParser) -> None:
    """``--irrigation METHOD``: the compared systems' irrigation method (docs/scenario.md)."""
    p.add_argument("--irrigation", choices=IRRIGATION_METHODS, default=None,
                   help=_("irrigation method of the simulated systems: flood, basin, furrow, "
                          "sprinkler or drip (application efficiency and wetted fraction from "
                          "FAO; default: each system's own; the baseline and ponded rice keep "
                          "their own)"))


def irrigation_args(args: argparse.Namespace) -> dict:
    """``irrigation_method`` for the scenario builders when ``--irrigation`` was given."""
    method = getattr(args, "irrigation", None)
    return {} if method is None else {"irrigation_method": method}


def refuse_together(args: argparse.Namespace, option: str, others: dict[str, object]) -> None:
    """UsageError (exit 2) when ``option`` is combined with any of ``others`` (flag -> value)."""
    from zhassyl.errors import UsageError
    from zhassyl.i18n import N_

    used = [flag for flag, value in others.items() if value not in (None, False)]
    if used:
        raise UsageError(N_("{option}: cannot be used together with {options}"), option=option,
                         options=", ".join(used))


#: Erosion options: (option, FieldScenario field).
EROSION_OPTIONS = (("--slope-pct", "slope_pct"), ("--slope-length-m", "slope_length_m"),
                   ("--furrow-stream-l-min", "furrow_stream_l_min"),
                   ("--furrow-length-m", "furrow_length_m"), ("--practice", "practice"))


def add_erosion_options(p: argparse.ArgumentParser) -> None:
    """The field's slope and furrows for the soil-loss column (docs/erosion.md)."""
    p.add_argument("--slope-pct", type=SLOPE_PCT, default=None, metavar="X",
                   help=_("field slope in %% for soil loss (default: the region's)"))
    p.add_argument("--slope-length-m", type=SLOPE_LENGTH_M, default=None, metavar="X",
                   help=_("slope length in m for soil loss (default: the region's)"))
    p.add_argument("--furrow-stream-l-min", type=FURROW_STREAM_L_MIN, default=None,
                   metavar="X", help=_("furrow inflow stream in L/min (default: the region's)"))
    p.add_argument("--furrow-length-m", type=SLOPE_LENGTH_M, default=None, metavar="X",
                   help=_("furrow length in m (default: the region's)"))
    p.add_argument("--practice", choices=("none", "contouring"), default=None,
                   help=_("erosion support practice (default: the region's)"))


def erosion_args(args: argparse.Namespace) -> dict:
    """The erosion options given on the command line, by FieldScenario field."""
    return {name: getattr(args, name) for _opt, name in EROSION_OPTIONS
            if getattr(args, name, None) is not None}


def scenario_from_args(args: argparse.Namespace, systems: list[str] | None):
    """The FieldScenario the options describe: a registry field (--field) or a region."""
    from zhassyl.errors import InputError, Problem
    from zhassyl.scenario.builders import field_scenario, with_given, with_water_table

    level = getattr(args, "level", DEFAULT_LEVEL)
    if getattr(args, "field", None) is not None:
        refuse_together(args, "--field", {"--region": args.region, "--soil": args.soil,
                                          "--ece-ds-m": args.ece_ds_m,
                                          "--ec-iw-ds-m": args.ec_iw_ds_m})
        from zhassyl.cli.db import actor_from, open_registry
        from zhassyl.scenario.registry import registry_scenario

        actor = actor_from(args)
        with open_registry(args).session(actor) as s:
            sc = registry_scenario(s, actor, args.field, systems=systems, years=args.years,
                                   baseline=args.baseline, seed=args.seed,
                                   leaching=args.leaching, weather_file=args.weather,
                                   level=DEFAULT_LEVEL if level == "calibrated" else level,
                                   **irrigation_args(args))
            if level == "calibrated":
                sc = calibrated(sc, s, actor, args.field)
        return with_water_table(with_given(sc, erosion_args(args)),
                                getattr(args, "water_table", None))
    if not args.region:
        raise InputError(Problem("--region", None, None, _("required value is missing")))
    if level == "calibrated":
        raise InputError(Problem("--level", None, None, _(
            "the calibrated level needs a field's stored calibration: run 'zhassyl calibrate "
            "--field ID' and simulate that field with --field ID")))
    return with_water_table(field_scenario(
        "field", args.region, systems or [], args.years, baseline=args.baseline, soil=args.soil,
        ece0_ds_m=args.ece_ds_m, ec_iw_ds_m=args.ec_iw_ds_m, leaching=args.leaching,
        weather_seed=args.seed, weather_file=args.weather, level=level,
        where="<command line>", **erosion_args(args), **irrigation_args(args)),
        getattr(args, "water_table", None))


def calibrated(sc, session, actor, field_id: int):
    """``sc`` at the calibrated level: the field's newest stored calibration.

    The fitted soil-fertility stress replaces the farm level's for the
    calibrated system; a fitted irrigation-water salinity replaces the
    scenario's (source ``recorded``: it is stored on the field).  A field
    without a calibration is refused.
    """
    from zhassyl.errors import InputError, Problem
    from zhassyl.registry.calibrations import latest_calibration
    from zhassyl.scenario.registry import with_calibration

    cal = latest_calibration(session, actor, field_id)
    if cal is None:
        raise InputError(Problem("--field", None, None, _(
            "field {id} has no stored calibration: run 'zhassyl calibrate --field {id}'")
            .format(id=field_id)))
    return with_calibration(sc, cal)


def say_provenance(results, stream=None) -> None:
    """What the numbers stand for, on standard error: baseline, level, inputs and sources."""
    stream = stream or sys.stderr
    for p in results.provenance.values():
        print(_("field {field}: baseline {baseline} ({source}), level {level}, weather "
                "{weather}").format(field=p["field_id"], baseline=p["baseline"],
                                    source=_source(p["baseline_source"]), level=p["level"],
                                    weather=p["weather"]), file=stream)
        inputs = ", ".join(f"{k}={_value(v['value'])} ({_source(v['source'])})"
                           for k, v in p["inputs"].items() if k not in ("baseline", "weather"))
        print(_("inputs: {inputs}").format(inputs=inputs), file=stream)
        if p.get("water_table") == "block":
            print(_("water table: block, the systems side by side on equal areas of one "
                    "irrigation block, sharing its aquifer"), file=stream)
        elif p.get("water_table") == "dynamic":
            print(_("water table: dynamic, each system alone on the field's aquifer"),
                  file=stream)
        if p.get("water_table") in ("dynamic", "block"):
            aq = p["aquifer"]
            print(_("aquifer: from the region's water-table depth; drainable porosity {mu}, "
                    "drains at {depth} m every {spacing} m, critical depth {critical} m "
                    "(values and sources in data/groundwater/aquifers.csv)")
                  .format(mu=aq["drainable_porosity"], depth=aq["drain_depth_m"],
                          spacing=aq["drain_spacing_m"], critical=aq["critical_depth_m"]),
                  file=stream)
        for note in p["notes"]:
            print(f"  {note}", file=stream)


def _source(source: str) -> str:
    """An input's source (measured, recorded, given, default) in the user's language."""
    from zhassyl.scenario.model import SOURCE_WORDS

    return _(SOURCE_WORDS.get(source, source))


def _value(v) -> str:
    return f"{v:.4g}" if isinstance(v, float) else str(v)


#: Columns dropped from the table of a one-field command (they are the same on every row).
ONE_FIELD_DROP = ("field_id", "region", "area_ha", "scenario_hash")


def one_field_rows(results, roles=("system", "baseline"), fmt: str = "json") -> list[dict]:
    """Result rows of a one-field command, without the columns that do not vary.

    The table leaves out ``measured_inputs`` too (standard error lists the inputs).
    """
    drop = ONE_FIELD_DROP + (("measured_inputs",) if fmt == "table" else ())
    return [{k: v for k, v in r.items() if k not in drop} for r in results.rows
            if r["role"] in roles]


def summary_record(r, soc=None, level: str | None = None) -> dict:
    """The table/CSV/JSON record of one SystemYear (kept for older callers)."""
    from zhassyl.scenario.run import summary_row

    rec = ({"level": level} if level else {}) | summary_row(r)
    if soc is not None:
        rec["soc_t_c_ha"] = round(soc, 2)
    return rec
