"""Farming systems on saline irrigated land: published ranges, salinity, balances, mechanism.

References used in the assertions:
- Kyzylorda rice uses 15,000-35,000 m3/ha of irrigation water per season
  (Abikenova et al. 2015, Biosci. Biotech. Res. Asia 12(3); reference
  agronomy/alfalfa_agronomy_and_water.csv);
- irrigated alfalfa in hot, arid climates evapotranspires 1,000-1,600 mm/yr
  (issue 4's published range; e.g. Texas High Plains lysimeters, Evett et al.
  2000, and the desert-southwest range, reference alfalfa_agronomy_and_water.csv);
- the case study (../shared/seed/case-study.txt): alfalfa uses "more than twice"
  less water than rice (its yield claim x2-2.5 is left to the impact audit);
- companion-crop agronomy (Univ. Wisconsin Extension; Sulc et al.; irrigated oat
  companions): any cover competes, a grain cover the most;
- FAO-56 Table 23 (Maas-Hoffman): relative yield 1 - b/100 (ECe - ECe_threshold)
  with alfalfa 2.0 dS/m and 7.3 %/dS/m, barley 8.0 and 5.0, rice 3.0 and 12.0;
- FAO-29 (Ayers & Westcot 1985) leaching requirement LR = ECiw/(5 ECe - ECiw).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from zhassyl.cli import main
from zhassyl.engine.layout import S
from zhassyl.engine.simulate import Fields, Horizon, Weather, simulate, soil_table
from zhassyl.errors import InputError, ParameterError
from zhassyl.farming.crops import load_crop
from zhassyl.farming.scenario import (
    _management,
    leaching_requirement,
    region_defaults,
    run_scenario,
)
from zhassyl.farming.systems import SYSTEM_IDS, load_system

SYSTEMS = ["rice-flood", "green-cover-alfalfa", "traditional-alfalfa", "alfalfa-sole",
           "wheat-furrow"]


@pytest.fixture(scope="module")
def kyzylorda():
    return run_scenario("kyzylorda", SYSTEMS, 4, seed=1, level="potential")


def _by(run, system):
    return [r for r in run.records if r.system == system]


def test_rice_irrigation_in_published_range(kyzylorda):
    for r in _by(kyzylorda, "rice-flood"):
        assert 15_000 <= r.irrigation_m3_ha <= 35_000, r
        assert r.flooded_days > 100


def test_alfalfa_et_in_hot_south_range(kyzylorda):
    et = [r.et_mm for r in _by(kyzylorda, "alfalfa-sole")]
    assert 1000 <= np.mean(et) <= 1600, et


def test_alfalfa_saves_more_than_half_the_water_of_rice(kyzylorda):
    """The case study's "more than twice" holds for the water the crops use; on saline land
    the leaching irrigation that desalinises the soil after each alfalfa season comes on top
    and is reported on its own (``leaching_m3_ha``), which is how the output explains a total
    saving close to, rather than above, a factor two."""
    rice = np.mean([r.irrigation_m3_ha for r in _by(kyzylorda, "rice-flood")])
    for s in ("green-cover-alfalfa", "alfalfa-sole"):
        recs = _by(kyzylorda, s)
        total = np.mean([r.irrigation_m3_ha for r in recs])
        leaching = np.mean([r.leaching_m3_ha for r in recs])
        assert leaching > 0
        assert rice / (total - leaching) > 2.0, (s, rice, total, leaching)
        # with the lower Syr Darya's water (3.1 dS/m, data/regions/farming_defaults.csv)
        # alfalfa's FAO-29 leaching requirement is LR = 3.1/(5x2.0 - 3.1) = 0.45, so the
        # total with leaching is only ~1.4x below rice's: reported, not asserted (issue 12)
        assert total < rice, (s, rice, total)


def test_water_and_salt_balances_close(kyzylorda):
    season = kyzylorda.result.season
    used = np.isfinite(season[:, :, S["rain_mm"]])
    resid = np.abs(season[:, :, S["balance_residual_mm"]][used])
    scale = (season[:, :, S["rain_mm"]] + season[:, :, S["irrigation_mm"]]
             + season[:, :, S["storage_start_mm"]])[used]
    assert np.all(resid <= 1e-9 * scale)
    sres = np.abs(season[:, :, S["salt_residual_t_ha"]][used])
    sscale = (season[:, :, S["salt_in_t_ha"]] + season[:, :, S["salt_start_t_ha"]])[used]
    assert np.all(sres <= 1e-9 * np.maximum(sscale, 1e-6))
    assert np.all(season[:, :, S["salt_in_t_ha"]][used] > 0)   # saline water and groundwater


def test_companion_crops_compete_grain_cover_most(kyzylorda):
    """Published agronomy, not the case study's "x2-2.5" (a claim the impact audit judges):
    a companion crop always competes with undersown alfalfa for water, nutrients and light,
    and one harvested for grain in late summer suppresses it more than one removed early
    as forage (Rankin, Univ. Wisconsin Extension, 'Is your companion crop a friend or foe?';
    Sulc et al., barley/oat companions harvested at four stages: stands reduced most when
    harvested at grain stage; irrigated oat companions: direct-seeded alfalfa 20-26 %
    more forage the year after seeding).  Sowing-year hay: sole >= green cover >=
    traditional; the year after, the grain-covered stand is not ahead of the green-cover one.
    """
    gc = _by(kyzylorda, "green-cover-alfalfa")
    tr = _by(kyzylorda, "traditional-alfalfa")
    sole = _by(kyzylorda, "alfalfa-sole")
    assert sole[0].hay_t_ha >= gc[0].hay_t_ha >= tr[0].hay_t_ha
    assert gc[1].hay_t_ha >= 0.95 * tr[1].hay_t_ha
    # the mechanism in the daily outputs: the solid grain cover takes more light and water
    d = kyzylorda.result.daily
    f_gc, f_tr = SYSTEMS.index("green-cover-alfalfa"), SYSTEMS.index("traditional-alfalfa")
    p_gc, p_tr = kyzylorda.plans[f_gc], kyzylorda.plans[f_tr]
    window = slice(p_tr.comp_start[0] + 20, p_gc.comp_end[0])
    assert d["light_to_main"][f_tr, window].mean() < d["light_to_main"][f_gc, window].mean()
    assert (d["companion_transpiration_mm"][f_tr, p_tr.comp_start[0]:p_tr.comp_end[0] + 1].sum()
            > d["companion_transpiration_mm"][f_gc, p_gc.comp_start[0]:p_gc.comp_end[0] + 1].sum())
    assert (d["canopy_cover"][f_tr, window].mean() < d["canopy_cover"][f_gc, window].mean())


def _constant_ece_run(crop_name, ece):
    """No rain, salt-free irrigation refilling to FC: no drainage, so the salt stays put."""
    n_days = 365
    dates = np.datetime64("2001-01-01") + np.arange(n_days)
    doy = (dates - dates.astype("datetime64[Y]")).astype(int)
    tavg = 14 - 14 * np.cos(2 * np.pi * (doy - 15) / 365)
    et0 = np.clip(3.5 - 3.0 * np.cos(2 * np.pi * (doy - 15) / 365), 0.3, None)
    w = Weather(dates, (tavg - 7)[None], (tavg + 7)[None], et0[None], np.zeros((1, n_days)),
                np.full(n_days, 400.0))
    crop = load_crop(crop_name).record.copy()
    # ample root uptake capacity, so that only salinity separates the two fields (with the
    # crops' own Smax a young rice root system cannot meet the unstressed demand some days)
    crop["smax_top_q"], crop["smax_bot_q"] = 0.2, 0.2
    soil = soil_table([([Horizon(3.0, 0.50, 0.29, 0.15, 160)], 66, 10)], crop["zmax_m"])
    m = _management(load_system("alfalfa-sole"), region_defaults("kyzylorda"), 0.0)
    for k in ("groundwater_depth_m", "sowing_irrigation_mm", "spring_irrigation_mm",
              "cc_after_cut", "irr_zone_m", "irr_max_mm_day", "leaching_fraction"):
        m[k] = 0
    m["irr_trigger_pct_taw"] = 5.0   # frequent refills: no water stress in either field
    m["irr_efficiency"] = 1.0
    m["irr_loss_to_air"] = 0
    if crop_name == "rice":
        # paddy: a shallow pond without percolation or seepage keeps the soil saturated
        # (FAO-56 Table 23 gives rice's tolerance for submerged soil)
        m["irr_mode"] = 4
        m["pond_min_mm"], m["pond_max_mm"], m["bund_height_mm"] = 20.0, 50.0, 100.0
        m["percolation_mm_day"] = m["seepage_mm_day"] = m["drain_days_before_end"] = 0.0
    end = 95 + int(crop["t_maturity"]) - 1 if crop["perennial"] == 0 else 300
    f = Fields(crop=np.array([crop]), crop_index=[0, 0], management=np.array([m]),
               management_index=[0, 0], soil=soil, soil_index=[0, 0], weather_index=[0, 0],
               season_start=[[95]], season_end=[[end]], season_year=[[1]],
               ece0_ds_m=np.array([0.0, ece]))
    r = simulate(f, w, daily=False)
    if crop_name != "rice":
        assert np.all(r.season[:, 0, S["drainage_mm"]] == 0)
    return r.season[:, 0, S["biomass_t_ha"]], r.season[:, 0, S["ece_mean_ds_m"]]


@pytest.mark.parametrize("crop, threshold, slope", [
    ("alfalfa", 2.0, 7.3), ("barley", 8.0, 5.0), ("rice", 3.0, 12.0)])
@pytest.mark.parametrize("ece", [4.0, 9.0])
def test_relative_yield_follows_fao56_table_23(crop, threshold, slope, ece):
    biomass, ece_mean = _constant_ece_run(crop, ece)
    # no salt enters; water only redistributes it (the paddy's pond dilutes it a little)
    assert ece_mean[1] == pytest.approx(ece, rel=0.1)
    expected = max(0.0, 1 - slope / 100 * max(ece_mean[1] - threshold, 0.0))
    # within 0.01: Table 23 prints thresholds and slopes to two significant digits, and the
    # root-zone ECe the crop sees varies a little within the season around its mean (the
    # refills push salt below the young roots)
    assert biomass[1] / biomass[0] == pytest.approx(expected, abs=1e-2)


def _leaching_run(lf, years=6):
    n_days = 365 * years
    dates = np.datetime64("2001-01-01") + np.arange(n_days)
    doy = (dates - dates.astype("datetime64[Y]")).astype(int)
    tavg = 14 - 14 * np.cos(2 * np.pi * (doy - 15) / 365)
    et0 = np.clip(3.5 - 3.0 * np.cos(2 * np.pi * (doy - 15) / 365), 0.3, None)
    w = Weather(dates, (tavg - 7)[None], (tavg + 7)[None], et0[None], np.zeros((1, n_days)),
                np.full(n_days, 400.0))
    crop = load_crop("wheat").record
    soil = soil_table([([Horizon(3.0, 0.50, 0.29, 0.15, 160)], 66, 10)], 3.0)
    m = _management(load_system("wheat-furrow"), region_defaults("kyzylorda"), 3.0)
    for k in ("groundwater_depth_m", "sowing_irrigation_mm", "irr_max_mm_day"):
        m[k] = 0
    m["irr_efficiency"] = 1.0
    m["leaching_fraction"] = lf
    starts = [365 * k + 95 for k in range(years)]
    f = Fields(crop=np.array([crop]), crop_index=[0], management=np.array([m]),
               management_index=[0], soil=soil, soil_index=[0], weather_index=[0],
               season_start=[starts], season_end=[[s + 134 for s in starts]],
               season_year=[[1] * years], ece0_ds_m=6.0)
    return simulate(f, w, daily=False).season[0, :, S["ece_mean_ds_m"]]


def test_saline_water_without_leaching_raises_ece_and_lr_holds_it():
    target = 6.0                                   # wheat threshold, FAO-56 Table 23
    lr = leaching_requirement(3.0, target)
    assert lr == pytest.approx(3.0 / (5 * 6.0 - 3.0))
    no_lr = _leaching_run(0.0)
    with_lr = _leaching_run(lr)
    assert np.all(np.diff(no_lr) > 0.5)            # rising every year, > 0.5 dS/m/yr
    assert no_lr[-1] > 1.8 * target
    # with the leaching requirement the rise levels off near the target: the FAO-29 target
    # is a root-zone mean under a 40-30-20-10 uptake pattern; ours is the thickness-weighted
    # mean of mixed compartments, so it settles a little above it
    assert abs(with_lr[-1] - with_lr[-2]) < 0.2
    assert with_lr[-1] < 1.35 * target


def test_all_systems_load_and_document_sources():
    for sid in SYSTEM_IDS:
        s = load_system(sid)
        assert s.id == sid and s.source


def test_bad_inputs(tmp_path):
    with pytest.raises(ParameterError, match="unknown system"):
        load_system("cotton-magic")
    with pytest.raises(ParameterError, match="atlantis"):
        run_scenario("atlantis", ["alfalfa-sole"], 1)
    with pytest.raises(InputError, match="ECe"):
        run_scenario("kyzylorda", ["alfalfa-sole"], 1, ece_ds_m=80.0)
    bad = tmp_path / "mine.toml"
    bad.write_text('id = "mine"\n[main]\ncrop = "alfalfa"\nsowing = "04-01"\n'
                   '[irrigation]\nmethod = "sprinkler"\nrule = "depletion"\n')
    with pytest.raises(InputError) as e:
        load_system(str(bad))
    assert "mine.toml" in str(e.value) and "main.seed_kg_ha" in str(e.value)
    fields = tmp_path / "fields.csv"
    fields.write_text("field_id,region,system,area_ha\nf1,kyzylorda,alfalfa-sole,-5\n"
                      "f2,atlantis,alfalfa-sole,3\n")
    from zhassyl.farming.fields import read_fields
    with pytest.raises(InputError) as e:
        read_fields(str(fields))
    msg = str(e.value)
    assert "fields.csv, row 2, column 'area_ha'" in msg and "row 3, column 'region'" in msg


def test_compare_json_records(capsys):
    assert main(["compare", "--region", "kyzylorda", "--systems", "rice-flood,alfalfa-sole",
                 "--years", "2", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 4
    for key in ("system", "year", "irrigation_m3_ha", "et_mm", "drainage_mm", "hay_t_ha",
                "grain_t_ha", "ece_ds_m", "soc_t_c_ha"):
        assert all(key in r for r in rows)


def test_simulate_daily_and_fields(tmp_path, capsys):
    daily = tmp_path / "d.csv"
    assert main(["simulate", "--region", "turkistan", "--system", "green-cover-alfalfa",
                 "--years", "2", "--format", "csv", "--daily", str(daily)]) == 0
    header = daily.read_text().splitlines()[0]
    assert "light_to_main" in header and "ece_ds_m" in header
    fields = tmp_path / "fields.csv"
    fields.write_text("field_id,region,system,area_ha\nf1,kyzylorda,alfalfa-sole,5\n"
                      "f2,kyzylorda,rice-flood,3.5\n")
    capsys.readouterr()
    assert main(["simulate", "--fields", str(fields), "--years", "2", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["field_id"] for r in rows} == {"f1", "f2"}
    f1 = next(r for r in rows if r["field_id"] == "f1")
    assert f1["hay_t"] == pytest.approx(f1["hay_t_ha"] * 5, rel=1e-3)
