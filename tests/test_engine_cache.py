"""The compiled-code cache never breaks a run: stale, corrupt or unusable caches.

The engine compiles with Numba and caches machine code on disk
(:mod:`zhassyl.engine.jit`).  These tests run fresh Python processes against
cache directories in every bad state we can make and check that the results
are the ones the code computes, not the ones a stale cache holds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

HELPER_V1 = "def offset():\n    return 1.0\n"
HELPER_V2 = "def offset():\n    return 2.0\n"
KERNEL = textwrap.dedent("""
    import numpy as np
    from helper import offset
    from zhassyl.engine.jit import jit

    OFF = offset()

    @jit
    def shifted_sum(x):
        s = 0.0
        for v in x:
            s += v + OFF
        return s
""")
RUN = ("import numpy as np, kern; f = kern.shifted_sum; "
       "print(repr(f(np.arange(10.0))), sum(f.stats.cache_hits.values()))")


def _run(moddir: Path, cache_dir: str, code: str = RUN) -> tuple[str, str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), str(moddir)]),
               NUMBA_CACHE_DIR=cache_dir)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()[0], out.stdout.split()[-1]


@pytest.fixture
def module_dir(tmp_path):
    d = tmp_path / "mod"
    d.mkdir()
    (d / "helper.py").write_text(HELPER_V1)
    (d / "kern.py").write_text(KERNEL)
    return d


def test_cache_is_used_then_invalidated_by_a_change_in_another_file(module_dir, tmp_path):
    cache = str(tmp_path / "cache")
    assert _run(module_dir, cache) == ("55.0", "0")    # compiled: 45 + 10 x 1
    assert _run(module_dir, cache) == ("55.0", "1")    # loaded from the cache
    # a change in a module the kernel depends on (not its own file) must not load stale code
    (module_dir / "helper.py").write_text(HELPER_V2)
    assert _run(module_dir, cache) == ("65.0", "0")
    assert _run(module_dir, cache) == ("65.0", "1")


def test_corrupt_cache_entries_are_compiled_afresh(module_dir, tmp_path):
    cache = tmp_path / "cache"
    _run(module_dir, str(cache))
    files = [p for p in cache.rglob("*") if p.suffix in (".nbi", ".nbc")]
    assert files
    for p in files:
        p.write_bytes(b"\x80\x04not a pickle")
    assert _run(module_dir, str(cache))[0] == "55.0"
    for p in files:                                      # truncated to nothing
        p.write_bytes(b"")
    assert _run(module_dir, str(cache))[0] == "55.0"


def test_unusable_cache_directory_still_runs(module_dir, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    # NUMBA_CACHE_DIR below a regular file cannot be created, even by root
    assert _run(module_dir, str(blocker / "cache"))[0] == "55.0"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes to read-only directories; covered by the unusable-dir test")
def test_read_only_filled_cache_is_loaded(module_dir, tmp_path):
    cache = tmp_path / "cache"
    _run(module_dir, str(cache))
    for p in [cache, *cache.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        assert _run(module_dir, str(cache)) == ("55.0", "1")
    finally:
        for p in [cache, *cache.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)


def test_no_usable_directory_compiles_in_memory(monkeypatch, tmp_path):
    from numba.core.caching import NullCache

    from zhassyl.engine import jit as jit_module

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(jit_module.EngineCacheLocator, "candidates",
                        staticmethod(lambda py_file: [str(blocker / "cache")]))

    def twice(x):
        return 2.0 * x

    compiled = jit_module.jit(twice)
    assert isinstance(compiled._cache, NullCache)
    assert compiled(3.5) == 7.0


def test_engine_results_unchanged_with_an_unusable_cache_dir(tmp_path):
    """The real kernel in a fresh process with NUMBA_CACHE_DIR unusable gives the same numbers."""
    from zhassyl.engine.simulate import simulate
    from zhassyl.scenario.bench import build_case

    case = build_case(12, 2)
    res = simulate(case.fields, case.weather, daily=False, max_cuts=case.max_cuts)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = tmp_path / "season.npy"
    code = ("import numpy as np; from zhassyl.scenario.bench import build_case; "
            "from zhassyl.engine.simulate import simulate; c = build_case(12, 2); "
            "r = simulate(c.fields, c.weather, daily=False, max_cuts=c.max_cuts); "
            f"np.save({str(out)!r}, r.season); print('ok')")
    env = dict(os.environ, PYTHONPATH=str(SRC), NUMBA_CACHE_DIR=str(blocker / "cache"))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    np.testing.assert_array_equal(np.load(out), res.season)
