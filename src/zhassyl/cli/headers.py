"""Column headers of result tables in the user's language (tables only; CSV and JSON keep
the ids, which programs read).

Each header id is its own message id, so ``ru.po`` and ``kk.po`` give the header with its
unit; English tables show the ids themselves.
"""

from __future__ import annotations

from zhassyl.i18n import N_, current_language, gettext

#: Header ids that tables translate.
HEADERS = (
    N_("system"), N_("year"), N_("hay_t_ha"), N_("n_cuts"), N_("grain_t_ha"),
    N_("straw_fodder_t_ha"), N_("irrigation_m3_ha"), N_("leaching_m3_ha"), N_("et_mm"),
    N_("drainage_mm"), N_("ece_ds_m"), N_("water_productivity_kg_m3"), N_("soc_t_c_ha"),
    N_("soil_loss_t_ha"), N_("water_table_m"), N_("water_table_min_m"), N_("ec_gw_ds_m"),
    N_("waterlogging_days"),
    N_("region"), N_("station"), N_("wmo_id"), N_("lat_deg"), N_("lon_deg"), N_("elevation_m"),
    N_("coastal"), N_("source"), N_("precip_mm_yr"), N_("et0_mm_yr"), N_("aridity_p_et0"),
    N_("et0_peak_mm_d"), N_("tmax_jul_c"), N_("tmin_jan_c"), N_("gdd5_yr"), N_("status"),
    N_("figure"), N_("value"), N_("id"), N_("name"), N_("community"), N_("head_gender"),
    N_("household_size"), N_("size_ha"), N_("irrigated_ha"), N_("fields"), N_("field_area_ha"),
    N_("at"), N_("actor"), N_("role"), N_("action"), N_("table_name"), N_("row_id"),
    N_("old_values"), N_("new_values"), N_("years"), N_("t_co2e_ha_yr"),
    N_("difference_vs_baseline"), N_("share_pct"), N_("runs"), N_("area_ha"), N_("npv_kzt"),
    N_("npv_p10_kzt"), N_("npv_p90_kzt"), N_("npv_vs_baseline_kzt"), N_("irr"),
    N_("payback_year"), N_("net_income_p10_kzt"), N_("net_income_p50_kzt"),
    N_("net_income_p90_kzt"), N_("net_income_p10_kzt_ha"), N_("net_income_p50_kzt_ha"),
    N_("net_income_p90_kzt_ha"), N_("loss_probability"), N_("hay_p10_t_ha"), N_("hay_p50_t_ha"),
    N_("hay_p90_t_ha"), N_("grain_p10_t_ha"), N_("grain_p50_t_ha"), N_("grain_p90_t_ha"),
    N_("water_p10_m3_ha"), N_("water_p50_m3_ha"), N_("water_p90_m3_ha"),
)


def header(key: str) -> str:
    """The table header of column ``key`` in the current language (the id in English)."""
    lang = current_language()
    if lang == "en" or key not in HEADERS:
        return key
    return gettext(key, lang)
