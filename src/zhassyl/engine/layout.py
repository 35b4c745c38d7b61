"""Record layouts of the engine's parameter arrays and indices of its outputs.

Parameters reach the compiled kernel as NumPy structured arrays (one record
per field) so that every value is named, never passed by position.
"""

from __future__ import annotations

import numpy as np

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
])

#: Field management, one record per field.
MANAGEMENT_DTYPE = np.dtype([
    ("fertility_stress_pct", np.float64),  # soil fertility stress [%] (0 = none)
    ("mulch_pct", np.float64),             # soil surface covered by mulch [%]
    ("mulch_effect_pct", np.float64),      # reduction of evaporation under mulch [%]
    ("cc_after_cut", np.float64),          # canopy cover left by a cut [fraction]
    ("cut_interval", np.float64),          # cut every this much time since the last cut (0: list)
    ("cut_cc_trigger", np.float64),        # cut when CC >= this fraction of CCx (0: off)
    ("irr_mode", np.int64),                # 0 none, 1 depletion, 2 interval, 3 calendar, 4 ponded
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
