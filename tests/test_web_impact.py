"""The impact and claims pages and the impact report downloads of the web app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from web_support import demo_registry, sign_in
from zhassyl.registry import models as m
from zhassyl.web.app import create_app
from zhassyl.web.settings import WebSettings


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    registry = demo_registry(tmp_path_factory.mktemp("impact") / "impact.db")
    return create_app(WebSettings(warm_engine=False, login_attempts=1000), registry)


def client(app, role: str) -> TestClient:
    c = TestClient(app)
    assert sign_in(c, role).status_code == 303
    return c


@pytest.mark.parametrize("role", ["director", "viewer"])
def test_impact_page_shows_headline_kpis_with_provenance(app, role):
    r = client(app, role).get("/impact?lang=en")
    assert r.status_code == 200
    text = r.text
    assert "Provenance" in text and "P10-P90 over weather" in text
    # each provenance kind of the headline KPIs is shown by name
    assert "measured" in text and "modelled" in text
    assert "/impact/report.pdf" in text


def test_impact_page_region_filter_and_unknown_region(app):
    c = client(app, "director")
    assert c.get("/impact?region=kyzylorda").status_code == 200
    assert c.get("/impact?region=atlantis").status_code == 422
    assert c.get("/impact?level=calibrated").status_code == 422


@pytest.mark.parametrize("role", ["director", "viewer"])
def test_claims_page_finds_the_water_claim_implausible(app, role):
    r = client(app, role).get("/claims?lang=en")
    assert r.status_code == 200
    rows = [row for row in r.text.split("<tr>") if "verdict-" in row]
    water = [row for row in rows if "water" in row.lower()]
    assert water, "no water claim on the page"
    assert any('class="verdict-implausible"' in row for row in water)


def test_viewer_sees_no_names_on_the_impact_pages(app):
    with app.state.registry.sessions() as s:
        people = s.execute(m.Person.__table__.select()).mappings().all()
        farms = s.execute(m.Farm.__table__.select()).mappings().all()
    names = {p["full_name"] for p in people} | {f["name"] for f in farms}
    c = client(app, "viewer")
    for url in ("/impact", "/claims"):
        text = c.get(url).text
        assert not any(n in text for n in names), url


def test_impact_report_downloads(app):
    c = client(app, "director")
    r = c.get("/impact/report.pdf?lang=kk")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    r = c.get("/impact/report.xlsx?lang=ru")
    assert r.status_code == 200
    assert r.content.startswith(b"PK")  # an OOXML workbook is a zip file


def test_navigation_links_to_impact_and_claims(app):
    text = client(app, "viewer").get("/").text
    assert 'href="/impact"' in text and 'href="/claims"' in text


def test_the_money_sheets_only_for_roles_that_read_money(app):
    import io

    from openpyxl import load_workbook

    def sheets(role):
        r = client(app, role).get("/impact/report.xlsx?lang=en")
        assert r.status_code == 200
        return load_workbook(io.BytesIO(r.content), read_only=True).sheetnames

    assert "Money" in sheets("director")
    viewer = sheets("viewer")
    assert "Money" not in viewer and "KPIs" in viewer and "Claims" in viewer
