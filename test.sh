#!/usr/bin/env bash
# Set up (first time) and run the linters and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup-venv.sh test
.venv/bin/ruff check src tests benchmarks scripts
# pytest exits 5 when no test was collected: that is a failure too.
.venv/bin/python -m pytest -q "$@"
