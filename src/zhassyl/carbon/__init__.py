"""Soil carbon: RothC 26.3 (monthly, vectorised over fields).

See :mod:`zhassyl.carbon.rothc` and ``docs/rothc.md``.
"""

from zhassyl.carbon.rothc import (
    RothCForcing,
    RothCInput,
    RothCParameters,
    RothCResult,
    RothCState,
    co2_partition_ratio,
    default_parameters,
    delta14c_permil,
    initial_state,
    iom_falloon,
    load_rothc_parameters,
    rate_modifier_cover,
    rate_modifier_moisture,
    rate_modifier_temperature,
    read_rothc_input,
    rothc_month,
    run_rothc,
    run_rothc_input,
    spin_up,
    write_month_results,
)

__all__ = [
    "RothCForcing",
    "RothCInput",
    "RothCParameters",
    "RothCResult",
    "RothCState",
    "co2_partition_ratio",
    "default_parameters",
    "delta14c_permil",
    "initial_state",
    "iom_falloon",
    "load_rothc_parameters",
    "rate_modifier_cover",
    "rate_modifier_moisture",
    "rate_modifier_temperature",
    "read_rothc_input",
    "rothc_month",
    "run_rothc",
    "run_rothc_input",
    "spin_up",
    "write_month_results",
]
