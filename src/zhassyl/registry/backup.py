"""Consistent online backup and restore, and a checksum of the whole registry.

SQLite databases are copied page by page with SQLite's online backup API
(consistent even while others write, WAL included); PostgreSQL databases are
dumped with ``pg_dump`` in its custom archive format and restored with
``pg_restore``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from glob import glob
from pathlib import Path

from sqlalchemy import Engine, select

from zhassyl.errors import InputError, Problem, ZhassylError
from zhassyl.i18n import _
from zhassyl.registry import models as m
from zhassyl.registry.policy import Actor, authorize

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


def checksum(engine: Engine) -> str:
    """SHA-256 over every row of every registry table (audit log included), in id order."""
    h = hashlib.sha256()
    with engine.connect() as conn:
        for table in ("meta", *m.TABLE_ORDER, "audit_log"):
            t = m.MODELS[table].__table__
            pk = t.primary_key.columns.values()[0]
            h.update(f"#{table}\n".encode())
            for row in conn.execute(select(t).order_by(pk)):
                h.update(repr(tuple(row)).encode("utf-8"))
                h.update(b"\n")
    return h.hexdigest()


def _tool(name: str) -> str:
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    path = candidates[-1] if candidates else shutil.which(name)
    if not path:
        raise ZhassylError(_("{tool} was not found; install the PostgreSQL client tools")
                           .format(tool=name))
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
    """Write a consistent backup of the database to ``file`` (overwritten)."""
    authorize(actor, "backup")
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        tmp = file.with_name(file.name + ".part")
        tmp.unlink(missing_ok=True)
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
        os.replace(tmp, file)
    elif engine.dialect.name == "postgresql":
        url, env = _libpq(engine)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(file), url], env)
    else:  # pragma: no cover
        raise ZhassylError(_("backup is not supported for {dialect}").format(
            dialect=engine.dialect.name))
    return file


def restore(engine: Engine, actor: Actor, file: str | Path) -> None:
    """Replace the database's contents with the backup ``file`` (checked first)."""
    authorize(actor, "restore")
    file = Path(file)
    try:
        head = file.open("rb").read(16)
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
        url, env = _libpq(engine)
        engine.dispose()
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--single-transaction", "--dbname", url, str(file)], env)
    else:  # pragma: no cover
        raise ZhassylError(_("restore is not supported for {dialect}").format(
            dialect=engine.dialect.name))
