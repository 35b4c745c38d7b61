"""KPI arithmetic on a small hand-built programme; every expected value is computed by hand.

The model figures are given explicitly (a table of simulated irrigation, hay and GHG
per system) so that the arithmetic of the KPIs, not the crop model, is under test.
"""

import datetime as dt

import pytest

from zhassyl.economics.livestock import livestock_parameters
from zhassyl.impact.kpi import compute_kpis, kpi_by_id
from zhassyl.impact.model_runs import PracticeFigures, Spread
from zhassyl.impact.programme import Programme, parse_period

D = dt.date


def sp(mean, half):
    return Spread(mean, mean - half, mean + half)


def hand_simulate(region, systems):
    """Hand-chosen figures per hectare: irrigation by stand year, hay by stand year, GHG."""
    table = {
        "green-cover-alfalfa": ((sp(8000, 500), sp(9000, 500), sp(10000, 500)),
                                (sp(10, 1), sp(20, 1), sp(20, 1)), sp(-2.0, 0.5)),
        "rice-flood": ((sp(20000, 1000),) * 3, (sp(0, 0),) * 3, sp(6.0, 0.5)),
        "wheat-furrow": ((sp(6000, 500),) * 3, (sp(0, 0),) * 3, sp(3.0, 0.5)),
    }
    return {s: PracticeFigures(region, s, "potential", (1, 2), 3, "test",
                               irrigation_m3_ha=table[s][0], hay_t_ha=table[s][1],
                               ghg_t_co2e_ha_yr=table[s][2]) for s in systems}


def season(i, field, year, system):
    return {"id": i, "field_id": field, "year": year, "management_system": system}


def programme():
    rows = {
        "regions": [{"id": 1, "code": "kyzylorda"}, {"id": 2, "code": "almaty"}],
        "communities": [{"id": 1, "region_id": 1}, {"id": 2, "region_id": 2}],
        "people": [
            {"id": 1, "community_id": 1, "gender": "female", "age_group": "youth",
             "vulnerable_tags": "youth;repatriate"},
            {"id": 2, "community_id": 1, "gender": "male", "age_group": "adult",
             "vulnerable_tags": None},
            {"id": 3, "community_id": 1, "gender": "female", "age_group": "elderly",
             "vulnerable_tags": "elderly"},
            {"id": 4, "community_id": 2, "gender": "male", "age_group": "adult",
             "vulnerable_tags": None}],
        "farms": [{"id": 1, "community_id": 1}, {"id": 2, "community_id": 2}],
        "fields": [{"id": 1, "farm_id": 1, "area_ha": 2.0}, {"id": 2, "farm_id": 1, "area_ha": 3.0},
                   {"id": 3, "farm_id": 2, "area_ha": 1.0}],
        "seasons": [season(1, 1, 2014, "rice-flooded"), season(2, 1, 2015, "alfalfa-green-cover"),
                    season(3, 1, 2016, "alfalfa-green-cover"), season(4, 2, 2014, "monoculture"),
                    season(5, 2, 2015, "alfalfa-green-cover"),
                    season(6, 2, 2016, "alfalfa-green-cover"), season(7, 3, 2015, "fallow")],
        "yield_measurements": [
            {"id": 1, "field_id": 1, "measured_on": D(2015, 7, 1), "crop": "alfalfa",
             "yield_t_ha": 3.0},
            *[{"id": 1 + k, "field_id": 1, "measured_on": D(2016, 5 + k, 1), "crop": "alfalfa",
               "yield_t_ha": 4.0} for k in (1, 2, 3)],
            {"id": 5, "field_id": 2, "measured_on": D(2016, 7, 1), "crop": "alfalfa",
             "yield_t_ha": 5.0}],
        "soil_samples": [
            {"id": 1, "field_id": 1, "sampled_on": D(2014, 4, 1), "ece_ds_m": 8.0, "soc_pct": 1.0},
            {"id": 2, "field_id": 1, "sampled_on": D(2016, 9, 1), "ece_ds_m": 3.0,
             "soc_pct": 1.05},
            {"id": 3, "field_id": 2, "sampled_on": D(2014, 4, 1), "ece_ds_m": 6.0, "soc_pct": 1.0},
            {"id": 4, "field_id": 2, "sampled_on": D(2016, 9, 1), "ece_ds_m": 5.0,
             "soc_pct": 0.85}],
        "water_readings": [
            {"id": 1, "field_id": 1, "read_on": D(2014, 9, 30), "meter_m3": 40000.0},
            {"id": 2, "field_id": 1, "read_on": D(2015, 9, 30), "meter_m3": 55000.0},
            {"id": 3, "field_id": 1, "read_on": D(2016, 9, 30), "meter_m3": 72000.0}],
        "income_surveys": [
            {"id": 1, "farm_id": 1, "surveyed_on": D(2014, 11, 1), "phase": "baseline",
             "net_income_kzt": 1_000_000.0},
            {"id": 2, "farm_id": 1, "surveyed_on": D(2016, 11, 1), "phase": "follow-up",
             "net_income_kzt": 1_300_000.0},
            {"id": 3, "farm_id": 2, "surveyed_on": D(2014, 11, 1), "phase": "baseline",
             "net_income_kzt": 500_000.0},
            {"id": 4, "farm_id": 2, "surveyed_on": D(2016, 11, 1), "phase": "follow-up",
             "net_income_kzt": 550_000.0}],
        "trainings": [
            {"id": 1, "region_id": 1, "held_on": D(2015, 3, 1), "counted_women": 5,
             "counted_men": 3},
            {"id": 2, "region_id": 2, "held_on": D(2016, 3, 1), "counted_women": 2,
             "counted_men": 0}],
        "training_attendees": [{"id": 1, "training_id": 1, "person_id": 1},
                               {"id": 2, "training_id": 1, "person_id": 2},
                               {"id": 3, "training_id": 2, "person_id": 1},
                               {"id": 4, "training_id": 2, "person_id": 4}],
        "jobs": [
            {"id": 1, "person_id": 1, "kind": "permanent", "started_on": D(2015, 1, 1),
             "ended_on": None},
            {"id": 2, "person_id": 1, "kind": "seasonal", "started_on": D(2016, 4, 1),
             "ended_on": D(2016, 10, 1)},
            {"id": 3, "person_id": 2, "kind": "permanent", "started_on": D(2015, 1, 1),
             "ended_on": None},
            {"id": 4, "person_id": 3, "kind": "self-employed", "started_on": D(2015, 1, 1),
             "ended_on": None}],
    }
    rows["people_all"] = rows["people"]
    rows["seasons_history"] = rows["seasons"]
    rows["water_readings_history"] = rows["water_readings"]
    return Programme(rows)


@pytest.fixture(scope="module")
def kpis():
    return kpi_by_id(compute_kpis(programme(), hand_simulate))


def test_hectares_by_status(kpis):
    # F1 (2 ha), F2 (3 ha), F3 (1 ha, fallow only)
    assert kpis["area_enrolled_ha"].value == 6.0
    assert kpis["area_sown_ha"].value == 5.0
    # F1 has 3 cuts in 2016; F2 only one
    assert kpis["area_established_ha"].value == 2.0
    # F1: ECe 3 < 4, SOC +5 %, hay 12 / potential 20 (stand year 2) = 0.6 >= 0.5
    # F2: not established, SOC -15 %
    assert kpis["area_restored_ha"].value == 2.0
    parts = {p["field_id"]: p for p in kpis["area_restored_ha"].parts}
    assert parts[1]["hay_t_ha"] == 12.0 and parts[1]["potential_hay_t_ha"] == 20.0
    assert parts[2]["soc_change_pct"] == -15.0 and parts[2]["soc_ok"] is False
    assert parts[2]["salinity_ok"] is False


def test_water_saved_metered_and_modelled(kpis):
    # F1 2015: 2 ha x 20000 (19000..21000) - meter 15000 = 25000 (23000..27000)
    # F1 2016: 40000 - meter 17000 = 23000 (21000..25000)
    w = kpis["water_saved_m3"]
    assert (w.value, w.low, w.high) == (48000.0, 44000.0, 52000.0)
    # modelled: F1 24000 + 22000; F2 (wheat 3 ha x 6000 vs green cover 3 x 8000, 3 x 9000)
    # -6000 - 9000 -> 31000; bounds 21000+19000-9000-12000 and 27000+25000-3000-6000
    m = kpis["water_saved_modelled_m3"]
    assert (m.value, m.low, m.high) == (31000.0, 19000.0, 43000.0)


def test_fodder_and_livestock(kpis):
    # 3x2 + 3x4x2 + 5x3 = 45 t over 2015 and 2016
    assert kpis["fodder_produced_t"].value == 45.0
    # field-years F1 2015 (3 t/ha, 2 ha), F1 2016 (12 t/ha, 2 ha), F2 2016 (5 t/ha, 3 ha)
    assert kpis["hay_yield_t_ha"].value == pytest.approx(45.0 / 7.0, abs=5e-4)
    p = livestock_parameters()
    need = p["cow_feed_units_per_year"].value * p["cow_hay_share_of_ration"].value
    heads = 1000.0 * 22.5 * p["hay_alfalfa_feed_units_per_kg"].value / need
    assert kpis["livestock_wintered_head"].value == pytest.approx(heads, abs=0.05)


def test_jobs_by_group(kpis):
    expected = {"jobs_total": 4, "jobs_persons": 3, "jobs_women": 3, "jobs_youth": 2,
                "jobs_elderly": 1, "jobs_repatriate": 2, "jobs_vulnerable": 3}
    assert {k: kpis[k].value for k in expected} == expected


def test_income_change(kpis):
    k = kpis["income_change_pct"]
    assert k.value == pytest.approx(100 * 350_000 / 1_500_000, abs=0.005)
    assert (k.low, k.high) == (None, None)  # a measured figure has no weather range
    assert "from 10.0 to 30.0 %" in k.provenance.note


def test_people_trained_once_per_person(kpis):
    # named: persons 1, 2, 4 (person 1 twice) + anonymous 5+3+2
    assert kpis["people_trained"].value == 13
    assert kpis["people_trained_women"].value == 8
    assert kpis["people_trained_men"].value == 5
    assert kpis["training_attendances"].value == 14
    assert kpis["women_participating"].value == 2


def test_co2e_avoided(kpis):
    # F1: (6 - -2) x 2 ha x 2 yr = 32 (28..36); F2: (3 - -2) x 3 x 2 = 30 (24..36)
    c = kpis["co2e_avoided_t"]
    assert (c.value, c.low, c.high) == (62.0, 52.0, 72.0)


def test_provenance_classes(kpis):
    kinds = {k: kpis[k].provenance.kind for k in kpis}
    assert kinds["area_enrolled_ha"] == "measured"
    assert kinds["jobs_total"] == "measured"
    assert kinds["area_restored_ha"] == "mixed"
    assert kinds["water_saved_m3"] == "mixed"
    assert kinds["livestock_wintered_head"] == "mixed"
    assert kinds["water_saved_modelled_m3"] == "modelled"
    assert kinds["co2e_avoided_t"] == "modelled"
    assert kpis["water_saved_modelled_m3"].provenance.level == "potential"
    assert kpis["water_saved_m3"].provenance.record_counts() == {"water_readings": 3}
    runs = kpis["water_saved_modelled_m3"].provenance.model_runs
    assert any("rice-flood@kyzylorda level=potential seeds=1,2" in r for r in runs)


def test_region_and_period_selection():
    prog = programme().select("almaty")
    k = kpi_by_id(compute_kpis(prog, hand_simulate))
    assert k["area_enrolled_ha"].value == 1.0 and k["area_sown_ha"].value == 0.0
    assert k["people_trained"].value == 4  # persons 1 and 4 + two counted women
    # period 2016 only: the 2014 practice is still the counterfactual; only 2016 counts
    k = kpi_by_id(compute_kpis(programme().select(None, parse_period("2016")), hand_simulate))
    assert k["water_saved_m3"].value == 23000.0
    assert k["jobs_total"].value == 4
    assert k["people_trained"].value == 4
