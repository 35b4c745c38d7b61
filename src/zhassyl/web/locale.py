"""The language of a request and locale-aware formatting of numbers and dates (Babel).

The language is chosen by ``?lang=`` (remembered in a cookie), then the
cookie, then the browser's ``Accept-Language``, then English.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from zhassyl.i18n import LANGUAGES

#: Names of the languages in themselves (for the language switch).
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def parse_accept_language(header: str | None) -> list[str]:
    """Language codes of an ``Accept-Language`` header, best first (RFC 9110 section 12.5.4)."""
    if not header:
        return []
    ranked = []
    for k, part in enumerate(header.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _sep, params = piece.partition(";")
        q = 1.0
        for p in params.split(";"):
            name, _eq, value = p.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranked.append((-q, k, tag.strip().split("-")[0].lower()))
    return [code for q, _k, code in sorted(ranked) if q < 0]


def choose_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The request's language: ``?lang=``, then the cookie, then Accept-Language, then en."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate
    for code in parse_accept_language(accept):
        if code in LANGUAGES:
            return code
    return "en"


def format_number(value, lang: str, digits: int = 1) -> str:
    """``value`` with the locale's grouping and decimal signs; ``-`` for ``None``."""
    if value is None:
        return "-"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=lang)


def format_date(value: dt.date | None, lang: str) -> str:
    """A date in the locale's medium format; ``-`` for ``None``."""
    if value is None:
        return "-"
    return _babel_date(value, format="medium", locale=lang)


def format_day_month(value: dt.date, lang: str) -> str:
    """Day and month only (model calendars have no meaningful year), e.g. "5 May"."""
    from babel.dates import format_skeleton

    return format_skeleton("MMMd", value, locale=lang)
