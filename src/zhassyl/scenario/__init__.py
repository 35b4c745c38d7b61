"""The scenario layer: field scenarios in, one results table with provenance out.

Place in the architecture::

    cli / web / impact / scale-up / calibration      (parse, format)
        -> scenario: builders -> FieldScenario batch -> run_scenarios -> Results
            -> engine_inputs (the one builder of engine arrays, chunked by take_fields)
                -> engine.simulate (pure arrays)   carbon.soil_carbon (RothC)
    registry (rows) -> scenario.registry -> builders.from_registry

``zhassyl.scenario.vocabulary`` (ids shared by the registry and the science)
imports nothing heavy; the rest is loaded on first use.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "FieldScenario": "zhassyl.scenario.model",
    "Results": "zhassyl.scenario.run",
    "run_scenarios": "zhassyl.scenario.run",
    "field_scenario": "zhassyl.scenario.builders",
    "from_fields_csv": "zhassyl.scenario.builders",
    "from_json": "zhassyl.scenario.builders",
    "from_registry": "zhassyl.scenario.builders",
    "from_stratum": "zhassyl.scenario.builders",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'zhassyl.scenario' has no attribute {name!r}")
