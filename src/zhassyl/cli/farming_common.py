"""Options shared by ``zhassyl simulate`` and ``zhassyl compare``."""

from __future__ import annotations

import argparse

from zhassyl.i18n import _


def add_scenario_options(p: argparse.ArgumentParser) -> None:
    """Region, years, weather, soil and salinity options."""
    p.add_argument("--region", required=True,
                   help=_("region id (akmola, almaty, east-kazakhstan, turkistan, karaganda, "
                          "kyzylorda, mangystau)"))
    p.add_argument("--years", type=int, default=5, help=_("number of years (default 5)"))
    p.add_argument("--seed", type=int, default=1, help=_("weather generator seed (default 1)"))
    p.add_argument("--weather", metavar="W.csv", default=None,
                   help=_("daily weather file instead of generated weather"))
    p.add_argument("--soil", default=None,
                   help=_("soil texture (sandy_loam, loam, silt_loam, clay_loam, clay); default: "
                          "the region's"))
    p.add_argument("--ece-ds-m", type=float, default=None, metavar="X",
                   help=_("initial root-zone salinity ECe in dS/m (default: the region's)"))
    p.add_argument("--ec-iw-ds-m", type=float, default=None, metavar="X",
                   help=_("irrigation water salinity in dS/m (default: the region's)"))
    p.add_argument("--leaching", action="store_true",
                   help=_("add the FAO-29 leaching requirement to every system's irrigation"))
    p.add_argument("--level", choices=("potential", "farm", "calibrated"), default="farm",
                   help=_("production level: potential (AquaCrop potential), farm (as farmed: "
                          "soil fertility, weeds, regional cutting practice; default) or "
                          "calibrated: the stored calibration of --field)"))
    p.add_argument("--field", type=int, default=None, metavar="ID",
                   help=_("registry field whose stored calibration --level calibrated uses"))
    p.add_argument("--database-url", metavar="URL", default=None,
                   help=_("registry database URL for --field (default: $ZHASSYL_DATABASE_URL, "
                          "else the embedded SQLite file)"))
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=_("output format (default table)"))
    p.add_argument("-o", "--output", metavar="OUT", help=_("output file (default: stdout)"))


def scenario_kwargs(args: argparse.Namespace) -> dict:
    """Keyword arguments of :func:`zhassyl.farming.scenario.run_scenario` from the options."""
    kwargs = {"weather_file": args.weather, "soil": args.soil, "ece_ds_m": args.ece_ds_m,
              "ec_iw_ds_m": args.ec_iw_ds_m, "leaching": args.leaching,
              "level": getattr(args, "level", "farm")}
    if kwargs["level"] == "calibrated" and getattr(args, "field", None) is not None:
        stress, ec_iw = _field_calibration(args)
        kwargs["fertility_stress_pct"] = stress
        if ec_iw is not None and args.ec_iw_ds_m is None:
            kwargs["ec_iw_ds_m"] = ec_iw
    return kwargs


def _field_calibration(args: argparse.Namespace) -> tuple[dict[str, float], float | None]:
    """({system: fitted stress}, fitted ec_iw or None) of ``--field``'s newest calibration."""
    from zhassyl.cli.db import actor_from, open_registry
    from zhassyl.errors import InputError, Problem
    from zhassyl.registry.calibrations import latest_calibration

    args.user = getattr(args, "user", None)
    args.role = getattr(args, "role", None)
    args.farm_id = getattr(args, "farm_id", None)
    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        cal = latest_calibration(s, actor, args.field)
    if cal is None:
        raise InputError(Problem("--field", None, None, _(
            "field {id} has no stored calibration: run 'zhassyl calibrate --field {id}'")
            .format(id=args.field)))
    return {cal["system"]: cal["fertility_stress_pct"]}, cal.get("ec_iw_ds_m")


def summary_record(r, soc=None, level: str | None = None) -> dict:
    """The table/CSV/JSON record of one SystemYear (with SOC when computed)."""
    water_m3 = r.irrigation_m3_ha + 10.0 * r.rain_mm
    product_t = r.hay_t_ha + r.grain_t_ha
    rec = {"level": level} if level else {}
    rec |= {
        "system": r.system, "year": r.year, "hay_t_ha": round(r.hay_t_ha, 3),
        "n_cuts": r.n_cuts, "grain_t_ha": round(r.grain_t_ha, 3),
        "straw_fodder_t_ha": round(r.straw_t_ha, 3),
        "irrigation_m3_ha": round(r.irrigation_m3_ha, 1),
        "leaching_m3_ha": round(r.leaching_m3_ha, 1), "et_mm": round(r.et_mm, 1),
        "drainage_mm": round(r.drainage_mm, 1), "ece_ds_m": round(r.ece_ds_m, 2),
        # water productivity: product per m3 of irrigation and rain water (FAO, kg m-3)
        "water_productivity_kg_m3": round(1000.0 * product_t / water_m3, 3) if water_m3 else 0.0,
    }
    if soc is not None:
        rec["soc_t_c_ha"] = round(soc, 2)
    return rec
