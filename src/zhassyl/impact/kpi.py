"""Key performance indicators of the programme, each with its provenance.

:func:`compute_kpis` turns a :class:`~zhassyl.impact.programme.Programme`
snapshot and model figures into :class:`Kpi` values: hectares by restoration
status, water saved (metered vs simulated counterfactual, and simulated vs
simulated), fodder, livestock wintered, jobs by group, income change, people
trained by gender, women participating and t CO2e avoided.  Model figures
come from one callable (default :func:`zhassyl.impact.model_runs.simulate_practices`
at the production level asked for, ``farm`` by default) so that tests can supply them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from zhassyl.farming.levels import DEFAULT_LEVEL
from zhassyl.i18n import N_, _
from zhassyl.impact.data import restoration_criteria, system_map
from zhassyl.impact.model_runs import ZERO, PracticeFigures, Spread, simulate_practices
from zhassyl.impact.programme import Period, Programme
from zhassyl.impact.provenance import Provenance

GREEN_COVER = "green-cover-alfalfa"
VULNERABLE_GROUPS = ("youth", "elderly", "repatriate")
#: Practice figures provider: (region, farming systems) -> {system: PracticeFigures}.
Simulate = Callable[[str, tuple[str, ...]], dict[str, PracticeFigures]]
#: Why a criterion of :func:`restoration_status` could not be judged (message ids; a row's
#: ``reason`` joins them with "; " and is translated where it is shown).
REASONS = {"ece": N_("no ECe sample"), "soc": N_("fewer than two SOC samples"),
           "productivity": N_("no measured alfalfa yield after sowing or no simulated "
                              "potential")}


@dataclass(frozen=True)
class Kpi:
    """One figure: value, unit, provenance, P10-P90 where modelled, and its parts.

    ``parts`` are the rows the figure adds up (per field, field-year, person
    group...), shown by ``zhassyl impact explain``.
    """

    id: str
    value: float | None
    unit: str
    provenance: Provenance
    low: float | None = None
    high: float | None = None
    parts: tuple[dict, ...] = field(default=(), repr=False)

    def record(self) -> dict:
        """A flat row for tables, CSV and JSON."""
        return {"kpi": self.id, "value": self.value, "unit": self.unit,
                "p10": self.low, "p90": self.high, "provenance": self.provenance.kind,
                "level": self.provenance.level or "", "evidence": self.provenance.summary()}


# ----------------------------------------------------------------------------- fields
@dataclass(frozen=True)
class FieldHistory:
    """Seasons of one field: the first green-cover year and the practice before it."""

    field_id: int
    region: str
    area_ha: float
    seasons: tuple[dict, ...]
    first_green_cover: int | None
    previous_practice: str | None
    period: Period | None = None

    def green_cover_years(self) -> list[int]:
        """Green-cover years inside the selected period."""
        return [s["year"] for s in self.seasons if s["management_system"] == GREEN_COVER
                and (self.period is None or self.period.contains_year(s["year"]))]


def field_histories(prog: Programme) -> list[FieldHistory]:
    """One :class:`FieldHistory` per field of the snapshot (fields with seasons)."""
    by_field: dict[int, list[dict]] = defaultdict(list)
    for s in prog.table("seasons_history"):
        by_field[s["field_id"]].append(s)
    out = []
    for fld in prog.table("fields"):
        seasons = tuple(sorted(by_field.get(fld["id"], []), key=lambda s: s["year"]))
        gc = [s["year"] for s in seasons if s["management_system"] == GREEN_COVER]
        first = min(gc) if gc else None
        before = [s for s in seasons if first is not None and s["year"] < first]
        prev = before[-1]["management_system"] if before else None
        out.append(FieldHistory(fld["id"], prog.region_of_field(fld["id"]), fld["area_ha"],
                                seasons, first, prev, prog.period))
    return out


def practices_needed(histories: list[FieldHistory]) -> dict[str, tuple[str, ...]]:
    """Farming systems to simulate per region: green cover and each previous practice."""
    smap = system_map()
    need: dict[str, set[str]] = defaultdict(set)
    for h in histories:
        if h.first_green_cover is None:
            continue
        need[h.region].add(smap[GREEN_COVER])
        if h.previous_practice and smap.get(h.previous_practice):
            need[h.region].add(smap[h.previous_practice])
    return {r: tuple(sorted(s)) for r, s in need.items()}


def model_figures(histories: list[FieldHistory], simulate: Simulate | None = None,
                  level: str = DEFAULT_LEVEL) -> dict[tuple[str, str], PracticeFigures]:
    """``{(region, farming system): PracticeFigures}`` for every practice needed.

    ``level`` is the production level of the default model runs (ignored when
    ``simulate`` is given: its figures carry their own level).
    """
    simulate = simulate or (lambda region, systems: simulate_practices(region, systems,
                                                                       level=level))
    out = {}
    for region, systems in practices_needed(histories).items():
        for system, figs in simulate(region, systems).items():
            out[(region, system)] = figs
    return out


# ----------------------------------------------------------------------------- area
def _yield_by_field_year(prog: Programme) -> dict[tuple[int, int], list[dict]]:
    out: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for y in prog.table("yield_measurements"):
        if y["crop"] == "alfalfa":
            out[(y["field_id"], y["measured_on"].year)].append(y)
    return out


def _samples_by_field(prog: Programme) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    for s in sorted(prog.table("soil_samples"), key=lambda s: s["sampled_on"]):
        out[s["field_id"]].append(s)
    return out


def restoration_status(prog: Programme, histories: list[FieldHistory],
                       figures: dict[tuple[str, str], PracticeFigures]) -> list[dict]:
    """Per field: enrolled, sown, established, restored and the reason for each criterion."""
    crit = restoration_criteria()
    smap = system_map()
    yields = _yield_by_field_year(prog)
    samples = _samples_by_field(prog)
    rows = []
    for h in histories:
        row = {"field_id": h.field_id, "region": h.region, "area_ha": h.area_ha,
               "enrolled": bool(h.seasons), "sown": h.first_green_cover is not None,
               "established": False, "salinity_ok": None, "soc_ok": None,
               "productivity_ok": None, "restored": False, "reason": ""}
        reasons = []
        if row["sown"]:
            later = [y for y in h.green_cover_years() if y > h.first_green_cover]
            cuts = {y: len(yields.get((h.field_id, y), [])) for y in later}
            row["established"] = any(n >= crit["established_min_cuts"].value
                                     for n in cuts.values())
            smp = samples.get(h.field_id, [])
            ece = [s for s in smp if s["ece_ds_m"] is not None]
            soc = [s for s in smp if s["soc_pct"] is not None]
            if ece:
                row["ece_ds_m"] = ece[-1]["ece_ds_m"]
                row["salinity_ok"] = ece[-1]["ece_ds_m"] < crit["ece_max_ds_m"].value
            else:
                reasons.append(REASONS["ece"])
            if len(soc) >= 2 and soc[0]["soc_pct"] > 0:
                change = 100.0 * (soc[-1]["soc_pct"] - soc[0]["soc_pct"]) / soc[0]["soc_pct"]
                row["soc_change_pct"] = round(change, 2)
                row["soc_ok"] = change > crit["soc_change_min_pct"].value
            else:
                reasons.append(REASONS["soc"])
            measured = [y for y in later if yields.get((h.field_id, y))]
            pot = figures.get((h.region, smap[GREEN_COVER]))
            if measured and pot is not None and not pot.missing and pot.potential_hay():
                year = max(measured)
                hay = sum(m["yield_t_ha"] for m in yields[(h.field_id, year)])
                potential = pot.year(pot.potential_hay(),
                                     year - h.first_green_cover + 1).mean
                row["hay_t_ha"] = round(hay, 3)
                row["potential_hay_t_ha"] = round(potential, 3)
                row["productivity_ok"] = (potential > 0 and hay / potential
                                          >= crit["productivity_min_ratio"].value)
            else:
                reasons.append(REASONS["productivity"])
            row["restored"] = bool(row["established"] and row["salinity_ok"]
                                   and row["soc_ok"] and row["productivity_ok"])
        row["reason"] = "; ".join(reasons)
        rows.append(row)
    return rows


def _area_kpis(prog: Programme, status: list[dict],
               figures: dict[tuple[str, str], PracticeFigures],
               lang: str | None = None) -> list[Kpi]:
    crit = restoration_criteria()
    out = []
    for key, label in (("enrolled", "area_enrolled_ha"), ("sown", "area_sown_ha"),
                       ("established", "area_established_ha")):
        parts = tuple(r for r in status if r[key])
        out.append(Kpi(label, round(sum(r["area_ha"] for r in parts), 4), "ha", Provenance(
            "measured", tuple(("fields", r["field_id"]) for r in parts),
            note={"enrolled": _("fields with at least one season recorded", lang),
                  "sown": _("fields with a green-cover-alfalfa season", lang),
                  "established": _("at least {n} alfalfa cuts measured in a year after "
                                   "sowing", lang).format(
                      n=f"{crit['established_min_cuts'].value:g}")}[key]), parts=parts))
    restored = tuple(r for r in status if r["restored"])
    # the productivity criterion compares with the potential hay, whatever the level
    runs = tuple(sorted({f.potential_run_id for f in figures.values() if not f.missing
                         and f.system == system_map()[GREEN_COVER]}))
    records = tuple(("fields", r["field_id"]) for r in restored) + tuple(
        ("soil_samples", s["id"]) for s in prog.table("soil_samples")
        if s["field_id"] in {r["field_id"] for r in restored})
    out.append(Kpi("area_restored_ha", round(sum(r["area_ha"] for r in restored), 4), "ha",
                   Provenance("mixed", records, runs, "potential" if runs else None,
                              tuple(f"{c.name} = {c.value:g} {c.unit}: {c.source}"
                                    for c in crit.values()),
                              _("established, latest ECe below the saline limit, SOC not "
                                "lost, measured hay against the simulated potential", lang)),
                   parts=tuple(status)))
    return out


def _level(figures) -> str | None:
    levels = {f.level for f in figures.values()}
    return ",".join(sorted(levels)) or None


# ----------------------------------------------------------------------------- water
def _metered_use(readings: list[dict], year: int) -> float | None:
    """Water used in ``year`` from a cumulative meter: last reading of the year minus the
    last reading before it (``None`` when either is missing)."""
    before = [r for r in readings if r["read_on"].year < year]
    during = [r for r in readings if r["read_on"].year == year]
    if not before or not during:
        return None
    last_before = max(before, key=lambda r: r["read_on"])["meter_m3"]
    return max(during, key=lambda r: r["read_on"])["meter_m3"] - last_before


def water_parts(prog: Programme, histories: list[FieldHistory],
                figures: dict[tuple[str, str], PracticeFigures]) -> list[dict]:
    """One row per field and green-cover year: counterfactual, metered and simulated use."""
    smap = system_map()
    readings: dict[int, list[dict]] = defaultdict(list)
    for r in prog.table("water_readings_history"):
        readings[r["field_id"]].append(r)
    rows = []
    for h in histories:
        if h.first_green_cover is None:
            continue
        prev = smap.get(h.previous_practice) if h.previous_practice else None
        cf = figures.get((h.region, prev)) if prev else None
        gc = figures.get((h.region, smap[GREEN_COVER]))
        for year in h.green_cover_years():
            k = year - h.first_green_cover + 1
            row = {"field_id": h.field_id, "region": h.region, "year": year, "stand_year": k,
                   "area_ha": h.area_ha, "previous_practice": h.previous_practice or "",
                   "counterfactual_m3": None, "metered_m3": None, "simulated_m3": None,
                   "saved_metered_m3": None, "saved_modelled_m3": None, "missing": ""}
            if cf is None or cf.missing:
                row["missing"] = (cf.missing if cf is not None else
                                  "no previous practice recorded before the green cover")
                rows.append(row)
                continue
            cf_m3 = cf.year(cf.irrigation_m3_ha, k).scaled(h.area_ha)
            row["counterfactual_m3"] = cf_m3
            metered = _metered_use(readings[h.field_id], year)
            if metered is not None:
                row["metered_m3"] = metered
                row["saved_metered_m3"] = cf_m3 - Spread(metered, metered, metered)
            if gc is not None and not gc.missing:
                sim = gc.year(gc.irrigation_m3_ha, k).scaled(h.area_ha)
                row["simulated_m3"] = sim
                row["saved_modelled_m3"] = cf_m3 - sim
            rows.append(row)
    return rows


def _sum_spreads(values) -> Spread:
    total = ZERO
    for v in values:
        total = total + v
    return total


def _water_kpis(prog: Programme, parts: list[dict],
                figures: dict[tuple[str, str], PracticeFigures],
               lang: str | None = None) -> list[Kpi]:
    out = []
    runs = tuple(sorted(f.run_id for f in figures.values() if not f.missing))
    missing = sum(1 for p in parts if p["missing"])
    note_missing = (_("; {n} field-years without a simulated counterfactual are left out",
                      lang).format(n=missing) if missing else "")
    metered = [p for p in parts if p["saved_metered_m3"] is not None]
    s = _sum_spreads(p["saved_metered_m3"] for p in metered)
    meter_ids = {p["field_id"] for p in metered}
    records = tuple(("water_readings", r["id"]) for r in prog.table("water_readings_history")
                    if r["field_id"] in meter_ids)
    out.append(Kpi("water_saved_m3", round(s.mean, 1) if metered else None, "m3", Provenance(
        "mixed", records, runs, _level(figures),
        note=_("metered use of each field-year against the simulated irrigation of its "
               "previous practice", lang) + note_missing), round(s.p10, 1) if metered else None,
        round(s.p90, 1) if metered else None, tuple(metered)))
    modelled = [p for p in parts if p["saved_modelled_m3"] is not None]
    s = _sum_spreads(p["saved_modelled_m3"] for p in modelled)
    out.append(Kpi("water_saved_modelled_m3", round(s.mean, 1) if modelled else None, "m3",
                   Provenance("modelled", tuple(("fields", i) for i in
                                                sorted({p["field_id"] for p in modelled})),
                              runs, _level(figures),
                              note=_("simulated green cover against the simulated previous "
                                     "practice of each field-year", lang) + note_missing),
                   round(s.p10, 1) if modelled else None, round(s.p90, 1) if modelled else None,
                   tuple(modelled)))
    return out


# ----------------------------------------------------------------------------- produce
def _fodder_kpis(prog: Programme, lang: str | None = None) -> list[Kpi]:
    from zhassyl.economics.livestock import heads_fed

    area = {f["id"]: f["area_ha"] for f in prog.table("fields")}
    rows = [y for y in prog.table("yield_measurements") if y["crop"] == "alfalfa"]
    parts = tuple({"yield_id": y["id"], "field_id": y["field_id"],
                   "year": y["measured_on"].year, "yield_t_ha": y["yield_t_ha"],
                   "area_ha": area[y["field_id"]], "t": y["yield_t_ha"] * area[y["field_id"]]}
                  for y in rows)
    total = sum(p["t"] for p in parts)
    years = sorted({p["year"] for p in parts})
    per_year = total / len(years) if years else 0.0
    records = tuple(("yield_measurements", y["id"]) for y in rows)
    by_field_year: dict[tuple[int, int], float] = defaultdict(float)
    for p in parts:
        by_field_year[(p["field_id"], p["year"])] += p["yield_t_ha"]
    weights = sum(area[f] for f, _y in by_field_year)
    mean_hay = (sum(v * area[f] for (f, _y), v in by_field_year.items()) / weights
                if weights else None)
    return [
        Kpi("hay_yield_t_ha", None if mean_hay is None else round(mean_hay, 3), "t/ha",
            Provenance("measured", records, note=_(
                "area-weighted mean of the annual alfalfa hay (sum of cuts) of {n} field-years",
                lang).format(n=len(by_field_year))), parts=parts),
        Kpi("fodder_produced_t", round(total, 3), "t", Provenance(
            "measured", records, note=_("alfalfa hay of every measured cut times the field "
                                        "area", lang)), parts=parts),
        Kpi("livestock_wintered_head", round(heads_fed(per_year, "cows"), 1), "head",
            Provenance("mixed", records, sources=(
                "data/economics/livestock.csv (feed units of alfalfa hay, cow ration)",),
                note=_("cows wintered on the mean annual hay of {n} years ({t} t/yr)",
                       lang).format(n=len(years), t=f"{per_year:.1f}")), parts=parts),
    ]


# ----------------------------------------------------------------------------- people
def _groups(person: dict) -> set[str]:
    tags = set((person.get("vulnerable_tags") or "").split(";")) - {""}
    groups = {person["gender"] == "female" and "women" or "men"}
    if person["age_group"] in ("youth", "elderly"):
        groups.add(person["age_group"])
    groups |= tags & set(VULNERABLE_GROUPS)
    if tags:
        groups.add("vulnerable")
    return groups


def _job_kpis(prog: Programme, lang: str | None = None) -> list[Kpi]:
    people = prog.by_id("people_all")
    jobs = prog.table("jobs")
    records = tuple(("jobs", j["id"]) for j in jobs)
    parts = tuple({"job_id": j["id"], "person_id": j["person_id"], "kind": j["kind"],
                   "groups": ";".join(sorted(_groups(people[j["person_id"]])))} for j in jobs)
    out = [Kpi("jobs_total", len(jobs), "jobs", Provenance("measured", records), parts=parts),
           Kpi("jobs_persons", len({j["person_id"] for j in jobs}), "persons",
               Provenance("measured", records,
                          note=_("distinct people holding the jobs", lang)),
               parts=parts)]
    # vulnerable tags are personal: roles that only aggregate do not get them
    tags_known = all("vulnerable_tags" in people[j["person_id"]] for j in jobs)
    for group in ("women", "youth", "elderly", "repatriate", "vulnerable"):
        if group in ("repatriate", "vulnerable") and not tags_known:
            out.append(Kpi(f"jobs_{group}", None, "jobs", Provenance("measured", note=_(
                "not available to this role (vulnerable groups are personal data)", lang))))
            continue
        sel = tuple(p for p in parts if group in p["groups"].split(";"))
        out.append(Kpi(f"jobs_{group}", len(sel), "jobs", Provenance(
            "measured", tuple(("jobs", p["job_id"]) for p in sel)), parts=sel))
    return out


def _income_kpi(prog: Programme, lang: str | None = None) -> Kpi:
    surveys: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for s in prog.table("income_surveys"):
        surveys[s["farm_id"]][s["phase"]].append(s)
    parts = []
    for farm_id, phases in sorted(surveys.items()):
        if phases["baseline"] and phases["follow-up"]:
            base = min(phases["baseline"], key=lambda s: s["surveyed_on"])
            follow = max(phases["follow-up"], key=lambda s: s["surveyed_on"])
            change = (100.0 * (follow["net_income_kzt"] - base["net_income_kzt"])
                      / abs(base["net_income_kzt"]) if base["net_income_kzt"] else None)
            parts.append({"farm_id": farm_id, "baseline_kzt": base["net_income_kzt"],
                          "follow_up_kzt": follow["net_income_kzt"], "change_pct": change,
                          "ids": (base["id"], follow["id"])})
    base_sum = sum(p["baseline_kzt"] for p in parts)
    value = (100.0 * (sum(p["follow_up_kzt"] for p in parts) - base_sum) / abs(base_sum)
             if parts and base_sum else None)
    changes = [p["change_pct"] for p in parts if p["change_pct"] is not None]
    return Kpi("income_change_pct", None if value is None else round(value, 2), "%",
               Provenance("measured", tuple(("income_surveys", i) for p in parts
                                            for i in p["ids"]),
                          note=_("total net income of {n} farms surveyed at baseline and "
                                 "follow-up; per-farm change from {low} to {high} %",
                                 lang).format(n=len(parts),
                                              low=f"{min(changes, default=0):.1f}",
                                              high=f"{max(changes, default=0):.1f}")),
               parts=tuple({k: v for k, v in p.items() if k != "ids"} for p in parts))


def _training_kpis(prog: Programme, lang: str | None = None) -> list[Kpi]:
    people = prog.by_id("people_all")
    trainings = prog.table("trainings")
    attendees = prog.table("training_attendees")
    linked = sorted({a["person_id"] for a in attendees})
    linked_women = [p for p in linked if people[p]["gender"] == "female"]
    counted_women = sum(t["counted_women"] for t in trainings)
    counted_men = sum(t["counted_men"] for t in trainings)
    records = (tuple(("trainings", t["id"]) for t in trainings)
               + tuple(("training_attendees", a["id"]) for a in attendees))
    note = _("{named} named people counted once each ({attendances} attendances) plus "
             "{anonymous} anonymous attendees counted at the events (who cannot be "
             "de-duplicated)", lang).format(named=len(linked), attendances=len(attendees),
                                            anonymous=counted_women + counted_men)
    parts = tuple({"training_id": t["id"], "held_on": t["held_on"].isoformat(),
                   "named": sum(1 for a in attendees if a["training_id"] == t["id"]),
                   "counted_women": t["counted_women"], "counted_men": t["counted_men"]}
                  for t in trainings)
    return [
        Kpi("people_trained", len(linked) + counted_women + counted_men, "persons",
            Provenance("measured", records, note=note), parts=parts),
        Kpi("people_trained_women", len(linked_women) + counted_women, "persons",
            Provenance("measured", records, note=note), parts=parts),
        Kpi("people_trained_men", len(linked) - len(linked_women) + counted_men, "persons",
            Provenance("measured", records, note=note), parts=parts),
        Kpi("training_attendances", len(attendees) + counted_women + counted_men,
            "attendances", Provenance("measured", records), parts=parts),
    ]


def _women_kpi(prog: Programme, lang: str | None = None) -> Kpi:
    women = [p for p in prog.table("people") if p["gender"] == "female"]
    return Kpi("women_participating", len(women), "persons",
               Provenance("measured", tuple(("people", p["id"]) for p in women),
                          note=_("women among the programme's registered participants",
                                 lang)),
               parts=tuple({"person_id": p["id"], "age_group": p["age_group"]}
                           for p in women))


# ----------------------------------------------------------------------------- carbon
def _carbon_kpi(histories: list[FieldHistory],
                figures: dict[tuple[str, str], PracticeFigures], lang: str | None = None) -> Kpi:
    smap = system_map()
    parts = []
    for h in histories:
        if h.first_green_cover is None or not h.previous_practice:
            continue
        cf = figures.get((h.region, smap.get(h.previous_practice) or ""))
        gc = figures.get((h.region, smap[GREEN_COVER]))
        if cf is None or gc is None or cf.missing or gc.missing:
            continue
        n = len(h.green_cover_years())
        avoided = (cf.ghg_t_co2e_ha_yr - gc.ghg_t_co2e_ha_yr).scaled(h.area_ha * n)
        parts.append({"field_id": h.field_id, "region": h.region, "area_ha": h.area_ha,
                      "years": n, "previous_practice": h.previous_practice,
                      "avoided_t_co2e": avoided})
    s = _sum_spreads(p["avoided_t_co2e"] for p in parts)
    runs = tuple(sorted(f.run_id for f in figures.values() if not f.missing))
    return Kpi("co2e_avoided_t", round(s.mean, 2) if parts else None, "t CO2e", Provenance(
        "modelled", tuple(("fields", p["field_id"]) for p in parts), runs, _level(figures),
        note=_("previous practice minus green cover, mean annual GHG balance over a 20-year "
               "horizon (RothC SOC change, rice CH4, N2O, diesel; IPCC Tier 1), times area "
               "and green-cover years", lang)), round(s.p10, 2) if parts else None,
        round(s.p90, 2) if parts else None, tuple(parts))


# ----------------------------------------------------------------------------- all
def compute_kpis(prog: Programme, simulate: Simulate | None = None,
                 lang: str | None = None, level: str = DEFAULT_LEVEL) -> list[Kpi]:
    """Every KPI of the programme snapshot ``prog`` (see the module docstring).

    ``lang`` is the language of the provenance notes (default: the interface language);
    ``level`` the production level of the model runs (when ``simulate`` is not given).
    """
    histories = field_histories(prog)
    figures = model_figures(histories, simulate, level)
    status = restoration_status(prog, histories, figures)
    return [*_area_kpis(prog, status, figures, lang),
            *_water_kpis(prog, water_parts(prog, histories, figures), figures, lang),
            *_fodder_kpis(prog, lang), *_job_kpis(prog, lang), _income_kpi(prog, lang),
            *_training_kpis(prog, lang), _women_kpi(prog, lang),
            _carbon_kpi(histories, figures, lang)]


def kpi_by_id(kpis: list[Kpi]) -> dict[str, Kpi]:
    return {k.id: k for k in kpis}
