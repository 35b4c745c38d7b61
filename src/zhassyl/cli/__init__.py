"""The ``zhassyl`` command line.

Each sub-command lives in its own module of this package and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a
function taking the parsed ``argparse.Namespace`` and returning an exit code.
Exit codes: 0 success, 1 bad input or failed check, 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings

from zhassyl import __version__
from zhassyl.errors import ZhassylError
from zhassyl.i18n import _

#: Sub-command modules, in the order ``--help`` lists them.
COMMAND_MODULES = ("demo", "et0", "weather", "simulate", "compare", "economics", "carbon",
                   "rothc", "aquacrop", "db", "farms", "bench", "scale")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="zhassyl",
        description=_(
            "Zhassyl: plan and simulate the restoration of salinised irrigated land "
            "with alfalfa under green cover."
        ),
    )
    parser.add_argument("--version", action="version", version=f"zhassyl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"zhassyl.cli.{name}")
        module.register(sub)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):  # noqa: ARG001
    print(f"{_('warning')}: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    warnings.showwarning = _show_warning
    try:
        return int(args.func(args) or 0)
    except ZhassylError as exc:
        print(f"{_('error')}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
