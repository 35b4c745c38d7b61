"""The daily soil-water-crop engine: pure array functions over N fields.

Public entry point: :func:`zhassyl.engine.simulate.simulate`.  Processes live
in their own modules (``season``, ``thermal``, ``canopy``, ``roots``,
``irrigation``, ``paddy``, ``soil_water``, ``companion``, ``transpiration``,
``biomass``, ``assimilates``, ``cutting``, ``perennial``), each a compiled
function a test can call on one field's state record (``layout``); ``kernel``
runs the daily loop compiled with Numba, one field after another, so one field
and a million fields run the same code.  Within a day the processes run in
AquaCrop's order, each seeing the soil water the ones before it left (see the
``kernel`` module).
"""
