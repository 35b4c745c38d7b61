"""The one place where the engine's Numba compilation options and its disk cache are set.

``error_model="numpy"`` drops Python's division checks; the fast-math subset
allows contraction (FMA), reciprocal approximation, no signed zeros and fast
library functions, but keeps NaN/Inf semantics and the order of additions
(no ``nnan``, ``ninf``, ``reassoc``), so balances still close to 1e-9.

Compiled code is cached on disk, but not with Numba's own rule, which keys a
function's cache on its own source file only: a kernel whose callee in another
module changed would load stale machine code.  Here every function compiled
with :func:`jit` is keyed on a hash of *all* the engine's source files (this
package), the file that defines it, the Numba version and the options below,
so any change of the engine's code invalidates every entry (for a function
defined outside the engine, e.g. RothC, its own package directory's sources
are hashed as well).  The cache lives
in a sub-directory named by that hash, under the first usable of: Numba's
``NUMBA_CACHE_DIR`` (``numba.config.CACHE_DIR``), the ``__pycache__`` next to
the source file, Numba's user-wide cache directory.  A directory is usable when
it is writable, or read-only but already filled (loads only).  A cache entry
that cannot be read (truncated, corrupt, from an incompatible build) is
compiled afresh, and a cache that cannot be written is skipped: a broken or
read-only cache costs compile time, never a wrong result or a failed run.
When no directory is usable at all, the function is compiled without a disk
cache.

Reading the package's own source files to hash them is the only file access
here; the science modules still do no I/O.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

import numba
from numba.core import config as numba_config
from numba.core.caching import (
    CompileResultCacheImpl,
    FunctionCache,
    IndexDataCacheFile,
    _CacheLocator,
)

FASTMATH = frozenset({"nsz", "arcp", "contract", "afn"})
_OPTIONS = {"error_model": "numpy", "fastmath": FASTMATH}

_ENGINE_DIR = Path(__file__).resolve().parent


@cache
def source_hash(extra_file: str | None = None) -> str:
    """Hash of the engine's sources, Numba's version and the compilation options.

    Parameters
    ----------
    extra_file : str, optional
        The file defining a function compiled with :func:`jit`: the sources of
        its package directory are hashed too (e.g. ``carbon/`` for RothC).

    Returns
    -------
    str
        16 hex digits.
    """
    h = hashlib.sha256()
    h.update(f"numba {numba.__version__} python {sys.version_info[:2]} "
             f"{sorted(_OPTIONS['fastmath'])} {_OPTIONS['error_model']}".encode())
    dirs = {_ENGINE_DIR}
    if extra_file is not None:
        dirs.add(Path(extra_file).resolve().parent)
    files = sorted(f for d in dirs for f in d.glob("*.py"))
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _usable(path: str) -> bool:
    """A cache directory that can be written, or read-only but holding entries."""
    try:
        os.makedirs(path, exist_ok=True)
        tempfile.TemporaryFile(dir=path).close()
        return True
    except OSError:
        try:
            return any(name.endswith(".nbi") for name in os.listdir(path))
        except OSError:
            return False


class EngineCacheLocator(_CacheLocator):
    """Numba cache locator keyed on :func:`source_hash` (see the module docstring)."""

    def __init__(self, py_func, py_file: str, path: str):
        self._py_file = py_file
        self._lineno = py_func.__code__.co_firstlineno
        self._path = path

    def ensure_cache_path(self):
        os.makedirs(self._path, exist_ok=True)

    def get_cache_path(self) -> str:
        return self._path

    def get_source_stamp(self) -> str:
        return source_hash(self._py_file)

    def get_disambiguator(self) -> str:
        return str(self._lineno)

    @staticmethod
    def candidates(py_file: str) -> list[str]:
        """Cache directories for functions of ``py_file``, in order of preference."""
        stamp = source_hash(py_file)
        sub = _CacheLocator.get_suitable_cache_subpath(py_file)
        out = []
        if numba_config.CACHE_DIR:
            out.append(os.path.join(numba_config.CACHE_DIR, sub, stamp))
        out.append(os.path.join(os.path.dirname(py_file), "__pycache__", f"numba-{stamp}"))
        try:
            from numba.misc.appdirs import AppDirs

            out.append(os.path.join(AppDirs(appname="numba", appauthor=False).user_cache_dir,
                                    sub, stamp))
        except Exception:  # noqa: BLE001 - no user-wide directory on this platform
            pass
        return out

    @classmethod
    def from_function(cls, py_func, py_file):
        if not os.path.exists(py_file):
            return None
        for path in cls.candidates(py_file):
            if _usable(path):
                return cls(py_func, py_file, path)
        return None


class _EngineCacheImpl(CompileResultCacheImpl):
    _locator_classes = [EngineCacheLocator]


class EngineFunctionCache(FunctionCache):
    """Numba's function cache with :class:`EngineCacheLocator`; never fails a run."""

    _impl_class = _EngineCacheImpl

    def __init__(self, py_func, options_tag: str = ""):
        super().__init__(py_func)
        if options_tag:
            # Numba's index key ignores the compilation options: one Python function
            # compiled with two sets of options gets its own cache files per set
            self._cache_file = IndexDataCacheFile(
                cache_path=self._cache_path,
                filename_base=f"{self._impl.filename_base}.{options_tag}",
                source_stamp=self._impl.locator.get_source_stamp())

    def load_overload(self, sig, target_context):
        try:
            return super().load_overload(sig, target_context)
        except Exception:  # noqa: BLE001 - an unreadable entry is compiled afresh
            return None

    def save_overload(self, sig, data):
        try:
            super().save_overload(sig, data)
        except Exception:  # noqa: BLE001 - a cache that cannot be written is skipped
            pass


def _attach_cache(dispatcher, options: dict):
    extra = {k: v for k, v in options.items() if k not in _OPTIONS}
    tag = hashlib.sha256(repr(sorted(extra.items())).encode()).hexdigest()[:8] if extra else ""
    try:
        dispatcher._cache = EngineFunctionCache(dispatcher.py_func, tag)
    except RuntimeError:   # no usable cache directory: compile in memory only
        pass
    return dispatcher


def jit(func=None, **options):
    """``numba.njit`` with the engine's options and disk cache.

    Use as ``@jit``, ``@jit(inline="always")`` or ``@jit(parallel=True)``.
    """
    opts = {**_OPTIONS, "fastmath": set(_OPTIONS["fastmath"]), **options}

    def wrap(f):
        return _attach_cache(numba.njit(**opts)(f), opts)

    return wrap(func) if func is not None else wrap
