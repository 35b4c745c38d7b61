"""A read-only snapshot of the programme registry, filtered by region and period.

The impact figures are computed from this snapshot, never from the database
directly: :func:`load_programme` reads every table through the registry's
repository functions (so the policy layer decides what the acting role may
see) and :func:`Programme.select` restricts it to a region and a period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhassyl.errors import InputError, Problem
from zhassyl.i18n import N_, _

#: Registry tables the impact figures read.
TABLES = ("meta", "regions", "communities", "people", "farms", "fields", "seasons", "soil_samples",
          "yield_measurements", "water_readings", "income_surveys", "trainings",
          "training_attendees", "jobs", "proposals")


@dataclass(frozen=True)
class Period:
    """Calendar years ``first..last`` (inclusive)."""

    first: int
    last: int

    def contains_year(self, year: int) -> bool:
        return self.first <= year <= self.last

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.contains_year(day.year)

    def __str__(self) -> str:
        return f"{self.first}-{self.last}"


def parse_period(text: str | None, what: str = "--period") -> Period | None:
    """``'2013-2017'`` or ``'2015'`` as a :class:`Period` (``None`` for ``None``)."""
    if text is None or text == "":
        return None
    parts = text.split("-")
    try:
        years = [int(p) for p in parts]
    except ValueError:
        years = []
    if len(years) not in (1, 2) or not all(1950 <= y <= 2100 for y in years):
        raise InputError(Problem(what, None, None, _(
            "'{value}' is not a period of years like 2013-2017").format(value=text)))
    first, last = years[0], years[-1]
    if first > last:
        raise InputError(Problem(what, None, None, _(
            "the period starts after it ends: {value}").format(value=text)))
    return Period(first, last)


@dataclass
class Programme:
    """Rows of the registry tables (plain dicts), keyed by table name.

    ``region`` and ``period`` record the selection the rows were restricted to.
    """

    rows: dict[str, list[dict]]
    region: str | None = None
    period: Period | None = None
    _index: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # seasons name practices in the shared vocabulary (zhassyl.scenario.vocabulary);
        # rows written in an older spelling (``rice-flooded``) are read as the current id
        from zhassyl.scenario.vocabulary import normalise

        for name in ("seasons", "seasons_history"):
            for season in self.rows.get(name, ()):
                if season.get("management_system"):
                    season["management_system"] = normalise(season["management_system"])

    def table(self, name: str) -> list[dict]:
        """Rows of ``name`` (``people_all``: every person, also outside the region)."""
        return self.rows.get(name, [])

    def by_id(self, name: str) -> dict[int, dict]:
        if name not in self._index:
            self._index[name] = {r["id"]: r for r in self.table(name)}
        return self._index[name]

    def region_of_field(self, field_id: int) -> str:
        """Region code of a field (through its farm and community)."""
        fld = self.by_id("fields")[field_id]
        return self.region_of_farm(fld["farm_id"])

    def region_of_farm(self, farm_id: int) -> str:
        farm = self.by_id("farms")[farm_id]
        return self.region_of_community(farm["community_id"])

    def region_of_community(self, community_id: int) -> str:
        com = self.by_id("communities")[community_id]
        return self.by_id("regions")[com["region_id"]]["code"]

    def select(self, region: str | None = None, period: Period | None = None) -> Programme:
        """The rows of ``region`` (code) and ``period`` only."""
        if region is not None and region not in {r["code"] for r in self.table("regions")}:
            raise InputError(Problem("--region", None, None, _(
                "unknown region '{region}'; known: {known}").format(
                region=region, known=", ".join(r["code"] for r in self.table("regions")))))
        keep_region = (lambda code: True) if region is None else (lambda code: code == region)
        keep_day = (lambda d: True) if period is None else period.contains
        rows = dict(self.rows)
        rows["communities"] = [c for c in self.table("communities")
                               if keep_region(self.region_of_community(c["id"]))]
        rows["people_all"] = self.table("people_all") or self.table("people")
        rows["people"] = [p for p in self.table("people")
                          if keep_region(self.region_of_community(p["community_id"]))]
        rows["farms"] = [f for f in self.table("farms")
                         if keep_region(self.region_of_community(f["community_id"]))]
        farm_ids = {f["id"] for f in rows["farms"]}
        rows["fields"] = [f for f in self.table("fields") if f["farm_id"] in farm_ids]
        field_ids = {f["id"] for f in rows["fields"]}
        rows["seasons"] = [s for s in self.table("seasons") if s["field_id"] in field_ids
                           and (period is None or period.contains_year(s["year"]))]
        # history up to the end of the period: the practice before the green cover, meters
        rows["seasons_history"] = [s for s in self.table("seasons") if s["field_id"] in field_ids
                                   and (period is None or s["year"] <= period.last)]
        rows["water_readings_history"] = [
            r for r in self.table("water_readings") if r["field_id"] in field_ids
            and (period is None or r["read_on"].year <= period.last)]
        for name, day in (("soil_samples", "sampled_on"), ("yield_measurements", "measured_on"),
                          ("water_readings", "read_on")):
            rows[name] = [r for r in self.table(name) if r["field_id"] in field_ids
                          and keep_day(r[day])]
        rows["income_surveys"] = [r for r in self.table("income_surveys")
                                  if r["farm_id"] in farm_ids]
        region_ids = {r["id"] for r in self.table("regions") if keep_region(r["code"])}
        rows["trainings"] = [t for t in self.table("trainings")
                             if t["region_id"] in region_ids and keep_day(t["held_on"])]
        training_ids = {t["id"] for t in rows["trainings"]}
        rows["training_attendees"] = [a for a in self.table("training_attendees")
                                      if a["training_id"] in training_ids]
        person_ids = {p["id"] for p in self.table("people")}
        rows["jobs"] = [j for j in self.table("jobs") if j["person_id"] in person_ids
                        and _job_in(j, region, period, self)]
        if period is not None and not any(rows[t] for t in _DATED):
            years = sorted({s["year"] for s in self.table("seasons")})
            covered = f"{years[0]}-{years[-1]}" if years else _("none")
            raise InputError(Problem("--period", None, None, N_(
                "no records in {period} (seasons, samples, measurements, readings or "
                "trainings); the registry's seasons cover {covered}"),
                {"period": str(period), "covered": covered}))
        return Programme(rows, region, period)


#: Tables of dated records: a period in which none has a row selects nothing.
_DATED = ("seasons", "soil_samples", "yield_measurements", "water_readings", "trainings")


def _job_in(job: dict, region: str | None, period: Period | None, prog: Programme) -> bool:
    person = prog.by_id("people")[job["person_id"]]
    if region is not None and prog.region_of_community(person["community_id"]) != region:
        return False
    if period is None:
        return True
    ended = job["ended_on"]
    return job["started_on"].year <= period.last and (ended is None
                                                      or ended.year >= period.first)


def load_programme(session, actor) -> Programme:
    """Every table of :data:`TABLES` as ``actor`` may see it (repository functions).

    Tables the role may read come scoped by the policy (a farmer sees their own farm);
    tables it may only aggregate (the viewer) come without personal columns, for the
    programme-level figures.
    """
    from zhassyl.registry.policy import allowed
    from zhassyl.registry.repositories import aggregate_records, list_records

    rows = {name: (list_records(session, actor, name) if allowed(actor, "read", name)
                   else aggregate_records(session, actor, name)) for name in TABLES}
    rows["people_all"] = rows["people"]
    rows["seasons_history"] = rows["seasons"]
    rows["water_readings_history"] = rows["water_readings"]
    return Programme(rows)
