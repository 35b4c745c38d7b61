"""Registry fields as scenarios: a field's row, seasons and soil samples, via the repositories."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from zhassyl.i18n import _
from zhassyl.registry import repositories as repo
from zhassyl.registry.policy import Actor
from zhassyl.scenario.builders import from_registry
from zhassyl.scenario.model import RECORDED, FieldScenario


def field_records(session: Session, actor: Actor, field_id: int) -> dict:
    """The rows a field's scenario is built from: field, seasons, soil samples, region code."""
    fld = repo.get_record(session, actor, "fields", field_id)
    farm = repo.get_record(session, actor, "farms", fld["farm_id"])
    community = repo.get_record(session, actor, "communities", farm["community_id"])
    region = repo.get_record(session, actor, "regions", community["region_id"])
    return {"field": fld, "region": region["code"],
            "seasons": repo.list_records(session, actor, "seasons", field_id=field_id),
            "samples": repo.list_records(session, actor, "soil_samples", field_id=field_id)}


def registry_scenario(session: Session, actor: Actor, field_id: int, **kwargs) -> FieldScenario:
    """The scenario of registry field ``field_id`` (see :func:`builders.from_registry`)."""
    rows = field_records(session, actor, field_id)
    return from_registry(rows["field"], rows["seasons"], rows["samples"], rows["region"],
                         **kwargs)


def with_calibration(sc: FieldScenario, cal: dict) -> FieldScenario:
    """``sc`` at the calibrated level with a field's stored calibration row ``cal``.

    The fitted soil-fertility stress replaces the farm level's for the
    calibrated system; a fitted irrigation-water salinity replaces the
    scenario's (source ``recorded``: it is stored on the field).
    """
    changes = {"level": "calibrated",
               "fertility_stress_pct": ((cal["system"], float(cal["fertility_stress_pct"])),)}
    notes = list(sc.notes) + [_("calibrated level: soil-fertility stress {stress} % of "
                                "{system} from calibration {id}").format(
                                    stress=round(cal["fertility_stress_pct"], 1),
                                    system=cal["system"], id=cal["id"])]
    if cal.get("ec_iw_ds_m") is not None:
        changes["ec_iw_ds_m"] = float(cal["ec_iw_ds_m"])
        changes["sources"] = tuple(sorted({**dict(sc.sources), "ec_iw_ds_m": RECORDED}.items()))
    return replace(sc, notes=tuple(notes), **changes)
