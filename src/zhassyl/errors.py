"""Typed errors raised by Zhassyl.

Every error about user input names where the problem is (file, row, column) so
that a user can fix it without reading code.  Messages are translated through
:func:`zhassyl.i18n.gettext` at the point where they are raised.
"""

from __future__ import annotations

from dataclasses import dataclass


class ZhassylError(Exception):
    """Base class of all errors raised on purpose by Zhassyl."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the 1-based line number in the file (the header is line 1);
    ``None`` when the problem concerns the file as a whole.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class InputError(ZhassylError, ValueError):
    """Bad user input: a file, a row, a field.  Carries all problems found."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("<input>", None, None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        shown = self.problems[:20]
        text = "\n".join(str(p) for p in shown)
        if len(self.problems) > len(shown):
            text += f"\n... and {len(self.problems) - len(shown)} more problems"
        super().__init__(text)


class ParameterError(ZhassylError, ValueError):
    """A parameter set (crop, soil, region, price) is missing or invalid."""


class BalanceError(ZhassylError, ArithmeticError):
    """A mass balance (water, salt, carbon) does not close within tolerance."""
