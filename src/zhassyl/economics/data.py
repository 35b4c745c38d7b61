"""Reading the economics data files (CSV with a ``source`` column on every row)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from zhassyl.errors import ParameterError, Problem
from zhassyl.i18n import _

#: Values of the ``status`` column: how much a value can be trusted.
STATUSES = ("sourced", "derived", "approximation", "assumption")


@dataclass(frozen=True)
class Sourced:
    """A number with its provenance.

    Attributes
    ----------
    value : float
        The number.
    unit : str
        Its unit (``"KZT/t"``, ``"l/ha"`` ...).
    status : str
        One of :data:`STATUSES`.
    source : str
        Where it comes from (publication, page, or the word ASSUMPTION).
    """

    value: float
    unit: str
    status: str
    source: str


def read_table(name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of the package data file ``data/economics/<name>`` as dictionaries.

    Parameters
    ----------
    name : str
        File name, e.g. ``"prices.csv"``.
    required : tuple of str
        Columns that must exist; a ``source`` column (or columns ending in
        ``_source``) is always required and must be filled on every row.

    Raises
    ------
    ParameterError
        If the file lacks a column, or a row has an empty ``source`` or an
        unknown ``status``.
    """
    return list(_read_table(name, tuple(required)))


@cache
def _read_table(name: str, required: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    path = resources.files("zhassyl") / "data" / "economics" / name
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    columns = reader.fieldnames or []
    sources = [c for c in columns if c == "source" or c.endswith("_source")]
    for col in (*required, *([] if sources else ["source"])):
        if col not in columns:
            raise ParameterError(str(Problem(name, None, col, _("missing column"))))
    rows = []
    for i, row in enumerate(reader, start=2):
        for col in sources:
            if not (row.get(col) or "").strip():
                raise ParameterError(str(Problem(name, i, col,
                                                 _("every value needs a source"))))
        status = row.get("status")
        if status is not None and status not in STATUSES:
            raise ParameterError(str(Problem(
                name, i, "status",
                _("unknown status {value!r}; expected one of {expected}").format(
                    value=status, expected=", ".join(STATUSES)))))
        rows.append(row)
    return tuple(rows)


def number(row: dict[str, str], column: str, file: str) -> float:
    """The float in ``row[column]``; a clear :class:`ParameterError` otherwise."""
    raw = (row.get(column) or "").strip()
    try:
        return float(raw)
    except ValueError:
        raise ParameterError(str(Problem(
            file, None, column,
            _("{value!r} is not a number").format(value=raw)))) from None


@cache
def parameters() -> dict[str, Sourced]:
    """The scalar parameters of ``parameters.csv`` (discount rate, case-study figures ...)."""
    out = {}
    for row in read_table("parameters.csv", ("parameter", "value", "unit", "status")):
        if row["unit"] == "list":
            continue
        out[row["parameter"]] = Sourced(number(row, "value", "parameters.csv"), row["unit"],
                                        row["status"], row["source"])
    return out


@cache
def parameter_list(name: str) -> tuple[str, ...]:
    """A semicolon-separated list parameter of ``parameters.csv``."""
    for row in read_table("parameters.csv", ("parameter", "value", "unit", "status")):
        if row["parameter"] == name:
            return tuple(v.strip() for v in row["value"].split(";") if v.strip())
    raise ParameterError(_("unknown parameter {name!r}").format(name=name))
