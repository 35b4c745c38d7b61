"""Erosion constants and tables (``data/erosion/*.csv``), each value with its source."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from zhassyl.errors import ParameterError
from zhassyl.i18n import _


def _rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("zhassyl") / "data" / "erosion" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def constants() -> dict[str, float]:
    """Named constants of ``constants.csv`` (value only; the file holds the source)."""
    return {r["name"]: float(r["value"]) for r in _rows("constants.csv")}


@cache
def _table(name: str, key: str) -> dict[str, dict[str, str]]:
    return {r[key]: r for r in _rows(name)}


def row(name: str, key: str, value: str) -> dict[str, str]:
    """The row of table ``name`` whose ``key`` column is ``value`` (ParameterError if none)."""
    table = _table(name, key)
    if value not in table:
        raise ParameterError(_("no erosion data for {key} '{value}' in {file}").format(
            key=key, value=value, file=f"data/erosion/{name}"))
    return table[value]


@cache
def contouring_rows() -> tuple[dict[str, str], ...]:
    """Rows of ``contouring.csv`` (support practice factor P by practice and slope)."""
    return tuple(_rows("contouring.csv"))
