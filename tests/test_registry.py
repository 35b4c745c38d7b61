# ruff: noqa: F811 - pytest fixtures imported from test_registry_support
"""Registry: schema and migrations, demo programme, repositories, audit log,
optimistic locking and concurrency, geodesic areas, import/export round trip,
backup/restore and the CLI -- on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import math
import threading

import pytest
from sqlalchemy import inspect, text

from test_registry_support import (  # noqa: F401 - fixtures
    DIRECTOR,
    backend,
    databases,
    demo_registry,
    demo_url,
    empty_url,
    registry,
)
from zhassyl.errors import InputError
from zhassyl.registry import repositories as repo
from zhassyl.registry.backup import backup, checksum, restore
from zhassyl.registry.db import connect, current_revision, downgrade, head_revision, migrate
from zhassyl.registry.geometry import GeometryProblem, field_area, geodesic_area_ha
from zhassyl.registry.importexport import export_dir, import_path
from zhassyl.registry.models import Base
from zhassyl.registry.policy import Actor, PermissionDenied
from zhassyl.registry.validation import priority_score


def test_migrations_from_empty_and_round_trip(databases, backend):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    reg = connect(databases.fresh(backend, migrated=False))
    try:
        assert current_revision(reg.engine) is None
        migrate(reg.engine)
        assert current_revision(reg.engine) == head_revision(reg.engine)
        with reg.engine.connect() as c:  # the migrations build exactly the models' schema
            assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []
        downgrade(reg.engine, "base")
        assert set(inspect(reg.engine).get_table_names()) <= {"alembic_version"}
        migrate(reg.engine)
        assert "audit_log" in inspect(reg.engine).get_table_names()
    finally:
        reg.engine.dispose()


def test_sqlite_wal_and_foreign_keys(tmp_path):
    reg = connect(f"sqlite:///{tmp_path / 'x.db'}")
    with reg.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
    migrate(reg.engine)
    with pytest.raises(InputError, match="refers to|refused by the database"):
        with reg.session(DIRECTOR) as s:
            repo.create_record(s, DIRECTOR, "districts", {"region_id": 99, "name": "x"})


def test_demo_programme_has_the_case_study_shape(demo_registry):
    with demo_registry.session(DIRECTOR) as s:
        summary = repo.programme_summary(s, DIRECTOR)
        meta = {r["key"]: r["value"] for r in repo.list_records(s, DIRECTOR, "meta")}
        farms = repo.list_farms(s, DIRECTOR)
    assert summary["regions"] == 7 and summary["founding_communities"] == 5
    assert 25 <= summary["farms"] <= 35
    assert summary["field_area_ha"] == pytest.approx(183.0, abs=0.01)
    assert summary["women_participants"] == 58
    assert summary["training_attendees"] >= 370
    assert summary["jobs"] >= 200
    from zhassyl.registry.models import PROPOSAL_STATUSES

    assert all(summary[f"proposals_{s}"] > 0 for s in PROPOSAL_STATUSES)
    assert meta["dataset"] == "synthetic-demo" and "SYNTHETIC" in meta["label"]
    assert all("synthetic" in f["name"] for f in farms)


def test_crud_writes_the_audit_log(registry):
    actor = Actor("aigerim", "staff")
    with registry.session(actor) as s:
        r = repo.create_record(s, actor, "regions", {"code": "kyzylorda", "name": "Kyzylorda"})
    with registry.session(actor) as s:
        r2 = repo.update_record(s, actor, "regions", r["id"], {"name": "Qyzylorda"},
                                expected_version=1)
    assert r2["version"] == 2
    with registry.session(actor) as s:
        repo.delete_record(s, actor, "regions", r["id"])
    with registry.session(DIRECTOR) as s:
        log = repo.audit_entries(s, DIRECTOR, table="regions")
    assert [e["action"] for e in log] == ["insert", "update", "delete"]
    assert all(e["actor"] == "aigerim" and e["role"] == "staff" for e in log)
    assert json.loads(log[1]["old_values"])["name"] == "Kyzylorda"
    assert json.loads(log[1]["new_values"])["name"] == "Qyzylorda"
    assert json.loads(log[2]["old_values"])["name"] == "Qyzylorda"
    assert isinstance(log[0]["at"], dt.datetime)


def test_failed_change_leaves_no_audit_entry(registry):
    with pytest.raises(InputError):
        with registry.session(DIRECTOR) as s:
            repo.create_record(s, DIRECTOR, "regions", {"code": "a", "name": "A"})
            repo.create_record(s, DIRECTOR, "regions", {"code": "a", "name": "dup"})
    with registry.session(DIRECTOR) as s:
        assert repo.audit_entries(s, DIRECTOR) == []
        assert repo.list_records(s, DIRECTOR, "regions") == []


def test_audit_log_cannot_be_edited(demo_registry):
    with demo_registry.session(DIRECTOR) as s:
        entry = repo.audit_entries(s, DIRECTOR, limit=1)[0]
        for op in ("create", "update", "delete"):
            with pytest.raises(PermissionDenied):
                getattr(repo, f"{op}_record")(*(
                    (s, DIRECTOR, "audit_log", {"actor": "x"}) if op == "create" else
                    (s, DIRECTOR, "audit_log", entry["id"], {"actor": "x"}) if op == "update"
                    else (s, DIRECTOR, "audit_log", entry["id"])))
    for statement in ("UPDATE audit_log SET actor = 'forged'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"):
            with demo_registry.engine.begin() as c:
                c.execute(text(statement))
    with demo_registry.session(DIRECTOR) as s:
        assert repo.audit_entries(s, DIRECTOR, limit=1)[0] == entry


def test_stale_version_is_refused(demo_registry):
    with demo_registry.session(DIRECTOR) as a, demo_registry.session(DIRECTOR) as b:
        fa = repo.get_record(a, DIRECTOR, "farms", 1)
        fb = repo.get_record(b, DIRECTOR, "farms", 1)
        repo.update_record(a, DIRECTOR, "farms", 1, {"household_size": fa["household_size"] + 1})
        a.commit()
        with pytest.raises(repo.ConflictError):
            repo.update_record(b, DIRECTOR, "farms", 1, {"household_size": 99},
                               expected_version=fb["version"])
        b.rollback()
    # the same without expected_version: the UPDATE ... WHERE version = ? check catches it
    with demo_registry.session(DIRECTOR) as a, demo_registry.session(DIRECTOR) as b:
        objs = [s.get(repo.model("farms"), 1) for s in (a, b)]
        objs[0].household_size = 50
        a.commit()
        objs[1].household_size = 60
        with pytest.raises(Exception, match="expected to update 1 row"):
            b.flush()
        b.rollback()
    with demo_registry.session(DIRECTOR) as s:
        assert repo.get_record(s, DIRECTOR, "farms", 1)["household_size"] == 50


def test_two_writers_editing_the_same_farm_lose_no_update(demo_registry):
    n_each = 15
    with demo_registry.session(DIRECTOR) as s:
        start = repo.get_record(s, DIRECTOR, "farms", 2)["household_size"]
    barrier = threading.Barrier(2)
    conflicts = []

    errors = []

    def writer():
        try:
            work()
        except Exception as exc:  # reported by the main thread
            errors.append(exc)

    def work():
        barrier.wait()
        done = 0
        while done < n_each:
            try:
                with demo_registry.session(DIRECTOR) as s:
                    farm = repo.get_record(s, DIRECTOR, "farms", 2)
                    repo.update_record(s, DIRECTOR, "farms", 2,
                                       {"household_size": farm["household_size"] + 1},
                                       expected_version=farm["version"])
                done += 1
            except repo.ConflictError:
                conflicts.append(1)
            except Exception as exc:  # SQLite: 'database is locked' under contention
                if "locked" not in str(exc):
                    raise
                conflicts.append(1)

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with demo_registry.session(DIRECTOR) as s:
        farm = repo.get_record(s, DIRECTOR, "farms", 2)
        log = repo.audit_entries(s, DIRECTOR, table="farms", row_id=2)
    assert not errors, errors
    assert farm["household_size"] == start + 2 * n_each  # every increment kept
    assert farm["version"] == 1 + 2 * n_each
    assert sum(e["action"] == "update" for e in log) == 2 * n_each


def test_geodesic_area_against_spherical_formula():
    # 0.01 x 0.01 degree cell at 45 N; authalic-sphere area R^2 * dlon * (sin f2 - sin f1)
    r = 6371007.181
    lon0, lat0, d = 70.0, 45.0, 0.01
    ring = [(lon0, lat0), (lon0 + d, lat0), (lon0 + d, lat0 + d), (lon0, lat0 + d), (lon0, lat0)]
    sphere = r ** 2 * math.radians(d) * (math.sin(math.radians(lat0 + d))
                                         - math.sin(math.radians(lat0))) / 1e4
    assert geodesic_area_ha([ring]) == pytest.approx(sphere, rel=5e-3)
    geometry = {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}
    _text, area = field_area(geometry, sphere)
    with pytest.raises(GeometryProblem, match="differs"):
        field_area(geometry, sphere * 1.2)


def test_priority_score_is_transparent():
    weights = {"women": 3.0, "youth": 2.0, "elderly": 2.0, "vulnerable": 3.0}
    p = {"beneficiaries_total": 20, "beneficiaries_women": 10, "beneficiaries_youth": 5,
         "beneficiaries_elderly": 0, "beneficiaries_vulnerable": 2}
    # 100 * (3*0.5 + 2*0.25 + 0 + 3*0.1) / 10 = 23.0
    assert priority_score(p, weights) == 23.0
    assert priority_score(p, {}) == 0.0


def test_trustee_decides_a_proposal(demo_registry):
    trustee = Actor("board", "trustee")
    with demo_registry.session(trustee) as s:
        submitted = repo.list_records(s, trustee, "proposals", status="submitted")[0]
        out = repo.decide_proposal(s, trustee, submitted["id"], "approved", "funded")
    assert out["status"] == "approved" and out["decided_on"] == dt.date.today()
    with demo_registry.session(trustee) as s, pytest.raises(InputError, match="cannot be"):
        repo.decide_proposal(s, trustee, submitted["id"], "rejected")


def _export(reg, directory, xlsx=False):
    with reg.session(DIRECTOR) as s:
        return export_dir(s, DIRECTOR, directory, xlsx=xlsx)


def test_export_import_round_trip(demo_registry, registry, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    files = _export(demo_registry, first, xlsx=True)
    assert (first / "fields.geojson").exists() and (first / "zhassyl.xlsx") in files
    features = json.loads((first / "fields.geojson").read_text())["features"]
    assert sum(f["properties"]["area_ha"] for f in features) == pytest.approx(183.0, abs=0.01)
    with registry.session(DIRECTOR) as s:
        counts = import_path(s, DIRECTOR, first)
    assert counts["fields"] == len(features)
    _export(registry, second)
    tables = [p.name for p in first.glob("*.csv") if p.name != "audit_log.csv"]
    match, mismatch, errors = filecmp.cmpfiles(first, second, [*tables, "fields.geojson"],
                                               shallow=False)
    assert not mismatch and not errors and len(match) == len(tables) + 1
    # new rows after an import get fresh ids (PostgreSQL sequences moved on)
    with registry.session(DIRECTOR) as s:
        r = repo.create_record(s, DIRECTOR, "regions", {"code": "x", "name": "X"})
    assert r["id"] == 8


def test_xlsx_and_geojson_imports(demo_registry, databases, backend, tmp_path):
    _export(demo_registry, tmp_path, xlsx=True)
    reg = connect(databases.fresh(backend))
    try:
        with reg.session(DIRECTOR) as s:
            counts = import_path(s, DIRECTOR, tmp_path / "zhassyl.xlsx")
        assert counts["farms"] == 30 and counts["fields"] == 40
        assert checksum_data(reg) == checksum_data(demo_registry)
    finally:
        reg.engine.dispose()
    reg = connect(databases.fresh(backend))
    try:
        with reg.session(DIRECTOR) as s:
            for t in ("regions", "districts", "communities", "cooperatives", "people", "farms"):
                import_path(s, DIRECTOR, tmp_path / f"{t}.csv")
            assert import_path(s, DIRECTOR, tmp_path / "fields.geojson") == {"fields": 40}
    finally:
        reg.engine.dispose()


def checksum_data(reg):
    """Rows of every data table (not the audit log) as comparable lists."""
    from zhassyl.registry.importexport import EXPORT_TABLES, table_rows

    with reg.sessions() as s:
        return {t: table_rows(s, t)[1] for t in EXPORT_TABLES}


def test_backup_and_restore(demo_registry, tmp_path):
    before = checksum(demo_registry.engine)
    path = backup(demo_registry.engine, DIRECTOR, tmp_path / "registry.backup")
    with demo_registry.session(DIRECTOR) as s:
        repo.update_record(s, DIRECTOR, "farms", 3, {"name": "changed after the backup"})
    assert checksum(demo_registry.engine) != before
    restore(demo_registry.engine, DIRECTOR, path)
    assert checksum(demo_registry.engine) == before
    with demo_registry.session(DIRECTOR) as s:  # still usable, audit still append-only
        repo.update_record(s, DIRECTOR, "farms", 3, {"name": "after restore"})
    bogus = tmp_path / "bogus.backup"
    bogus.write_text("not a backup")
    with pytest.raises(InputError, match="not a"):
        restore(demo_registry.engine, DIRECTOR, bogus)
    with pytest.raises(PermissionDenied):
        restore(demo_registry.engine, Actor("s", "staff"), path)


def test_cli_init_demo_list_export_import(tmp_path, monkeypatch, capsys):
    from zhassyl import cli

    monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "db", "farms")
                        if "db" not in cli.COMMAND_MODULES else cli.COMMAND_MODULES)
    monkeypatch.setenv("ZHASSYL_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert cli.main(["db", "init", "--demo"]) == 0
    assert "SYNTHETIC" in capsys.readouterr().out
    assert cli.main(["db", "init", "--demo"]) == 1  # never seeds twice
    assert cli.main(["farms", "list", "--region", "mangystau", "--format", "json"]) == 0
    out = capsys.readouterr().out
    farms = json.loads(out[out.index("["):])
    assert farms and all(f["region"] == "mangystau" for f in farms)
    assert cli.main(["farms", "list", "--role", "viewer"]) == 1
    assert "permission denied" in capsys.readouterr().err
    assert cli.main(["db", "export", str(tmp_path / "out")]) == 0
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert cli.main(["db", "init", "--database-url", other]) == 0
    assert cli.main(["db", "import", str(tmp_path / "out"), "--database-url", other]) == 0
    assert cli.main(["db", "import", str(tmp_path / "out"), "--database-url", other]) == 1
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["db", "backup", str(tmp_path / "b.db")]) == 0
    assert cli.main(["db", "restore", str(tmp_path / "b.db"), "--database-url", other]) == 0
    assert cli.main(["db", "summary", "--role", "viewer", "--format", "csv"]) == 0
    assert "women_participants,58" in capsys.readouterr().out
    assert cli.main(["db", "migrate"]) == 0
