"""Aquifer and drain parameters per region (``data/groundwater/aquifers.csv``, sourced)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from zhassyl.engine.aquifer import AquiferParameters
from zhassyl.errors import ParameterError
from zhassyl.i18n import _

_FIELDS = ("drainable_porosity", "total_porosity", "drain_depth_m", "drain_spacing_m",
           "drain_radius_m", "k_above_m_day", "k_below_m_day", "base_depth_m",
           "deep_leakage_mm_day", "canal_loss_fraction")


@cache
def _rows() -> dict[str, dict[str, str]]:
    text = (resources.files("zhassyl") / "data" / "groundwater" / "aquifers.csv").read_text(
        encoding="utf-8")
    rows = {r["region"]: r for r in csv.DictReader(text.splitlines())}
    for region, r in rows.items():
        if not r.get("source", "").strip():
            raise ParameterError(_("data/groundwater/aquifers.csv: region {region} has no "
                                   "source").format(region=region))
    return rows


def _row(region: str) -> dict[str, str]:
    rows = _rows()
    if region not in rows:
        raise ParameterError(_("no aquifer data for region '{region}' in {file}; known: "
                               "{known}").format(region=region,
                                                 file="data/groundwater/aquifers.csv",
                                                 known=", ".join(sorted(rows))))
    return rows[region]


def aquifer_parameters(region: str) -> AquiferParameters:
    """The shallow aquifer and drains of ``region``'s irrigation blocks."""
    r = _row(region)
    try:
        return AquiferParameters(**{k: float(r[k]) for k in _FIELDS})
    except ValueError as exc:
        raise ParameterError(f"data/groundwater/aquifers.csv, region {region}: {exc}") from exc


def critical_depth_m(region: str) -> float:
    """Critical water-table depth of secondary salinisation in ``region`` [m] (sourced)."""
    return float(_row(region)["critical_depth_m"])


def has_aquifer(region: str) -> bool:
    """Whether ``region`` has aquifer data."""
    return region in _rows()
