"""The shallow groundwater of irrigation blocks: parameters (package data) and the coupling of
the root-zone engine with the aquifer (:mod:`zhassyl.engine.aquifer`) in
:mod:`zhassyl.groundwater.coupling`."""

from zhassyl.groundwater.params import aquifer_parameters, critical_depth_m

__all__ = ["aquifer_parameters", "critical_depth_m"]
