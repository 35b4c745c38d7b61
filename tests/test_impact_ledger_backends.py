# ruff: noqa: F811 - pytest fixtures imported from test_registry_support
"""The ledger on SQLite and PostgreSQL: demo reconciles, money roles, a broken ledger fails."""

from __future__ import annotations

from test_registry_support import (  # noqa: F401 - fixtures
    backend,
    databases,
    demo_registry,
    demo_url,
)
from zhassyl.cli import main
from zhassyl.impact.ledger import check_ledger, flags
from zhassyl.registry import repositories as repo
from zhassyl.registry.policy import ROLES, Actor, PermissionDenied

MONEY = ("grants", "budget_lines", "disbursements", "farm_subsidies")


def test_demo_ledger_reconciles(demo_registry):
    auditor = Actor("a", "auditor")
    with demo_registry.session(auditor) as s:
        ledger = repo.ledger_records(s, auditor)
    assert all(r["reconciles"] for r in check_ledger(ledger))
    assert flags(ledger) == []


def test_money_readers(demo_registry):
    for role in ROLES:
        actor = Actor(f"u-{role}", role, 1 if role == "farmer" else None)
        with demo_registry.sessions() as s:
            s.info["actor"] = actor
            for table in MONEY:
                try:
                    repo.list_records(s, actor, table, limit=1)
                    read = True
                except PermissionDenied:
                    read = False
                assert read == (role in ("director", "trustee", "auditor")), (role, table)


def test_broken_ledger_fails(demo_url, capsys):
    from zhassyl.registry.db import connect

    director = Actor("d", "director")
    reg = connect(demo_url)
    with reg.session(director) as s:
        repo.update_record(s, director, "disbursements", 1, {"amount": 9999.0})
    reg.engine.dispose()
    assert main(["impact", "ledger", "--database-url", demo_url, "--role", "auditor"]) == 1
    err = capsys.readouterr().err
    assert "does not reconcile" in err
