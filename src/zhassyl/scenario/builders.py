"""Builders of :class:`FieldScenario`: command line, fields CSV, web-form JSON, registry, stratum.

Every builder ends in :func:`field_scenario`, which checks the values, fills
what is missing from the packaged regional defaults and records the source of
each input, so the same inputs give the same scenario whichever way they came.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from zhassyl.errors import InputError, ParameterError, Problem
from zhassyl.farming.scenario import region_defaults
from zhassyl.farming.soils import bulk_density_g_cm3, soc_stock_t_c_ha, soil_clay_pct, texture_id
from zhassyl.i18n import N_, _
from zhassyl.scenario.model import (
    DEFAULT,
    GIVEN,
    LEVELS,
    MEASURED,
    RECORDED,
    FieldScenario,
)
from zhassyl.scenario.vocabulary import (
    PRACTICE_IDS,
    RECORDED_ONLY_PRACTICES,
    SYSTEM_IDS,
    normalise,
)

#: Support practices of the erosion model (data/erosion/contouring.csv).
PRACTICES = ("none", "contouring")


@cache
def erosion_defaults(region: str) -> dict:
    """The region's default slope, furrows and practice (``data/erosion/field_defaults.csv``)."""
    from zhassyl.erosion.params import row

    r = row("field_defaults.csv", "region", region)
    return {"slope_pct": float(r["slope_pct"]), "slope_length_m": float(r["slope_length_m"]),
            "furrow_stream_l_min": float(r["furrow_stream_l_min"]),
            "furrow_length_m": float(r["furrow_length_m"]), "practice": r["practice"]}


#: Depth of the topsoil whose SOC the scenario starts from [cm] (the IPCC SOCref depth).
SOC_DEPTH_CM = 30.0


@cache
def _default_practices() -> dict[str, tuple[str, str]]:
    import csv
    from importlib import resources

    text = (resources.files("zhassyl") / "data" / "regions" / "default_practice.csv").read_text(
        encoding="utf-8")
    return {r["region"]: (r["practice"], r["source"]) for r in csv.DictReader(text.splitlines())}


def default_practice(region: str) -> tuple[str, str]:
    """The region's default practice before (``data/regions/default_practice.csv``) and source."""
    rd = region_defaults(region)
    if rd.region not in _default_practices():
        raise ParameterError(_("no farming defaults for region {region}").format(
            region=rd.region))
    return _default_practices()[rd.region]


@cache
def _sowing_key(system: str) -> str:
    from zhassyl.farming.systems import load_system

    return load_system(system).sowing


def system_name(name: str, where: str = "--systems") -> str:
    """A packaged system's id (old spellings understood) or the path of a .toml system file."""
    text = str(name).strip()
    if text.lower().endswith(".toml"):
        if not Path(text).is_file():
            raise InputError(Problem(where, None, None, _("cannot read the file: {error}").format(
                error=text)))
        return text
    key = normalise(text)
    if key not in SYSTEM_IDS:
        raise InputError(Problem(where, None, None, _(
            "unknown system '{name}'; known systems: {known} (or a path to a .toml system "
            "file)").format(name=name, known=", ".join(SYSTEM_IDS))))
    return key


@dataclass(frozen=True)
class SystemRef:
    """A system named by a user, resolved: the id its results carry and where it is defined.

    ``file`` and ``sha256`` are those of a user's ``.toml`` file (``None`` for a
    packaged system).  Every consumer (simulate, compare, economics, carbon, the
    web app) reports a system under ``id``: the ``id`` written in its file.
    """

    id: str
    file: str | None = None
    sha256: str | None = None

    @property
    def source(self) -> str:
        """What :func:`zhassyl.farming.systems.load_system` reads."""
        return self.file or self.id


def system_ref(name: str, where: str = "--systems") -> SystemRef:
    """Resolve a system named by a packaged id (old spellings understood) or a .toml path.

    A file is read and checked (unknown keys, bounds).  Its ``id`` names the
    system's results; an ``id`` of a packaged system is refused for a file that
    differs from the packaged one (the results would pass for the packaged
    system's), and so is a practice that is not a simulated system.

    Raises
    ------
    InputError
        Unknown system, unreadable or invalid file, or an id taken.
    """
    import hashlib
    from importlib import resources

    from zhassyl.farming.systems import load_system

    text = system_name(name, where)
    if not text.lower().endswith(".toml"):
        return SystemRef(text)
    try:
        data = Path(text).read_bytes()
    except OSError as exc:
        raise InputError(Problem(text, None, None, _("cannot read the file: {error}").format(
            error=exc.strerror or exc))) from None
    try:
        sid = load_system(text).id
    except ParameterError as exc:
        raise InputError(Problem(text, None, None, str(exc))) from None
    key = normalise(sid)
    if key in SYSTEM_IDS:
        packaged = (resources.files("zhassyl") / "data" / "systems" / f"{key}.toml").read_bytes()
        if data == packaged:
            return SystemRef(key)
    if key in SYSTEM_IDS or key in RECORDED_ONLY_PRACTICES:
        raise InputError(Problem(text, None, "id", N_(
            "'{id}' is the id of a packaged system or practice, and this file differs from "
            "it; give your system its own id (e.g. id = \"{suggestion}\")"),
            {"id": sid, "suggestion": Path(text).stem if normalise(Path(text).stem) not in
             PRACTICE_IDS else f"my-{key}"}))
    return SystemRef(sid, str(text), hashlib.sha256(data).hexdigest())


def system_id(name: str, where: str = "--systems") -> str:
    """The id under which the results of the system ``name`` (id or .toml path) are reported."""
    return system_ref(name, where).id


def _simulable(system: str, rd) -> bool:
    """True when ``system``'s sowing date is known in the region of ``rd``."""
    key = _sowing_key(system)
    return bool(rd.sowing.get(key, key)) if key in rd.sowing else True


def sowing_problem(system: str, region: str) -> str | None:
    """Why ``system`` cannot be simulated in ``region`` (no sowing date there), else None.

    The message is the one the season planner raises
    (:func:`zhassyl.farming.scenario.season_plan`).
    """
    rd = region_defaults(region)
    key = system_name(system)
    if _simulable(key, rd):
        return None
    return _("region {region} has no default for '{key}' (system {system})").format(
        region=rd.region, key=_sowing_key(key), system=key)


def field_scenario(field_id: str, region: str, systems: Iterable[str], years: int = 5, *,
                   baseline: str | None = None, soil: str | None = None,
                   ece0_ds_m: float | None = None, soc0_t_c_ha: float | None = None,
                   ec_iw_ds_m: float | None = None, groundwater_depth_m: float | None = None,
                   ec_gw_ds_m: float | None = None, clay_pct: float | None = None,
                   area_ha: float = 1.0, water_source: str | None = None, leaching: bool = False,
                   weather_seed: int = 1, weather_file: str | None = None,
                   start_year: int = 2001, level: str = "potential",
                   fertility_stress_pct: Mapping[str, float] | None = None,
                   weed_cover_pct: Mapping[str, float] | None = None,
                   slope_pct: float | None = None, slope_length_m: float | None = None,
                   furrow_stream_l_min: float | None = None,
                   furrow_length_m: float | None = None, practice: str | None = None,
                   irrigation_method: str | None = None, measured: Iterable[str] = (),
                   recorded: Iterable[str] = (),
                   notes: Sequence[str] = (), where: str = "<input>") -> FieldScenario:
    """A checked, fully resolved scenario; missing inputs from the region's defaults.

    ``irrigation_method`` (``data/irrigation/methods.csv``) replaces the irrigation
    method of the compared systems (not the baseline's, not a ponded paddy's).

    ``fertility_stress_pct`` and ``weed_cover_pct`` (system -> %) are a field's
    calibration (``zhassyl calibrate``): the ``calibrated`` level needs the first.

    Inputs named in ``measured`` (the Fund's soil samples) or ``recorded``
    (values stored on the field or its seasons) are labelled so; others given
    are ``given``; filled ones ``default``.  ``where`` names the input (file
    and row) in error messages.
    """
    problems: list[Problem] = []
    measured, recorded = set(measured), set(recorded)
    notes = list(notes)
    rd = region_defaults(region)
    refs: list[SystemRef] = []
    for s in systems:
        try:
            refs.append(system_ref(s, where))
        except InputError as exc:
            problems += exc.problems
    names = [r.id for r in refs]
    if not names and not problems:
        problems.append(Problem(where, None, "systems", _("no system given")))
    if not isinstance(years, int) or not 1 <= years <= 200:
        problems.append(Problem(where, None, "years", _("years must be within 1..200")))
    if level not in LEVELS:
        problems.append(Problem(where, None, "level", _("'{value}' is not one of: {choices}")
                                .format(value=level, choices=", ".join(LEVELS))))
    if level == "calibrated" and not fertility_stress_pct:
        problems.append(Problem(where, None, "level", _(
            "the calibrated level needs a field's stored calibration: run 'zhassyl calibrate "
            "--field ID' and simulate that field with --field ID")))
    calibration = {}
    for name, given in (("fertility_stress_pct", fertility_stress_pct),
                        ("weed_cover_pct", weed_cover_pct)):
        pairs = []
        for system, value in sorted((given or {}).items()):
            if not (math.isfinite(float(value)) and 0.0 <= float(value) < 100.0):
                problems.append(Problem(where, None, name, _("{value} is outside {low}..{high}")
                                        .format(value=value, low=0, high=100)))
            pairs.append((normalise(system), float(value)))
        calibration[name] = tuple(pairs)
    if ece0_ds_m is not None and not (math.isfinite(ece0_ds_m) and 0.0 <= ece0_ds_m <= 50.0):
        problems.append(Problem(where, None, "ece_ds_m", _(
            "initial ECe must be within 0..50 dS/m")))
    for name, value, low, high in (("ec_iw_ds_m", ec_iw_ds_m, 0.0, 30.0),
                                   ("soc_t_c_ha", soc0_t_c_ha, 0.1, 1000.0),
                                   ("clay_pct", clay_pct, 0.0, 100.0),
                                   ("area_ha", area_ha, 1e-4, 100000.0),
                                   ("slope_pct", slope_pct, 0.0, 50.0),
                                   ("slope_length_m", slope_length_m, 1.0, 1000.0),
                                   ("furrow_stream_l_min", furrow_stream_l_min, 0.0, 1000.0),
                                   ("furrow_length_m", furrow_length_m, 1.0, 5000.0)):
        if value is not None and not (math.isfinite(value) and low <= value <= high):
            problems.append(Problem(where, None, name, _("{value} is outside {low}..{high}")
                                    .format(value=value, low=low, high=high)))
    texture = rd.soil_texture
    if soil is not None:
        try:
            texture = texture_id(soil)
        except ParameterError as exc:
            problems.append(Problem(where, None, "soil", str(exc)))
    sources: dict[str, str] = {}

    def source(name: str, value) -> str:
        if value is None:
            return DEFAULT
        return MEASURED if name in measured else RECORDED if name in recorded else GIVEN

    if baseline is not None:
        key = normalise(baseline)
        if key in RECORDED_ONLY_PRACTICES:
            notes.append(_("recorded practice '{practice}' is not a simulated system; the "
                           "region's default practice is the baseline").format(practice=key))
            baseline = None
        else:
            try:
                ref = system_ref(baseline, where)
                refs.append(ref)
                baseline = ref.id
            except InputError as exc:
                problems += exc.problems
    if practice is not None and practice not in PRACTICES:
        problems.append(Problem(where, None, "practice", _("'{value}' is not one of: {choices}")
                                .format(value=practice, choices=", ".join(PRACTICES))))
    if irrigation_method is not None:
        from zhassyl.farming.systems import irrigation_methods

        if irrigation_method not in irrigation_methods():
            problems.append(Problem(where, None, "irrigation_method", _(
                "'{value}' is not one of: {choices}").format(
                value=irrigation_method, choices=", ".join(irrigation_methods()))))
    files: dict[str, SystemRef] = {}
    for ref in refs:
        other = files.setdefault(ref.id, ref)
        if other != ref:
            problems.append(Problem(where, None, "systems", N_(
                "two different systems are named '{id}' ({a} and {b}); give each its own id"),
                {"id": ref.id, "a": other.source, "b": ref.source}))
    if problems:
        raise InputError(problems)
    if baseline is not None and not _simulable(files[baseline].source, rd):
        notes.append(_("the practice before, {practice}, has no sowing date in region "
                       "{region}; the region's default practice is the baseline").format(
                           practice=baseline, region=rd.region))
        baseline = None
    sources["baseline"] = source("baseline", baseline)
    if baseline is None:
        baseline, _src = default_practice(rd.region)
    if water_source == "well" and ec_iw_ds_m is None:
        ec_iw_ds_m = rd.ec_gw_ds_m
        notes.append(_("water from a well: irrigation-water salinity taken as the region's "
                       "groundwater salinity"))
        sources["ec_iw_ds_m"] = DEFAULT
    for name, value in (("soil_texture", soil), ("ece0_ds_m", ece0_ds_m),
                        ("soc0_t_c_ha", soc0_t_c_ha), ("ec_iw_ds_m", ec_iw_ds_m),
                        ("groundwater_depth_m", groundwater_depth_m),
                        ("ec_gw_ds_m", ec_gw_ds_m), ("clay_pct", clay_pct)):
        sources.setdefault(name, source(name, value))
    sources["weather"] = GIVEN if weather_file else DEFAULT
    site = erosion_defaults(rd.region)
    erosion = {}
    for name, value in (("slope_pct", slope_pct), ("slope_length_m", slope_length_m),
                        ("furrow_stream_l_min", furrow_stream_l_min),
                        ("furrow_length_m", furrow_length_m), ("practice", practice)):
        sources[name] = source(name, value)
        erosion[name] = site[name] if value is None else value
    erosion = {k: (v if k == "practice" else float(v)) for k, v in erosion.items()}
    if irrigation_method is not None:
        from zhassyl.farming.systems import load_system

        sources["irrigation_method"] = GIVEN
        for ref in files.values():
            if ref.id in names and ref.id != baseline and \
                    load_system(ref.source).irrigation_rule == "ponded":
                notes.append(_("{system} is a ponded paddy: it keeps its own irrigation "
                               "rather than {method}").format(system=ref.id,
                                                              method=irrigation_method))
    return FieldScenario(
        field_id=str(field_id), region=rd.region, systems=tuple(dict.fromkeys(names)),
        baseline=baseline, years=years, soil_texture=texture,
        ece0_ds_m=float(rd.ece0_ds_m if ece0_ds_m is None else ece0_ds_m),
        ec_iw_ds_m=float(rd.ec_iw_ds_m if ec_iw_ds_m is None else ec_iw_ds_m),
        groundwater_depth_m=float(rd.groundwater_depth_m if groundwater_depth_m is None
                                  else groundwater_depth_m),
        ec_gw_ds_m=float(rd.ec_gw_ds_m if ec_gw_ds_m is None else ec_gw_ds_m),
        clay_pct=float(soil_clay_pct(texture) if clay_pct is None else clay_pct),
        soc0_t_c_ha=None if soc0_t_c_ha is None else float(soc0_t_c_ha),
        area_ha=float(area_ha), water_source=water_source, leaching=bool(leaching),
        weather_seed=int(weather_seed), weather_file=str(weather_file) if weather_file else None,
        start_year=int(start_year), level=level, **calibration, **erosion,
        irrigation_method=irrigation_method,
        sources=tuple(sorted(sources.items())), notes=tuple(notes),
        system_files=tuple(sorted((r.id, r.file, r.sha256) for r in files.values()
                                  if r.file and (r.id in names or r.id == baseline))))


def with_given(sc: FieldScenario, values: Mapping) -> FieldScenario:
    """``sc`` with the erosion inputs of ``values`` (slope, furrows, practice) given by the user.

    For scenarios built elsewhere (a registry field stores no slope).
    """
    from dataclasses import replace

    allowed = ("slope_pct", "slope_length_m", "furrow_stream_l_min", "furrow_length_m",
               "practice")
    values = {k: v for k, v in values.items() if k in allowed and v is not None}
    if not values:
        return sc
    sources = dict(sc.sources) | {k: GIVEN for k in values}
    return replace(sc, **values, sources=tuple(sorted(sources.items())))


#: How a scenario's water table behaves (FieldScenario.water_table).
WATER_TABLES = ("fixed", "dynamic", "block")


def with_water_table(sc: FieldScenario, mode: str | None,
                     where: str = "--water-table") -> FieldScenario:
    """``sc`` with its water table ``mode`` (None: unchanged).

    ``dynamic`` (each system alone on its aquifer) and ``block`` (the scenario's systems
    share one aquifer, equal areas) need the region's aquifer data
    (data/groundwater/aquifers.csv) and a water table (a depth > 0) to start from.
    """
    from dataclasses import replace

    from zhassyl.groundwater.params import has_aquifer

    if mode is None or mode == sc.water_table:
        return sc
    if mode not in WATER_TABLES:
        raise InputError(Problem(where, None, None, _("'{value}' is not one of: {choices}")
                                 .format(value=mode, choices=", ".join(WATER_TABLES))))
    if mode != "fixed" and not (has_aquifer(sc.region) and sc.groundwater_depth_m > 0.0):
        raise InputError(Problem(where, None, None, _(
            "region {region} has no shallow aquifer data (data/groundwater/aquifers.csv) or "
            "no water table to start from").format(region=sc.region)))
    return replace(sc, water_table=mode)


def from_fields_csv(path: str, *, years: int, seed: int = 1, baseline: str | None = None,
                    soil: str | None = None, ece0_ds_m: float | None = None,
                    ec_iw_ds_m: float | None = None, leaching: bool = False,
                    weather_file: str | None = None, level: str = "potential",
                    irrigation_method: str | None = None) -> list[FieldScenario]:
    """One scenario per row of a fields CSV (see :func:`zhassyl.farming.fields.read_fields`).

    Keyword values apply to rows that leave the column empty.  A weather file
    is one site's weather: it is refused for a file with fields of several regions.
    """
    from zhassyl.farming.fields import read_fields

    rows = read_fields(path)
    if weather_file and len({r["region"] for r in rows}) > 1:
        raise InputError(Problem(path, None, "region", _(
            "--weather is one site's weather; the file lists fields of several regions")))
    out = []
    for line, r in enumerate(rows, start=2):
        out.append(field_scenario(
            r["field_id"], r["region"], [r["system"]], years, area_ha=r["area_ha"],
            baseline=r.get("baseline") or baseline, soil=r["soil"] or soil,
            ece0_ds_m=r["ece_ds_m"] if r["ece_ds_m"] is not None else ece0_ds_m,
            ec_iw_ds_m=r.get("ec_iw_ds_m") if r.get("ec_iw_ds_m") is not None else ec_iw_ds_m,
            soc0_t_c_ha=r.get("soc_t_c_ha"), leaching=leaching, weather_seed=seed,
            weather_file=weather_file, level=level, irrigation_method=irrigation_method,
            where=f"{path}:{line}"))
    return out


#: Keys of a web form's JSON scenario (all but region and systems optional).
JSON_KEYS = ("field_id", "region", "systems", "years", "baseline", "area_ha", "soil", "ece_ds_m",
             "soc_t_c_ha", "ec_iw_ds_m", "leaching", "seed", "level", "slope_pct",
             "slope_length_m", "furrow_stream_l_min", "furrow_length_m", "practice",
             "irrigation_method")


def from_json(doc: Mapping, where: str = "<json>") -> FieldScenario:
    """A scenario from a web form's JSON object (keys :data:`JSON_KEYS`)."""
    if not isinstance(doc, Mapping):
        raise InputError(Problem(where, None, None, _("expected a JSON object")))
    unknown = [k for k in doc if k not in JSON_KEYS]
    if unknown:
        raise InputError([Problem(where, None, k, _("unknown column")) for k in unknown])
    problems = []

    def number(key, kind=float):
        v = doc.get(key)
        if v is None or v == "":
            return None
        if isinstance(v, bool) or not isinstance(v, int | float | str):
            problems.append(Problem(where, None, key, _("not a number: {v}").format(v=v)))
            return None
        try:
            return kind(v)
        except ValueError:
            problems.append(Problem(where, None, key, _("not a number: {v}").format(v=v)))
            return None

    systems = doc.get("systems") or []
    if isinstance(systems, str):
        systems = [s.strip() for s in systems.split(",") if s.strip()]
    years, seed, area = number("years", int), number("seed", int), number("area_ha")
    ece, soc, ec_iw = number("ece_ds_m"), number("soc_t_c_ha"), number("ec_iw_ds_m")
    erosion = {k: number(k) for k in ("slope_pct", "slope_length_m", "furrow_stream_l_min",
                                      "furrow_length_m")}
    erosion["practice"] = doc.get("practice") or None
    for key in ("region",):
        if not isinstance(doc.get(key), str) or not doc.get(key):
            problems.append(Problem(where, None, key, _("required value is missing")))
    if problems:
        raise InputError(problems)
    return field_scenario(
        doc.get("field_id") or "form", doc["region"], list(systems), 5 if years is None else years,
        baseline=doc.get("baseline") or None, soil=doc.get("soil") or None, ece0_ds_m=ece,
        soc0_t_c_ha=soc, ec_iw_ds_m=ec_iw, area_ha=1.0 if area is None else area,
        leaching=bool(doc.get("leaching", False)), weather_seed=1 if seed is None else seed,
        level=doc.get("level") or "potential", where=where, **erosion,
        irrigation_method=doc.get("irrigation_method") or None)


def from_registry(field: Mapping, seasons: Sequence[Mapping], samples: Sequence[Mapping],
                  region: str, systems: Iterable[str] | None = None, years: int = 5, *,
                  baseline: str | None = None, seed: int = 1, level: str = "potential",
                  leaching: bool = False, weather_file: str | None = None,
                  irrigation_method: str | None = None) -> FieldScenario:
    """A registry field's scenario from its row, its seasons and its soil samples.

    * Initial ECe and SOC: the latest soil sample that has them (``measured``;
      SOC % converted to a 0-30 cm stock with the texture's bulk density), else
      the values stored on the field (``recorded``), else the region's defaults.
    * Systems: those given, else the latest season's practice.
    * Baseline (the practice before): ``baseline`` when given, else the latest
      recorded season whose practice is not one of the systems (``recorded``),
      else the region's default practice.
    * Water from a well: irrigation-water salinity = the region's groundwater salinity.
    """
    fid = str(field["id"])
    where = f"fields:{fid}"
    ordered = sorted(seasons, key=lambda s: s["year"])
    if not systems:
        latest = [s["management_system"] for s in reversed(ordered)
                  if normalise(s["management_system"]) in SYSTEM_IDS]
        if not latest:
            raise InputError(Problem(where, None, "systems", _("no system given")))
        systems = [latest[0]]
    systems = [system_name(s, where) for s in systems]
    recorded: set[str] = set()
    measured: set[str] = set()
    notes: list[str] = []
    if baseline is None:
        ids = {system_id(s, where) for s in systems}
        before = [normalise(s["management_system"]) for s in reversed(ordered)
                  if normalise(s["management_system"]) not in ids]
        if before:
            baseline = before[0]
            recorded.add("baseline")
    texture = field.get("soil_texture")
    if texture:
        recorded.add("soil_texture")

    def latest(key):
        rows = [s for s in samples if s.get(key) is not None]
        return max(rows, key=lambda s: (s["sampled_on"], s["id"])) if rows else None

    ece = soc = None
    s_ece, s_soc = latest("ece_ds_m"), latest("soc_pct")
    if s_ece is not None:
        ece = float(s_ece["ece_ds_m"])
        measured.add("ece0_ds_m")
    elif field.get("ece_initial_ds_m") is not None:
        ece = float(field["ece_initial_ds_m"])
        recorded.add("ece0_ds_m")
    pct, depth = None, SOC_DEPTH_CM
    if s_soc is not None:
        pct = float(s_soc["soc_pct"])
        measured.add("soc0_t_c_ha")
        if s_soc.get("depth_cm") and abs(float(s_soc["depth_cm"]) - SOC_DEPTH_CM) > 1e-9:
            notes.append(_("SOC sampled to {depth} cm taken as the 0-30 cm content").format(
                depth=s_soc["depth_cm"]))
    elif field.get("soc_initial_pct") is not None:
        pct = float(field["soc_initial_pct"])
        recorded.add("soc0_t_c_ha")
    soc = None
    if pct is not None and texture:
        soc = soc_stock_t_c_ha(pct, bulk_density_g_cm3(texture), depth)
    return field_scenario(
        fid, region, systems, years, baseline=baseline, soil=texture, ece0_ds_m=ece,
        soc0_t_c_ha=soc, area_ha=float(field.get("area_ha") or field.get("declared_area_ha")
                                       or 1.0),
        water_source=field.get("water_source"), leaching=leaching, weather_seed=seed,
        weather_file=weather_file, level=level, measured=measured, recorded=recorded,
        notes=notes, irrigation_method=irrigation_method, where=where)


def from_stratum(name: str, region: str, systems: Iterable[str], years: int, *,
                 area_ha: float, soil: str | None = None, ece0_ds_m: float | None = None,
                 baseline: str | None = None, seed: int = 1,
                 level: str = "potential") -> FieldScenario:
    """The representative field of a scale-up stratum (region, soil, salinity class).

    Its results per hectare stand for the stratum's ``area_ha``.
    """
    return field_scenario(f"stratum:{name}", region, systems, years, baseline=baseline,
                          soil=soil, ece0_ds_m=ece0_ds_m, area_ha=area_ha, weather_seed=seed,
                          level=level, where=f"stratum {name}")
