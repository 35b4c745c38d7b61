"""The command line's argument parser: argparse, speaking the user's language.

:class:`Parser` is an :class:`argparse.ArgumentParser` (argparse itself is not
changed) that

- translates argparse's own texts ("usage:", "options", "show this help message
  and exit", and the error messages such as "the following arguments are
  required") into the language of the current context;
- reports a usage error in two lines (the error naming the option, and where to
  find the usage) with exit code 2, instead of the whole usage text: it raises
  :class:`CommandLineError`, which :func:`zhassyl.cli.main` reports like any
  other error;
- gives every ``--format`` option an "inferred" default: when ``--format`` is
  not given, :func:`zhassyl.cli.output.resolve_format` chooses the format from
  the extension of ``-o`` (``.csv``, ``.json``), else the option's default;
  and adds ``--wide`` (tables with every column) next to each ``--format`` that
  offers tables.
"""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

from zhassyl.errors import UsageError
from zhassyl.i18n import N_, _, current_language


class FormatDefault(str):
    """The default of a ``--format`` option: used only when ``-o`` says nothing."""

    __slots__ = ()


def format_help(choices: tuple[str, ...], default: str) -> str:
    """The help of a ``--format`` option: the real default (from ``-o``'s extension)."""
    from zhassyl.cli.output import EXTENSION_FORMATS

    implied = ", ".join(f"{ext} {fmt}" for ext, fmt in EXTENSION_FORMATS.items()
                        if fmt in choices)
    return _("output format (default: the one the extension of -o names ({implied}), "
             "else {default})").format(implied=implied, default=default)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with a translated ``usage:`` prefix."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = _("usage: ")
        super().add_usage(usage, actions, groups, prefix)


#: argparse's error messages (Python 3.11-3.13 wordings) and their message ids.
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern + r"\Z", re.S), msgid) for pattern, msgid in (
        (r"the following arguments are required: (?P<args>.*)",
         N_("the following arguments are required: {args}")),
        (r"unrecognized arguments: (?P<args>.*)", N_("unrecognized arguments: {args}")),
        (r"invalid (?P<type>\S+) value: (?P<value>.*)", N_("invalid {type} value: {value}")),
        (r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)",
         N_("invalid choice: {value} (choose from {choices})")),
        (r"expected one argument", N_("expected one value")),
        (r"expected at most one argument", N_("expected at most one value")),
        (r"expected at least one argument", N_("expected at least one value")),
        (r"expected (?P<n>\d+) arguments?", N_("expected {n} values")),
        (r"not allowed with argument (?P<other>.*)", N_("not allowed with argument {other}")),
        (r"ignored explicit argument (?P<value>.*)", N_("ignored explicit value {value}")),
        (r"one of the arguments (?P<args>.*) is required",
         N_("one of the arguments {args} is required")),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)",
         N_("ambiguous option: {option} could match {matches}")),
        (r"unexpected option string: (?P<option>.*)", N_("unexpected option {option}")),
    ))
_ARGUMENT_PREFIX = re.compile(r"argument (?P<argument>[^:]+): (?P<rest>.*)\Z", re.S)


def translate_argparse_message(message: str) -> str:
    """An argparse error message in the language of the current context."""
    m = _ARGUMENT_PREFIX.match(message)
    if m:
        return _("argument {argument}: {message}").format(
            argument=m["argument"], message=translate_argparse_message(m["rest"]))
    for pattern, msgid in _ARGPARSE_ERRORS:
        m = pattern.match(message)
        if m:
            return _(msgid).format(**m.groupdict())
    return message


class Parser(argparse.ArgumentParser):
    """:class:`argparse.ArgumentParser` in the user's language, with short usage errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=_("show this help message and exit"))

    def add_argument(self, *args, **kwargs):
        if "--format" not in args:
            return super().add_argument(*args, **kwargs)
        choices = tuple(kwargs.get("choices") or ())
        if isinstance(kwargs.get("default"), str):
            kwargs["default"] = FormatDefault(kwargs["default"])
            kwargs["help"] = format_help(choices, kwargs["default"])
        action = super().add_argument(*args, **kwargs)
        self.set_defaults(format_choices=choices)
        if "table" in (kwargs.get("choices") or ()) and "--wide" not in self._option_string_actions:
            super().add_argument("--wide", action="store_true",
                                 help=_("show every column of a table (default: the columns "
                                        "that fit the terminal)"))
        return action

    def error(self, message: str) -> NoReturn:
        """Raise :class:`CommandLineError` (reported by :func:`zhassyl.cli.main`, exit 2)."""
        raise CommandLineError(self.prog, message)


class CommandLineError(UsageError):
    """argparse refused the command line: the error naming the option, and where the usage is."""

    def __init__(self, prog: str, message: str):
        super().__init__(message, code="command-line")
        self.prog = prog

    def __reduce__(self):
        return (type(self), (self.prog, self.msgid))

    def render(self, lang: str | None = None) -> str:
        from zhassyl.i18n import language

        with language(lang or current_language()):
            text = translate_argparse_message(self.msgid)
            return f"{self.prog}: {text}\n" + _("see '{prog} --help'").format(prog=self.prog)
