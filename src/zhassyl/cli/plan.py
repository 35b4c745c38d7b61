"""``zhassyl plan``: a field's printable plan (PDF) in Kazakh, Russian or English."""

from __future__ import annotations

import argparse

from zhassyl.cli.db import actor_from, add_connection_options, open_registry
from zhassyl.cli.validate import ROW_ID
from zhassyl.i18n import _


def register(subparsers) -> None:
    """Add the ``plan`` sub-command."""
    p = subparsers.add_parser(
        "plan", help=_("a field's printable plan (PDF)"),
        description=_("Write the farmer's field plan: what to sow and when, seeding rate, row "
                      "spacing, companion crop, irrigation, cuts, expected hay and money with "
                      "P10-P90, risks."))
    p.add_argument("--field", dest="field_id", type=ROW_ID, required=True, metavar="ID",
                   help=_("field id in the registry"))
    p.add_argument("--lang", choices=("kk", "ru", "en"), default="kk",
                   help=_("language of the plan (default kk)"))
    p.add_argument("-o", "--output", metavar="FILE", required=True, help=_("PDF file to write"))
    add_connection_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the PDF."""
    from pathlib import Path

    from zhassyl.i18n import REQUEST_LANGUAGE
    from zhassyl.registry import repositories as repo
    from zhassyl.web.plan import plan_pdf
    from zhassyl.web.services import field_inputs

    actor = actor_from(args)
    with open_registry(args).session(actor) as s:
        fld = repo.get_record(s, actor, "fields", args.field_id)
        inputs = field_inputs(s, actor, fld)
    token = REQUEST_LANGUAGE.set(args.lang)
    try:
        pdf = plan_pdf(inputs, args.lang)
    finally:
        REQUEST_LANGUAGE.reset(token)
    Path(args.output).write_bytes(pdf)
    print(_("field plan written to {file}").format(file=args.output))
    return 0
