"""Soil erosion by water: RUSLE rainfall erosion and furrow-irrigation erosion.

Post-processing of the engine's daily outputs (canopy cover, rain, irrigation):
:mod:`zhassyl.erosion.rusle` holds the RUSLE factors (Renard et al. 1997, USDA
Agriculture Handbook 703), :mod:`zhassyl.erosion.furrow` the furrow-irrigation
loss, :mod:`zhassyl.erosion.soil_loss` the yearly soil loss of a scenario's
system.  Constants are data (``data/erosion/*.csv``), each with its source.
"""

from zhassyl.erosion.soil_loss import ErosionSite, site_for, soil_loss_by_season

__all__ = ["ErosionSite", "site_for", "soil_loss_by_season"]
