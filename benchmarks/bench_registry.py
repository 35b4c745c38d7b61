"""Benchmark: import 10,000 farms / 50,000 fields / 200,000 observations (not a test).

Usage::

    .venv/bin/python benchmarks/bench_registry.py [--scale 1.0] [--postgres URL]

Generates synthetic rows in memory, writes them as CSV files, then times
``zhassyl db import`` of the directory (validation + one transaction) into a
fresh SQLite file and, with ``--postgres`` (or ``$ZHASSYL_TEST_POSTGRES_URL``),
into a fresh PostgreSQL database.  Prints one line per backend.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from zhassyl.registry.db import connect, migrate
from zhassyl.registry.importexport import import_path
from zhassyl.registry.policy import Actor

ACTOR = Actor("benchmark", "director")


def write_inputs(directory: Path, scale: float) -> dict[str, int]:
    """CSV files for regions .. soil_samples with the benchmark's row counts."""
    rnd = random.Random(1)
    n_farms, n_fields, n_obs = int(10_000 * scale), int(50_000 * scale), int(200_000 * scale)

    def dump(name, header, rows):
        with open(directory / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    dump("regions", ["id", "code", "name"], [[1, "kyzylorda", "Kyzylorda"]])
    dump("communities", ["id", "region_id", "name", "founding"], [[1, 1, "Bench", "true"]])
    dump("farms", ["id", "community_id", "name", "household_size", "head_gender", "size_ha",
                   "irrigated_ha"],
         [[i, 1, f"Farm {i}", 5, rnd.choice(("female", "male")), 50, 40]
          for i in range(1, n_farms + 1)])
    rows = []
    for i in range(1, n_fields + 1):
        lon, lat = 60 + (i % 1000) * 0.01, 40 + (i // 1000) * 0.01
        d = 0.002
        ring = (f'[[{lon},{lat}],[{lon + d},{lat}],[{lon + d},{lat + d}],[{lon},{lat + d}],'
                f'[{lon},{lat}]]')
        rows.append([i, (i - 1) % n_farms + 1, f"F{i}",
                     f'{{"type":"Polygon","coordinates":[{ring}]}}', 3.5, "loam", "canal"])
    dump("fields", ["id", "farm_id", "name", "geometry", "declared_area_ha", "soil_texture",
                    "water_source"], rows)
    dump("soil_samples", ["id", "field_id", "sampled_on", "depth_cm", "soc_pct", "ece_ds_m",
                          "ph"],
         [[i, (i - 1) % n_fields + 1, f"2017-0{1 + i % 9}-15", 30,
           round(rnd.uniform(0.5, 1.5), 2), round(rnd.uniform(2, 12), 1), 8.0]
          for i in range(1, n_obs + 1)])
    return {"farms": n_farms, "fields": n_fields, "observations": n_obs}


def run(url: str, inputs: Path) -> float:
    reg = connect(url)
    migrate(reg.engine)
    start = time.perf_counter()
    with reg.session(ACTOR) as s:
        import_path(s, ACTOR, inputs)
    elapsed = time.perf_counter() - start
    reg.engine.dispose()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--postgres", default=os.environ.get("ZHASSYL_TEST_POSTGRES_URL"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        counts = write_inputs(tmp / "in", args.scale)
        print(f"rows: {counts}")
        seconds = run(f"sqlite:///{tmp / 'bench.db'}", tmp / "in")
        print(f"sqlite      import: {seconds:8.1f} s")
        if args.postgres:
            name = f"zhassyl_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(make_url(args.postgres).set(database="postgres"),
                                  isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(text(f"CREATE DATABASE {name}"))
            try:
                url = make_url(args.postgres).set(database=name).render_as_string(
                    hide_password=False)
                seconds = run(url, tmp / "in")
                print(f"postgresql  import: {seconds:8.1f} s")
            finally:
                with admin.connect() as c:
                    c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


if __name__ == "__main__":
    main()
