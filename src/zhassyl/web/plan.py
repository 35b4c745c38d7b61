"""The farmer's field plan: HTML from a template, PDF by :func:`zhassyl.report.pdf.html_to_pdf`.

Used by the web route ``/fields/{id}/plan.pdf`` and by ``zhassyl plan``.
"""

from __future__ import annotations

from importlib import resources

from fastapi.templating import Jinja2Templates

from zhassyl.i18n import gettext
from zhassyl.registry import repositories as repo
from zhassyl.registry.policy import Actor
from zhassyl.web import services
from zhassyl.web.locale import format_date, format_day_month, format_number

#: The package's templates (pages and the plan).
TEMPLATES = Jinja2Templates(directory=str(resources.files("zhassyl.web") / "templates"))


def field_region(session, actor: Actor, field_row: dict) -> str:
    """The region id of a field (through the farm list the actor may see)."""
    rows, _total = repo.farm_page(session, actor, farm_id=field_row["farm_id"], limit=1)
    if not rows:
        raise repo.NotFound(f"farms: no row with id {field_row['farm_id']}")
    return rows[0]["region"]


def plan_html(field: dict, lang: str) -> str:
    """The HTML of a field plan (rendered to PDF by :func:`plan_pdf`).

    ``field`` is the field's :func:`zhassyl.web.services.field_inputs`.
    """
    plan = services.field_plan(field)
    template = TEMPLATES.env.get_template("plan.html")
    return template.render(plan=plan, lang=lang, _=lambda m: gettext(m, lang),
                           num=lambda v, d=1: format_number(v, lang, d),
                           date=lambda v: format_date(v, lang),
                           term=lambda code: services.term_label(code, lang),
                           daymonth=lambda v: format_day_month(v, lang))


def plan_pdf(field: dict, lang: str) -> bytes:
    """The field plan as PDF bytes (WeasyPrint, DejaVu fonts: every Kazakh letter)."""
    from zhassyl.report.pdf import html_to_pdf

    static = resources.files("zhassyl.web") / "static"
    return html_to_pdf(plan_html(field, lang), base_url=str(static) + "/")
