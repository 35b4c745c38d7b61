"""The Kazakh and Russian catalogues cover every user-facing message of the code."""

import re
from pathlib import Path

import pytest

from zhassyl.i18n import (
    catalogue,
    current_language,
    extract_messages,
    gettext,
    language,
    language_from_environment,
    parse_po,
)

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
    with language("ru"):
        assert gettext("error") == "ошибка"
        assert gettext("error", lang="kk") == "қате"
        assert gettext("error", lang="en") == "error"
    assert gettext("a message nobody translated", lang="kk") == "a message nobody translated"


def test_language_is_set_at_the_edge_not_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ZHASSYL_LANG", "kk")
    assert current_language() == "en"  # the environment alone changes nothing below the edge
    assert language_from_environment() == "kk"
    monkeypatch.delenv("ZHASSYL_LANG")
    assert language_from_environment({"LANG": "ru_RU.UTF-8"}) == "ru"
    assert language_from_environment({"LANG": "C.UTF-8"}) == "en"
    with language("kk"):
        assert current_language() == "kk"
        with language("ru"):
            assert current_language() == "ru"
        assert current_language() == "kk"
    assert current_language() == "en"


def test_same_error_rendered_in_en_ru_kk_in_one_process():
    """Errors carry a code and parameters; the text is made in the reader's language."""
    from zhassyl.errors import InputError, Problem, UsageError
    from zhassyl.i18n import N_

    exc = UsageError(N_("unknown schema revision '{rev}'; expected head or one of: {known}"),
                     rev="x9", known="0001")
    assert exc.code == "unknown schema revision '{rev}'; expected head or one of: {known}"
    assert exc.params == {"rev": "x9", "known": "0001"}
    en, ru, kk = (exc.render(lang) for lang in ("en", "ru", "kk"))
    assert en == "unknown schema revision 'x9'; expected head or one of: 0001"
    assert ru.startswith("неизвестная ревизия схемы 'x9'")
    assert kk.startswith("белгісіз сұлба ревизиясы 'x9'")
    with language("kk"):
        assert str(exc) == kk  # str() follows the context (a web request, the CLI)
    problem = InputError(Problem("w.csv", 3, "tmax_c", N_("unknown field")))
    assert problem.render("en") == "w.csv, row 3, column 'tmax_c': unknown field"
    assert problem.render("ru") == "w.csv, строка 3, столбец 'tmax_c': неизвестное поле"
    assert problem.render("kk") == "w.csv, 3-жол, 'tmax_c' бағаны: белгісіз өріс"


def test_languages_of_concurrent_requests_do_not_mix():
    """Two threads (two web requests) each see their own language."""
    import threading

    seen = {}

    def request(lang):
        with language(lang):
            barrier.wait()
            seen[lang] = gettext("error")

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=request, args=(lang,)) for lang in ("ru", "kk")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"ru": "ошибка", "kk": "қате"}


def test_parse_po_multiline_and_escapes():
    text = 'msgid ""\nmsgstr "header"\n\nmsgid "a \\"b\\""\nmsgstr ""\n"x\\n"\n"y"\n'
    assert parse_po(text) == {'a "b"': "x\ny"}


def test_errors_survive_pickling_with_code_and_parameters():
    """Errors cross process boundaries (Dask workers) and are rendered where they are read."""
    import pickle

    from zhassyl.cli.parser import CommandLineError
    from zhassyl.errors import InputError, Problem, UsageError
    from zhassyl.i18n import N_

    errors = [UsageError(N_("cannot reach the database {url}: {error}"), url="u", error="e"),
              InputError(Problem("f.csv", 2, "c", N_("unknown field"))),
              CommandLineError("zhassyl x", "unrecognized arguments: --y")]
    for exc in errors:
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and back.code == exc.code
        assert [back.render(lang) for lang in ("en", "ru", "kk")] == \
            [exc.render(lang) for lang in ("en", "ru", "kk")]
