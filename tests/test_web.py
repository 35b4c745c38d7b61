"""The web app over a real SQLite registry: sign-in, sessions, CSRF, headers, languages,
pages, uploads, the JSON API, and that nobody sees more than the policy allows."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from test_registry_support import BACKENDS, databases  # noqa: F401 - fixture
from web_support import ADMIN, PASSWORD, api_token, csrf_of, sign_in
from zhassyl.registry import repositories as repo
from zhassyl.registry import users
from zhassyl.registry.db import connect
from zhassyl.registry.policy import Actor
from zhassyl.web.app import create_app
from zhassyl.web.settings import WebSettings


@pytest.fixture(scope="module", params=BACKENDS)
def registry(request, databases):  # noqa: F811 - the imported fixture
    """The demo programme and users on SQLite and (in CI) on PostgreSQL."""
    url = databases.fresh(request.param, seeded=True)
    reg = connect(url)
    with reg.session(ADMIN) as s:
        users.seed_demo_users(s, ADMIN, PASSWORD)
    yield reg
    reg.engine.dispose()


@pytest.fixture()
def app(registry):
    return create_app(WebSettings(warm_engine=False, login_attempts=3), registry)


@pytest.fixture()
def client(app):
    with TestClient(app) as c:
        yield c


def signed_in(app, name, password=PASSWORD):
    c = TestClient(app)
    assert sign_in(c, name, password).status_code == 303
    return c


def test_password_hash_is_argon2_and_never_in_the_audit_log(registry):
    with registry.sessions() as s:
        stored = s.scalar(users.User.__table__.select().with_only_columns(
            users.User.password_hash).where(users.User.name == "staff"))
        entries = repo.audit_entries(s, Actor("a", "auditor"), table="users")
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert entries and all("password" not in (e["new_values"] or "") for e in entries)


def test_anonymous_is_sent_to_sign_in(client):
    r = client.get("/farms/1", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Ffarms%2F1"
    assert client.get("/api/farms").status_code == 401
    assert client.get("/api/farms").json()["detail"]


def test_sign_in_sets_a_signed_httponly_samesite_cookie_and_rotates_the_session(client):
    before = client.cookies.get("zhassyl_session")
    r = sign_in(client, "staff")
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert client.cookies.get("zhassyl_session") != before
    assert "staff" in client.get("/").text
    # a forged cookie is not a session
    client.cookies.set("zhassyl_session", client.cookies.get("zhassyl_session")[:-2] + "xx")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_secure_cookie_over_https(registry):
    app = create_app(WebSettings(warm_engine=False, https=True), registry)
    with TestClient(app, base_url="https://testserver") as c:
        r = c.get("/login")
        assert "Secure" in r.headers["set-cookie"]
        assert r.headers["strict-transport-security"]


def test_wrong_password_and_rate_limit(client):
    for _ in range(3):
        r = sign_in(client, "trustee", "not-the-password")
        assert r.status_code == 401
    # the limit holds even for the right password now
    assert sign_in(client, "trustee").status_code == 429
    r = client.post("/api/token", data={"username": "trustee", "password": PASSWORD})
    assert r.status_code == 429 and r.json()["detail"]


def test_security_headers_on_pages_api_and_static(client):
    for path in ("/login", "/api/summary", "/static/app.css", "/openapi.json", "/nowhere"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert h["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_and_no_external_assets(app):
    c = signed_in(app, "director")
    for path in ("/", "/farms", "/farms/1", "/fields/1", "/proposals", "/trainings", "/audit",
                 "/scenario?region=kyzylorda&systems=green-cover-alfalfa&years=1"):
        html = c.get(path).text
        assert "<script>" not in html and "<script " not in html.replace(
            '<script src="/static/app.js" defer>', "")
        assert " style=" not in html and "<style" not in html
        assert "http://" not in html.replace("http://testserver", "") and "https://" not in html


def test_disabled_user_loses_the_session(app, registry):
    with registry.session(Actor("x", "director")) as s:
        users.add_user(s, Actor("x", "director"), "leaving", "staff", "a long password")
    c = signed_in(app, "leaving", "a long password")
    assert c.get("/farms").status_code == 200
    with registry.session(Actor("x", "director")) as s:
        users.set_disabled(s, Actor("x", "director"), "leaving")
    assert c.get("/farms", follow_redirects=False).status_code == 303
    assert sign_in(TestClient(app), "leaving", "a long password").status_code == 401


def test_language_by_query_then_cookie_then_accept_language(client):
    assert "Кіру" in client.get("/login?lang=kk").text          # Kazakh "Sign in"
    assert "Кіру" in client.get("/login").text                  # remembered in the cookie
    fresh = TestClient(client.app)
    r = fresh.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert "Войти" in r.text and r.headers["content-language"] == "ru"
    assert "Sign in" in fresh.get("/login", headers={"Accept-Language": "de"}).text
    # API errors follow the language too
    assert fresh.get("/api/farms?lang=kk").json()["detail"] == "алдымен жүйеге кіріңіз"


def test_farmer_sees_own_farm_and_is_refused_another(app):
    c = signed_in(app, "farmer")
    assert c.get("/farms/1").status_code == 200
    assert c.get("/farms/2").status_code == 403
    assert [f["id"] for f in c.get("/api/farms", headers=api_token(c, "farmer")).json()] == [1]
    assert c.get("/api/farms/2", headers=api_token(c, "farmer")).status_code == 403


def _geojson(name="Upload field", area=1.75, ring=None):
    # 0.002 deg x 0.001 deg at 44.8 N: about 158 m x 111 m = 1.75 ha
    ring = ring or [[65.5, 44.8], [65.502, 44.8], [65.502, 44.801], [65.5, 44.801], [65.5, 44.8]]
    return json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"name": name, "declared_area_ha": area, "soil_texture": "loam",
                       "water_source": "canal", "ece_initial_ds_m": 8.0}}]})


def test_register_farm_and_upload_geojson_field(app, registry):
    c = signed_in(app, "staff")
    page = c.get("/farms")
    r = c.post("/farms", data={"csrf_token": csrf_of(page.text), "name": "Upload test farm",
                               "community_id": "1", "household_size": "5",
                               "head_gender": "female", "size_ha": "10",
                               "irrigated_ha": "8"}, follow_redirects=False)
    assert r.status_code == 303
    farm_url = r.headers["location"]
    token = csrf_of(c.get(farm_url).text)
    r = c.post(farm_url + "/fields", data={"csrf_token": token},
               files={"geojson": ("f.geojson", _geojson(), "application/geo+json")},
               follow_redirects=False)
    assert r.status_code == 303
    assert "Upload field" in c.get(farm_url).text
    # a polygon that does not close: the problem is named, nothing is stored
    bad = _geojson("Broken", ring=[[65.5, 44.8], [65.502, 44.8], [65.502, 44.801],
                                   [65.5, 44.801]])
    r = c.post(farm_url + "/fields", data={"csrf_token": token},
               files={"geojson": ("bad.geojson", bad, "application/geo+json")})
    assert r.status_code == 422 and "bad.geojson" in r.text and "row 1" in r.text
    assert "Broken" not in c.get(farm_url).text


def test_invalid_farm_form_names_the_field_and_stores_nothing(app):
    c = signed_in(app, "staff")
    before = c.get("/farms?q=Invalid+farm").text.count("Invalid farm")
    r = c.post("/farms", data={"csrf_token": csrf_of(c.get("/farms").text),
                               "name": "Invalid farm", "community_id": "1",
                               "household_size": "0", "head_gender": "female",
                               "size_ha": "1", "irrigated_ha": "1"})
    assert r.status_code == 422 and "household_size" in r.text
    assert c.get("/farms?q=Invalid+farm").text.count("Invalid farm") == before


def test_trustee_decides_a_proposal_and_the_audit_log_records_it(app, registry):
    c = signed_in(app, "trustee")
    with registry.sessions() as s:
        pid = next(p["id"] for p in repo.list_records(s, Actor("a", "auditor"), "proposals")
                   if p["status"] == "submitted")
    r = c.post(f"/proposals/{pid}/decision", data={
        "csrf_token": csrf_of(c.get("/proposals").text), "status": "approved",
        "note": "priority to women"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/proposals", r.headers
    with registry.sessions() as s:
        log = repo.audit_entries(s, Actor("a", "auditor"), table="proposals", row_id=pid)
        row = repo.get_record(s, Actor("a", "auditor"), "proposals", pid)
        everything = repo.audit_entries(s, Actor("a", "auditor"), table="proposals")
    decided = [e for e in log if e["action"] == "update"]
    assert [e["actor"] for e in decided] == ["trustee"], (
        f"pid={pid} status={row['status']} version={row['version']} last="
        f"{[(e['id'], e['actor'], e['action'], e['row_id']) for e in everything[-3:]]}")
    assert "approved" in decided[0]["new_values"]
    assert "priority to women" in signed_in(app, "auditor").get("/audit?table=proposals").text


def test_import_page_reports_row_errors_and_stores_nothing(app, registry):
    c = signed_in(app, "director")
    csv = "name,code\nNew region,new-region\nBad region,\n"
    with registry.sessions() as s:
        before = len(repo.list_records(s, Actor("a", "auditor"), "regions"))
    r = c.post("/imports", data={"csrf_token": csrf_of(c.get("/imports").text),
                                 "table": "regions"},
               files={"file": ("regions.csv", csv, "text/csv")})
    assert r.status_code == 422 and "row 3" in r.text
    with registry.sessions() as s:
        assert len(repo.list_records(s, Actor("a", "auditor"), "regions")) == before


def test_api_endpoints_and_json_errors(client):
    h = api_token(client, "agronomist")
    farms = client.get("/api/farms", headers=h).json()
    assert len(farms) >= 30 and {"id", "name", "region"} <= set(farms[0])
    farm = client.get("/api/farms/1", headers=h).json()
    assert farm["field_ids"]
    fld = client.get(f"/api/fields/{farm['field_ids'][0]}", headers=h).json()
    assert fld["geometry"]["type"] == "Polygon" and fld["seasons"]
    assert client.get("/api/summary", headers=h).json()["farms"] >= 30
    r = client.get("/api/fields/999999", headers=h)
    assert r.status_code == 404 and set(r.json()) == {"detail"}
    r = client.post("/api/scenarios", headers=h, json={"region": "atlantis", "systems": [],
                                                       "years": 1})
    assert r.status_code == 422 and "Traceback" not in r.text
    r = client.get("/api/farms", headers={"Authorization": "Bearer forged"})
    assert r.status_code == 401
    spec = client.get("/openapi.json").json()
    assert {"/api/token", "/api/farms", "/api/farms/{farm_id}", "/api/fields/{field_id}",
            "/api/summary", "/api/scenarios", "/healthz"} <= set(spec["paths"])


def test_api_scenario_records_have_the_compare_keys(client):
    from zhassyl.web.services import COMPARE_KEYS

    h = api_token(client, "viewer")
    r = client.post("/api/scenarios", headers=h, json={
        "region": "kyzylorda", "systems": ["green-cover-alfalfa", "rice-flood"], "years": 2})
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["records"]) == 4
    assert set(COMPARE_KEYS) <= set(body["records"][0])
    prov = body["provenance"]
    # the baseline is the region's default practice, not the first system listed
    assert prov["level"] == "farm" and prov["baseline"] == "rice-flood"
    assert prov["baseline_source"] == "default" and prov["engine_version"]
    assert prov["inputs"]["ece0_ds_m"]["source"] == "default" and prov["scenario_hashes"]["1"]
    swapped = client.post("/api/scenarios", headers=h, json={
        "region": "kyzylorda", "systems": ["rice-flood", "green-cover-alfalfa"], "years": 2})
    key = lambda r: (r["system"], r["year"])  # noqa: E731
    assert sorted(swapped.json()["records"], key=key) == sorted(body["records"], key=key)


def test_unexpected_errors_are_json_without_stack_trace(registry):
    app = create_app(WebSettings(warm_engine=False), registry)

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/boom")
    assert r.status_code == 500 and "secret internals" not in r.text and r.json()["detail"]


def test_scenario_page_shows_charts_table_and_a_shareable_link(app):
    c = signed_in(app, "viewer")
    url = "/scenario?region=kyzylorda&systems=green-cover-alfalfa&systems=rice-flood&years=2"
    html = c.get(url).text
    assert html.count('<svg class="chart"') == 6
    assert 'id="share"' in html and "systems=rice-flood" in html
    assert "P10" in html
    # what the numbers stand for: level, baseline and its source, engine version, hashes
    assert 'id="provenance"' in html and "farm" in html and "rice-flood (default)" in html
    assert "scenario hashes" in html


def test_scenario_page_irrigation_method_and_level_are_in_the_shareable_link(app, client):
    c = signed_in(app, "agronomist")
    url = ("/scenario?field_id=1&systems=green-cover-alfalfa&years=1&level=potential"
           "&irrigation=drip")
    html = c.get(url).text
    assert '<option value="drip" selected>' in html
    assert '<option value="potential" selected>' in html
    share = html.split('id="share">')[1].split("<")[0]
    assert "irrigation=drip" in share and "level=potential" in share
    assert "irrigation_method drip (given)" in html
    # defaults are named too: a link made without a level still fixes the level it ran at
    plain = c.get("/scenario?region=kyzylorda&systems=green-cover-alfalfa&years=1").text
    link = plain.split('id="share">')[1].split("<")[0]
    assert "level=farm" in link and "irrigation=" in link and "years=1" in link
    r = c.get(url.replace("drip", "bucket"))
    assert r.status_code == 422 and "bucket" in r.text
    h = api_token(client, "viewer")
    r = client.post("/api/scenarios", headers=h, json={
        "region": "kyzylorda", "systems": ["green-cover-alfalfa"], "years": 1,
        "irrigation_method": "drip"})
    assert r.status_code == 200, r.text
    prov = r.json()["provenance"]
    assert prov["inputs"]["irrigation_method"] == {"value": "drip", "source": "given"}
    bad = client.post("/api/scenarios", headers=h, json={
        "region": "kyzylorda", "systems": ["green-cover-alfalfa"], "years": 1,
        "irrigation_method": "bucket"})
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["where"] == "irrigation_method"


def test_field_plan_pdf_through_the_api_token(client):
    h = api_token(client, "farmer")
    r = client.get("/fields/1/plan.pdf?lang=kk", headers=h)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert client.get("/fields/1/plan.pdf").status_code == 401


def test_farmer_submits_a_proposal_for_their_farm_with_the_equity_score(app, registry):
    from zhassyl.registry.validation import priority_score

    c = signed_in(app, "farmer")
    form = {"csrf_token": csrf_of(c.get("/proposals").text), "title": "Sprinklers for us",
            "support_requested": "a sprinkler set", "requested_kzt": "900000",
            "beneficiaries_total": "10", "beneficiaries_women": "6",
            "beneficiaries_youth": "2", "beneficiaries_elderly": "1",
            "beneficiaries_vulnerable": "0", "farm_id": "2"}   # farm_id is ignored for farmers
    assert c.post("/proposals", data=form, follow_redirects=False).status_code == 303
    with registry.sessions() as s:
        row = next(p for p in repo.list_records(s, Actor("a", "auditor"), "proposals")
                   if p["title"] == "Sprinklers for us")
        weights = repo.equity_weights(s)
    assert row["farm_id"] == 1 and row["status"] == "submitted"
    assert row["priority_score"] == pytest.approx(priority_score(row, weights))
    form["beneficiaries_women"] = "60"   # more women than beneficiaries: refused, named
    r = c.post("/proposals", data=form)
    problems = r.text.split('class="problems"')[1].split("</div>")[0]
    assert r.status_code == 422 and "beneficiaries_women" in problems


def test_markup_in_names_is_escaped_and_next_never_leaves_the_site(app):
    c = signed_in(app, "staff")
    r = c.post("/farms", data={"csrf_token": csrf_of(c.get("/farms").text),
                               "name": "<script>alert(1)</script>", "community_id": "1",
                               "household_size": "3", "head_gender": "male", "size_ha": "2",
                               "irrigated_ha": "1"}, follow_redirects=False)
    html = c.get(r.headers["location"]).text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    fresh = TestClient(app)
    token = csrf_of(fresh.get("/login").text)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        r = fresh.post("/login", data={"username": "viewer", "password": PASSWORD,
                                       "csrf_token": token, "next": target},
                       follow_redirects=False)
        assert r.headers["location"] == "/", target
        token = csrf_of(fresh.get("/login").text)


def test_api_field_scenario_uses_its_measured_samples_and_recorded_baseline(client, registry):
    h = api_token(client, "agronomist")
    with registry.sessions() as s:
        actor = Actor("a", "auditor")
        samples = repo.list_records(s, actor, "soil_samples", field_id=1)
        seasons = repo.list_records(s, actor, "seasons", field_id=1)
    r = client.post("/api/scenarios", headers=h, json={
        "region": "ignored", "systems": ["green-cover-alfalfa"], "years": 1, "field_id": 1})
    assert r.status_code == 200, r.text
    prov = r.json()["provenance"]
    assert prov["field_id"] == "1" and prov["level"] == "farm"
    if any(x["ece_ds_m"] is not None for x in samples):
        latest = max((x for x in samples if x["ece_ds_m"] is not None),
                     key=lambda x: (x["sampled_on"], x["id"]))
        assert prov["inputs"]["ece0_ds_m"] == {"value": latest["ece_ds_m"], "source": "measured"}
        assert "ece0_ds_m" in r.json()["records"][0]["measured_inputs"]
    before = [x["management_system"] for x in sorted(seasons, key=lambda x: x["year"])
              if x["management_system"] != "green-cover-alfalfa"]
    assert prov["baseline_source"] == ("recorded" if before else "default")
    # a stated baseline replaces the recorded one and is said to be given
    r = client.post("/api/scenarios", headers=h, json={
        "region": "kyzylorda", "systems": ["green-cover-alfalfa"], "years": 1,
        "baseline": "wheat-furrow"})
    assert r.json()["provenance"]["baseline"] == "wheat-furrow"
    assert r.json()["provenance"]["baseline_source"] == "given"


def test_api_scenario_levels(client):
    h = api_token(client, "agronomist")
    hay = {}
    for level in ("potential", "farm"):
        r = client.post("/api/scenarios", headers=h, json={
            "region": "kyzylorda", "systems": ["alfalfa-sole"], "years": 2, "level": level})
        assert r.status_code == 200 and r.json()["provenance"]["level"] == level
        hay[level] = [x["hay_t_ha"] for x in r.json()["records"] if x["role"] == "system"]
    assert all(f < p for f, p in zip(hay["farm"], hay["potential"], strict=True))
    for body in ({"region": "kyzylorda"}, {"region": "kyzylorda", "field_id": 1}):
        r = client.post("/api/scenarios", headers=h, json={
            **body, "systems": ["alfalfa-sole"], "years": 1, "level": "calibrated"})
        assert r.status_code == 422 and "calibrat" in r.text and "Traceback" not in r.text


def test_api_calibrated_level_uses_the_fields_stored_calibration(client, registry):
    from types import SimpleNamespace

    from zhassyl.registry.calibrations import field_observations, store_calibration

    agronomist = Actor("agronomist", "agronomist")
    with registry.session(agronomist) as s:
        obs = field_observations(s, agronomist, 2)
        fit = SimpleNamespace(fertility_stress_pct=35.0, stress_low_pct=25.0,
                              stress_high_pct=45.0, n_seasons=2, rmse_t_ha=1.0,
                              loso_rmse_t_ha=1.2, ec_iw_ds_m=None, ec_iw_low_ds_m=None,
                              ec_iw_high_ds_m=None)
        cal_id = store_calibration(s, agronomist, obs, fit, "test")
    h = api_token(client, "agronomist")
    r = client.post("/api/scenarios", headers=h, json={
        "region": "kyzylorda", "systems": [obs.system], "years": 1, "field_id": 2,
        "level": "calibrated"})
    assert r.status_code == 200, r.text
    prov = r.json()["provenance"]
    assert prov["level"] == "calibrated"
    assert any(f"calibration {cal_id}" in n for n in prov["notes"])


def test_training_page_lists_attendees_for_staff_and_records_a_new_one_in_kazakh(app, registry):
    c = signed_in(app, "staff")
    html = c.get("/trainings/1?lang=kk").text
    assert "Қатысушыны белгілеу" in html and 'id="attendee-form"' in html
    assert 'id="counts-form"' in html and "Тіркелген қатысушылар" in html
    with registry.sessions() as s:
        community = s.execute(text_("SELECT id FROM communities LIMIT 1")).scalar()
    r = c.post("/trainings/1/attendees", data={
        "csrf_token": csrf_of(html), "full_name": "Әйгерім Сәрсенбаева", "gender": "female",
        "age_group": "elderly", "community_id": str(community)}, follow_redirects=False)
    assert r.status_code == 303
    page = c.get("/trainings/1?lang=kk").text
    assert "Әйгерім Сәрсенбаева" in page and "егде адам" in page
    # a bad gender: one problem naming the column, nothing stored
    r = c.post("/trainings/1/attendees", data={
        "csrf_token": csrf_of(html), "full_name": "Nobody Stored", "gender": "other",
        "age_group": "adult", "community_id": str(community)})
    assert r.status_code == 422 and "gender" in r.text
    assert "Nobody Stored" not in c.get("/trainings/1").text.split('id="attendee-form"')[0]
    # the agronomist links registered people but does not see the new-person fields
    a = signed_in(app, "agronomist")
    form = a.get("/trainings/1").text
    assert 'id="attendee-form"' in form and 'name="full_name"' not in form


def text_(sql):
    from sqlalchemy import text

    return text(sql)


def test_dashboard_aggregates_are_cached_until_the_audit_log_grows(app, monkeypatch):
    """One computation per registry state; a write (audit-logged) invalidates it at once."""
    import re

    from zhassyl.web import pages

    calls = []
    real = pages.compute_aggregates
    monkeypatch.setattr(pages, "compute_aggregates",
                        lambda s, a: calls.append(1) or real(s, a))
    c = signed_in(app, "staff")

    def farms_shown():
        html = c.get("/?lang=en").text
        return int(re.search(r'<span class="value">([\d\s,\u202f\u00a0]+)</span>\s*'
                             r'<span class="label">farms ', html).group(1).replace(",", "")
                   .replace("\u202f", "").replace("\u00a0", "").strip())

    before = farms_shown()
    assert farms_shown() == before and c.get("/?lang=kk").status_code == 200
    assert len(calls) <= 1          # the second request and the other language: the copy
    r = c.post("/farms", data={"csrf_token": csrf_of(c.get("/farms").text),
                               "name": "Cache test farm", "community_id": "1",
                               "household_size": "3", "head_gender": "male",
                               "size_ha": "2", "irrigated_ha": "2"}, follow_redirects=False)
    assert r.status_code == 303
    assert farms_shown() == before + 1   # the write is seen by the very next request
