"""``zhassyl db``: create, migrate, import, export, back up and restore the registry.

The database is ``--database-url``, else ``$ZHASSYL_DATABASE_URL``, else the
embedded SQLite file (see :func:`zhassyl.registry.db.database_url`).  The
acting user and role come from ``--user``/``--role`` (default
``$ZHASSYL_USER``/``$ZHASSYL_ROLE``, else the login name and ``director``: the
command line is the local administrator's tool; the web app authenticates).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from zhassyl.cli.output import add_format_options
from zhassyl.cli.validate import COUNT, ROW_ID
from zhassyl.i18n import N_, _


def add_connection_options(p: argparse.ArgumentParser) -> None:
    """Options shared by the registry commands: database URL and acting user."""
    p.add_argument("--database-url", metavar="URL", default=None,
                   help=_("database URL (default: $ZHASSYL_DATABASE_URL, else the embedded "
                          "SQLite file)"))
    p.add_argument("--user", default=None, help=_("acting user name for the audit log "
                                                  "(default: $ZHASSYL_USER or login name)"))
    p.add_argument("--role", default=None, help=_("acting role (default: $ZHASSYL_ROLE or "
                                                  "director)"))
    p.add_argument("--farm-id", type=ROW_ID, default=None,
                   help=_("the farmer's own farm (role farmer only)"))


def actor_from(args: argparse.Namespace):
    """The :class:`~zhassyl.registry.policy.Actor` the options describe."""
    from zhassyl.registry.policy import Actor

    try:
        login = getpass.getuser()
    except Exception:  # no login name in some containers
        login = "unknown"
    return Actor(args.user or os.environ.get("ZHASSYL_USER") or login,
                 args.role or os.environ.get("ZHASSYL_ROLE") or "director", args.farm_id)


def open_registry(args: argparse.Namespace, require_schema: bool = True):
    """Connect to the database the options select (a clear error when it cannot be reached).

    A farmer's ``--farm-id`` must name a farm of the registry.
    """
    from zhassyl.registry.db import check_reachable, connect

    registry = connect(args.database_url)
    check_reachable(registry.engine)
    if require_schema:
        registry.require_schema()
        farm_id = getattr(args, "farm_id", None)
        if farm_id is not None:
            _require_farm(registry, farm_id)
    return registry


def _require_farm(registry, farm_id: int) -> None:
    from sqlalchemy import select

    from zhassyl.errors import UsageError
    from zhassyl.registry import models

    with registry.engine.connect() as conn:
        if conn.scalar(select(models.Farm.id).where(models.Farm.id == farm_id)) is None:
            raise UsageError(N_("--farm-id {id}: no farm with this id in the registry"),
                             id=farm_id)


def authorize_schema_change(registry, actor) -> None:
    """Creating a database is anyone's; changing an existing registry's schema is the director's."""
    from zhassyl.registry.db import current_revision
    from zhassyl.registry.policy import authorize

    if current_revision(registry.engine) is not None:
        authorize(actor, "migrate")


def register(subparsers) -> None:
    """Add the ``db`` sub-command and its actions."""
    p = subparsers.add_parser("db", help=_("the programme registry database"),
                              description=_("Create, migrate, import, export, back up and "
                                            "restore the programme registry."))
    sub = p.add_subparsers(dest="db_command", metavar="ACTION")

    q = sub.add_parser("init", help=_("create or upgrade the database"))
    q.add_argument("--demo", action="store_true",
                   help=_("seed the synthetic demo programme (only into an empty database)"))
    add_connection_options(q)
    q.set_defaults(func=run_init)

    q = sub.add_parser("migrate", help=_("upgrade the schema to the newest revision"))
    q.add_argument("revision", nargs="?", default="head", help=_("target revision (default "
                                                                 "head)"))
    add_connection_options(q)
    q.set_defaults(func=run_migrate)

    q = sub.add_parser("import", help=_("import CSV, XLSX or GeoJSON (all or nothing)"))
    q.add_argument("path", help=_("a directory written by 'db export', or one .csv, .xlsx or "
                                  ".geojson file"))
    q.add_argument("--table", default=None, help=_("table of a CSV file (default: file name)"))
    q.add_argument("--dry-run", action="store_true",
                   help=_("validate only; write nothing"))
    add_connection_options(q)
    q.set_defaults(func=run_import, list_all_problems=True)

    q = sub.add_parser("export", help=_("export every table as CSV and fields as GeoJSON"))
    q.add_argument("directory", help=_("output directory"))
    q.add_argument("--xlsx", action="store_true", help=_("also write zhassyl.xlsx"))
    add_connection_options(q)
    q.set_defaults(func=run_export)

    q = sub.add_parser("backup", help=_("consistent online backup to FILE"))
    q.add_argument("file")
    add_connection_options(q)
    q.set_defaults(func=run_backup)

    q = sub.add_parser("restore", help=_("replace the database with the backup FILE"),
                       description=_(
                           "Replace the database with the backup FILE (director). Asks for "
                           "confirmation unless --yes; keeps a copy of the database it "
                           "replaces and records the restore in the restored audit log, with "
                           "the number of audit entries written after the backup that are "
                           "not carried over."))
    q.add_argument("file")
    q.add_argument("--yes", action="store_true",
                   help=_("do not ask for confirmation"))
    q.add_argument("--keep-dir", metavar="DIR", default=None,
                   help=_("folder for the copy of the replaced database (default: next to "
                          "the SQLite database, or next to the backup)"))
    add_connection_options(q)
    q.set_defaults(func=run_restore)

    q = sub.add_parser("summary", help=_("aggregate figures of the programme"))
    add_format_options(q)
    add_connection_options(q)
    q.set_defaults(func=run_summary)

    q = sub.add_parser("audit", help=_("show the audit log (director and auditor)"))
    q.add_argument("--table", default=None, help=_("only changes to this table"))
    q.add_argument("--limit", type=COUNT, default=None, help=_("at most this many entries"))
    add_format_options(q)
    add_connection_options(q)
    q.set_defaults(func=run_audit)

    p.set_defaults(func=lambda _args: (p.print_help(), 2)[1])


def run_init(args: argparse.Namespace) -> int:
    """Migrate to head; optionally seed the demo programme."""
    from zhassyl.errors import ZhassylError
    from zhassyl.registry import demo, users
    from zhassyl.registry.db import migrate
    from zhassyl.registry.policy import authorize

    actor = actor_from(args)
    registry = open_registry(args, require_schema=False)
    authorize_schema_change(registry, actor)
    if args.demo:
        authorize(actor, "import")
    migrate(registry.engine)
    url = registry.engine.url.render_as_string(hide_password=True)
    print(_("database ready: {url}").format(url=url))
    if args.demo:
        with registry.session(actor) as s:
            if demo.registry_state(s) != "empty":
                raise ZhassylError(_("the database already holds records; the demo programme "
                                     "is only seeded into an empty database"))
            counts = demo.seed(s, actor)
            password = os.environ.get("ZHASSYL_DEMO_PASSWORD") or users.demo_password()
            names = users.seed_demo_users(s, actor, password)
        print(_("seeded the SYNTHETIC demo programme (invented data): {rows} rows").format(
            rows=sum(counts.values())))
        print(_("demo users (user name = role): {names}").format(names=", ".join(names)))
        if not os.environ.get("ZHASSYL_DEMO_PASSWORD"):
            print(_("demo password (shown once): {password}").format(password=password))
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    """Upgrade the schema."""
    from zhassyl.registry.db import current_revision, migrate

    registry = open_registry(args, require_schema=False)
    authorize_schema_change(registry, actor_from(args))
    migrate(registry.engine, args.revision)
    print(_("schema at revision {rev}").format(rev=current_revision(registry.engine)))
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import a file or directory in one transaction."""
    from zhassyl.errors import InputError
    from zhassyl.registry.importexport import read_path, validate_batch, write_batch
    from zhassyl.registry.policy import authorize

    actor = actor_from(args)
    authorize(actor, "import")
    registry = open_registry(args)
    batch = read_path(args.path, args.table)
    with registry.session(actor) as s:
        clean, problems = validate_batch(s, batch)
        if problems:
            raise InputError(problems)
        if args.dry_run:
            s.rollback()
            counts = {t: len(r) for t, r in clean.items() if r}
        else:
            counts = write_batch(s, actor, clean)
    verb = _("valid (nothing written)") if args.dry_run else _("imported")
    for table, n in counts.items():
        print(f"{table}: {n} {verb}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write CSV per table, fields.geojson and optionally XLSX."""
    from zhassyl.registry.importexport import export_dir

    actor = actor_from(args)
    registry = open_registry(args)
    with registry.session(actor) as s:
        files = export_dir(s, actor, args.directory, xlsx=args.xlsx)
    print(_("wrote {n} files to {dir}").format(n=len(files), dir=args.directory))
    return 0


def run_backup(args: argparse.Namespace) -> int:
    """Back up the database."""
    from zhassyl.registry.backup import backup

    registry = open_registry(args)
    path = backup(registry.engine, actor_from(args), args.file)
    print(_("backup written to {file}").format(file=path))
    return 0


def confirm(question: str) -> bool:
    """Ask ``question`` on standard error; read the answer from standard input."""
    print(f"{question} [{_('y/N')}] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline().strip().lower()
    return answer in ("y", "yes", _("y"), _("yes"))


def run_restore(args: argparse.Namespace) -> int:
    """Restore the database from a backup, after confirmation, keeping the trail."""
    from zhassyl.errors import ExitCode
    from zhassyl.registry.backup import restore, sqlite_backup_last_audit_id
    from zhassyl.registry.policy import authorize

    actor = actor_from(args)
    authorize(actor, "restore")
    registry = open_registry(args, require_schema=False)
    if not args.yes:
        url = registry.engine.url.render_as_string(hide_password=True)
        question = _("Replace the database {url} with the backup {file}? A copy of the "
                     "current database is kept.").format(url=url, file=args.file)
        last = sqlite_backup_last_audit_id(args.file) if registry.is_sqlite() else None
        if last is not None:
            newer = registry.audit_entries_after(last)
            if newer:
                question += " " + _("{n} audit entries written after the backup will not be "
                                    "carried over.").format(n=newer)
        if not confirm(question):
            print(_("restore cancelled; nothing changed (use --yes to restore without "
                    "asking)"), file=sys.stderr)
            return int(ExitCode.INPUT)
    report = restore(registry.engine, actor, args.file, keep_dir=args.keep_dir)
    print(_("database restored from {file}").format(file=args.file))
    if report.replaced_copy:
        print(_("the replaced database is kept in {path}").format(path=report.replaced_copy))
    if report.audit_rows_not_carried_over:
        print(_("{n} audit entries of the replaced database were not in the backup (they "
                "remain in the kept copy); the restore is recorded in the audit log").format(
            n=report.audit_rows_not_carried_over))
    return 0


def run_summary(args: argparse.Namespace) -> int:
    """Print the programme's aggregate figures."""
    from zhassyl.cli.output import write_records
    from zhassyl.registry.repositories import programme_summary

    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        summary = programme_summary(s, actor)
    write_records([{"figure": k, "value": v} for k, v in summary.items()], args.format,
                  args.output)
    return 0


def run_audit(args: argparse.Namespace) -> int:
    """Print audit log entries."""
    from zhassyl.cli.output import write_records
    from zhassyl.registry.repositories import audit_entries

    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        rows = audit_entries(s, actor, table=args.table, limit=args.limit)
    write_records(rows, args.format, args.output)
    return 0
