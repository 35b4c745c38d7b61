"""Import and export of the registry: CSV and XLSX for every table, GeoJSON for fields.

An import reads every input, validates every row (types, allowed values,
dates, polygons and their declared area, duplicate ids, references to rows in
the file or the database, formula injection) and only then writes, all rows of
all tables in one transaction: either everything is stored or nothing is, and
every problem is reported with its file, line and column.

An export writes one ``<table>.csv`` per table, ``fields.geojson`` (features
carrying ``area_ha``) and optionally ``zhassyl.xlsx`` (one sheet per table);
importing an export into an empty database reproduces it exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from zhassyl.errors import InputError, Problem, UsageError
from zhassyl.i18n import N_, _
from zhassyl.registry import audit
from zhassyl.registry import models as m
from zhassyl.registry.policy import Actor, allowed, authorize
from zhassyl.registry.validation import clean_record, priority_score, required_columns

#: Largest input file accepted (bytes); ``ZHASSYL_MAX_IMPORT_BYTES`` overrides it.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Tables exported and imported, in dependency order.
EXPORT_TABLES = ("meta", *m.TABLE_ORDER)
#: Rows per INSERT statement.
CHUNK = 5000

Row = tuple[str, int | None, dict[str, Any]]  # (file, line, raw values)


def max_file_bytes() -> int:
    """The size limit of one input file (bytes); ``ZHASSYL_MAX_IMPORT_BYTES`` overrides it.

    Raises
    ------
    UsageError
        The variable is not a positive whole number of bytes.
    """
    text = os.environ.get("ZHASSYL_MAX_IMPORT_BYTES")
    if text is None or not text.strip():
        return MAX_FILE_BYTES
    try:
        limit = int(text.strip())
    except ValueError:
        limit = 0
    if limit < 1:
        raise UsageError(N_("the environment variable ZHASSYL_MAX_IMPORT_BYTES must be a "
                            "positive whole number of bytes, got '{value}'"), value=text)
    return limit


def _pk(table: str) -> str:
    return m.MODELS[table].__table__.primary_key.columns.values()[0].name


def _read_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(Problem(name, None, None, _("cannot read the file: {error}").format(
            error=exc.strerror))) from exc
    if size > max_file_bytes():
        raise InputError(Problem(name, None, None, _(
            "the file is too large ({size} bytes; the limit is {limit})").format(
            size=size, limit=max_file_bytes())))
    return path.read_bytes()


def _decode(path: Path, data: bytes) -> str:
    try:
        text_ = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(Problem(str(path), line, None, _(
            "the file is not UTF-8 text (bad byte at offset {offset}); save it as UTF-8")
            .format(offset=exc.start))) from None
    if "\x00" in text_:
        line = text_[: text_.index("\x00")].count("\n") + 1
        raise InputError(Problem(str(path), line, None, _(
            "the file contains NUL characters (binary data?)")))
    return text_


def _check_header(name: str, table: str, header: list[str]) -> list[Problem]:
    known = {c.name for c in m.MODELS[table].__table__.columns}
    problems = []
    seen = set()
    for col in header:
        if col in seen:
            problems.append(Problem(name, 1, col, _("the column appears twice in the header")))
        seen.add(col)
        if col not in known:
            problems.append(Problem(name, 1, col, _("unknown column for table {table}").format(
                table=table)))
    for col in required_columns(table):
        if col not in seen:
            problems.append(Problem(name, 1, col, _("required column is missing")))
    return problems


def read_csv(path: str | Path, table: str) -> list[Row]:
    """Rows of one table from a UTF-8 CSV file with a header (line numbers kept)."""
    path = Path(path)
    name = str(path)
    body = _decode(path, _read_bytes(path))
    reader = csv.reader(io.StringIO(body, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(Problem(name, None, None, _("the file is empty"))) from None
    except csv.Error as exc:
        raise InputError(Problem(name, 1, None, str(exc))) from None
    header = [h.strip() for h in header]
    problems = _check_header(name, table, header)
    if problems:
        raise InputError(problems)
    rows: list[Row] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(Problem(name, start, None, _(
                    "expected {n} cells, found {found}").format(n=len(header), found=len(cells))))
                continue
            rows.append((name, start, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, None, _("malformed CSV: {error}").format(
            error=exc)))
    if problems:
        raise InputError(problems)
    return rows


def read_geojson(path: str | Path) -> list[Row]:
    """Field rows from a GeoJSON FeatureCollection (the feature number is the row)."""
    path = Path(path)
    name = str(path)
    try:
        doc = json.loads(_decode(path, _read_bytes(path)))
    except ValueError as exc:
        raise InputError(Problem(name, None, None, _("not valid JSON: {error}").format(
            error=exc))) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(
            doc.get("features"), list):
        raise InputError(Problem(name, None, None, _("expected a GeoJSON FeatureCollection")))
    rows: list[Row] = []
    problems = []
    for k, feature in enumerate(doc["features"], start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(Problem(name, k, None, _("feature {n} is not a GeoJSON Feature")
                                    .format(n=k)))
            continue
        props = dict(feature.get("properties") or {})
        props.pop("area_ha", None)
        if feature.get("id") is not None and "id" not in props:
            props["id"] = feature["id"]
        geometry = feature.get("geometry")
        props["geometry"] = json.dumps(geometry) if geometry is not None else None
        rows.append((name, k, {key: (v if v is None or isinstance(v, str) else
                                     json.dumps(v) if isinstance(v, dict | list) else v)
                               for key, v in props.items()}))
    if problems:
        raise InputError(problems)
    return rows


def read_xlsx(path: str | Path) -> dict[str, list[Row]]:
    """Rows of every sheet named after a table in an XLSX workbook."""
    from openpyxl import load_workbook

    path = Path(path)
    name = str(path)
    _read_bytes(path)  # size check
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on corrupt files
        raise InputError(Problem(name, None, None, _("not a readable XLSX workbook: {error}")
                                 .format(error=exc))) from None
    out: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    try:
        for ws in wb.worksheets:
            table = ws.title
            where = f"{name}[{table}]"
            if table not in m.MODELS or table == "audit_log":
                if table != "audit_log":
                    problems.append(Problem(where, None, None, _(
                        "sheet does not name a table")))
                continue
            it = ws.iter_rows(values_only=True)
            header_cells = next(it, None)
            if header_cells is None:
                continue
            header = [str(h).strip() if h is not None else "" for h in header_cells]
            while header and header[-1] == "":
                header.pop()
            header_problems = _check_header(where, table, header)
            if header_problems:
                problems += header_problems
                continue
            rows = []
            for line, cells in enumerate(it, start=2):
                cells = list(cells[: len(header)])
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                    continue
                raw = {}
                for col, value in zip(header, cells, strict=False):
                    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
                        value = value.date()
                    raw[col] = value
                rows.append((where, line, raw))
            out[table] = rows
    finally:
        wb.close()
    if problems:
        raise InputError(problems)
    return out


def read_path(path: str | Path, table: str | None = None) -> dict[str, list[Row]]:
    """Read a directory of exports, one CSV, one XLSX or one GeoJSON into rows per table."""
    path = Path(path)
    if path.is_dir():
        batch: dict[str, list[Row]] = {}
        problems: list[Problem] = []
        for t in EXPORT_TABLES:
            p = path / f"{t}.csv"
            try:
                if p.exists():
                    batch[t] = read_csv(p, t)
                elif t == "fields" and (path / "fields.geojson").exists():
                    batch[t] = read_geojson(path / "fields.geojson")
            except InputError as exc:
                problems += exc.problems
        if problems:
            raise InputError(problems)
        if not batch:
            raise InputError(Problem(str(path), None, None, _(
                "no <table>.csv or fields.geojson file found in the directory")))
        return batch
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix in (".geojson", ".json"):
        return {"fields": read_geojson(path)}
    if table is not None and (table not in m.MODELS or table == "audit_log"):
        raise InputError(Problem("--table", None, None, N_(
            "unknown table '{table}'; expected one of: {tables}"),
            {"table": table, "tables": ", ".join(EXPORT_TABLES)}))
    table = table or path.stem
    if table not in m.MODELS or table == "audit_log":
        raise InputError(Problem(str(path), None, None, _(
            "cannot tell which table the file is for; name it <table>.csv or pass --table "
            "(tables: {tables})").format(tables=", ".join(EXPORT_TABLES))))
    return {table: read_csv(path, table)}


def _existing_ids(session: Session, table: str, pk: str) -> set:
    column = m.MODELS[table].__table__.c[pk]
    return set(session.scalars(select(column)))


def validate_batch(session: Session, batch: dict[str, list[Row]],
                   today: dt.date | None = None) -> tuple[dict[str, list[dict]], list[Problem]]:
    """Check every row of ``batch`` against the rules and the database; nothing is written.

    Returns the converted rows per table (ids assigned where missing) and every
    problem found.
    """
    problems: list[Problem] = []
    clean: dict[str, list[dict]] = {}
    known_ids: dict[str, set] = {}
    weights: dict[str, float] | None = None
    origins: dict[str, list[tuple[str, int | None]]] = {}

    def ids_of(table: str) -> set:
        if table not in known_ids:
            known_ids[table] = _existing_ids(session, table, _pk(table))
        return known_ids[table]

    for table in EXPORT_TABLES:
        rows = batch.get(table)
        if not rows:
            continue
        cls = m.MODELS[table]
        pk = _pk(table)
        existing = ids_of(table)
        fks = [(c.name, next(iter(c.foreign_keys)).column.table.name)
               for c in cls.__table__.columns if c.foreign_keys]
        uniques = [tuple(col.name for col in uc.columns) for uc in cls.__table__.constraints
                   if uc.__class__.__name__ == "UniqueConstraint"]
        seen_unique: dict[tuple, dict] = {u: {} for u in uniques}
        new_ids: dict[Any, int | None] = {}
        out: list[dict] = []
        where: list[tuple[str, int | None]] = []
        next_id = None
        for name, line, raw in rows:
            raw = {k: v for k, v in raw.items()
                   if not cls.__table__.c[k].info.get("derived")}
            values, row_problems = clean_record(table, raw, today=today)
            for col, msg in row_problems:
                problems.append(Problem(name, line, col, msg))
            if row_problems:
                continue
            key = values.get(pk)
            if key is None and pk == "id":
                if next_id is None:
                    next_id = max([0, *existing, *(k for k in new_ids if isinstance(k, int))]) + 1
                key = values["id"] = next_id
                next_id += 1
            if key in new_ids:
                problems.append(Problem(name, line, pk, _(
                    "duplicate id {id} (also on line {other})").format(id=key,
                                                                       other=new_ids[key])))
                continue
            if key in existing:
                problems.append(Problem(name, line, pk, _(
                    "id {id} already exists in the database").format(id=key)))
                continue
            new_ids[key] = line
            bad = False
            for col, target in fks:
                ref = values.get(col)
                if ref is not None and ref not in ids_of(target) and not any(
                        r.get(_pk(target)) == ref for r in clean.get(target, ())):
                    problems.append(Problem(name, line, col, _(
                        "refers to {table} id {id}, which does not exist").format(
                        table=target, id=ref)))
                    bad = True
            for u in uniques:
                value = tuple(values.get(c) for c in u)
                if value in seen_unique[u]:
                    problems.append(Problem(name, line, u[0], _(
                        "duplicate value {value} (also on line {other})").format(
                        value=", ".join(map(str, value)), other=seen_unique[u][value])))
                    bad = True
                seen_unique[u][value] = line
            if bad:
                continue
            if "version" in cls.__table__.c:
                values.setdefault("version", 1)
            if table == "proposals":
                if weights is None:
                    weights = {c: w for c, w in session.execute(
                        select(m.EquityWeight.criterion, m.EquityWeight.weight))}
                    weights.update({r["criterion"]: r["weight"]
                                    for r in clean.get("equity_weights", ())})
                values["priority_score"] = priority_score(values, weights)
            out.append(values)
            where.append((name, line))
        clean[table] = out
        origins[table] = where
        if table in known_ids:
            known_ids[table] = known_ids[table] | set(new_ids)
    # unique values that already exist in the database
    for table, rows in clean.items():
        cls = m.MODELS[table]
        for uc in cls.__table__.constraints:
            if uc.__class__.__name__ != "UniqueConstraint" or len(uc.columns) != 1 or not rows:
                continue
            col = next(iter(uc.columns))
            present = set(session.scalars(select(col)))
            for (name, line), values in zip(origins[table], rows, strict=True):
                if values.get(col.name) in present:
                    problems.append(Problem(name, line, col.name, _(
                        "value '{value}' already exists in the database").format(
                        value=values[col.name])))
    return clean, problems


def _insert_chunk(session: Session, table: str, rows: list[dict]) -> None:
    session.execute(insert(m.MODELS[table].__table__), rows)


def fix_sequences(session: Session) -> None:
    """Move PostgreSQL id sequences past the largest id (after explicit-id inserts)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in (*m.TABLE_ORDER, "audit_log"):
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))


def write_batch(session: Session, actor: Actor, clean: dict[str, list[dict]]) -> dict[str, int]:
    """Insert validated rows (and their audit entries) in the session's transaction."""
    counts = {}
    connection = session.connection()
    for table in EXPORT_TABLES:
        rows = clean.get(table)
        if not rows:
            continue
        defaults = {}
        for c in m.MODELS[table].__table__.columns:
            d = c.default
            defaults[c.name] = d.arg if d is not None and d.is_scalar else None
        rows = [{**defaults, **r} for r in rows]
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            _insert_chunk(session, table, chunk)
            audit.record_inserts(connection, actor, table, chunk)
        counts[table] = len(rows)
    fix_sequences(session)
    return counts


def import_batch(session: Session, actor: Actor, batch: dict[str, list[Row]],
                 today: dt.date | None = None) -> dict[str, int]:
    """Validate everything, then insert everything (caller commits); raise on any problem."""
    authorize(actor, "import")
    for table, rows in batch.items():
        if rows:
            authorize(actor, "create", table)  # an import is a bulk create
    clean, problems = validate_batch(session, batch, today=today)
    if problems:
        raise InputError(problems)
    return write_batch(session, actor, clean)


def import_path(session: Session, actor: Actor, path: str | Path, table: str | None = None,
                today: dt.date | None = None) -> dict[str, int]:
    """Import a directory, CSV, XLSX or GeoJSON file (see :func:`read_path`)."""
    authorize(actor, "import")
    return import_batch(session, actor, read_path(path, table), today=today)


# ----------------------------------------------------------------------------- export

def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def table_rows(session: Session, table: str) -> tuple[list[str], list[tuple]]:
    """Column names and all rows of ``table`` ordered by primary key (no authorisation)."""
    t = m.MODELS[table].__table__
    result = session.execute(select(t).order_by(t.c[_pk(table)]))
    return list(result.keys()), [tuple(r) for r in result]


def export_tables(session: Session, actor: Actor) -> Iterable[str]:
    """The tables ``actor`` exports (the audit log only for roles that may read it)."""
    authorize(actor, "export")
    tables = [t for t in EXPORT_TABLES if allowed(actor, "read", t)]
    if allowed(actor, "read_audit", "audit_log"):
        tables.append("audit_log")
    return tables


def export_dir(session: Session, actor: Actor, directory: str | Path, xlsx: bool = False
               ) -> list[Path]:
    """Write ``<table>.csv`` for every table, ``fields.geojson`` and optionally ``zhassyl.xlsx``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    sheets = {}
    for table in export_tables(session, actor):
        header, rows = table_rows(session, table)
        path = directory / f"{table}.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows([_cell(v) for v in r] for r in rows)
        written.append(path)
        sheets[table] = (header, rows)
        if table == "fields":
            path = directory / "fields.geojson"
            write_geojson(path, header, rows)
            written.append(path)
    if xlsx:
        path = directory / "zhassyl.xlsx"
        write_xlsx(path, sheets)
        written.append(path)
    return written


def write_geojson(path: Path, header: list[str], rows: list[tuple]) -> None:
    """Fields as a GeoJSON FeatureCollection; properties carry every column and ``area_ha``."""
    features = []
    for r in rows:
        props = {k: (v.isoformat() if isinstance(v, dt.date) else v)
                 for k, v in zip(header, r, strict=True) if k != "geometry"}
        geometry = json.loads(r[header.index("geometry")])
        features.append({"type": "Feature", "id": props["id"], "properties": props,
                         "geometry": geometry})
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
        f.write("\n")


def write_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[tuple]]]) -> None:
    """One sheet per table, typed cells (numbers, dates, text)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for table, (header, rows) in sheets.items():
        ws = wb.create_sheet(table)
        ws.append(header)
        for r in rows:
            ws.append([v.replace(tzinfo=None) if isinstance(v, dt.datetime) else v for v in r])
    wb.save(path)
