"""Opening a KPI down to its fields and records (``zhassyl impact explain``)."""

from __future__ import annotations

from zhassyl.errors import InputError, Problem
from zhassyl.i18n import _
from zhassyl.impact.kpi import Kpi
from zhassyl.impact.model_runs import Spread


def find_kpi(kpis: list[Kpi], kpi_id: str) -> Kpi:
    """The KPI called ``kpi_id`` (a clear error naming the known ones)."""
    for k in kpis:
        if k.id == kpi_id:
            return k
    raise InputError(Problem("KPI", None, None, _("unknown KPI '{name}'; known: {known}").format(
        name=kpi_id, known=", ".join(k.id for k in kpis))))


def _flat(value):
    if isinstance(value, Spread):
        return round(value.mean, 3)
    if isinstance(value, float):
        return round(value, 4)
    return value


def record_ids(kpi: Kpi) -> dict[str, list[int]]:
    """The registry rows of a KPI, ``{table: [ids]}``."""
    out: dict[str, list[int]] = {}
    for table, row_id in kpi.provenance.records:
        out.setdefault(table, []).append(row_id)
    return out


def explanation(kpi: Kpi) -> dict:
    """Header lines (value, provenance, runs, sources, note) and the parts as flat rows."""
    p = kpi.provenance
    header = {"kpi": kpi.id, "value": kpi.value, "unit": kpi.unit, "p10": kpi.low,
              "p90": kpi.high, "provenance": p.kind, "level": p.level,
              "records": p.record_counts(), "record_ids": record_ids(kpi),
              "model_runs": list(p.model_runs),
              "sources": list(p.sources), "note": p.note}
    keys: list[str] = []
    for part in kpi.parts:
        for k in part:
            if k not in keys:
                keys.append(k)
    rows = [{k: _flat(part.get(k)) for k in keys} for part in kpi.parts]
    return {"header": header, "parts": rows}
