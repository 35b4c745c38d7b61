"""User-facing text in Kazakh, Russian and English (gettext catalogues).

Catalogues are the ``locale/<lang>.po`` files of the package.  They are parsed
at first use (no compiled ``.mo`` files, so nothing needs building).  The
language is chosen by ``ZHASSYL_LANG`` or, failing that, ``LANGUAGE``/``LANG``;
English is the fallback and the source language of every message id.
"""

from __future__ import annotations

import ast
import os
import re
from contextvars import ContextVar
from functools import cache
from importlib import resources

LANGUAGES = ("en", "ru", "kk")

#: The language of the request being served (set by the web app per request; ``None``
#: outside a request, where the environment decides).
REQUEST_LANGUAGE: ContextVar[str | None] = ContextVar("zhassyl_request_language", default=None)
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


def current_language() -> str:
    """The language of the current request, else the environment's (``en``, ``ru``, ``kk``)."""
    requested = REQUEST_LANGUAGE.get()
    if requested in LANGUAGES:
        return requested
    for var in ("ZHASSYL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        code = value.split(":")[0].split("_")[0].split(".")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def gettext(message: str, lang: str | None = None) -> str:
    """Translate ``message`` into ``lang`` (default: :func:`current_language`)."""
    return catalogue(lang or current_language()).get(message, message)


_ = gettext


def extract_messages(source_root) -> list[str]:
    """Every constant message id passed to ``_()`` or ``gettext()`` under ``source_root``.

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
                    and node.func.id in ("_", "gettext") and node.args
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
