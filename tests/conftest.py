"""Fixtures shared by several test modules."""

from __future__ import annotations

import pytest


def seeded_demo_url(path) -> str:
    """A SQLite registry at ``path`` migrated to head and seeded with the demo programme."""
    from zhassyl.registry import demo
    from zhassyl.registry.db import connect, migrate
    from zhassyl.registry.policy import Actor

    url = f"sqlite:///{path}"
    reg = connect(url)
    migrate(reg.engine)
    actor = Actor("test", "director")
    with reg.session(actor) as s:
        demo.seed(s, actor)
    reg.engine.dispose()
    return url


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    """One seeded demo registry per test module (read-only use)."""
    return seeded_demo_url(tmp_path_factory.mktemp("demo") / "demo.db")
