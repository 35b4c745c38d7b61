"""Repository functions: the only way the CLI, the API and the web app touch the registry.

Each function takes a SQLAlchemy session and an :class:`~zhassyl.registry.policy.Actor`,
asks :mod:`zhassyl.registry.policy` whether the actor may act, validates the
values with :mod:`zhassyl.registry.validation`, and works in the caller's
transaction (the caller commits; see :meth:`zhassyl.registry.db.Registry.session`).
Every change is written to the audit log by the session hook of
:mod:`zhassyl.registry.audit`.  Rows are exchanged as plain dicts.

Examples
--------
>>> from zhassyl.registry.db import connect, migrate
>>> from zhassyl.registry.policy import Actor
>>> from zhassyl.registry import repositories as repo
>>> reg = connect("sqlite:///demo.db"); migrate(reg.engine)          # doctest: +SKIP
>>> with reg.session(Actor("aigerim", "staff")) as s:               # doctest: +SKIP
...     repo.create_record(s, s.info["actor"], "regions",
...                        {"code": "kyzylorda", "name": "Kyzylorda"})
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from zhassyl.errors import InputError, Problem, ZhassylError
from zhassyl.i18n import N_, _
from zhassyl.registry import models as m
from zhassyl.registry.policy import Actor, authorize, scope
from zhassyl.registry.validation import clean_record, priority_score


class NotFound(ZhassylError, LookupError):
    """No row with that id (or not visible to the actor)."""


class ConflictError(ZhassylError):
    """The row was changed by someone else since it was read (optimistic locking)."""


def model(table: str) -> type[m.Base]:
    """The mapped class of ``table``; a clear error for unknown names."""
    try:
        return m.MODELS[table]
    except KeyError:
        raise ZhassylError(_("unknown table '{table}'; expected one of: {tables}").format(
            table=table, tables=", ".join(m.TABLE_ORDER))) from None


def to_dict(obj: m.Base) -> dict[str, Any]:
    """The column values of a mapped row, in schema order."""
    return {c.name: getattr(obj, c.key) for c in obj.__table__.columns}


def equity_weights(session: Session) -> dict[str, float]:
    """The proposal priority weights ``{criterion: weight}`` stored in the database."""
    rows = session.execute(select(m.EquityWeight.criterion, m.EquityWeight.weight))
    return {c: w for c, w in rows}


def _problems_to_error(table: str, row_id, problems) -> InputError:
    return InputError([Problem(table, None, col, msg if row_id is None else
                               _("id {id}: {message}").format(id=row_id, message=msg))
                       for col, msg in problems])


def _prepare(session: Session, table: str, values: dict[str, Any], row_id=None
             ) -> dict[str, Any]:
    clean, problems = clean_record(table, values)
    if problems:
        raise _problems_to_error(table, row_id, problems)
    if table == "proposals":
        clean["priority_score"] = priority_score(clean, equity_weights(session))
    return clean


def _flush(session: Session, table: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        raise InputError(Problem(table, None, None, _(
            "refused by the database (duplicate id or unique value, or a reference to a "
            "row that does not exist): {detail}").format(
            detail=str(exc.orig).splitlines()[0]))) from exc
    except StaleDataError as exc:
        raise ConflictError(_("{table}: the row was changed by someone else; reload it and "
                              "try again").format(table=table)) from exc


def list_records(session: Session, actor: Actor, table: str, *, limit: int | None = None,
                 offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
    """Rows of ``table`` visible to ``actor``, ordered by id, optionally filtered by columns."""
    cls = model(table)
    authorize(actor, "read", table)
    stmt = scope(actor, table, select(cls))
    for name, value in filters.items():
        stmt = stmt.where(getattr(cls, name) == value)
    pk = cls.__table__.primary_key.columns.values()[0]
    stmt = stmt.order_by(pk).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [to_dict(o) for o in session.scalars(stmt)]


def _load(session: Session, actor: Actor, table: str, row_id) -> m.Base:
    cls = model(table)
    stmt = scope(actor, table, select(cls).where(cls.__table__.primary_key.columns.values()[0]
                                                 == row_id))
    obj = session.scalars(stmt).first()
    if obj is None:
        raise NotFound(_("{table}: no row with id {id}").format(table=table, id=row_id))
    return obj


def get_record(session: Session, actor: Actor, table: str, row_id) -> dict[str, Any]:
    """One row of ``table`` by id."""
    authorize(actor, "read", table)
    return to_dict(_load(session, actor, table, row_id))


def create_record(session: Session, actor: Actor, table: str, values: dict[str, Any]
                  ) -> dict[str, Any]:
    """Validate and insert a row; return it with its id and version."""
    cls = model(table)
    authorize(actor, "create", table)
    clean = _prepare(session, table, values)
    authorize(actor, "create", table, session=session, row=clean)
    obj = cls(**clean)
    session.add(obj)
    _flush(session, table)
    return to_dict(obj)


def update_record(session: Session, actor: Actor, table: str, row_id, changes: dict[str, Any],
                  *, expected_version: int | None = None) -> dict[str, Any]:
    """Change some columns of a row.

    Parameters
    ----------
    expected_version : int, optional
        The ``version`` the caller read; a different current version raises
        :class:`ConflictError` (no lost update).  Concurrent writers that both read
        the same version are caught by the version check of the UPDATE itself.
        Callers that read a row and later write it (forms, read-modify-write) must
        pass the version they read: the row may be reloaded in between.
    """
    authorize(actor, "update", table)
    obj = _load(session, actor, table, row_id)
    current = to_dict(obj)
    authorize(actor, "update", table, session=session, row=current)
    if expected_version is not None and current.get("version") != expected_version:
        raise ConflictError(_("{table}: the row was changed by someone else; reload it and "
                              "try again").format(table=table))
    for key in ("id", "version"):
        if key in changes and changes[key] != current.get(key):
            raise InputError(Problem(table, None, key, _("cannot be changed")))
    merged = {k: v for k, v in current.items()
              if not obj.__table__.c[k].info.get("derived")}
    merged.update(changes)
    clean = _prepare(session, table, merged, row_id)
    authorize(actor, "update", table, session=session, row=clean)
    for key, value in clean.items():
        if key != "version" and getattr(obj, key) != value:
            setattr(obj, key, value)
    _flush(session, table)
    return to_dict(obj)


def delete_record(session: Session, actor: Actor, table: str, row_id) -> None:
    """Delete a row (refused by the database if other rows still refer to it)."""
    authorize(actor, "delete", table)
    obj = _load(session, actor, table, row_id)
    authorize(actor, "delete", table, session=session, row=to_dict(obj))
    session.delete(obj)
    _flush(session, table)


def decide_proposal(session: Session, actor: Actor, proposal_id: int, status: str,
                    note: str | None = None, decided_on: dt.date | None = None,
                    expected_version: int | None = None) -> dict[str, Any]:
    """Record the Board of Trustees' decision (approved or rejected) on a proposal."""
    authorize(actor, "decide", "proposals")
    if status not in ("approved", "rejected", "under-review"):
        raise InputError(Problem("proposals", None, "status", _(
            "a decision must be approved, rejected or under-review")))
    obj = _load(session, actor, "proposals", proposal_id)
    if expected_version is not None and obj.version != expected_version:
        raise ConflictError(_("{table}: the row was changed by someone else; reload it and "
                              "try again").format(table="proposals"))
    if obj.status in ("approved", "rejected", "withdrawn", "draft"):
        raise InputError(Problem("proposals", None, "status", _(
            "proposal {id} is {status} and cannot be decided").format(
            id=proposal_id, status=obj.status)))
    obj.status = status
    obj.decision_note = note
    obj.decided_on = None if status == "under-review" else (decided_on or dt.date.today())
    _flush(session, "proposals")
    return to_dict(obj)


def list_farms(session: Session, actor: Actor, region: str | None = None
               ) -> list[dict[str, Any]]:
    """Farms visible to ``actor`` with their community, region and field area."""
    authorize(actor, "read", "farms")
    area = (select(m.Field.farm_id, func.count(m.Field.id).label("n"),
                   func.sum(m.Field.area_ha).label("area"))
            .group_by(m.Field.farm_id).subquery())
    stmt = (select(m.Farm, m.Community.name, m.Region.code, area.c.n, area.c.area)
            .join(m.Community, m.Farm.community_id == m.Community.id)
            .join(m.Region, m.Community.region_id == m.Region.id)
            .outerjoin(area, area.c.farm_id == m.Farm.id))
    if region:
        codes = list(session.scalars(select(m.Region.code).order_by(m.Region.code)))
        if region not in codes:
            raise NotFound(N_("unknown region '{region}'; the registry has: {codes}"),
                           region=region, codes=", ".join(codes) or "-")
        stmt = stmt.where(m.Region.code == region)
    stmt = scope(actor, "farms", stmt).order_by(m.Farm.id)
    return [{"id": f.id, "name": f.name, "region": code, "community": community,
             "head_gender": f.head_gender, "household_size": f.household_size,
             "size_ha": f.size_ha, "irrigated_ha": f.irrigated_ha,
             "fields": int(n or 0), "field_area_ha": round(float(a or 0.0), 4)}
            for f, community, code, n, a in session.execute(stmt)]


def programme_summary(session: Session, actor: Actor) -> dict[str, Any]:
    """Aggregate figures of the programme (no personal data; every role may see them)."""
    authorize(actor, "aggregate")

    def count(cls, *where):
        return int(session.scalar(select(func.count()).select_from(cls).where(*where)) or 0)

    linked = count(m.TrainingAttendee)
    counted = session.execute(select(
        func.coalesce(func.sum(m.Training.counted_women + m.Training.counted_men), 0))).scalar()
    statuses = dict(session.execute(select(m.Proposal.status, func.count())
                                    .group_by(m.Proposal.status)).all())
    return {
        "regions": count(m.Region),
        "communities": count(m.Community),
        "founding_communities": count(m.Community, m.Community.founding.is_(True)),
        "cooperatives": count(m.Cooperative),
        "farms": count(m.Farm),
        "fields": count(m.Field),
        "field_area_ha": round(float(session.scalar(select(func.sum(m.Field.area_ha))) or 0), 2),
        "participants": count(m.Person),
        "women_participants": count(m.Person, m.Person.gender == "female"),
        "trainings": count(m.Training),
        "training_attendees": linked + int(counted or 0),
        "jobs": count(m.Job),
        "proposals": sum(statuses.values()),
        **{f"proposals_{s}": int(statuses.get(s, 0)) for s in m.PROPOSAL_STATUSES},
    }


def last_change_id(session: Session, actor: Actor) -> int:
    """Id of the newest audit-log entry (0 for none): it grows with every write.

    Every write through the repositories appends to the audit log, so a value
    computed from the registry stays valid while this id does not change (the
    web dashboard's cache key).  No row is read: every role may ask.
    """
    authorize(actor, "aggregate")
    return int(session.scalar(select(func.max(m.AuditEntry.id))) or 0)


def audit_entries(session: Session, actor: Actor, table: str | None = None,
                  row_id: int | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Audit log entries, newest last (director and auditor only)."""
    authorize(actor, "read_audit", "audit_log")
    stmt = select(m.AuditEntry).order_by(m.AuditEntry.id)
    known = {*m.Base.metadata.tables, "database"}   # every mapped table (sign-in accounts too)
    if table and table not in known:
        raise NotFound(N_("unknown table '{table}'; expected one of: {tables}"), table=table,
                       tables=", ".join(sorted(known)))
    if table:
        stmt = stmt.where(m.AuditEntry.table_name == table)
    if row_id is not None:
        stmt = stmt.where(m.AuditEntry.row_id == row_id)
    if limit:
        stmt = stmt.limit(limit)
    return [to_dict(e) for e in session.scalars(stmt)]


def ledger_records(session: Session, actor: Actor) -> dict[str, list[dict[str, Any]]]:
    """The Fund's money tables and the proposals they refer to (director, trustee, auditor)."""
    money = ("grants", "budget_lines", "disbursements", "farm_subsidies")
    for table in money:
        authorize(actor, "read", table)
    return {table: list_records(session, actor, table) for table in (*money, "proposals")}


def aggregate_records(session: Session, actor: Actor, table: str) -> list[dict[str, Any]]:
    """Rows of ``table`` for computing aggregates (programme KPIs) without personal columns.

    For roles that may aggregate but not read the table (the viewer): every row, with the
    columns marked ``personal`` left out.  The caller must publish only aggregates.
    """
    cls = model(table)
    authorize(actor, "aggregate")
    personal = {c.name for c in cls.__table__.columns if c.info.get("personal")}
    pk = cls.__table__.primary_key.columns.values()[0]
    return [{k: v for k, v in to_dict(o).items() if k not in personal}
            for o in session.scalars(select(cls).order_by(pk))]


def farm_page(session: Session, actor: Actor, *, region: str | None = None,
              name_contains: str | None = None, farm_id: int | None = None,
              limit: int = 25, offset: int = 0
              ) -> tuple[list[dict[str, Any]], int]:
    """One page of :func:`list_farms` (filtered by region and name) and the number of matches.

    Pages are cut in SQL, and field counts and areas are summed for the page's farms
    only, so a page costs the same with ten or ten thousand farms.
    """
    authorize(actor, "read", "farms")
    stmt = (select(m.Farm, m.Community.name, m.Region.code)
            .join(m.Community, m.Farm.community_id == m.Community.id)
            .join(m.Region, m.Community.region_id == m.Region.id))
    if region:
        stmt = stmt.where(m.Region.code == region)
    if farm_id is not None:
        stmt = stmt.where(m.Farm.id == farm_id)
    if name_contains:
        pattern = "%" + name_contains.replace("\\", "\\\\").replace("%", "\\%").replace(
            "_", "\\_") + "%"
        stmt = stmt.where(m.Farm.name.ilike(pattern, escape="\\"))
    stmt = scope(actor, "farms", stmt)
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    page = session.execute(stmt.order_by(m.Farm.id).limit(limit).offset(offset)).all()
    ids = [f.id for f, _c, _r in page]
    areas = {fid: (n, a) for fid, n, a in session.execute(
        select(m.Field.farm_id, func.count(m.Field.id), func.sum(m.Field.area_ha))
        .where(m.Field.farm_id.in_(ids)).group_by(m.Field.farm_id))} if ids else {}
    rows = [{"id": f.id, "name": f.name, "region": code, "community": community,
             "head_gender": f.head_gender, "household_size": f.household_size,
             "size_ha": f.size_ha, "irrigated_ha": f.irrigated_ha,
             "fields": int(areas.get(f.id, (0, 0))[0] or 0),
             "field_area_ha": round(float(areas.get(f.id, (0, 0))[1] or 0.0), 4)}
            for f, community, code in page]
    return rows, total


def field_area_by_region(session: Session, actor: Actor) -> dict[str, float]:
    """Registered field area per region code [ha] (an aggregate: every role may see it)."""
    authorize(actor, "aggregate")
    stmt = (select(m.Region.code, func.sum(m.Field.area_ha))
            .join(m.Community, m.Community.region_id == m.Region.id)
            .join(m.Farm, m.Farm.community_id == m.Community.id)
            .join(m.Field, m.Field.farm_id == m.Farm.id)
            .group_by(m.Region.code))
    return {code: round(float(area or 0.0), 2) for code, area in session.execute(stmt)}


def participation(session: Session, actor: Actor) -> dict[str, Any]:
    """Aggregates of participation (no personal data; every role may see them).

    ``by_year``: per calendar year of the trainings, the events and the counted
    attendees (women, men, youth, elderly); ``by_age_group``: registered
    participants per age group and gender.
    """
    authorize(actor, "aggregate")
    year = func.extract("year", m.Training.held_on)
    rows = session.execute(
        select(year, func.count(m.Training.id), func.sum(m.Training.counted_women),
               func.sum(m.Training.counted_men), func.sum(m.Training.counted_youth),
               func.sum(m.Training.counted_elderly)).group_by(year).order_by(year))
    by_year = [{"year": int(y), "events": int(n), "women": int(w or 0), "men": int(mn or 0),
                "youth": int(yo or 0), "elderly": int(el or 0)}
               for y, n, w, mn, yo, el in rows]
    groups = session.execute(select(m.Person.age_group, m.Person.gender, func.count())
                             .group_by(m.Person.age_group, m.Person.gender))
    by_age_group: dict[str, dict[str, int]] = {}
    for age_group, gender, n in groups:
        by_age_group.setdefault(age_group, {})[gender] = int(n)
    return {"by_year": by_year, "by_age_group": by_age_group}
