"""A one-line notice on standard error when Numba compiles the engine (first run only).

The engine's kernels are cached on disk after their first compilation
(``engine/jit.py``); the first run in a fresh installation spends a minute or
two compiling, silently.  :func:`compile_notice` listens to Numba's
``numba:compile`` event, which Numba raises only on a cache miss (a kernel
loaded from the cache raises none), and prints one line the first time.  It
lives in the command line: the engine itself prints nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from zhassyl.i18n import _


@contextmanager
def compile_notice(stream=None) -> Iterator[None]:
    """Print "compiling the engine (first run only)…" once if Numba compiles in the block."""
    try:
        from numba.core import event
    except ImportError:  # pragma: no cover - numba is a dependency
        yield
        return
    out = stream if stream is not None else sys.stderr
    shown = []

    class _Notice(event.Listener):
        def on_start(self, ev):
            if not shown:
                shown.append(True)
                print(_("compiling the engine (first run only; a minute or two)…"), file=out,
                      flush=True)

        def on_end(self, ev):
            pass

    with event.install_listener("numba:compile", _Notice()):
        yield
