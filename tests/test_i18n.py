"""The Kazakh and Russian catalogues cover every user-facing message of the code."""

import re
from pathlib import Path

import pytest

from zhassyl.i18n import catalogue, extract_messages, gettext, parse_po

SRC = Path(__file__).resolve().parents[1] / "src" / "zhassyl"
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_message_is_translated(lang):
    ids = extract_messages(SRC)
    assert len(ids) > 20  # the CLI has many messages; an empty extraction is a bug
    cat = catalogue(lang)
    missing = [m for m in ids if m not in cat]
    assert not missing, f"{lang}.po lacks translations for: {missing[:10]}"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_translations_keep_placeholders(lang):
    for msgid, msgstr in catalogue(lang).items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


def test_language_selection(monkeypatch):
    monkeypatch.setenv("ZHASSYL_LANG", "ru")
    assert gettext("error") == "ошибка"
    assert gettext("error", lang="kk") == "қате"
    assert gettext("error", lang="en") == "error"
    assert gettext("a message nobody translated", lang="kk") == "a message nobody translated"


def test_parse_po_multiline_and_escapes():
    text = 'msgid ""\nmsgstr "header"\n\nmsgid "a \\"b\\""\nmsgstr ""\n"x\\n"\n"y"\n'
    assert parse_po(text) == {'a "b"': "x\ny"}
