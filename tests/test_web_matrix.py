"""Every route x every role: the route's declared decision, asked of the registry policy,
is what the app does; forms without the session's CSRF token are refused; the viewer
sees no personal data anywhere, API included."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from web_support import api_token, csrf_of, demo_registry, sign_in
from zhassyl.registry import models as m
from zhassyl.registry.policy import OPERATIONS, ROLES, Actor, allowed
from zhassyl.web.app import create_app
from zhassyl.web.deps import Guard, csrf
from zhassyl.web.settings import WebSettings

#: Values for path parameters: farm 1 is the demo farmer's farm, field 1 is on it.
PATH_VALUES = {"farm_id": "1", "field_id": "1", "proposal_id": "2", "training_id": "1",
               "kpi_id": "people_trained"}
#: Mounts that serve files to everyone (no route decision needed).
PUBLIC_MOUNTS = {"/static"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    registry = demo_registry(tmp_path_factory.mktemp("matrix") / "matrix.db")
    return create_app(WebSettings(warm_engine=False, login_attempts=1000), registry)


def guards_of(route: APIRoute) -> list[Guard]:
    found = []

    def walk(dependant):
        for d in dependant.dependencies:
            if isinstance(d.call, Guard):
                found.append(d.call)
            walk(d)

    walk(route.dependant)
    return found


def has_csrf(route: APIRoute) -> bool:
    return any(d.call is csrf for d in route.dependant.dependencies)


def flat_routes(items):
    """Routes of the app, routers included (newer FastAPI wraps included routers)."""
    for r in items:
        inner = getattr(r, "original_router", None)
        if inner is not None:
            yield from flat_routes(inner.routes)
        else:
            yield r


def routes(app):
    out = []
    for r in flat_routes(app.routes):
        if isinstance(r, Mount):
            assert r.path in PUBLIC_MOUNTS, f"mount {r.path} has no decision"
            continue
        if not isinstance(r, APIRoute):
            # FastAPI's own /openapi.json: public by design
            assert r.path == "/openapi.json", f"route {r.path} has no decision"
            continue
        for method in r.methods - {"HEAD"}:
            out.append((method, r))
    return out


def test_the_impact_pages_are_in_the_matrix(app):
    paths = {r.path for _method, r in routes(app)}
    assert {"/impact", "/claims", "/impact/report.pdf", "/impact/report.xlsx"} <= paths


def test_every_route_declares_exactly_one_policy_decision(app):
    for method, route in routes(app):
        guards = guards_of(route)
        assert len(guards) == 1, f"{method} {route.path}: {guards}"
        g = guards[0]
        assert g.operation is None or g.operation in OPERATIONS
        assert g.table is None or g.table in m.MODELS or g.table in ("audit_log", "users")
        if method != "GET" and not route.path.startswith("/api"):
            assert has_csrf(route), f"{method} {route.path} lacks the CSRF check"


def url_of(route: APIRoute) -> str:
    return re.sub(r"\{(\w+)\}", lambda mt: PATH_VALUES[mt.group(1)], route.path)


def expected_status(role: str, guard: Guard, url: str) -> int:
    """What the policy says: 200 (or a form's 303/422), else 403."""
    if guard.operation is None:
        return 200
    actor = Actor(role, role, 1 if role == "farmer" else None)
    return 200 if allowed(actor, guard.operation, guard.table) else 403


@pytest.mark.parametrize("role", ROLES)
def test_route_role_matrix(app, role):
    c = TestClient(app)
    assert sign_in(c, role).status_code == 303
    bearer = api_token(c, role)
    for method, route in sorted(routes(app), key=lambda mr: mr[1].path == "/logout"):
        guard = guards_of(route)[0]
        url = url_of(route)
        want = expected_status(role, guard, url)
        headers = bearer if route.path.startswith("/api") else {}
        if method == "GET":
            r = c.get(url, headers=headers, follow_redirects=False)
            got = r.status_code
            assert got == want, f"{role} GET {url}: {got}, policy says {want}"
        else:
            data = {} if route.path.startswith("/api") else {
                "csrf_token": csrf_of(c.get("/login").text)}
            r = c.post(url, data=data, headers=headers, follow_redirects=False)
            if want == 403:
                assert r.status_code == 403, f"{role} {method} {url}: {r.status_code}"
            else:
                assert r.status_code != 403 and r.status_code < 500, (
                    f"{role} {method} {url}: {r.status_code}")


def test_anonymous_gets_sign_in_or_401(app):
    c = TestClient(app)
    for method, route in routes(app):
        guard = guards_of(route)[0]
        if guard.operation is None or method != "GET":
            continue
        r = c.get(url_of(route), follow_redirects=False)
        if route.path.startswith("/api") or route.path.endswith((".pdf", ".xlsx")):
            assert r.status_code == 401, route.path
        else:
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), (
                route.path)


def test_forms_without_the_csrf_token_are_refused(app):
    c = TestClient(app)
    assert sign_in(c, "director").status_code == 303
    checked = 0
    for method, route in routes(app):
        if method == "GET" or route.path.startswith("/api"):
            continue
        for data in ({}, {"csrf_token": "forged"}):
            r = c.post(url_of(route), data={**data, "username": "director",
                                            "password": "x"}, follow_redirects=False)
            assert r.status_code == 403, f"{route.path} with {data}: {r.status_code}"
        checked += 1
    assert checked >= 6
    # a token of another session is refused too
    other = TestClient(app)
    token = csrf_of(other.get("/login").text)
    r = c.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 403


def test_viewer_sees_no_personal_data_anywhere(app):
    registry = app.state.registry
    with registry.sessions() as s:
        people = s.execute(m.Person.__table__.select()).mappings().all()
        farms = s.execute(m.Farm.__table__.select()).mappings().all()
    personal = {p["full_name"] for p in people} | {p["phone"] for p in people if p["phone"]}
    farm_names = {f["name"] for f in farms}
    c = TestClient(app)
    assert sign_in(c, "viewer").status_code == 303
    bearer = api_token(c, "viewer")
    seen = 0
    for method, route in routes(app):
        if method != "GET":
            continue
        r = c.get(url_of(route), headers=bearer if route.path.startswith("/api") else {})
        text = r.text
        assert not any(name in text for name in personal), route.path
        assert not any(name in text for name in farm_names), route.path
        seen += r.status_code == 200
    # the aggregate pages the viewer may see were really looked at
    assert seen >= 5
    # while the staff do see names on the farm page (the check above can fail)
    staff = TestClient(app)
    sign_in(staff, "staff")
    assert any(name in staff.get("/farms/1").text for name in personal)


@pytest.mark.parametrize("role", ROLES)
def test_recording_attendance_is_decided_by_the_policy_and_audit_logged(app, role):
    """Every role posts both attendance forms: the policy decides, the audit log keeps it.

    A new attendee is a row of ``people`` (director and staff register people); linking a
    registered person is a row of ``training_attendees`` (agronomists too).
    """
    actor = Actor(role, role, 1 if role == "farmer" else None)
    registry = app.state.registry
    c = TestClient(app)
    assert sign_in(c, role).status_code == 303
    page = c.get("/trainings/1")
    assert page.status_code == (200 if allowed(actor, "read", "trainings") else 403)
    token = csrf_of(c.get("/login").text)
    with registry.sessions() as s:
        community = s.execute(m.Community.__table__.select()).mappings().first()["id"]
    new = {"csrf_token": token, "full_name": f"Attendee of {role}", "gender": "female",
           "age_group": "youth", "community_id": str(community)}
    r = c.post("/trainings/1/attendees", data=new, follow_redirects=False)
    may_link = allowed(actor, "create", "training_attendees")
    may_register = may_link and allowed(actor, "create", "people")
    assert r.status_code == (303 if may_register else 403), (role, r.status_code, r.text[:300])
    with registry.sessions() as s:
        person = s.execute(m.Person.__table__.select().where(
            m.Person.full_name == f"Attendee of {role}")).mappings().first()
    assert (person is not None) == may_register   # nothing stored when refused
    if may_register:
        assert person["gender"] == "female" and person["age_group"] == "youth"
        from zhassyl.registry import repositories as repo
        with registry.sessions() as s:
            log = repo.audit_entries(s, Actor("a", "auditor"), table="training_attendees")
        assert any(e["actor"] == role and e["action"] == "insert"
                   and json.loads(e["new_values"])["person_id"] == person["id"]
                   for e in log), log[-1:]
        # the same person twice at one event is refused, nothing stored
        again = c.post("/trainings/1/attendees", data={"csrf_token": token,
                                                        "person_id": str(person["id"])})
        assert again.status_code == 422
    # linking a registered person: director, staff and agronomists
    with registry.sessions() as s:
        linked = {a["person_id"] for a in s.execute(
            m.TrainingAttendee.__table__.select().where(
                m.TrainingAttendee.training_id == 2)).mappings()}
        free = next(p["id"] for p in s.execute(m.Person.__table__.select()).mappings()
                    if p["id"] not in linked)
    r = c.post("/trainings/2/attendees", data={"csrf_token": token, "person_id": str(free)},
               follow_redirects=False)
    assert r.status_code == (303 if may_link else 403), (role, r.status_code)
    # the counted (anonymous) attendance: roles that update trainings
    r = c.post("/trainings/2/counts", data={"csrf_token": token, "counted_women": "7",
                                            "counted_men": "5", "counted_youth": "3",
                                            "counted_elderly": "1"}, follow_redirects=False)
    assert r.status_code == (303 if allowed(actor, "update", "trainings") else 403)
    bad = c.post("/trainings/2/counts", data={"csrf_token": token, "counted_women": "-1"},
                 follow_redirects=False)
    assert bad.status_code == (422 if allowed(actor, "update", "trainings") else 403)
