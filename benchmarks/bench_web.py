"""Benchmark: the web app under 20 concurrent clients on loopback (not a test).

Usage::

    .venv/bin/python benchmarks/bench_web.py [--scale 1.0] [--clients 20] [--seconds 30]

Imports 10,000 farms, 50,000 fields and 200,000 soil samples (``bench_registry``'s
synthetic rows, ``--scale`` multiplies them) into a fresh SQLite file, starts
``zhassyl serve`` on it (one process, engine warmed), signs ``--clients`` clients
in (staff role), and lets them request, for ``--seconds`` seconds, the dashboard,
the farm list (a random page), a random field page and a 5-year single-field
scenario (``POST /api/scenarios``, one system, one weather seed) in turn.
Prints p50/p95 per request kind.  Goals (issue 14): p95 < 300 ms for the pages,
< 1 s for the scenario.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench_registry import ACTOR, write_inputs
from zhassyl.registry import users
from zhassyl.registry.db import connect, migrate
from zhassyl.registry.importexport import import_path

PASSWORD = "benchmark-password"


def prepare(db: Path, scale: float) -> dict[str, int]:
    """Import the synthetic programme and add a staff account; return the row counts."""
    with tempfile.TemporaryDirectory() as tmp:
        counts = write_inputs(Path(tmp), scale)
        reg = connect(f"sqlite:///{db}")
        migrate(reg.engine)
        start = time.perf_counter()
        with reg.session(ACTOR) as s:
            import_path(s, ACTOR, tmp)
            users.add_user(s, ACTOR, "bench", "staff", PASSWORD)
        counts["import_s"] = round(time.perf_counter() - start, 1)
        reg.engine.dispose()
    return counts


def prepared(db: Path) -> dict[str, int]:
    """Row counts of a registry :func:`prepare` made earlier."""
    from sqlalchemy import func, select

    from zhassyl.registry import models as m

    reg = connect(f"sqlite:///{db}")
    with reg.sessions() as s:
        counts = {"farms": s.scalar(select(func.count()).select_from(m.Farm)),
                  "fields": s.scalar(select(func.count()).select_from(m.Field)),
                  "observations": s.scalar(select(func.count()).select_from(m.SoilSample)),
                  "import_s": 0.0}
    reg.engine.dispose()
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def client_loop(base: str, n_farms: int, n_fields: int, until: float,
                      timings: dict[str, list[float]], think_s: float, record_from: float
                      ) -> None:
    rnd = random.Random()
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        page = await c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = await c.post("/login", data={"username": "bench", "password": PASSWORD,
                                         "csrf_token": token, "next": "/"})
        assert r.status_code in (200, 303), r.status_code
        bearer = (await c.post("/api/token", data={"username": "bench",
                                                   "password": PASSWORD})).json()
        headers = {"Authorization": f"Bearer {bearer['access_token']}"}
        k = 0
        while time.monotonic() < until:
            kind = ("dashboard", "farm list", "field page", "scenario 5 y")[k % 4]
            k += 1
            start = time.perf_counter()
            started = time.monotonic()
            if kind == "dashboard":
                r = await c.get("/")
            elif kind == "farm list":
                r = await c.get(f"/farms?page={rnd.randint(1, max(1, n_farms // 25))}")
            elif kind == "field page":
                r = await c.get(f"/fields/{rnd.randint(1, n_fields)}")
            else:
                r = await c.post("/api/scenarios", headers=headers, json={
                    "region": "kyzylorda", "systems": ["green-cover-alfalfa"], "years": 5,
                    "field_id": rnd.randint(1, n_fields)})
            elapsed = time.perf_counter() - start
            assert r.status_code == 200, (kind, r.status_code, r.text[:200])
            if started >= record_from:
                timings.setdefault(kind, []).append(elapsed)
            if think_s:
                await asyncio.sleep(rnd.uniform(0.5, 1.5) * think_s)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument("--warmup", type=float, default=5.0,
                    help="seconds of requests before the timed window (not recorded)")
    ap.add_argument("--think-ms", type=float, default=0.0,
                    help="pause of each client between requests (0: back to back)")
    ap.add_argument("--db", type=Path, default=None,
                    help="keep the imported registry in this SQLite file and reuse it when "
                         "it exists (the import takes minutes)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        counts = prepared(db) if args.db and db.exists() else prepare(db, args.scale)
        print(f"rows: farms {counts['farms']}, fields {counts['fields']}, "
              f"soil samples {counts['observations']}; import {counts['import_s']} s")
        port = free_port()
        env = {**os.environ, "ZHASSYL_DATABASE_URL": f"sqlite:///{db}"}
        server = subprocess.Popen([sys.executable, "-m", "zhassyl", "serve", "--port",
                                   str(port), "--workers", str(args.workers)], env=env,
                                  stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(1200):
                try:
                    if httpx.get(base + "/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            timings: dict[str, list[float]] = {}
            record_from = time.monotonic() + args.warmup
            until = record_from + args.seconds

            async def run_all():
                await asyncio.gather(*(client_loop(base, counts["farms"], counts["fields"],
                                                   until, timings, args.think_ms / 1000,
                                                   record_from)
                                       for _ in range(args.clients)))

            asyncio.run(run_all())
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{args.clients} clients, {args.seconds:.0f} s, {args.workers} server process(es), "
          f"think time {args.think_ms:.0f} ms (loopback, {os.cpu_count()} CPUs)")
    print(f"{'request':14s} {'n':>6s} {'p50 ms':>8s} {'p95 ms':>8s}  goal")
    for kind, values in timings.items():
        q = statistics.quantiles(values, n=20, method="inclusive")
        goal = 1000 if kind.startswith("scenario") else 300
        verdict = "met" if 1000 * q[18] < goal else "NOT met"
        print(f"{kind:14s} {len(values):6d} {1000 * statistics.median(values):8.0f} "
              f"{1000 * q[18]:8.0f}  p95 < {goal} ms: {verdict}")


if __name__ == "__main__":
    main()
