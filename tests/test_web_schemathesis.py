"""schemathesis against /openapi.json with a signed-in token: no 5xx on any API operation."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from web_support import PASSWORD, demo_registry
from zhassyl.web.app import create_app
from zhassyl.web.settings import WebSettings


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    registry = demo_registry(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    return create_app(WebSettings(warm_engine=False, login_attempts=10**6), registry)


@pytest.fixture(scope="module")
def token(app):
    from fastapi.testclient import TestClient

    r = TestClient(app).post("/api/token", data={"username": "staff", "password": PASSWORD})
    return r.json()["access_token"]


def test_no_server_errors(app, token):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [op.ok() for op in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/farms", "/api/scenarios", "/api/token"}
    failures = []
    statuses: dict[str, set[int]] = {}
    for op in operations:
        strategy = op.as_strategy()

        @settings(max_examples=40 if op.path != "/api/scenarios" else 25, deadline=None,
                  database=None, suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def run(case):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            response = case.call()
            statuses.setdefault(case.operation.label, set()).add(response.status_code)
            if response.status_code >= 500:
                failures.append((case.operation.label, case.body, case.path_parameters, case.query,
                                 response.status_code, response.text[:300]))
            assert "Traceback" not in response.text

        run()
    assert not failures, failures[:5]
    # the token worked: every read operation answered 200 at least once
    for label in ("GET /api/farms", "GET /api/summary"):
        assert 200 in statuses[label], (label, statuses[label])
