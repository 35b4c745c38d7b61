"""Package data of the impact figures (``data/impact/*.csv``, a ``source`` on every row)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from zhassyl.errors import ParameterError
from zhassyl.i18n import _


@cache
def read_rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/impact/<name>``; every row must name its source."""
    text = (resources.files("zhassyl") / "data" / "impact" / name).read_text(encoding="utf-8")
    rows = tuple(csv.DictReader(text.splitlines()))
    for k, row in enumerate(rows, start=2):
        if not (row.get("source") or "").strip():
            raise ParameterError(_("data/impact/{name}, row {row}: no source").format(
                name=name, row=k))
    return rows


@dataclass(frozen=True)
class Criterion:
    """One restoration criterion: a threshold with its unit, basis and source."""

    name: str
    value: float
    unit: str
    basis: str
    source: str


def restoration_criteria() -> dict[str, Criterion]:
    """The criteria that make a field 'restored' (``restoration_criteria.csv``)."""
    return {r["criterion"]: Criterion(r["criterion"], float(r["value"]), r["unit"], r["basis"],
                                      r["source"])
            for r in read_rows("restoration_criteria.csv")}


def system_map() -> dict[str, str | None]:
    """Registry management system -> farming system id (``None``: not simulated)."""
    return {r["management_system"]: (r["farming_system"] or None)
            for r in read_rows("system_map.csv")}


def sdg_targets() -> tuple[dict[str, str], ...]:
    """KPI -> SDG target rows (``sdg_targets.csv``)."""
    return read_rows("sdg_targets.csv")
