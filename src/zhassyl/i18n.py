"""User-facing text in Kazakh, Russian and English (gettext catalogues).

Catalogues are the ``locale/<lang>.po`` files of the package.  They are parsed
at first use (no compiled ``.mo`` files, so nothing needs building).  English is
the fallback and the source language of every message id.

The language is a property of the caller, not of the process: it lives in a
context variable set at the edge (the command line sets it from
``ZHASSYL_LANG``, else ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG``, with
:func:`language_from_environment`; a web server sets it per request)::

    with language("kk"):
        print(_("error"))        # қате

so the science layers never read the environment, and one process can answer
in Kazakh and Russian at the same time (threads and asyncio tasks each see
their own context).  Outside any ``language()`` block the language is English.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources

LANGUAGES = ("en", "ru", "kk")

#: ``_("...")`` calls in Jinja2 templates (``*.html``).
_TEMPLATE_MESSAGE = re.compile(r'''\b_\(\s*"((?:[^"\\]|\\.)*)"''')


def parse_po(text: str) -> dict[str, str]:
    """Parse the text of a gettext ``.po`` file into ``{msgid: msgstr}``.

    Supports the subset Zhassyl writes: ``msgid``/``msgstr`` pairs with
    multi-line string continuation and ``#`` comments.  Empty translations
    are left out so that lookups fall back to the message id.
    """
    entries: dict[str, str] = {}
    key: str | None = None
    current: list[str] = []
    msgid = ""

    def flush() -> None:
        nonlocal msgid
        if key == "msgid":
            msgid = "".join(current)
        elif key == "msgstr":
            value = "".join(current)
            if msgid and value:
                entries[msgid] = value

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            key, current = "msgid", [ast.literal_eval(line[6:])]
        elif line.startswith("msgstr "):
            flush()
            key, current = "msgstr", [ast.literal_eval(line[7:])]
        elif line.startswith('"'):
            current.append(ast.literal_eval(line))
    flush()
    return entries


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The message catalogue of ``lang`` (empty for English or unknown)."""
    if lang == "en" or lang not in LANGUAGES:
        return {}
    path = resources.files("zhassyl") / "locale" / f"{lang}.po"
    return parse_po(path.read_text(encoding="utf-8"))


_LANGUAGE: ContextVar[str] = ContextVar("zhassyl_language", default="en")
#: The same context variable, for a server that sets and resets it per request
#: (``token = REQUEST_LANGUAGE.set("kk")`` ... ``REQUEST_LANGUAGE.reset(token)``).
REQUEST_LANGUAGE = _LANGUAGE


def normalise_language(value: str | None) -> str | None:
    """``ru_RU.UTF-8`` -> ``ru``; ``None`` when ``value`` names no supported language."""
    code = (value or "").split(":")[0].split("_")[0].split("-")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language asked for by ``ZHASSYL_LANG``, else the POSIX locale variables.

    Only the edges (the command line) call this; see :func:`language`.
    """
    env = os.environ if environ is None else environ
    for var in ("ZHASSYL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = normalise_language(env.get(var))
        if code:
            return code
    return "en"


def current_language() -> str:
    """The language of the current context (``en``, ``ru`` or ``kk``)."""
    return _LANGUAGE.get()


@contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Produce user-facing text in ``lang`` inside the block (unknown values: English)."""
    code = normalise_language(lang) or "en"
    token = _LANGUAGE.set(code)
    try:
        yield code
    finally:
        _LANGUAGE.reset(token)


def gettext(message: str, lang: str | None = None) -> str:
    """Translate ``message`` into ``lang`` (default: :func:`current_language`)."""
    return catalogue(lang or current_language()).get(message, message)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for translation later, when it is shown (returns it unchanged)."""
    return message


def extract_messages(source_root) -> list[str]:
    """Every constant message id passed to ``_()``, ``gettext()`` or ``N_()`` under ``source_root``.

    Python files are parsed; Jinja2 templates (``*.html``) contribute their
    ``_("...")`` calls with double-quoted literals.

    Used by ``scripts/update_catalogues.py`` and by the test that keeps the
    Kazakh and Russian catalogues complete.
    """
    from pathlib import Path

    found: dict[str, None] = {}
    for path in sorted(Path(source_root).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "gettext", "N_") and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found[node.args[0].value] = None
    for path in sorted(Path(source_root).rglob("*.html")):
        for match in _TEMPLATE_MESSAGE.finditer(path.read_text(encoding="utf-8")):
            found[ast.literal_eval('"' + match.group(1) + '"')] = None
    return list(found)


def format_po(entries: dict[str, str], lang: str) -> str:
    """The text of a ``.po`` file for ``lang`` holding ``entries`` (msgid -> msgstr)."""

    def quote(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = [
        f"# Zhassyl user-facing messages: {lang}",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {lang}\\n"',
        "",
    ]
    for msgid, msgstr in entries.items():
        lines += [f"msgid {quote(msgid)}", f"msgstr {quote(msgstr)}", ""]
    return "\n".join(lines)
