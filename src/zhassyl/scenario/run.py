"""``run_scenarios``: a batch of field scenarios in, one results table with provenance out.

Every entry point asks the science through this function: the CLI
(``simulate``, ``compare``, ``carbon``, ``economics``), the economics risk
analysis (Monte Carlo runs are extra fields of one engine call), the web
app (``zhassyl.web.services``: weather seeds are extra fields), the impact
figures, and later the scale-up.  It is pure: no printing,
no environment; an optional ``progress(done, total)`` callback reports the
fields simulated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

import zhassyl
from zhassyl.engine.layout import S
from zhassyl.engine.simulate import simulate
from zhassyl.errors import InputError, Problem
from zhassyl.farming.crops import load_crop
from zhassyl.farming.results import SystemYear, water_productivity_kg_m3
from zhassyl.farming.scenario import residue_parameters
from zhassyl.i18n import _
from zhassyl.scenario.engine_inputs import EngineBatch, engine_batch, take_fields
from zhassyl.scenario.model import MEASURED, RECORDED, FieldScenario

#: Fields simulated per engine call at most (bounded memory; a Dask task's size).
DEFAULT_CHUNK = 2000
#: Chunk when daily outputs are kept for the RothC drivers (15 daily series per field).
DAILY_CHUNK = 250

Progress = Callable[[int, int], None]


@dataclass
class Results:
    """One table: field x system x year, with the provenance of every field.

    ``rows`` are flat records (the columns of ``zhassyl compare`` plus
    ``soc_t_c_ha`` when carbon was asked for, ``net_income_kzt_ha`` when
    prices were given, the baseline, the level, the
    inputs taken from the Fund's records in ``measured_inputs`` and the
    scenario hash); ``records`` the full
    :class:`SystemYear` of each row (same order); ``provenance`` one dict per
    scenario, keyed by field id; ``daily`` the daily engine outputs per
    ``(field_id, system)`` when asked for; ``engine_calls`` the number of
    engine calls made.
    """

    rows: list[dict]
    records: list[SystemYear]
    provenance: dict[str, dict]
    daily: dict[tuple[str, str], dict[str, np.ndarray]] = field(default_factory=dict)
    dates: dict[str, np.ndarray] = field(default_factory=dict)
    engine_calls: int = 0

    def for_field(self, field_id: str) -> list[SystemYear]:
        """The records of one field."""
        return [r for row, r in zip(self.rows, self.records, strict=True)
                if row["field_id"] == field_id]


def provenance(sc: FieldScenario, weather_source: str) -> dict:
    """What the numbers of ``sc`` stand for."""
    return {
        "field_id": sc.field_id, "scenario_hash": sc.scenario_hash(),
        "engine_version": zhassyl.__version__, "level": sc.level, "region": sc.region,
        "baseline": sc.baseline, "baseline_source": sc.source_of("baseline"),
        "systems": list(sc.systems), "years": sc.years,
        "system_files": {sid: path for sid, path, _digest in sc.system_files},
        "weather": weather_source, "weather_seed": None if sc.weather_file else sc.weather_seed,
        "inputs": {name: {"value": getattr(sc, name) if hasattr(sc, name) else None,
                          "source": src} for name, src in sc.sources},
        "notes": list(sc.notes),
        "water_table": sc.water_table,
        **({} if sc.water_table == "fixed" else {"aquifer": _aquifer_provenance(sc.region)}),
    }


def _aquifer_provenance(region: str) -> dict:
    """The aquifer parameters a dynamic water table ran with, and where they come from."""
    from dataclasses import asdict

    from zhassyl.groundwater import aquifer_parameters, critical_depth_m
    from zhassyl.groundwater.params import _row

    return {**asdict(aquifer_parameters(region)), "critical_depth_m": critical_depth_m(region),
            "source": "data/groundwater/aquifers.csv: " + _row(region)["source"]}


def _units(batch: Sequence[FieldScenario], baselines: bool) -> list[tuple[int, str]]:
    units: list[tuple[int, str]] = []
    for i, sc in enumerate(batch):
        names = sc.run_systems() if baselines else tuple(dict.fromkeys(sc.systems))
        units += [(i, s) for s in names]
    return units


def _check(batch: Sequence[FieldScenario]) -> None:
    problems = []
    seen: set[str] = set()
    for sc in batch:
        if sc.field_id in seen:
            problems.append(Problem("scenarios", None, "field_id", _(
                "duplicate field id {id}").format(id=sc.field_id)))
        seen.add(sc.field_id)
        if not 1 <= sc.years <= 200:
            problems.append(Problem(sc.field_id, None, "years", _("years must be within 1..200")))
        if not sc.systems:
            problems.append(Problem(sc.field_id, None, "systems", _("no system given")))
    if problems:
        raise InputError(problems)


def run_scenarios(batch: Sequence[FieldScenario], *, progress: Progress | None = None,
                  carbon: bool = False, baselines: bool = True, monthly: bool = False,
                  keep_daily: bool = False, chunk_size: int | None = None,
                  prices=None, first_calendar_year: int = 2018,
                  price_year: int | None = None, erosion: bool = True) -> Results:
    """Simulate every scenario of ``batch`` and return one results table.

    Parameters
    ----------
    batch : sequence of FieldScenario
        Distinct field ids.
    progress : callable, optional
        ``progress(fields_done, fields_total)`` after each chunk.
    carbon : bool
        Also compute soil organic carbon per year (RothC 26.3, initial pools at
        equilibrium under each scenario's baseline); implies ``monthly``.
    baselines : bool
        Simulate each scenario's baseline too (rows with ``role`` "baseline"
        when it is not one of the systems).  Needed for ``carbon``.
    monthly : bool
        Fill the monthly RothC drivers of each record (needs daily outputs).
    keep_daily : bool
        Keep the daily engine outputs of every field in :attr:`Results.daily`.
    chunk_size : int, optional
        Fields per engine call (default :data:`DEFAULT_CHUNK`, or
        :data:`DAILY_CHUNK` with daily outputs).
    prices : zhassyl.economics.prices.PriceBook, optional
        Add ``net_income_kzt_ha``: the enterprise budget's net income per
        hectare (no subsidy) with scenario year 1 in ``first_calendar_year``.
    price_year : int, optional
        Value every scenario year at the prices of this one calendar year
        (constant prices) instead of ``first_calendar_year + year - 1``.
    erosion : bool
        With daily outputs (``monthly``, ``carbon``), also compute each
        record's ``soil_loss_t_ha`` (:mod:`zhassyl.erosion`); False leaves it
        None (the scale-up, which does not report it).
    """
    _check(batch)
    if carbon:
        baselines = monthly = True
    units = _units(batch, baselines)
    # identical inputs and system: one engine field (results are per hectare)
    hashes = [sc.scenario_hash() for sc in batch]
    first: dict[tuple[str, str], int] = {}
    rep = [first.setdefault((hashes[si], name), k) for k, (si, name) in enumerate(units)]
    unique = list(first.values())
    slot = {u: j for j, u in enumerate(unique)}
    eb = engine_batch(batch, [units[u] for u in unique])
    dynamic = any(sc.water_table != "fixed" for sc in batch)
    # the systems of a scenario with water_table "block" share one aquifer: run apart (its
    # baseline, the practice before, when not one of them, sits alone on the aquifer)
    shared = {j for j, (si, name) in enumerate(eb.units)
              if batch[si].water_table == "block" and name in batch[si].systems}
    daily = monthly or keep_daily or dynamic
    step = chunk_size or (DAILY_CHUNK if daily else DEFAULT_CHUNK)
    simulated: list[list[SystemYear]] = [[] for _u in unique]
    kept_unique: dict[int, dict[str, np.ndarray]] = {}
    total, done, calls = len(unique), 0, 0
    for group in eb.groups:
        members = np.array([k for k, u in enumerate(group.units) if int(u) not in shared],
                           np.int64)
        for a in range(0, len(members), step):
            idx = members[a:a + step]
            fields = take_fields(group.fields, idx)
            if dynamic:
                fields = with_aquifers(batch, eb, group.units[idx], fields)
            res = simulate(fields, group.weather, daily=daily,
                           max_cuts=10 * group.fields.season_start.shape[1] + 10,
                           keep_state=False)
            if dynamic:
                from zhassyl.groundwater.coupling import check_aquifer_balance

                check_aquifer_balance(res.daily, fields.aquifer, irrigation_salt_g_l(fields))
            calls += 1
            _extract(batch, eb, group.units[idx], res, simulated, monthly, erosion)
            if keep_daily:
                for j, u in enumerate(group.units[idx]):
                    kept_unique[int(u)] = {k: v[j] for k, v in res.daily.items()}
            done += len(idx)
            if progress is not None:
                progress(done, total)
    if shared:
        calls += _run_blocks(batch, eb, shared, simulated, monthly,
                             kept_unique if keep_daily else None)
        if progress is not None:
            progress(total, total)
    at = [slot[rep[k]] for k in range(len(units))]   # each unit's simulated field
    results = _table(batch, units, at, eb, simulated, carbon, kept_unique, calls)
    if prices is not None:
        from zhassyl.economics.budget import enterprise_budget

        for row, r in zip(results.rows, results.records, strict=True):
            row["net_income_kzt_ha"] = round(enterprise_budget(
                r, prices, price_year if price_year is not None
                else first_calendar_year + r.year - 1).net_income_kzt, 0)
    return results


def _table(batch, units, at, eb: EngineBatch, simulated, carbon, kept_unique, calls) -> Results:
    soc: dict[tuple[int, str, int], float] = {}
    if carbon:
        from zhassyl.carbon.soil_carbon import soc_by_year

        by_scenario: dict[int, list[SystemYear]] = {}
        for (si, _name), j in zip(units, at, strict=True):
            by_scenario.setdefault(si, []).extend(simulated[j])  # baseline first
        done: dict[str, list] = {}
        for si, recs in by_scenario.items():
            sc = batch[si]
            key = sc.scenario_hash()
            if key not in done:
                done[key] = soc_by_year(recs, clay_pct=sc.clay_pct,
                                        soc_initial_t_c_ha=sc.soc0_t_c_ha)
            for s in done[key]:
                soc[(si, s.system, s.year)] = s.soc_t_c_ha
    rows, out = [], []
    prov: dict[str, dict] = {}
    dates: dict[str, np.ndarray] = {}
    kept: dict[tuple[str, str], dict[str, np.ndarray]] = {}
    measured = [";".join(name for name, src in sc.sources if src in (MEASURED, RECORDED))
                for sc in batch]
    for (si, name), j in zip(units, at, strict=True):
        sc = batch[si]
        station = eb.stations[eb.unit_station[j]]
        if sc.field_id not in prov:
            prov[sc.field_id] = provenance(sc, station.source)
            dates[sc.field_id] = station.weather.dates
        if j in kept_unique:
            kept[(sc.field_id, eb.systems[j].id)] = kept_unique[j]
        role = "system" if name in sc.systems else "baseline"
        for r in simulated[j]:
            row = {"field_id": sc.field_id, "region": sc.region, "role": role,
                   **summary_row(r), "area_ha": sc.area_ha}
            if carbon:
                row["soc_t_c_ha"] = round(soc[(si, r.system, r.year)], 2)
            row.update(baseline=sc.baseline, level=sc.level, measured_inputs=measured[si],
                       scenario_hash=prov[sc.field_id]["scenario_hash"])
            rows.append(row)
            out.append(r)
    return Results(rows, out, prov, kept, dates, calls)


def summary_row(r: SystemYear) -> dict:
    """The table columns of one :class:`SystemYear` (``zhassyl compare``'s columns)."""
    return {
        "system": r.system, "year": r.year, "hay_t_ha": round(r.hay_t_ha, 3),
        "n_cuts": r.n_cuts, "grain_t_ha": round(r.grain_t_ha, 3),
        "straw_fodder_t_ha": round(r.straw_t_ha, 3),
        "irrigation_m3_ha": round(r.irrigation_m3_ha, 1),
        "leaching_m3_ha": round(r.leaching_m3_ha, 1), "et_mm": round(r.et_mm, 1),
        "drainage_mm": round(r.drainage_mm, 1), "ece_ds_m": round(r.ece_ds_m, 2),
        "water_productivity_kg_m3": round(water_productivity_kg_m3(
            r.hay_t_ha + r.grain_t_ha, r.irrigation_m3_ha, r.rain_mm), 3),
        # rain (RUSLE) + furrow erosion; only when daily outputs were kept (monthly, carbon)
        **({} if r.soil_loss_t_ha is None else {"soil_loss_t_ha": r.soil_loss_t_ha}),
        # a dynamic water table (zhassyl.groundwater)
        **({} if r.water_table_m is None else {
            "water_table_m": r.water_table_m, "water_table_min_m": r.water_table_min_m,
            "ec_gw_ds_m": r.ec_gw_ds_m, "waterlogging_days": r.waterlogging_days}),
    }


def _month_table(dates: np.ndarray):
    """Month ordinal of each day, the first day of each month, and the months' ordinals."""
    mo = dates.astype("datetime64[M]").astype(np.int64)
    starts = np.flatnonzero(np.r_[True, mo[1:] != mo[:-1]])
    return mo, starts, mo[starts]


def with_aquifers(batch, eb: EngineBatch, units: np.ndarray, fields):
    """``fields`` on their own shallow aquifers where the scenario's water table is dynamic.

    Each engine field (a system on a field) is alone on its aquifer, which starts
    from the scenario's water table and groundwater salinity (zhassyl.groundwater).
    """
    from dataclasses import replace

    from zhassyl.engine.aquifer import KERNEL_PARAMETERS, kernel_parameters
    from zhassyl.groundwater import aquifer_parameters

    rows = np.zeros((len(units), len(KERNEL_PARAMETERS)))
    for j, u in enumerate(units):
        sc = batch[eb.units[u][0]]
        if sc.water_table != "fixed":
            rows[j] = kernel_parameters(aquifer_parameters(sc.region), sc.groundwater_depth_m,
                                        sc.ec_gw_ds_m)
    return replace(fields, aquifer=rows)


def irrigation_salt_g_l(fields) -> np.ndarray:
    """Salt concentration of each engine field's irrigation water [g/L] (0.64 g/L per dS/m)."""
    from zhassyl.engine.aquifer import SALT_G_L_PER_DS_M

    idx = np.broadcast_to(np.asarray(fields.management_index), (fields.n,))
    return fields.management["ec_iw_ds_m"][idx] * SALT_G_L_PER_DS_M


def _run_blocks(batch, eb: EngineBatch, shared: set[int], simulated, monthly: bool,
                kept: dict | None) -> int:
    """Simulate the systems of each "block" scenario on one shared aquifer (equal areas).

    The scenario's systems are the fields of one irrigation block draining to the
    same collectors (zhassyl.groundwater.coupling, iterated to a fixed point);
    returns the number of engine calls.
    """
    from zhassyl.groundwater import aquifer_parameters
    from zhassyl.groundwater.coupling import Blocks, simulate_with_water_table

    by_scenario: dict[int, list[int]] = {}
    for j in sorted(shared):
        by_scenario.setdefault(eb.units[j][0], []).append(j)
    calls = 0
    for si, slots in by_scenario.items():
        sc = batch[si]
        parts = [(g, np.flatnonzero(np.isin(g.units, slots))) for g in eb.groups]
        parts = [(g, pos) for g, pos in parts if len(pos)]
        n = sum(len(pos) for _g, pos in parts)
        blocks = Blocks(np.zeros(n, np.int64), np.ones(n), (aquifer_parameters(sc.region),),
                        np.array([sc.groundwater_depth_m]), np.array([sc.ec_gw_ds_m]))
        res = simulate_with_water_table(
            [(take_fields(g.fields, pos), g.weather) for g, pos in parts], blocks,
            max_cuts=10 * max(g.fields.season_start.shape[1] for g, _p in parts) + 10,
            keep_state=False)
        calls += res.iterations * len(parts)
        for (g, pos), r in zip(parts, res.engine, strict=True):
            _extract(batch, eb, g.units[pos], r, simulated, monthly)
            if kept is not None:
                for k, u in enumerate(g.units[pos]):
                    kept[int(u)] = {name: v[k] for name, v in r.daily.items()}
    return calls


def water_table_by_year(sc: FieldScenario, daily: dict[str, np.ndarray], j: int,
                        years_of_day: np.ndarray, years: Sequence[int]) -> list[dict]:
    """Water-table figures of each calendar year in ``years`` for engine field ``j``.

    Mean and shallowest depth [m], mean groundwater salinity [dS/m] and the
    waterlogging index: days with the table above the region's critical depth of
    secondary salinisation (data/groundwater/aquifers.csv, sourced).
    """
    from zhassyl.engine.aquifer import waterlogging_days
    from zhassyl.groundwater import critical_depth_m

    z, ec = daily["water_table_m"][j], daily["ec_gw_ds_m"][j]
    crit = critical_depth_m(sc.region)
    out = []
    for y in years:
        sel = years_of_day == y
        out.append({"water_table_m": round(float(z[sel].mean()), 2),
                    "water_table_min_m": round(float(z[sel].min()), 2),
                    "ec_gw_ds_m": round(float(ec[sel].mean()), 2),
                    "waterlogging_days": int(waterlogging_days(z[sel], crit))})
    return out


@dataclass(frozen=True)
class _Calendar:
    """Where the months and years of one daily calendar are, for monthly and yearly sums.

    ``starts``: first day of each month present; ``counts``: its days;
    ``year_of_day``: calendar year of each day; ``first_year``; ``month_at``
    ``(n_years, 12)``: index into the months present of January..December of
    each calendar year from ``first_year`` (0 where absent) and ``present``
    where the month is in the calendar; ``year_first``/``year_last``: first and
    last day index of each calendar year.
    """

    starts: np.ndarray
    counts: np.ndarray
    year_of_day: np.ndarray
    first_year: int
    month_at: np.ndarray
    present: np.ndarray
    year_first: np.ndarray
    year_last: np.ndarray

    @classmethod
    def of(cls, dates: np.ndarray) -> _Calendar:
        """The calendar of the days ``dates`` (consecutive days)."""
        _mo, starts, months = _month_table(dates)
        counts = np.diff(np.r_[starts, len(dates)])
        year_of_day = dates.astype("datetime64[Y]").astype(np.int64) + 1970
        years = np.arange(year_of_day[0], year_of_day[-1] + 1)
        ordinal = (years[:, None] - 1970) * 12 + np.arange(12)[None, :]
        j = np.searchsorted(months, ordinal)
        inside = j < len(months)
        at = np.where(inside, j, 0)
        present = inside & (months[at] == ordinal)
        return cls(starts, counts, year_of_day, int(years[0]), np.where(present, at, 0),
                   present, np.searchsorted(year_of_day, years, "left"),
                   np.searchsorted(year_of_day, years, "right") - 1)

    def by_year(self, month_values: np.ndarray, how: str) -> np.ndarray:
        """``(..., n_years, 12)`` from per-month values ``(..., n_months)``.

        ``how`` "sum": the month's sum (0 where the month is absent); "mean":
        the month's sum over its number of days (NaN where absent).
        """
        v = month_values if how == "sum" else month_values / self.counts
        out = v[..., self.month_at]
        return np.where(self.present, out, 0.0 if how == "sum" else np.nan)


def _monthly_drivers(eb: EngineBatch, units: np.ndarray, res, cal: _Calendar, resid
                     ) -> dict[str, np.ndarray]:
    """The monthly RothC drivers of the chunk's ``units``, each ``(n, n_years, 12)``.

    Plant carbon to the soil (``c``: the main crop's root growth and cut
    stubble; ``cc``: plus the companion's roots), months with plant cover
    (``cover``, 1 when covered at least half the month), mean air temperature
    (``tavg``), rain plus irrigation (``rain``) and reference ET0 (``et0``).
    """
    d = res.daily
    n = len(units)
    systems = [eb.systems[u] for u in units]
    r_main = [resid.get(s.crop, resid["barley"]) for s in systems]
    r_comp = [resid.get(s.companion.crop if s.companion else "barley", resid["barley"])
              for s in systems]

    def column(values) -> np.ndarray:
        return np.array(values, dtype=np.float64)[:, None]

    growth = np.diff(d["biomass_cum_t_ha"], axis=1, prepend=0.0)
    c_in = np.where(growth > 0, growth, 0.0) * column(
        [r["root_shoot_ratio"] * r["c_fraction"] for r in r_main])
    rows, cols = np.nonzero(res.cut_day >= 0)
    stubble = np.array([r["stubble_fraction"] for r in r_main])[rows]
    c_frac = np.array([r["c_fraction"] for r in r_main])[rows]
    np.add.at(c_in, (rows, res.cut_day[rows, cols]),
              res.cut_biomass_t_ha[rows, cols] * stubble * c_frac)
    cg = np.diff(d["companion_biomass_t_ha"], axis=1, prepend=0.0)
    c_in_comp = (np.where(cg > 0, cg, 0.0) * column([r["root_shoot_ratio"] for r in r_comp])
                 * column([r["c_fraction"] for r in r_comp]))
    cover = ((d["canopy_cover"] + d["companion_cc"]) > 0.1).astype(float)
    station = np.array([eb.unit_station[u] for u in units])
    sts = sorted(set(station.tolist()))
    row_of = {s: i for i, s in enumerate(sts)}
    precip = np.vstack([eb.stations[s].weather.precip_mm[0] for s in sts])
    tavg = np.vstack([eb.stations[s].tavg_c for s in sts])
    et0 = np.vstack([eb.stations[s].weather.et0_mm[0] for s in sts])
    at = np.array([row_of[s] for s in station.tolist()], dtype=np.int64).reshape(n)

    def monthly(a: np.ndarray) -> np.ndarray:
        return np.add.reduceat(a, cal.starts, axis=1)

    return {
        "c": cal.by_year(monthly(c_in), "sum"),
        "cc": cal.by_year(monthly(c_in + c_in_comp), "sum"),
        "cover": (cal.by_year(monthly(cover), "mean") >= 0.5).astype(np.int64),
        "tavg": cal.by_year(monthly(tavg), "mean")[at],
        "rain": cal.by_year(monthly(precip[at] + d["irrigation_mm"]), "sum"),
        "et0": cal.by_year(monthly(et0), "sum")[at]}


def _extract(batch, eb: EngineBatch, units: np.ndarray, res, records, monthly: bool,
             erosion: bool = True) -> None:
    """SystemYear records of the chunk's ``units`` from the engine result ``res``.

    With ``monthly`` (daily outputs in ``res``) the records carry the monthly
    RothC drivers of their calendar year and, with ``erosion``, the year's
    soil loss.
    """
    season = res.season
    d = res.daily if monthly else None
    cal = _Calendar.of(res.dates)
    drivers = _monthly_drivers(eb, units, res, cal, residue_parameters()) if d is not None \
        else None
    names = tuple(S)
    perennial: dict[str, bool] = {}
    for j, u in enumerate(units):
        si, _name = eb.units[u]
        sc = batch[si]
        s = eb.systems[u]
        p = eb.plans[u]
        if s.crop not in perennial:
            perennial[s.crop] = load_crop(s.crop).record["perennial"] == 1
        main_is_alfalfa = perennial[s.crop]
        cut_day = res.cut_day[j]
        cut_b = res.cut_biomass_t_ha[j]
        n_years = min(len(p.starts), sc.years)
        calendar_year = [int(cal.year_of_day[p.starts[k]]) for k in range(n_years)]
        # --- erosion (zhassyl.erosion): post-processing of the daily canopy, rain, irrigation
        losses = [None] * n_years
        if d is not None and erosion:
            from zhassyl.erosion import site_for, soil_loss_by_season

            sw = eb.stations[eb.unit_station[u]]
            # each scenario year's soil loss over the whole calendar year of its season
            # (rain on the bare or stubble field outside the season erodes too)
            at = [y - cal.first_year for y in calendar_year]
            losses = [round(x["soil_loss_t_ha"], 3) for x in soil_loss_by_season(
                site_for(sc), s, d["canopy_cover"][j], d["companion_cc"][j],
                sw.weather.precip_mm[0], d["irrigation_mm"][j], cal.year_of_day,
                [int(cal.year_first[i]) for i in at], [int(cal.year_last[i]) for i in at])]
        # --- end erosion
        tables = [{}] * n_years
        if sc.water_table != "fixed":
            tables = water_table_by_year(sc, res.daily, j, cal.year_of_day, calendar_year)
        season_rows = season[j].tolist()
        for k in range(n_years):
            v = dict(zip(names, (season_rows[k][i] for i in S.values()), strict=True))
            a, b = p.starts[k], p.ends[k]
            year = calendar_year[k]
            cuts = (cut_day >= a) & (cut_day <= b)
            hay = float(np.nansum(cut_b[cuts])) if main_is_alfalfa else 0.0
            grain = straw = 0.0
            grain_crop = ""
            if s.companion and k == 0:
                if s.companion.harvest == "grain":
                    grain = v["companion_yield_t_ha"]
                    straw = v["companion_biomass_t_ha"] - grain
                    grain_crop = s.companion.crop
                else:
                    straw = v["companion_biomass_t_ha"]
            if not main_is_alfalfa:
                grain = v["yield_dry_t_ha"]
                straw = v["biomass_t_ha"] - grain
                grain_crop = s.crop
            ops = list(s.operations_sowing_year if k == 0 else s.operations_later_years)
            ops += list(s.operations_per_cut) * int(cuts.sum())
            if s.companion and k == 0:
                ops += list(s.operations_companion_harvest)
            seed = {s.crop: s.seed_kg_ha} if (k == 0 or not main_is_alfalfa) else {}
            if s.companion and k == 0:
                seed[s.companion.crop] = s.companion.seed_kg_ha
            fert = s.fertiliser_n_kg_ha if (k == 0 or not main_is_alfalfa) else 0.0
            extra = {}
            if drivers is not None:
                y = year - cal.first_year
                extra = dict(
                    monthly_c_input_t_ha=tuple(
                        drivers["cc" if (s.companion and k == 0) else "c"][j, y].tolist()),
                    monthly_cover=tuple(drivers["cover"][j, y].tolist()),
                    monthly_tavg_c=tuple(drivers["tavg"][j, y].tolist()),
                    monthly_rain_mm=tuple(drivers["rain"][j, y].tolist()),
                    monthly_et0_mm=tuple(drivers["et0"][j, y].tolist()))
            records[u].append(SystemYear(
                system=s.id, region=sc.region, year=k + 1, hay_t_ha=hay,
                n_cuts=int(cuts.sum()), grain_t_ha=grain, grain_crop=grain_crop,
                straw_t_ha=max(straw, 0.0), irrigation_m3_ha=10.0 * v["irrigation_mm"],
                rain_mm=v["rain_mm"], leaching_m3_ha=10.0 * v["leaching_irrigation_mm"],
                # crop evapotranspiration (FAO-56 ETc: soil E + crop T); sprinkler water
                # lost to the air before it reaches the crop is not ET
                et_mm=v["evaporation_mm"] + v["transpiration_mm"]
                + v["companion_transpiration_mm"],
                drainage_mm=v["drainage_mm"] + v["seepage_mm"], ece_ds_m=v["ece_mean_ds_m"],
                irrigation_method=s.irrigation.method, seed_kg_ha=seed, operations=tuple(ops),
                fertiliser_n_kg_ha=fert, flooded_days=int(v["flooded_days"]),
                alfalfa_shoot_dm_t_ha=v["biomass_t_ha"] if main_is_alfalfa else 0.0,
                soil_loss_t_ha=losses[k], **tables[k], **extra))


def _merge(parts: list[tuple[np.ndarray, object]], n: int):
    """One SimulationResult of ``n`` fields from the results of several engine calls."""
    from zhassyl.engine.simulate import SimulationResult

    first = parts[0][1]
    width_s = max(r.season.shape[1] for _i, r in parts)
    width_c = max(r.cut_day.shape[1] for _i, r in parts)
    season = np.full((n, width_s, first.season.shape[2]), np.nan)
    cut_day = np.full((n, width_c), -1, np.int64)
    cut_b = np.full((n, width_c), np.nan)
    cut_y = np.full((n, width_c), np.nan)
    daily = None if first.daily is None else {
        k: np.zeros((n, v.shape[1])) for k, v in first.daily.items()}
    for idx, r in parts:
        season[idx, :r.season.shape[1]] = r.season
        cut_day[idx, :r.cut_day.shape[1]] = r.cut_day
        cut_b[idx, :r.cut_day.shape[1]] = r.cut_biomass_t_ha
        cut_y[idx, :r.cut_day.shape[1]] = r.cut_yield_dry_t_ha
        if daily is not None:
            for k in daily:
                daily[k][idx] = r.daily[k]
    return SimulationResult(first.dates, daily, season, cut_day, cut_b, cut_y,
                            np.zeros((1, 1)), np.zeros((1, 1)))


def simulate_one(sc: FieldScenario, *, daily: bool = True, monthly: bool = True):
    """Engine batch, merged engine result (fields in ``sc.systems`` order) and records.

    For inspecting one scenario's daily outputs (``zhassyl simulate --daily``);
    batches go through :func:`run_scenarios`.
    """
    units = [(0, s) for s in dict.fromkeys(sc.systems)]
    eb = engine_batch([sc], units)
    records: list[list[SystemYear]] = [[] for _u in units]
    parts = []
    for group in eb.groups:
        fields = group.fields
        if sc.water_table != "fixed":   # one system here: alone on its aquifer
            fields = with_aquifers([sc], eb, group.units, fields)
        res = simulate(fields, group.weather, daily=daily or monthly,
                       max_cuts=10 * group.fields.season_start.shape[1] + 10, keep_state=False)
        _extract([sc], eb, group.units, res, records, monthly)
        parts.append((group.units, res))
    return eb, _merge(parts, len(units)), records
