"""Writing results: a table, CSV or JSON, to standard output or a file, never half a file.

- Files are written to a temporary file in the same folder and renamed over the
  target only when complete (:func:`open_output`): an error, a full disk or
  Ctrl-C leaves the old file (or none), never a truncated one.
- ``-o -`` is standard output.
- The format is the one ``--format`` names, else the one the extension of ``-o``
  implies (``.csv``, ``.json``; ``.txt`` is a table), else the command's default
  (:func:`resolve_format`).
- Tables on a terminal fit its width (``$COLUMNS`` if set): columns that do not
  fit are left out and named on standard error; ``--wide`` shows them all.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TextIO

from zhassyl.errors import AccessDenied, InputError, Problem
from zhassyl.i18n import N_, _

FORMATS = ("table", "csv", "json")
#: Output formats implied by the extension of ``-o``.
EXTENSION_FORMATS = {".csv": "csv", ".json": "json", ".txt": "table", ".html": "html",
                     ".htm": "html", ".pdf": "pdf", ".xlsx": "xlsx"}
#: Whether tables are shown whole (``--wide``) rather than fitted to the terminal.
WIDE: ContextVar[bool] = ContextVar("zhassyl_wide_tables", default=False)

STDOUT = "-"


def add_format_options(parser, formats: Sequence[str] = FORMATS) -> None:
    """Add ``--format`` (default ``table``) and ``-o/--output`` to a sub-command's parser."""
    parser.add_argument("--format", choices=tuple(formats), default="table",
                        help=_("output format (default table)"))
    parser.add_argument("-o", "--output", metavar="FILE", help=_("output file (default: stdout)"))


def is_stdout(output: str | os.PathLike | None) -> bool:
    """Whether ``output`` means standard output (``None`` or ``-``)."""
    return output is None or str(output) == STDOUT


def resolve_format(fmt: str | None, output: str | os.PathLike | None,
                   default: str = "table", choices: Sequence[str] = FORMATS) -> str:
    """The format to write: ``fmt`` if the user gave it, else from ``output``'s extension.

    ``fmt`` given as :class:`zhassyl.cli.parser.FormatDefault` (the option's
    default) counts as not given.  An extension implies a format only when it is
    one of ``choices`` (the formats the command writes).
    """
    from zhassyl.cli.parser import FormatDefault

    if fmt is not None and not isinstance(fmt, FormatDefault):
        return str(fmt)
    if not is_stdout(output):
        implied = EXTENSION_FORMATS.get(Path(str(output)).suffix.lower())
        if implied in choices:
            return implied
    return str(fmt) if fmt is not None else default


def check_output(path: str | os.PathLike | None, *, folder_ok: bool = False) -> None:
    """Refuse an output path that cannot be written, before any work is done.

    Raises
    ------
    InputError
        The folder does not exist or is not a folder, or ``path`` is a folder
        (unless ``folder_ok``).
    AccessDenied
        The folder or the existing file may not be written.
    """
    if is_stdout(path):
        return
    p = Path(str(path)).expanduser()
    name = str(path)
    if p.is_dir():
        if folder_ok:
            if not os.access(p, os.W_OK | os.X_OK):
                raise AccessDenied(N_("{path}: cannot write in this folder (permission denied)"),
                                   path=name)
            return
        raise InputError(Problem(name, None, None, N_("is a folder; give a file name")))
    folder = p.parent
    if not folder.exists():
        raise InputError(Problem(name, None, None, N_(
            "the folder {folder} does not exist; create it first or choose another"),
            {"folder": str(folder)}))
    if not folder.is_dir():
        raise InputError(Problem(name, None, None, N_("{folder} is not a folder"),
                                 {"folder": str(folder)}))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise AccessDenied(N_("{path}: cannot write in the folder {folder} (permission denied)"),
                           path=name, folder=str(folder))
    if p.exists() and not os.access(p, os.W_OK):
        raise AccessDenied(N_("{path}: the file is read-only"), path=name)


@contextmanager
def open_output(path: str | os.PathLike | None, *, binary: bool = False,
                newline: str | None = "") -> Iterator[TextIO]:
    """A stream to write ``path`` atomically (standard output for ``None`` or ``-``).

    The data go to a temporary file in the target's folder, which replaces the
    target by a rename only when the block ends without an error; on any error
    (or Ctrl-C) the temporary file is removed and the target is untouched.
    """
    if is_stdout(path):
        yield sys.stdout.buffer if binary else sys.stdout
        if not binary:
            sys.stdout.flush()
        return
    check_output(path)
    target = Path(str(path)).expanduser()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": newline}
        with os.fdopen(fd, mode, **kwargs) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            try:
                os.chmod(tmp, target.stat().st_mode & 0o7777)
            except OSError:
                pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(text: str, output: str | os.PathLike | None) -> None:
    """``text`` to the file ``output`` atomically, or to standard output (``None``, ``-``)."""
    with open_output(output) as stream:
        stream.write(text)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.0f}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def table_width() -> int | None:
    """Characters a table on standard output may use (``None``: unlimited)."""
    if WIDE.get():
        return None
    if os.environ.get("COLUMNS") or sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return None


def format_table(records: Sequence[dict[str, Any]]) -> str:
    """A plain aligned text table of ``records`` (same keys in each), every column."""
    return fit_table(records, None)[0]


def fit_table(records: Sequence[dict[str, Any]], width: int | None = None
              ) -> tuple[str, list[str]]:
    """A plain aligned text table of ``records`` (same keys in each) and the columns left out.

    With ``width``, columns are taken from the left while the table fits in
    ``width`` characters (the first column always); the others are returned.
    """
    if not records:
        return "", []
    from zhassyl.cli.headers import header

    keys = list(records[0])
    labels = [header(k) for k in keys]
    rows = [[_cell(r.get(k)) for k in keys] for r in records]
    widths = [max(len(label), *(len(row[i]) for row in rows))
              for i, label in enumerate(labels)]
    numeric = [all(_is_number(r.get(k)) for r in records) for k in keys]
    shown = list(range(len(keys)))
    if width is not None:
        shown, used = [], -2
        for i, w in enumerate(widths):
            if not shown or used + 2 + w <= width:
                shown.append(i)
                used += 2 + w
    left_out = [keys[i] for i in range(len(keys)) if i not in shown]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cells[i].rjust(widths[i]) if numeric[i] else cells[i].ljust(widths[i])
                         for i in shown).rstrip()

    out = [line(labels), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out) + "\n", left_out


def _json_safe(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dt.datetime | dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, Path):
        return str(v)
    if hasattr(v, "item"):  # numpy scalar
        return _json_safe(v.item())
    return v


def write_records(records: Sequence[dict[str, Any]], fmt: str | None = None,
                  output: str | os.PathLike | None = None) -> None:
    """Write ``records`` as ``fmt`` (table, csv, json) to the file ``output`` or stdout.

    ``fmt`` ``None`` (or the option's default) takes the format from ``output``'s
    extension; see :func:`resolve_format`.  Files are written atomically.
    """
    fmt = resolve_format(fmt, output)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    with open_output(output) as stream:
        if fmt == "json":
            json.dump([{k: _json_safe(v) for k, v in r.items()} for r in records], stream,
                      ensure_ascii=False, indent=1)
            stream.write("\n")
        elif fmt == "csv":
            if records:
                w = csv.DictWriter(stream, fieldnames=list(records[0]), lineterminator="\n")
                w.writeheader()
                for r in records:
                    w.writerow({k: _cell(v) if isinstance(v, float) else _json_safe(v)
                                for k, v in r.items()})
        else:
            text, left_out = fit_table(records, table_width() if is_stdout(output) else None)
            stream.write(text)
            if left_out:
                stream.flush()
                print(_("{n} columns not shown ({columns}); use --wide, or --format csv or "
                        "json").format(n=len(left_out), columns=", ".join(left_out)),
                      file=sys.stderr)
