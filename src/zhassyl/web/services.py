"""The one place where the web app asks the model for numbers.

:func:`request_scenario` builds the :class:`~zhassyl.scenario.model.FieldScenario`
of a request with the scenario layer's builders: a registered field from its
row, seasons and soil samples (:func:`zhassyl.scenario.builders.from_registry`,
so measured samples and the recorded practice before are used), a region from
its defaults (:func:`zhassyl.scenario.builders.field_scenario`).
:func:`scenario_records` runs it over several weather seeds in one
:func:`zhassyl.scenario.run.run_scenarios` call and returns one record per
seed, system and year with the keys of ``zhassyl compare --format json`` (plus
``seed``) and the provenance of the run.  :func:`percentile_table` turns the
seeds into P10/P50/P90; :func:`field_plan` gathers what a farmer's printed
field plan says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import numpy as np

from zhassyl.errors import InputError, Problem, ZhassylError
from zhassyl.i18n import N_, _, gettext
from zhassyl.scenario.model import LEVELS, SOURCE_WORDS, FieldScenario

#: Production level of a request that names none (as the commands' ``--level``).
DEFAULT_LEVEL = "farm"
#: Weather seeds behind the P10-P90 bands of the scenario page and the field plan.
BAND_SEEDS = (1, 2, 3, 4, 5)
#: Record keys of ``zhassyl compare --format json``.
COMPARE_KEYS = ("system", "year", "hay_t_ha", "n_cuts", "grain_t_ha", "straw_fodder_t_ha",
                "irrigation_m3_ha", "leaching_m3_ha", "et_mm", "drainage_mm", "ece_ds_m",
                "water_productivity_kg_m3", "soc_t_c_ha", "role", "baseline", "level",
                "measured_inputs")
#: Columns of the results table that do not vary within one request.
_DROP = ("field_id", "region", "area_ha", "scenario_hash")
#: Calendar year whose prices value the money of every scenario year (constant prices).
PRICE_YEAR = 2024


def system_ids() -> tuple[str, ...]:
    """Management systems a user can choose."""
    from zhassyl.farming.systems import SYSTEM_IDS

    return SYSTEM_IDS


def field_inputs(session, actor, field_row: dict, level: str | None = None) -> dict[str, Any]:
    """What a registered field's scenario is built from, read through the repositories.

    The field's row, its region id, seasons and soil samples, and (for the
    ``calibrated`` level only) its newest stored calibration.
    """
    from zhassyl.registry import repositories as repo
    from zhassyl.registry.calibrations import latest_calibration
    from zhassyl.web.plan import field_region

    fid = field_row["id"]
    return {"field": field_row, "region": field_region(session, actor, field_row),
            "seasons": repo.list_records(session, actor, "seasons", field_id=fid),
            "samples": repo.list_records(session, actor, "soil_samples", field_id=fid),
            "calibration": (latest_calibration(session, actor, fid)
                            if level == "calibrated" else None)}


#: What the scenario form calls each irrigation method and production level.
CHOICE_LABELS = {"flood": N_("flood (border check)"), "basin": N_("basin"),
                 "furrow": N_("furrow"), "sprinkler": N_("sprinkler"), "drip": N_("drip"),
                 "potential": N_("potential (water and salt limits only)"),
                 "farm": N_("farm (the region's practice)"),
                 "calibrated": N_("calibrated (the field's stored calibration)")}


#: What the pages call each soil texture (the registry's and the science's vocabulary).
SOIL_TEXTURE_LABELS = {"sand": N_("sand"), "loamy-sand": N_("loamy sand"),
                       "sandy-loam": N_("sandy loam"), "loam": N_("loam"),
                       "silt-loam": N_("silt loam"), "silt": N_("silt"),
                       "sandy-clay-loam": N_("sandy clay loam"), "clay-loam": N_("clay loam"),
                       "silty-clay-loam": N_("silty clay loam"), "sandy-clay": N_("sandy clay"),
                       "silty-clay": N_("silty clay"), "clay": N_("clay")}
#: What the pages call each water source of a field (``registry.models.WATER_SOURCES``).
WATER_SOURCE_LABELS = {"canal": N_("canal"), "river": N_("river"), "well": N_("well"),
                       "reservoir": N_("reservoir"), "rain": N_("rain only")}
#: Where a scenario input comes from (measured, recorded, given, default).
SOURCE_LABELS = SOURCE_WORDS
#: Stored codes the pages show in words: soil textures, water sources, input sources,
#: irrigation methods.
TERM_LABELS = {**SOIL_TEXTURE_LABELS, **WATER_SOURCE_LABELS, **SOURCE_LABELS,
               **{k: CHOICE_LABELS[k] for k in ("flood", "basin", "furrow", "sprinkler", "drip")}}


def term_label(code: str | None, lang: str) -> str:
    """A stored code (:data:`TERM_LABELS`) as the page's language says it; others as stored."""
    if not code:
        return ""
    return gettext(TERM_LABELS[code], lang) if code in TERM_LABELS else code


def irrigation_method_ids() -> tuple[str, ...]:
    """Irrigation methods a user can choose (``data/irrigation/methods.csv``)."""
    from zhassyl.farming.systems import irrigation_methods

    return tuple(irrigation_methods())


def check_request(region: str, systems: list[str], years: int, level: str | None,
                  calibrated: bool = False, irrigation_method: str | None = None) -> str:
    """Validate a scenario request (one message per bad field); return the level.

    ``calibrated`` says whether the request is for a field with a stored calibration.
    """
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
    level = level or DEFAULT_LEVEL
    if level not in LEVELS:
        problems.append(Problem("scenario", None, "level", _(
            "production level '{level}' is not available; available: {levels}").format(
            level=level, levels=", ".join(LEVELS))))
    elif level == "calibrated" and not calibrated:
        problems.append(Problem("scenario", None, "level", _(
            "the calibrated level needs a registered field with a stored calibration "
            "(zhassyl calibrate --field ID)")))
    if irrigation_method is not None and irrigation_method not in irrigation_method_ids():
        problems.append(Problem("scenario", None, "irrigation_method", _(
            "unknown irrigation method '{method}'; expected one of: {methods}").format(
            method=irrigation_method, methods=", ".join(irrigation_method_ids()))))
    if problems:
        raise InputError(problems)
    return level


def request_scenario(region: str, systems: list[str], years: int, level: str | None = None,
                     *, field: dict | None = None, baseline: str | None = None,
                     irrigation_method: str | None = None) -> FieldScenario:
    """The scenario a request asks for.

    Parameters
    ----------
    region : str
        Region id (weather, default soil, salinity and irrigation water); for a
        field, its own region.
    systems : list of str
        Management system ids (their order does not matter).
    years : int
        Number of years (1..30).
    level : str, optional
        Production level (:data:`zhassyl.scenario.model.LEVELS`; default
        :data:`DEFAULT_LEVEL`); ``calibrated`` only for a field with a stored calibration.
    field : dict, optional
        :func:`field_inputs` of a registered field: its soil samples, stored
        values and seasons replace the regional defaults (sources ``measured``,
        ``recorded``).
    baseline : str, optional
        The practice before; default the field's recorded previous practice,
        else the region's default practice.
    irrigation_method : str, optional
        Irrigation method of the compared systems (:func:`irrigation_method_ids`);
        default each system's own.  The baseline and a ponded paddy keep theirs.
    """
    from zhassyl.scenario.builders import field_scenario, from_registry
    from zhassyl.scenario.registry import with_calibration

    if field is not None:
        region = field["region"]
    cal = field.get("calibration") if field else None
    level = check_request(region, systems, years, level, calibrated=cal is not None,
                          irrigation_method=irrigation_method)
    built = DEFAULT_LEVEL if level == "calibrated" else level
    if field is None:
        return field_scenario("region", region, systems, years, baseline=baseline,
                              level=built, irrigation_method=irrigation_method,
                              where="scenario")
    sc = from_registry(field["field"], field["seasons"], field["samples"], region, systems,
                       years, baseline=baseline, level=built,
                       irrigation_method=irrigation_method)
    return with_calibration(sc, cal) if cal is not None else sc


def scenario_records(sc: FieldScenario, seeds: tuple[int, ...] = (1,)
                     ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Run ``sc`` under each weather seed (one batch, one ``run_scenarios`` call).

    Returns
    -------
    records : list of dict
        One per seed, system (and baseline) and year: the keys of
        ``zhassyl compare --format json`` (:data:`COMPARE_KEYS`) plus
        ``net_income_kzt_ha`` (enterprise budget at :data:`PRICE_YEAR` prices,
        no subsidies) and ``seed``.
    provenance : dict
        What the numbers stand for: level, baseline and its source, inputs with
        their sources (measured/recorded/given/default), notes, weather, engine
        version, and the scenario hash of each seed.
    """
    from zhassyl.economics.prices import PriceBook
    from zhassyl.scenario.run import run_scenarios

    batch = [replace(sc, field_id=f"{sc.field_id}/seed-{seed}", weather_seed=int(seed))
             for seed in seeds]
    seed_of = {b.field_id: b.weather_seed for b in batch}
    results = run_scenarios(batch, carbon=True, prices=PriceBook(),
                            price_year=PRICE_YEAR)
    records = [{k: v for k, v in r.items() if k not in _DROP} | {"seed": seed_of[r["field_id"]]}
               for r in results.rows]
    first = results.provenance[batch[0].field_id]
    prov = {k: v for k, v in first.items() if k not in ("field_id", "scenario_hash",
                                                          "weather_seed")}
    prov.update(field_id=sc.field_id, seeds=[int(s) for s in seeds],
                scenario_hashes={str(b.weather_seed): results.provenance[b.field_id]
                                 ["scenario_hash"] for b in batch})
    return records, prov


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


def first_year_schedule(sc: FieldScenario, system: str = "green-cover-alfalfa",
                        seed: int = 1) -> dict[str, list]:
    """Irrigation events and cut dates of the first year of ``sc`` (one weather seed).

    Consecutive irrigation days make one event (a sprinkler set moved over the field
    for a few days); its amount is the sum [m³/ha = 10 x mm].  Dates are the model's
    generated calendar: only the day and month are meaningful.
    """
    from zhassyl.scenario.run import simulate_one

    _eb, result, _records = simulate_one(
        replace(sc, systems=(system,), years=1, weather_seed=seed), daily=True, monthly=False)
    dates = result.dates.astype("datetime64[D]").astype(object)
    irrigation_mm = result.daily["irrigation_mm"][0]
    events: list[list] = []
    previous = -2
    for day in np.nonzero(irrigation_mm > 0)[0]:
        if day == previous + 1 and events:
            events[-1][1] += 10.0 * float(irrigation_mm[day])
        else:
            events.append([dates[day], 10.0 * float(irrigation_mm[day])])
        previous = day
    first_year = dates[0].year
    cuts = [dates[d] for d in result.cut_day[0] if d >= 0]
    return {"irrigation": [(d, m3) for d, m3 in events if d.year == first_year],
            "leaching": [(d, m3) for d, m3 in events if d.year == first_year and d.month >= 11],
            "cuts": [d for d in cuts if d.year == first_year]}


def warm_engine() -> None:
    """Compile (or load from cache) the engine with a one-year scenario."""
    scenario_records(request_scenario("kyzylorda", ["green-cover-alfalfa"], 1))


def field_plan(field: dict, today: dt.date | None = None) -> dict[str, Any]:
    """What the printed plan of a field says: sowing, irrigation, cuts, hay, money, risks.

    Parameters
    ----------
    field : dict
        The field's :func:`field_inputs` (row, region, seasons, soil samples).
    """
    from zhassyl.farming.crops import load_crop
    from zhassyl.farming.scenario import region_defaults
    from zhassyl.farming.systems import load_system

    system = load_system("green-cover-alfalfa")
    region = field["region"]
    rd = region_defaults(region)
    sc = request_scenario(region, [system.id], 3, field=field)
    records, prov = scenario_records(sc, BAND_SEEDS)
    bands = percentile_table([r for r in records if r["system"] == system.id],
                             ("hay_t_ha", "n_cuts", "irrigation_m3_ha", "ece_ds_m",
                              "net_income_kzt_ha"))
    threshold = float(load_crop("alfalfa").record["salt_threshold_ds_m"])
    year = (today or dt.date.today()).year + 1
    month, day = (int(x) for x in rd.sowing[system.sowing].split("-"))
    row = field["field"]
    area = float(row["area_ha"])
    return {
        "field": row, "region": region, "system": system, "area_ha": area,
        "sowing_date": dt.date(year, month, day),
        "seed_alfalfa_kg": system.seed_kg_ha * area,
        "seed_companion_kg": system.companion.seed_kg_ha * area if system.companion else 0.0,
        "bands": sorted(bands, key=lambda r: r["year"]),
        "salt_threshold_ds_m": threshold,
        "ece_initial_ds_m": row.get("ece_initial_ds_m"),
        "provenance": prov,
        "schedule": first_year_schedule(sc, system.id),
    }


def cached_simulate(runs: dict, level: str):
    """A :data:`zhassyl.impact.kpi.Simulate` keeping its model runs in ``runs``.

    ``runs`` is the app's ``state.model_runs`` (with a ``"lock"``). Model runs depend
    on the region, the farming systems and the production level only (no registry
    rows, no personal data), so one copy per server process serves every role;
    they take 10-25 s each, hence the cache.
    """
    from zhassyl.impact.model_runs import simulate_practices

    def simulate(region: str, systems: tuple[str, ...]):
        key = (level, region, tuple(systems))
        with runs["lock"]:
            if key not in runs:
                runs[key] = simulate_practices(region, tuple(systems), level=level)
            return runs[key]

    return simulate
