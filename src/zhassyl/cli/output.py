"""Writing result records as a table, CSV or JSON (every result command uses this)."""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Sequence
from typing import Any, TextIO

FORMATS = ("table", "csv", "json")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.0f}"
    return "" if value is None else str(value)


def format_table(records: Sequence[dict[str, Any]]) -> str:
    """A plain aligned text table of ``records`` (same keys in each)."""
    if not records:
        return ""
    keys = list(records[0])
    rows = [[_cell(r.get(k)) for k in keys] for r in records]
    widths = [max(len(k), *(len(row[i]) for row in rows)) for i, k in enumerate(keys)]
    numeric = [all(_is_number(r.get(k)) for r in records) for k in keys]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if num else c.ljust(w)
                         for c, w, num in zip(cells, widths, numeric, strict=True)).rstrip()

    out = [line(keys), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out) + "\n"


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _json_safe(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if hasattr(v, "item"):  # numpy scalar
        return _json_safe(v.item())
    return v


def write_records(records: Sequence[dict[str, Any]], fmt: str = "table",
                  output: str | None = None) -> None:
    """Write ``records`` in ``fmt`` (table, csv, json) to the file ``output`` or stdout."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    stream: TextIO = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "json":
            json.dump([{k: _json_safe(v) for k, v in r.items()} for r in records], stream,
                      ensure_ascii=False, indent=1)
            stream.write("\n")
        elif fmt == "csv":
            if records:
                w = csv.DictWriter(stream, fieldnames=list(records[0]), lineterminator="\n")
                w.writeheader()
                for r in records:
                    w.writerow({k: _cell(v) if isinstance(v, float) else v for k, v in r.items()})
        else:
            stream.write(format_table(records))
    finally:
        if output:
            stream.close()
