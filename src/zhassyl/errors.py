"""Typed errors raised by Zhassyl, each with a code, parameters and an exit code.

Every error about user input names where the problem is (file, row, column) so
that a user can fix it without reading code.

An error carries a message id (an English template, also its ``code`` unless
one is given) and its parameters; the text is produced in the language of
whoever reads it, at that moment (:meth:`ZhassylError.render`, or ``str()`` in
the language of the current context, see :func:`zhassyl.i18n.language`).  So a
web server answers one request in Kazakh and the next in Russian from the same
error object, and no science layer needs to know the user's language.  Mark a
lazily translated template with :func:`zhassyl.i18n.N_`::

    raise InputError(Problem(path, 3, "tmax_c", N_("{value} is not a number"), {"value": v}))

Messages already translated with ``_()`` at the point of raising are accepted
too (they are shown as they are).

Exit codes of the command line (:class:`ExitCode`) are chosen by the class of
the error: bad input 1, usage 2, permission 3, unavailable service 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Exit codes of the ``zhassyl`` command (documented in README and ``--help``)."""

    OK = 0
    #: bad input (a file, a value, an unknown id) or a failed check
    INPUT = 1
    #: wrong use of the command line (unknown option, missing argument, bad combination)
    USAGE = 2
    #: permission denied (a role, or the file system)
    PERMISSION = 3
    #: a service needed is unavailable (database unreachable, external tool missing)
    UNAVAILABLE = 4
    #: an internal error (a bug; please report it)
    INTERNAL = 70
    #: interrupted (Ctrl-C; 128 + SIGINT)
    INTERRUPTED = 130


def _render(template: str, params: Mapping[str, Any] | None, lang: str | None) -> str:
    from zhassyl.i18n import gettext

    text = gettext(template, lang)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder
            return template.format(**params)
    return text


class ZhassylError(Exception):
    """Base class of all errors raised on purpose by Zhassyl.

    Parameters
    ----------
    message : str
        Message id: an English template with ``{name}`` placeholders (or a text
        already translated).
    code : str, optional
        A stable identifier for programs (default: the message id).
    **params
        Values of the placeholders.
    """

    exit_code: ExitCode = ExitCode.INPUT

    def __init__(self, message: str = "", /, *, code: str | None = None, **params: Any):
        self.msgid = message
        self.params = params
        self.code = code or message
        super().__init__(message)

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the language of the current context)."""
        return _render(self.msgid, self.params, lang)

    def __str__(self) -> str:
        return self.render()


class UsageError(ZhassylError):
    """The command line was used wrongly (options that cannot apply together, bad value)."""

    exit_code = ExitCode.USAGE


class AccessDenied(ZhassylError, PermissionError):
    """Not allowed: a role's permission, or a file or folder the user may not write."""

    exit_code = ExitCode.PERMISSION


class ServiceUnavailable(ZhassylError, ConnectionError):
    """A service Zhassyl needs cannot be reached (a database server, an external tool)."""

    exit_code = ExitCode.UNAVAILABLE


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the 1-based line number in the file (the header is line 1);
    ``None`` when the problem concerns the file as a whole.  ``message`` is a
    template filled from ``params`` and translated when rendered.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    params: Mapping[str, Any] | None = field(default=None, compare=False)

    def render(self, lang: str | None = None) -> str:
        """The problem as one line in ``lang`` (default: the current context's)."""
        from zhassyl.i18n import gettext

        where = [self.file]
        if self.row is not None:
            where.append(gettext("row {row}", lang).format(row=self.row))
        if self.column is not None:
            where.append(gettext("column '{column}'", lang).format(column=self.column))
        return f"{', '.join(where)}: {_render(self.message, self.params, lang)}"

    def __str__(self) -> str:
        return self.render()


class InputError(ZhassylError, ValueError):
    """Bad user input: a file, a row, a field.  Carries all problems found."""

    #: at most this many problems are listed in the message
    SHOWN = 20

    def __init__(self, problems: list[Problem] | Problem | str, /, **params: Any):
        if isinstance(problems, str):
            problems = [Problem("<input>", None, None, problems, params or None)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        first = self.problems[0].message if self.problems else ""
        super().__init__(first, code="input")

    def render(self, lang: str | None = None, limit: int | None = None) -> str:
        """The problems, one per line, at most ``limit`` (default :attr:`SHOWN`)."""
        from zhassyl.i18n import gettext

        shown = self.problems[:self.SHOWN if limit is None else limit]
        text = "\n".join(p.render(lang) for p in shown)
        if len(self.problems) > len(shown):
            text += "\n" + gettext("... and {n} more problems", lang).format(
                n=len(self.problems) - len(shown))
        return text


class ParameterError(ZhassylError, ValueError):
    """A parameter set (crop, soil, region, price) is missing or invalid."""


class BalanceError(ZhassylError, ArithmeticError):
    """A mass balance (water, salt, carbon) does not close within tolerance."""

    exit_code = ExitCode.INTERNAL
