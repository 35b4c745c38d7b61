"""Who may do what: the one place where the registry's roles are enforced.

The roles follow the Fund's governance (Board of Trustees, Director, Auditor,
staff of the consultation centre, agronomists, farmers) plus a ``viewer`` that
sees aggregates only.  Every repository function calls :func:`authorize`
(and :func:`scope` for row filtering) before touching data; the CLI, the
Python API and the web app all go through the repositories, so no other
layer decides permissions.

=========== ============================================================
role        may
=========== ============================================================
director    read and write every table, read the audit log, import,
            export, back up and restore, migrate an existing database
staff       read and write every table but the money and the sign-in
            accounts, import into the tables it writes, export
agronomist  read every table; write fields, seasons, observations,
            trainings and their attendees
trustee     read every table; decide proposals
auditor     read every table including the audit log and finances;
            export; never write
farmer      read their own farm's records (and public reference tables);
            update their farm, record seasons and observations on its
            fields, submit proposals for it
viewer      aggregates and public reference tables only; no personal data
=========== ============================================================

Nobody may write the audit log through the application.

The Fund's money (:data:`MONEY_TABLES`: grants, budget lines, disbursements,
subsidies received by farms) is read by the director, the trustees and the
auditor only, and written by the director only; exports leave it out for
roles that may not read it, and an import into a table needs ``create`` on
that table.  A backup copies every table, the money and the audit log
included, so only the director, who may read all of them, backs up.

Sign-in accounts
(table ``users``) are read and written by the director only.  Every role may
``simulate`` (run a scenario: model output, no personal data; a scenario of
a registered field also needs ``read`` on that field).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from zhassyl.errors import AccessDenied, UsageError
from zhassyl.i18n import _

ROLES = ("director", "staff", "agronomist", "trustee", "auditor", "farmer", "viewer")

#: Operations checked by :func:`authorize`.
OPERATIONS = ("read", "create", "update", "delete", "decide", "aggregate", "read_audit",
              "import", "export", "backup", "restore", "migrate",
              "simulate")

#: Tables that hold no personal data and that every role may list.
PUBLIC_TABLES = frozenset({"regions", "districts", "publications", "equity_weights", "meta"})
#: Tables agronomists write.
FIELD_WORK_TABLES = frozenset({"fields", "seasons", "soil_samples", "yield_measurements",
                               "water_readings", "trainings", "training_attendees",
                               "field_calibrations"})
#: Observation tables keyed by a field (a farmer writes them on their own fields).
FIELD_CHILD_TABLES = frozenset({"seasons", "soil_samples", "yield_measurements",
                                "water_readings"})
#: Tables a farmer reads (restricted to their own farm).
FARMER_READ_TABLES = frozenset({"farms", "fields", "income_surveys", "proposals"}
                               | FIELD_CHILD_TABLES)
AUDIT_TABLE = "audit_log"
#: The Fund's money: read by director, trustee and auditor; written by the director.
MONEY_TABLES = frozenset({"grants", "budget_lines", "disbursements", "farm_subsidies"})
MONEY_READERS = frozenset({"director", "trustee", "auditor"})
#: Sign-in accounts (see :mod:`zhassyl.registry.users`).
USERS_TABLE = "users"


class PermissionDenied(AccessDenied):
    """The actor's role does not allow the operation."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user name, a role and, for farmers, their farm.

    Parameters
    ----------
    name : str
        User name recorded in the audit log.
    role : str
        One of :data:`ROLES`.
    farm_id : int, optional
        The farmer's own farm (required for the ``farmer`` role).
    """

    name: str
    role: str
    farm_id: int | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise UsageError(_("unknown role '{role}'; expected one of: {roles}").format(
                role=self.role, roles=", ".join(ROLES)))
        if self.role == "farmer" and self.farm_id is None:
            raise UsageError(_("the farmer role needs the farmer's farm id"))
        if self.role != "farmer" and self.farm_id is not None:
            raise UsageError(_("a farm id belongs to the farmer role only (role '{role}')")
                             .format(role=self.role))


def _role_allows(role: str, operation: str, table: str | None) -> bool:
    """The role matrix, independent of any particular row."""
    if operation in ("backup", "restore", "migrate"):
        return role == "director"
    if operation == "import":
        return role in ("director", "staff")
    if operation == "export":
        return role in ("director", "staff", "auditor")
    if operation in ("aggregate", "simulate"):
        return True
    if table == USERS_TABLE:
        return role == "director" and operation in ("read", "create", "update")
    if table == AUDIT_TABLE:
        return operation in ("read", "read_audit") and role in ("director", "auditor")
    if operation == "read_audit":
        return False
    if table in MONEY_TABLES:
        if operation == "read":
            return role in MONEY_READERS
        return operation in ("create", "update", "delete") and role == "director"
    if operation == "read":
        if role in ("director", "staff", "agronomist", "trustee", "auditor"):
            return True
        if role == "farmer":
            return table in FARMER_READ_TABLES or table in PUBLIC_TABLES
        return table in PUBLIC_TABLES  # viewer
    if operation == "decide":
        return table == "proposals" and role in ("director", "trustee")
    # create, update, delete
    if role in ("director", "staff"):
        return True
    if role == "agronomist":
        return table in FIELD_WORK_TABLES
    if role == "farmer":
        if operation == "update":
            return table == "farms" or table in FIELD_CHILD_TABLES
        if operation == "create":
            return table in FIELD_CHILD_TABLES or table == "proposals"
        return False
    return False


def _owning_farm(session, table: str, values: dict) -> int | None:
    """The farm a row belongs to (for the farmer role); ``None`` if it has none."""
    from zhassyl.registry.models import Field

    if table == "farms":
        return values.get("id")
    if table in ("fields", "income_surveys", "proposals"):
        return values.get("farm_id")
    if table in FIELD_CHILD_TABLES:
        field_id = values.get("field_id")
        if field_id is None:
            return None
        return session.scalar(select(Field.farm_id).where(Field.id == field_id))
    return None


def authorize(actor: Actor, operation: str, table: str | None = None, *, session=None,
              row: dict | None = None) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` may do ``operation`` on ``table``.

    Parameters
    ----------
    actor : Actor
        Who is acting.
    operation : str
        One of :data:`OPERATIONS`.
    table : str, optional
        The table concerned (``None`` for whole-database operations).
    session : Session, optional
        Needed to resolve a farmer's ownership of ``row``.
    row : dict, optional
        The row's values (for writes: the values after the change).
    """
    if operation not in OPERATIONS:
        raise ValueError(f"unknown operation {operation!r}")
    allowed = _role_allows(actor.role, operation, table)
    if allowed and actor.role == "farmer" and row is not None and table not in PUBLIC_TABLES:
        allowed = _owning_farm(session, table, row) == actor.farm_id
    if not allowed:
        raise PermissionDenied(_(
            "permission denied: role '{role}' may not {operation} {table}").format(
            role=actor.role, operation=operation, table=table or "the database"))


def scope(actor: Actor, table: str, stmt: Select) -> Select:
    """Restrict a ``SELECT`` on ``table`` to the rows ``actor`` may see."""
    from zhassyl.registry.models import MODELS, Field

    if actor.role != "farmer" or table in PUBLIC_TABLES:
        return stmt
    model = MODELS[table]
    if table == "farms":
        return stmt.where(model.id == actor.farm_id)
    if table in ("fields", "income_surveys", "proposals"):
        return stmt.where(model.farm_id == actor.farm_id)
    if table in FIELD_CHILD_TABLES:
        own_fields = select(Field.id).where(Field.farm_id == actor.farm_id)
        return stmt.where(model.field_id.in_(own_fields))
    return stmt.where(False)


def allowed(actor: Actor, operation: str, table: str | None = None) -> bool:
    """Whether the role of ``actor`` allows ``operation`` on ``table`` in general."""
    return _role_allows(actor.role, operation, table)
