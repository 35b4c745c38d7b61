"""Sign-in accounts: user name, role, farm (for farmers), argon2 password hash, disabled flag.

Accounts are not programme records: they are never exported or imported with
the data tables, and their password hashes never reach the audit log (the
log records who created or disabled an account, with the hash left out).
Every function asks :mod:`zhassyl.registry.policy` first (table ``users``),
like the repositories do.  Passwords are hashed with Argon2id (RFC 9106) by
``argon2-cffi`` with its default parameters.

Examples
--------
>>> from zhassyl.registry import users                                # doctest: +SKIP
>>> with reg.session(Actor("admin", "director")) as s:                 # doctest: +SKIP
...     users.add_user(s, s.info["actor"], "aigerim", "staff", "a long passphrase")
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhassyl.errors import InputError, Problem, ZhassylError
from zhassyl.i18n import _
from zhassyl.registry import audit
from zhassyl.registry.models import Base, Farm
from zhassyl.registry.policy import ROLES, USERS_TABLE, Actor, authorize

#: Shortest password accepted (NIST SP 800-63B section 5.1.1.2: at least 8 characters).
MIN_PASSWORD_CHARS = 8
#: One demo account per role, named after the role (``zhassyl db init --demo``).
DEMO_USERS = tuple((role, role) for role in ROLES)
#: The demo farmer's farm.
DEMO_FARM_ID = 1

_HASHER = PasswordHasher()
#: Verified against when the user does not exist, so that timing does not reveal names.
_DUMMY_HASH = _HASHER.hash("zhassyl-no-such-user")


class User(Base):
    """A sign-in account of the web app and the API."""

    __tablename__ = USERS_TABLE
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    farm_id: Mapped[int | None] = mapped_column(ForeignKey("farms.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


_PUBLIC_COLUMNS = ("id", "name", "role", "farm_id", "disabled", "created_at")


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` (PHC string format)."""
    return _HASHER.hash(password)


def _check_new(session: Session, name: str, role: str, password: str,
               farm_id: int | None) -> None:
    problems = []
    if not name or len(name) > 120 or not name.replace("-", "").replace("_", "").replace(
            ".", "").isalnum():
        problems.append(Problem("users", None, "name", _(
            "a user name is 1 to 120 letters, digits, '.', '-' or '_'")))
    if role not in ROLES:
        problems.append(Problem("users", None, "role", _(
            "unknown role '{role}'; expected one of: {roles}").format(
            role=role, roles=", ".join(ROLES))))
    if role == "farmer":
        if farm_id is None:
            problems.append(Problem("users", None, "farm_id", _(
                "the farmer role needs the farmer's farm id")))
        elif session.get(Farm, farm_id) is None:
            problems.append(Problem("users", None, "farm_id", _(
                "refers to {table} id {id}, which does not exist").format(
                table="farms", id=farm_id)))
    if len(password) < MIN_PASSWORD_CHARS:
        problems.append(Problem("users", None, "password", _(
            "a password needs at least {n} characters").format(n=MIN_PASSWORD_CHARS)))
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        problems.append(Problem("users", None, "name", _(
            "value '{value}' already exists in the database").format(value=name)))
    if problems:
        raise InputError(problems)


def add_user(session: Session, actor: Actor, name: str, role: str, password: str,
             farm_id: int | None = None) -> dict[str, Any]:
    """Create an account; return it without the hash (the caller commits)."""
    authorize(actor, "create", USERS_TABLE)
    _check_new(session, name, role, password, farm_id)
    row = {"name": name, "role": role, "farm_id": farm_id if role == "farmer" else None,
           "password_hash": hash_password(password), "disabled": False,
           "created_at": audit.now()}
    result = session.execute(insert(User.__table__).values(**row))
    row["id"] = result.inserted_primary_key[0]
    public = {k: row[k] for k in _PUBLIC_COLUMNS}
    audit.record_inserts(session.connection(), actor, USERS_TABLE, [public])
    return public


def list_users(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Every account (without hashes), ordered by name."""
    authorize(actor, "read", USERS_TABLE)
    cols = [User.__table__.c[k] for k in _PUBLIC_COLUMNS]
    return [dict(r._mapping) for r in session.execute(select(*cols).order_by(User.name))]


def set_disabled(session: Session, actor: Actor, name: str, disabled: bool = True) -> None:
    """Disable (or enable again) the account ``name``; its sessions stop working."""
    authorize(actor, "update", USERS_TABLE)
    user_id = session.scalar(select(User.id).where(User.name == name))
    if user_id is None:
        raise InputError(Problem("users", None, "name", _("no user named '{name}'").format(
            name=name)))
    session.execute(update(User.__table__).where(User.id == user_id).values(disabled=disabled))
    session.connection().execute(insert(audit.AUDIT_TABLE).values(
        at=audit.now(), actor=actor.name, role=actor.role, action="update",
        table_name=USERS_TABLE, row_id=user_id, old_values=audit.to_json(
            {"disabled": not disabled}), new_values=audit.to_json({"disabled": disabled})))


def actor_of(session: Session, name: str) -> Actor | None:
    """The :class:`Actor` of an enabled account, ``None`` if unknown or disabled."""
    row = session.execute(select(User.name, User.role, User.farm_id, User.disabled)
                          .where(User.name == name)).first()
    if row is None or row.disabled:
        return None
    try:
        return Actor(row.name, row.role, row.farm_id)
    except ZhassylError:
        return None


def authenticate(session: Session, name: str, password: str) -> Actor | None:
    """The actor whose name and password match an enabled account, else ``None``.

    An unknown name costs one Argon2 verification too, so response times do not
    tell which names exist.
    """
    row = session.execute(select(User.password_hash, User.disabled)
                          .where(User.name == name)).first()
    try:
        _HASHER.verify(row.password_hash if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row.disabled:
        return None
    return actor_of(session, name)


def demo_password() -> str:
    """A random demo password (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


def seed_demo_users(session: Session, actor: Actor, password: str) -> list[str]:
    """One account per role named after the role (the farmer on farm 1); return the names.

    Accounts that already exist are left as they are.
    """
    made = []
    for name, role in DEMO_USERS:
        if session.scalar(select(User.id).where(User.name == name)) is not None:
            continue
        add_user(session, actor, name, role, password,
                 farm_id=DEMO_FARM_ID if role == "farmer" else None)
        made.append(name)
    return made
