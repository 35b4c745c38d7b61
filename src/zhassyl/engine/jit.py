"""The one place where the engine's Numba compilation options are set.

``error_model="numpy"`` drops Python's division checks; the fast-math subset
allows contraction (FMA), reciprocal approximation, no signed zeros and fast
library functions, but keeps NaN/Inf semantics and the order of additions
(no ``nnan``, ``ninf``, ``reassoc``), so balances still close to 1e-9.
Kernels are cached on disk after their first compilation.
"""

from __future__ import annotations

from functools import partial

import numba

FASTMATH = frozenset({"nsz", "arcp", "contract", "afn"})

#: ``@jit`` / ``@jit(inline="always")`` / ``@jit(parallel=True)``
jit = partial(numba.njit, cache=True, error_model="numpy", fastmath=set(FASTMATH))
