"""Crop parameter sets from package data (``data/crops/crop_parameters.csv``).

Each value carries its source.  Annual crops inherit every parameter they do
not set from the ``_annual`` template (typical AquaCrop values, flagged as
assumptions in the file).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from zhassyl.engine.layout import CROP_DTYPE
from zhassyl.errors import ParameterError
from zhassyl.i18n import _

DATA_FILE = "data/crops/crop_parameters.csv"


@dataclass(frozen=True)
class CropSet:
    """One crop's engine record and the source of each of its values."""

    name: str
    record: np.ndarray            # CROP_DTYPE scalar record
    sources: dict[str, str]


@cache
def _table() -> dict[str, dict[str, tuple[float, str, int]]]:
    text = (resources.files("zhassyl") / DATA_FILE).read_text(encoding="utf-8")
    out: dict[str, dict[str, tuple[float, str, int]]] = {}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        try:
            value = float(row["value"])
        except (TypeError, ValueError):
            raise ParameterError(_("{file}, row {row}, column 'value': not a number: {v}").format(
                file=DATA_FILE, row=line, v=row.get("value"))) from None
        if row["parameter"] not in CROP_DTYPE.names:
            raise ParameterError(_("{file}, row {row}, column 'parameter': unknown parameter "
                                   "{name}").format(file=DATA_FILE, row=line,
                                                    name=row["parameter"]))
        if not row.get("source"):
            raise ParameterError(_("{file}, row {row}, column 'source': empty").format(
                file=DATA_FILE, row=line))
        out.setdefault(row["crop"], {})[row["parameter"]] = (value, row["source"], line)
    return out


def crop_names() -> list[str]:
    """Crops available in the package data."""
    return sorted(k for k in _table() if not k.startswith("_"))


def load_crop(name: str) -> CropSet:
    """The parameter set of crop ``name`` (ParameterError when unknown or incomplete)."""
    table = _table()
    key = name.strip().lower()
    if key not in table or key.startswith("_"):
        raise ParameterError(_("unknown crop '{name}'; known crops: {known}").format(
            name=name, known=", ".join(crop_names())))
    values = dict(table[key])
    if values.get("perennial", (0,))[0] == 0:
        values = {**table["_annual"], **values}
    missing = [p for p in CROP_DTYPE.names if p not in values]
    if missing:
        raise ParameterError(_("{file}: crop '{name}' lacks parameters {missing}").format(
            file=DATA_FILE, name=key, missing=", ".join(missing)))
    rec = np.zeros(1, dtype=CROP_DTYPE)[0]
    for p in CROP_DTYPE.names:
        rec[p] = values[p][0]
    return CropSet(key, rec, {p: values[p][1] for p in CROP_DTYPE.names})
