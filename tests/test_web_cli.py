"""``zhassyl users``, ``zhassyl db init --demo`` (demo users), ``zhassyl serve --help`` and
the repository functions the web pages use (farm pages cut in SQL, area by region)."""

from __future__ import annotations

import io
import json

import pytest

from web_support import ADMIN, demo_registry
from zhassyl.cli import main
from zhassyl.registry import repositories as repo
from zhassyl.registry import users
from zhassyl.registry.policy import Actor, PermissionDenied


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "cli.db"
    return demo_registry(path), f"sqlite:///{path}"


def test_users_add_reads_the_password_from_stdin_list_and_disable(db, monkeypatch, capsys):
    registry, url = db
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["users", "add", "aigul", "--role", "farmer", "--farm-id", "3",
                 "--database-url", url]) == 0
    with registry.sessions() as s:
        assert users.authenticate(s, "aigul", "correct horse battery") == Actor(
            "aigul", "farmer", 3)
    assert "aigul" in capsys.readouterr().out
    assert main(["users", "list", "--format", "json", "--database-url", url]) == 0
    listed = json.loads(capsys.readouterr().out)
    row = next(u for u in listed if u["name"] == "aigul")
    assert row["role"] == "farmer" and row["farm_id"] == 3 and "password_hash" not in row
    assert main(["users", "disable", "aigul", "--database-url", url]) == 0
    with registry.sessions() as s:
        assert users.authenticate(s, "aigul", "correct horse battery") is None


def test_users_add_refuses_bad_input_with_a_named_field(db, monkeypatch, capsys):
    _registry, url = db
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "bolat", "--role", "farmer", "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert "farm_id" in err and "password" in err
    # only the director manages accounts
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    monkeypatch.setenv("ZHASSYL_ROLE", "staff")
    assert main(["users", "add", "bolat", "--role", "staff", "--database-url", url]) == 3
    assert "permission denied" in capsys.readouterr().err


def test_db_init_demo_creates_one_user_per_role_and_prints_the_password_once(
        tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("ZHASSYL_DEMO_PASSWORD", raising=False)
    url = f"sqlite:///{tmp_path / 'init.db'}"
    assert main(["db", "init", "--demo", "--database-url", url]) == 0
    out = capsys.readouterr().out
    password = out.split("demo password (shown once): ")[1].split()[0]
    from zhassyl.registry.db import connect

    with connect(url).sessions() as s:
        for name, role in users.DEMO_USERS:
            actor = users.authenticate(s, name, password)
            assert actor is not None and actor.role == role
        assert users.authenticate(s, "farmer", password).farm_id == users.DEMO_FARM_ID


def test_serve_has_help(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    assert "--port" in capsys.readouterr().out


def test_farm_page_filters_and_pages_in_sql(db):
    registry, _url = db
    staff = Actor("s", "staff")
    with registry.session(staff) as s:
        everything = repo.list_farms(s, staff)
        page, total = repo.farm_page(s, staff, limit=7, offset=7)
        assert total == len(everything)
        assert page == everything[7:14]
        hits, n = repo.farm_page(s, staff, name_contains="FARM 0")
        assert n == sum("farm 0" in f["name"].lower() for f in everything) > 0
        assert repo.farm_page(s, staff, name_contains="%")[1] == 0   # a literal percent sign
        mine, n = repo.farm_page(s, Actor("f", "farmer", 2))
        assert n == 1 and mine[0]["id"] == 2


def test_field_area_by_region_is_an_aggregate_every_role_sees(db):
    registry, _url = db
    with registry.session(ADMIN) as s:
        fields = repo.list_records(s, ADMIN, "fields")
        by_region = repo.field_area_by_region(s, Actor("v", "viewer"))
        with pytest.raises(PermissionDenied):
            repo.list_farms(s, Actor("v", "viewer"))
    assert sum(by_region.values()) == pytest.approx(sum(f["area_ha"] for f in fields), abs=0.1)


def test_every_connection_of_a_process_keeps_the_audit_hook(tmp_path):
    """Regression: the web tests open many registries in one process; a new session factory
    could reuse the id of a collected one, and ``event.contains`` then answered "installed"
    while no hook was listening, so changes went unaudited."""
    import gc

    from zhassyl.registry.db import connect, migrate

    url = f"sqlite:///{tmp_path / 'audit.db'}"
    first = connect(url)
    migrate(first.engine)
    first.engine.dispose()
    del first
    for k in range(40):
        reg = connect(url)
        with reg.session(ADMIN) as s:
            made = repo.create_record(s, ADMIN, "regions", {"code": f"r{k}", "name": f"R {k}"})
        with reg.sessions() as s:
            log = repo.audit_entries(s, ADMIN, table="regions", row_id=made["id"])
        assert [e["action"] for e in log] == ["insert"], k
        reg.engine.dispose()
        del reg
        gc.collect()
