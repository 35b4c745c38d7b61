"""Record layouts of the engine's parameter arrays and indices of its outputs.

Parameters reach the compiled kernel as NumPy structured arrays (one record
per field) so that every value is named, never passed by position.
"""

from __future__ import annotations

from collections import namedtuple
from enum import IntEnum

import numpy as np


class IrrigationMode(IntEnum):
    """How a field's irrigation is decided (``MANAGEMENT_DTYPE['irr_mode']``)."""

    NONE = 0         # rainfed
    DEPLETION = 1    # refill to field capacity when the depletion exceeds a share of TAW
    INTERVAL = 2     # a fixed net depth every ``irr_interval_days`` days of the season
    CALENDAR = 3     # a fixed net depth on listed days
    PONDED = 4       # rice paddy: keep a pond between two depths

class CutRule(IntEnum):
    """When a forage is cut, read from its management record by :func:`cut_rule`."""

    NONE = 0         # never (``cc_after_cut`` 0)
    CC_TRIGGER = 1   # canopy reaches ``cut_cc_trigger``·CCx and ``cut_interval`` has passed
    INTERVAL = 2     # every ``cut_interval`` of thermal time since the last cut
    LIST = 3         # on the listed days (``cut_days``)


#: Crop parameters, one record per field.  Times are in the crop's thermal
#: unit: growing degree days when ``gdd_mode`` is 1, days when it is 0.
CROP_DTYPE = np.dtype([
    ("gdd_mode", np.int64),          # 1: development in GDD, 0: in calendar days
    ("tbase_c", np.float64),         # base temperature [degC]
    ("tupper_c", np.float64),        # upper temperature [degC]
    ("perennial", np.int64),         # 1 for a perennial (restarts each year)
    ("forage", np.int64),            # 1 for a forage crop (harvested by cuts)
    ("cco", np.float64),             # initial canopy cover at emergence [fraction]
    ("cc_ini", np.float64),          # canopy cover of a regrowing plant at restart [fraction]
    ("ccx", np.float64),             # maximum canopy cover [fraction]
    ("cgc", np.float64),             # canopy growth coefficient [fraction per unit time]
    ("cdc", np.float64),             # canopy decline coefficient [fraction per unit time]
    ("t_emergence", np.float64),     # sowing to emergence [time]
    ("t_max_rooting", np.float64),   # sowing to maximum rooting depth [time]
    ("t_senescence", np.float64),    # sowing to start of senescence [time]
    ("t_maturity", np.float64),      # sowing to maturity [time]
    ("t_hi_build", np.float64),      # length of harvest-index build-up [time]
    ("p_exp_upper", np.float64),     # depletion fraction: canopy expansion starts to slow
    ("p_exp_lower", np.float64),     # depletion fraction: canopy expansion stops
    ("shape_exp", np.float64),       # shape of Ks_exp
    ("p_sto", np.float64),           # depletion fraction: stomata start to close
    ("shape_sto", np.float64),       # shape of Ks_sto
    ("p_sen", np.float64),           # depletion fraction: early senescence starts
    ("shape_sen", np.float64),       # shape of Ks_sen
    ("p_adjust", np.int64),          # 1: p thresholds adjusted to ET0
    ("et0_dormancy_mm", np.float64), # sum of ET0 a dormant (drought-senesced) crop survives [mm]
    ("kctr_x", np.float64),          # crop transpiration coefficient at full cover
    ("kc_decline_pct", np.float64),  # decline of KcTr,x by ageing [%]
    ("cc_effect_evap_pct", np.float64),  # effect of withered canopy on soil evaporation [%]
    ("zmin_m", np.float64),          # minimum effective rooting depth [m]
    ("zmax_m", np.float64),          # maximum effective rooting depth [m]
    ("root_shape", np.float64),      # shape factor of root deepening
    ("smax_top_q", np.float64),      # max root extraction, top quarter [m3 m-3 d-1]
    ("smax_bot_q", np.float64),      # max root extraction, bottom quarter [m3 m-3 d-1]
    ("wp_g_m2", np.float64),         # normalised water productivity WP* [g m-2]
    ("co2_sink_pct", np.float64),    # crop sink strength for CO2 response [%]
    ("hi_ref_pct", np.float64),      # reference harvest index [%]
    ("gdd_transp_low", np.float64),  # GDD per day for full transpiration (cold stress)
    ("salt_threshold_ds_m", np.float64),  # ECe above which yield declines [dS m-1]
    ("salt_slope_pct", np.float64),  # yield decline per dS m-1 above the threshold [%]
    ("ky", np.float64),              # yield response factor (FAO-33/FAO-56 table 24)
    ("years_ccx_90", np.float64),    # year at which self-thinning brings CCx to 90 %
    ("self_thin_shape", np.float64), # shape of the self-thinning decline
    ("fert_shape_cgc", np.float64),  # soil-fertility response shapes (CGC, CCx, WP, decline)
    ("fert_shape_ccx", np.float64),
    ("fert_shape_wp", np.float64),
    ("fert_shape_decline", np.float64),
    ("assim_on", np.int64),          # 1: assimilates stored in roots and remobilised
    ("assim_days", np.float64),      # days at season end during which assimilates are stored
    ("assim_stored_pct", np.float64),    # % of assimilates stored on the last day
    ("assim_mobilised_pct", np.float64), # % of stored assimilates remobilised next spring
    ("dry_matter_pct", np.float64),  # dry matter content of fresh yield [%]
    ("zmin_year1_m", np.float64),    # minimum rooting depth in the sowing year [m]
    ("establishment_t_ha", np.float64),  # sowing-year shoot biomass of a full stand (0: no effect)
    ("anaerobic_point_pct", np.float64),  # aeration stress above SAT minus this [vol %] (0: none)
])

#: Field management, one record per field.
MANAGEMENT_DTYPE = np.dtype([
    ("fertility_stress_pct", np.float64),  # soil fertility stress [%] (0 = none)
    ("mulch_pct", np.float64),             # soil surface covered by mulch [%]
    ("mulch_effect_pct", np.float64),      # reduction of evaporation under mulch [%]
    ("cc_after_cut", np.float64),          # canopy cover left by a cut [fraction]
    ("cut_interval", np.float64),          # cut every this much time since the last cut (0: list)
    ("cut_cc_trigger", np.float64),        # cut when CC >= this fraction of CCx (0: off)
    ("irr_mode", np.int64),                # an IrrigationMode
    ("irr_trigger_pct_taw", np.float64),   # mode 1: irrigate when depletion > this % of TAW
    ("irr_interval_days", np.float64),     # mode 2: days between irrigations
    ("irr_depth_mm", np.float64),          # modes 2, 3: net depth per irrigation [mm]
    ("irr_efficiency", np.float64),        # application efficiency [fraction]
    ("irr_wetted_fraction", np.float64),   # fraction of the soil surface wetted (FAO-56 table 20)
    ("irr_loss_to_air", np.int64),         # 1: application losses evaporate/drift (sprinklers)
    ("leaching_fraction", np.float64),     # extra share of water applied for leaching [fraction]
    ("sowing_irrigation_mm", np.float64),  # gross irrigation on the sowing day of a sown crop [mm]
    ("spring_irrigation_mm", np.float64),  # gross irrigation on a perennial's restart day [mm]
    ("irr_zone_m", np.float64),            # mode 1: depth over which depletion is judged (0: roots)
    ("irr_max_mm_day", np.float64),        # largest gross application per day (0: no limit) [mm]
    ("ec_iw_ds_m", np.float64),            # irrigation water salinity [dS m-1]
    ("groundwater_depth_m", np.float64),   # water table depth (<= 0: none) [m]
    ("ec_gw_ds_m", np.float64),            # groundwater salinity [dS m-1]
    ("pond_min_mm", np.float64),           # mode 4: refill the pond when below this depth [mm]
    ("pond_max_mm", np.float64),           # mode 4: refill up to this depth [mm]
    ("bund_height_mm", np.float64),        # pond overflows above this depth [mm]
    ("percolation_mm_day", np.float64),    # mode 4: max infiltration through the puddled layer
    ("seepage_mm_day", np.float64),        # mode 4: lateral seepage through the bunds [mm d-1]
    ("drain_days_before_end", np.float64), # mode 4: stop ponding this many days before harvest
    ("companion_cco_factor", np.float64),  # companion crop: multiplier of CCo (sowing density)
    ("companion_ccx", np.float64),         # companion crop: CCx at this density (0: crop's own)
    ("companion_shade", np.float64),       # share of companion cover that shades the main crop
    ("companion_cut_main", np.int64),      # 1: harvesting the companion also cuts the main crop
])

#: Soil surface parameters, one record per soil profile.
SOIL_DTYPE = np.dtype([
    ("cn", np.float64),          # curve number (AMC II)
    ("rew_mm", np.float64),      # readily evaporable water [mm]
    ("cr_a", np.float64),        # capillary rise parameter a (AquaCrop; < 0)
    ("cr_b", np.float64),        # capillary rise parameter b (AquaCrop)
])

#: Simulation settings (AquaCrop's "program parameters"), one record per field.
SETTINGS_DTYPE = np.dtype([
    ("evap_decline", np.float64),     # stage-2 evaporation decline factor fK
    ("kex", np.float64),              # soil evaporation coefficient of wet bare soil
    ("evap_layer_m", np.float64),     # depth of the evaporating layer [m]
    ("evap_zmax_m", np.float64),      # deepest evaporating layer in stage 2 [m] (issue 11)
    ("root_start_pct", np.float64),   # starting root depth, % of Zmin
    ("root_stress_shape", np.float64),  # shape of the water-stress effect on root deepening
    ("top_soil_m", np.float64),       # top soil depth for the stress zone check [m]
    ("cn_depth_m", np.float64),       # soil depth for the CN moisture adjustment [m]
    ("cn_adjust", np.int64),          # 1: adjust CN to antecedent moisture
    ("p_sen_beta_pct", np.float64),   # decrease of p_sen once senescence has started [%]
    ("rain_event_mm", np.float64),    # rain above which runoff is computed [mm] (AquaCrop 0.1)
    ("leach_max_mm_day", np.float64), # largest leaching irrigation per day after a season [mm]
    ("salinity_zone_min_m", np.float64),  # thinnest zone for root-zone ECe and capillary rise [m]
    ("irr_efficiency_min", np.float64),   # lowest application efficiency used [fraction]
    ("low_oxygen_delay_days", np.float64),  # days of waterlogging to full aeration stress
])

# Season summary variables: index in the last axis of ``season`` outputs.
SEASON_VARS = (
    "rain_mm", "irrigation_mm", "runoff_mm", "infiltration_mm", "drainage_mm",
    "evaporation_mm", "transpiration_mm", "transpiration_pot_mm", "et0_mm", "gdd",
    "biomass_t_ha", "yield_dry_t_ha", "bin_t_ha", "bout_t_ha", "n_cuts",
    "storage_start_mm", "storage_end_mm", "balance_residual_mm", "cc_max", "zr_max_m",
    "companion_biomass_t_ha", "companion_yield_t_ha", "companion_transpiration_mm",
    "seepage_mm", "application_loss_mm", "capillary_rise_mm", "flooded_days",
    "salt_in_t_ha", "salt_out_t_ha", "salt_start_t_ha", "salt_end_t_ha", "salt_residual_t_ha",
    "ece_mean_ds_m", "ece_end_ds_m", "stand_factor", "leaching_irrigation_mm",
)
S = {name: i for i, name in enumerate(SEASON_VARS)}

# Daily output variables: first axis of ``daily`` outputs.
DAILY_VARS = (
    "canopy_cover", "biomass_cum_t_ha", "yield_dry_cum_t_ha", "transpiration_mm",
    "evaporation_mm", "drainage_mm", "runoff_mm", "irrigation_mm", "root_depth_m",
    "storage_mm", "transpiration_pot_mm", "gdd", "ks_sto", "ece_ds_m", "pond_mm",
    "companion_cc", "companion_biomass_t_ha", "companion_transpiration_mm", "light_to_main",
    # the exchange with the groundwater (issue 17): capillary rise, pond seepage, salt
    # leaving the profile downwards (drainage and seepage) and rising with the capillary
    # water [t ha-1], and the water-table depth the day was simulated with [m] (0: none)
    "capillary_rise_mm", "seepage_mm", "salt_leached_t_ha", "salt_capillary_t_ha",
    "water_table_m",
    # and of the field's own aquifer, when it has one: groundwater salinity the day was
    # simulated with [dS m-1], the day's drain outflow and surface outflow [mm]
    "ec_gw_ds_m", "gw_drain_mm", "gw_surface_outflow_mm",
)
D = {name: i for i, name in enumerate(DAILY_VARS)}

#: Index of each season variable (``SI.rain_mm`` == ``S["rain_mm"]``), a constant in the kernel.
SI = namedtuple("SeasonIndex", SEASON_VARS)(*range(len(SEASON_VARS)))
#: Index of each daily variable (``DI.canopy_cover`` == ``D["canopy_cover"]``).
DI = namedtuple("DailyIndex", DAILY_VARS)(*range(len(DAILY_VARS)))

#: The state of one field carried from one day to the next in the kernel (one record per
#: field, allocated by the kernel; never an input).  Times are in the crop's thermal unit.
FIELD_STATE_DTYPE = np.dtype([
    # season calendar
    ("s_idx", np.int64),             # index of the current or next season
    ("in_crop", np.bool_),           # the main crop is in the field
    ("year", np.int64),              # year of stand of the current season
    ("day_in_season", np.int64),     # days since the season started (1 on its first day)
    ("season_len", np.int64),        # days in the current season
    # thermal time and canopy development (AquaCrop ch. 3.3)
    ("t_sum", np.float64),           # thermal time since the season started
    ("t_adj", np.float64),           # time equivalent of the regrowth canopy at restart
    ("t_harvest", np.float64),       # season length in thermal time
    ("t_full", np.float64),          # time to full canopy (no fertility stress)
    ("t_full_sf", np.float64),       # time to full canopy under fertility stress
    ("rat_d_gdd", np.float64),       # days per thermal unit after full canopy (CCxSFCD)
    ("c_decline", np.float64),       # canopy decline under fertility stress [% per ...]
    ("t_since_cut", np.float64),     # thermal time since sowing/restart or the last cut
    ("cc_prev", np.float64),         # canopy cover at the end of yesterday [fraction]
    ("ccx_withered", np.float64),    # highest canopy cover reached so far [fraction]
    ("protected", np.bool_),         # seedling canopy still growing exponentially
    ("t_sen", np.float64),           # thermal time of early senescence so far
    ("cc_top_sen", np.float64),      # canopy cover when early senescence started
    ("sum_et0_stress", np.float64),  # ET0 summed while the canopy is dormant by drought [mm]
    ("cc_max", np.float64),          # highest canopy cover of the season
    ("cco_tot", np.float64),         # CCo after self-thinning [fraction]
    ("ccx_tot", np.float64),         # CCx after self-thinning [fraction]
    ("cgc_sf", np.float64),          # CGC under fertility stress
    ("ccx_sf", np.float64),          # CCx under fertility stress [fraction]
    ("kc_co2", np.float64),          # CO2 factor of KcTr for the season
    # roots (AquaCrop ch. 3.6)
    ("zr", np.float64),              # effective rooting depth [m]
    ("zr_max", np.float64),          # deepest roots of the season [m]
    ("tr_ratio_prev", np.float64),   # yesterday's Tact/Tpot (slows root deepening)
    ("day_anaero", np.float64),      # days the root zone has been waterlogged (aeration stress)
    # soil evaporation (AquaCrop ch. 3.5)
    ("stage1", np.float64),          # readily evaporable water left in stage 1 [mm]
    ("evap_z", np.float64),          # depth of the stage-2 evaporating layer [m]
    ("evap_start", np.float64),      # wetness of that layer when stage 2 started [%] (< 0: not)
    # biomass and yield (AquaCrop ch. 3.8)
    ("biomass", np.float64),         # above-ground biomass of the season [t ha-1]
    ("yield_dry", np.float64),       # dry yield of the season [t ha-1]
    ("b_prev_cut", np.float64),      # biomass at the last cut [t ha-1]
    ("y_prev_cut", np.float64),      # yield at the last cut [t ha-1]
    ("sum_kc_act", np.float64),      # sum of Tact/ET0 of the season
    ("sum_kc_top_stress", np.float64),  # its unstressed value under fertility stress
    ("red_wp", np.float64),          # WP reduction by fertility stress [%]
    ("wp_season", np.float64),       # WP of the season after CO2 [t ha-1 per mm/mm]
    ("k_hi", np.float64),            # HI growth coefficient of a sowing year
    # perennial assimilate storage (AquaCrop 7 ch. 3, perennials)
    ("stored_total", np.float64),    # assimilates stored this season [t ha-1]
    ("stored_prev", np.float64),     # assimilates stored last season [t ha-1]
    ("to_mobilize", np.float64),     # assimilates to remobilise this season [t ha-1]
    ("mobilized", np.float64),       # assimilates remobilised so far [t ha-1]
    ("mobilizing", np.bool_),        # remobilisation under way
    ("stand", np.float64),           # stand factor from the sowing year's biomass
    # cuts and irrigation
    ("cut_yesterday", np.bool_),     # the crop was cut yesterday (no storage today)
    ("n_cut_total", np.int64),       # cuts so far (all seasons)
    ("next_cut", np.int64),          # index of the next listed cut day
    ("next_irr", np.int64),          # index of the next listed irrigation day
    ("wet_by_irrigation", np.bool_), # the surface was last wetted by irrigation
    ("irr_remaining", np.float64),   # gross irrigation still to apply [mm]
    ("leach_due", np.float64),       # leaching irrigation still to apply [mm]
    ("et_for_leaching", np.float64), # crop ET of the season for the leaching requirement [mm]
    # paddy pond
    ("pond", np.float64),            # ponded water [mm]
    ("pond_salt", np.float64),       # salt in the pond [g m-2]
    # salinity statistics of the season
    ("ece_sum", np.float64),         # sum of the daily root-zone ECe [dS m-1]
    ("ece_n", np.float64),           # days summed
    # companion (annual) crop sown under the main crop
    ("c_on", np.bool_),              # the companion is in the field
    ("c_idx", np.int64),             # its crop record
    ("c_t", np.float64),             # its thermal time since sowing
    ("c_cc", np.float64),            # its canopy cover [fraction]
    ("c_zr", np.float64),            # its rooting depth [m]
    ("c_b", np.float64),             # its biomass [t ha-1]
    ("c_ccx_w", np.float64),         # its highest canopy cover so far [fraction]
    ("c_wp", np.float64),            # its WP after CO2 [t ha-1 per mm/mm]
    ("c_kc_co2", np.float64),        # its KcTr CO2 factor
    ("c_cco", np.float64),           # its CCo at the sowing density [fraction]
    ("c_ccx", np.float64),           # its CCx at the sowing density [fraction]
])
