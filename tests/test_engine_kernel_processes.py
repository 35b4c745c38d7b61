"""The daily processes the kernel sequences, one at a time, against hand arithmetic.

Each test builds one field's state record (``layout.FIELD_STATE_DTYPE``), a crop
and a management record, forces the process's inputs and checks its result
against the equation it implements, worked out here by hand (reference next to
it).  No expected number is copied from Zhassyl's own output.

References
----------
- Raes, D., Steduto, P., Hsiao, T.C., Fereres, E. AquaCrop version 7 reference
  manual, chapter 3 (equation numbers as in the manual); AquaCrop 7.3's source
  (KUL-RSDA/AquaCrop, ``run.f90``, ``simul.f90``) where the manual leaves details open.
- Ayers, R.S., Westcot, D.W. (1985). Water quality for agriculture, FAO-29 (leaching).
- Allen et al. (1998). FAO-56, eq. 75 (wetted fraction).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from zhassyl.engine.aeration import compartment_aeration_caps, root_zone_aeration_factor
from zhassyl.engine.assimilates import CC_STORAGE_REF, assimilate_flows
from zhassyl.engine.bench import ALFALFA_OTTAWA_GDD, management_rows
from zhassyl.engine.biomass import crop_biomass_day
from zhassyl.engine.canopy import canopy_cover_day, cc_decline, cc_growth, early_senescence
from zhassyl.engine.companion import companion_biomass_day, companion_development, sow_companion
from zhassyl.engine.cutting import cut_due, cut_rule, take_cut
from zhassyl.engine.irrigation import (
    apply_irrigation,
    is_ponding,
    leaching_requirement_mm,
    net_irrigation_mm,
)
from zhassyl.engine.kernel import new_field_state
from zhassyl.engine.layout import (
    DAILY_VARS,
    DI,
    SEASON_VARS,
    SI,
    CutRule,
    D,
    IrrigationMode,
    S,
)
from zhassyl.engine.paddy import pond_day
from zhassyl.engine.roots import root_depth_day
from zhassyl.engine.season import MOBILISED_SHARE_YEAR2, canopy_time, start_season
from zhassyl.engine.simulate import crop_table, default_settings, management_table
from zhassyl.engine.soil_water import (
    evaporation_day,
    infiltration_day,
    potential_soil_evaporation_mm,
)
from zhassyl.engine.transpiration import crop_transpiration, potential_transpiration_mm

# one 1 m loam profile in four 0.25 m compartments (AquaCrop's loam class: SAT 46,
# FC 31, WP 15 vol %, Ksat 500 mm/d)
DZ = np.full(4, 0.25)
SAT = np.full(4, 0.46)
FC = np.full(4, 0.31)
WP = np.full(4, 0.15)
KSAT = np.full(4, 500.0)
TAU = np.full(4, 0.76)


def _state():
    """A field's state before its first day, as the kernel starts it (a record whose fields
    the compiled processes update in place)."""
    arr = new_field_state().view(np.recarray)
    return arr, arr[0]


def _crop(**over):
    return crop_table([dict(ALFALFA_OTTAWA_GDD, **over)])[0]


def _mgmt(**over):
    return management_table([dict(management_rows()[0], **over)])[0]


SETTINGS = default_settings()[0]


def test_output_indices_come_from_the_layout():
    assert [getattr(SI, n) for n in SEASON_VARS] == [S[n] for n in SEASON_VARS]
    assert [getattr(DI, n) for n in DAILY_VARS] == [D[n] for n in DAILY_VARS]
    assert list(SI) == list(range(len(SEASON_VARS)))


def test_settings_name_the_former_constants():
    # AquaCrop 7.3 simul.f90: runoff only when Rain > 0.1 mm
    assert SETTINGS["rain_event_mm"] == 0.1
    assert SETTINGS["leach_max_mm_day"] == 150.0
    assert SETTINGS["salinity_zone_min_m"] == 0.3
    assert SETTINGS["irr_efficiency_min"] == 0.05


def test_depletion_irrigation_refills_the_root_zone_to_field_capacity():
    arr, s = _state()
    mg = _mgmt(irr_mode=IrrigationMode.DEPLETION, irr_trigger_pct_taw=50.0)
    theta = np.array([0.20, 0.22, 0.31, 0.31])
    # root zone 0.5 m: FC 155 mm, actual 0.25*(200+220) = 105 mm, WP 75 mm;
    # depletion 50 mm > 50 % of TAW (80 mm) = 40 mm -> net 50 mm
    net = net_irrigation_mm(s, mg, np.full(1, -1), 10, True, 0.5, False, theta, DZ, FC, WP)
    assert net == pytest.approx(50.0, abs=1e-9)
    # a 70 % trigger (56 mm) is not reached
    mg70 = _mgmt(irr_mode=IrrigationMode.DEPLETION, irr_trigger_pct_taw=70.0)
    assert net_irrigation_mm(s, mg70, np.full(1, -1), 10, True, 0.5, False, theta, DZ, FC,
                             WP) == 0.0
    # no crop in the field: no irrigation
    assert net_irrigation_mm(s, mg, np.full(1, -1), 10, False, 0.5, False, theta, DZ, FC,
                             WP) == 0.0


def test_interval_and_calendar_irrigation():
    arr, s = _state()
    mg = _mgmt(irr_mode=IrrigationMode.INTERVAL, irr_interval_days=7.0, irr_depth_mm=30.0)
    got = []
    for day in range(1, 16):
        s.day_in_season = day
        got.append(net_irrigation_mm(s, mg, np.full(1, -1), day, True, 0.3, False, FC, DZ, FC,
                                     WP))
    # days 1, 8, 15 of the season
    assert [i + 1 for i, v in enumerate(got) if v > 0] == [1, 8, 15]
    arr, s = _state()
    mg = _mgmt(irr_mode=IrrigationMode.CALENDAR, irr_depth_mm=25.0)
    days = np.array([3, 5, -1])
    got = [net_irrigation_mm(s, mg, days, d, False, 0.0, False, FC, DZ, FC, WP)
           for d in range(8)]
    assert got == [0, 0, 0, 25.0, 0, 25.0, 0, 0]


def test_paddy_refill_and_application_losses():
    arr, s = _state()
    mg = _mgmt(irr_mode=IrrigationMode.PONDED, pond_min_mm=20.0, pond_max_mm=80.0,
               drain_days_before_end=10.0)
    assert is_ponding(mg, True, 50, 60)
    assert not is_ponding(mg, True, 51, 60)
    s.pond = 15.0
    assert net_irrigation_mm(s, mg, np.full(1, -1), 0, True, 0.3, True, FC, DZ, FC,
                             WP) == pytest.approx(65.0)
    # sprinklers, 75 % efficiency, at most 25 mm a day: 30 mm net -> 40 mm gross, 25 today
    # (a quarter of it lost to the air) and the other 15 tomorrow
    arr, s = _state()
    mg = _mgmt(irr_mode=IrrigationMode.DEPLETION, irr_efficiency=0.75, irr_loss_to_air=1,
               irr_max_mm_day=25.0)
    gross, loss, leach = apply_irrigation(s, mg, SETTINGS, 30.0, True, False, False)
    assert (gross, leach) == (25.0, 0.0)
    assert loss == pytest.approx(25.0 * 0.25)
    assert s.irr_remaining == pytest.approx(15.0)
    gross, loss, leach = apply_irrigation(s, mg, SETTINGS, 0.0, True, False, False)
    assert gross == pytest.approx(15.0) and s.irr_remaining == 0.0
    # an efficiency below the floor is read as the floor: 1 mm net -> 1/0.05 = 20 mm gross
    arr, s = _state()
    mg = _mgmt(irr_mode=IrrigationMode.DEPLETION, irr_efficiency=0.01)
    gross, _loss, _leach = apply_irrigation(s, mg, SETTINGS, 1.0, True, False, False)
    assert gross == pytest.approx(20.0)


def test_leaching_requirement_and_its_daily_cap():
    # FAO-29: LR = LF/(1 - LF) x ET on top of the deficit; LF 0.2, ET 400 mm, deficit 30 mm
    assert leaching_requirement_mm(0.2, 30.0, 400.0) == pytest.approx(30.0 + 100.0)
    assert leaching_requirement_mm(0.2, -5.0, 400.0) == pytest.approx(100.0)
    arr, s = _state()
    s.leach_due = 320.0
    s.in_crop = False
    mg = _mgmt()
    days = [apply_irrigation(s, mg, SETTINGS, 0.0, False, False, False)[2] for _ in range(4)]
    assert days == [150.0, 150.0, 20.0, 0.0]


def test_pond_day_balances_water_and_salt():
    arr, s = _state()
    mg = _mgmt(irr_mode=IrrigationMode.PONDED, seepage_mm_day=2.0, percolation_mm_day=3.0,
               bund_height_mm=100.0)
    theta = FC.copy()
    salt = np.zeros(4)
    s.pond = 50.0
    fluxout = np.zeros(4)
    seep, infil, drain, runoff, salt_in, salt_out, salt_down = pond_day(
        s, mg, 10.0, 60.0, 1.0, theta, DZ, SAT, FC, KSAT, TAU, salt, fluxout, 0.0, 0.0, 0.0,
        0.0, 0.0)
    # pond 50 + 10 + 60 = 120; seepage 2; the profile at FC takes the percolation rate 3;
    # 115 left, 15 over the bunds
    assert seep == 2.0
    assert infil == pytest.approx(3.0)
    assert runoff == pytest.approx(15.0)
    assert s.pond == pytest.approx(100.0)
    # salt: 60 mm x 1 g/L in; concentration 60/120 = 0.5 g/L leaves with 2 + 3 + 15 mm
    assert salt_in == pytest.approx(60.0)
    assert s.pond_salt + salt.sum() + salt_out == pytest.approx(60.0)
    assert s.pond_salt == pytest.approx(0.5 * 100.0)
    # what leaves downwards (seepage and percolation) goes to the groundwater: 2 + 3 mm at
    # 0.5 g/L, less what the profile kept
    assert salt_down == pytest.approx(0.5 * 2.0 + 0.5 * 3.0 - salt.sum())
    assert fluxout.sum() >= 0.0


def test_no_runoff_at_or_below_the_rain_event_threshold():
    theta = FC.copy()
    salt = np.zeros(4)
    # CN 99: S = 254*(100/99 - 1) = 2.566 mm, Ia = 0.128 mm; 0.1 mm of rain is below the
    # 0.1 mm event threshold (AquaCrop), 0.12 mm would still be below Ia
    drain, runoff, infil, _si, _so, _sd = infiltration_day(
        0.1, 0.0, 0.0, 99.0, False, 0.3, 0.1, theta, DZ, SAT, FC, FC, WP, KSAT, TAU,
        salt, np.zeros(4), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    assert runoff == 0.0 and infil == pytest.approx(0.1)
    # 20 mm on CN 99: RO = (20 - Ia)^2/(20 + S - Ia) (NEH-630 eq. 10-11)
    s_mm = 254.0 * (100.0 / 99.0 - 1.0)
    ia = 0.05 * s_mm
    theta = FC.copy()
    drain, runoff, infil, _si, _so, _sd = infiltration_day(
        20.0, 0.0, 0.0, 99.0, False, 0.3, 0.1, theta, DZ, SAT, FC, FC, WP, KSAT, TAU,
        salt, np.zeros(4), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    assert runoff == pytest.approx((20.0 - ia) ** 2 / (20.0 + s_mm - ia))
    assert infil == pytest.approx(20.0 - runoff)


def test_potential_soil_evaporation():
    # AquaCrop eq. 3.5a: Kex (1 - CC*) ET0; 40 % cover, ET0 5 mm, Kex 1.1 -> 3.3 mm
    assert potential_soil_evaporation_mm(5.0, 1.1, 0.4, 1.0, False, False, 0.0, 60.0, 0.0,
                                         50.0) == pytest.approx(3.3)
    # FAO-56 eq. 75: after irrigation only the wetted 30 % evaporates
    assert potential_soil_evaporation_mm(5.0, 1.1, 0.4, 0.3, True, False, 0.0, 60.0, 0.0,
                                         50.0) == pytest.approx(1.1 * 0.3 * 5.0)
    # senescing canopy (eq. 3.5b): at most Kex (1 - 0.9 x 60 %) ET0 = 2.53 mm
    assert potential_soil_evaporation_mm(5.0, 1.1, 0.0, 1.0, False, True, 0.9, 60.0, 0.0,
                                         50.0) == pytest.approx(1.1 * 5.0 * (1 - 0.54))
    # mulch (eq. 3.5c): 100 % cover with a 50 % effect halves it
    assert potential_soil_evaporation_mm(5.0, 1.1, 0.4, 1.0, False, False, 0.0, 60.0, 100.0,
                                         50.0) == pytest.approx(3.3 * 0.5)


def test_pond_evaporates_before_the_soil():
    arr, s = _state()
    s.pond = 2.0
    theta = FC.copy()
    mg = _mgmt()
    e = evaporation_day(s, SETTINGS, mg, 60.0, 9.0, 0.0, 5.0, theta, DZ, SAT, FC, WP)
    assert e == pytest.approx(2.0) and s.pond == 0.0
    assert np.array_equal(theta, FC)


def test_cut_rules():
    arr, s = _state()
    assert cut_rule(_mgmt(cc_after_cut=0.0, cut_interval=500.0)) == CutRule.NONE
    assert cut_rule(_mgmt(cut_cc_trigger=0.9)) == CutRule.CC_TRIGGER
    assert cut_rule(_mgmt()) == CutRule.INTERVAL     # the bench's 550 GDD
    assert cut_rule(_mgmt(cut_interval=0.0)) == CutRule.LIST
    mg = _mgmt()
    s.t_since_cut = 549.0
    assert not cut_due(s, mg, np.full(1, -1), 0, 0.9)
    s.t_since_cut = 550.0
    assert cut_due(s, mg, np.full(1, -1), 0, 0.9)
    mg = _mgmt(cut_interval=0.0)
    days = np.array([4, 9, -1])
    assert [d for d in range(12) if cut_due(s, mg, days, d, 0.9)] == [4, 9]
    # canopy trigger: 0.9 x CCx (0.95) = 0.855, and at least 200 GDD since the last cut
    mg = _mgmt(cut_cc_trigger=0.9, cut_interval=200.0)
    s.ccx_sf = 0.95
    s.t_since_cut = 250.0
    assert cut_due(s, mg, np.full(1, -1), 0, 0.86)
    assert not cut_due(s, mg, np.full(1, -1), 0, 0.85)
    s.c_on = True                      # not while a companion stands
    assert not cut_due(s, mg, np.full(1, -1), 0, 0.86)


def test_a_cut_leaves_the_managed_cover_and_restarts_the_canopy_age():
    arr, s = _state()
    s.biomass = 5.0
    s.yield_dry = 4.0
    s.t_since_cut = 600.0
    s.ccx_withered = 0.9
    left = take_cut(s, _mgmt(cc_after_cut=0.25), 0.9)
    assert left == 0.25
    assert (s.b_prev_cut, s.y_prev_cut, s.t_since_cut, s.ccx_withered) == (5.0, 4.0, 0.0, 0.0)
    assert s.cut_yesterday
    assert take_cut(s, _mgmt(cc_after_cut=0.25), 0.1) == 0.1


def test_assimilate_storage_at_the_end_of_the_season():
    # AquaCrop 7.3 run.f90 FracAssim: FracSto * Stored%/100 * convex(x), x the share of
    # the storage period elapsed; season 100 days, storage over the last 40
    cp = _crop(assim_days=40.0, assim_stored_pct=65.0)
    arr, s = _state()
    s.season_len = 100
    s.ccx_sf = 0.95
    s.cc_prev = 0.95                         # at CCx: FracSto 1
    s.day_in_season = 80                     # x = (80 - 60)/40 = 0.5
    bin_, bout = assimilate_flows(s, cp, 0.1, 0.95)
    convex = (math.exp(-2.5) - 1.0) / (math.exp(-5.0) - 1.0)
    assert bin_ == 0.0
    assert bout == pytest.approx(0.65 * convex * 0.1)
    assert s.stored_total == pytest.approx(bout)
    # a canopy between the reference (0.25) and CCx stores pro rata
    s.cc_prev = 0.6
    _b, bout2 = assimilate_flows(s, cp, 0.1, 0.6)
    frac = (0.6 - CC_STORAGE_REF) / (0.95 - CC_STORAGE_REF)
    assert bout2 == pytest.approx(frac * 0.65 * convex * 0.1)
    # nothing the day after a cut
    s.cut_yesterday = True
    assert assimilate_flows(s, cp, 0.1, 0.6) == (0.0, 0.0)
    # day 60 is the last day before storage (first storage day 100 - 40 + 1 = 61)
    s.cut_yesterday = False
    s.day_in_season = 60
    assert assimilate_flows(s, cp, 0.1, 0.6) == (0.0, 0.0)


def test_remobilisation_in_spring():
    cp = _crop(assim_days=40.0)
    arr, s = _state()
    s.season_len = 180
    s.day_in_season = 5
    s.ccx_sf = 0.95
    s.to_mobilize = 1.0
    s.mobilized = 0.5
    s.mobilizing = True
    # half still to move: convex(0.5); canopy at half CCx: no reduction
    bin_, bout = assimilate_flows(s, cp, 0.2, 0.5)
    convex = (math.exp(-2.5) - 1.0) / (math.exp(-5.0) - 1.0)
    assert bout == 0.0 and bin_ == pytest.approx(convex * 0.2)
    # above 90 % of CCx the share falls linearly to 0 at CCx: at 0.95*0.95 it is halved
    s.mobilized = 0.5
    s.mobilizing = True
    bin2, _ = assimilate_flows(s, cp, 0.2, 0.95 * 0.95)
    assert bin2 == pytest.approx(convex * 0.2 * (0.95 - 0.9025) / 0.095)
    # never more than what is left, and then it stops
    s.mobilized = 0.999
    bin3, _ = assimilate_flows(s, cp, 0.2, 0.5)
    assert bin3 == pytest.approx(0.001)
    assert not s.mobilizing


def test_regrowth_remobilises_a_fifth_in_the_second_year():
    # AquaCrop 7.3 run.f90: YearSeason 2 mobilises Btotal*0.2*Mobilized/100
    cp = _crop()
    mg = _mgmt()
    n = 200
    tmin = np.full(n, 10.0)
    tmax = np.full(n, 20.0)
    co2 = np.full(n, 369.41)
    for year, share in ((2, MOBILISED_SHARE_YEAR2), (3, 1.0)):
        arr, s = _state()
        s.stored_prev = 2.0
        sown, restart = start_season(s, cp, mg, tmin, tmax, co2, 0, n - 1, year, 4.0)
        assert (sown, restart) == (False, True)
        assert s.to_mobilize == pytest.approx(2.0 * 0.60 * share)
        assert s.zr == pytest.approx(cp["zmax_m"])    # a regrowing stand keeps its roots
    arr, s = _state()
    assert start_season(s, cp, mg, tmin, tmax, co2, 0, n - 1, 1, 4.0) == (True, False)
    assert s.zr == 0.0 and s.cc_prev == 0.0 and s.protected


def test_seedling_canopy_and_annual_decline():
    cp = _crop()
    arr, s = _state()
    s.protected = True
    s.cco_tot, s.cgc_sf, s.ccx_sf = 0.05, 0.012, 0.95
    s.t_harvest = 2000.0
    # protected seedling: CC = CCo exp(CGC t) (eq. 3.3a) regardless of water stress
    cc = canopy_cover_day(s, cp, 15.0, 10.0, 0.0, 1.0, 0.0)
    assert cc == pytest.approx(0.05 * math.exp(0.012 * 10.0))
    assert cc == pytest.approx(cc_growth(10.0, 0.05, 0.012, 0.95))
    # annual after senescence: eq. 3.4 with CDC scaled by (CCx,w + 2.29)/(CCx + 2.29)
    ann = _crop(perennial=0, forage=0, t_senescence=1000.0, t_maturity=1500.0, cdc=0.01)
    arr, s = _state()
    s.ccx_withered, s.ccx_tot, s.cc_prev, s.t_harvest = 0.8, 0.95, 0.8, 1500.0
    cc = canopy_cover_day(s, ann, 1100.0, 10.0, 1.0, 1.0, 0.0)
    cdc = 0.01 * (0.8 + 2.29) / (0.95 + 2.29)
    assert cc == pytest.approx(cc_decline(100.0, 0.8, cdc))


def test_early_senescence_starts_below_its_threshold_and_stops_on_rewetting():
    cp = _crop(p_sen=0.7, shape_sen=3.0, cdc=0.006)
    arr, s = _state()
    s.ccx_sf = s.ccx_tot = 0.95
    s.cc_prev = 0.9
    # zone: FC 100, WP 50 mm; p_sen 0.7: threshold 65 mm; wrel 0.9 at 55 mm
    cc = early_senescence(s, cp, SETTINGS, 0.9, 0.9, 55.0, 100.0, 50.0, 0.7, 10.0, 5.0)
    ks_sen = 1.0 - (math.exp((0.9 - 0.7) / (0.999 - 0.7) * 3.0) - 1.0) / (math.exp(3.0) - 1.0)
    cdc = 0.006 * (1.0 - ks_sen ** 8)
    assert s.t_sen == 10.0 and s.cc_top_sen == 0.9
    assert cc == pytest.approx(cc_decline(10.0, 0.9, cdc))
    assert cc < 0.9
    # rewetted above the threshold: senescence stops, canopy unchanged
    cc2 = early_senescence(s, cp, SETTINGS, 0.85, 0.2, 90.0, 100.0, 50.0, 0.7, 10.0, 5.0)
    assert cc2 == 0.85 and s.t_sen == 0.0


def test_potential_transpiration_of_a_full_canopy():
    # eq. 3.10: Tpot = CC* KcTr,x ET0 (no ageing before full cover, CO2 factor 1, warm day)
    cp = _crop(kc_decline_pct=0.0)
    arr, s = _state()
    s.t_full, s.t_harvest, s.t_since_cut = 500.0, 2000.0, 100.0
    s.ccx_withered = 0.5
    cc = 0.5
    cc_star = 1.72 * cc - cc ** 2 + 0.30 * cc ** 3      # AquaCrop eq. 3.10 CC*
    assert potential_transpiration_mm(s, cp, cc, 300.0, 15.0, 5.0, 1.0) == pytest.approx(
        cc_star * 1.15 * 5.0)
    # the companion takes 40 % of the light
    assert potential_transpiration_mm(s, cp, cc, 300.0, 15.0, 5.0, 0.6) == pytest.approx(
        cc_star * 1.15 * 5.0 * 0.6)


def test_roots_of_a_regrowing_perennial_stay_and_a_sown_crop_deepens():
    cp = _crop()
    theta = FC.copy()
    assert root_depth_day(1.7, 300.0, 10.0, 2, 1.0, cp, SETTINGS, theta, DZ, FC, WP,
                          1.0) == 1.7
    z = root_depth_day(0.5, 300.0, 10.0, 1, 1.0, cp, SETTINGS, theta, DZ, FC, WP, 1.0)
    assert 0.5 < z <= 1.0
    # fully stressed yesterday (Tact/Tpot = 0): no deepening (AquaCrop ch. 3.6)
    assert root_depth_day(0.5, 300.0, 10.0, 1, 0.0, cp, SETTINGS, theta, DZ, FC, WP,
                          1.0) == 0.5


def test_companion_sowing_and_development():
    cq = _crop(perennial=0, forage=0, gdd_mode=0, cco=0.02, ccx=0.8, zmin_m=0.3, zmax_m=1.0,
               t_emergence=7.0, t_max_rooting=60.0)
    mg = _mgmt(companion_cco_factor=1.5, companion_ccx=0.6)
    arr, s = _state()
    sow_companion(s, cq, 3, mg, 369.41)
    assert s.c_on and s.c_idx == 3
    assert s.c_cco == pytest.approx(0.03) and s.c_ccx == 0.6
    dt, _gdd = companion_development(s, cq, SETTINGS, 10.0, 20.0, 1.0)
    assert dt == 1.0 and s.c_t == 1.0               # calendar-day crop


def test_biomass_of_a_day_is_wp_times_transpiration_over_et0():
    # eq. 3.12: dB = WP* Tact/ET0; WP* 15 g/m2 = 0.15 t/ha, no fertility or salt stress
    cp = _crop(assim_on=0, forage=0, perennial=0, hi_ref_pct=40.0)
    arr, s = _state()
    s.wp_season = 0.15
    bin_, bout = crop_biomass_day(s, cp, 0.5, 4.0, 5.0, 1.0, 1.0)
    assert (bin_, bout) == (0.0, 0.0)
    assert s.biomass == pytest.approx(0.15 * 4.0 / 5.0)
    assert s.yield_dry == pytest.approx(0.4 * s.biomass)


def test_canopy_clock_of_a_regrowing_perennial():
    # AquaCrop 7 perennials: the regrowth canopy starts at the time equivalent t_adj of the
    # crown's cover after emergence, and stops at the season's end
    cp = _crop()
    arr, s = _state()
    s.year, s.t_adj, s.t_harvest = 2, 100.0, 1000.0
    assert canopy_time(s, cp, 12.0) == pytest.approx(12.0 + 100.0 + cp["t_emergence"])
    assert (s.day_in_season, s.t_sum, s.t_since_cut) == (1, 12.0, 12.0)
    s.t_sum = 5000.0
    assert canopy_time(s, cp, 12.0) == pytest.approx(1000.0)
    arr, s = _state()                      # a sown crop: time since sowing
    assert canopy_time(s, cp, 12.0) == 12.0


def test_transpiration_without_water_stress_and_under_a_pond():
    cp = _crop(p_sto=0.6)
    arr, s = _state()
    s.zr = 0.5
    theta = FC.copy()                     # at field capacity: no stomatal stress
    tact, ks_sto = crop_transpiration(s, cp, SETTINGS, 4.0, 0.6, 1.0, False, 0.02, 0.01,
                                      theta, DZ, SAT, FC, WP, np.zeros(4), np.ones(4))
    assert ks_sto == 1.0 and tact == pytest.approx(4.0)
    assert s.tr_ratio_prev == pytest.approx(1.0)
    # the water taken comes out of the rooted compartments only
    assert (FC - theta)[:2].sum() * 250.0 == pytest.approx(4.0)
    assert np.array_equal(theta[2:], FC[2:])
    # a dry root zone under a pond: no stomatal stress (the pond feeds the roots)
    theta = WP + 0.2 * (FC - WP)
    _tact, ks_sto = crop_transpiration(s, cp, SETTINGS, 4.0, 0.6, 1.0, True, 0.02, 0.01,
                                       theta, DZ, SAT, FC, WP, np.zeros(4), np.ones(4))
    assert ks_sto == 1.0
    # the same without the pond: relative depletion 0.8 > p_sto 0.6, linear Ks
    theta = WP + 0.2 * (FC - WP)
    _tact, ks_sto = crop_transpiration(s, cp, SETTINGS, 4.0, 0.6, 1.0, False, 0.02, 0.01,
                                       theta, DZ, SAT, FC, WP, np.zeros(4), np.ones(4))
    assert ks_sto == pytest.approx(1.0 - (0.8 - 0.6) / (1.0 - 0.6))


def test_companion_biomass_is_wp_times_transpiration_over_et0():
    cq = _crop(perennial=0, forage=0)
    arr, s = _state()
    s.c_wp = 0.15
    companion_biomass_day(s, cq, 2.0, 4.0, 0.0)          # no salinity
    assert s.c_b == pytest.approx(0.15 * 2.0 / 4.0)


def test_root_zone_aeration_stress_builds_up_over_the_delay():
    # AquaCrop 7.3 DetermineRootZoneAnaeroConditions: SAT 46 vol %, anaerobiotic point 5,
    # root zone at 44 vol % (> 46 - 5): Ks,aer = 1 - (1 - (46 - 44)/5) days/3
    arr, s = _state()
    zr = 0.5
    wsat, wact = 460.0 * zr, 440.0 * zr
    got = [root_zone_aeration_factor(s, 5.0, 3.0, wsat, wact, zr) for _ in range(4)]
    assert got == pytest.approx([1 - 0.6 / 3, 1 - 0.6 * 2 / 3, 0.4, 0.4])
    # drier than SAT - 5: no stress, and the count restarts
    assert root_zone_aeration_factor(s, 5.0, 3.0, wsat, 400.0 * zr, zr) == 1.0
    assert s.day_anaero == 0.0
    # a crop without an anaerobiotic point has no aeration stress
    assert root_zone_aeration_factor(s, 0.0, 3.0, wsat, wsat, zr) == 1.0


def test_compartment_aeration_caps():
    # AquaCrop 7.3 Correction_Anaeroby: cap (SAT - theta)/anaero, averaged with 1 before
    # the delay is reached: (1 + (n - 1) cap)/n on day n < delay, cap from day `delay`
    theta = np.array([0.45, 0.40, 0.45, 0.45])
    sat = np.full(4, 0.46)
    days = np.array([0.0, 0.0, 2.0, 5.0])
    caps = np.ones(4)
    compartment_aeration_caps(theta, sat, 5.0, 3.0, days, caps)
    cap = (0.46 - 0.45) / 0.05
    assert caps[0] == pytest.approx(1.0)          # first waterlogged day: (1 + 0)/1
    assert caps[1] == 1.0 and days[1] == 0.0      # 0.40 < 0.41: not waterlogged
    assert caps[2] == pytest.approx(cap)          # day 3 = delay: full effect
    assert caps[3] == pytest.approx(cap) and days[3] == 3.0
    compartment_aeration_caps(theta, sat, 5.0, 3.0, days, caps)
    assert caps[0] == pytest.approx((1.0 + cap) / 2.0)   # day 2
