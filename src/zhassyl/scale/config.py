"""Scale-up scenario files (TOML): reading and checking.

A scale-up scenario says, per region, which land is considered (strata of
current practice x soil texture x salinity class, each with its area and the
source of that area), the region's irrigation water and water table, and for
the whole scenario the adoption shares per year and system, the subsidy
programme in force each year, the production level, the climate (generated
weather with a seed, several climate replicates) and price overrides.  The
format is documented in ``docs/scale.md``; ``zhassyl scale --example`` prints
the packaged national example (``data/scale/national.toml``).

Every problem found is reported with the file, the key (``regions[2].strata[0].area_ha``)
and the reason; nothing runs until the whole file is clean.
"""

from __future__ import annotations

import csv
import math
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _
from zhassyl.scenario.model import LEVELS
from zhassyl.scenario.vocabulary import PRACTICE_IDS, SYSTEM_IDS, normalise

#: Systems a region may adopt (the alfalfa systems; rice and wheat are baselines).
ADOPTABLE = ("green-cover-alfalfa", "traditional-alfalfa", "alfalfa-sole")
#: Water sources of a region's irrigation.
WATER_SOURCES = ("canal", "river", "well", "drainage")
#: The word that marks a value without a published source.
ESTIMATE = "estimate"


@cache
def salinity_classes() -> dict[str, tuple[float, float, str]]:
    """Salinity class -> (ECe low, ECe high [dS/m], source).

    From ``data/scale/salinity_classes.csv``.
    """
    text = (resources.files("zhassyl") / "data" / "scale" / "salinity_classes.csv").read_text(
        encoding="utf-8")
    return {r["salinity"]: (float(r["ece_low_ds_m"]), float(r["ece_high_ds_m"]), r["source"])
            for r in csv.DictReader(text.splitlines())}


def regions_known() -> tuple[str, ...]:
    """Region ids with farming defaults (``data/regions/farming_defaults.csv``)."""
    text = (resources.files("zhassyl") / "data" / "regions" / "farming_defaults.csv").read_text(
        encoding="utf-8")
    return tuple(r["region"] for r in csv.DictReader(text.splitlines()))


@dataclass(frozen=True)
class Stratum:
    """Land of one region with one current practice, soil texture and salinity class."""

    region: str
    practice: str            # practice id (vocabulary.PRACTICE_IDS)
    soil: str                # texture id
    salinity: str            # salinity class (data/scale/salinity_classes.csv)
    area_ha: float
    source: str

    @property
    def id(self) -> str:
        """``region/practice/soil/salinity``."""
        return f"{self.region}/{self.practice}/{self.soil}/{self.salinity}"


@dataclass(frozen=True)
class Region:
    """A region's land considered and its water."""

    id: str
    strata: tuple[Stratum, ...]
    water_source: str
    ec_iw_ds_m: float | None          # None: the region's default
    groundwater_depth_m: float | None
    ec_gw_ds_m: float | None
    sources: tuple[tuple[str, str], ...]   # (key, source) of the values above


@dataclass(frozen=True)
class ScaleScenario:
    """A checked scale-up scenario.

    ``adoption`` maps each adopted system to its cumulative share (0-1) of
    every stratum's area farmed under it at the end of each year; the shares of
    all systems in a year sum to at most 1.  ``programmes`` names the subsidy
    programme in force each year (``None``: no subsidy).
    """

    name: str
    path: str
    start_year: int
    years: int
    level: str
    seed: int
    fields_per_stratum: int
    climate_replicates: int
    cooperative: bool
    adoption: tuple[tuple[str, tuple[float, ...]], ...]
    programmes: tuple[str | None, ...]
    prices: tuple[tuple[str, float], ...]
    regions: tuple[Region, ...]

    @property
    def systems(self) -> tuple[str, ...]:
        """The adopted systems."""
        return tuple(s for s, _shares in self.adoption)

    @property
    def strata(self) -> tuple[Stratum, ...]:
        """Every stratum, region by region."""
        return tuple(s for r in self.regions for s in r.strata)

    def region(self, region_id: str) -> Region:
        """The region ``region_id``."""
        return next(r for r in self.regions if r.id == region_id)

    def with_options(self, *, years: int | None = None, seed: int | None = None,
                     fields_per_stratum: int | None = None,
                     climate_replicates: int | None = None) -> ScaleScenario:
        """A copy with command-line overrides.

        Adoption shares and programmes are cut to ``years`` or extended by their last value.
        """
        from dataclasses import replace

        y = self.years if years is None else years
        problems = []
        if not 1 <= y <= 50:
            problems.append(Problem("--years", None, None, _("years must be within 1..50")))
        if fields_per_stratum is not None and not 1 <= fields_per_stratum <= 10000:
            problems.append(Problem("--fields-per-stratum", None, None,
                                    _("must be within 1..10000")))
        if climate_replicates is not None and not 1 <= climate_replicates <= 1000:
            problems.append(Problem("--climate-replicates", None, None,
                                    _("must be within 1..1000")))
        if problems:
            raise InputError(problems)
        return replace(
            self, years=y, seed=self.seed if seed is None else seed,
            fields_per_stratum=fields_per_stratum or self.fields_per_stratum,
            climate_replicates=climate_replicates or self.climate_replicates,
            adoption=tuple((s, _fit(v, y)) for s, v in self.adoption),
            programmes=_fit(self.programmes, y))


def _fit(values: tuple, n: int) -> tuple:
    """``values`` cut to ``n`` or extended with its last value."""
    return tuple(values[:n]) + (values[-1],) * max(0, n - len(values))


def example_path() -> Path:
    """Path of the packaged national example."""
    return Path(str(resources.files("zhassyl") / "data" / "scale" / "national.toml"))


def example_text() -> str:
    """The packaged national example (``zhassyl scale --example``)."""
    return example_path().read_text(encoding="utf-8")


def load_scenario(path: str | Path) -> ScaleScenario:
    """Read and check a scale-up scenario file.

    Raises
    ------
    InputError
        Every problem of the file, each naming the file, the key and the reason.
    """
    name = str(path)
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(Problem(name, None, None, _("cannot read the file: {error}").format(
            error=exc.strerror or exc))) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(Problem(name, None, None, _("not a valid TOML file: {error}").format(
            error=exc))) from None
    return parse_scenario(doc, name)


def parse_scenario(doc: dict, name: str = "<scenario>") -> ScaleScenario:
    """Check a parsed scenario document (see :func:`load_scenario`)."""
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(name, None, key, message))

    def table(d, key: str, where: str, required: bool = True) -> dict:
        v = d.get(key)
        if v is None:
            if required:
                bad(where, _("required section is missing"))
            return {}
        if not isinstance(v, dict):
            bad(where, _("must be a table"))
            return {}
        return v

    def number(d: dict, key: str, where: str, low: float, high: float, *, required=True,
               integer=False):
        v = d.get(key)
        if v is None:
            if required:
                bad(where, _("required value is missing"))
            return None
        if isinstance(v, bool) or not isinstance(v, int | float) or (
                integer and not isinstance(v, int)):
            bad(where, _("must be a number") if not integer else _("must be a whole number"))
            return None
        if not (math.isfinite(v) and low <= v <= high):
            if v < 0 and low >= 0:
                bad(where, _("must not be negative, got {value}").format(value=v))
            else:
                bad(where, _("{value} is outside {low}..{high}").format(
                    value=v, low=low, high=high))
            return None
        return v

    def text(d: dict, key: str, where: str, required: bool = True) -> str | None:
        v = d.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                bad(where, _("required value is missing"))
            return None
        if not isinstance(v, str):
            bad(where, _("must be text"))
            return None
        return v.strip()

    head = table(doc, "scenario", "scenario")
    start_year = number(head, "start_year", "scenario.start_year", 1900, 2200, integer=True)
    years = number(head, "years", "scenario.years", 1, 50, integer=True)
    seed = number(head, "seed", "scenario.seed", 0, 2**31 - 1, integer=True)
    k = number(head, "fields_per_stratum", "scenario.fields_per_stratum", 1, 10000,
               integer=True)
    reps = number(head, "climate_replicates", "scenario.climate_replicates", 1, 1000,
                  integer=True)
    level = text(head, "level", "scenario.level")
    if level is not None and level not in LEVELS:
        bad("scenario.level", _("'{value}' is not one of: {choices}").format(
            value=level, choices=", ".join(LEVELS)))
    coop = head.get("cooperative", True)
    if not isinstance(coop, bool):
        bad("scenario.cooperative", _("must be true or false"))
    n = years or 1

    # adoption
    adoption: list[tuple[str, tuple[float, ...]]] = []
    adopt = table(doc, "adoption", "adoption")
    if not adopt and "adoption" in doc:
        bad("adoption", _("no system given"))
    for key, shares in adopt.items():
        where = f"adoption.{key}"
        sysid = normalise(key)
        if sysid not in SYSTEM_IDS:
            bad(where, _("unknown system '{name}'; known systems: {known}").format(
                name=key, known=", ".join(ADOPTABLE)))
            continue
        if sysid not in ADOPTABLE:
            bad(where, _("system '{name}' is a baseline practice, not one to adopt; "
                         "adoptable: {known}").format(name=key, known=", ".join(ADOPTABLE)))
            continue
        if not isinstance(shares, list) or not shares:
            bad(where, _("must be a list of yearly shares"))
            continue
        vals = []
        for i, v in enumerate(shares):
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                bad(f"{where}[{i}]", _("must be a number"))
            elif v < 0:
                bad(f"{where}[{i}]", _("must not be negative, got {value}").format(value=v))
            elif v > 1:
                bad(f"{where}[{i}]", _("share {value} is above 100 % (shares are fractions "
                                       "0..1)").format(value=v))
            else:
                vals.append(float(v))
        if len(vals) == len(shares):
            if any(b < a for a, b in zip(vals, vals[1:], strict=False)):
                bad(where, _("cumulative adoption shares must not decrease from year to year"))
            adoption.append((sysid, _fit(tuple(vals), n)))
    if adoption:
        for t in range(n):
            total = sum(v[t] for _s, v in adoption)
            if total > 1.0 + 1e-9:
                bad(f"adoption (year {t + 1})", _(
                    "the systems' shares add up to {pct:.1f} %, above 100 %").format(
                        pct=100 * total))

    # policy
    from zhassyl.economics.policy import programmes as known_programmes

    policy = table(doc, "policy", "policy")
    progs: list[str | None] = []
    plist = policy.get("programme")
    if plist is None:
        bad("policy.programme", _("required value is missing"))
    elif not isinstance(plist, list) or not plist:
        bad("policy.programme", _("must be a list of programme ids (or \"none\"), one per year"))
    else:
        for i, p in enumerate(plist):
            if not isinstance(p, str):
                bad(f"policy.programme[{i}]", _("must be text"))
            elif p == "none":
                progs.append(None)
            elif p not in known_programmes():
                bad(f"policy.programme[{i}]", _(
                    "unknown programme {value!r}; known: {known}").format(
                        value=p, known=", ".join(["none", *known_programmes()])))
            else:
                progs.append(p)

    # prices
    from zhassyl.economics.prices import price_table

    prices = []
    for item, v in table(doc, "prices", "prices", required=False).items():
        where = f"prices.{item}"
        if item not in price_table() and item not in ("water_flood", "water_furrow",
                                                      "water_sprinkler", "water_drip"):
            bad(where, _("unknown price item {item!r}").format(item=item))
            continue
        val = number({item: v}, item, where, 0.0, 1e12)
        if val is not None:
            prices.append((item, float(val)))

    # regions
    known_regions = regions_known()
    classes = salinity_classes()
    from zhassyl.errors import ParameterError
    from zhassyl.farming.soils import texture_id

    regions: list[Region] = []
    raw = doc.get("regions")
    if not isinstance(raw, list) or not raw:
        bad("regions", _("at least one [[regions]] table is required"))
        raw = []
    seen_regions: set[str] = set()
    for i, reg in enumerate(raw):
        where = f"regions[{i}]"
        if not isinstance(reg, dict):
            bad(where, _("must be a table"))
            continue
        rid = text(reg, "id", f"{where}.id")
        if rid is not None:
            rid = normalise(rid)
            if rid not in known_regions:
                bad(f"{where}.id", _("unknown region '{name}'; known regions: {known}").format(
                    name=reg["id"], known=", ".join(known_regions)))
                rid = None
            elif rid in seen_regions:
                bad(f"{where}.id", _("region '{name}' is listed twice").format(name=rid))
            else:
                seen_regions.add(rid)
        ws = text(reg, "water_source", f"{where}.water_source")
        if ws is not None and ws not in WATER_SOURCES:
            bad(f"{where}.water_source", _("'{value}' is not one of: {choices}").format(
                value=ws, choices=", ".join(WATER_SOURCES)))
        srcs = []
        vals = {}
        for key, low, high in (("ec_iw_ds_m", 0.0, 30.0), ("groundwater_depth_m", 0.0, 50.0),
                               ("ec_gw_ds_m", 0.0, 100.0)):
            v = number(reg, key, f"{where}.{key}", low, high, required=False)
            vals[key] = None if v is None else float(v)
            if key in reg:
                s = text(reg, f"{key}_source", f"{where}.{key}_source")
                if s is not None:
                    srcs.append((key, s))
        strata = []
        raw_strata = reg.get("strata")
        if not isinstance(raw_strata, list) or not raw_strata:
            bad(f"{where}.strata", _("at least one [[regions.strata]] table is required"))
            raw_strata = []
        seen = set()
        for j, st in enumerate(raw_strata):
            w = f"{where}.strata[{j}]"
            if not isinstance(st, dict):
                bad(w, _("must be a table"))
                continue
            practice = text(st, "practice", f"{w}.practice")
            if practice is not None:
                key = normalise(practice)
                if key not in PRACTICE_IDS:
                    bad(f"{w}.practice", _("unknown practice '{name}'; known: {known}").format(
                        name=practice, known=", ".join(PRACTICE_IDS)))
                    practice = None
                else:
                    practice = key
            soil = text(st, "soil", f"{w}.soil")
            if soil is not None:
                try:
                    soil = texture_id(soil)
                except ParameterError as exc:
                    bad(f"{w}.soil", str(exc))
                    soil = None
            sal = text(st, "salinity", f"{w}.salinity")
            if sal is not None and sal not in classes:
                bad(f"{w}.salinity", _("'{value}' is not one of: {choices}").format(
                    value=sal, choices=", ".join(classes)))
                sal = None
            area = number(st, "area_ha", f"{w}.area_ha", 0.0, 2.0e7)
            source = text(st, "source", f"{w}.source")
            if None not in (rid, practice, soil, sal, area, source):
                s = Stratum(rid, practice, soil, sal, float(area), source)
                if s.id in seen:
                    bad(w, _("stratum {id} is listed twice").format(id=s.id))
                seen.add(s.id)
                strata.append(s)
        if rid is not None and ws is not None:
            regions.append(Region(rid, tuple(strata), ws, vals["ec_iw_ds_m"],
                                  vals["groundwater_depth_m"], vals["ec_gw_ds_m"], tuple(srcs)))
    if problems:
        raise InputError(problems)
    return ScaleScenario(
        name=str(head.get("name") or Path(name).stem), path=name, start_year=int(start_year),
        years=int(years), level=level, seed=int(seed), fields_per_stratum=int(k),
        climate_replicates=int(reps), cooperative=bool(coop), adoption=tuple(adoption),
        programmes=_fit(tuple(progs), int(years)), prices=tuple(prices), regions=tuple(regions))
