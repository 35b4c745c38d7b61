"""The audit log: who changed what, when, with the old and new values.

Every insert, update and delete made through an ORM session of the registry
is recorded in the same transaction (``after_flush`` hook), so a change and
its audit entry are committed or rolled back together.  Bulk imports record
their rows with :func:`record_inserts`.  The log is append-only: the policy
layer refuses writes to it and database triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from zhassyl.errors import ZhassylError
from zhassyl.i18n import _
from zhassyl.registry.models import AuditEntry, Base

AUDIT_TABLE = AuditEntry.__table__


def to_json(values: Mapping[str, Any]) -> str:
    """Canonical JSON of a row's values (dates as ISO strings, keys sorted)."""

    def default(v):
        if isinstance(v, dt.date | dt.datetime):
            return v.isoformat()
        raise TypeError(type(v).__name__)

    return json.dumps(dict(values), default=default, sort_keys=True, ensure_ascii=False)


def _columns(obj: Base) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in inspect(obj).mapper.column_attrs}


def _actor(session: Session):
    actor = session.info.get("actor")
    if actor is None:
        raise ZhassylError(_("a change to the registry needs an actor (who is making it)"))
    return actor


def now() -> dt.datetime:
    """The current UTC time, as stored in the log."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _after_flush(session: Session, _context) -> None:
    rows = []
    changes = [("insert", o) for o in session.new] + [("update", o) for o in session.dirty]
    changes += [("delete", o) for o in session.deleted]
    for action, obj in changes:
        if isinstance(obj, AuditEntry):
            continue
        state = inspect(obj)
        table = state.mapper.local_table.name
        old: dict[str, Any] | None = None
        new: dict[str, Any] | None = None
        if action == "insert":
            new = _columns(obj)
        elif action == "delete":
            old = _columns(obj)
        else:
            old, new = {}, {}
            for attr in state.mapper.column_attrs:
                hist = state.attrs[attr.key].history
                if hist.has_changes():
                    old[attr.key] = hist.deleted[0] if hist.deleted else None
                    new[attr.key] = hist.added[0] if hist.added else None
            if not new or set(new) == {"version"}:
                continue
        rows.append((action, table, getattr(obj, "id", None), old, new))
    if rows:
        actor = _actor(session)
        at = now()
        session.connection().execute(insert(AUDIT_TABLE), [
            {"at": at, "actor": actor.name, "role": actor.role, "action": action,
             "table_name": table, "row_id": row_id,
             "old_values": None if old is None else to_json(old),
             "new_values": None if new is None else to_json(new)}
            for action, table, row_id, old, new in rows])


def install(factory: sessionmaker) -> None:
    """Record every ORM change made by sessions of ``factory`` in the audit log."""
    from sqlalchemy import event

    # A mark on the factory itself: ``event.contains`` can answer for a new factory that
    # reuses the id of a collected one, and then the hook would silently be missing.
    if not getattr(factory, "_zhassyl_audit_installed", False):
        event.listen(factory, "after_flush", _after_flush)
        factory._zhassyl_audit_installed = True


def record_inserts(connection, actor, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """Record bulk-inserted ``rows`` of ``table`` (each with its ``id``); return the count."""
    at = now()
    entries = [{"at": at, "actor": actor.name, "role": actor.role, "action": "insert",
                "table_name": table, "row_id": r.get("id"), "old_values": None,
                "new_values": to_json(r)} for r in rows]
    if entries:
        connection.execute(insert(AUDIT_TABLE), entries)
    return len(entries)
