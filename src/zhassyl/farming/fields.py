"""Many fields at once: ``zhassyl simulate --fields F.csv``.

The CSV lists one field per row: ``field_id, region, system, area_ha`` and
optionally ``soil`` (texture), ``ece_ds_m`` (initial salinity), ``ec_iw_ds_m``
(irrigation-water salinity), ``soc_t_c_ha`` (initial SOC, 0-30 cm) and
``baseline`` (the practice before).  Every row is validated before anything
runs; problems name the file, row and column.  The rows become
:class:`~zhassyl.scenario.model.FieldScenario` through
:func:`zhassyl.scenario.builders.from_fields_csv`.
"""

from __future__ import annotations

import csv
from pathlib import Path

from zhassyl.errors import InputError, ParameterError, Problem
from zhassyl.i18n import _

REQUIRED = ("field_id", "region", "system", "area_ha")


def read_fields(path: str) -> list[dict]:
    """Validated rows of a fields CSV."""
    from zhassyl.farming.soils import texture_id
    from zhassyl.farming.systems import load_system
    from zhassyl.weather.climate import region_id

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(path, None, None, _("cannot read the file: {error}").format(
            error=exc))) from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(Problem(path, 1, ", ".join(missing), _("missing required column")))
    problems: list[Problem] = []
    rows: list[dict] = []
    systems: dict[str, str | Exception] = {}

    def system_id(name: str) -> str:
        if name not in systems:
            try:
                sid = load_system(name).id  # checks the file; a path stays the name
                systems[name] = name if name.lower().endswith(".toml") else sid
            except (ParameterError, InputError) as exc:
                systems[name] = exc
        if isinstance(systems[name], Exception):
            raise systems[name]
        return systems[name]

    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        fid = (row.get("field_id") or "").strip()
        if not fid:
            problems.append(Problem(path, line, "field_id", _("empty")))
        elif fid in seen:
            problems.append(Problem(path, line, "field_id", _("duplicate field id {id}").format(
                id=fid)))
        seen.add(fid)
        try:
            region = region_id(row.get("region") or "")
        except ParameterError as exc:
            problems.append(Problem(path, line, "region", str(exc)))
            region = ""
        try:
            system = system_id((row.get("system") or "").strip())
        except (ParameterError, InputError) as exc:
            problems.append(Problem(path, line, "system", str(exc)))
            system = ""
        try:
            area = float(row.get("area_ha") or "")
            if not 0 < area <= 100000:
                problems.append(Problem(path, line, "area_ha", _(
                    "area must be positive and at most 100,000 ha, got {v}").format(v=area)))
        except ValueError:
            problems.append(Problem(path, line, "area_ha", _("not a number: {v}").format(
                v=row.get("area_ha"))))
            area = 0.0
        soil = (row.get("soil") or "").strip() or None
        if soil:
            try:
                soil = texture_id(soil)
            except ParameterError as exc:
                problems.append(Problem(path, line, "soil", str(exc)))
        baseline = (row.get("baseline") or "").strip() or None
        if baseline:
            try:
                baseline = system_id(baseline)
            except (ParameterError, InputError) as exc:
                problems.append(Problem(path, line, "baseline", str(exc)))
        values = {}
        for col, low, high in (("ece_ds_m", 0.0, 50.0), ("ec_iw_ds_m", 0.0, 30.0),
                               ("soc_t_c_ha", 0.1, 1000.0)):
            values[col] = None
            if (row.get(col) or "").strip():
                try:
                    v = float(row[col])
                except ValueError:
                    problems.append(Problem(path, line, col, _("not a number: {v}").format(
                        v=row[col])))
                    continue
                if not low <= v <= high:
                    problems.append(Problem(path, line, col, _(
                        "{value} is outside {low}..{high}").format(value=v, low=low, high=high)))
                values[col] = v
        rows.append({"field_id": fid, "region": region, "system": system, "area_ha": area,
                     "soil": soil, "baseline": baseline, **values})
    if not rows and not problems:
        problems.append(Problem(path, None, None, _("no fields in the file")))
    if problems:
        raise InputError(problems)
    return rows


def simulate_fields(path: str, *, years: int, seed: int) -> list[dict]:
    """Simulate every field of ``path`` as one batch; one record per field and year."""
    from zhassyl.scenario.builders import from_fields_csv
    from zhassyl.scenario.run import run_scenarios

    results = run_scenarios(from_fields_csv(path, years=years, seed=seed), baselines=False)
    return [dict(r, hay_t=round(r["hay_t_ha"] * r["area_ha"], 3),
                 irrigation_m3=round(r["irrigation_m3_ha"] * r["area_ha"], 1))
            for r in results.rows]
