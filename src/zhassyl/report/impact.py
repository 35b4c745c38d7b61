"""The impact report's content: one JSON-able dict that HTML, PDF and XLSX all render.

:func:`report_data` gathers the KPIs (with provenance), the claims verdicts
of the case study, SDG 15.3.1 and the target map, the ledger (when the acting
role may read money), the charts (SVG) and the field map.  Numbers are kept
raw in the data; :func:`fmt_number` formats them for display.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict

from zhassyl import __version__
from zhassyl.impact.programme import Period
from zhassyl.report.labels import kpi_labels, words
from zhassyl.report.svg import bar_chart, field_map

HEADLINE = ("area_restored_ha", "area_sown_ha", "water_saved_m3", "water_saved_modelled_m3",
            "jobs_total", "people_trained", "women_participating", "income_change_pct",
            "fodder_produced_t", "co2e_avoided_t")


def fmt_number(value, lang: str = "en") -> str:
    """A figure for display: thousands separated by a no-break space, 0-2 decimals."""
    if value is None:
        return "-"
    v = float(value)
    digits = 0 if abs(v) >= 100 or v.is_integer() else 1 if abs(v) >= 10 else 2
    text = f"{v:,.{digits}f}".replace(",", "\u00a0")
    return text.replace(".", ",") if lang in ("ru", "kk") else text


def _years_chart(prog, w, lang) -> str:
    from zhassyl.impact.kpi import field_histories

    hist = field_histories(prog)
    years = sorted({s["year"] for h in hist for s in h.seasons})
    if not years:
        return ""
    enrolled = [sum(h.area_ha for h in hist if h.seasons and h.seasons[0]["year"] <= y)
                for y in years]
    sown = [sum(h.area_ha for h in hist if h.first_green_cover is not None
                and h.first_green_cover <= y) for y in years]
    return bar_chart(w["hectares_over_time"], [str(y) for y in years],
                     [(w["enrolled"], enrolled), (w["sown"], sown)], "ha")


def _water_chart(kpis, w) -> str:
    metered, modelled = defaultdict(float), defaultdict(float)
    for p in kpis["water_saved_m3"].parts:
        metered[p["region"]] += p["saved_metered_m3"].mean
    for p in kpis["water_saved_modelled_m3"].parts:
        modelled[p["region"]] += p["saved_modelled_m3"].mean
    regions = sorted(set(metered) | set(modelled))
    if not regions:
        return ""
    return bar_chart(w["water_by_region"], regions,
                     [(w["metered"], [metered[r] for r in regions]),
                      (w["simulated"], [modelled[r] for r in regions])], "m3")


def _people_chart(kpis, w) -> str:
    cats = [w["women"], w["men"], w["youth"], w["elderly"], w["repatriates"]]
    shown = ("jobs_total", "jobs_women", "jobs_youth", "jobs_elderly", "jobs_repatriate",
             "people_trained_women", "people_trained_men")
    if any(kpis[k].value is None for k in shown):  # e.g. a farmer's scope: not counted
        return ""
    jobs_men = kpis["jobs_total"].value - kpis["jobs_women"].value
    return bar_chart(w["people_by_group"], cats, [
        (w["jobs"], [kpis["jobs_women"].value, jobs_men, kpis["jobs_youth"].value,
                     kpis["jobs_elderly"].value, kpis["jobs_repatriate"].value]),
        (w["trained"], [kpis["people_trained_women"].value, kpis["people_trained_men"].value,
                        0, 0, 0])])


def _money_chart(reconciliation, w) -> str:
    if not reconciliation:
        return ""
    cats = [f"{r['grant_id']} {r['currency']}" for r in reconciliation]
    return bar_chart(w["money_in_out"], cats, [
        (w[k], [r[k] for r in reconciliation])
        for k in ("received", "disbursed", "committed", "balance")])


def _maps(prog, status_rows, w) -> list[str]:
    status = {}
    for r in status_rows:
        status[r["field_id"]] = ("restored" if r["restored"] else "established"
                                 if r["established"] else "sown" if r["sown"]
                                 else "enrolled" if r["enrolled"] else "none")
    by_region = defaultdict(list)
    for f in prog.table("fields"):
        by_region[prog.region_of_field(f["id"])].append(
            {"geometry": f["geometry"], "status": status.get(f["id"], "none"),
             "label": f"{f.get('name', f['id'])}: {f['area_ha']:.2f} ha"})
    legend = {k: w[k] for k in ("restored", "established", "sown", "enrolled")}
    return [field_map(region, fields, legend) for region, fields in sorted(by_region.items())]


def report_data(prog, *, lang: str, region: str | None, period: Period | None,
                ledger: dict | None, claims: list | None = None, simulate=None,
                sdg_periods: tuple[Period, Period] | None = None,
                level: str | None = None) -> dict:
    """Everything the impact report shows, computed once (see the module docstring).

    Parameters
    ----------
    prog : Programme
        The whole registry snapshot (selection by ``region`` and ``period`` here).
    ledger : dict or None
        :func:`zhassyl.registry.repositories.ledger_records`, or ``None`` when the
        acting role may not read money.
    claims : list of Claim, optional
        Claims to audit (default: the case study's key-impact table).
    sdg_periods : (Period, Period), optional
        SDG 15.3.1 baseline and reporting periods (default: the first year with
        seasons, then the following years up to the end of ``period``).
    level : str, optional
        Production level of the model runs (default ``farm``,
        :data:`zhassyl.farming.levels.DEFAULT_LEVEL`; a given ``simulate``
        carries its own level).
    """
    from zhassyl.farming.levels import DEFAULT_LEVEL
    from zhassyl.impact.claims import audit, case_study_claims, programme_context
    from zhassyl.impact.kpi import (
        compute_kpis,
        field_histories,
        kpi_by_id,
        model_figures,
        restoration_status,
    )
    from zhassyl.impact.ledger import cost_effectiveness, flags, reconcile
    from zhassyl.impact.sdg import localised_note, sdg_15_3_1, sdg_table

    w = words(lang)
    labels = kpi_labels(lang)
    sel = prog.select(region, period)
    hist = field_histories(sel)
    level = level or DEFAULT_LEVEL
    figures = model_figures(hist, simulate, level)
    kpi_list = compute_kpis(sel, lambda r, s: {k: figures[(r, k)] for k in s}, lang)
    kpis = kpi_by_id(kpi_list)
    status_rows = restoration_status(sel, hist, figures)
    verdicts = audit(claims or case_study_claims(),
                     programme_context(prog, simulate, lang, level), lang)
    years = sorted({s["year"] for s in sel.table("seasons_history")})
    if sdg_periods is None and len(years) >= 2:
        sdg_periods = (Period(years[0], years[0]), Period(years[1], years[-1]))
    sdg_units, sdg_total = ([], {})
    if sdg_periods:
        sdg_units, sdg_total = sdg_15_3_1(sel, *sdg_periods, figures)
    money = None
    if ledger is not None:
        rec = reconcile(ledger)
        money = {"reconciliation": rec, "flags": flags(ledger),
                 "cost_effectiveness": cost_effectiveness(ledger, kpis, lang),
                 "chart": _money_chart(rec, w)}
    levels = sorted({f.level for f in figures.values()}) or [level]
    return {
        "lang": lang, "words": w, "region": region, "period": str(period) if period else None,
        "selection": w["selection"].format(region=region or w["all"],
                                           period=str(period) if period else w["all"]),
        "synthetic": any(r["key"] == "dataset" and r["value"] == "synthetic-demo"
                         for r in prog.table("meta")),
        "level": ",".join(levels),
        "kpis": [{**k.record(), "label": labels.get(k.id, k.id),
                  "headline": k.id in HEADLINE, "note": k.provenance.note,
                  "model_runs": list(k.provenance.model_runs)} for k in kpi_list],
        "claims": [{**v.record(), "verdict_label": w[v.verdict]} for v in verdicts],
        "sdg_targets": sdg_table(lang),
        "sdg_periods": [str(p) for p in sdg_periods] if sdg_periods else [],
        "sdg_fields": [asdict(u) | {"note": localised_note(u.note, lang)}
                       for u in sdg_units], "sdg_total": sdg_total,
        "money": money,
        "charts": [c for c in (_years_chart(sel, w, lang), _water_chart(kpis, w),
                               _people_chart(kpis, w)) if c],
        "maps": _maps(sel, status_rows, w),
        "generated": w["generated"].format(version=__version__,
                                           date=dt.date.today().isoformat()),
    }
