"""``zhassyl users``: sign-in accounts of the web app (add, list, disable, enable).

Passwords are read from standard input (one line), never from the command line.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from zhassyl.cli.db import actor_from, add_connection_options, open_registry
from zhassyl.cli.validate import ROW_ID
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``users`` sub-command."""
    p = subparsers.add_parser("users", help=_("sign-in accounts of the web app"),
                              description=_("Add, list, disable and enable the accounts that "
                                            "sign in to the web app and the API."))
    sub = p.add_subparsers(dest="users_command", metavar="ACTION")
    q = sub.add_parser("add", help=_("add an account (password read from standard input)"))
    q.add_argument("name")
    q.add_argument("--role", dest="new_role", required=True,
                   help=_("director, staff, agronomist, trustee, auditor, farmer or viewer"))
    q.add_argument("--farm-id", dest="new_farm_id", type=ROW_ID, default=None, metavar="N",
                   help=_("the farm of a farmer's account"))
    q.add_argument("--database-url", metavar="URL", default=None,
                   help=_("database URL (default: $ZHASSYL_DATABASE_URL, else the embedded "
                          "SQLite file)"))
    q.add_argument("--user", default=None, help=_("acting user name for the audit log "
                                                  "(default: $ZHASSYL_USER or login name)"))
    q.set_defaults(func=run_add, role=None, farm_id=None)
    q = sub.add_parser("list", help=_("list the accounts"))
    q.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help=_("output format (default table)"))
    q.add_argument("-o", "--output", metavar="FILE", help=_("output file (default: stdout)"))
    add_connection_options(q)
    q.set_defaults(func=run_list)
    for action, helptext in (("disable", _("disable an account (its sessions end)")),
                             ("enable", _("enable a disabled account"))):
        q = sub.add_parser(action, help=helptext)
        q.add_argument("name")
        add_connection_options(q)
        q.set_defaults(func=run_disable, disabled=action == "disable")
    p.set_defaults(func=lambda _args: (p.print_help(), 2)[1])


def read_password() -> str:
    """One password line from standard input (prompted without echo on a terminal)."""
    if sys.stdin.isatty():
        return getpass.getpass(_("password: "))
    return sys.stdin.readline().rstrip("\r\n")


def run_add(args: argparse.Namespace) -> int:
    """Add an account."""
    from zhassyl.registry.users import add_user

    actor = actor_from(args)
    password = read_password()
    with open_registry(args).session(actor) as s:
        user = add_user(s, actor, args.name, args.new_role, password, args.new_farm_id)
    print(_("user {name} added with role {role}").format(name=user["name"], role=user["role"]))
    return 0


def run_list(args: argparse.Namespace) -> int:
    """List accounts."""
    from zhassyl.cli.output import write_records
    from zhassyl.registry.users import list_users

    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        rows = list_users(s, actor)
    for row in rows:
        row["created_at"] = row["created_at"].isoformat(timespec="seconds")
    write_records(rows, args.format, args.output)
    return 0


def run_disable(args: argparse.Namespace) -> int:
    """Disable or enable an account."""
    from zhassyl.registry.users import set_disabled

    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        set_disabled(s, actor, args.name, args.disabled)
    print((_("user {name} disabled") if args.disabled else _("user {name} enabled")).format(
        name=args.name))
    return 0
