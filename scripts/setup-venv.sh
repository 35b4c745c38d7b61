#!/usr/bin/env bash
# Create .venv if missing and install the package with the given extras ("" or "test").
# Needs only python3 (with venv; installed from apt when missing) and pip.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "python3-venv is missing: installing it with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq python3-venv
fi
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
fi
spec="."
[ -n "$extras" ] && spec=".[${extras}]"
stamp=".venv/.installed-${extras:-run}"
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    .venv/bin/python -m pip install --quiet -e "$spec"
    echo "$want" > "$stamp"
fi
# Compile the engine now (or check that the cache holds the current code), so that the first
# simulation after set-up does not wait a minute for Numba (see scripts/warm_up.py).
.venv/bin/python scripts/warm_up.py
