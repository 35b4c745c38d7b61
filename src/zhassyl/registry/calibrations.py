"""Field calibrations in the registry (``models.FieldCalibration``, migration 0005).

Repository functions: read a field's yield measurements and seasons (what a
calibration is fitted to) and store or read a fitted production level with its
provenance (which records, when, by whom, fit statistics).  Authorisation goes
through :mod:`zhassyl.registry.policy` like every other repository function.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhassyl.i18n import _
from zhassyl.registry import models as m
from zhassyl.registry.policy import Actor, authorize, scope
from zhassyl.registry.repositories import NotFound
from zhassyl.scenario.vocabulary import SYSTEM_IDS, normalise


def _system_of(practice: str) -> str | None:
    """The simulated system of a recorded practice (shared vocabulary; None when not one)."""
    key = normalise(practice)
    return key if key in SYSTEM_IDS else None


@dataclass(frozen=True)
class FieldObservations:
    """What a calibration of one field is fitted to."""

    field_id: int
    region: str
    system: str                   # scenario system id
    soil_texture: str | None      # data/soils/textures.csv id, None: the region's
    ece_ds_m: float | None
    first_year: int
    years: tuple[int, ...]        # calendar years with a yield measurement
    yield_t_ha: tuple[float, ...]  # summed over the cuts of each year, as recorded
    record_ids: tuple[int, ...]   # yield_measurements rows used
    ece_ds_m_by_year: tuple[float | None, ...] = ()  # mean ECe of the year's soil samples
    sample_ids: tuple[int, ...] = ()   # soil_samples rows with an ECe in those years


def field_observations(session: Session, actor: Actor, field_id: int) -> FieldObservations:
    """The yield measurements and seasons of a field, grouped by season."""
    authorize(actor, "read", "yield_measurements")
    field = session.execute(scope(actor, "fields", select(m.Field).where(
        m.Field.id == field_id))).scalar_one_or_none()
    if field is None:
        raise NotFound(_("no field with id {id}").format(id=field_id))
    region = session.execute(
        select(m.Region.code).join(m.Community, m.Community.region_id == m.Region.id)
        .join(m.Farm, m.Farm.community_id == m.Community.id)
        .where(m.Farm.id == field.farm_id)).scalar_one()
    seasons = session.execute(select(m.Season).where(m.Season.field_id == field_id)
                              .order_by(m.Season.year)).scalars().all()
    yields = session.execute(select(m.YieldMeasurement).where(
        m.YieldMeasurement.field_id == field_id)).scalars().all()
    systems = [_system_of(s.management_system) for s in seasons]
    system = next((s for s in reversed(systems) if s), "green-cover-alfalfa")
    first = min([s.year for s, sid in zip(seasons, systems, strict=True) if sid == system]
                or [min((y.measured_on.year for y in yields), default=dt.date.today().year)])
    by_year: dict[int, float] = {}
    ids = []
    for y in yields:
        if y.measured_on.year >= first:
            by_year[y.measured_on.year] = by_year.get(y.measured_on.year, 0.0) + y.yield_t_ha
            ids.append(y.id)
    texture = normalise(field.soil_texture) if field.soil_texture else None
    years = tuple(sorted(by_year))
    samples = session.execute(select(m.SoilSample).where(
        m.SoilSample.field_id == field_id, m.SoilSample.ece_ds_m.is_not(None))).scalars().all()
    ece: dict[int, list[float]] = {}
    sample_ids = []
    for smp in samples:
        if smp.sampled_on.year in by_year:
            ece.setdefault(smp.sampled_on.year, []).append(smp.ece_ds_m)
            sample_ids.append(smp.id)
    return FieldObservations(field_id, region, system, texture, field.ece_initial_ds_m, first,
                             years, tuple(by_year[y] for y in years), tuple(sorted(ids)),
                             tuple(sum(ece[y]) / len(ece[y]) if y in ece else None
                                   for y in years), tuple(sorted(sample_ids)))


def store_calibration(session: Session, actor: Actor, obs: FieldObservations, fit,
                      method: str) -> int:
    """Store a fit (:class:`zhassyl.farming.calibration.Calibration`) with its provenance."""
    authorize(actor, "create", "field_calibrations")
    row = m.FieldCalibration(
        field_id=obs.field_id, fitted_at=dt.datetime.now(dt.UTC), fitted_by=actor.name,
        system=obs.system, fertility_stress_pct=fit.fertility_stress_pct,
        stress_low_pct=fit.stress_low_pct, stress_high_pct=fit.stress_high_pct,
        n_seasons=fit.n_seasons, rmse_t_ha=fit.rmse_t_ha, loso_rmse_t_ha=fit.loso_rmse_t_ha,
        ec_iw_ds_m=fit.ec_iw_ds_m, ec_iw_low_ds_m=fit.ec_iw_low_ds_m,
        ec_iw_high_ds_m=fit.ec_iw_high_ds_m, method=method,
        records=json.dumps({"yield_measurements": list(obs.record_ids),
                            "soil_samples": list(obs.sample_ids) if fit.ec_iw_ds_m else [],
                            "years": list(obs.years)}))
    session.add(row)
    session.flush()
    return int(row.id)


def latest_calibration(session: Session, actor: Actor, field_id: int) -> dict | None:
    """The newest stored calibration of a field, or None."""
    authorize(actor, "read", "field_calibrations")
    row = session.execute(select(m.FieldCalibration).where(
        m.FieldCalibration.field_id == field_id).order_by(
        m.FieldCalibration.id.desc()).limit(1)).scalar_one_or_none()
    return {c.name: getattr(row, c.key) for c in row.__table__.columns} if row else None


def region_field_ids(session: Session, actor: Actor, region: str) -> list[int]:
    """Ids of the fields of a region (as the actor may see them)."""
    stmt = (select(m.Field.id).join(m.Farm, m.Farm.id == m.Field.farm_id)
            .join(m.Community, m.Community.id == m.Farm.community_id)
            .join(m.Region, m.Region.id == m.Community.region_id)
            .where(m.Region.code == region).order_by(m.Field.id))
    return list(session.execute(scope(actor, "fields", stmt)).scalars())
