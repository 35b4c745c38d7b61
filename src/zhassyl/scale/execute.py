"""Running the chunks of a scale-up: in process or on ``dask.distributed``.

The representative fields are cut into chunks (:func:`chunks`); each chunk is
one task (:func:`zhassyl.scale.chunk.run_chunk`) returning per-stratum sums.
The client reduces them as they arrive into an :class:`Accumulator`, so its
memory does not grow with the number of fields, and keeps only a bounded
number of tasks in flight.  A chunk whose task fails (a worker dies, an
exception) is resubmitted up to ``retries`` times; the accumulator adds a
chunk's sums once, by chunk id, so a chunk is never counted twice.

The same scenario and seed give the same fields and weathers whatever runs
them; the totals of a run in process, on one worker or on two differ only by
the order of the floating-point additions.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from zhassyl.errors import ZhassylError
from zhassyl.i18n import _
from zhassyl.scale.chunk import Partial, run_chunk
from zhassyl.scale.config import ScaleScenario
from zhassyl.scale.sampling import FieldRange, SampleField, count_fields, plan


def default_chunk_fields(scenario: ScaleScenario) -> int:
    """Representative fields per chunk: enough for one engine call with daily outputs.

    A field runs ``climate_replicates x (1 + systems)`` engine fields (every
    replicate with its baseline).  Larger chunks share the fixed costs of a
    chunk (generated weather, RothC's equilibrium, the engine call) over more
    fields; a chunk's memory is bounded by the engine call's size
    (:data:`zhassyl.scenario.run.DAILY_CHUNK` engine fields) and its records.
    """
    from zhassyl.scenario.run import DAILY_CHUNK

    per_field = scenario.climate_replicates * (1 + len(scenario.systems))
    return max(1, DAILY_CHUNK // per_field)


Progress = Callable[[int, int], None]


def chunks(fields: Sequence[SampleField], size: int) -> list[list[SampleField]]:
    """``fields`` cut into consecutive chunks of at most ``size``."""
    return [list(fields[a:a + size]) for a in range(0, len(fields), max(1, size))]


def _size(part) -> int:
    return sum(p.stop - p.start if isinstance(p, FieldRange) else 1 for p in part)


@dataclass
class Accumulator:
    """Per-stratum sums of every chunk received, each chunk once."""

    total: Partial
    done: set[int] = field(default_factory=set)
    duplicates: int = 0

    def add(self, part: Partial) -> bool:
        """Add a chunk's sums unless that chunk was already added; True if added."""
        if part.chunk_id in self.done:
            self.duplicates += 1
            return False
        self.done.add(part.chunk_id)
        t = self.total
        t.rep_sum += part.rep_sum
        t.bar_sum += part.bar_sum
        t.bar_sq += part.bar_sq
        t.n += part.n
        return True


@dataclass(frozen=True)
class RunInfo:
    """How a run was executed (for the output's provenance)."""

    mode: str            # "in-process", "local-cluster", "scheduler"
    workers: int
    chunks: int
    resubmitted: int
    duplicates: int


def run_in_process(scenario: ScaleScenario, parts: Iterable[Sequence], total: int, *,
                   progress: Progress | None = None) -> tuple[Accumulator, RunInfo]:
    """Every chunk in this process, one after the other."""
    acc = Accumulator(Partial.zeros(scenario))
    done = n = 0
    for i, p in enumerate(parts):
        acc.add(run_chunk(scenario, p, i))
        done += _size(p)
        n += 1
        if progress is not None:
            progress(done, total)
    return acc, RunInfo("in-process", 1, n, 0, acc.duplicates)


def run_on_dask(scenario: ScaleScenario, parts: Iterable[Sequence], total: int, client, *,
                progress: Progress | None = None, retries: int = 3,
                in_flight: int | None = None, mode: str = "scheduler"
                ) -> tuple[Accumulator, RunInfo]:
    """Every chunk as a task on the Dask ``client``; sums reduced as they arrive.

    At most ``in_flight`` tasks (default twice the workers' threads, at least
    2) are pending at once.  A task that raises (a killed worker surfaces as
    ``KilledWorker`` after the scheduler's own retries) is resubmitted up to
    ``retries`` times.
    """
    from dask.distributed import as_completed

    acc = Accumulator(Partial.zeros(scenario))
    threads = sum(client.nthreads().values()) or 1
    window = in_flight or max(2, 2 * threads)
    attempts: dict[int, int] = {}
    pending: dict[int, Sequence] = {}            # chunks in flight (resubmitted on failure)
    resubmitted = 0
    run_id = uuid.uuid4().hex[:8]

    def submit(i: int):
        attempts[i] = attempts.get(i, 0) + 1
        return client.submit(run_chunk, scenario, pending[i], i, pure=False,
                             key=f"zhassyl-scale-{run_id}-{i}-{attempts[i]}")

    queue = enumerate(parts)
    ac = as_completed()
    owner = {}
    for i, part in queue:
        pending[i] = part
        fut = submit(i)
        owner[fut.key] = i
        ac.add(fut)
        if ac.count() >= window:
            break
    done = 0
    for fut in ac:
        i = owner.pop(fut.key)
        try:
            part = fut.result()
        except ZhassylError:
            raise                          # bad input: the same on every attempt
        except Exception as exc:
            fut.release()
            if attempts[i] > retries:
                raise ZhassylError(_(
                    "chunk {chunk} failed {n} times on the Dask cluster: {error} (do the "
                    "scheduler and the workers run in the same environment, with zhassyl "
                    "importable?)").format(chunk=i, n=attempts[i],
                                           error=str(exc).splitlines()[0] if str(exc)
                                           else type(exc).__name__)) from None
            resubmitted += 1
            again = submit(i)
            owner[again.key] = i
            ac.add(again)
            continue
        fut.release()
        if acc.add(part):
            done += _size(pending[i])
            if progress is not None:
                progress(done, total)
        del pending[i]
        nxt = next(queue, None)
        if nxt is not None:
            pending[nxt[0]] = nxt[1]
            f2 = submit(nxt[0])
            owner[f2.key] = nxt[0]
            ac.add(f2)
    return acc, RunInfo(mode, len(client.nthreads()), len(attempts), resubmitted,
                        acc.duplicates)


def local_cluster(workers: int):
    """A ``LocalCluster`` of ``workers`` single-threaded processes.

    Each worker is one core: its compiled kernels (the engine's and RothC's
    parallel loops) run on one thread (``NUMBA_NUM_THREADS=1``), so that N
    workers use N cores and do not compete for them.  Its HTTP server (and
    dashboard, when bokeh is installed) takes a free port.
    """
    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        dashboard_address=":0", env={"NUMBA_NUM_THREADS": "1"})


def run_scale(scenario: ScaleScenario, fields: Sequence[SampleField] | None = None, *,
              workers: int = 1, scheduler: str | None = None, use_dask: bool = True,
              client=None, chunk_fields: int | None = None,
              progress: Progress | None = None) -> tuple[Accumulator, RunInfo]:
    """Run every field of the design: in process, on a LocalCluster, or on ``scheduler``.

    Parameters
    ----------
    workers : int
        Worker processes of the LocalCluster started when neither ``scheduler``
        nor ``client`` is given.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://127.0.0.1:8786``).
    use_dask : bool
        False: in process, no Dask.
    client : dask.distributed.Client, optional
        An existing client (tests).
    fields : list of SampleField, optional
        Fields to run (tests: a full enumeration); default the design
        (:func:`zhassyl.scale.sampling.plan`), made chunk by chunk on the workers.
    chunk_fields : int, optional
        Representative fields per chunk (default :func:`default_chunk_fields`).
    """
    chunk_fields = chunk_fields or default_chunk_fields(scenario)
    if fields is None:
        parts: Iterable[Sequence] = plan(scenario, chunk_fields)
        total = count_fields(scenario)
    else:
        parts, total = chunks(fields, chunk_fields), len(fields)
    if not use_dask:
        return run_in_process(scenario, parts, total, progress=progress)
    if client is not None:
        return run_on_dask(scenario, parts, total, client, progress=progress)
    from dask.distributed import Client

    if scheduler:
        try:
            c = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ZhassylError(_("cannot reach the Dask scheduler {address}: {error}").format(
                address=scheduler, error=exc)) from None
        with c:
            return run_on_dask(scenario, parts, total, c, progress=progress, mode="scheduler")
    with local_cluster(workers) as cluster, Client(cluster) as c:
        return run_on_dask(scenario, parts, total, c, progress=progress,
                           mode="local-cluster")


def region_totals(scenario: ScaleScenario, acc: Accumulator) -> list[dict]:
    """Rows per region and year and for the nation (``region`` = ``national``).

    Each quantity: the estimate (mean over climate replicates of the
    stratified total), ``_p10``/``_p90`` over the replicates and ``_se`` the
    sampling standard error (:func:`zhassyl.scale.sampling.stratified_total`).
    The area converted is not modelled (no spread).
    """
    from zhassyl.scale.chunk import VARIABLES
    from zhassyl.scale.sampling import stratified_total

    t = acc.total
    strata = scenario.strata
    area = np.array([s.area_ha for s in strata])
    n = t.n.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_ha = np.where(n[:, None, None, None] > 0,
                          t.rep_sum / np.where(n > 0, n, 1)[:, None, None, None], 0.0)
    groups = [(r.id, np.array([s.region == r.id for s in strata])) for r in scenario.regions]
    groups.append(("national", np.ones(len(strata), dtype=bool)))
    rows = []
    for name, mask in groups:
        reps = (area[mask, None, None, None] * per_ha[mask]).sum(axis=0)   # (R, V, Y)
        est, se = stratified_total(area[mask], t.n[mask], t.bar_sum[mask], t.bar_sq[mask])
        p10 = np.percentile(reps, 10, axis=0)
        p90 = np.percentile(reps, 90, axis=0)
        for k in range(scenario.years):
            row = {"region": name, "year": scenario.start_year + k}
            for v, var in enumerate(VARIABLES):
                row[var] = float(est[v, k])
            for v, var in enumerate(VARIABLES):
                if var == "area_converted_ha":
                    continue
                row[f"{var}_p10"] = float(p10[v, k])
                row[f"{var}_p90"] = float(p90[v, k])
                row[f"{var}_se"] = float(se[v, k])
            rows.append(row)
    return rows
