"""Many fields at once: ``zhassyl simulate --fields F.csv``.

The CSV lists one field per row: ``field_id, region, system, area_ha`` and
optionally ``soil`` (texture) and ``ece_ds_m`` (initial salinity).  Every row
is validated before anything runs; problems name the file, row and column.
Fields that share region, soil, salinity and system share one simulation
(the engine result is per hectare); results are reported per field, per
hectare and in field totals.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from zhassyl.errors import InputError, ParameterError, Problem
from zhassyl.i18n import _

REQUIRED = ("field_id", "region", "system", "area_ha")


def read_fields(path: str) -> list[dict]:
    """Validated rows of a fields CSV."""
    from zhassyl.farming.scenario import soil_texture
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
            system = load_system((row.get("system") or "").strip()).id
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
                soil_texture(soil)
            except ParameterError as exc:
                problems.append(Problem(path, line, "soil", str(exc)))
        ece = None
        if (row.get("ece_ds_m") or "").strip():
            try:
                ece = float(row["ece_ds_m"])
                if not 0 <= ece <= 50:
                    problems.append(Problem(path, line, "ece_ds_m", _(
                        "ECe must be within 0..50 dS/m, got {v}").format(v=ece)))
            except ValueError:
                problems.append(Problem(path, line, "ece_ds_m", _("not a number: {v}").format(
                    v=row["ece_ds_m"])))
        rows.append({"field_id": fid, "region": region, "system": system, "area_ha": area,
                     "soil": soil, "ece_ds_m": ece})
    if not rows and not problems:
        problems.append(Problem(path, None, None, _("no fields in the file")))
    if problems:
        raise InputError(problems)
    return rows


def simulate_fields(path: str, *, years: int, seed: int) -> list[dict]:
    """Simulate every field of ``path``; one record per field and year."""
    from tqdm import tqdm

    from zhassyl.cli.farming_common import summary_record
    from zhassyl.farming.scenario import run_scenario

    rows = read_fields(path)
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["region"], r["soil"], r["ece_ds_m"]), []).append(r)
    out = []
    for (region, soil, ece), members in tqdm(groups.items(), desc=_("field groups"),
                                            file=sys.stderr, disable=len(groups) < 2):
        systems = sorted({m["system"] for m in members})
        run = run_scenario(region, systems, years, seed, soil=soil, ece_ds_m=ece)
        by_system = {}
        for rec in run.records:
            by_system.setdefault(rec.system, []).append(rec)
        for m in members:
            for rec in by_system[m["system"]]:
                summary = summary_record(rec)
                out.append({"field_id": m["field_id"], "region": region,
                            "area_ha": m["area_ha"], **summary,
                            "hay_t": round(rec.hay_t_ha * m["area_ha"], 3),
                            "irrigation_m3": round(rec.irrigation_m3_ha * m["area_ha"], 1)})
    return out
