"""The impact report: three languages, HTML, PDF (pdftotext) and XLSX (openpyxl) on the demo."""

import json
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from zhassyl.cli import main
from zhassyl.impact.model_runs import simulate_practices
from zhassyl.impact.programme import load_programme
from zhassyl.registry.db import connect
from zhassyl.registry.policy import Actor
from zhassyl.registry.repositories import ledger_records
from zhassyl.report.html import render_impact_html
from zhassyl.report.impact import fmt_number, report_data
from zhassyl.report.pdf import html_to_pdf

KAZAKH_LETTERS = "әғқңөұүһі"
TITLES = {"en": "Impact report", "ru": "Отчёт о результатах", "kk": "Нәтижелер туралы есеп"}


@pytest.fixture(scope="module")
def programme(demo_url):
    auditor = Actor("a", "auditor")
    with connect(demo_url).session(auditor) as s:
        return load_programme(s, auditor), ledger_records(s, auditor)


@pytest.fixture(scope="module")
def simulate():
    """The real model runs, each (region, systems) run once for the whole module."""
    memo = {}

    def run(region, systems):
        key = (region, tuple(systems))
        if key not in memo:
            memo[key] = simulate_practices(region, tuple(systems))
        return memo[key]

    return run


@pytest.fixture(scope="module")
def reports(programme, simulate):
    prog, ledger = programme
    return {lang: report_data(prog, lang=lang, region=None, period=None, ledger=ledger,
                              simulate=simulate) for lang in ("en", "ru", "kk")}


def pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_html_renders_in_three_languages(reports, lang):
    html = render_impact_html(reports[lang])
    assert TITLES[lang] in html
    assert html.count("<svg") >= 4 and "<polygon" in html   # charts and the field map
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
    for verdict in ("implausible", "supported", "untestable"):
        assert reports[lang]["words"][verdict] in html
    assert "SDG 15" in html


def test_kazakh_pdf_has_headline_figures_and_kazakh_letters(reports, tmp_path):
    data = reports["kk"]
    # pdftotext writes the no-break spaces that group thousands as plain spaces
    text = pdftotext(html_to_pdf(render_impact_html(data)), tmp_path).replace("\xa0", " ")
    kpis = {k["kpi"]: k["value"] for k in data["kpis"]}
    for kpi in ("area_sown_ha", "jobs_total", "people_trained", "women_participating",
                "water_saved_m3"):
        assert fmt_number(kpis[kpi], "kk").replace("\xa0", " ") in text, kpi
    assert TITLES["kk"] in text
    found = {c for c in KAZAKH_LETTERS if c in text}
    assert found >= set("әғқңөұүі"), found   # every one the Kazakh text uses


def test_font_has_every_kazakh_letter(tmp_path):
    pdf = html_to_pdf(f"<p style='font-family: DejaVu Sans'>{KAZAKH_LETTERS}</p>")
    assert KAZAKH_LETTERS in pdftotext(pdf, tmp_path).replace(" ", "")
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout
    embedded = fonts.splitlines()[2:]
    # one font, DejaVu Sans, drew all nine letters (no fallback font was needed)
    assert len(embedded) == 1 and "DejaVu-Sans" in embedded[0], fonts


def test_cli_pdf_english(demo_url, tmp_path):
    out = tmp_path / "r.pdf"
    assert main(["report", "impact", "--lang", "en", "--format", "pdf", "-o", str(out),
                 "--database-url", demo_url, "--region", "kyzylorda"]) == 0
    text = pdftotext(out.read_bytes(), tmp_path)
    assert "Impact report" in text and "kyzylorda" in text


def test_xlsx_totals_equal_json(demo_url, tmp_path):
    xlsx, js, ledger_js = tmp_path / "r.xlsx", tmp_path / "k.json", tmp_path / "l.json"
    args = ["--database-url", demo_url, "--role", "auditor"]
    assert main(["report", "impact", "--lang", "ru", "--format", "xlsx", "-o", str(xlsx),
                 *args]) == 0
    assert main(["impact", "--format", "json", "-o", str(js), *args]) == 0
    assert main(["impact", "ledger", "--format", "json", "-o", str(ledger_js), *args]) == 0
    wb = load_workbook(xlsx)
    sheet = wb["KPIs"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2,
                                                                         values_only=True)}
    kpis = {k["kpi"]: k for k in json.loads(js.read_text(encoding="utf-8"))}
    assert set(rows) == set(kpis)
    value_col = header[2]
    for kpi, k in kpis.items():
        assert rows[kpi][value_col] == k["value"], kpi
        assert rows[kpi]["p10"] == k["p10"] and rows[kpi]["p90"] == k["p90"], kpi
    money = wb["Money"]
    rec = json.loads(ledger_js.read_text(encoding="utf-8"))["reconciliation"]
    sheet_rows = list(money.iter_rows(min_row=2, values_only=True))
    assert [r[3:7] for r in sheet_rows] == [
        (r["received"], r["disbursed"], r["committed"], r["balance"]) for r in rec]


def test_money_hidden_from_staff(demo_url, tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", "impact", "--lang", "en", "--format", "html", "-o", str(out),
                 "--database-url", demo_url, "--role", "staff", "--region", "almaty"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "shown to the director, trustees and auditor only" in html
    assert "GEF Small Grants" not in html


def test_pdftotext_available():
    assert shutil.which("pdftotext"), "scripts/install-pdf-deps.sh installs poppler-utils"
