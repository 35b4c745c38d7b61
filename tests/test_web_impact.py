"""The impact and claims pages and the impact report downloads of the web app."""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
    for url in ("/impact", "/claims", "/impact/sdg", "/impact/kpis/women_participating",
                "/impact/kpis/people_trained", "/impact/kpis/area_restored_ha"):
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


def test_kpi_pages_give_definition_formula_records_and_provenance(app):
    from zhassyl.report.impact import HEADLINE
    from zhassyl.web.impact_pages import KPI_TEXT

    assert set(HEADLINE) <= set(KPI_TEXT)   # every headline figure is explained
    impact = client(app, "director").get("/impact?lang=en").text
    assert 'href="/impact/kpis/area_restored_ha?' in impact and 'href="/impact/sdg?' in impact
    assert 'href="/impact/ledger?' in impact
    c = client(app, "director")
    html = c.get("/impact/kpis/women_participating?lang=en").text
    assert 'id="kpi-definition"' in html and 'id="kpi-formula"' in html
    assert "count of people with gender female" in html
    with app.state.registry.sessions() as s:
        women = s.execute(m.Person.__table__.select().where(
            m.Person.gender == "female")).mappings().all()
    # the records it counts: the table, how many, which ids (the director reads people)
    records = html.split('id="kpi-records"')[1].split("</table>")[0]
    assert "people" in records and f">{len(women)}<" in records
    assert str(women[0]["id"]) in records and 'id="kpi-parts"' in html
    kk = c.get("/impact/kpis/women_participating?lang=kk").text
    assert "Анықтама" in kk and "Формула" in kk
    # the viewer: counts only, no ids, no parts
    v = client(app, "viewer").get("/impact/kpis/people_trained?lang=en").text
    assert 'id="kpi-definition"' in v and 'id="kpi-parts"' not in v
    assert c.get("/impact/kpis/no_such_kpi").status_code == 422
    # the thresholds in the formula are those of the data file the KPI reads
    from zhassyl.impact.data import restoration_criteria

    crit = restoration_criteria()
    restored = c.get("/impact/kpis/area_restored_ha?lang=en").text
    formula = restored.split('id="kpi-formula"')[1].split("</p>")[0]
    assert f"ECe &lt; {crit['ece_max_ds_m'].value:.1f} dS/m" in formula
    assert f"at least {crit['established_min_cuts'].value:.0f} measured cuts" in formula


def test_sdg_page_aggregate_for_everyone_fields_for_roles_that_read_them(app):
    d = client(app, "director").get("/impact/sdg?lang=en")
    assert d.status_code == 200
    assert 'id="sdg-total"' in d.text and 'id="sdg-fields"' in d.text
    assert "proportion degraded" in d.text
    v = client(app, "viewer").get("/impact/sdg?lang=ru")
    assert v.status_code == 200 and 'id="sdg-fields"' not in v.text
    assert client(app, "director").get("/impact/sdg?baseline=20x4").status_code == 422


@pytest.mark.parametrize("role", ["director", "trustee", "auditor", "staff", "viewer"])
def test_ledger_page_only_for_roles_that_read_money(app, role):
    r = client(app, role).get("/impact/ledger?lang=en")
    if role in ("director", "trustee", "auditor"):
        assert r.status_code == 200
        assert 'id="reconciliation"' in r.text and 'id="costs"' in r.text
        assert 'id="ledger-status"' in r.text
    else:
        assert r.status_code == 403


class _VisibleText(HTMLParser):
    """The text a reader sees, without scripts, styles, code and parts marked ``lang="en"``.

    A citation of an English source (data-file sources, SDG resolution) is marked
    ``lang="en"`` on purpose (a screen reader then reads it as English).
    """

    VOID = {"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.hidden: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.hidden.append(tag in ("script", "style", "code")
                               or dict(attrs).get("lang") == "en")

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.hidden:
            self.hidden.pop()

    def handle_data(self, data):
        if not any(self.hidden):
            self.text.append(data)


def english_words(html: str, allowed: set[str]) -> set[str]:
    """Plain English-looking words (3+ Latin letters, no digits, dashes or underscores)."""
    parser = _VisibleText()
    parser.feed(html)
    words = {tok.strip(",;:()[].·…\"'") for tok in " ".join(parser.text).split()}
    return {w for w in words if re.fullmatch(r"[A-Za-z][a-z]{2,}", w) and w not in allowed}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_kpi_sdg_and_ledger_pages_have_no_english_text_in_kk_and_ru(app, lang):
    from zhassyl.web.impact_pages import KPI_TEXT

    c = client(app, "director")
    with app.state.registry.sessions() as s:
        regions = {r["code"] for r in s.execute(m.Region.__table__.select()).mappings()}
        donors = {w for r in s.execute(m.Grant.__table__.select()).mappings()
                  for w in re.findall(r"[A-Za-z]+", r["donor"])}
    # identifiers and names, not text: region codes, the user's name, donors' names, the
    # programme's name, a cited author (Sims et al.) and IPCC's "Tier 1"
    allowed = regions | donors | {"director", "Zhassyl", "Sims", "Tier"}
    for url in ["/impact/sdg", "/impact/ledger", *(f"/impact/kpis/{k}" for k in KPI_TEXT)]:
        r = c.get(f"{url}?lang={lang}")
        assert r.status_code == 200, url
        assert english_words(r.text, allowed) == set(), url


def test_sdg_targets_ledger_rates_and_kpi_reasons_in_the_page_language(app):
    from zhassyl.impact.explain import localised_parts
    from zhassyl.impact.kpi import REASONS
    from zhassyl.impact.sdg import sdg_table

    c = client(app, "director")
    targets = {t["target"]: t for t in sdg_table("en")}
    assert all(t["translation_source"] for t in targets.values())
    for lang, word in (("ru", "опустыниванием"), ("kk", "Шөлейттенумен")):
        rows = {t["target"]: t for t in sdg_table(lang)}
        assert word in rows["15.3"]["target_text"]
        assert rows.keys() == targets.keys()
        html = c.get(f"/impact/sdg?lang={lang}").text
        assert rows["6.4"]["target_text"] in html and targets["6.4"]["target_text"] not in html
    # the exchange-rate note: the rate's status in words, the number in the locale's format
    note = c.get("/impact/ledger?lang=kk").text.split('id="rates-note">')[1].split("</p>")[0]
    assert "дереккөзден" in note and "sourced" not in note
    assert re.search(r"USD \d[\d\u00a0 ]*,\d\d KZT", note), note
    # the reasons a criterion was not judged, and the groups, are message ids shown translated
    row = {"reason": "; ".join((REASONS["ece"], REASONS["soc"])), "groups": "men;youth",
           "age_group": "elderly", "kind": "seasonal", "field_id": 7}
    ru = localised_parts([row], "ru")[0]
    assert ru == {"reason": "нет пробы на ECe; меньше двух проб на SOC",
                  "groups": "мужчины, молодёжь", "age_group": ru["age_group"],
                  "kind": "сезонная", "field_id": 7}
    assert ru["age_group"] != "elderly"
    assert localised_parts([row], "en")[0]["groups"] == "men, youth"


def test_farm_and_field_pages_say_soil_water_source_and_irrigation_in_the_language(app):
    from zhassyl.i18n import gettext
    from zhassyl.web.services import TERM_LABELS

    c = client(app, "director")
    with app.state.registry.sessions() as s:
        field = s.execute(m.Field.__table__.select().where(m.Field.id == 1)).mappings().one()
    facts = c.get("/fields/1?lang=ru").text.split('<dl class="facts">')[1].split("</dl>")[0]
    for code in (field["soil_texture"], field["water_source"]):
        assert f"<dd>{gettext(TERM_LABELS[code], 'ru')}</dd>" in facts
        assert f"<dd>{code}</dd>" not in facts
    farm = c.get(f"/farms/{field['farm_id']}?lang=kk").text
    assert f"<td>{gettext(TERM_LABELS[field['soil_texture']], 'kk')}</td>" in farm
    # the scenario's inputs name their source in the page's language
    page = c.get("/scenario?region=kyzylorda&systems=alfalfa-sole&years=1&lang=kk").text
    assert f"({gettext('default', 'kk')})" in page and "(default)" not in page
    # every stored vocabulary has its words
    assert set(m.SOIL_TEXTURES) | set(m.WATER_SOURCES) <= TERM_LABELS.keys()
