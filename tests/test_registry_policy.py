# ruff: noqa: F811 - pytest fixtures imported from test_registry_support
"""Authorisation matrix: every role x every repository operation, allowed or refused."""

from __future__ import annotations

import pytest

from test_registry_support import (  # noqa: F401 - fixtures
    DIRECTOR,
    backend,
    databases,
    demo_registry,
    demo_url,
)
from zhassyl.errors import ZhassylError
from zhassyl.registry import importexport as repo_import
from zhassyl.registry import repositories as repo
from zhassyl.registry.policy import ROLES, Actor, PermissionDenied, authorize

FARM = 1          # the farmer's own farm
OTHER_FARM = 2
W, R = "write", "read"
ALL = set(ROLES)
STAFF = {"director", "staff"}
READERS = {"director", "staff", "agronomist", "trustee", "auditor"}

# operation -> roles allowed.  Operations run on the demo programme.
MATRIX = {
    "list regions": ALL,
    "list people": READERS,
    "list farms": READERS | {"farmer"},
    "get own farm": READERS | {"farmer"},
    "get other farm": READERS,
    "list income_surveys": READERS | {"farmer"},
    "create region": STAFF,
    "update own farm": STAFF | {"farmer"},
    "update other farm": STAFF,
    "delete publication": STAFF,
    "create person": STAFF,
    "create field": STAFF | {"agronomist"},
    "update field": STAFF | {"agronomist"},
    "create season on own field": STAFF | {"agronomist", "farmer"},
    "create soil sample on other field": STAFF | {"agronomist"},
    "create training": STAFF | {"agronomist"},
    "create proposal for own farm": STAFF | {"farmer"},
    "decide proposal": {"director", "trustee"},
    "summary": ALL,
    "list farms with areas": READERS | {"farmer"},
    "read audit log": {"director", "auditor"},
    "write audit log": set(),
    "import": STAFF,
    "export": STAFF | {"auditor"},
    "backup": {"director"},
    "import grants": {"director"},
    "restore": {"director"},
}


def _polygon(lon=66.0, lat=44.0, d=0.002):
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _do(s, a, op):
    from zhassyl.registry.geometry import field_area

    if op == "list regions":
        return repo.list_records(s, a, "regions")
    if op == "list people":
        return repo.list_records(s, a, "people")
    if op == "list farms":
        rows = repo.list_records(s, a, "farms")
        if a.role == "farmer":
            assert [r["id"] for r in rows] == [FARM]  # only their own
        return rows
    if op == "get own farm":
        return repo.get_record(s, a, "farms", FARM)
    if op == "get other farm":
        return repo.get_record(s, a, "farms", OTHER_FARM)
    if op == "list income_surveys":
        rows = repo.list_records(s, a, "income_surveys")
        assert rows and (a.role != "farmer" or {r["farm_id"] for r in rows} == {FARM})
        return rows
    if op == "create region":
        return repo.create_record(s, a, "regions", {"code": "zhambyl", "name": "Zhambyl"})
    if op == "update own farm":
        return repo.update_record(s, a, "farms", FARM, {"household_size": 5})
    if op == "update other farm":
        return repo.update_record(s, a, "farms", OTHER_FARM, {"household_size": 5})
    if op == "delete publication":
        return repo.delete_record(s, a, "publications", 4)
    if op == "create person":
        return repo.create_record(s, a, "people", {
            "community_id": 1, "full_name": "New person", "gender": "female",
            "age_group": "youth"})
    if op == "create field":
        _g, area = field_area(_polygon(), None)
        return repo.create_record(s, a, "fields", {
            "farm_id": OTHER_FARM, "name": "new", "geometry": _polygon(),
            "declared_area_ha": area, "soil_texture": "loam", "water_source": "canal"})
    if op == "update field":
        return repo.update_record(s, a, "fields", 3, {"soil_texture": "clay"})
    if op == "create season on own field":
        return repo.create_record(s, a, "seasons", {
            "field_id": 1, "year": 2018, "management_system": "alfalfa-green-cover",
            "crops": "alfalfa;oats", "irrigation_method": "sprinkler", "tillage": "minimal"})
    if op == "create soil sample on other field":
        return repo.create_record(s, a, "soil_samples", {
            "field_id": 3, "sampled_on": "2018-04-01", "depth_cm": 30, "ece_ds_m": 4.2})
    if op == "create training":
        return repo.create_record(s, a, "trainings", {
            "region_id": 1, "kind": "seminar", "held_on": "2018-03-01", "place": "x",
            "topic": "y"})
    if op == "create proposal for own farm":
        return repo.create_record(s, a, "proposals", {
            "title": "t", "submitter_kind": "farmer", "farm_id": FARM, "community_id": 1,
            "submitted_on": "2018-01-01", "support_requested": "seed", "requested_kzt": 1e5,
            "beneficiaries_total": 4, "beneficiaries_women": 2, "beneficiaries_youth": 1,
            "beneficiaries_elderly": 0, "beneficiaries_vulnerable": 0, "status": "submitted"})
    if op == "decide proposal":
        pid = repo.list_records(s, DIRECTOR, "proposals", status="submitted")[0]["id"]
        return repo.decide_proposal(s, a, pid, "approved")
    if op == "summary":
        return repo.programme_summary(s, a)
    if op == "list farms with areas":
        return repo.list_farms(s, a)
    if op == "read audit log":
        return repo.audit_entries(s, a, limit=3)
    if op == "write audit log":
        return repo.update_record(s, a, "audit_log", 1, {"actor": "forged"})
    if op == "import grants":
        return repo_import.import_batch(s, a, {"grants": [("grants.csv", 2, {
            "id": "990", "donor": "Test donor", "amount": "1000", "currency": "USD",
            "starts_on": "2018-01-01", "ends_on": "2019-01-01", "purpose": "test",
            "received_amount": "1000", "balance_amount": "1000", "balance_on": ""})]})
    if op in ("import", "export", "backup", "restore"):
        return authorize(a, op)
    raise AssertionError(op)


@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(demo_registry, role):
    actor = Actor(f"user-{role}", role, FARM if role == "farmer" else None)
    failures = []
    for op, allowed_roles in MATRIX.items():
        with demo_registry.sessions() as s:
            s.info["actor"] = actor
            try:
                _do(s, actor, op)
                outcome = True
            except (PermissionDenied, repo.NotFound):
                outcome = False
            except ZhassylError as exc:  # an allowed op must not fail for other reasons
                failures.append(f"{op}: {exc}")
                continue
            finally:
                s.rollback()
        if outcome != (role in allowed_roles):
            failures.append(f"{op}: {'allowed' if outcome else 'refused'}")
    assert not failures, f"role {role}: {failures}"


def test_farmer_cannot_move_rows_to_other_farms(demo_registry):
    farmer = Actor("f", "farmer", FARM)
    with demo_registry.session(farmer) as s, pytest.raises(PermissionDenied):
        repo.create_record(s, farmer, "seasons", {
            "field_id": 3, "year": 2019, "management_system": "fallow", "crops": "none",
            "irrigation_method": "none", "tillage": "none"})
    with pytest.raises(ZhassylError):
        Actor("f", "farmer")
    with pytest.raises(ZhassylError, match="unknown role"):
        Actor("x", "superuser")
