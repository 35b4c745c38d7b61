"""Engines, sessions and migrations of the registry database.

The database is chosen by an explicit URL (``--database-url``), else by the
``ZHASSYL_DATABASE_URL`` environment variable, else it is the embedded default:
a SQLite file ``zhassyl.db`` in ``$ZHASSYL_HOME`` (default
``$XDG_DATA_HOME/zhassyl``, i.e. ``~/.local/share/zhassyl``), created on first
use.  SQLite connections run in WAL mode with foreign keys enforced and full
synchronous commits; PostgreSQL URLs (``postgresql+psycopg://...``) serve a
multi-user deployment.  Nothing here runs at import time.

Examples
--------
>>> from zhassyl.registry.db import connect
>>> registry = connect("sqlite:///:memory:")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from zhassyl.errors import ServiceUnavailable, UsageError, ZhassylError
from zhassyl.i18n import N_, _

ENV_VAR = "ZHASSYL_DATABASE_URL"
#: Database back-ends the registry runs on.
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def default_sqlite_path() -> Path:
    """The embedded default database file (not created by this function)."""
    home = os.environ.get("ZHASSYL_HOME")
    if home:
        return Path(home) / "zhassyl.db"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "zhassyl" / "zhassyl.db"


def database_url(explicit: str | None = None) -> str:
    """The database URL: ``explicit``, else ``$ZHASSYL_DATABASE_URL``, else the SQLite default."""
    url = explicit or os.environ.get(ENV_VAR)
    if url:
        return url
    return f"sqlite:///{default_sqlite_path()}"


def is_sqlite(url_or_engine) -> bool:
    """Whether the URL or engine is a SQLite database."""
    url = url_or_engine.url if isinstance(url_or_engine, Engine) else make_url(url_or_engine)
    return url.get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
    finally:
        cursor.close()


def make_engine(url: str | None = None, **kwargs) -> Engine:
    """An engine for ``url`` (see :func:`database_url`); SQLite gets WAL and foreign keys.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; ``None`` selects :func:`database_url`.
    **kwargs
        Passed to :func:`sqlalchemy.create_engine`.
    """
    from sqlalchemy.exc import ArgumentError

    url = database_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:
        shown = re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", url)
        raise UsageError(N_("invalid database URL '{url}' ({error}); use sqlite:///FILE or "
                            "postgresql+psycopg://USER@HOST/DATABASE"), url=shown,
                         error=str(exc)) from exc
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise UsageError(N_("unsupported database URL scheme '{scheme}'; use sqlite:///FILE or "
                            "postgresql+psycopg://USER@HOST/DATABASE"),
                         scheme=parsed.drivername)
    try:
        if backend == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                folder = Path(parsed.database).expanduser().parent
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise UsageError(N_(
                        "cannot create the folder {folder} of the database ({error}); check "
                        "ZHASSYL_HOME or the database URL"), folder=str(folder),
                        error=exc.strerror or str(exc)) from None
            engine = create_engine(parsed, **kwargs)
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise UsageError(N_("unsupported database URL scheme '{scheme}' ({error}); use "
                            "sqlite:///FILE or postgresql+psycopg://USER@HOST/DATABASE"),
                         scheme=parsed.drivername, error=str(exc).splitlines()[0]) from exc


def check_reachable(engine: Engine) -> None:
    """Connect once; a clear error when the database cannot be reached or opened.

    Raises
    ------
    ServiceUnavailable
        The server does not answer, refuses the login, or the file is locked.
    ZhassylError
        The file is not a database.
    """
    from sqlalchemy.exc import DatabaseError, OperationalError

    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ServiceUnavailable(N_("cannot reach the database {url}: {error}"),
                                 url=where, error=detail) from None
    except DatabaseError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ZhassylError(N_("{url} is not a usable registry database: {error}"),
                           url=where, error=detail) from None


def alembic_config(engine: Engine):
    """An Alembic configuration for the migrations shipped in the package."""
    from alembic.config import Config

    cfg = Config()
    location = resources.files("zhassyl.registry") / "migrations"
    cfg.set_main_option("script_location", str(location))
    cfg.set_main_option("sqlalchemy.url",
                        engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def known_revisions(engine: Engine) -> list[str]:
    """The revisions shipped in the package, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema of ``engine``'s database to ``revision`` (default: newest).

    Raises
    ------
    UsageError
        ``revision`` is not a revision shipped in the package, or lies behind
        the database's current revision (this command never downgrades).
    """
    from alembic import command
    from alembic.util.exc import CommandError

    known = known_revisions(engine)
    if revision not in ("head", "heads", *known):
        raise UsageError(N_("unknown schema revision '{rev}'; expected head or one of: "
                            "{known}"), rev=revision, known=", ".join(known))
    current = current_revision(engine)
    if revision in known and current in known and known.index(revision) < known.index(current):
        raise UsageError(N_("the database is at revision {current}, newer than {rev}; "
                            "migrate never downgrades"), current=current, rev=revision)
    try:
        command.upgrade(alembic_config(engine), revision)
    except CommandError as exc:
        raise UsageError(N_("cannot migrate to revision '{rev}': {error}"), rev=revision,
                         error=str(exc).splitlines()[0]) from exc


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the schema of ``engine``'s database to ``revision`` (``base`` empties it)."""
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (``None`` when never migrated)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str:
    """The newest revision shipped in the package."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


@dataclass
class Registry:
    """An engine with its session factory (audit logging installed)."""

    engine: Engine
    sessions: sessionmaker

    @contextmanager
    def session(self, actor) -> Iterator[Session]:
        """A session acting as ``actor`` that commits on success and rolls back on error."""
        with self.sessions() as session:
            session.info["actor"] = actor
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def require_schema(self) -> None:
        """Raise a clear error when the database has not been migrated to the newest schema."""
        rev = current_revision(self.engine)
        if rev != head_revision(self.engine):
            raise ZhassylError(_(
                "the database at {url} is not initialised or not up to date "
                "(revision {rev}); run 'zhassyl db init' or 'zhassyl db migrate'").format(
                url=self.engine.url.render_as_string(hide_password=True), rev=rev))

    def is_sqlite(self) -> bool:
        """Whether the registry is a SQLite database."""
        return self.engine.dialect.name == "sqlite"

    def audit_entries_after(self, audit_id: int) -> int:
        """How many audit entries have an id above ``audit_id`` (0 without an audit log)."""
        from sqlalchemy import func, select

        from zhassyl.registry.models import AuditEntry

        if "audit_log" not in self.table_names():
            return 0
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(AuditEntry)
                                   .where(AuditEntry.id > audit_id)) or 0)

    def table_names(self) -> list[str]:
        """Tables present in the database."""
        return inspect(self.engine).get_table_names()


def connect(url: str | None = None, **engine_kwargs) -> Registry:
    """Open the registry at ``url`` (no schema change; see :func:`migrate`)."""
    from zhassyl.registry import audit

    engine = make_engine(url, **engine_kwargs)
    factory = sessionmaker(engine, expire_on_commit=False)
    audit.install(factory)
    return Registry(engine, factory)
