"""The ``zhassyl`` command line.

Each sub-command lives in its own module of this package and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a
function taking the parsed ``argparse.Namespace`` and returning an exit code.

One error path: whatever goes wrong — a file, a folder, a database, an option,
an environment variable, Ctrl-C — :func:`main` reports it as a short message in
the user's language (``ZHASSYL_LANG``: en, ru, kk) on standard error, never a
traceback (``ZHASSYL_DEBUG=1`` adds the traceback of an internal error), and
exits with one of these codes (:class:`zhassyl.errors.ExitCode`):

==== =================================================================
code meaning
==== =================================================================
0    success
1    bad input (a file, a value, an unknown id) or a failed check
2    wrong use of the command line (unknown option, missing argument,
     options that cannot apply together)
3    permission denied (a role, or a file or folder)
4    a service is unavailable (database unreachable, tool missing)
70   internal error (a bug: please report it)
130  interrupted (Ctrl-C)
==== =================================================================
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
import warnings

from zhassyl import __version__
from zhassyl.errors import ExitCode, InputError, ZhassylError
from zhassyl.i18n import N_, _, language, language_from_environment

#: Sub-command modules, in the order ``--help`` lists them.
COMMAND_MODULES = ("demo", "et0", "weather", "simulate", "compare", "economics", "carbon",
                   "rothc", "aquacrop", "db", "farms", "bench", "impact", "claims", "report",
                   "calibrate", "users", "serve", "plan", "scale")
#: Commands that run the engine (a notice is shown if Numba compiles it).
ENGINE_COMMANDS = ("demo", "simulate", "compare", "economics", "carbon", "aquacrop", "bench",
                   "calibrate", "serve", "plan", "scale")
#: Options naming an output file, checked before a command runs.
OUTPUT_OPTIONS = ("output", "daily", "seasons", "plot")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every sub-command registered."""
    from zhassyl.cli.parser import Parser

    parser = Parser(
        prog="zhassyl",
        description=_(
            "Zhassyl: plan and simulate the restoration of salinised irrigated land "
            "with alfalfa under green cover."
        ),
        epilog=_("Exit codes: 0 success, 1 bad input or failed check, 2 usage error, "
                 "3 permission denied, 4 service unavailable, 70 internal error, "
                 "130 interrupted. Messages in the language of ZHASSYL_LANG (en, ru, kk)."),
    )
    parser.add_argument("--version", action="version", version=f"zhassyl {__version__}",
                        help=_("show the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"zhassyl.cli.{name}")
        module.register(sub)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):  # noqa: ARG001
    print(f"{_('warning')}: {message}", file=sys.stderr)


def prepare_outputs(args: argparse.Namespace) -> None:
    """``-o -`` means standard output; the format follows ``-o``; outputs are writable.

    Checked before the command runs, so a long simulation does not end in an
    error about its output folder.
    """
    from zhassyl.cli.output import FORMATS, WIDE, check_output, is_stdout, resolve_format

    if getattr(args, "output", None) is not None and is_stdout(args.output):
        args.output = None
    if hasattr(args, "format"):
        args.format = resolve_format(args.format, getattr(args, "output", None),
                                     choices=getattr(args, "format_choices", None) or FORMATS)
    if getattr(args, "wide", False):
        WIDE.set(True)
    for dest in OUTPUT_OPTIONS:
        value = getattr(args, dest, None)
        if value is not None:
            check_output(value, folder_ok=bool(getattr(args, "output_may_be_folder", False)))


#: errno -> (message id, exit code) for file-system errors.
_OS_ERRORS = {
    errno.ENOENT: (N_("no such file or folder"), ExitCode.INPUT),
    errno.ENOTDIR: (N_("not a folder"), ExitCode.INPUT),
    errno.EISDIR: (N_("is a folder; give a file name"), ExitCode.INPUT),
    errno.EACCES: (N_("permission denied"), ExitCode.PERMISSION),
    errno.EPERM: (N_("operation not permitted"), ExitCode.PERMISSION),
    errno.EROFS: (N_("read-only file system"), ExitCode.PERMISSION),
    errno.ENOSPC: (N_("no space left on the device"), ExitCode.UNAVAILABLE),
    errno.EEXIST: (N_("already exists"), ExitCode.INPUT),
    errno.ENAMETOOLONG: (N_("file name too long"), ExitCode.INPUT),
}


def describe_os_error(exc: OSError) -> tuple[str, ExitCode]:
    """A one-line message naming the file, and the exit code, of a file-system error."""
    msgid, code = _OS_ERRORS.get(exc.errno, (None, ExitCode.INPUT))
    reason = _(msgid) if msgid else (exc.strerror or exc.__class__.__name__)
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    return (f"{' -> '.join(names)}: {reason}" if names else reason), code


def describe_library_error(exc: Exception) -> tuple[str, ExitCode] | None:
    """Messages for errors of the libraries the command line drives (database drivers)."""
    import sqlite3

    if isinstance(exc, sqlite3.OperationalError):
        return _("database error: {error}").format(error=str(exc)), ExitCode.UNAVAILABLE
    if isinstance(exc, sqlite3.Error):
        return _("database error: {error}").format(error=str(exc)), ExitCode.INPUT
    try:
        from sqlalchemy import exc as sa_exc
    except ImportError:  # pragma: no cover
        return None
    if isinstance(exc, sa_exc.OperationalError):
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        return (_("the database is unavailable: {error}").format(error=detail),
                ExitCode.UNAVAILABLE)
    if isinstance(exc, sa_exc.DatabaseError):
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        return _("database error: {error}").format(error=detail), ExitCode.INPUT
    return None


def _say(message: str) -> None:
    """Print an error message on standard error, prefixed with ``error:``."""
    print(f"{_('error')}: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line in the language of the environment; return the exit code."""
    with language(language_from_environment()):
        return _run(argv)


#: Problems listed for bad input, unless the command lists them all (``weather check``,
#: ``db import``: their purpose is to show everything to fix).
PROBLEMS_SHOWN = 2


def _run(argv: list[str] | None) -> int:
    args = None
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return int(ExitCode.USAGE)
        warnings.showwarning = _show_warning
        prepare_outputs(args)
        if args.command in ENGINE_COMMANDS:
            from zhassyl.cli.compile_notice import compile_notice

            with compile_notice():
                return int(args.func(args) or 0)
        return int(args.func(args) or 0)
    except InputError as exc:
        list_all = bool(getattr(args, "list_all_problems", False))
        _say(exc.render(limit=None if list_all else PROBLEMS_SHOWN))
        denied = isinstance(exc.__cause__ or exc.__context__, PermissionError)
        return int(ExitCode.PERMISSION if denied else exc.exit_code)
    except ZhassylError as exc:
        _say(exc.render())
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        _say(_("interrupted; nothing was written"))
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # the reader (head, less) went away: not an error; silence the final flush
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(ExitCode.OK)
    except OSError as exc:
        message, code = describe_os_error(exc)
        _say(message)
        return int(code)
    except MemoryError:
        _say(_("not enough memory; try fewer fields or years"))
        return int(ExitCode.UNAVAILABLE)
    except Exception as exc:  # the last line of defence: no traceback for a user
        described = describe_library_error(exc)
        if described:
            _say(described[0])
            return int(described[1])
        _say(_("internal error ({kind}: {error}); please report it "
                 "(ZHASSYL_DEBUG=1 shows the details)").format(
            kind=type(exc).__name__, error=str(exc).splitlines()[0] if str(exc) else ""))
        if os.environ.get("ZHASSYL_DEBUG"):
            import traceback

            traceback.print_exc()
        return int(ExitCode.INTERNAL)
