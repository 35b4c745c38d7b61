# ruff: noqa: F811 - pytest fixtures imported from test_registry_support
"""Durability: SIGKILL an importing process mid-import; nothing partial is stored and
everything committed before survives (SQLite WAL with synchronous=FULL; PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from test_registry_support import (  # noqa: F401 - fixtures
    DIRECTOR,
    backend,
    databases,
    demo_registry,
    demo_url,
)
from zhassyl.registry import repositories as repo
from zhassyl.registry.backup import checksum

CHILD = r"""
import sys, time, pathlib
from zhassyl.registry import importexport
from zhassyl.registry.db import connect
from zhassyl.registry.policy import Actor

url, marker = sys.argv[1], pathlib.Path(sys.argv[2])
original = importexport._insert_chunk
calls = []

def slow_insert(session, table, rows):
    original(session, table, rows)
    calls.append(table)
    if len(calls) == 3:          # several chunks are written but not committed
        marker.write_text("inserted")
        time.sleep(60)           # the parent kills us here

importexport._insert_chunk = slow_insert
importexport.CHUNK = 50
actor = Actor("killed-import", "staff")
reg = connect(url)
rows = [("gen", k + 2, {"id": 10000 + k, "region_id": 1, "name": f"D{k}"}) for k in range(400)]
with reg.session(actor) as s:
    importexport.import_batch(s, actor, {"districts": rows})
print("committed")  # never reached
"""


def test_sigkill_mid_import_loses_nothing_committed(demo_registry, demo_url, tmp_path):
    # a change committed before the import must survive
    with demo_registry.session(DIRECTOR) as s:
        repo.update_record(s, DIRECTOR, "farms", 4, {"name": "committed before the kill"})
    before = checksum(demo_registry.engine)
    demo_registry.engine.dispose()
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, demo_url, str(marker)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"child did not reach the import: {proc.communicate()[1].decode()}")
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.2)  # PostgreSQL notices the dropped connection and rolls back
    assert checksum(demo_registry.engine) == before
    with demo_registry.session(DIRECTOR) as s:
        assert repo.get_record(s, DIRECTOR, "farms", 4)["name"] == "committed before the kill"
        assert not repo.list_records(s, DIRECTOR, "districts", name="D0")
        # the database is still writable (no stale lock left behind)
        repo.update_record(s, DIRECTOR, "farms", 4, {"name": "after the kill"})
