"""Translated labels of the impact report (every string through ``_()`` in the report language)."""

from __future__ import annotations

from zhassyl.i18n import _


def kpi_labels(lang: str) -> dict[str, str]:
    """Label of each KPI id."""
    return {
        "area_enrolled_ha": _("Land enrolled", lang),
        "area_sown_ha": _("Land sown with alfalfa under green cover", lang),
        "area_established_ha": _("Alfalfa stands established", lang),
        "area_restored_ha": _("Land restored", lang),
        "water_saved_m3": _("Water saved (meters vs simulated previous practice)", lang),
        "water_saved_modelled_m3": _("Water saved (simulated vs simulated)", lang),
        "fodder_produced_t": _("Fodder produced (alfalfa hay)", lang),
        "hay_yield_t_ha": _("Alfalfa hay yield", lang),
        "livestock_wintered_head": _("Cows wintered on the hay", lang),
        "jobs_total": _("Jobs", lang),
        "jobs_persons": _("People in jobs", lang),
        "jobs_women": _("Jobs held by women", lang),
        "jobs_youth": _("Jobs held by young people", lang),
        "jobs_elderly": _("Jobs held by elderly people", lang),
        "jobs_repatriate": _("Jobs held by repatriates", lang),
        "jobs_vulnerable": _("Jobs held by vulnerable people", lang),
        "income_change_pct": _("Change of household income", lang),
        "people_trained": _("People trained", lang),
        "people_trained_women": _("Women trained", lang),
        "people_trained_men": _("Men trained", lang),
        "training_attendances": _("Training attendances", lang),
        "women_participating": _("Women taking part", lang),
        "co2e_avoided_t": _("Greenhouse gases avoided", lang),
    }


def unit_labels(lang: str) -> dict[str, str]:
    """Display form of each unit."""
    return {
        "ha": _("ha", lang), "m3": _("m3", lang), "t": _("t", lang), "head": _("head", lang),
        "jobs": _("jobs", lang), "persons": _("persons", lang), "%": "%",
        "t CO2e": _("t CO2e", lang), "attendances": _("attendances", lang),
        "ratio": _("ratio", lang), "USD/ha": _("USD/ha", lang), "m3/ha": _("m3/ha", lang),
        "t/ha": _("t/ha", lang),
    }


def words(lang: str) -> dict[str, str]:
    """Other words of the report."""
    return {
        "title": _("Impact report", lang),
        "programme": _("Community Fund Zhassyl Azyk: restoring salinised irrigated land with "
                       "alfalfa under green cover", lang),
        "synthetic": _("Demonstration data: every record of this programme is synthetic "
                       "(invented), so the figures show how the report works, not real "
                       "results.", lang),
        "selection": _("Region: {region}; period: {period}", lang),
        "all": _("all", lang),
        "headline": _("Headline figures", lang),
        "figure": _("Figure", lang),
        "value": _("Value", lang),
        "unit": _("Unit", lang),
        "range": _("P10-P90 over weather", lang),
        "provenance": _("Provenance", lang),
        "evidence": _("Evidence", lang),
        "measured": _("measured", lang),
        "modelled": _("modelled", lang),
        "mixed": _("mixed", lang),
        "provenance_note": _("Measured: from registry records only. Modelled: from model runs "
                             "only. Mixed: records against model runs or data-file "
                             "parameters. Modelled figures are at production level "
                             "'{level}'; the restoration criterion and the yield bound "
                             "compare with the potential level (water- and salt-limited).",
                             lang),
        "claims": _("Reported claims and what the data say", lang),
        "claim": _("Claim", lang),
        "reported": _("Reported", lang),
        "verdict": _("Verdict", lang),
        "explanation": _("Explanation", lang),
        "supported": _("supported", lang),
        "unsupported": _("unsupported", lang),
        "implausible": _("implausible", lang),
        "untestable": _("untestable", lang),
        "charts": _("Charts", lang),
        "hectares_over_time": _("Hectares over time", lang),
        "water_by_region": _("Water saved by region", lang),
        "people_by_group": _("Jobs and trainings by gender and group", lang),
        "money_in_out": _("Money in and out per grant", lang),
        "map": _("Fields (drawn from their polygons)", lang),
        "sdg": _("Sustainable Development Goals", lang),
        "sdg_goal": _("Goal", lang),
        "sdg_target": _("Target", lang),
        "sdg_1531": _("SDG 15.3.1: proportion of land degraded (one out, all out)", lang),
        "degraded": _("degraded", lang),
        "stable": _("stable", lang),
        "improved": _("improved", lang),
        "no_data": _("no data", lang),
        "proportion_degraded": _("proportion degraded", lang),
        "baseline": _("baseline", lang),
        "reporting": _("reporting period", lang),
        "money": _("The Fund's money", lang),
        "money_hidden": _("The Fund's money is shown to the director, trustees and auditor "
                          "only.", lang),
        "grant": _("Grant", lang),
        "currency": _("Currency", lang),
        "received": _("Received", lang),
        "disbursed": _("Disbursed", lang),
        "committed": _("Committed", lang),
        "balance": _("Balance", lang),
        "reconciles": _("Reconciles", lang),
        "yes": _("yes", lang),
        "no": _("no", lang),
        "flags": _("Flags", lang),
        "none": _("none", lang),
        "cost": _("Cost-effectiveness", lang),
        "per": _("per", lang),
        "enrolled": _("enrolled", lang),
        "sown": _("sown", lang),
        "established": _("established", lang),
        "restored": _("restored", lang),
        "metered": _("meters", lang),
        "simulated": _("simulated", lang),
        "women": _("women", lang),
        "men": _("men", lang),
        "youth": _("youth", lang),
        "elderly": _("elderly", lang),
        "repatriates": _("repatriates", lang),
        "jobs": _("jobs", lang),
        "trained": _("trained", lang),
        "generated": _("Generated by zhassyl {version} on {date}", lang),
    }
