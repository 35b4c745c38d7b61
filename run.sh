#!/usr/bin/env bash
# Set up (first time) and run the main job on the embedded defaults.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup-venv.sh
exec .venv/bin/zhassyl demo "$@"
