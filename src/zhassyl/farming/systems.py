"""Management systems as data: ``data/systems/<id>.toml``.

A system names its main crop and seeding, its cut rule, an optional
companion crop (the green cover, or the traditional grain cover), its
irrigation method and rule, and its field operations.  Users copy a file,
edit it and pass its path wherever a system id is accepted.  Every problem in
a file is reported with the file and the field (``section.key``).
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from zhassyl.errors import InputError, ParameterError, Problem
from zhassyl.farming.crops import crop_names
from zhassyl.i18n import _
from zhassyl.scenario.vocabulary import SYSTEM_IDS, normalise

IRRIGATION_RULES = ("none", "depletion", "interval", "calendar", "ponded")
CUT_RULES = ("gdd_interval", "canopy", "dates", "none")


@dataclass(frozen=True)
class IrrigationMethod:
    """Application efficiency and wetted fraction of an irrigation method (data with sources)."""

    method: str
    application_efficiency: float
    wetted_fraction: float
    loss_to_air: bool
    max_application_mm_day: float
    source: str


@dataclass(frozen=True)
class Companion:
    crop: str
    seed_kg_ha: float
    cco_factor: float
    ccx: float
    shade: float
    harvest: str                  # "green-fodder" or "grain"
    harvest_days_after_sowing: int  # 0: at the companion's maturity
    cut_main_at_harvest: bool


@dataclass(frozen=True)
class System:
    """A management system read from a TOML file."""

    id: str
    description: str
    source: str
    path: str
    crop: str
    seed_kg_ha: float
    row_spacing_cm: float
    sowing: str
    cco_factor: float
    cut_rule: str
    cut_interval_gdd: float
    cut_cc_trigger: float
    cc_after_cut: float
    cut_dates: tuple[str, ...]
    companion: Companion | None
    irrigation: IrrigationMethod
    irrigation_rule: str
    trigger_pct_taw: float
    interval_days: float
    depth_mm: float
    calendar: tuple[str, ...]
    sowing_irrigation_m3_ha: float
    spring_irrigation_m3_ha: float
    management_depth_m: float
    leaching: str                 # "none", "fixed" (leaching_fraction) or "fao29"
    leaching_fraction: float
    pond_min_mm: float
    pond_max_mm: float
    bund_height_mm: float
    percolation_mm_day: float
    seepage_mm_day: float
    drain_days_before_harvest: float
    operations_sowing_year: tuple[str, ...]
    operations_later_years: tuple[str, ...]
    operations_per_cut: tuple[str, ...]
    operations_companion_harvest: tuple[str, ...]
    fertiliser_n_kg_ha: float


@cache
def irrigation_methods() -> dict[str, IrrigationMethod]:
    """Irrigation methods from ``data/irrigation/methods.csv``."""
    text = (resources.files("zhassyl") / "data/irrigation/methods.csv").read_text("utf-8")
    out = {}
    for row in csv.DictReader(text.splitlines()):
        out[row["method"]] = IrrigationMethod(
            row["method"], float(row["application_efficiency"]), float(row["wetted_fraction"]),
            row["loss_to_air"] == "1", float(row["max_application_mm_day"]),
            f"{row['efficiency_source']}; {row['wetted_fraction_source']}; "
            f"{row['max_application_source']}")
    return out


_REQUIRED = object()


class _Reader:
    """Typed access to a parsed TOML document, collecting problems per field."""

    def __init__(self, doc: dict, path: str):
        self.doc = doc
        self.path = path
        self.problems: list[Problem] = []

    def _get(self, section: str | None, key: str, default):
        table = self.doc if section is None else self.doc.get(section, {})
        if not isinstance(table, dict):
            self.problems.append(Problem(self.path, None, section, _("must be a table")))
            return default
        if key not in table:
            if default is _REQUIRED:
                name = key if section is None else f"{section}.{key}"
                self.problems.append(Problem(self.path, None, name, _("missing required field")))
                return None
            return default
        return table[key]

    def text(self, section, key, default=None, choices=None):
        v = self._get(section, key, default)
        name = key if section is None else f"{section}.{key}"
        if v is None:
            return ""
        if not isinstance(v, str):
            self.problems.append(Problem(self.path, None, name, _("must be text")))
            return ""
        if choices is not None and v not in choices:
            self.problems.append(Problem(self.path, None, name, _(
                "'{value}' is not one of {choices}").format(value=v, choices=", ".join(choices))))
        return v

    def number(self, section, key, default=None, low=None, high=None):
        v = self._get(section, key, default)
        name = key if section is None else f"{section}.{key}"
        if v is None:
            return 0.0
        if isinstance(v, bool) or not isinstance(v, int | float):
            self.problems.append(Problem(self.path, None, name, _("must be a number")))
            return 0.0
        if (low is not None and v < low) or (high is not None and v > high):
            self.problems.append(Problem(self.path, None, name, _(
                "{value} is outside {low}..{high}").format(value=v, low=low, high=high)))
        return float(v)

    def words(self, section, key):
        v = self._get(section, key, [])
        name = key if section is None else f"{section}.{key}"
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            self.problems.append(Problem(self.path, None, name, _("must be a list of text")))
            return ()
        return tuple(v)


def _system_path(name: str) -> tuple[str, str]:
    p = Path(name)
    if p.suffix.lower() == ".toml" and p.exists():
        return str(p), p.read_text(encoding="utf-8")
    key = normalise(name)
    res = resources.files("zhassyl") / "data" / "systems" / f"{key}.toml"
    if key in SYSTEM_IDS and res.is_file():
        return f"data/systems/{key}.toml", res.read_text(encoding="utf-8")
    raise ParameterError(_("unknown system '{name}'; known systems: {known} (or a path to a "
                           ".toml system file)").format(name=name, known=", ".join(SYSTEM_IDS)))


def load_system(name: str) -> System:
    """Read and validate a management system by id or path to a ``.toml`` file."""
    path, text = _system_path(name)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(Problem(path, None, None, _("not valid TOML: {error}").format(
            error=exc))) from None
    r = _Reader(doc, path)
    crops = crop_names()
    sid = r.text(None, "id", _REQUIRED)
    main_crop = r.text("main", "crop", _REQUIRED, choices=crops)
    seed = r.number("main", "seed_kg_ha", _REQUIRED, low=0, high=1000)
    methods = irrigation_methods()
    method = r.text("irrigation", "method", _REQUIRED, choices=tuple(methods))
    rule = r.text("irrigation", "rule", _REQUIRED, choices=IRRIGATION_RULES)
    comp = None
    if "companion" in doc:
        comp = Companion(
            crop=r.text("companion", "crop", _REQUIRED, choices=crops),
            seed_kg_ha=r.number("companion", "seed_kg_ha", _REQUIRED, low=0, high=1000),
            cco_factor=r.number("companion", "cco_factor", 1.0, low=0.05, high=5),
            ccx=r.number("companion", "ccx", 0.0, low=0, high=1),
            shade=r.number("companion", "shade", 1.0, low=0, high=1),
            harvest=r.text("companion", "harvest", _REQUIRED, choices=("green-fodder", "grain")),
            harvest_days_after_sowing=int(r.number("companion", "harvest_days_after_sowing", 0,
                                                   low=0, high=365)),
            cut_main_at_harvest=bool(r._get("companion", "cut_main_at_harvest", False)),
        )
    cut_rule = r.text("cuts", "rule", "none", choices=CUT_RULES) if "cuts" in doc else "none"
    system = System(
        id=sid, description=r.text(None, "description", ""), source=r.text(None, "source", ""),
        path=path, crop=main_crop, seed_kg_ha=seed,
        row_spacing_cm=r.number("main", "row_spacing_cm", 0, low=0, high=200),
        sowing=r.text("main", "sowing", _REQUIRED),
        cco_factor=r.number("main", "cco_factor", 1.0, low=0.05, high=5),
        cut_rule=cut_rule,
        cut_interval_gdd=r.number("cuts", "interval_gdd", 0, low=0, high=5000),
        cut_cc_trigger=r.number("cuts", "cc_trigger", 0, low=0, high=1),
        cc_after_cut=r.number("cuts", "cc_after_cut", 0.25, low=0, high=1),
        cut_dates=r.words("cuts", "dates"), companion=comp,
        irrigation=methods.get(method, next(iter(methods.values()))),
        irrigation_rule=rule,
        trigger_pct_taw=r.number("irrigation", "trigger_pct_taw", 50, low=0, high=100),
        interval_days=r.number("irrigation", "interval_days", 0, low=0, high=365),
        depth_mm=r.number("irrigation", "depth_mm", 0, low=0, high=500),
        calendar=r.words("irrigation", "calendar"),
        sowing_irrigation_m3_ha=r.number("irrigation", "sowing_irrigation_m3_ha", 0, low=0,
                                         high=5000),
        spring_irrigation_m3_ha=r.number("irrigation", "spring_irrigation_m3_ha", 0, low=0,
                                         high=10000),
        management_depth_m=r.number("irrigation", "management_depth_m", 0, low=0, high=5),
        leaching=r.text("irrigation", "leaching", "none", choices=("none", "fixed", "fao29")),
        leaching_fraction=r.number("irrigation", "leaching_fraction", 0, low=0, high=0.9),
        pond_min_mm=r.number("irrigation", "pond_min_mm", 0, low=0, high=500),
        pond_max_mm=r.number("irrigation", "pond_max_mm", 0, low=0, high=500),
        bund_height_mm=r.number("irrigation", "bund_height_mm", 0, low=0, high=1000),
        percolation_mm_day=r.number("irrigation", "percolation_mm_day", 0, low=0, high=200),
        seepage_mm_day=r.number("irrigation", "seepage_mm_day", 0, low=0, high=200),
        drain_days_before_harvest=r.number("irrigation", "drain_days_before_harvest", 0, low=0,
                                           high=100),
        operations_sowing_year=r.words("operations", "sowing_year"),
        operations_later_years=r.words("operations", "later_years"),
        operations_per_cut=r.words("operations", "per_cut"),
        operations_companion_harvest=r.words("operations", "companion_harvest"),
        fertiliser_n_kg_ha=r.number("operations", "fertiliser_n_kg_ha", 0, low=0, high=500),
    )
    if rule == "ponded" and system.pond_max_mm <= system.pond_min_mm:
        r.problems.append(Problem(path, None, "irrigation.pond_max_mm", _(
            "must be greater than irrigation.pond_min_mm")))
    if rule in ("interval", "calendar") and system.depth_mm <= 0:
        r.problems.append(Problem(path, None, "irrigation.depth_mm", _(
            "must be positive for interval or calendar irrigation")))
    if cut_rule == "gdd_interval" and system.cut_interval_gdd <= 0:
        r.problems.append(Problem(path, None, "cuts.interval_gdd", _("must be positive")))
    if r.problems:
        raise InputError(r.problems)
    return system
