"""Checking and converting the values of one registry row.

Shared by the repositories (Python values) and the importers (text cells), so
that a row is accepted or refused by the same rules whatever its way in:
required fields, types, allowed values, numeric bounds, no dates in the future,
no spreadsheet formulas in text (CSV injection), field polygons and their area,
and a few cross-field rules.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, Text

from zhassyl.i18n import _
from zhassyl.registry.geometry import GeometryProblem, field_area
from zhassyl.registry.models import MODELS
from zhassyl.scenario.vocabulary import normalise

#: First characters that make a spreadsheet evaluate a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def columns(table: str):
    """The columns of ``table`` in schema order."""
    return list(MODELS[table].__table__.columns)


def input_columns(table: str) -> list[str]:
    """Columns an import may set (all but the derived ones)."""
    return [c.name for c in columns(table) if not c.info.get("derived")]


def required_columns(table: str) -> list[str]:
    """Columns an import must fill."""
    return [c.name for c in columns(table)
            if not c.nullable and not c.info.get("derived") and c.name not in ("id", "version")
            and c.default is None]


def _convert(column, value: Any) -> Any:
    """Convert ``value`` (text or Python) to the column's type; raise ValueError with a message."""
    kind = column.type
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(_("expected true or false, got '{value}'").format(value=value))
    if isinstance(kind, Integer):
        if isinstance(value, bool):
            raise ValueError(_("expected a whole number, got '{value}'").format(value=value))
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip()
        try:
            return int(text)
        except ValueError:
            raise ValueError(_("expected a whole number, got '{value}'").format(
                value=value)) from None
    if isinstance(kind, Float):
        if isinstance(value, bool):
            raise ValueError(_("expected a number, got '{value}'").format(value=value))
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(_("expected a number, got '{value}'").format(value=value)) from None
        if not math.isfinite(number):
            raise ValueError(_("expected a finite number, got '{value}'").format(value=value))
        return number
    if isinstance(kind, DateTime):
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(_("expected a date and time (ISO 8601), got '{value}'").format(
                value=value)) from None
    if isinstance(kind, Date):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            text = str(value).strip()
            if len(text) != 10:
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(_("expected a date YYYY-MM-DD, got '{value}'").format(
                value=value)) from None
    if isinstance(kind, String | Text):
        if column.info.get("geometry") and isinstance(value, dict):
            return json.dumps(value)
        if not isinstance(value, str):
            raise ValueError(_("expected text, got '{value}'").format(value=value))
        return value
    raise ValueError(f"unsupported column type {kind!r}")  # pragma: no cover


def clean_record(table: str, raw: dict[str, Any], *, today: dt.date | None = None
                 ) -> tuple[dict[str, Any], list[tuple[str | None, str]]]:
    """Check one row of ``table`` and convert its values.

    Parameters
    ----------
    table : str
        Table name.
    raw : dict
        Column name to value: text (from a file; empty means missing) or Python values.
    today : datetime.date, optional
        Dates after this are refused (default: today).

    Returns
    -------
    values : dict
        Converted values of the columns given (plus derived ``area_ha`` for fields).
    problems : list of (column, message)
        Empty when the row is valid.
    """
    today = today or dt.date.today()
    by_name = {c.name: c for c in columns(table)}
    values: dict[str, Any] = {}
    problems: list[tuple[str | None, str]] = []
    for name in raw:
        if name not in by_name:
            problems.append((name, _("unknown column")))
    for name, column in by_name.items():
        if column.info.get("derived"):
            continue
        value = raw.get(name)
        if isinstance(value, str):
            if value.startswith(FORMULA_PREFIXES) and isinstance(column.type, String | Text):
                problems.append((name, _("text may not start with =, +, -, @ or a control "
                                         "character (spreadsheet formula injection)")))
                continue
            value = value.strip()
            if value == "":
                value = None
        if value is None:
            if name in required_columns(table):
                problems.append((name, _("required value is missing")))
            elif name in raw:
                values[name] = None
            continue
        try:
            value = _convert(column, value)
        except ValueError as exc:
            problems.append((name, str(exc)))
            continue
        info = column.info
        length = getattr(column.type, "length", None)
        if isinstance(value, str) and length and len(value) > length:
            problems.append((name, _("text longer than {n} characters").format(n=length)))
            continue
        if info.get("vocabulary") and isinstance(value, str):
            value = normalise(value)
        if "choices" in info and value not in info["choices"]:
            problems.append((name, _("'{value}' is not one of: {choices}").format(
                value=value, choices=", ".join(info["choices"]))))
            continue
        if "tags" in info:
            bad = [t for t in value.split(";") if t.strip() not in info["tags"]]
            if bad:
                problems.append((name, _("unknown tag '{value}'; allowed: {choices}").format(
                    value=bad[0], choices=", ".join(info["tags"]))))
                continue
        if "min" in info and not info["min"] <= value <= info["max"]:
            problems.append((name, _("{value} is outside {low}..{high}").format(
                value=value, low=info["min"], high=info["max"])))
            continue
        if (isinstance(value, dt.date) and not info.get("allow_future")
                and (value.date() if isinstance(value, dt.datetime) else value) > today):
            problems.append((name, _("date {value} is in the future").format(value=value)))
            continue
        values[name] = value
    problems += _cross_checks(table, values)
    return values, problems


def _cross_checks(table: str, v: dict[str, Any]) -> list[tuple[str | None, str]]:
    problems: list[tuple[str | None, str]] = []
    if table == "farms" and v.get("irrigated_ha") is not None and v.get("size_ha") is not None:
        if v["irrigated_ha"] > v["size_ha"] + 1e-9:
            problems.append(("irrigated_ha", _("irrigated area exceeds the farm size")))
    if table == "jobs" and v.get("ended_on") and v.get("started_on"):
        if v["ended_on"] < v["started_on"]:
            problems.append(("ended_on", _("the end date is before the start date")))
    if table == "proposals" and v.get("beneficiaries_total") is not None:
        for part in ("beneficiaries_women", "beneficiaries_youth", "beneficiaries_elderly",
                     "beneficiaries_vulnerable"):
            if v.get(part) is not None and v[part] > v["beneficiaries_total"]:
                problems.append((part, _("more than the total number of beneficiaries")))
    if table == "fields" and v.get("geometry") is not None:
        try:
            v["geometry"], v["area_ha"] = field_area(v["geometry"], v.get("declared_area_ha"))
        except GeometryProblem as exc:
            problems.append(("geometry", str(exc)))
    return problems


def priority_score(values: dict[str, Any], weights: dict[str, float]) -> float:
    """Transparent priority score (0..100) of a proposal from the equity weights.

    ``score = 100 * sum_c(w_c * share_c) / sum_c(w_c)`` where ``share_c`` is the
    fraction of the proposal's beneficiaries in group ``c`` (women, youth,
    elderly, vulnerable) and ``w_c`` the weight of criterion ``c`` in the
    ``equity_weights`` table; 0 when no weights or no beneficiaries.
    """
    total = values.get("beneficiaries_total") or 0
    used = {c: w for c, w in weights.items() if f"beneficiaries_{c}" in values}
    weight_sum = sum(used.values())
    if total <= 0 or weight_sum <= 0:
        return 0.0
    score = sum(w * (values[f"beneficiaries_{c}"] or 0) / total for c, w in used.items())
    return round(100.0 * score / weight_sum, 2)
