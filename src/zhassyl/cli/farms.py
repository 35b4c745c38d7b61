"""``zhassyl farms``: list and show the farms of the registry (as the acting role allows)."""

from __future__ import annotations

import argparse

from zhassyl.cli.db import actor_from, add_connection_options, open_registry
from zhassyl.cli.output import add_format_options
from zhassyl.cli.validate import ROW_ID
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``farms`` sub-command."""
    p = subparsers.add_parser("farms", help=_("farms of the programme registry"),
                              description=_("List or show farms of the registry."))
    sub = p.add_subparsers(dest="farms_command", metavar="ACTION")
    q = sub.add_parser("list", help=_("list farms with their region and field area"))
    q.add_argument("--region", default=None, help=_("only farms of this region (code)"))
    add_format_options(q)
    add_connection_options(q)
    q.set_defaults(func=run_list)
    q = sub.add_parser("show", help=_("one farm and its fields"))
    q.add_argument("id", metavar="FARM_ID", type=ROW_ID,
                   help=_("the farm's id (a farmer sees only their own farm)"))
    add_format_options(q)
    add_connection_options(q)
    q.set_defaults(func=run_show)
    p.set_defaults(func=lambda _args: (p.print_help(), 2)[1])


def run_list(args: argparse.Namespace) -> int:
    """Print the farms."""
    from zhassyl.cli.output import write_records
    from zhassyl.registry.repositories import list_farms

    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        rows = list_farms(s, actor, region=args.region)
    write_records(rows, args.format, args.output)
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print one farm's fields."""
    from zhassyl.cli.output import write_records
    from zhassyl.registry.repositories import get_record, list_records

    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        farm = get_record(s, actor, "farms", args.id)
        fields = list_records(s, actor, "fields", farm_id=args.id)
    if args.format == "table" and not args.output:
        print(_("farm {id}: {name}").format(id=farm["id"], name=farm["name"]))
    write_records([{k: v for k, v in f.items() if k != "geometry"} for f in fields],
                  args.format, args.output)
    return 0
