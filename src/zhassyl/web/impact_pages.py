"""Impact pages that open the figures: one page per KPI, SDG 15.3.1, the ledger.

Every number comes from :mod:`zhassyl.impact` (KPIs, SDG 15.3.1, the ledger's
reconciliation, flags and cost-effectiveness); this module only chooses what a role
may see.  A KPI page shows its definition and formula (:data:`KPI_TEXT`), the
number of registry records it counts per table, its model runs, data sources and
note; the records themselves (ids and the per-field or per-person parts) only to
roles that may read every table the figure counts, so the viewer sees no personal
data.  The ledger page is the Fund's money: roles that read money only.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from zhassyl.i18n import N_, gettext
from zhassyl.registry.policy import Actor, allowed
from zhassyl.web import services
from zhassyl.web.deps import Guard, registry

router = APIRouter(include_in_schema=False)

#: Definition and formula of each headline KPI (docs/impact.md, "KPIs and provenance").
KPI_TEXT: dict[str, tuple[str, str]] = {
    "area_restored_ha": (
        N_("Fields whose alfalfa stand is established and whose soil and yield meet the "
           "restoration criteria of data/impact/restoration_criteria.csv."),
        N_("sum of field area [ha] over fields with: at least {cuts} measured cuts in a "
           "year after sowing, latest ECe < {ece} dS/m, SOC not down by {soc} % or more, "
           "measured hay >= {ratio} x simulated potential hay")),
    "area_sown_ha": (
        N_("Fields sown with alfalfa under a green-cover companion crop."),
        N_("sum of field area [ha] over fields with at least one green-cover alfalfa season")),
    "water_saved_m3": (
        N_("Irrigation water saved, metered use against the simulated previous practice of "
           "the same field."),
        N_("sum over field-years of (simulated irrigation of the previous practice [m3/ha] "
           "x area [ha] - metered use [m3]); metered use = last meter reading of the year "
           "minus the last one before it")),
    "water_saved_modelled_m3": (
        N_("Irrigation water saved, simulated green cover against the simulated previous "
           "practice (no meters)."),
        N_("sum over the same field-years of (simulated previous practice - simulated green "
           "cover) [m3/ha] x area [ha]")),
    "jobs_total": (
        N_("Jobs created by the programme, as registered."),
        N_("count of rows of the jobs table")),
    "people_trained": (
        N_("People trained: named attendees counted once each, plus the anonymous counts "
           "of each event."),
        N_("distinct registered people with an attendance + sum over events of (counted "
           "women + counted men)")),
    "women_participating": (
        N_("Women among the programme's registered participants."),
        N_("count of people with gender female")),
    "income_change_pct": (
        N_("Change of the total net income of the farms surveyed both at baseline and at "
           "follow-up."),
        N_("100 x (sum of follow-up net income - sum of baseline net income) / |sum of "
           "baseline net income|, earliest baseline and latest follow-up survey per farm")),
    "fodder_produced_t": (
        N_("Alfalfa hay produced on the programme's fields."),
        N_("sum over measured cuts of hay yield [t/ha] x field area [ha]")),
    "co2e_avoided_t": (
        N_("Greenhouse gases avoided by the green cover against the previous practice."),
        N_("sum over fields of (GHG balance of the previous practice - of the green cover) "
           "[t CO2e/ha/yr, 20-year horizon: RothC SOC change, rice CH4, N2O, diesel; IPCC "
           "Tier 1] x area [ha] x green-cover years")),
}

#: Column headings of the parts a KPI adds up (:func:`zhassyl.impact.explain.explanation`).
PART_LABELS = {
    "age_group": N_("age group"), "area_ha": N_("area, ha"),
    "avoided_t_co2e": N_("avoided, t CO2e"), "baseline_kzt": N_("baseline income, KZT"),
    "change_pct": N_("change, %"), "counted_men": N_("men counted"),
    "counted_women": N_("women counted"), "counterfactual_m3": N_("previous practice, m3"),
    "ece_ds_m": N_("ECe, dS/m"), "enrolled": N_("enrolled"), "established": N_("established"),
    "farm_id": N_("farm"), "field_id": N_("field"), "follow_up_kzt": N_("follow-up income, KZT"),
    "groups": N_("groups"), "hay_t_ha": N_("hay, t/ha"), "held_on": N_("date"),
    "job_id": N_("job"), "kind": N_("kind"), "metered_m3": N_("metered, m3"),
    "missing": N_("missing"), "named": N_("registered attendees"), "person_id": N_("person"),
    "potential_hay_t_ha": N_("potential hay, t/ha"),
    "previous_practice": N_("previous practice"), "productivity_ok": N_("productivity met"),
    "reason": N_("reason"), "region": N_("region"), "restored": N_("restored"),
    "salinity_ok": N_("salinity met"), "saved_metered_m3": N_("saved (meters), m3"),
    "saved_modelled_m3": N_("saved (modelled), m3"), "simulated_m3": N_("simulated, m3"),
    "soc_change_pct": N_("SOC change, %"), "soc_ok": N_("SOC met"), "sown": N_("sown"),
    "stand_year": N_("stand year"), "t": N_("t"), "training_id": N_("training"),
    "year": N_("year"), "years": N_("years"), "yield_id": N_("yield record"),
    "yield_t_ha": N_("yield, t/ha"),
}

#: What the "records counted" table calls the registry tables a KPI counts.
TABLE_LABELS = {"fields": N_("fields"), "jobs": N_("jobs"), "people": N_("people"),
                "soil_samples": N_("soil samples"), "training_attendees": N_("attendances"),
                "trainings": N_("trainings"), "water_readings": N_("water meter readings"),
                "yield_measurements": N_("yield measurements")}

#: What each SDG 15.3.1 sub-indicator class means (-1, 0, +1).
SDG_CLASS = {-1: N_("degraded"), 0: N_("stable"), 1: N_("improved")}


IMPACT_LEVEL = Query(pattern="^(potential|farm)$")
KpiId = Annotated[str, Path(pattern="^[a-z0-9_]{1,60}$")]


def formula_values(lang: str) -> dict[str, str]:
    """Thresholds the formulas name, from the data files the KPIs read (per locale)."""
    from zhassyl.impact.data import restoration_criteria
    from zhassyl.web.locale import format_number

    c = restoration_criteria()
    return {"cuts": format_number(c["established_min_cuts"].value, lang, 0),
            "ece": format_number(c["ece_max_ds_m"].value, lang, 1),
            "soc": format_number(abs(c["soc_change_min_pct"].value), lang, 0),
            "ratio": format_number(c["productivity_min_ratio"].value, lang, 1)}


def _render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    from zhassyl.web.pages import render

    return render(request, name, status_code=status_code, **context)


def _programme(request: Request, actor: Actor):
    from zhassyl.web.pages import _programme as load

    return load(request, actor)


@router.get("/impact/kpis/{kpi_id}", response_class=HTMLResponse)
def kpi_page(request: Request, kpi_id: KpiId,
             actor: Annotated[Actor, Depends(Guard("aggregate"))],
             region: Annotated[str | None, Query(max_length=40)] = None,
             level: Annotated[str, IMPACT_LEVEL] = services.DEFAULT_LEVEL):
    """One KPI opened: definition, formula, value, provenance, the records it counts."""
    from zhassyl.impact.explain import explanation, find_kpi, localised_parts
    from zhassyl.impact.kpi import compute_kpis
    from zhassyl.report.labels import kpi_labels, unit_labels

    lang = request.state.lang
    sel = _programme(request, actor).select(region or None, None)
    kpis = compute_kpis(sel, services.cached_simulate(request.app.state.model_runs, level),
                        lang, level)
    kpi = find_kpi(kpis, kpi_id)
    ex = explanation(kpi)
    counts = ex["header"]["records"]
    # the records themselves only for roles that may read every table the figure counts
    open_records = all(allowed(actor, "read", t) for t in counts)
    definition, formula = KPI_TEXT.get(kpi_id, ("", ""))
    query = urlencode([("region", region or ""), ("level", level), ("lang", lang)])
    return _render(
        request, "kpi.html", kpi=kpi, header=ex["header"],
        label=kpi_labels(lang).get(kpi.id, kpi.id),
        unit=unit_labels(lang).get(kpi.unit, kpi.unit),
        definition=gettext(definition, lang) if definition else "",
        formula=gettext(formula, lang).format(**formula_values(lang)) if formula else "",
        counts=counts, open_records=open_records,
        part_labels={k: gettext(v, lang) for k, v in PART_LABELS.items()},
        table_labels={k: gettext(v, lang) for k, v in TABLE_LABELS.items()},
        level_label=(gettext(services.CHOICE_LABELS[ex["header"]["level"]], lang)
                     if ex["header"]["level"] in services.CHOICE_LABELS else ""),
        parts=localised_parts(ex["parts"], lang) if open_records else [], level=level,
        region=region or "",
        query=query)


@router.get("/impact/sdg", response_class=HTMLResponse)
def sdg_page(request: Request, actor: Annotated[Actor, Depends(Guard("aggregate"))],
             region: Annotated[str | None, Query(max_length=40)] = None,
             baseline: Annotated[str | None, Query(max_length=20)] = None,
             reporting: Annotated[str | None, Query(max_length=20)] = None,
             level: Annotated[str, IMPACT_LEVEL] = services.DEFAULT_LEVEL):
    """SDG 15.3.1, proportion of land degraded (UNCCD GPG v2, one out all out).

    The periods default to the first year with seasons (baseline) and the years
    after it (reporting), as in the impact report.  Per-field rows only for roles
    that read fields; everyone sees the aggregate and the SDG target map.
    """
    from dataclasses import asdict

    from zhassyl.impact.kpi import field_histories, model_figures
    from zhassyl.impact.programme import Period, parse_period
    from zhassyl.impact.sdg import localised_note, sdg_15_3_1, sdg_table

    sel = _programme(request, actor).select(region or None, None)
    years = sorted({s["year"] for s in sel.table("seasons_history")})
    base = parse_period(baseline or None, "baseline")
    rep = parse_period(reporting or None, "reporting")
    if base is None and years:
        base = Period(years[0], years[0])
    if rep is None and base is not None and [y for y in years if y > base.last]:
        rep = Period(min(y for y in years if y > base.last), years[-1])
    units, total = [], {}
    if base is not None and rep is not None:
        figures = model_figures(field_histories(sel),
                                services.cached_simulate(request.app.state.model_runs,
                                                         level), level)
        units, total = sdg_15_3_1(sel, base, rep, figures)
    from zhassyl.report.labels import kpi_labels

    lang = request.state.lang
    rows = [asdict(u) for u in units] if allowed(actor, "read", "fields") else []
    for r in rows:
        r["note"] = localised_note(r["note"], lang)
    return _render(request, "sdg.html", total=total, rows=rows, targets=sdg_table(lang),
                   labels=kpi_labels(lang),
                   baseline=str(base) if base else "", reporting=str(rep) if rep else "",
                   region=region or "", level=level, classes=SDG_CLASS)


@router.get("/impact/ledger", response_class=HTMLResponse)
def ledger_page(request: Request, actor: Annotated[Actor, Depends(Guard("read",
                                                                        "disbursements"))],
                region: Annotated[str | None, Query(max_length=40)] = None,
                level: Annotated[str, IMPACT_LEVEL] = services.DEFAULT_LEVEL):
    """The Fund's money (``zhassyl impact ledger``): reconciliation, flags, cost per unit."""
    from zhassyl.impact.kpi import compute_kpis, kpi_by_id
    from zhassyl.impact.ledger import cost_effectiveness, flags, rates_note, reconcile
    from zhassyl.impact.programme import load_programme
    from zhassyl.registry.repositories import ledger_records
    from zhassyl.report.labels import kpi_labels, unit_labels
    from zhassyl.web.locale import format_number

    lang = request.state.lang
    with registry(request).session(actor) as s:
        ledger = ledger_records(s, actor)
        prog = load_programme(s, actor)
    kpis = kpi_by_id(compute_kpis(prog.select(region or None, None),
                                  services.cached_simulate(request.app.state.model_runs,
                                                           level), lang, level))
    rec = reconcile(ledger)
    costs = cost_effectiveness(ledger, kpis, lang)
    # the rates in the page's language and number format
    note = rates_note(costs[0]["rates"], lang,
                      lambda v: format_number(v, lang, 2)) if costs else ""
    return _render(request, "ledger.html", reconciliation=rec, flags=flags(ledger),
                   costs=costs, rates_note=note, labels=kpi_labels(lang),
                   units=unit_labels(lang),
                   region=region or "", level=level,
                   reconciles=all(r["reconciles"] for r in rec))
