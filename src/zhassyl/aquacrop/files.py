"""All AquaCrop file readers in one namespace (``zhassyl.aquacrop.files``).

The readers live in one module per kind of file; this module gathers them.
"""

from zhassyl.aquacrop._common import date_from_day_number, day_number
from zhassyl.aquacrop.climate import (
    ClimateFiles,
    ClimateSeries,
    CO2Series,
    EToSeries,
    RainSeries,
    RecordType,
    TemperatureSeries,
    load_climate_series,
    read_climate,
    read_co2,
    read_eto,
    read_rain,
    read_temperature,
)
from zhassyl.aquacrop.crop import (
    CropParameters,
    CropType,
    PerennialCalendar,
    Planting,
    SeasonCriterion,
    read_crop,
)
from zhassyl.aquacrop.fielddata import (
    CropCalendar,
    Observations,
    ProgramParameters,
    read_calendar,
    read_observations,
    read_program_parameters,
)
from zhassyl.aquacrop.management import (
    CuttingCriterion,
    CuttingRule,
    Cuttings,
    Management,
    read_management,
)
from zhassyl.aquacrop.outputs import (
    DayOutput,
    DayOutputRun,
    HarvestRecord,
    HarvestRun,
    HarvestsOutput,
    OutputTable,
    SeasonOutput,
    read_day_output,
    read_harvests_output,
    read_season_output,
)
from zhassyl.aquacrop.project import Project, ProjectFile, ProjectRun, read_project
from zhassyl.aquacrop.soil import SoilHorizon, SoilProfile, drainage_tau_from_ksat, read_soil

__all__ = [
    "CO2Series", "ClimateFiles", "ClimateSeries", "CropCalendar", "CropParameters",
    "CropType", "CuttingCriterion", "CuttingRule", "Cuttings", "DayOutput", "DayOutputRun",
    "EToSeries", "HarvestRecord", "HarvestRun", "HarvestsOutput", "Management",
    "Observations", "OutputTable", "PerennialCalendar", "Planting", "ProgramParameters",
    "Project", "ProjectFile", "ProjectRun", "RainSeries", "RecordType", "SeasonCriterion",
    "SeasonOutput", "SoilHorizon", "SoilProfile", "TemperatureSeries", "date_from_day_number",
    "day_number", "drainage_tau_from_ksat", "load_climate_series", "read_calendar",
    "read_climate", "read_co2", "read_crop", "read_day_output", "read_eto",
    "read_harvests_output", "read_management", "read_observations",
    "read_program_parameters", "read_project", "read_rain", "read_season_output",
    "read_soil", "read_temperature",
]
