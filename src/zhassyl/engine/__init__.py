"""The daily soil-water-crop engine: pure array functions over N fields.

Public entry point: :func:`zhassyl.engine.simulate.simulate`.  Processes live
in their own modules (``thermal``, ``canopy``, ``roots``, ``soil_water``,
``transpiration``, ``biomass``, ``perennial``); ``kernel`` runs the daily loop
(each day all rates are computed from yesterday's state, then the state is
updated) compiled with Numba, one field after another, so one field and a
million fields run the same code.
"""
