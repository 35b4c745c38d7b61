"""Rendering report data as HTML with the Jinja2 templates shipped in this package."""

from __future__ import annotations

from functools import partial

from jinja2 import Environment, PackageLoader, select_autoescape

from zhassyl.report.impact import fmt_number
from zhassyl.report.labels import kpi_labels, unit_labels

#: Provenance marks shown next to each figure (legend in the report).
MARKS = {"measured": "●", "mixed": "◐", "modelled": "○"}


def environment() -> Environment:
    """A Jinja2 environment over ``zhassyl/report/templates`` with HTML autoescaping."""
    return Environment(loader=PackageLoader("zhassyl.report", "templates"),
                       autoescape=select_autoescape(["html"]))


def render_impact_html(data: dict) -> str:
    """The impact report as a self-contained HTML page (inline CSS and SVG, no network)."""
    lang = data["lang"]
    labels = kpi_labels(lang)
    units = unit_labels(lang)
    num = partial(fmt_number, lang=lang)

    def reported(c: dict) -> str:
        unit = units.get(c["unit"], c["unit"])
        if c["reported_high"] is None:
            return f"> {num(c['reported_low'])} {unit}"
        if c["reported_high"] == c["reported_low"]:
            return f"{num(c['reported_low'])} {unit}"
        return f"{num(c['reported_low'])}–{num(c['reported_high'])} {unit}"

    values = {k["kpi"]: k["value"] for k in data["kpis"]}
    return environment().get_template("impact.html").render(
        **data, w=data["words"], marks=MARKS, num=num, reported=reported,
        unit=lambda u: units.get(u, u), kpi_label=lambda k: labels.get(k, k),
        kpi_value=values.get)
