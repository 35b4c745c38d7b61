"""Opening a KPI down to its fields and records (``zhassyl impact explain``)."""

from __future__ import annotations

from zhassyl.errors import InputError, Problem
from zhassyl.i18n import N_, _
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


#: How the parts' group codes read (jobs: gender, age group, vulnerable tags).
GROUP_WORDS = {"women": N_("women"), "men": N_("men"), "youth": N_("youth"),
               "adult": N_("adult"), "elderly": N_("elderly"), "repatriate": N_("repatriates"),
               "vulnerable": N_("vulnerable")}
#: How the parts' job kinds read (``registry.models.JOB_KINDS``).
JOB_KIND_WORDS = {"permanent": N_("permanent"), "seasonal": N_("seasonal"),
                  "self-employed": N_("self-employed")}


def localised_parts(rows: list[dict], lang: str | None = None) -> list[dict]:
    """The parts of :func:`explanation` with their words in ``lang`` (default: the interface's).

    ``reason`` holds message ids joined by ``"; "`` (:data:`zhassyl.impact.kpi.REASONS`),
    ``groups`` group codes joined by ``";"``, ``age_group`` one of them, ``kind`` a job
    kind; the other values
    (numbers, ids, dates) are left as they are.  For tables people read; CSV and
    JSON keep the codes.
    """
    out = []
    for row in rows:
        row = dict(row)
        if isinstance(row.get("reason"), str):
            row["reason"] = "; ".join(_(r, lang) for r in row["reason"].split("; ") if r)
        if isinstance(row.get("age_group"), str):
            row["age_group"] = _(GROUP_WORDS.get(row["age_group"], row["age_group"]), lang)
        if isinstance(row.get("groups"), str):
            row["groups"] = ", ".join(_(GROUP_WORDS.get(g, g), lang)
                                      for g in row["groups"].split(";") if g)
        if isinstance(row.get("kind"), str) and row["kind"] in JOB_KIND_WORDS:
            row["kind"] = _(JOB_KIND_WORDS[row["kind"]], lang)
        out.append(row)
    return out
