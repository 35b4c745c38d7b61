"""Shared set-up of the web tests: a migrated SQLite registry with the demo programme and users."""

from __future__ import annotations

import re

from zhassyl.registry import demo, users
from zhassyl.registry.db import connect, migrate
from zhassyl.registry.policy import ROLES, Actor

PASSWORD = "demo-password-for-tests"
ADMIN = Actor("test-admin", "director")


def demo_registry(path):
    """A registry file at ``path`` with the demo programme and one user per role."""
    registry = connect(f"sqlite:///{path}")
    migrate(registry.engine)
    with registry.session(ADMIN) as s:
        demo.seed(s, ADMIN)
        users.seed_demo_users(s, ADMIN, PASSWORD)
    return registry


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, name: str, password: str = PASSWORD):
    """Sign ``client`` in through the form; return the response (303 on success)."""
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": name, "password": password,
                                       "csrf_token": token, "next": "/"},
                       follow_redirects=False)


def api_token(client, name: str, password: str = PASSWORD) -> dict:
    """Authorization header of a bearer token for ``name``."""
    r = client.post("/api/token", data={"username": name, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": "Bearer " + r.json()["access_token"]}


assert set(ROLES) == {name for name, _role in users.DEMO_USERS}
