"""Shared fixtures of the registry tests (no tests here).

Every test gets a fresh database: a copy of a migrated (optionally demo-seeded)
SQLite template file, and, when ``ZHASSYL_TEST_POSTGRES_URL`` is set, also a
PostgreSQL database cloned from a template database.  Start a local server with
``eval "$(scripts/start-postgres.sh)"``.
"""

from __future__ import annotations

import os
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from zhassyl.registry import demo
from zhassyl.registry.db import connect, migrate
from zhassyl.registry.policy import Actor

PG_URL = os.environ.get("ZHASSYL_TEST_POSTGRES_URL")
BACKENDS = [
    "sqlite",
    # skipped only outside CI: .ci/run starts PostgreSQL, so there a missing URL must fail
    pytest.param("postgresql", marks=pytest.mark.skipif(
        not PG_URL and not os.environ.get("CI"),
        reason="ZHASSYL_TEST_POSTGRES_URL not set (scripts/start-postgres.sh)")),
]
DIRECTOR = Actor("test-director", "director")


def _pg_admin():
    return create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")


class Databases:
    """Creates fresh databases from per-session templates."""

    def __init__(self, tmp_factory):
        self.tmp = tmp_factory
        self.templates: dict[tuple[str, bool], str] = {}
        self.created: list[str] = []
        self.prefix = f"zt_{uuid.uuid4().hex[:8]}"

    def _template(self, backend: str, seeded: bool) -> str:
        key = (backend, seeded)
        if key not in self.templates:
            name = f"{self.prefix}_tmpl_{'demo' if seeded else 'empty'}"
            if backend == "sqlite":
                path = self.tmp.mktemp("tmpl") / f"{name}.db"
                url = f"sqlite:///{path}"
            else:
                with _pg_admin().connect() as c:
                    c.execute(text(f"CREATE DATABASE {name}"))
                self.created.append(name)
                url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
            reg = connect(url)
            migrate(reg.engine)
            if seeded:
                with reg.session(DIRECTOR) as s:
                    demo.seed(s, DIRECTOR)
            reg.engine.dispose()
            self.templates[key] = url if backend == "sqlite" else name
        return self.templates[key]

    def fresh(self, backend: str, seeded: bool = False, migrated: bool = True) -> str:
        """URL of a new database."""
        if backend == "sqlite":
            path = self.tmp.mktemp("db") / "registry.db"
            if migrated:
                src = make_url(self._template(backend, seeded)).database
                shutil.copy(src, path)
            return f"sqlite:///{path}"
        name = f"{self.prefix}_{uuid.uuid4().hex[:10]}"
        clause = f" TEMPLATE {self._template(backend, seeded)}" if migrated else ""
        with _pg_admin().connect() as c:
            c.execute(text(f"CREATE DATABASE {name}{clause}"))
        self.created.append(name)
        return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.created:
            return
        with _pg_admin().connect() as c:
            for name in reversed(self.created):
                c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    dbs = Databases(tmp_path_factory)
    yield dbs
    dbs.drop_all()


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def empty_url(databases, backend):
    """A fresh migrated, empty registry."""
    return databases.fresh(backend)


@pytest.fixture
def demo_url(databases, backend):
    """A fresh registry holding the demo programme."""
    return databases.fresh(backend, seeded=True)


@pytest.fixture
def registry(empty_url):
    reg = connect(empty_url)
    yield reg
    reg.engine.dispose()


@pytest.fixture
def demo_registry(demo_url):
    reg = connect(demo_url)
    yield reg
    reg.engine.dispose()
