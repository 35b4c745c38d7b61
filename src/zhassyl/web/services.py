"""The one place where the web app asks the model for numbers.

:func:`scenario_records` runs management systems on a region's (or a
registered field's) conditions and returns one record per weather seed,
system and year with the keys of ``zhassyl compare --format json`` (plus
``seed`` and the net income per hectare).  It is implemented on today's
:func:`zhassyl.farming.scenario.run_scenario`; when the scenario layer
(``zhassyl.scenario.run_scenarios``) lands, this function is the only one
to switch.  :func:`percentile_table` turns the seeds into P10/P50/P90;
:func:`field_plan` gathers what a farmer's printed field plan says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from zhassyl.errors import InputError, Problem, ZhassylError
from zhassyl.i18n import _

#: Production levels a caller may ask for.  Today's model runs one: "farm" (regional
#: default management, water- and salt-limited yields, generated weather).
LEVELS = ("farm",)
#: Weather seeds behind the P10-P90 bands of the scenario page and the field plan.
BAND_SEEDS = (1, 2, 3, 4, 5)
#: Record keys of ``zhassyl compare --format json``.
COMPARE_KEYS = ("system", "year", "hay_t_ha", "n_cuts", "grain_t_ha", "straw_fodder_t_ha",
                "irrigation_m3_ha", "leaching_m3_ha", "et_mm", "drainage_mm", "ece_ds_m",
                "water_productivity_kg_m3", "soc_t_c_ha")
#: Calendar year whose prices value the money (the price data's latest year).
PRICE_YEAR = 2024
#: The registry writes soil textures with '-', the soil data with '_'.
_TEXTURE = {"sandy-loam": "sandy_loam", "silt-loam": "silt_loam", "clay-loam": "clay_loam"}


@dataclass(frozen=True)
class Provenance:
    """What the numbers of a scenario stand for."""

    region: str
    level: str
    baseline: str
    inputs: str
    seeds: tuple[int, ...]
    weather: str

    def as_dict(self) -> dict[str, Any]:
        """Plain dict (JSON)."""
        return {"region": self.region, "level": self.level, "baseline": self.baseline,
                "inputs": self.inputs, "seeds": list(self.seeds), "weather": self.weather}


def system_ids() -> tuple[str, ...]:
    """Management systems a user can choose."""
    from zhassyl.farming.systems import SYSTEM_IDS

    return SYSTEM_IDS


def _record(r, soc: float | None, net_kzt: float | None, seed: int) -> dict[str, Any]:
    water_m3 = r.irrigation_m3_ha + 10.0 * r.rain_mm
    product_t = r.hay_t_ha + r.grain_t_ha
    return {
        "system": r.system, "year": r.year, "hay_t_ha": round(r.hay_t_ha, 3),
        "n_cuts": r.n_cuts, "grain_t_ha": round(r.grain_t_ha, 3),
        "straw_fodder_t_ha": round(r.straw_t_ha, 3),
        "irrigation_m3_ha": round(r.irrigation_m3_ha, 1),
        "leaching_m3_ha": round(r.leaching_m3_ha, 1), "et_mm": round(r.et_mm, 1),
        "drainage_mm": round(r.drainage_mm, 1), "ece_ds_m": round(r.ece_ds_m, 2),
        # water productivity: product per m3 of irrigation and rain water (FAO, kg m-3)
        "water_productivity_kg_m3": round(1000.0 * product_t / water_m3, 3) if water_m3 else 0.0,
        "soc_t_c_ha": None if soc is None else round(soc, 2),
        "net_income_kzt_ha": None if net_kzt is None else round(net_kzt, -2),
        "seed": seed,
    }


def _net_income(r) -> float | None:
    from zhassyl.economics.budget import enterprise_budget
    from zhassyl.economics.prices import PriceBook

    try:
        b = enterprise_budget(r, PriceBook(), PRICE_YEAR)
    except ZhassylError:
        return None
    return b.revenue_kzt - b.cost_kzt


def check_request(region: str, systems: list[str], years: int, level: str | None) -> str:
    """Validate a scenario request (one message per bad field); return the level."""
    from zhassyl.farming.scenario import region_defaults

    problems = []
    try:
        region_defaults(region)
    except ZhassylError:
        problems.append(Problem("scenario", None, "region", _("unknown region '{region}'")
                                .format(region=region)))
    known = system_ids()
    if not systems:
        problems.append(Problem("scenario", None, "systems", _("no system given")))
    for s in systems:
        if s not in known:
            problems.append(Problem("scenario", None, "systems", _(
                "unknown system '{system}'; expected one of: {systems}").format(
                system=s, systems=", ".join(known))))
    if len(set(systems)) != len(systems):
        problems.append(Problem("scenario", None, "systems", _("a system is listed twice")))
    if not 1 <= years <= 30:
        problems.append(Problem("scenario", None, "years", _("years must be within 1..30")))
    level = level or LEVELS[0]
    if level not in LEVELS:
        problems.append(Problem("scenario", None, "level", _(
            "production level '{level}' is not available; available: {levels}").format(
            level=level, levels=", ".join(LEVELS))))
    if problems:
        raise InputError(problems)
    return level


def scenario_records(region: str, systems: list[str], years: int, field_id: int | None = None,
                     level: str | None = None, *, field: dict | None = None,
                     seeds: tuple[int, ...] = (1,)) -> tuple[list[dict[str, Any]], Provenance]:
    """Run ``systems`` for ``years`` years; one record per seed, system and year.

    Parameters
    ----------
    region : str
        Region id (weather, default soil, salinity and irrigation water).
    systems : list of str
        Management system ids; the first is the baseline of the SOC equilibrium.
    years : int
        Number of years (1..30).
    field_id : int, optional
        The registered field the scenario is for; ``field`` then holds its row
        (already read through the repositories, so permissions were checked):
        its soil texture and initial ECe replace the regional defaults.
    level : str, optional
        Production level (see :data:`LEVELS`).
    seeds : tuple of int
        Weather generator seeds; several give the spread over weather years.

    Returns
    -------
    records : list of dict
        Keys of ``zhassyl compare --format json`` (:data:`COMPARE_KEYS`) plus
        ``net_income_kzt_ha`` (enterprise budget at :data:`PRICE_YEAR` prices,
        no subsidies) and ``seed``.
    provenance : Provenance
    """
    from zhassyl.carbon.soil_carbon import soc_by_year
    from zhassyl.farming.scenario import region_defaults, run_scenario, soil_clay_pct

    level = check_request(region, systems, years, level)
    soil = ece = None
    inputs = _("regional defaults (soil, initial salinity, irrigation water)")
    if field_id is not None and field is not None:
        soil = _TEXTURE.get(field["soil_texture"], field["soil_texture"])
        ece = field.get("ece_initial_ds_m")
        inputs = _("field {id}: registered soil texture and initial ECe; regional irrigation "
                   "water").format(id=field_id)
    texture = soil or region_defaults(region).soil_texture
    out: list[dict[str, Any]] = []
    source = ""
    for seed in seeds:
        run = run_scenario(region, list(systems), years, seed, soil=soil, ece_ds_m=ece)
        source = run.weather.source
        soc = {(s.system, s.year): s.soc_t_c_ha
               for s in soc_by_year(run.records, clay_pct=soil_clay_pct(texture))}
        out += [_record(r, soc.get((r.system, r.year)), _net_income(r), seed)
                for r in run.records]
    return out, Provenance(region, level, systems[0], inputs, tuple(seeds), source)


def percentile_table(records: list[dict[str, Any]], keys: tuple[str, ...]
                     ) -> list[dict[str, Any]]:
    """P10, P50 and P90 over seeds of ``keys``, per system and year.

    Percentiles by linear interpolation between order statistics (NumPy's default,
    Hyndman and Fan 1996 definition 7).
    """
    groups: dict[tuple[str, int], list[dict]] = {}
    for r in records:
        groups.setdefault((r["system"], r["year"]), []).append(r)
    table = []
    for (system, year), rows in groups.items():
        row: dict[str, Any] = {"system": system, "year": year}
        for k in keys:
            values = np.array([r[k] for r in rows if r[k] is not None], dtype=float)
            p10, p50, p90 = (np.percentile(values, (10, 50, 90)) if values.size
                             else (None, None, None))
            row[k] = {"p10": p10, "p50": p50, "p90": p90}
        table.append(row)
    return table


def first_year_schedule(region: str, field: dict, system: str = "green-cover-alfalfa",
                        seed: int = 1) -> dict[str, list]:
    """Irrigation events and cut dates of the first year (one weather seed).

    Consecutive irrigation days make one event (a sprinkler set moved over the field
    for a few days); its amount is the sum [m³/ha = 10 x mm].  Dates are the model's
    generated calendar: only the day and month are meaningful.
    """
    from zhassyl.farming.scenario import run_scenario

    soil = _TEXTURE.get(field["soil_texture"], field["soil_texture"])
    run = run_scenario(region, [system], 1, seed, soil=soil,
                       ece_ds_m=field.get("ece_initial_ds_m"))
    dates = run.result.dates.astype("datetime64[D]").astype(object)
    irrigation_mm = run.result.daily["irrigation_mm"][0]
    events: list[list] = []
    previous = -2
    for day in np.nonzero(irrigation_mm > 0)[0]:
        if day == previous + 1 and events:
            events[-1][1] += 10.0 * float(irrigation_mm[day])
        else:
            events.append([dates[day], 10.0 * float(irrigation_mm[day])])
        previous = day
    first_year = dates[0].year
    cuts = [dates[d] for d in run.result.cut_day[0] if d >= 0]
    return {"irrigation": [(d, m3) for d, m3 in events if d.year == first_year],
            "leaching": [(d, m3) for d, m3 in events if d.year == first_year and d.month >= 11],
            "cuts": [d for d in cuts if d.year == first_year]}


def warm_engine() -> None:
    """Compile (or load from cache) the engine with a one-year scenario."""
    scenario_records("kyzylorda", ["green-cover-alfalfa"], 1)


def field_plan(field: dict, region: str, today: dt.date | None = None) -> dict[str, Any]:
    """What the printed plan of ``field`` says: sowing, irrigation, cuts, hay, money, risks.

    Parameters
    ----------
    field : dict
        The field's registry row (read through the repositories).
    region : str
        Its region id.
    """
    from zhassyl.farming.crops import load_crop
    from zhassyl.farming.scenario import region_defaults
    from zhassyl.farming.systems import load_system

    system = load_system("green-cover-alfalfa")
    rd = region_defaults(region)
    years = 3
    records, prov = scenario_records(region, [system.id], years, field["id"], field=field,
                                     seeds=BAND_SEEDS)
    bands = percentile_table(records, ("hay_t_ha", "n_cuts", "irrigation_m3_ha", "ece_ds_m",
                                       "net_income_kzt_ha"))
    threshold = float(load_crop("alfalfa").record["salt_threshold_ds_m"])
    year = (today or dt.date.today()).year + 1
    month, day = (int(x) for x in rd.sowing[system.sowing].split("-"))
    area = float(field["area_ha"])
    return {
        "field": field, "region": region, "system": system, "area_ha": area,
        "sowing_date": dt.date(year, month, day),
        "seed_alfalfa_kg": system.seed_kg_ha * area,
        "seed_companion_kg": system.companion.seed_kg_ha * area if system.companion else 0.0,
        "bands": sorted(bands, key=lambda r: r["year"]),
        "salt_threshold_ds_m": threshold,
        "ece_initial_ds_m": field.get("ece_initial_ds_m"),
        "provenance": prov,
        "schedule": first_year_schedule(region, field),
    }
