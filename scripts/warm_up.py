"""Fill Numba's disk cache so that the first simulation after set-up answers at once.

Run by ``scripts/setup-venv.sh`` after installing the package: it simulates one
benchmark field (:func:`zhassyl.engine.bench.build_case`) through the public
:func:`zhassyl.engine.simulate.simulate`, which compiles the engine's kernel
(about a minute) or, when the cache already holds the current code, loads it
(about a second).  Every caller of the engine shares this one compiled
specialisation (see :func:`zhassyl.engine.kernel.run_fields`), and the cache is
keyed on the engine's source (see :mod:`zhassyl.engine.jit`), so a code change
is recompiled here, not at the user's first run.  RothC's compiled month step
is warmed the same way.
"""

from __future__ import annotations

import sys
import time


def warm_up() -> float:
    """Compile (or load) every compiled kernel once; return the seconds taken."""
    t0 = time.perf_counter()
    from zhassyl.engine.simulate import simulate
    from zhassyl.scenario.bench import build_case

    case = build_case(1, 1)
    simulate(case.fields, case.weather, daily=True, max_cuts=case.max_cuts)
    from zhassyl.carbon.rothc import warm_up as rothc_warm_up

    rothc_warm_up()
    return time.perf_counter() - t0


if __name__ == "__main__":
    seconds = warm_up()
    print(f"zhassyl: compiled engine ready ({seconds:.1f} s)", file=sys.stderr)
