"""Docs that run: every ```python block of docs/*.md executes (FastAPI's docs_src idea)."""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = [*sorted(DOCS.glob("*.md")), DOCS.parent / "README.md"]
BLOCKS = [(p.name, i, code) for p in PAGES
          for i, code in enumerate(re.findall(r"```python\n(.*?)```", p.read_text(), re.S))]


@pytest.mark.parametrize("name, index, code", BLOCKS, ids=[f"{n}-{i}" for n, i, _c in BLOCKS])
def test_doc_example_runs(name, index, code):
    exec(compile(code, f"{name}[{index}]", "exec"), {})
