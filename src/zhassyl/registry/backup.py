"""Consistent online backup and restore, and a checksum of the whole registry.

SQLite databases are copied page by page with SQLite's online backup API
(consistent even while others write, WAL included); PostgreSQL databases are
dumped with ``pg_dump`` in its custom archive format and restored with
``pg_restore``.  Backups are written to a temporary file renamed when complete.

A restore keeps the trail: before the database is replaced a copy of it is
written next to it (SQLite) or next to the backup (PostgreSQL), and the
restored database receives an audit entry (action ``restore``, table
``database``) saying who restored which backup (path and SHA-256) when, where
the replaced copy is, and how many audit entries of the replaced database are
not in the backup (written after it was taken).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from glob import glob
from pathlib import Path

from sqlalchemy import Engine, func, insert, inspect, select

from zhassyl.errors import AccessDenied, InputError, Problem, ServiceUnavailable, ZhassylError
from zhassyl.i18n import N_, _
from zhassyl.registry import models as m
from zhassyl.registry.policy import Actor, authorize

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


def checksum(engine: Engine, audit_upto: int | None = None) -> str:
    """SHA-256 over every row of every registry table (audit log included), in id order.

    ``audit_upto`` leaves out audit entries with a higher id (to compare a
    restored database with its backup, whose log ends there).
    """
    h = hashlib.sha256()
    with engine.connect() as conn:
        for table in ("meta", *m.TABLE_ORDER, "audit_log"):
            t = m.MODELS[table].__table__
            pk = t.primary_key.columns.values()[0]
            h.update(f"#{table}\n".encode())
            stmt = select(t).order_by(pk)
            if table == "audit_log" and audit_upto is not None:
                stmt = stmt.where(pk <= audit_upto)
            for row in conn.execute(stmt):
                h.update(repr(tuple(row)).encode("utf-8"))
                h.update(b"\n")
    return h.hexdigest()


def _tool(name: str) -> str:
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    path = candidates[-1] if candidates else shutil.which(name)
    if not path:
        raise ServiceUnavailable(N_("{tool} was not found; install the PostgreSQL client tools"),
                                 tool=name)
    return path


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise ZhassylError(_("{tool} failed: {error}").format(
            tool=Path(args[0]).name, error=done.stderr.strip()[-2000:]))


def backup(engine: Engine, actor: Actor, file: str | Path) -> Path:
    """Write a consistent backup of the database to ``file`` (overwritten when complete).

    Raises
    ------
    InputError
        ``file`` is a folder.
    """
    authorize(actor, "backup")
    file = Path(file)
    if file.is_dir():
        raise InputError(Problem(str(file), None, None, N_("is a folder; give a file name")))
    file.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(file.parent, os.W_OK | os.X_OK):
        raise AccessDenied(N_("{path}: cannot write in the folder {folder} (permission denied)"),
                           path=str(file), folder=str(file.parent))
    tmp = file.with_name(f".{file.name}.part")
    tmp.unlink(missing_ok=True)
    try:
        if engine.dialect.name == "sqlite":
            raw = engine.raw_connection()
            try:
                target = sqlite3.connect(tmp)
                try:
                    raw.driver_connection.backup(target)
                    target.execute("PRAGMA journal_mode=DELETE")
                finally:
                    target.close()
            finally:
                raw.close()
        elif engine.dialect.name == "postgresql":
            url, env = _libpq(engine)
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), url],
                 env)
        else:  # pragma: no cover
            raise ZhassylError(_("backup is not supported for {dialect}").format(
                dialect=engine.dialect.name))
        os.replace(tmp, file)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return file


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did (also written to the restored database's audit log)."""

    backup: Path
    backup_sha256: str
    replaced_copy: Path | None
    audit_rows_not_carried_over: int
    backup_last_audit_at: dt.datetime | None
    last_backup_audit_id: int | None


def _sha256(file: Path) -> str:
    h = hashlib.sha256()
    with file.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _audit_ids(engine: Engine) -> list[int]:
    if "audit_log" not in inspect(engine).get_table_names():
        return []
    with engine.connect() as conn:
        return list(conn.scalars(select(m.AuditEntry.id)))


def _replaced_copy_path(engine: Engine, file: Path, keep_dir: str | Path | None) -> Path | None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    if keep_dir is not None:
        folder = Path(keep_dir)
    elif engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or database == ":memory:":
            return None
        folder = Path(database).expanduser().parent
        return folder / f"{Path(database).stem}.replaced-{stamp}.db"
    else:
        folder = file.parent
    suffix = ".db" if engine.dialect.name == "sqlite" else ".dump"
    return folder / f"{engine.url.database or 'registry'}.replaced-{stamp}{suffix}"


def sqlite_backup_last_audit_id(file: str | Path) -> int | None:
    """The newest audit entry id in a SQLite backup file (``None``: none or not readable)."""
    try:
        con = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return con.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        con.close()


def restore(engine: Engine, actor: Actor, file: str | Path, *,
            keep_dir: str | Path | None = None) -> RestoreReport:
    """Replace the database's contents with the backup ``file`` (checked first), with a trail.

    Parameters
    ----------
    engine : Engine
        The database to replace.
    actor : Actor
        Who restores (role director).
    file : path
        A backup written by :func:`backup`.
    keep_dir : path, optional
        Folder for the copy of the replaced database (default: the SQLite
        database's folder; for PostgreSQL the backup's folder).

    Returns
    -------
    RestoreReport
        The backup's checksum, the replaced copy, and how many audit entries of
        the replaced database the backup does not hold.
    """
    authorize(actor, "restore")
    file = Path(file)
    if file.is_dir():
        raise InputError(Problem(str(file), None, None, N_("is a folder, not a backup file")))
    try:
        with file.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise InputError(Problem(str(file), None, None, _("cannot read the file: {error}")
                                 .format(error=exc.strerror))) from exc
    if engine.dialect.name == "sqlite":
        if head != SQLITE_MAGIC:
            raise InputError(Problem(str(file), None, None, _(
                "not a SQLite backup of the registry")))
        source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in source.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"alembic_version", "farms", "audit_log"} <= tables:
                raise InputError(Problem(str(file), None, None, _(
                    "not a SQLite backup of the registry")))
            before = _before_restore(engine, actor, file, keep_dir)
            engine.dispose()
            raw = engine.raw_connection()
            try:
                source.backup(raw.driver_connection)
            finally:
                raw.close()
        finally:
            source.close()
        engine.dispose()
    elif engine.dialect.name == "postgresql":
        if not head.startswith(PGDUMP_MAGIC):
            raise InputError(Problem(str(file), None, None, _(
                "not a pg_dump custom-format backup")))
        before = _before_restore(engine, actor, file, keep_dir)
        url, env = _libpq(engine)
        engine.dispose()
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--single-transaction", "--dbname", url, str(file)], env)
    else:  # pragma: no cover
        raise ZhassylError(_("restore is not supported for {dialect}").format(
            dialect=engine.dialect.name))
    return _after_restore(engine, actor, file, *before)


def _before_restore(engine: Engine, actor: Actor, file: Path, keep_dir
                    ) -> tuple[str, Path | None, list[int]]:
    """Checksum the backup, keep a copy of the database about to be replaced, note its log."""
    digest = _sha256(file)
    ids = _audit_ids(engine)
    copy = _replaced_copy_path(engine, file, keep_dir)
    if copy is not None:
        backup(engine, actor, copy)
    return digest, copy, ids


def _after_restore(engine: Engine, actor: Actor, file: Path, digest: str, copy: Path | None,
                   ids_before: list[int]) -> RestoreReport:
    """Record the restore in the restored database's audit log."""
    from zhassyl.registry.audit import AUDIT_TABLE, now, to_json

    with engine.begin() as conn:
        last_id = conn.scalar(select(func.max(m.AuditEntry.id)))
        last_at = conn.scalar(select(func.max(m.AuditEntry.at)))
        lost = sum(1 for i in ids_before if last_id is None or i > last_id)
        report = RestoreReport(file.resolve(), digest, copy.resolve() if copy else None,
                               lost, last_at, last_id)
        conn.execute(insert(AUDIT_TABLE), [{
            "at": now(), "actor": actor.name, "role": actor.role, "action": "restore",
            "table_name": "database", "row_id": None,
            "old_values": to_json({"replaced_copy": str(report.replaced_copy)
                                   if report.replaced_copy else None,
                                   "audit_rows_not_carried_over": lost,
                                   "audit_rows_before": len(ids_before)}),
            "new_values": to_json({"backup": str(report.backup), "sha256": digest,
                                   "backup_last_audit_at": last_at}),
        }])
    return report
