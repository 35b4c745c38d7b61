"""``zhassyl calibrate``: fit a field's production level to its measurements in the registry."""

from __future__ import annotations

import argparse
import sys

from zhassyl.cli.db import actor_from, add_connection_options, open_registry
from zhassyl.cli.validate import ROW_ID, SEED
from zhassyl.i18n import N_, _

METHOD = ("least-squares soil-fertility stress on a 2.5 % grid, 200-run bootstrap over seasons "
          "(5-95 %), leave-one-season-out RMSE; zhassyl.farming.calibration")


def register(subparsers) -> None:
    """Add the ``calibrate`` sub-command."""
    p = subparsers.add_parser(
        "calibrate", help=_("fit a field's production level to its yield measurements"),
        description=_(
            "Fit the soil-fertility stress of a field (AquaCrop's farm-level mechanism) to the "
            "field's yield measurements in the registry, with a bootstrap uncertainty and the "
            "leave-one-season-out error, and store it with its provenance; later runs of the "
            "field at --level calibrated use it. A field with fewer than two measured seasons "
            "is refused and keeps the farm level."))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--field", type=ROW_ID, metavar="ID", help=_("calibrate this field"))
    who.add_argument("--region", metavar="R", help=_("calibrate every field of this region"))
    p.add_argument("--seed", type=SEED, default=1, help=_("weather generator seed (default 1)"))
    p.add_argument("--fit-ec-iw", action="store_true",
                   help=_("also fit the irrigation-water salinity to the ECe of the field's soil "
                          "samples (needs a sample in every measured season)"))
    p.add_argument("--dry-run", action="store_true", help=_("fit and print, store nothing"))
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=_("output format (default table)"))
    p.add_argument("-o", "--output", metavar="OUT", help=_("output file (default: stdout)"))
    add_connection_options(p)
    p.set_defaults(func=run)


def _calibrate_field(session, actor, field_id: int, seed: int, dry_run: bool,
                     fit_ec_iw: bool = False) -> dict:
    from zhassyl.errors import InputError, Problem
    from zhassyl.farming.calibration import (
        fit_fertility,
        fit_fertility_and_salinity,
        scenario_yields,
        scenario_yields_and_ece,
    )
    from zhassyl.farming.targets import to_model_units
    from zhassyl.registry.calibrations import field_observations, store_calibration

    obs = field_observations(session, actor, field_id)
    basis = "hay" if obs.system.endswith("alfalfa") else "grain"
    years = (max(obs.years) - obs.first_year + 1) if obs.years else 1
    sim = scenario_yields(obs.region, obs.system, years, seed=seed, soil=obs.soil_texture,
                          ece_ds_m=obs.ece_ds_m)

    def measured_seasons(stress: float) -> list[float]:
        all_years = sim(stress)
        return [all_years[y - obs.first_year] for y in obs.years]

    observed = [to_model_units(v, basis) for v in obs.yield_t_ha]
    what = _("field {id}").format(id=field_id)
    if fit_ec_iw:
        if not obs.ece_ds_m_by_year or any(v is None for v in obs.ece_ds_m_by_year):
            raise InputError(Problem(what, None, "soil_samples", _(
                "--fit-ec-iw needs a soil sample with ECe in every season with a yield")))
        sim2 = scenario_yields_and_ece(obs.region, obs.system, years, seed=seed,
                                       soil=obs.soil_texture, ece_ds_m=obs.ece_ds_m)

        def measured_both(stress: float, ec_iw: float):
            ys, es = sim2(stress, ec_iw)
            return ([ys[y - obs.first_year] for y in obs.years],
                    [es[y - obs.first_year] for y in obs.years])

        fit = fit_fertility_and_salinity(observed, list(obs.ece_ds_m_by_year), measured_both,
                                         seed=seed, what=what)
    else:
        fit = fit_fertility(observed, measured_seasons, seed=seed, what=what)
    stored = None if dry_run else store_calibration(
        session, actor, obs, fit, METHOD + ("; with ec_iw (soil-sample ECe)" if fit_ec_iw
                                            else ""))
    return {"field": field_id, "region": obs.region, "system": obs.system,
            "level": "calibrated", "fertility_stress_pct": fit.fertility_stress_pct,
            "stress_5_95_pct": f"{fit.stress_low_pct:g}-{fit.stress_high_pct:g}",
            "ec_iw_ds_m": "" if fit.ec_iw_ds_m is None else fit.ec_iw_ds_m,
            "ec_iw_5_95_ds_m": "" if fit.ec_iw_ds_m is None
            else f"{fit.ec_iw_low_ds_m:g}-{fit.ec_iw_high_ds_m:g}",
            "seasons": fit.n_seasons, "rmse_t_ha": round(fit.rmse_t_ha, 3),
            "loso_rmse_t_ha": round(fit.loso_rmse_t_ha, 3),
            "calibration_id": stored if stored is not None else "",
            "note": _edge_note(fit.fertility_stress_pct)}


def _edge_note(stress: float) -> str:
    """A warning when the fit sits on the edge of the searched stress levels."""
    from zhassyl.farming.calibration import STRESS_GRID_PCT

    if stress <= STRESS_GRID_PCT[0]:
        return _("at the potential level: the measured yields reach the model's potential "
                 "(check the records and the field's soil and water defaults)")
    if stress >= STRESS_GRID_PCT[-1]:
        return _("at the largest stress searched: the measured yields are below what the "
                 "model gives at any fertility level")
    return ""


def run(args: argparse.Namespace) -> int:
    """Calibrate the field(s); a refused field is reported and the others go on."""
    from zhassyl.cli.output import write_records
    from zhassyl.errors import InputError, Problem
    from zhassyl.registry.calibrations import region_field_ids

    if args.region is not None:
        from zhassyl.scenario.vocabulary import REGION_IDS, normalise

        if normalise(args.region) not in REGION_IDS:
            raise InputError(Problem("--region", None, None, N_(
                "unknown region {value!r}; known: {known}"),
                {"value": args.region, "known": ", ".join(REGION_IDS)}))
        args.region = normalise(args.region)
    actor = actor_from(args)
    rows, refused = [], 0
    with open_registry(args).session(actor) as s:
        ids = [args.field] if args.field is not None else region_field_ids(s, actor, args.region)
        if not ids:
            raise InputError(Problem("--region", None, None, N_("no field in region {region}"),
                                     {"region": args.region}))
        for fid in ids:
            try:
                rows.append(_calibrate_field(s, actor, fid, args.seed, args.dry_run,
                                             args.fit_ec_iw))
            except InputError as exc:
                if args.field is not None:
                    raise
                refused += 1
                print(f"{_('refused')}: {exc}", file=sys.stderr)
    write_records(rows, args.format, args.output)
    return 0 if rows or not refused else 1
