"""SDG 15.3.1: each sub-indicator and the one-out-all-out combination on constructed cases.

Rules from the UNCCD Good Practice Guidance v2 (Sims et al. 2021) as coded in
Trends.Earth's te_algorithms (calc_prod5, prod5_to_prod3, calc_deg_sdg).
"""

import datetime as dt
import itertools
import math

import pytest

from zhassyl.errors import ParameterError
from zhassyl.impact import sdg
from zhassyl.impact.model_runs import PracticeFigures, Spread
from zhassyl.impact.programme import Period, Programme

D, S, I = -1, 0, 1  # degraded, stable, improved


def test_mann_kendall_by_hand():
    # n = 5 rising: S = 10, Var S = 5*4*15/18 = 16.667, z = (10 - 1)/sqrt(16.667) = 2.2045
    assert sdg.mann_kendall_z([1, 2, 3, 4, 5]) == pytest.approx(9 / math.sqrt(250 / 15))
    assert sdg.trajectory_class([1, 2, 3, 4, 5]) == I
    assert sdg.trajectory_class([5, 4, 3, 2, 1]) == D
    # n = 4 rising: z = 5/sqrt(4*3*13/18) = 1.70 < 1.96, not significant
    assert sdg.mann_kendall_z([1, 2, 3, 4]) == pytest.approx(5 / math.sqrt(26 / 3))
    assert sdg.trajectory_class([1, 2, 3, 4]) == S
    # ties: [1, 1, 2, 2, 3]: S = 8, Var = (5*4*15 - 2*(2*1*9))/18 = 14.667
    assert sdg.mann_kendall_z([1, 1, 2, 2, 3]) == pytest.approx(7 / math.sqrt(264 / 18))


def test_state_needs_two_decile_classes():
    base = [1.0, 1.1, 0.9, 1.05, 0.95, 1.0, 1.02, 0.98, 1.01, 0.99]
    assert sdg.state_class(base, [1.0, 1.0, 1.0]) == S
    assert sdg.state_class(base, [0.5, 0.5, 0.5]) == D     # far below the distribution
    assert sdg.state_class(base, [1.5, 1.6, 1.4]) == I
    # deciles of the base extended by 0.855 and 1.155 (linear interpolation):
    # 0.905 0.956 0.983 0.994 1.0 1.006 1.017 1.044 1.095; the base mean 1.0 is class 6
    assert sdg.state_class(base, [1.01, 1.01, 1.01]) == S   # class 7: one class up
    assert sdg.state_class(base, [1.02, 1.02, 1.02]) == I   # class 8: two classes up
    assert sdg.state_class(base, [0.99, 0.99, 0.99]) == D   # class 4: two classes down


def test_performance_half_of_90th_percentile():
    peers = [float(x) for x in range(1, 11)]  # 90th percentile = 9.1
    assert sdg.performance_class(4.5, peers) == D   # 4.5 < 0.5 * 9.1
    assert sdg.performance_class(4.6, peers) == S


@pytest.mark.parametrize("traj,state,perf,prod5,prod3", [
    (D, S, S, 1, D), (D, I, I, 1, D),               # significant decline: declining
    (S, S, S, 4, S), (S, I, S, 4, S),               # stable
    (I, S, S, 5, I), (I, S, D, 5, I),               # increasing
    (S, S, D, 3, S),                                # stable but stressed (not degraded)
    (I, D, D, 2, D),                                # state and performance agree: decline
    (S, D, S, 2, D),                                # early signs of decline
    (S, D, D, 1, D),                                # stable trajectory, both agree: declining
])
def test_productivity_combination(traj, state, perf, prod5, prod3):
    assert sdg.productivity5(traj, state, perf) == prod5
    assert sdg.productivity3(prod5) == prod3


def test_land_cover_transitions():
    assert sdg.land_cover_class("cropland", "cropland") == S
    assert sdg.land_cover_class("cropland", "other") == D
    assert sdg.land_cover_class("other", "cropland") == I
    with pytest.raises(ParameterError, match="wetland"):
        sdg.land_cover_class("wetland", "cropland")


def test_soc_ten_percent():
    assert sdg.soc_class(1.0, 0.90) == D     # a 10 % loss is degraded
    assert sdg.soc_class(1.0, 0.901) == S
    assert sdg.soc_class(1.0, 1.10) == I
    assert sdg.soc_class(1.0, 1.099) == S


@pytest.mark.parametrize("combo", list(itertools.product((D, S, I), repeat=3)))
def test_one_out_all_out_every_combination(combo):
    expected = D if D in combo else I if I in combo else S
    assert sdg.one_out_all_out(*combo) == expected


def test_one_out_all_out_named_cases():
    assert sdg.one_out_all_out(I, I, D) == D    # SOC loss outweighs better productivity
    assert sdg.one_out_all_out(S, D, I) == D    # land cover loss
    assert sdg.one_out_all_out(D, I, I) == D    # productivity decline
    assert sdg.one_out_all_out(S, S, I) == I
    assert sdg.one_out_all_out(S, S, S) == S


def test_proportion_degraded():
    out = sdg.proportion_degraded([D, S, I, None, D], [1.0, 2.0, 3.0, 4.0, 2.0])
    assert out["degraded_ha"] == 3.0 and out["no_data_ha"] == 4.0
    assert out["proportion_degraded"] == pytest.approx(3.0 / 8.0, abs=1e-4)
    assert sdg.proportion_degraded([None], [1.0])["proportion_degraded"] is None


def figures():
    flat = (Spread(10.0, 9.0, 11.0),) * 4
    zero = (Spread(0.0, 0.0, 0.0),) * 4
    return {("kyzylorda", "green-cover-alfalfa"): PracticeFigures(
                "kyzylorda", "green-cover-alfalfa", "potential", (1,), 4, "t", flat, flat, zero),
            # positional: irrigation, hay, grain
            ("kyzylorda", "rice-flood"): PracticeFigures(
                "kyzylorda", "rice-flood", "potential", (1,), 4, "t", flat, zero, flat)}


def test_sdg_15_3_1_on_fields():
    """Field 1 improves SOC by 20 %; field 2 loses 15 % SOC; field 3 goes fallow (bare)."""
    d = dt.date
    seasons, yields, samples = [], [], []
    for fid, systems in ((1, ("rice-flooded", "alfalfa-green-cover")),
                         (2, ("rice-flooded", "alfalfa-green-cover")),
                         (3, ("rice-flooded", "fallow"))):
        for k, year in enumerate(range(2012, 2018)):
            system = systems[0] if year <= 2014 else systems[1]
            seasons.append({"id": len(seasons) + 1, "field_id": fid, "year": year,
                            "management_system": system})
            if system != "fallow":
                yields.append({"id": len(yields) + 1, "field_id": fid, "crop": "x",
                               "measured_on": d(year, 8, 1),
                               "yield_t_ha": (5.0, 5.1, 4.9, 5.05, 4.95, 5.0)[k]})
        soc_after = {1: 1.2, 2: 0.85, 3: 1.0}[fid]
        samples += [{"id": len(samples) + 1, "field_id": fid, "sampled_on": d(2013, 4, 1),
                     "soc_pct": 1.0},
                    {"id": len(samples) + 2, "field_id": fid, "sampled_on": d(2017, 4, 1),
                     "soc_pct": soc_after}]
    rows = {"regions": [{"id": 1, "code": "kyzylorda"}],
            "communities": [{"id": 1, "region_id": 1}], "farms": [{"id": 1, "community_id": 1}],
            "fields": [{"id": i, "farm_id": 1, "area_ha": a, "soil_texture": "loam"}
                       for i, a in ((1, 2.0), (2, 3.0), (3, 5.0))],
            "seasons_history": seasons, "yield_measurements": yields, "soil_samples": samples}
    units, total = sdg.sdg_15_3_1(Programme(rows), Period(2012, 2014), Period(2015, 2017),
                                  figures())
    by_id = {u.field_id: u for u in units}
    assert (by_id[1].productivity, by_id[1].land_cover, by_id[1].soc, by_id[1].status) == (
        S, S, I, I)
    assert (by_id[2].soc, by_id[2].status) == (D, D)
    # the fallow field has no productivity in the reporting period: no data
    assert by_id[3].land_cover == D and by_id[3].status is None
    assert total["degraded_ha"] == 3.0 and total["improved_ha"] == 2.0
    assert total["no_data_ha"] == 5.0 and total["proportion_degraded"] == 0.6


def test_every_recorded_practice_has_a_land_cover_and_a_system_entry():
    # the registry stores the shared vocabulary: each practice it may hold needs a row
    from zhassyl.impact.data import read_rows, system_map
    from zhassyl.scenario.vocabulary import PRACTICE_IDS

    cover = {r["management_system"] for r in read_rows("land_cover.csv")}
    assert set(PRACTICE_IDS) <= cover
    assert set(PRACTICE_IDS) <= set(system_map())


def test_a_left_out_fields_note_is_message_ids_shown_in_the_language():
    from zhassyl.i18n import gettext
    from zhassyl.impact.sdg import NOTES, localised_note

    note = "; ".join((NOTES["season"], NOTES["soc"]))
    assert localised_note(note, "en") == note
    ru = localised_note(note, "ru")
    assert ru == f"{gettext(NOTES['season'], 'ru')}; {gettext(NOTES['soc'], 'ru')}"
    assert "SOC" in ru and "season" not in ru and "sample" not in ru
