"""Docs that run: every ```python block of docs/*.md executes (FastAPI's docs_src idea),
and every ``$ zhassyl ...`` line of a ```console block runs as a user would type it (issue 18).

Console blocks of one page run in order in one fresh folder with its own registry
(``ZHASSYL_HOME``), holding the reference's ``RothC_input.dat`` for docs/rothc.md.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = [*sorted(DOCS.glob("*.md")), DOCS.parent / "README.md"]
BLOCKS = [(p.name, i, code) for p in PAGES
          for i, code in enumerate(re.findall(r"```python\n(.*?)```", p.read_text(), re.S))]


ROOT = DOCS.parent
ROTHC_INPUT = ROOT.parent / "shared" / "reference" / "rothc-example" / "RothC_input.dat"


def _console_commands(page: Path) -> list[str]:
    commands = []
    for block in re.findall(r"```console\n(.*?)```", page.read_text(), re.S):
        text = block.replace("\\\n", " ")
        commands += [line[2:].strip() for line in text.splitlines() if line.startswith("$ ")]
    return commands


CONSOLE = [(p.name, _console_commands(p)) for p in PAGES if _console_commands(p)]


def test_console_examples_exist_for_the_cli_pages():
    pages = {name for name, _c in CONSOLE}
    assert {"carbon.md", "rothc.md", "registry.md", "economics.md"} <= pages


@pytest.mark.parametrize("name, commands", CONSOLE, ids=[n for n, _c in CONSOLE])
def test_console_example_runs(name, commands, tmp_path):
    shutil.copy(ROTHC_INPUT, tmp_path / "RothC_input.dat")  # must exist: no skipping
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHASSYL_")}
    env.update({"PYTHONPATH": str(ROOT / "src"), "ZHASSYL_HOME": str(tmp_path / "home"),
                "ZHASSYL_LANG": "en", "MPLBACKEND": "Agg"})
    for command in commands:
        argv = shlex.split(command)
        assert argv[0] == "zhassyl", command
        done = subprocess.run([sys.executable, "-m", "zhassyl", *argv[1:]], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=1800)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name, index, code", BLOCKS, ids=[f"{n}-{i}" for n, i, _c in BLOCKS])
def test_doc_example_runs(name, index, code):
    exec(compile(code, f"{name}[{index}]", "exec"), {})
