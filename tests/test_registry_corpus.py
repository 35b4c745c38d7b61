# ruff: noqa: F811 - pytest fixtures imported from test_registry_support
"""Bad-input corpus: every case is refused with its file, line, column and a clear
message, and the database is left exactly as it was (checksum of all tables)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from test_registry_support import (  # noqa: F401 - fixtures
    DIRECTOR,
    backend,
    databases,
    demo_registry,
    demo_url,
)
from zhassyl.errors import InputError
from zhassyl.registry.backup import checksum
from zhassyl.registry.importexport import import_path

DATA = Path(__file__).parent / "data" / "registry"
CASES = list(csv.DictReader(open(DATA / "cases.csv", encoding="utf-8")))


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_bad_input_is_refused_and_nothing_changes(demo_registry, case, monkeypatch):
    monkeypatch.setenv("ZHASSYL_MAX_IMPORT_BYTES", "20000")
    before = checksum(demo_registry.engine)
    path = DATA / case["path"]
    with pytest.raises(InputError) as info:
        with demo_registry.session(DIRECTOR) as s:
            import_path(s, DIRECTOR, path, table=case["table"] or None)
    problems = info.value.problems
    matching = [p for p in problems
                if case["message"] in p.message
                and (not case["line"] or p.row == int(case["line"]))
                and (not case["column"] or p.column == case["column"])]
    assert matching, f"{case['case']}: {[str(p) for p in problems]}"
    assert all(Path(p.file).name in str(path) or path.name in p.file or path.is_dir()
               for p in matching)
    assert checksum(demo_registry.engine) == before
